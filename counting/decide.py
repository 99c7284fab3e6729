"""From votes to seats: threshold, ranking, boundary ties, unfilled seats (RULES.md §6)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from counting.people import Person

Status = Literal["elected", "tie", "qualified", "not_elected"]
SortKey = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Tie:
    candidates: tuple[Person, ...]
    seats: int


@dataclass(frozen=True, slots=True)
class Decision:
    elected: tuple[Person, ...]
    tie: Tie | None
    unfilled: int
    status: Mapping[Person, Status]


def rank(votes: Mapping[Person, int], name_order: Callable[[Person], SortKey]) -> list[Person]:
    """By votes, most first; equal votes in 姓氏笔画 order (a display order, never a tie-break)."""
    return sorted(votes, key=lambda p: (-votes[p], name_order(p)))


def decide(
    votes: Mapping[Person, int], seats: int, threshold: int, name_order: Callable[[Person], SortKey]
) -> Decision:
    """RULES.md §6: qualifiers by votes; a tie across the cut goes to a tie-break round."""
    ranked = rank(votes, name_order)
    qualifiers = [p for p in ranked if votes[p] >= threshold]
    status: dict[Person, Status] = dict.fromkeys(ranked, "not_elected")
    if len(qualifiers) <= seats:
        for p in qualifiers:
            status[p] = "elected"
        return Decision(tuple(qualifiers), None, seats - len(qualifiers), status)
    cut = votes[qualifiers[seats - 1]]
    above = [p for p in qualifiers if votes[p] > cut]
    at_cut = [p for p in qualifiers if votes[p] == cut]
    for p in qualifiers:
        status[p] = "qualified"
    for p in above:
        status[p] = "elected"
    if len(above) + len(at_cut) <= seats:  # the cut falls between two vote counts
        for p in at_cut:
            status[p] = "elected"
        return Decision(tuple(above + at_cut), None, 0, status)
    # RULES.md §6.3 — the tied at the boundary contest exactly the seats left.
    for p in at_cut:
        status[p] = "tie"
    return Decision(tuple(above), Tie(tuple(at_cut), seats - len(above)), 0, status)


def top_with_ties(ranked: Sequence[Person], votes: Mapping[Person, int], n: int) -> list[Person]:
    """The first n by votes, and everyone tied with the n-th (RULES.md §3, §6.4)."""
    if len(ranked) <= n:
        return list(ranked)
    cut = votes[ranked[n - 1]]
    return [p for p in ranked if votes[p] >= cut]
