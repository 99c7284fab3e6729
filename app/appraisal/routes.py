"""民主测评 and 信任票 routes (CAMPAIGN.md §2): settings, 测评表 per ballot or totals, the
result with its flags, the printed 民主测评表 and the result as PDF and xlsx."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.appraisal import papers, service
from app.appraisal.models import (
    AppraisalIn,
    AppraisalPublic,
    AppraisalTotalsIn,
    MarksAnswer,
    MarksIn,
)
from app.deps import CampaignClerk, ElectionId, Organiser, Reader, SessionDep
from app.elections.service import get_election
from app.errors import responses
from app.papers.spreadsheets import XLSX_RESPONSE
from app.publish.documents import PDF_RESPONSE

router = APIRouter(prefix="/api/v1/elections/{election_id}/appraisal", tags=["appraisal"],
                   responses=responses(400, 401, 403, 404, 409, 422))

Vote = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z][A-Za-z0-9_-]*$",
                           description="evaluation（民主测评）或信任票编号")]


@router.get("", response_model=AppraisalPublic, summary="民主测评、信任票：设置、录入情况、结果")
def read_appraisal(election_id: ElectionId, session: SessionDep,
                   _actor: Reader) -> AppraisalPublic:
    election = get_election(session=session, election_id=election_id)
    return service.evaluate(session=session, election=election)


@router.put("", response_model=AppraisalPublic,
            summary="设置民主测评对象、测评等次、信任票人选和入户调查")
def put_settings(election_id: ElectionId, data: AppraisalIn, session: SessionDep,
                 actor: Organiser) -> AppraisalPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_settings(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.post("/{vote}/entries", status_code=status.HTTP_201_CREATED, response_model=MarksAnswer,
             responses={200: {"model": MarksAnswer,
                              "description": "重发的同一录入：原样返回，不重复计入"}},
             summary="录入一张测评表或信任票")
def enter_marks(election_id: ElectionId, vote: Vote, data: MarksIn, session: SessionDep,
                actor: CampaignClerk, response: Response) -> MarksAnswer:
    election = get_election(session=session, election_id=election_id)
    answer, created = service.enter_marks(session=session, election=election, vote=vote,
                                          data=data, actor=actor)
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.put("/{vote}/totals", response_model=AppraisalPublic, summary="录入手工汇总")
def put_totals(election_id: ElectionId, vote: Vote, data: AppraisalTotalsIn,
               session: SessionDep, actor: CampaignClerk) -> AppraisalPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_totals(session=session, election=election, vote=vote, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.get("/form.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="打印民主测评表")
def form_pdf(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    return papers.form_pdf(session=session, election=election,
                           found=service.evaluate(session=session, election=election))


@router.get("/result.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="民主测评、信任票结果")
def result_pdf(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    return papers.result_pdf(session=session, election=election,
                             found=service.evaluate(session=session, election=election))


@router.get("/result.xlsx", response_class=Response, responses=XLSX_RESPONSE,
            summary="导出民主测评、信任票结果（Excel）")
def result_xlsx(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    return papers.result_xlsx(found=service.evaluate(session=session, election=election),
                              election_id=election_id)
