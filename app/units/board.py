"""The progress board of a 乡镇/县 (CAMPAIGN.md §4, 周报制度): every election's stage, late
against the plan, needing another round, failing a check. One indexed query over the
elections of the subtree and their stored progress rows: no ballot is read."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.elections.models import Election
from app.units.models import (
    KIND_ZH,
    STAGE_ZH,
    STAGES,
    VOTING_KINDS,
    ElectionProgress,
    ElectionStageOut,
    Unit,
    UnitNode,
)
from app.units.service import subtree, unit_public

BODY_ZH = {"party_branch": "党组织", "party_plenary": "党组织全体会议",
           "villagers_committee": "村委会", "residents_committee": "居委会",
           "supervisory_committee": "监委会"}
BODY_ORDER = tuple(BODY_ZH)
# What a failing check means on the board (RECORD.md check codes; CAMPAIGN.md §4).
CHECK_ZH = {"quorum": "到会人数不足", "turnout": "参加投票人数不足",
            "reconciliation": "收回选票多于发出", "women_member": "没有女性成员",
            "women_only": "妇女委员未选出", "committee_size": "职数不符合规定",
            "surplus": "差额不符合规定", "issued_le_present": "发出选票多于实到",
            "one_shoulder_missed": "计划“一肩挑”未实现"}


def late_stage(stage: str, plan: dict[str, str], today: date) -> str | None:
    """The first planned stage whose date has passed while the election has not reached it."""
    reached = STAGES.index(stage)  # type: ignore[arg-type]
    for name in STAGES[reached + 1:]:
        due = plan.get(name)
        if due is not None and date.fromisoformat(due) < today:
            return name
    return None


def stage_out(*, id: int, title: str, body: str, stage: str | None,
              plan: dict[str, str] | None, outcome: str | None, failing: list[str] | None,
              today: date) -> ElectionStageOut:
    """An election's line: its stage (准备 before any progress was stored), late or not."""
    stage, plan, outcome = stage or "preparation", plan or {}, outcome or "none"
    late = late_stage(stage, plan, today)
    return ElectionStageOut(
        id=id, title=title, body=body, stage=stage, stage_zh=STAGE_ZH[stage],  # type: ignore[arg-type]
        plan={k: date.fromisoformat(v) for k, v in plan.items()}, late=late is not None,
        late_stage=late, outcome=outcome, needs_round=outcome == "needs_round",  # type: ignore[arg-type]
        failing=list(failing or []))


def elections_below(*, session: Session, unit: Unit, facts: bool = False) -> list[Any]:
    """Every election of a 村/社区 in the subtree with its stored progress, as plain rows
    (id, title, body, unit_id, stage, plan, outcome, failing[, facts]): one indexed query, no
    entity built."""
    columns = [Election.id, Election.title, Election.body, Election.unit_id,
               ElectionProgress.stage, ElectionProgress.plan, ElectionProgress.outcome,
               ElectionProgress.failing]
    if facts:
        columns.append(ElectionProgress.facts)
    rows = session.execute(
        select(*columns)
        .join(Unit, Unit.id == Election.unit_id)  # type: ignore[arg-type]
        .outerjoin(ElectionProgress,
                   ElectionProgress.election_id == Election.id)  # type: ignore[arg-type]
        .where(Unit.path.startswith(unit.path, autoescape=True))  # type: ignore[attr-defined]
        .order_by(Election.unit_id, Election.id))
    return sorted(rows, key=lambda r: (BODY_ORDER.index(r.body), r.id))


def _lines(rows: list[Any], today: date) -> dict[int, list[ElectionStageOut]]:
    by_unit: dict[int, list[ElectionStageOut]] = {}
    for r in rows:
        by_unit.setdefault(r.unit_id, []).append(stage_out(
            id=r.id, title=r.title, body=r.body, stage=r.stage, plan=r.plan, outcome=r.outcome,
            failing=r.failing, today=today))
    return by_unit


def tree(*, session: Session, unit: Unit, today: date) -> list[UnitNode]:
    """The subtree, each 村/社区 with its elections and their stage."""
    by_unit = _lines(elections_below(session=session, unit=unit), today)
    return [UnitNode(**unit_public(u).model_dump(), elections=by_unit.get(u.id or 0, []))
            for u in subtree(session=session, unit=unit)]


def board(*, units: list[Unit], rows: list[Any], root: Unit, today: date,
          unit_checks: dict[int, list[str]] | None = None) -> dict[str, Any]:
    """The board's picture from the subtree's units and `elections_below` rows: totals by
    stage and every 村/社区's line."""
    by_unit = _lines(rows, today)
    names = {u.id: u.name for u in units}
    stages: Counter[str] = Counter()
    lines = []
    late = needs_round = failing = 0
    for unit in units:
        if unit.kind not in VOTING_KINDS:
            continue
        assert unit.id is not None
        elections = by_unit.get(unit.id, [])
        checks = sorted(set((unit_checks or {}).get(unit.id, [])))
        for e in elections:
            stages[e.stage] += 1
        late += sum(e.late for e in elections)
        needs_round += sum(e.needs_round for e in elections)
        bad = sum(bool(e.failing) for e in elections) + bool(checks)
        failing += bad
        lines.append({
            "id": unit.id, "name": unit.name, "kind_zh": KIND_ZH[unit.kind],
            "parent": names.get(unit.parent_id or 0, ""),
            "elections": [{**e.model_dump(mode="json"), "body_zh": BODY_ZH.get(e.body, e.body),
                           "failing_zh": [CHECK_ZH.get(c, c) for c in e.failing]}
                          for e in elections],
            "checks": checks, "checks_zh": [CHECK_ZH.get(c, c) for c in checks],
            "late": any(e.late for e in elections),
            "needs_round": any(e.needs_round for e in elections),
            "failing": bad > 0})
    lines.sort(key=lambda line: (line["parent"], line["name"]))
    return {"unit": unit_public(root).model_dump(mode="json"), "today": today.isoformat(),
            "stages": [{"stage": s, "stage_zh": STAGE_ZH[s], "elections": stages[s]}
                       for s in STAGES],
            "elections": sum(stages.values()), "late": late, "needs_round": needs_round,
            "failing": failing, "units": lines}
