"""民主测评 and 信任票 (CAMPAIGN.md §2) in the service: settings, 测评表 per ballot
(idempotent by entry id) or hand-counted totals, each checked against the record reader
before it is stored and audited; counted by `counting.campaign.appraise` only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.appraisal.models import (
    EVALUATION,
    Appraisal,
    AppraisalEntry,
    AppraisalIn,
    AppraisalPublic,
    AppraisalTotalsIn,
    MarksAnswer,
    MarksIn,
    VotePublic,
)
from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.errors import Conflict, InvalidInput
from counting import RecordError
from counting.campaign import (
    AppraisalRecord,
    AppraisalRules,
    appraisal_result_to_json,
    appraise,
    parse_appraisal_record,
)
from counting.campaign.appraisal_record import APPRAISAL_FORMAT


def load(*, session: Session, election: Election) -> tuple[Appraisal, list[AppraisalEntry]]:
    assert election.id is not None
    appraisal = session.get(Appraisal, election.id) or Appraisal(election_id=election.id)
    entries = list(session.execute(select(AppraisalEntry).where(
        AppraisalEntry.election_id == election.id).order_by(AppraisalEntry.id)).scalars())
    return appraisal, entries


def vote_names(settings: dict[str, Any]) -> dict[str, str]:
    """Each vote's id and name: the 民主测评 when it has subjects, then the 信任票."""
    names = {EVALUATION: "民主测评"} if settings.get("subjects") else {}
    names.update({v["id"]: v["name"] for v in settings.get("trust_votes", [])})
    return names


def _content(appraisal: Appraisal, entries: list[AppraisalEntry], vote: str) -> dict[str, Any]:
    if vote in appraisal.totals:
        return dict(appraisal.totals[vote])
    return {"ballots": [e.ballot for e in entries if e.vote == vote]}


def document(election: Election, appraisal: Appraisal,
             entries: list[AppraisalEntry]) -> dict[str, Any] | None:
    """The `jipiao.appraisal/1` record of what is stored (None: nothing is set up)."""
    s = appraisal.settings
    if not (s.get("subjects") or s.get("trust_votes") or s.get("survey")):
        return None
    doc: dict[str, Any] = {"format": APPRAISAL_FORMAT, "title": election.title,
                           "rules": s.get("rules", {})}
    if s.get("subjects"):
        doc["evaluation"] = {"subjects": s["subjects"],
                             **_content(appraisal, entries, EVALUATION)}
    if s.get("survey"):
        doc["survey"] = s["survey"]
    if s.get("trust_votes"):
        doc["trust_votes"] = [{**v, **_content(appraisal, entries, v["id"])}
                              for v in s["trust_votes"]]
    return doc


def parse(doc: dict[str, Any]) -> AppraisalRecord:
    try:
        return parse_appraisal_record(doc)
    except RecordError as err:
        raise InvalidInput("；".join(p.zh for p in err.problems[:5]), code="invalid_appraisal",
                           detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                                for p in err.problems]}) from None


def put_settings(*, session: Session, election: Election, data: AppraisalIn,
                 actor: Actor) -> None:
    assert election.id is not None
    settings = data.model_dump(exclude_none=True)
    if any(v.id == EVALUATION for v in data.trust_votes):
        raise InvalidInput(f"信任票编号不能用“{EVALUATION}”（民主测评专用）", code="reserved_id")
    begin_write(session, election)
    appraisal, entries = load(session=session, election=election)
    old = appraisal.settings
    moved = [k for k in ("subjects", "trust_votes") if old.get(k, []) != settings.get(k, [])]
    if moved and (entries or appraisal.totals):
        raise Conflict("已录入测评表或汇总，不能再改测评对象和信任票人选", code="appraisal_entered")
    appraisal.settings = settings
    # The rules are read even when nothing is set up yet (then as beside an empty survey).
    parse(document(election, appraisal, entries) or {
        "format": APPRAISAL_FORMAT, "rules": settings.get("rules", {}),
        "survey": {"households": 1, "surveyed": 0}})
    session.add(appraisal)
    append(session=session, election_id=election.id, actor=actor.name, action="appraisal.settings",
           target=f"election:{election.id}", data=settings)
    session.commit()


def _require_vote(appraisal: Appraisal, vote: str) -> None:
    names = vote_names(appraisal.settings)
    if vote not in names:
        raise InvalidInput(f"没有编号为“{vote}”的测评或信任票"
                           + (f"，应为：{'、'.join(names)}" if names else "，请先设置测评对象"),
                           code="unknown_vote")


def enter_marks(*, session: Session, election: Election, vote: str, data: MarksIn,
                actor: Actor) -> tuple[MarksAnswer, bool]:
    """One 测评表 or 信任票 ballot; a resend of the same body answers what is stored."""
    assert election.id is not None
    begin_write(session, election)
    appraisal, entries = load(session=session, election=election)
    _require_vote(appraisal, vote)
    ballot: dict[str, Any] = {"void": True} if data.void else {"marks": dict(data.marks)}
    if data.void and data.marks:
        raise InvalidInput("作废的测评表不填写各人的等次", code="void_with_marks")
    mine = [e for e in entries if e.vote == vote]
    found = next((e for e in mine if e.entry_id == data.entry_id), None)
    if found is not None:
        if found.ballot != ballot:
            raise Conflict(f"录入编号“{data.entry_id}”已用于另一张票，请换用新的编号",
                           code="entry_id_reused")
        position = mine.index(found) + 1
        return MarksAnswer(entry_id=data.entry_id, position=position, message="已录入"), False
    if vote in appraisal.totals:
        raise Conflict("已录入手工汇总，不能再逐张录入", code="totals_entered")
    row = AppraisalEntry(election_id=election.id, vote=vote, entry_id=data.entry_id,
                         ballot=ballot, clerk=actor.name)
    doc = document(election, appraisal, [*entries, row])
    assert doc is not None
    parse(doc)
    session.add(row)
    append(session=session, election_id=election.id, actor=actor.name, action="appraisal.entry",
           target=f"appraisal:{vote}",
           data={"vote": vote, "entry_id": data.entry_id, "ballot": ballot})
    session.commit()
    return MarksAnswer(entry_id=data.entry_id, position=len(mine) + 1,
                       message="已录入（作废票）" if data.void else "已录入"), True


def put_totals(*, session: Session, election: Election, vote: str, data: AppraisalTotalsIn,
               actor: Actor) -> None:
    assert election.id is not None
    begin_write(session, election)
    appraisal, entries = load(session=session, election=election)
    _require_vote(appraisal, vote)
    entered = sum(e.vote == vote for e in entries)
    if entered:
        raise Conflict(f"已逐张录入{entered}张，不能再录手工汇总", code="ballots_entered")
    appraisal.totals = {**appraisal.totals, vote: data.model_dump()}
    doc = document(election, appraisal, entries)
    assert doc is not None
    parse(doc)
    session.add(appraisal)
    append(session=session, election_id=election.id, actor=actor.name, action="appraisal.totals",
           target=f"appraisal:{vote}", data={"vote": vote, **data.model_dump()})
    session.commit()


def evaluate(*, session: Session, election: Election) -> AppraisalPublic:
    appraisal, entries = load(session=session, election=election)
    doc = document(election, appraisal, entries)
    result, problems = None, ["尚未设置民主测评对象或信任票"]
    options = [o.label for o in AppraisalRules().options]
    if doc is not None:
        try:
            record = parse_appraisal_record(doc)
        except RecordError as err:
            problems = [p.zh for p in err.problems]
        else:
            options = [o.label for o in record.rules.options]
            result, problems = appraisal_result_to_json(appraise(record)), []
    votes = []
    for vote, name in vote_names(appraisal.settings).items():
        totals = appraisal.totals.get(vote)
        count = sum(e.vote == vote for e in entries)
        votes.append(VotePublic(id=vote, name=name,
                                mode="totals" if totals else "ballots" if count else "none",
                                ballots_returned=totals["ballots_returned"] if totals else count))
    return AppraisalPublic(settings=appraisal.settings, options=options, votes=votes,
                           result=result, problems=problems)
