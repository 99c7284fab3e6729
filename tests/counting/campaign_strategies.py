"""Hypothesis strategies for the campaign records (CAMPAIGN.md §1–2): naming ballots,
recommendation meetings, 测评表 and 信任票, as plain documents."""

from __future__ import annotations

from typing import Any

from campaignkit import meeting, people, recommendation
from hypothesis import strategies as st

Doc = dict[str, Any]
IDS = [p["id"] for p in people(8)]
POSTS = [
    {"id": "secretary", "name": "书记", "seats": 1},
    {"id": "member", "name": "委员", "seats": 3},
]
LIMITS = {"secretary": 1, "member": 4}


@st.composite
def naming_ballots(draw: st.DrawFn, limits: dict[str, int] = LIMITS) -> Doc:
    """One ballot: per post up to the limit of distinct names, now and then one too many;
    now and then void."""
    if draw(st.integers(0, 15)) == 0:
        return {"void": True}
    names = {}
    for post, limit in limits.items():
        k = draw(st.integers(0, limit + 1))
        names[post] = draw(st.lists(st.sampled_from(IDS), min_size=k, max_size=k, unique=True))
    return {"names": names}


weights = st.fixed_dictionaries(
    {"representatives": st.integers(0, 10), "members": st.integers(0, 10)}
).filter(lambda w: any(w.values()))


@st.composite
def recommendations(draw: st.DrawFn, **rules: Any) -> Doc:
    """A valid 两推 record: two meetings counted per ballot, random weights."""
    meetings = []
    for kind in ("representatives", "members"):
        ballots = draw(st.lists(naming_ballots(), min_size=1, max_size=12))
        meetings.append(meeting(kind, len(ballots), ballots=ballots))
    return recommendation(POSTS, meetings, rules={"weights": draw(weights), **rules})


appraisal_marks = st.sampled_from(["满意", "基本满意", "不满意", "invalid", None])
trust_marks = st.sampled_from(["trust", "distrust", "abstain", None])


@st.composite
def mark_ballots(draw: st.DrawFn, marks: st.SearchStrategy[str | None],
                 subjects: tuple[str, ...] = ("team", "p01")) -> Doc:
    if draw(st.integers(0, 15)) == 0:
        return {"void": True}
    chosen = {s: draw(marks) for s in subjects}
    return {"marks": {s: m for s, m in chosen.items() if m is not None}}
