"""An election's nomination as a `jipiao.nomination/1` record (docs/nomination-record.md),
built from what is stored, and counted by `counting.campaign` — the rules live there only.

People are named by what is written on the ballots: a name is its own id in the record, and
it is linked to the 村/社区's person of that name when exactly one has it (CAMPAIGN.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.calculator import name_key
from app.elections.models import Election, Post
from app.elections.service import post_role, posts_of
from app.errors import InvalidInput, InvalidState
from app.nomination.models import Nomination, NominationEntry, NominationMeeting
from app.people.models import Person
from app.people.service import people_of, unit_of
from app.roll.service import voters_of
from ballots.strokes import StrokeError, stroke_key
from counting import RecordError
from counting.campaign import (
    NominationRecord,
    nominate,
    nomination_result_to_json,
    parse_nomination_record,
)
from counting.campaign.naming import NominationPost
from counting.campaign.nomination_record import NOMINATION_FORMAT
from counting.campaign.recommendation import MEETING_KINDS, MEETING_NAMES

PARTY_KINDS = MEETING_KINDS  # 两推: 群众推荐, 党员推荐
DIRECT_BODIES = ("villagers_committee", "residents_committee")
# A meeting not entered yet, so that the rest can be read (and checked) on its own.
PLACEHOLDER_MEETING = {"expected": 1, "present": 0, "ballots": []}


def kinds_of(election: Election) -> tuple[str, ...]:
    """Which nomination an election has: 两推 for a 党组织, 海推 for a 村/居委会."""
    if election.body == "party_branch":
        return PARTY_KINDS
    if election.body in DIRECT_BODIES:
        return ("direct",)
    return ()


def require_kind(election: Election, kind: str | None = None) -> None:
    """The election has a nomination (and `kind` is one of its meetings)."""
    kinds = kinds_of(election)
    if not kinds:
        raise InvalidState("这类选举没有推荐（提名）环节：两推用于党组织委员会选举，"
                           "海推用于村（居）民委员会选举", code="no_nomination")
    if kind is not None and kind not in kinds:
        names = "、".join(f"{k}（{MEETING_NAMES.get(k, '直接提名')}）" for k in kinds)
        raise InvalidInput(f"本场选举的推荐会议只有：{names}", code="unknown_meeting")


def check_name(name: str) -> None:
    """RULES.md §7.7 — a character the stroke table does not know fails on entry."""
    try:
        stroke_key(name, None)
    except StrokeError as err:
        raise InvalidInput(f"“{name}”：{err.zh}", code=err.code, detail={"en": err.en}) from None


def refuse(err: RecordError, code: str = "invalid_nomination") -> InvalidInput:
    return InvalidInput("；".join(p.zh for p in err.problems[:5]), code=code,
                        detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                             for p in err.problems]})


@dataclass
class Stored:
    """Everything stored about an election's nomination."""

    election: Election
    posts: list[Post]
    nomination: Nomination
    meetings: dict[str, NominationMeeting]
    entries: dict[str, list[NominationEntry]]
    people: list[Person]
    voters: list[str]  # the registered voters, who may sign a 联名 form


def load(*, session: Session, election: Election, ballots: bool = True) -> Stored:
    """What is stored; without the ballots when `ballots` is False (to judge one more)."""
    assert election.id is not None
    nomination = session.get(Nomination, election.id) or Nomination(election_id=election.id)
    meetings = {m.kind: m for m in session.execute(select(NominationMeeting).where(
        NominationMeeting.election_id == election.id)).scalars()}
    entries: dict[str, list[NominationEntry]] = {}
    query = select(NominationEntry).where(NominationEntry.election_id == election.id)
    for e in session.execute(query.order_by(NominationEntry.id)).scalars() if ballots else ():
        entries.setdefault(e.kind, []).append(e)
    return Stored(election, posts_of(session=session, election_id=election.id), nomination,
                  meetings, entries,
                  people_of(session=session, unit_id=unit_of(election)),
                  [v.name for v in voters_of(session=session, election_id=election.id)])


def linked_people(people: Iterable[Person]) -> dict[str, Person]:
    """Name → the unit's person, for the names exactly one person has."""
    by_name: dict[str, list[Person]] = {}
    for p in people:
        by_name.setdefault(p.name, []).append(p)
    return {name: found[0] for name, found in by_name.items() if len(found) == 1}


def _post(p: Post, party: bool, limits: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.key, "name": p.name, "seats": p.seats,
                           "role": post_role(p.key, p.role)}
    if party and p.key in limits:
        out["recommend_limit"] = limits[p.key]
    return out


def _content(meeting: NominationMeeting | None,
             entries: list[NominationEntry]) -> dict[str, Any]:
    """A meeting's ballots (per ballot) or totals (hand-counted) as the record has them."""
    if meeting is not None and meeting.totals is not None:
        return {"ballots_returned": meeting.ballots_returned, "totals": meeting.totals}
    return {"ballots": [e.ballot for e in entries if e.void_reason is None]}


def named(stored: Stored) -> list[str]:
    """Every name written anywhere, in the order first written."""
    names: dict[str, None] = {}
    for entries in stored.entries.values():
        for e in entries:
            if e.void_reason is not None:
                continue
            for section in e.ballot.get("names", {}).values():
                names.update(dict.fromkeys(section))
    for m in stored.meetings.values():
        for t in (m.totals or {}).values():
            names.update(dict.fromkeys(t.get("votes", {})))
    for listed in stored.nomination.committee_list.values():
        names.update(dict.fromkeys(listed))
    names.update(dict.fromkeys(f["person"] for f in stored.nomination.forms))
    return list(names)


def document(stored: Stored) -> tuple[dict[str, Any], list[str]]:
    """The record of what is stored, and what is still missing (Chinese sentences); a
    meeting not entered yet stands in as an empty one so the rest can be checked."""
    election, rules = stored.election, stored.nomination.rules
    party = election.body == "party_branch"
    linked = linked_people(stored.people)
    people = []
    for name in named(stored):
        entry: dict[str, Any] = {"id": name, "name": name}
        if name in linked:
            p = linked[name]
            entry.update({k: v for k, v in (("surname", p.surname), ("gender", p.gender)) if v})
        people.append(entry)
    doc: dict[str, Any] = {
        "format": NOMINATION_FORMAT,
        "election": {"title": election.title, "body": election.body,
                     "rules": rules.get("rules", {})},
        "posts": [_post(p, party, rules.get("recommend_limit", {})) for p in stored.posts],
        "people": people,
    }
    missing = []
    if party:
        doc["meetings"] = []
        for kind in PARTY_KINDS:
            m = stored.meetings.get(kind)
            content = _content(m, stored.entries.get(kind, []))
            if m is None or m.expected is None or m.present is None:
                missing.append(f"{MEETING_NAMES[kind]}尚未录入应到、实到人数")
                doc["meetings"].append({"kind": kind, **PLACEHOLDER_MEETING})
                continue
            meeting = {"kind": kind, "expected": m.expected, "present": m.present, **content}
            if m.ballots_issued is not None:
                meeting["ballots_issued"] = m.ballots_issued
            doc["meetings"].append(meeting)
        doc["committee_list"] = stored.nomination.committee_list
    else:
        doc.update(_content(stored.meetings.get("direct"), stored.entries.get("direct", [])))
        if stored.nomination.forms:
            doc["roll"] = {"voters": stored.voters, **stored.nomination.signers}
            doc["forms"] = stored.nomination.forms
        if stored.nomination.preselections:
            doc["preselections"] = stored.nomination.preselections
    return doc, missing


def parse(doc: dict[str, Any]) -> NominationRecord:
    try:
        return parse_nomination_record(doc)
    except RecordError as err:
        raise refuse(err) from None


def nomination_posts(stored: Stored) -> tuple[NominationPost, ...]:
    """The posts as the record reader makes them (each with its ballot's name limit),
    read without the ballots (a ballot is judged without re-reading all the others)."""
    doc, _missing = document(replace(stored, meetings={}, entries={}))
    return parse(doc).posts


def result_of(stored: Stored) -> tuple[dict[str, Any] | None, list[str]]:
    """The `jipiao.nomination-result/1` of what is stored, or why there is none yet."""
    doc, missing = document(stored)
    if missing:
        return None, missing
    if stored.election.body in DIRECT_BODIES and stored.meetings.get("direct") is None \
            and not stored.entries.get("direct"):
        return None, ["直接提名（海推）尚未录入提名票"]
    try:
        result = nominate(parse_nomination_record(doc), name_key)
    except RecordError as err:
        return None, [p.zh for p in err.problems]
    return nomination_result_to_json(result), []
