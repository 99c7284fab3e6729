"""The election record as frozen values (RECORD.md "Record").

Everything here is already validated by `counting.record.parse_record`; the rest of the
core can trust it (ids exist, counts are non-negative integers, marks are known).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from counting.rules import Body, Rules

Mark = Literal["yes", "no", "abstain", "unreadable"]
WriteInMark = Literal["yes", "no", "none"]
Role = Literal["secretary", "deputy_secretary", "member", "chair", "vice_chair"]
RoundKind = Literal["regular", "tie_break", "supplementary"]

ROLES: tuple[Role, ...] = ("secretary", "deputy_secretary", "member", "chair", "vice_chair")
MARKS: tuple[Mark, ...] = ("yes", "no", "abstain", "unreadable")
WRITE_IN_MARKS: tuple[WriteInMark, ...] = ("yes", "no", "none")
ROUND_KINDS: tuple[RoundKind, ...] = ("regular", "tie_break", "supplementary")


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    name: str
    seats: int
    role: Role
    women_only: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str
    surname: str | None
    gender: Literal["F", "M"] | None
    posts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An approved exclusion from 应到 (RULES.md §2)."""

    count: int
    reason: str


@dataclass(frozen=True, slots=True)
class Attendance:
    """Party and supervisory bodies give entitled/excluded/present; 村/居 give registered."""

    entitled: int | None = None
    exclusions: tuple[Exclusion, ...] = ()
    present: int | None = None
    registered: int | None = None

    @property
    def excluded(self) -> int:
        return sum(e.count for e in self.exclusions)

    @property
    def expected(self) -> int | None:
        """应到 = entitled − excluded (RULES.md §2)."""
        return None if self.entitled is None else self.entitled - self.excluded


@dataclass(frozen=True, slots=True)
class WriteIn:
    name: str
    mark: WriteInMark


@dataclass(frozen=True, slots=True)
class Ballot:
    """One returned ballot. A candidate missing from `marks[post]` is an abstention."""

    marks: Mapping[str, Mapping[str, Mark]]
    write_ins: Mapping[str, tuple[WriteIn, ...]]
    void: bool = False


@dataclass(frozen=True, slots=True)
class PostTotals:
    """Hand-counted aggregates for one post (RECORD.md `totals`)."""

    invalid: int
    yes: Mapping[str, int]
    no: Mapping[str, int]
    write_ins: Mapping[str, int]


BoxKind = Literal["main", "station", "mobile"]
BOX_KINDS: tuple[BoxKind, ...] = ("main", "station", "mobile")


@dataclass(frozen=True, slots=True)
class Box:
    """A ballot box: the 中心会场's, a 投票站's or a 流动票箱 (RULES.md §3 "Boxes")."""

    id: str
    issued: int
    returned: int
    kind: BoxKind | None = None
    name: str | None = None
    # A box counted on its own (RECORD.md): its ballots, or its hand-counted totals.
    ballots: tuple[Ballot, ...] | None = None
    totals: Mapping[str, PostTotals] | None = None
    ballots_void: int = 0

    @property
    def counted_apart(self) -> bool:
        return self.ballots is not None or self.totals is not None

    @property
    def is_main(self) -> bool:
        """The central venue's box: `kind` main, or, without a kind, the id "main"."""
        return self.kind == "main" if self.kind is not None else self.id == "main"


@dataclass(frozen=True, slots=True)
class Contest:
    """What a round contests for one post: how many seats, among which candidate ids."""

    post: str
    seats: int
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decisions:
    """What the meeting decided after the count (RULES.md §6.4)."""

    reduce_seats: Mapping[str, int]
    decided_by: str | None = None


@dataclass(frozen=True, slots=True)
class Round:
    id: str
    kind: RoundKind
    contests: tuple[Contest, ...]
    attendance: Attendance
    ballots_issued: int
    ballots_returned: int
    boxes: tuple[Box, ...]
    ballots: tuple[Ballot, ...] | None
    totals: Mapping[str, PostTotals] | None
    ballots_void: int
    decisions: Decisions

    def contest(self, post: str) -> Contest | None:
        return next((c for c in self.contests if c.post == post), None)


@dataclass(frozen=True, slots=True)
class CommitteeMember:
    """An elected 委员 named in a `party_plenary` record (RECORD.md `election.committee`)."""

    name: str
    surname: str | None = None
    gender: Literal["F", "M"] | None = None
    candidate: str | None = None  # the candidate id, when the member stands in this plenary


@dataclass(frozen=True, slots=True)
class Record:
    title: str
    body: Body
    rules: Rules
    posts: tuple[Post, ...]
    candidates: tuple[Candidate, ...]
    rounds: tuple[Round, ...]
    ineligible: frozenset[str] = frozenset()
    committee: tuple[CommitteeMember, ...] | None = None  # party_plenary: who may be written in

    def post(self, post_id: str) -> Post:
        return next(p for p in self.posts if p.id == post_id)

    def candidate(self, candidate_id: str) -> Candidate:
        return next(c for c in self.candidates if c.id == candidate_id)
