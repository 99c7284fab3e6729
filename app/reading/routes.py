"""扫描计票 routes: upload a scanner's PDF or a tablet's photo, read each page, confirm each
paper ballot (its pages) into the ballot entry or set a sheet aside, and the 监票人's look at
the typed write-ins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from app.deps import (
    ENTRY_ROLES,
    Actor,
    DbId,
    ElectionId,
    Reader,
    RoundId,
    SessionDep,
    bearer,
    require,
)
from app.elections.service import get_election
from app.entry.writer import EntryRequest, EntryWriter
from app.errors import responses
from app.reading import service
from app.reading.models import (
    ConfirmIn,
    ConfirmOut,
    SetAsideIn,
    SheetDetail,
    SheetPublic,
    UploadResult,
    WriteInReview,
)
from app.rounds.service import get_round

router = APIRouter(prefix="/api/v1/elections/{election_id}/rounds/{round_id}",
                   tags=["reading"], responses=responses(400, 401, 403, 404, 409, 422))

# Sheets are uploaded and confirmed by a 计票人, like every ballot entry.
Clerk = Annotated[Actor, Depends(require(*ENTRY_ROLES))]
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    media: {"schema": {"type": "string", "format": "binary"}}
    for media in ("application/pdf", "image/jpeg", "image/png", "image/tiff")}}}


@router.post("/sheets", status_code=status.HTTP_201_CREATED, response_model=UploadResult,
             openapi_extra=UPLOAD_BODY,
             summary="上传扫描件或照片（PDF 或图片，每页一张选票；先保存，再逐页识读）")
async def upload(election_id: ElectionId, round_id: RoundId, request: Request,
                 session: SessionDep, actor: Clerk,
                 name: Annotated[str | None, Query(max_length=200, description="文件名")] = None,
                 ) -> UploadResult:
    data = await request.body()

    def run() -> UploadResult:
        election = get_election(session=session, election_id=election_id)
        rnd = get_round(session=session, election_id=election_id, round_id=round_id)
        return service.upload(session=session, election=election, rnd=rnd, data=data,
                              name=name, actor=actor)

    return await run_in_threadpool(run)


@router.get("/sheets", response_model=list[SheetPublic], summary="本轮扫描的选票")
def list_sheets(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                _actor: Reader) -> list[SheetPublic]:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.sheets_of(session=session, election=election, rnd=rnd)


@router.post("/sheets/{sheet_id}/read", response_model=SheetPublic,
             summary="识读一张已上传的选票（已识读的原样返回）")
def read_sheet(election_id: ElectionId, round_id: RoundId, sheet_id: DbId,
               session: SessionDep, _actor: Clerk) -> SheetPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.read(session=session, election=election, rnd=rnd, sheet_id=sheet_id)


@router.get("/sheets/{sheet_id}", response_model=SheetDetail,
            summary="一张扫描选票：展平的图像、各栏识读结果、另选他人姓名栏")
def sheet_detail(election_id: ElectionId, round_id: RoundId, sheet_id: DbId,
                 session: SessionDep, _actor: Reader) -> SheetDetail:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.detail(session=session, election=election, rnd=rnd, sheet_id=sheet_id)


@router.get("/sheets/{sheet_id}/image", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/tiff": {}},
                             "description": "上传时保存的原图（其 SHA-256 记入审计记录）"}},
            summary="扫描选票的原图")
def sheet_image(election_id: ElectionId, round_id: RoundId, sheet_id: DbId,
                session: SessionDep, _actor: Reader) -> Response:
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    sheet = service.get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    return Response(sheet.image, media_type=sheet.media_type)


@router.post("/sheets/{sheet_id}/confirm", status_code=status.HTTP_201_CREATED,
             response_model=ConfirmOut,
             summary="计票人确认一张扫描选票，计入录入（存疑栏须逐一核对；不能重复确认）")
async def confirm(election_id: ElectionId, round_id: RoundId, sheet_id: DbId, data: ConfirmIn,
                  request: Request, session: SessionDep, actor: Clerk) -> ConfirmOut:
    def prepare() -> EntryRequest:
        election = get_election(session=session, election_id=election_id)
        rnd = get_round(session=session, election_id=election_id, round_id=round_id)
        entry = service.entry_for(session=session, election=election, rnd=rnd,
                                  sheet_id=sheet_id, data=data)
        session.rollback()  # no transaction held while the entry writer stores the ballot
        return EntryRequest(election_id=election_id, round_id=round_id,
                            secret=bearer(request), data=entry)

    entry = await run_in_threadpool(prepare)
    # The ordinary ballot entry: the same checks, idempotency, over-vote rules and audit.
    writer: EntryWriter = request.app.state.entry_writer
    answer, created = await writer.enter(entry)

    def finish() -> ConfirmOut:
        election = get_election(session=session, election_id=election_id)
        rnd = get_round(session=session, election_id=election_id, round_id=round_id)
        sheet = service.mark_confirmed(session=session, election=election, rnd=rnd,
                                       sheet_id=sheet_id, entry_id=answer.entry_id, data=data,
                                       actor=actor)
        return ConfirmOut(sheet=sheet, entry=answer)

    done = await run_in_threadpool(finish)
    if not created:  # confirmed at the same moment from another tablet, or sent twice
        raise service.already_confirmed(answer.entry_id)
    return done


@router.post("/sheets/{sheet_id}/set-aside", response_model=list[SheetPublic],
             summary="搁置一张扫描选票（连同同一张选票的其他页）：按纸质选票手工录入，或为重复拍摄")
def set_aside(election_id: ElectionId, round_id: RoundId, sheet_id: DbId, data: SetAsideIn,
              session: SessionDep, actor: Clerk) -> list[SheetPublic]:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.set_aside(session=session, election=election, rnd=rnd, sheet_id=sheet_id,
                             reason=data.reason, actor=actor)


@router.get("/write-ins", response_model=list[WriteInReview],
            summary="扫描选票上录入的另选他人姓名及其原图（供监票人核对）")
def write_ins(election_id: ElectionId, round_id: RoundId, session: SessionDep,
              _actor: Reader) -> list[WriteInReview]:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.write_in_reviews(session=session, election=election, rnd=rnd)
