"""Ranking people by a score, and the cut of a list at a number with the ties at it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from counting.count import NameKey
from counting.people import Person

NameOrder = Callable[[Person], Any]  # 姓氏笔画 order (RULES.md §7) for equal scores


def person_order(name_key: NameKey, single_given_name_first: bool = True) -> NameOrder:
    """A person's 姓氏笔画 key from `name_key` (as `count` takes it), computed once each."""
    keys: dict[Person, Any] = {}

    def order(p: Person) -> Any:
        if p not in keys:
            keys[p] = name_key(p.name, p.surname, single_given_name_first)
        return keys[p]

    return order


def ranked(scores: Mapping[Person, int], name_order: NameOrder) -> list[tuple[Person, int, int]]:
    """(person, score, rank) by score descending, equal scores in name order; equal scores
    share a rank (1, 2, 2, 4)."""
    order = sorted(scores, key=lambda p: (-scores[p], name_order(p)))
    rows: list[tuple[Person, int, int]] = []
    for i, person in enumerate(order):
        same = rows and rows[-1][1] == scores[person]
        rows.append((person, scores[person], rows[-1][2] if same else i + 1))
    return rows


@dataclass(frozen=True, slots=True)
class Cut:
    """A ranked list cut at `wanted`: `above` are in for sure, `tied` share the score at the
    cut. Everyone fits when `len(above) + len(tied) <= wanted`."""

    above: tuple[Person, ...]
    tied: tuple[Person, ...]
    wanted: int

    @property
    def fits(self) -> bool:
        return len(self.above) + len(self.tied) <= self.wanted

    @property
    def everyone(self) -> tuple[Person, ...]:
        return self.above + self.tied

    @property
    def missing(self) -> int:
        return max(0, self.wanted - len(self.everyone))


def cut_at(rows: list[tuple[Person, int, int]], wanted: int) -> Cut:
    """The first `wanted` of `rows` (ranked), everyone tied with the last of them included."""
    if len(rows) <= wanted:
        return Cut(tuple(p for p, _, _ in rows), (), wanted)
    if wanted == 0:
        return Cut((), (), wanted)
    at_cut = rows[wanted - 1][1]
    above = tuple(p for p, score, _ in rows if score > at_cut)
    tied = tuple(p for p, score, _ in rows if score == at_cut)
    return Cut(above, tied, wanted)
