"""The organiser's paper details: 落款, contact and dates of the 公告 and 报告单."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status

from app.addresses import record_url
from app.deps import ElectionId, Organiser, Reader, SessionDep
from app.elections.service import get_election
from app.errors import Conflict, InvalidInput, responses
from app.papers import service, spreadsheets
from app.papers.forms import form_pdf
from app.papers.models import PaperDetailsIn, PaperDetailsPublic
from app.papers.spreadsheets import XLSX_RESPONSE, RollPreview
from app.publish.documents import PDF_RESPONSE, election_report_pdf
from app.rounds import service as rounds
from app.rounds.record import record_upto

router = APIRouter(prefix="/api/v1/elections/{election_id}/papers", tags=["papers"],
                   responses=responses(400, 401, 403, 404, 409, 422))


@router.get("/details", response_model=PaperDetailsPublic, summary="落款、联系方式和日期")
def read_details(election_id: ElectionId, session: SessionDep,
                 _actor: Reader) -> PaperDetailsPublic:
    get_election(session=session, election_id=election_id)
    return service.get_details(session=session, election_id=election_id)


@router.put("/details", response_model=PaperDetailsPublic, summary="设置落款、联系方式和日期")
def write_details(election_id: ElectionId, data: PaperDetailsIn, session: SessionDep,
                  actor: Organiser) -> PaperDetailsPublic:
    get_election(session=session, election_id=election_id)
    return service.set_details(session=session, election_id=election_id, data=data, actor=actor)


@router.get("/report.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="整场选举的结果报告单（全部轮次，最终当选名单）")
def election_report(election_id: ElectionId, session: SessionDep, request: Request,
                    _actor: Reader) -> Response:
    """Every round up to the last counted or published one; a published one prints its frozen
    record, with the URL and SHA-256 of that record."""
    election = get_election(session=session, election_id=election_id)
    done = [r for r in rounds.rounds_of(session=session, election_id=election_id)
            if r.state in ("counted", "published")]
    if not done:
        raise Conflict("还没有计票完毕的轮次，没有结果可以印制", code="not_counted")
    last = done[-1]
    assert last.id is not None
    url = None
    doc = None
    if last.state == "published":
        url = record_url(request, "published_record", election_id=election_id,
                                  round_id=last.id)
    else:
        doc = record_upto(session=session, election=election, rnd=last)
    return election_report_pdf(last, doc, url=url,
                               details=service.get_details(session=session,
                                                           election_id=election_id))


FormKind = Literal["sign-in", "proxy-sign-in", "candidate-notice", "voter-notice",
                   "proxy-notice", "ballot-register"]


@router.get("/forms/{kind}.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="签到表、委托投票签到表、候选人/选民名单公示、委托投票公示、选票发放收回登记表")
def form(election_id: ElectionId, kind: FormKind, session: SessionDep, _actor: Reader,
         box: Annotated[list[str] | None, Query(max_length=20,
                                                 description="票箱名称（登记表每箱一页）")] = None,
         ) -> Response:
    election = get_election(session=session, election_id=election_id)
    return form_pdf(session=session, election=election, kind=kind, boxes=box or ())


MAX_UPLOAD = 5 * 1024 * 1024


def _read(upload: UploadFile) -> tuple[bytes, str]:
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput("文件过大（最多 5 MB）", code="file_too_large")
    return data, upload.filename or ""


@router.post("/roll/preview", response_model=RollPreview,
             summary="预览导入名册（xlsx/CSV）：逐行检查，不保存")
def preview_roll(election_id: ElectionId, session: SessionDep, _actor: Organiser,
                 file: Annotated[UploadFile, File(description="名册 .xlsx 或 .csv")],
                 ) -> RollPreview:
    election = get_election(session=session, election_id=election_id)
    data, name = _read(file)
    return spreadsheets.preview(spreadsheets.parse(data, name, election))


@router.post("/roll/import", status_code=status.HTTP_201_CREATED,
             summary="确认导入名册：文件中任何一行有误则不导入任何人")
def import_roll(election_id: ElectionId, session: SessionDep, actor: Organiser,
                file: Annotated[UploadFile, File(description="名册 .xlsx 或 .csv")],
                ) -> dict[str, int]:
    election = get_election(session=session, election_id=election_id)
    data, name = _read(file)
    found = spreadsheets.parse(data, name, election)
    return {"added": spreadsheets.import_roll(session=session, election=election, found=found,
                                              actor=actor)}


@router.get("/roll.xlsx", response_class=Response, responses=XLSX_RESPONSE,
            summary="导出名册（含签到）")
def roll_xlsx(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    return spreadsheets.roll_xlsx(session=session,
                                  election=get_election(session=session, election_id=election_id))


@router.get("/results.xlsx", response_class=Response, responses=XLSX_RESPONSE,
            summary="导出计票结果（每轮一张表、出席、当选）")
def results_xlsx(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    return spreadsheets.results_xlsx(
        session=session, election=get_election(session=session, election_id=election_id))
