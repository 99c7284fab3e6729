"""海推 (直接提名) of 村/居委会 candidates, and 联名/自荐 nomination forms (CAMPAIGN.md §1)."""

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
from counting.people import Person

FormKind = Literal["voters", "households", "group_representatives", "self"]
FORM_KINDS: tuple[FormKind, ...] = ("voters", "households", "group_representatives", "self")
FORM_NAMES: Mapping[str, str] = {
    "voters": "选民联名",
    "households": "户代表联名",
    "group_representatives": "居民小组代表联名",
    "self": "自荐",
}
DEFAULT_JOINT_SIGNERS: Mapping[str, int] = {
    "voters": 10,
    "households": 5,
    "group_representatives": 2,
}


@dataclass(frozen=True, slots=True)
class DirectRules:
    member_candidates: int = 1  # RULES.md §3 差额 for 委员: seats + 1..3
    joint_signers: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_JOINT_SIGNERS))


def candidates_wanted(post: NominationPost, rules: DirectRules) -> int:
    """RULES.md §3 差额 (CAMPAIGN.md §1): 主任/副主任 seats + 1, 委员 seats + member_candidates."""
    if post.role in ("chair", "vice_chair"):
        return post.seats + 1
    return post.seats + rules.member_candidates


def tally_direct_nominations(
    posts: tuple[NominationPost, ...],
    ballots_returned: int,
    ballots: tuple[NamingBallot, ...] | None = None,
    totals: Mapping[str, NamingTotals] | None = None,
) -> dict[str, NamingCount]:
    """CAMPAIGN.md §1 — each voter names up to `seats` people per post (the post's limit)."""
    return count_naming({p.id: p.limit for p in posts}, ballots_returned, ballots, totals)


RowStatus = Literal["candidate", "preselection", "out"]


@dataclass(frozen=True, slots=True)
class DirectRow:
    person: Person
    votes: int
    rank: int
    status: RowStatus


@dataclass(frozen=True, slots=True)
class Preselection:
    """A 预选 among those above the cut and the tied at it, for `places` candidates."""

    above: tuple[Person, ...]
    tied: tuple[Person, ...]
    places: int


@dataclass(frozen=True, slots=True)
class PostCandidates:
    post: NominationPost
    wanted: int
    count: NamingCount
    rows: tuple[DirectRow, ...]
    candidates: tuple[Person, ...]  # in 姓氏笔画 order; empty while a 预选 is needed
    preselection: Preselection | None
    missing: int


def decide_direct_candidates(
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
    counts: Mapping[str, NamingCount],
    rules: DirectRules,
    name_key: NameKey,
) -> tuple[PostCandidates, ...]:
    """CAMPAIGN.md §1: the most-named per post, as many as the 差额 asks; a tie at the cut
    that would exceed the number calls for a 预选 among the tied and those above.
    `name_key` gives the 姓氏笔画 order (RULES.md §7)."""
    name_order = person_order(name_key)
    return tuple(_decide_post(post, people, counts[post.id], rules, name_order) for post in posts)


def _decide_post(
    post: NominationPost,
    people: Mapping[str, Person],
    count: NamingCount,
    rules: DirectRules,
    name_order: NameOrder,
) -> PostCandidates:
    wanted = candidates_wanted(post, rules)
    rows = ranked({people[i]: n for i, n in count.votes.items() if n > 0}, name_order)
    cut = cut_at(rows, wanted)
    preselection = None if cut.fits else Preselection(cut.above, cut.tied, wanted)
    status: RowStatus = "candidate" if preselection is None else "preselection"
    inside = set(cut.everyone)
    table = tuple(
        DirectRow(person, votes, rank, status if person in inside else "out")
        for person, votes, rank in rows
    )
    candidates = tuple(sorted(inside, key=name_order)) if preselection is None else ()
    return PostCandidates(post, wanted, count, table, candidates, preselection, cut.missing)


@dataclass(frozen=True, slots=True)
class JointForm:
    """A 联名 (or 自荐) nomination form: who is nominated for which post, who signed."""

    post: str
    person: str
    kind: FormKind
    signers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormVerdict:
    form: JointForm
    accepted: bool
    distinct: int  # distinct registered signers
    required: int
    unknown: tuple[str, ...]  # signers not on the roll of their kind


def check_joint_form(
    form: JointForm, roll: Mapping[str, frozenset[str]], rules: DirectRules
) -> FormVerdict:
    """CAMPAIGN.md §1 — a 联名 form is accepted only with ⚙ joint_signers distinct
    registered signers of its kind; 自荐 needs none."""
    if form.kind == "self":
        return FormVerdict(form, True, 0, 0, ())
    registered = roll.get(form.kind, frozenset())
    unknown = tuple(dict.fromkeys(s for s in form.signers if s not in registered))
    distinct = len({s for s in form.signers if s in registered})
    required = rules.joint_signers[form.kind]
    return FormVerdict(form, not unknown and distinct >= required, distinct, required, unknown)
