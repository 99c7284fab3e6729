"""The organisation tree and the elections' progress in the audit log, as `jipiao audit
verify` replays them (CAMPAIGN.md §4: audited like the rest).

An election's stage and plan go into its own chain: the stage and the plan's dates the log
records (set by the organiser, or moved on by a round) must be what the table holds.

A 县's units go into one chain of their own, the tree's: the same hash-chained log, its chain
id the root unit's id negated (election ids are positive). Every unit made below the root and
every change of a unit (name, 一肩挑 plan, previous term's counts) is an event there, and the
replayed tree must be the stored one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.models import AuditEvent, AuditHead
from app.audit.service import append, start_chain
from app.units.models import ElectionProgress, Unit

UNIT_FIELDS = ("name", "kind", "parent_id", "one_shoulder_planned", "previous_term")


@dataclass
class LoggedProgress:
    stage: str = "preparation"
    plan: dict[str, str] = field(default_factory=dict)


def replay_event(log: LoggedProgress, event: AuditEvent) -> bool:
    """Apply a progress event; False when the event is not one."""
    if event.action == "progress.set":
        log.stage, log.plan = str(event.data["stage"]), dict(event.data["plan"])
    elif event.action == "progress.advance":
        log.stage = str(event.data["stage"])
    else:
        return False
    return True


def compare(*, session: Session, election_id: int, log: LoggedProgress) -> list[str]:
    row = session.get(ElectionProgress, election_id)
    stored = ("preparation", {}) if row is None else (row.stage, row.plan)
    if stored != (log.stage, log.plan):
        return ["选举所处阶段或计划日期与日志不符（被改动）"]
    return []


def tree_chain(unit: Unit) -> int:
    """The chain id of the tree `unit` belongs to: its root's id, negated."""
    return -int(unit.path.split("/", 1)[0])


def unit_fields(unit: Unit) -> dict[str, Any]:
    return {k: getattr(unit, k) for k in UNIT_FIELDS}


def log_unit(*, session: Session, unit: Unit, actor: str, action: str,
             data: dict[str, Any]) -> None:
    """Inside a write: a unit's creation or change, in its tree's chain (started with the
    root, or for a tree made before units were audited, with its first logged change)."""
    chain = tree_chain(unit)
    if session.get(AuditHead, chain) is None:
        start_chain(session=session, election_id=chain)
    append(session=session, election_id=chain, actor=actor, action=action,
           target=f"unit:{unit.id}", data=data)


def replay_tree(chain: list[AuditEvent]) -> dict[int, dict[str, Any]]:
    """Every unit of the tree as its log says: id → fields."""
    units: dict[int, dict[str, Any]] = {}
    for event in chain:
        uid = int(event.target.removeprefix("unit:"))
        if event.action == "unit.create":
            units[uid] = {k: event.data.get(k) for k in UNIT_FIELDS}
        elif event.action == "unit.update" and uid in units:
            units[uid].update({k: v for k, v in event.data.items() if k in UNIT_FIELDS})
    return units


def compare_tree(*, session: Session, chain_id: int, chain: list[AuditEvent]) -> list[str]:
    """Where the stored tree differs from the replayed log (Chinese sentences)."""
    root = session.get(Unit, -chain_id)
    if root is None:
        return ["审计日志所属的单位在数据库中不存在（被删除）"]
    logged = replay_tree(chain)
    stored = {u.id: unit_fields(u) for u in session.execute(select(Unit).where(
        Unit.path.startswith(root.path, autoescape=True))).scalars()}  # type: ignore[attr-defined]
    problems = []
    for uid in sorted(set(stored) | set(logged)):
        if uid not in logged:
            problems.append(f"单位{uid}（{stored[uid]['name']}）没有建立记录（被插入）")
        elif uid not in stored:
            problems.append(f"日志中的单位{uid}（{logged[uid]['name']}）在数据库中不存在（被删除）")
        elif stored[uid] != logged[uid]:
            problems.append(f"单位{uid}（{stored[uid]['name']}）与日志不符（名称、上级、计划或上届数字被改动）")
    return problems
