"""Entering an election's nomination (CAMPAIGN.md §1): ballots, idempotent by entry id as
votes are; attendance and hand-counted totals; the ⚙ settings and the 党委's list. Every
change is checked against the record reader before it is stored, and audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.errors import Conflict, InvalidInput, InvalidState, NotFound
from app.nomination.models import (
    MEETING_ZH,
    CommitteeListIn,
    JointFormIn,
    MeetingIn,
    MeetingPublic,
    NamedPerson,
    NamingBallotIn,
    NamingEntryPublic,
    NamingEntryResult,
    Nomination,
    NominationEntry,
    NominationMeeting,
    NominationPublic,
    NominationRulesIn,
    PreselectionIn,
    SectionVerdict,
    SignersIn,
    UndoIn,
)
from app.nomination.record import (
    PARTY_KINDS,
    Stored,
    check_name,
    document,
    kinds_of,
    linked_people,
    load,
    named,
    nomination_posts,
    parse,
    require_kind,
    result_of,
)
from counting.campaign.naming import section_is_valid


def ballot_document(data: NamingBallotIn) -> dict[str, Any]:
    """The record's ballot of what the clerk typed (a post left blank names nobody)."""
    if data.void:
        return {"void": True}
    return {"names": {post: names for post, names in data.names.items() if names}}


def _answer(entry_id: str, position: int, ballot: dict[str, Any],
            stored: Stored) -> NamingEntryResult:
    if ballot.get("void"):
        return NamingEntryResult(entry_id=entry_id, position=position, void=True, sections={},
                                 message="此票作废，各职位均不计")
    sections = {}
    for post in nomination_posts(stored):
        names = ballot["names"].get(post.id, [])
        if section_is_valid(tuple(names), post.limit):
            sections[post.id] = SectionVerdict(valid=True)
        else:
            # CAMPAIGN.md §1 — an over-limit section is invalid (the rest of the ballot counts).
            sections[post.id] = SectionVerdict(
                valid=False, text=f"{post.name}栏推荐{len(names)}人，多于最多{post.limit}人，"
                                  "该栏无效")
    bad = [s.text for s in sections.values() if s.text]
    return NamingEntryResult(entry_id=entry_id, position=position, void=False,
                             sections=sections, message="；".join(bad) or "有效票")


def _check_ballot(stored: Stored, data: NamingBallotIn) -> None:
    if data.void and any(data.names.values()):
        raise InvalidInput("作废票不填写推荐人姓名；若票上写了姓名，请按所写录入",
                           code="void_with_names")
    keys = {p.key: p.name for p in stored.posts}
    for post, names in data.names.items():
        if post not in keys:
            raise InvalidInput(f"没有编号为“{post}”的职位", code="unknown_post")
        seen: set[str] = set()
        for name in names:
            check_name(name)
            if name in seen:
                raise InvalidInput(f"{keys[post]}栏重复填写“{name}”，同一人只计一次，请核对后录入",
                                   code="duplicate_name")
            seen.add(name)


def enter_ballot(*, session: Session, election: Election, kind: str, data: NamingBallotIn,
                 actor: Actor) -> tuple[NamingEntryResult, bool]:
    """One ballot (CAMPAIGN.md §1); a resend of the same body answers what is stored."""
    assert election.id is not None
    require_kind(election, kind)
    begin_write(session, election)
    ballot = ballot_document(data)
    found = session.execute(select(NominationEntry).where(
        NominationEntry.election_id == election.id, NominationEntry.kind == kind,
        NominationEntry.entry_id == data.entry_id)).scalar_one_or_none()
    if found is not None:
        if found.ballot != ballot:
            raise Conflict(f"录入编号“{data.entry_id}”已用于另一张票，请换用新的编号",
                           code="entry_id_reused")
        answer = NamingEntryResult.model_validate(found.response)
        if found.void_reason is not None:
            answer.undone = True
            answer.message = "这张票已被撤销，不再计入；如确需录入，请作为新的一张录入"
        return answer, False
    ensure_no_preselection(session, election.id)
    stored = load(session=session, election=election, ballots=False)
    meeting = stored.meetings.get(kind)
    if meeting is not None and meeting.totals is not None:
        raise Conflict(f"{MEETING_ZH[kind]}已录入手工汇总，不能再逐张录入", code="totals_entered")
    _check_ballot(stored, data)
    position = session.execute(select(func.count()).select_from(NominationEntry).where(
        NominationEntry.election_id == election.id, NominationEntry.kind == kind)
    ).scalar_one() + 1
    answer = _answer(data.entry_id, position, ballot, stored)
    session.add(NominationEntry(election_id=election.id, kind=kind, entry_id=data.entry_id,
                                ballot=ballot, response=answer.model_dump(mode="json"),
                                clerk=actor.name))
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.entry", target=f"nomination:{kind}",
           data={"kind": kind, "entry_id": data.entry_id, "ballot": ballot})
    session.commit()
    return answer, True


def entries_of(*, session: Session, election: Election, kind: str) -> list[NamingEntryPublic]:
    require_kind(election, kind)
    found = load(session=session, election=election).entries.get(kind, [])
    return [NamingEntryPublic(entry_id=e.entry_id, position=e.response["position"],
                              ballot=e.ballot, message=e.response["message"], clerk=e.clerk,
                              void_reason=e.void_reason, voided_by=e.voided_by)
            for e in found]


def undo_entry(*, session: Session, election: Election, kind: str, entry_id: str,
               data: UndoIn, actor: Actor) -> None:
    """A ballot entered by mistake (a wrong name typed): kept, no longer counted; the
    ballot is then entered again under a new entry id."""
    assert election.id is not None
    require_kind(election, kind)
    begin_write(session, election)
    found = session.execute(select(NominationEntry).where(
        NominationEntry.election_id == election.id, NominationEntry.kind == kind,
        NominationEntry.entry_id == entry_id)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"没有录入编号为“{entry_id}”的票", code="entry_not_found")
    if found.void_reason is not None:
        raise Conflict("这张票已经撤销过了", code="entry_undone")
    ensure_no_preselection(session, election.id)
    found.void_reason, found.voided_by = data.reason, actor.name
    session.add(found)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.undo", target=f"nomination:{kind}",
           data={"kind": kind, "entry_id": entry_id, "reason": data.reason})
    session.commit()


def ensure_no_preselection(session: Session, election_id: int) -> None:
    """Once a 预选 is held, what it was called on (the 海推's ballots, totals and rules) stays."""
    nomination = session.get(Nomination, election_id)
    if nomination is not None and nomination.preselections:
        raise Conflict("已经进行了预选，提名票、汇总和提名规则不能再改动（预选就是按这些得票"
                       "确定的）", code="preselection_held")


def add_preselection(*, session: Session, election: Election, data: PreselectionIn,
                     actor: Actor) -> None:
    """A 预选 held (CAMPAIGN.md §1), counted by hand: only where the result calls for one,
    and only among the people it is called among."""
    assert election.id is not None
    require_kind(election, "direct")
    begin_write(session, election)
    stored = load(session=session, election=election)
    if stored.nomination.decision is not None:
        raise Conflict("候选人已经确定，不能再录入预选", code="decision_made")
    names = {p.key: p.name for p in stored.posts}
    if data.post not in names:
        raise InvalidInput(f"没有编号为“{data.post}”的职位", code="unknown_post")
    result, problems = result_of(stored)
    if result is None:
        raise InvalidState("提名结果还不能计算：" + "；".join(problems[:3]),
                           code="nomination_incomplete")
    among = result["outcome"]["preselection"].get(data.post)
    if among is None:
        raise Conflict(f"{names[data.post]}的候选人已经确定，不需要预选",
                       code="preselection_not_needed")
    stray = [n for n in data.votes if n not in among]
    if stray:
        raise InvalidInput(f"{'、'.join(stray)}不在这次预选的人选中（{'、'.join(among)}）",
                           code="not_in_preselection")
    held = {"post": data.post, "ballots_returned": data.ballots_returned,
            "totals": {"invalid": data.invalid, "votes": {n: data.votes.get(n, 0) for n in among}}}
    stored.nomination.preselections = [*stored.nomination.preselections, held]
    _, problems = result_of(stored)  # the numbers must be possible (docs/nomination-record.md)
    if problems:
        raise InvalidInput("；".join(problems[:3]), code="invalid_nomination")
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.preselection", target=f"election:{election.id}", data=held)
    session.commit()


def _meeting_row(stored: Stored, kind: str) -> NominationMeeting:
    assert stored.election.id is not None
    row = stored.meetings.get(kind)
    if row is None:
        row = NominationMeeting(election_id=stored.election.id, kind=kind)
        stored.meetings[kind] = row
    return row


def meeting_facts(row: NominationMeeting) -> dict[str, Any]:
    return {"expected": row.expected, "present": row.present,
            "ballots_issued": row.ballots_issued, "ballots_returned": row.ballots_returned,
            "totals": row.totals}


def put_meeting(*, session: Session, election: Election, kind: str, data: MeetingIn,
                actor: Actor) -> None:
    """Attendance and, counted by hand, the totals of one meeting (CAMPAIGN.md §1)."""
    assert election.id is not None
    require_kind(election, kind)
    if kind in PARTY_KINDS and (data.expected is None or data.present is None):
        raise InvalidInput(f"请填写{MEETING_ZH[kind]}的应到人数和实到人数",
                           code="attendance_missing")
    if (data.totals is None) != (data.ballots_returned is None):
        raise InvalidInput("手工汇总须同时填写收回票数和各职位的得票；逐张录入时收回票数"
                           "按录入的张数计，不必填写", code="totals_incomplete")
    begin_write(session, election)
    ensure_no_preselection(session, election.id)
    stored = load(session=session, election=election)
    if data.totals is not None and stored.entries.get(kind):
        raise Conflict(f"{MEETING_ZH[kind]}已逐张录入{len(stored.entries[kind])}张票，"
                       "不能再录手工汇总", code="ballots_entered")
    for t in (data.totals or {}).values():
        for name in t.votes:
            check_name(name)
    row = _meeting_row(stored, kind)
    row.expected, row.present = data.expected, data.present
    row.ballots_issued, row.ballots_returned = data.ballots_issued, data.ballots_returned
    row.totals = None if data.totals is None else {
        post: t.model_dump() for post, t in data.totals.items()}
    parse(document(stored)[0])  # the numbers must be possible (docs/nomination-record.md)
    session.add(row)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.meeting", target=f"nomination:{kind}",
           data={"kind": kind, **meeting_facts(row)})
    session.commit()


def put_rules(*, session: Session, election: Election, data: NominationRulesIn,
              actor: Actor) -> None:
    assert election.id is not None
    require_kind(election)
    if data.recommend_limit and election.body != "party_branch":
        # CAMPAIGN.md §1 — 海推: up to `seats` names per post.
        raise InvalidInput("海推每张提名票每个职位最多提名应选名额数，不另设人数",
                           code="no_recommend_limit")
    begin_write(session, election)
    ensure_no_preselection(session, election.id)
    stored = load(session=session, election=election)
    keys = {p.key for p in stored.posts}
    for post in data.recommend_limit:
        if post not in keys:
            raise InvalidInput(f"没有编号为“{post}”的职位", code="unknown_post")
    stored.nomination.rules = data.model_dump()
    parse(document(stored)[0])
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.rules", target=f"election:{election.id}", data=data.model_dump())
    session.commit()


def put_committee_list(*, session: Session, election: Election, data: CommitteeListIn,
                       actor: Actor) -> None:
    """CAMPAIGN.md §1 — the 乡镇/街道党委's own list, entered by the organiser."""
    assert election.id is not None
    if election.body != "party_branch":
        raise InvalidInput("党委名单只用于党组织委员会的两推", code="no_committee_list")
    for names in data.posts.values():
        for name in names:
            check_name(name)
    begin_write(session, election)
    stored = load(session=session, election=election)
    stored.nomination.committee_list = {p: n for p, n in data.posts.items() if n}
    parse(document(stored)[0])
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.committee_list", target=f"election:{election.id}",
           data={"posts": stored.nomination.committee_list})
    session.commit()


def put_signers(*, session: Session, election: Election, data: SignersIn,
                actor: Actor) -> None:
    """Who may sign a 联名 form besides the roll's voters (CAMPAIGN.md §1)."""
    assert election.id is not None
    require_kind(election, "direct")
    begin_write(session, election)
    stored = load(session=session, election=election)
    stored.nomination.signers = data.model_dump()
    parse(document(stored)[0])
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.signers", target=f"election:{election.id}",
           data=stored.nomination.signers)
    session.commit()


def add_form(*, session: Session, election: Election, data: JointFormIn, actor: Actor) -> None:
    """A 联名 or 自荐 form (CAMPAIGN.md §1); a signer not on the roll is refused, and the
    form is not stored."""
    assert election.id is not None
    require_kind(election, "direct")
    check_name(data.person)
    begin_write(session, election)
    stored = load(session=session, election=election)
    form = data.model_dump()
    stored.nomination.forms = [*stored.nomination.forms, form]
    parse(document(stored)[0])
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.form", target=f"election:{election.id}", data=form)
    session.commit()


def meeting_public(stored: Stored, kind: str) -> MeetingPublic:
    row = stored.meetings.get(kind)
    entries = stored.entries.get(kind, [])
    mode = ("totals" if row is not None and row.totals is not None
            else "ballots" if entries else "none")  # an undone ballot keeps the mode
    counted = [e for e in entries if e.void_reason is None]
    returned = (row.ballots_returned or 0) if mode == "totals" else len(counted)
    return MeetingPublic(kind=kind, name=MEETING_ZH[kind],  # type: ignore[arg-type]
                         expected=None if row is None else row.expected,
                         present=None if row is None else row.present,
                         ballots_issued=None if row is None else row.ballots_issued,
                         ballots_returned=returned, mode=mode,
                         totals=None if row is None else row.totals)


def evaluate(*, session: Session, election: Election) -> NominationPublic:
    require_kind(election)
    stored = load(session=session, election=election)
    result, problems = result_of(stored)
    linked = linked_people(stored.people)
    rules = stored.nomination.rules
    return NominationPublic(
        body=election.body, post_names={p.key: p.name for p in stored.posts},
        kinds=list(kinds_of(election)),  # type: ignore[arg-type]
        rules=rules.get("rules", {}), recommend_limit=rules.get("recommend_limit", {}),
        meetings=[meeting_public(stored, k) for k in kinds_of(election)],
        committee_list=stored.nomination.committee_list,
        people=[NamedPerson(key=n, name=n, person_id=linked[n].id if n in linked else None)
                for n in named(stored)],
        result=result, problems=problems, decision=stored.nomination.decision,
        signers=stored.nomination.signers, forms=stored.nomination.forms,
        preselections=stored.nomination.preselections)
