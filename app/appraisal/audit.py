"""民主测评 and 信任票 as `jipiao audit verify` replays them: the settings, every 测评表 and
every set of totals the log records must be what the tables hold (CAMPAIGN.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.appraisal.models import Appraisal, AppraisalEntry
from app.audit.models import AuditEvent
from app.audit.service import canonical


@dataclass
class LoggedAppraisal:
    settings: dict[str, Any] | None = None
    totals: dict[str, str] = field(default_factory=dict)  # vote → canonical totals
    entries: dict[tuple[str, str], str] = field(default_factory=dict)  # canonical ballot


def replay_event(log: LoggedAppraisal, event: AuditEvent) -> bool:
    """Apply an appraisal event; False when the event is not one."""
    data = event.data
    if event.action == "appraisal.settings":
        log.settings = data
    elif event.action == "appraisal.totals":
        log.totals[str(data["vote"])] = canonical(
            {k: v for k, v in data.items() if k != "vote"})
    elif event.action == "appraisal.entry":
        log.entries[(str(data["vote"]), str(data["entry_id"]))] = canonical(data["ballot"])
    else:
        return False
    return True


def compare(*, session: Session, election_id: int, log: LoggedAppraisal) -> list[str]:
    problems = []
    stored = session.get(Appraisal, election_id)
    if (None if stored is None else stored.settings) != log.settings:
        problems.append("民主测评、信任票的设置与日志不符（被改动）")
    totals = {} if stored is None else {k: canonical(v) for k, v in stored.totals.items()}
    if totals != log.totals:
        problems.append("民主测评、信任票的手工汇总与日志不符（被改动）")
    entries = {(e.vote, e.entry_id): canonical(e.ballot) for e in session.execute(
        select(AppraisalEntry).where(AppraisalEntry.election_id == election_id)).scalars()}
    for key in sorted(set(entries) | set(log.entries)):
        if entries.get(key) != log.entries.get(key):
            problems.append(f"测评表录入“{key[1]}”（{key[0]}）与日志不符（被改动、插入或删除）")
    return problems
