"""Organisation tree routes (CAMPAIGN.md §4): units, their tokens, their elections' stages."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response, status

from app.db import begin_write
from app.deps import DbId, SessionDep
from app.elections import service as elections
from app.elections.models import ElectionCreate, ElectionCreated
from app.errors import InvalidInput, NotFound, responses
from app.timeutil import utcnow
from app.units import board as boards
from app.units import reports, rollup
from app.units.access import SetupCaller, UnitOrganiser, UnitReader
from app.units.audit import log_unit, unit_fields
from app.units.models import (
    STAGES,
    VOTING_KINDS,
    ElectionStageOut,
    ProgressIn,
    UnitCreate,
    UnitCreated,
    UnitNode,
    UnitPublic,
    UnitTokenCreated,
    UnitTokenIn,
    UnitUpdate,
)
from app.units.service import (
    add_child,
    add_unit,
    get_unit,
    issue_unit_token,
    move_unit,
    root_tokens,
    unit_public,
)
from app.units.statistics import StatisticsOut, board_picture, statistics
from app.units.stored_counts import refresh_unit_counts
from stats import COUNT_KEYS

router = APIRouter(prefix="/api/v1/units", tags=["units"],
                   responses=responses(400, 401, 403, 404, 409, 422))


def today() -> date:
    return utcnow().date()


@router.post("", status_code=status.HTTP_201_CREATED, response_model=UnitCreated,
             summary="建立一个县（区）（须管理口令；返回组织者、查看口令，仅显示一次）")
def create_root(data: UnitCreate, session: SessionDep, _setup: SetupCaller) -> UnitCreated:
    if data.kind != "county":
        raise InvalidInput("最上级单位须是县（区）", code="wrong_unit_kind")
    begin_write(session)
    unit = add_unit(session=session, parent=None, name=data.name, kind="county", actor="setup")
    tokens = root_tokens(session=session, unit=unit)
    public = unit_public(unit)
    session.commit()
    return UnitCreated(**public.model_dump(), tokens=tokens)


@router.get("/{unit_id}", response_model=UnitPublic, summary="单位")
def read_unit(session: SessionDep, actor: UnitReader) -> UnitPublic:
    return unit_public(actor.unit)


@router.patch("/{unit_id}", response_model=UnitPublic,
              summary="修改单位（名称、上级单位、计划“一肩挑”、上届统计数）")
def update_unit(data: UnitUpdate, session: SessionDep, actor: UnitOrganiser) -> UnitPublic:
    unit = actor.unit
    begin_write(session, unit)
    before = unit_fields(unit)
    if data.name is not None:
        unit.name = data.name
    if data.parent_id is not None:
        move_unit(session=session, unit=unit, parent_id=data.parent_id,
                  holder=get_unit(session=session, unit_id=actor.holder_id), role=actor.role)
    if data.one_shoulder_planned is not None:
        unit.one_shoulder_planned = data.one_shoulder_planned
    if data.previous_term is not None:
        unknown = sorted(set(data.previous_term) - set(COUNT_KEYS))
        if unknown or any(v < 0 for v in data.previous_term.values()):
            raise InvalidInput("上届统计数的项目无法识别或为负数：" + "、".join(unknown),
                               code="unknown_previous_term", detail={"keys": unknown})
        unit.previous_term = dict(data.previous_term)
    session.add(unit)
    changed = {k: v for k, v in unit_fields(unit).items() if before[k] != v}
    if changed:
        log_unit(session=session, unit=unit, actor=actor.name, action="unit.update",
                 data=changed)
    refresh_unit_counts(session=session, unit_ids=[unit.id])
    public = unit_public(unit)
    session.commit()
    return public


@router.get("/{unit_id}/tree", response_model=list[UnitNode],
            summary="本单位及下级单位，每个村（社区）的选举及所处阶段")
def read_tree(session: SessionDep, actor: UnitReader) -> list[UnitNode]:
    return boards.tree(session=session, unit=actor.unit, today=today())


@router.post("/{unit_id}/units", status_code=status.HTTP_201_CREATED, response_model=UnitPublic,
             summary="建立下级单位（县下设乡镇/街道，乡镇/街道下设村、社区）")
def create_child(data: UnitCreate, session: SessionDep, actor: UnitOrganiser) -> UnitPublic:
    begin_write(session, actor.unit)  # (its path, re-read: a move rewrites it)
    child = add_child(session=session, parent=actor.unit, data=data, actor=actor.name)
    public = unit_public(child)
    session.commit()
    return public


@router.post("/{unit_id}/tokens", status_code=status.HTTP_201_CREATED,
             response_model=UnitTokenCreated,
             summary="为本单位（或下级单位）签发口令：组织者可修改，查看只能查看")
def create_unit_token(data: UnitTokenIn, session: SessionDep,
                      actor: UnitOrganiser) -> UnitTokenCreated:
    begin_write(session)
    token, secret = issue_unit_token(session=session, unit=actor.unit, role=data.role,
                                     label=data.label)
    session.commit()
    assert token.id is not None
    return UnitTokenCreated(id=token.id, unit_id=token.unit_id, role=data.role,
                            label=data.label, token=secret)


@router.post("/{unit_id}/elections", status_code=status.HTTP_201_CREATED,
             response_model=ElectionCreated,
             summary="为村（社区）建立一场选举（返回各角色口令，仅显示一次）")
def create_unit_election(data: ElectionCreate, session: SessionDep,
                         actor: UnitOrganiser) -> ElectionCreated:
    if actor.unit.kind not in VOTING_KINDS:
        raise InvalidInput("选举须属于一个村或社区", code="unit_not_voting")
    election, tokens = elections.create_election(
        session=session, data=data.model_copy(update={"unit_id": actor.unit.id}))
    public = elections.election_public(session=session, election=election)
    return ElectionCreated(**public.model_dump(), tokens=tokens)


@router.put("/{unit_id}/elections/{election_id}/progress", response_model=ElectionStageOut,
            summary="设定选举所处阶段及各阶段计划日期")
def set_progress(election_id: DbId, data: ProgressIn, session: SessionDep,
                 actor: UnitOrganiser) -> ElectionStageOut:
    election = elections.get_election(session=session, election_id=election_id)
    if election.unit_id != actor.unit.id:
        raise NotFound("本村（社区）没有这场选举", code="election_not_found")
    if data.plan is not None:
        dates = [data.plan[s] for s in STAGES if s in data.plan]
        if dates != sorted(dates):
            raise InvalidInput("各阶段的计划日期应按阶段先后排列", code="plan_out_of_order")
    begin_write(session)
    plan = None if data.plan is None else {s: d.isoformat() for s, d in data.plan.items()}
    row = rollup.set_progress(session=session, election=election, stage=data.stage, plan=plan,
                              actor=actor.name)
    out = boards.stage_out(id=election_id, title=election.title, body=election.body,
                           stage=row.stage, plan=row.plan, outcome=row.outcome,
                           failing=row.failing, today=today())
    session.commit()
    return out


@router.get("/{unit_id}/statistics", response_model=StatisticsOut,
            summary="换届统计（本单位汇总及各下级单位；上届数字并列）")
def read_statistics(session: SessionDep, actor: UnitReader) -> StatisticsOut:
    return statistics(session=session, unit=actor.unit)


@router.get("/{unit_id}/board",
            summary="换届进度看板：各村（社区）所处阶段、逾期、需再次投票、未通过的检查")
def read_board(session: SessionDep, actor: UnitReader) -> dict[str, Any]:
    # `role`: the caller's, so the page links each election to the page that token opens.
    return {**board_picture(session=session, unit=actor.unit, today=today()),
            "role": actor.role}


@router.get("/{unit_id}/reports/{name}.{fmt}", response_class=Response,
            responses={200: {"content": {m: {} for m in reports.MEDIA.values()},
                             "description": "Excel 或 PDF 文件"}},
            summary="报表：汇总（summary）、当选名册（roster）、进度周报（weekly），xlsx 或 pdf")
def read_report(name: str, fmt: str, session: SessionDep, actor: UnitReader) -> Response:
    if name not in reports.REPORTS or fmt not in reports.MEDIA:
        raise NotFound("没有这种报表（summary、roster、weekly；xlsx 或 pdf）",
                       code="report_not_found")
    data = reports.report(session=session, unit=actor.unit, name=name, fmt=fmt, today=today())
    filename = quote(f"{actor.unit.name}-{reports.REPORT_ZH[name]}.{fmt}")
    return Response(data, media_type=reports.MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})
