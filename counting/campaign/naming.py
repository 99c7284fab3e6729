"""Naming ballots: each voter writes up to a limit of names per post (CAMPAIGN.md §1).

Both the 两推 recommendation ballot and the 海推 nomination ballot are of this kind. They
are counted per ballot or taken as hand-counted totals, as for votes (RECORD.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class NominationPost:
    id: str
    name: str
    role: str  # secretary, deputy_secretary, member (两推); chair, vice_chair, member (海推)
    seats: int
    limit: int  # the most names per ballot section


@dataclass(frozen=True, slots=True)
class NamingBallot:
    """One returned ballot: the person ids named per post; `void` when the 监票人 voided it."""

    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    void: bool = False


@dataclass(frozen=True, slots=True)
class NamingTotals:
    """A post's hand-counted totals: invalid sections and votes per person."""

    invalid: int = 0
    votes: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NamingCount:
    """What one post's sections gave: valid and invalid sections, votes per person."""

    limit: int
    sections_valid: int
    sections_invalid: int
    votes: Mapping[str, int]


def section_is_valid(names: tuple[str, ...], limit: int) -> bool:
    """CAMPAIGN.md §1 — a section naming more than the limit is invalid (a blank one is valid)."""
    return len(names) <= limit


def tally_naming_ballots(
    ballots: Iterable[NamingBallot], limits: Mapping[str, int]
) -> dict[str, NamingCount]:
    """Count naming ballots per post; `limits` gives each post's most names per ballot."""
    valid = dict.fromkeys(limits, 0)
    invalid = dict.fromkeys(limits, 0)
    votes: dict[str, dict[str, int]] = {post: {} for post in limits}
    for ballot in ballots:
        for post, limit in limits.items():
            names = ballot.names.get(post, ())
            if ballot.void or not section_is_valid(names, limit):
                invalid[post] += 1
                continue
            valid[post] += 1
            for person in names:
                votes[post][person] = votes[post].get(person, 0) + 1
    return {
        post: NamingCount(limit, valid[post], invalid[post], votes[post])
        for post, limit in limits.items()
    }


def naming_totals(
    totals: Mapping[str, NamingTotals], returned: int, limits: Mapping[str, int]
) -> dict[str, NamingCount]:
    """Hand-counted totals as counts (the record reader has checked that they can be true)."""
    out = {}
    for post, limit in limits.items():
        t = totals.get(post, NamingTotals())
        votes = {person: n for person, n in t.votes.items() if n > 0}
        out[post] = NamingCount(limit, returned - t.invalid, t.invalid, votes)
    return out


def count_naming(
    limits: Mapping[str, int],
    returned: int,
    ballots: Iterable[NamingBallot] | None = None,
    totals: Mapping[str, NamingTotals] | None = None,
) -> dict[str, NamingCount]:
    """Per-ballot entries or hand-counted totals (exactly one of them), counted per post."""
    if ballots is not None:
        return tally_naming_ballots(ballots, limits)
    assert totals is not None, "a meeting gives its ballots or its totals"
    return naming_totals(totals, returned, limits)
