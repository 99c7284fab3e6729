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
from counting.reading import fail, pointer, pointer_join

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
    """A 预选 among those above the cut and the tied at it (and `joined`: nominated by 联名
    or 自荐 besides the 海推), for `places` candidates."""

    above: tuple[Person, ...]
    tied: tuple[Person, ...]
    places: int
    joined: tuple[Person, ...] = ()

    @property
    def among(self) -> tuple[Person, ...]:
        return self.above + self.tied + self.joined


@dataclass(frozen=True, slots=True)
class PreselectionVote:
    """A 预选 held (CAMPAIGN.md §1), counted by hand: each valid ballot names at most as many
    of the people in it as there are places; `votes` by person id."""

    post: str
    ballots_returned: int
    invalid: int
    votes: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class PreselectionHeld:
    """A 预选 and its ranking (`rows`: everyone in it, by 预选 votes)."""

    vote: PreselectionVote
    places: int
    rows: tuple[DirectRow, ...]


@dataclass(frozen=True, slots=True)
class PostCandidates:
    post: NominationPost
    wanted: int
    count: NamingCount
    rows: tuple[DirectRow, ...]
    candidates: tuple[Person, ...]  # in 姓氏笔画 order; empty while a 预选 is needed
    preselection: Preselection | None  # the 预选 still to hold
    missing: int
    held: tuple[PreselectionHeld, ...] = ()


def decide_direct_candidates(
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
    counts: Mapping[str, NamingCount],
    rules: DirectRules,
    name_key: NameKey,
    preselections: tuple[PreselectionVote, ...] = (),
    joined: Mapping[str, tuple[Person, ...]] | None = None,
) -> tuple[PostCandidates, ...]:
    """CAMPAIGN.md §1: the most-named per post, as many as the 差额 asks; a tie at the cut
    that would exceed the number calls for a 预选 among the tied and those above, and the
    `preselections` held decide it, in order. `joined`: per post, the people an accepted
    联名/自荐 form nominated. `name_key` gives the 姓氏笔画 order (RULES.md §7). A 预选
    where none is called for, or naming someone not in it, is refused."""
    name_order = person_order(name_key)
    held = {p.id: [(i, v) for i, v in enumerate(preselections) if v.post == p.id] for p in posts}
    return tuple(
        _decide_post(
            post,
            people,
            counts[post.id],
            rules,
            name_order,
            held[post.id],
            (joined or {}).get(post.id, ()),
        )
        for post in posts
    )


def _decide_post(
    post: NominationPost,
    people: Mapping[str, Person],
    count: NamingCount,
    rules: DirectRules,
    name_order: NameOrder,
    votes: list[tuple[int, PreselectionVote]],
    joined: tuple[Person, ...],
) -> PostCandidates:
    wanted = candidates_wanted(post, rules)
    rows = ranked({people[i]: n for i, n in count.votes.items() if n > 0}, name_order)
    cut = cut_at(rows, wanted)
    # 联名/自荐 (居委会): nominated besides the 海推. More nominees than candidates wanted call
    # for a 预选 among them all, as a tie at the cut does (选民所提名的候选人人数多于规定的
    # 正式候选人人数时……进行预选，按得票数由高到低确定正式候选人).
    extra = tuple(p for p in dict.fromkeys(joined) if p not in cut.everyone)
    pool = cut.everyone + extra
    pending = None
    if len(pool) > wanted:  # (the tied are only "tied" when they do not all fit)
        above, tied = (cut.above, cut.tied) if not cut.fits else (cut.everyone, ())
        pending = Preselection(above, tied, wanted, extra)
    table = _table(rows, pool, pending is None)
    held = []
    for index, vote in votes:
        # A 预选 is counted like a tie-break (RULES.md §6.3): the most votes win, and a tie
        # at the cut again calls for another 预选 among the tied and those above.
        _check_preselection(index, vote, post, pending)
        assert pending is not None
        ranking = ranked({p: vote.votes.get(p.id or "", 0) for p in pending.among}, name_order)
        cut = cut_at(ranking, wanted)
        pool = cut.everyone
        pending = None if cut.fits else Preselection(cut.above, cut.tied, wanted)
        held.append(PreselectionHeld(vote, wanted, _table(ranking, pool, cut.fits)))
    candidates = tuple(sorted(pool, key=name_order)) if pending is None else ()
    missing = max(0, wanted - len(pool))
    return PostCandidates(post, wanted, count, table, candidates, pending, missing, tuple(held))


def _table(
    ranking: list[tuple[Person, int, int]], inside: tuple[Person, ...], decided: bool
) -> tuple[DirectRow, ...]:
    """The rows of one count (the 海推 or a 预选) with what that count decided: `inside` are
    the candidates when `decided`, else the people of the next 预选."""
    status: RowStatus = "candidate" if decided else "preselection"
    return tuple(
        DirectRow(person, n, rank, status if person in inside else "out")
        for person, n, rank in ranking
    )


def _check_preselection(
    index: int,
    vote: PreselectionVote,
    post: NominationPost,
    pending: Preselection | None,
) -> None:
    ptr = pointer("preselections", index)
    if pending is None:
        fail(
            ptr,
            f"{post.name}的候选人已经确定，不需要这次预选",
            f"no 预选 is called for on post {post.id!r}",
        )
    inside = {p.id for p in pending.among}
    for pid in vote.votes:
        if pid not in inside:
            fail(
                pointer_join(ptr, "totals", "votes", pid),
                f"“{pid}”不在这次预选的人选中",
                f"{pid!r} is not in this 预选",
            )
    valid, places = vote.ballots_returned - vote.invalid, pending.places
    if sum(vote.votes.values()) > places * valid:
        fail(
            pointer_join(ptr, "totals", "votes"),
            f"得票合计{sum(vote.votes.values())}票，多于有效票{valid}张乘每票最多{places}人",
            f"{sum(vote.votes.values())} votes exceed {valid} valid ballots × {places}",
        )


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
