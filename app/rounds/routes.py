"""Round routes: the state machine's transitions, the record and the ballot PDF."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from app.addresses import record_url
from app.audit.replay import chain_head, publish_anchor
from app.deps import Counter, ElectionId, Organiser, Reader, RoundId, Scrutineer, SessionDep
from app.elections.service import get_election
from app.errors import InvalidInput, responses
from app.papers.service import get_details
from app.publish.documents import PDF_RESPONSE, announcement_pdf, report_pdf
from app.roll.service import attendance_now
from app.rounds import boxes as box_rules
from app.rounds import reconciliation, service
from app.rounds.models import (
    BoxesIn,
    CountsCorrectionIn,
    DecisionsIn,
    IssueIn,
    NextRoundCreate,
    ReturnIn,
    RoundCreate,
    RoundPublic,
    SignOffIn,
)
from app.rounds.record import parse_or_422, record_upto
from app.rounds.states import require_action
from app.vetting.service import ensure_vetted
from ballots.content import BallotOptions, ballot_title, round_contests
from ballots.documents.ballot import render_ballots
from ballots.errors import DocumentError

router = APIRouter(prefix="/api/v1/elections/{election_id}/rounds", tags=["rounds"],
                   responses=responses(400, 401, 403, 404, 409, 422))

@router.get("", response_model=list[RoundPublic], summary="各轮投票")
def list_rounds(election_id: ElectionId, session: SessionDep, _actor: Reader) -> list[RoundPublic]:
    return [service.round_public(session=session, rnd=r)
            for r in service.rounds_of(session=session, election_id=election_id)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RoundPublic,
             summary="建立第一轮投票")
def create_round(election_id: ElectionId, data: RoundCreate, session: SessionDep,
                 actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.create_first_round(session=session, election=election,
                                     double_entry=data.double_entry, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.get("/next", summary="计票结果要求的下一轮（预览：类型、职位、名额、候选人）")
def preview_next_round(election_id: ElectionId, session: SessionDep,
                       _actor: Reader) -> dict[str, Any]:
    return service.pending_next_round(session=session, election_id=election_id)


@router.post("/next", status_code=status.HTTP_201_CREATED, response_model=RoundPublic,
             summary="按计票结果建立重新投票/另行选举/重新举行的一轮")
def create_next_round(election_id: ElectionId, data: NextRoundCreate, session: SessionDep,
                      actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.create_next_round(session=session, election=election,
                                    double_entry=data.double_entry,
                                    nominations=data.nominations, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.get("/{round_id}", response_model=RoundPublic, summary="一轮投票的状态与结果")
def read_round(election_id: ElectionId, round_id: RoundId, session: SessionDep,
               _actor: Reader) -> RoundPublic:
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/quorum", response_model=RoundPublic, summary="核对到会人数（会议有效）")
def check_quorum(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                 actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.check_quorum(session=session, election=election, rnd=rnd, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.put("/{round_id}/boxes", response_model=RoundPublic,
            summary="设置票箱（中心会场、投票站、流动票箱；村/居）")
def put_boxes(election_id: ElectionId, round_id: RoundId, data: BoxesIn, session: SessionDep,
              actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    box_rules.set_boxes(session=session, election=election, rnd=rnd, boxes=data.boxes,
                        actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/issue", response_model=RoundPublic, summary="登记发出的选票数")
def issue(election_id: ElectionId, round_id: RoundId, data: IssueIn, session: SessionDep,
          actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.issue_ballots(session=session, election=election, rnd=rnd, data=data, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.get("/{round_id}/ballot.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="打印选票")
def ballot_pdf(election_id: ElectionId, round_id: RoundId, session: SessionDep,
               _actor: Organiser,
               copies: Annotated[int, Query(ge=1, le=2000)] = 1,
               sample: Annotated[bool, Query(description="样票（存档用，标题注明样票）")] = False,
               ) -> Response:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    require_action(rnd, "ballot_pdf")
    ensure_vetted(session=session, election=election)
    # At any state once the candidate list is final (a 村 prints the day before).
    attendance = rnd.attendance or attendance_now(session=session, election=election)
    doc = record_upto(session=session, election=election, rnd=rnd, attendance=attendance,
                      open_=True)
    if rnd.kind == "regular":
        service.ensure_list_final(doc)
    options = BallotOptions()
    if sample:
        parsed = parse_or_422(doc)
        _kind, contests = round_contests(parsed, rnd.key)
        names = {p.id: p.name for p in parsed.posts}
        options = BallotOptions(title=ballot_title(parsed.title, [names[c.post] for c in contests],
                                                   rnd.kind) + "（样票）")
    try:
        pdf = render_ballots(doc, rnd.key, copies=copies, options=options)
    except DocumentError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    name = "sample" if sample else "ballot"
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}-{election_id}-{rnd.key}.pdf"'})


@router.post("/{round_id}/return", response_model=RoundPublic,
             summary="登记收回的选票数（多于发出数则本轮无效）")
def return_ballots(election_id: ElectionId, round_id: RoundId, data: ReturnIn,
                   session: SessionDep, actor: Counter) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.return_ballots(session=session, election=election, rnd=rnd, data=data, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/counts", response_model=RoundPublic,
             summary="更正发出/收回的选票数（录入第一张选票之前，须写明理由）")
def correct_counts(election_id: ElectionId, round_id: RoundId, data: CountsCorrectionIn,
                   session: SessionDep, actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    reconciliation.correct_counts(session=session, election=election, rnd=rnd, data=data,
                                  actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/count", response_model=RoundPublic, summary="计算结果")
def count(election_id: ElectionId, round_id: RoundId, session: SessionDep,
          actor: Counter) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.count_round(session=session, election=election, rnd=rnd, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/decisions", response_model=RoundPublic,
             summary="记录会议决定（减少名额）并重新计算")
def decisions(election_id: ElectionId, round_id: RoundId, data: DecisionsIn,
              session: SessionDep, actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.record_decisions(session=session, election=election, rnd=rnd, data=data, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/sign-off", response_model=RoundPublic, summary="监票人签字确认")
def sign_off(election_id: ElectionId, round_id: RoundId, data: SignOffIn, session: SessionDep,
             actor: Scrutineer) -> RoundPublic:
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.sign_off(session=session, rnd=rnd, names=data.names, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.post("/{round_id}/publish", response_model=RoundPublic, summary="公布结果（冻结记录）")
def publish(election_id: ElectionId, round_id: RoundId, session: SessionDep,
            actor: Organiser) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    service.publish(session=session, election=election, rnd=rnd, actor=actor)
    return service.round_public(session=session, rnd=rnd)


@router.get("/{round_id}/record", summary="本轮为止的选举记录（RECORD.md）")
def record(election_id: ElectionId, round_id: RoundId, session: SessionDep,
           _actor: Reader) -> dict[str, Any]:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    if rnd.state == "draft":
        return record_upto(session=session, election=election, rnd=rnd,
                           attendance=attendance_now(session=session, election=election),
                           open_=True)
    return record_upto(session=session, election=election, rnd=rnd)


@router.get("/{round_id}/report.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="选举结果报告单")
def report(election_id: ElectionId, round_id: RoundId, session: SessionDep,
           _actor: Reader, request: Request) -> Response:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    doc = record_upto(session=session, election=election, rnd=rnd) if rnd.state == "counted" \
        else None
    # The anchor printed for signing: the chain's head now (published: the publishing event).
    anchor = (publish_anchor(session=session, election_id=election_id, round_key=rnd.key)
              if rnd.state == "published"
              else chain_head(session=session, election_id=election_id))
    # Once published, the organiser's copy carries the record's address like the public one.
    url = (record_url(request, "published_record", election_id=election_id, round_id=round_id)
           if rnd.state == "published" else None)
    return report_pdf(rnd, doc, anchor=anchor, url=url,
                      details=get_details(session=session, election_id=election_id))


@router.get("/{round_id}/announcement.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="当选公告")
def announcement(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                 _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    rnd = service.get_round(session=session, election_id=election_id, round_id=round_id)
    doc = record_upto(session=session, election=election, rnd=rnd) if rnd.state == "counted" \
        else None
    return announcement_pdf(rnd, doc,
                            details=get_details(session=session, election_id=election_id))
