"""资格联审 routes: conditions (organiser), sign-offs (each department), exceptions, the table."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.deps import ElectionId, Organiser, SessionDep, VettingReader
from app.elections.service import get_election
from app.errors import InvalidState, responses
from app.papers.spreadsheets import XLSX_RESPONSE
from app.publish.documents import PDF_RESPONSE
from app.vetting import papers, service
from app.vetting.models import ExceptionIn, ReviewIn, VettingIn, VettingPublic

router = APIRouter(prefix="/api/v1/elections/{election_id}/vetting", tags=["vetting"],
                   responses=responses(400, 401, 403, 404, 409, 422))


@router.get("", response_model=VettingPublic, summary="资格联审：条件、各部门审核、结论")
def read_vetting(election_id: ElectionId, session: SessionDep,
                 _actor: VettingReader) -> VettingPublic:
    election = get_election(session=session, election_id=election_id)
    return service.evaluate(session=session, election=election)


@router.put("", response_model=VettingPublic,
            summary="设置资格联审条件、负面清单和监票计票唱票人员")
def write_vetting(election_id: ElectionId, data: VettingIn, session: SessionDep,
                  actor: Organiser) -> VettingPublic:
    election = get_election(session=session, election_id=election_id)
    service.set_rules(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.post("/reviews", response_model=VettingPublic,
             summary="登记一个部门对一人一项的审核意见（联审部门口令只能登记本部门的）")
def record_review(election_id: ElectionId, data: ReviewIn, session: SessionDep,
                  actor: VettingReader) -> VettingPublic:
    election = get_election(session=session, election_id=election_id)
    service.record_review(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.post("/exceptions", response_model=VettingPublic,
             summary="对未符合的条件作出例外决定（须写明理由）")
def grant_exception(election_id: ElectionId, data: ExceptionIn, session: SessionDep,
                    actor: Organiser) -> VettingPublic:
    election = get_election(session=session, election_id=election_id)
    service.grant_exception(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


def _table(session: SessionDep, election_id: int) -> papers.VettingTable:
    election = get_election(session=session, election_id=election_id)
    found = service.evaluate(session=session, election=election)
    if not found.enabled:
        raise InvalidState("本场选举还没有设置资格联审条件", code="vetting_not_set")
    return papers.table(session=session, election=election, found=found)


@router.get("/table.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="联审表（按姓氏笔画为序）")
def table_pdf(election_id: ElectionId, session: SessionDep, _actor: VettingReader) -> Response:
    return papers.table_pdf(_table(session, election_id))


@router.get("/table.xlsx", response_class=Response, responses=XLSX_RESPONSE,
            summary="导出联审表（Excel）")
def table_xlsx(election_id: ElectionId, session: SessionDep, _actor: VettingReader) -> Response:
    return papers.table_xlsx(_table(session, election_id))
