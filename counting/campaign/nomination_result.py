"""A nomination record counted (`nominate`), and its result as canonical JSON
(`jipiao.nomination-result/1`, docs/nomination-record.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from counting.campaign.direct import (
    FORM_NAMES,
    DirectRow,
    FormVerdict,
    PostCandidates,
    check_joint_form,
    decide_direct_candidates,
    tally_direct_nominations,
)
from counting.campaign.naming import NamingCount
from counting.campaign.nomination_record import (
    NominationRecord,
    RecommendationRecord,
)
from counting.campaign.recommendation import (
    MeetingTally,
    NomineeRow,
    PostNominees,
    RecommendationResult,
    Threshold,
    decide_nominees,
    tally_recommendations,
)
from counting.count import NameKey
from counting.people import Person
from counting.result import check_to_json

NOMINATION_RESULT_FORMAT = "jipiao.nomination-result/1"


@dataclass(frozen=True, slots=True)
class DirectResult:
    ballots_returned: int
    posts: tuple[PostCandidates, ...]
    forms: tuple[FormVerdict, ...]

    @property
    def status(self) -> Literal["complete", "preselection", "short"]:
        if any(p.preselection is not None for p in self.posts):
            return "preselection"
        return "short" if any(p.missing for p in self.posts) else "complete"


NominationResult = RecommendationResult | DirectResult


def nominate(record: NominationRecord, name_key: NameKey) -> NominationResult:
    """Count a nomination record; `name_key` gives the 姓氏笔画 order (RULES.md §7)."""
    if isinstance(record, RecommendationRecord):
        meetings = tally_recommendations(record.meetings, record.posts)
        return decide_nominees(
            record.posts,
            record.people,
            meetings,
            record.rules,
            record.committee_list,
            name_key,
        )
    counts = tally_direct_nominations(
        record.posts, record.ballots_returned, record.ballots, record.totals
    )
    forms = tuple(check_joint_form(f, record.roll, record.rules) for f in record.forms)
    joined: dict[str, tuple[Person, ...]] = {}
    for v in forms:
        if v.accepted:
            joined[v.form.post] = (*joined.get(v.form.post, ()), record.people[v.form.person])
    posts = decide_direct_candidates(
        record.posts, record.people, counts, record.rules, name_key, record.preselections, joined
    )
    return DirectResult(record.ballots_returned, posts, forms)


# --- JSON ---------------------------------------------------------------------------------


def nomination_result_to_json(result: NominationResult) -> dict[str, Any]:
    if isinstance(result, RecommendationResult):
        return _recommendation(result)
    return _direct(result)


def _ids(people: tuple[Person, ...]) -> list[str | None]:
    return [p.id for p in people]


def _sections(count: NamingCount) -> dict[str, Any]:
    return {
        "limit": count.limit,
        "sections_valid": count.sections_valid,
        "sections_invalid": count.sections_invalid,
    }


def _meeting(m: MeetingTally) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "status": m.status,
        "ballots_returned": m.ballots_returned,
        "checks": [check_to_json(c) for c in m.checks],
        "posts": {post: _sections(count) for post, count in m.posts.items()},
    }


def _threshold(t: Threshold) -> dict[str, Any]:
    out: dict[str, Any] = {"mode": t.mode}
    if t.least_score is not None:
        out["least_score"] = t.least_score
    if t.least_votes:
        out["least_votes"] = dict(t.least_votes)
    return out


def _nominee_row(r: NomineeRow) -> dict[str, Any]:
    return {
        "id": r.person.id,
        "name": r.person.name,
        "votes": dict(r.votes),
        "score": r.score,
        "rank": r.rank,
        "over_threshold": r.over_threshold,
        "status": "nominee" if r.nominee else "out",
        "out_reason": r.out_reason,
        "added_from": r.added_from,
        "on_committee_list": r.on_committee_list,
    }


def _nominee_post(p: PostNominees) -> dict[str, Any]:
    return {
        "seats": p.post.seats,
        "wanted": p.wanted,
        "ranking": [_nominee_row(r) for r in p.rows],
        "nominees": _ids(p.nominees),
        "missing": p.missing,
        "committee_list": _ids(p.committee_list),
    }


def _recommendation(r: RecommendationResult) -> dict[str, Any]:
    return {
        "format": NOMINATION_RESULT_FORMAT,
        "kind": "recommendation",
        "meetings": [_meeting(m) for m in r.meetings],
        "threshold": None if r.threshold is None else _threshold(r.threshold),
        "posts": {p.post.id: _nominee_post(p) for p in r.posts},
        "outcome": {
            "status": r.status,
            "nominees": {p.post.id: _ids(p.nominees) for p in r.posts},
            "missing": {p.post.id: p.missing for p in r.posts if p.missing},
        },
    }


def _direct_rows(rows: tuple[DirectRow, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.person.id,
            "name": r.person.name,
            "votes": r.votes,
            "rank": r.rank,
            "status": r.status,
        }
        for r in rows
    ]


def _direct_post(p: PostCandidates) -> dict[str, Any]:
    pre = p.preselection
    return {
        "seats": p.post.seats,
        "wanted": p.wanted,
        **_sections(p.count),
        "tally": _direct_rows(p.rows),
        "preselections_held": [
            {
                "places": h.places,
                "ballots_returned": h.vote.ballots_returned,
                "sections_valid": h.vote.ballots_returned - h.vote.invalid,
                "sections_invalid": h.vote.invalid,
                "tally": _direct_rows(h.rows),
            }
            for h in p.held
        ],
        "candidates": _ids(p.candidates),
        "preselection": None
        if pre is None
        else {
            "above": _ids(pre.above),
            "tied": _ids(pre.tied),
            "joined": _ids(pre.joined),
            "places": pre.places,
        },
        "missing": p.missing,
    }


def _form(v: FormVerdict) -> dict[str, Any]:
    return {
        "post": v.form.post,
        "person": v.form.person,
        "kind": v.form.kind,
        "signers": v.distinct,
        "required": v.required,
        "accepted": v.accepted,
        "text": form_text(v),
    }


def form_text(v: FormVerdict) -> str:
    """CAMPAIGN.md §1 — what the organiser reads about a 联名/自荐 form."""
    name = FORM_NAMES[v.form.kind]
    if v.form.kind == "self":
        return "自荐，受理"
    verdict = "受理" if v.accepted else f"不足{v.required}人，不予受理"
    return f"{name}{v.distinct}人（须{v.required}人以上），{verdict}"


def _direct(r: DirectResult) -> dict[str, Any]:
    posts: Mapping[str, PostCandidates] = {p.post.id: p for p in r.posts}
    return {
        "format": NOMINATION_RESULT_FORMAT,
        "kind": "direct",
        "ballots_returned": r.ballots_returned,
        "posts": {pid: _direct_post(p) for pid, p in posts.items()},
        "forms": [_form(v) for v in r.forms],
        "outcome": {
            "status": r.status,
            "candidates": {pid: _ids(p.candidates) for pid, p in posts.items()},
            "preselection": {
                pid: _ids(p.preselection.among)
                for pid, p in posts.items()
                if p.preselection is not None
            },
            "missing": {pid: p.missing for pid, p in posts.items() if p.missing},
        },
    }
