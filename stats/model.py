"""What the statistics of CAMPAIGN.md §4 read: units, their elections, the elected and who
they are. Frozen values, built by the caller from the stored elections and person data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

Group = Literal["party", "committee", "supervisory"]
# The committee a body elects: 党组织 (支部委员会 and its first plenary), 村/居委会, 监委会.
BODY_GROUP: dict[str, Group] = {
    "party_branch": "party", "party_plenary": "party",
    "villagers_committee": "committee", "residents_committee": "committee",
    "supervisory_committee": "supervisory",
}
UNIT_KINDS = ("county", "township", "village", "community")
VOTING_KINDS = ("village", "community")


@dataclass(frozen=True, slots=True)
class Person:
    """One person of a unit; `key` is their identity inside it (the same key in every
    election of the unit makes 一肩挑, 交叉任职 and 连任 computable)."""

    key: str
    name: str
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    education: str | None = None
    political_status: str | None = None
    # The committees the person sat on in the last term (their current posts before the vote).
    previous_groups: frozenset[Group] = frozenset()


@dataclass(frozen=True, slots=True)
class Seat:
    """One place won: who, the post's role and name, the votes and the ballots of its count."""

    person: Person
    role: str
    post: str
    votes: int
    ballots: int


@dataclass(frozen=True, slots=True)
class Election:
    body: str
    held: bool = False
    held_on: date | None = None
    # CAMPAIGN.md §4 — complete after the first regular round (no tie-break, 另行选举, repeat).
    first_round_complete: bool = False
    complete: bool = False
    registered: int = 0
    voted: int = 0
    expected: int = 0
    present: int = 0
    seats: int = 0
    candidates: int = 0
    direct: bool = False
    elected: tuple[Seat, ...] = ()

    @property
    def group(self) -> Group:
        return BODY_GROUP[self.body]


@dataclass(frozen=True, slots=True)
class Unit:
    id: int
    name: str
    kind: str
    parent_id: int | None = None
    one_shoulder_planned: bool = False
    elections: tuple[Election, ...] = ()
    # The previous term's counts as entered (keys of `stats.counts.COUNT_KEYS`).
    previous: Mapping[str, int] | None = None
