"""两推: the recommendation meetings of a party election and the 初步人选 (CAMPAIGN.md §1).

`tally_recommendations` counts each meeting (validity, then its naming ballots);
`decide_nominees` combines the meetings into a score per person and post and cuts the
ranked list at the number of 初步人选.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from counting.campaign.naming import (
    NamingBallot,
    NamingCount,
    NamingTotals,
    NominationPost,
    count_naming,
)
from counting.campaign.ranking import NameOrder, cut_at, person_order, ranked
from counting.count import NameKey
from counting.gates import Check, majority_threshold
from counting.people import Person

MeetingKind = Literal["representatives", "members"]
MEETING_KINDS: tuple[MeetingKind, ...] = ("representatives", "members")
MEETING_NAMES: Mapping[str, str] = {
    "representatives": "群众推荐（村/居民代表会议）",
    "members": "党员推荐（党员大会）",
}
ThresholdMode = Literal["combined_half", "each_meeting_half", "none"]
THRESHOLD_MODES: tuple[ThresholdMode, ...] = ("combined_half", "each_meeting_half", "none")
OutReason = Literal["below_threshold", "below_cut"]


def default_recommend_limit(role: str, seats: int) -> int:
    """CAMPAIGN.md §1 ⚙ recommend_limit: 书记 1, 副书记 1, 委员 seats + 1."""
    return 1 if role in ("secretary", "deputy_secretary") else seats + 1


@dataclass(frozen=True, slots=True)
class RecommendationRules:
    weights: Mapping[str, int] = field(default_factory=lambda: {"representatives": 1, "members": 1})
    nominee_threshold: ThresholdMode = "combined_half"
    nominee_surplus_percent: int = 20


@dataclass(frozen=True, slots=True)
class Meeting:
    """One recommendation meeting: attendance, and its ballots or hand-counted totals."""

    kind: MeetingKind
    expected: int
    present: int
    ballots_issued: int
    ballots_returned: int
    ballots: tuple[NamingBallot, ...] | None = None
    totals: Mapping[str, NamingTotals] | None = None


@dataclass(frozen=True, slots=True)
class MeetingTally:
    kind: MeetingKind
    status: Literal["counted", "not_valid", "void"]
    checks: tuple[Check, ...]
    ballots_returned: int
    posts: Mapping[str, NamingCount]  # empty unless counted


def meeting_checks(meeting: Meeting) -> tuple[Check, ...]:
    """CAMPAIGN.md §1 — valid when 2·present > expected; a meeting cannot return more
    ballots than it issued or than people were present (as RULES.md §5)."""
    name = MEETING_NAMES[meeting.kind]
    present, expected = meeting.present, meeting.expected
    valid = 2 * present > expected
    quorum = Check(
        "quorum",
        valid,
        present,
        majority_threshold(expected),
        f"{name}应到{expected}人，实到{present}人，"
        + ("超过应到人数的一半，会议有效" if valid else "未超过应到人数的一半，会议无效"),
    )
    returned, limit = meeting.ballots_returned, min(meeting.ballots_issued, present)
    ok = returned <= limit
    reconciliation = Check(
        "reconciliation",
        ok,
        returned,
        limit,
        f"发出推荐票{meeting.ballots_issued}张，收回{returned}张"
        + ("" if ok else "，多于发出票数或到会人数，本次推荐无效，须重新推荐"),
    )
    return quorum, reconciliation


def tally_meeting(meeting: Meeting, posts: tuple[NominationPost, ...]) -> MeetingTally:
    checks = meeting_checks(meeting)
    quorum, reconciliation = checks
    if not quorum.ok:
        return MeetingTally(meeting.kind, "not_valid", checks, meeting.ballots_returned, {})
    if not reconciliation.ok:
        return MeetingTally(meeting.kind, "void", checks, meeting.ballots_returned, {})
    counts = count_naming(
        {p.id: p.limit for p in posts}, meeting.ballots_returned, meeting.ballots, meeting.totals
    )
    return MeetingTally(meeting.kind, "counted", checks, meeting.ballots_returned, counts)


def tally_recommendations(
    meetings: tuple[Meeting, ...], posts: tuple[NominationPost, ...]
) -> tuple[MeetingTally, ...]:
    """Each meeting checked and counted on its own (CAMPAIGN.md §1)."""
    return tuple(tally_meeting(m, posts) for m in meetings)


def nominees_wanted(seats: int, surplus_percent: int) -> int:
    """CAMPAIGN.md §1 — seats + ceil(seats·p/100)."""
    return seats + -(-seats * surplus_percent // 100)


def combined_score(votes: Mapping[str, int], weights: Mapping[str, int]) -> int:
    """CAMPAIGN.md §1 — score = a·votes_reps + b·votes_members."""
    return sum(weights.get(kind, 0) * n for kind, n in votes.items())


@dataclass(frozen=True, slots=True)
class Threshold:
    mode: ThresholdMode
    least_score: int | None  # combined_half
    least_votes: Mapping[str, int]  # each_meeting_half: per meeting

    def passes(self, votes: Mapping[str, int], score: int) -> bool | None:
        if self.mode == "combined_half":
            assert self.least_score is not None
            return score >= self.least_score
        if self.mode == "each_meeting_half":
            return all(votes.get(k, 0) >= least for k, least in self.least_votes.items())
        return None


def nominee_threshold(meetings: tuple[MeetingTally, ...], rules: RecommendationRules) -> Threshold:
    """CAMPAIGN.md §1 ⚙ nominee_threshold, as least integers: 2·x > total ⇔ x ≥ total//2 + 1."""
    if rules.nominee_threshold == "combined_half":
        total = sum(rules.weights.get(m.kind, 0) * m.ballots_returned for m in meetings)
        return Threshold("combined_half", majority_threshold(total), {})
    if rules.nominee_threshold == "each_meeting_half":
        least: dict[str, int] = {m.kind: majority_threshold(m.ballots_returned) for m in meetings}
        return Threshold("each_meeting_half", None, least)
    return Threshold("none", None, {})


@dataclass(frozen=True, slots=True)
class NomineeRow:
    person: Person
    votes: Mapping[str, int]  # per meeting kind
    score: int
    rank: int
    over_threshold: bool | None  # None: no threshold (⚙ nominee_threshold = none)
    nominee: bool
    out_reason: OutReason | None
    on_committee_list: bool
    added_from: str | None = None  # the post whose 初步人选 put them on this list


@dataclass(frozen=True, slots=True)
class PostNominees:
    post: NominationPost
    wanted: int
    rows: tuple[NomineeRow, ...]
    nominees: tuple[Person, ...]  # in 姓氏笔画 order
    missing: int
    committee_list: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class RecommendationResult:
    meetings: tuple[MeetingTally, ...]
    threshold: Threshold | None
    posts: tuple[PostNominees, ...]  # empty when a meeting is not counted
    status: Literal["complete", "short", "not_valid"]


def decide_nominees(
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
    meetings: tuple[MeetingTally, ...],
    rules: RecommendationRules,
    committee_list: Mapping[str, tuple[str, ...]],
    name_key: NameKey,
) -> RecommendationResult:
    """CAMPAIGN.md §1: score, threshold and 初步人选 per post; a 书记 初步人选 is also put
    on the 委员 list. Nothing is decided while a meeting is not counted. `name_key` gives
    the 姓氏笔画 order (RULES.md §7) of equal scores and of the lists."""
    name_order = person_order(name_key)
    if any(m.status != "counted" for m in meetings):
        return RecommendationResult(meetings, None, (), "not_valid")
    threshold = nominee_threshold(meetings, rules)
    decided: dict[str, PostNominees] = {}
    secretaries: list[Person] = []
    # Members last: the 书记 初步人选 join the 委员 list (CAMPAIGN.md §1).
    for post in sorted(posts, key=lambda p: p.role == "member"):
        joining = tuple(secretaries) if post.role == "member" else ()
        decided[post.id] = _decide_post(
            post, people, meetings, rules, threshold, committee_list, name_order, joining
        )
        if post.role == "secretary":
            secretaries.extend(decided[post.id].nominees)
    ordered = tuple(decided[p.id] for p in posts)
    status: Literal["complete", "short"] = (
        "short" if any(p.missing for p in ordered) else "complete"
    )
    return RecommendationResult(meetings, threshold, ordered, status)


def _decide_post(
    post: NominationPost,
    people: Mapping[str, Person],
    meetings: tuple[MeetingTally, ...],
    rules: RecommendationRules,
    threshold: Threshold,
    committee_list: Mapping[str, tuple[str, ...]],
    name_order: NameOrder,
    joining: tuple[Person, ...],
) -> PostNominees:
    votes: dict[Person, dict[str, int]] = {person: {} for person in joining}
    for m in meetings:
        for pid, n in m.posts[post.id].votes.items():
            votes.setdefault(people[pid], {})[m.kind] = n
    votes = {p: {m.kind: v.get(m.kind, 0) for m in meetings} for p, v in votes.items()}
    scores = {p: combined_score(v, rules.weights) for p, v in votes.items()}
    rows = ranked(scores, name_order)
    over = {p: threshold.passes(votes[p], scores[p]) for p in scores}
    wanted = nominees_wanted(post.seats, rules.nominee_surplus_percent)
    cut = cut_at([r for r in rows if over[r[0]] is not False], wanted)
    chosen = set(cut.everyone)
    added = [p for p in joining if p not in chosen]
    listed = {people[i] for i in committee_list.get(post.id, ())}
    table = []
    for person, score, rank in rows:
        nominee = person in chosen or person in added
        reason: OutReason | None = None
        if not nominee:
            reason = "below_threshold" if over[person] is False else "below_cut"
        table.append(
            NomineeRow(
                person,
                votes[person],
                score,
                rank,
                over[person],
                nominee,
                reason,
                person in listed,
                "secretary" if person in added else None,
            )
        )
    nominees = tuple(sorted(chosen | set(added), key=name_order))
    return PostNominees(
        post,
        wanted,
        tuple(table),
        nominees,
        max(0, wanted - len(nominees)),
        tuple(sorted(listed, key=name_order)),
    )
