"""The nomination as `jipiao audit verify` replays it: every recommendation ballot, each
meeting's attendance and totals, the settings, the 党委's list, the 预选 and the decision the log
records must be what the tables hold (CAMPAIGN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.models import AuditEvent
from app.audit.service import canonical
from app.nomination.models import Nomination, NominationEntry, NominationMeeting
from app.nomination.service import meeting_facts


@dataclass
class LoggedNomination:
    entries: dict[tuple[str, str], str] = field(default_factory=dict)  # canonical ballot
    undone: dict[tuple[str, str], str] = field(default_factory=dict)  # the reason
    meetings: dict[str, str] = field(default_factory=dict)  # canonical facts
    rules: dict[str, Any] | None = None
    committee_list: dict[str, Any] | None = None
    decision: dict[str, Any] | None = None
    signers: dict[str, Any] | None = None
    forms: list[Any] = field(default_factory=list)
    preselections: list[Any] = field(default_factory=list)


def replay_event(log: LoggedNomination, event: AuditEvent) -> bool:
    """Apply a nomination event; False when the event is not one."""
    data = event.data
    if event.action == "nomination.entry":
        log.entries[(str(data["kind"]), str(data["entry_id"]))] = canonical(data["ballot"])
    elif event.action == "nomination.undo":
        log.undone[(str(data["kind"]), str(data["entry_id"]))] = str(data["reason"])
    elif event.action == "nomination.meeting":
        log.meetings[str(data["kind"])] = canonical(
            {k: v for k, v in data.items() if k != "kind"})
    elif event.action == "nomination.rules":
        log.rules = data
    elif event.action == "nomination.committee_list":
        log.committee_list = data["posts"]
    elif event.action == "nomination.decision":
        log.decision = data
    elif event.action == "nomination.signers":
        log.signers = data
    elif event.action == "nomination.form":
        log.forms.append(data)
    elif event.action == "nomination.preselection":
        log.preselections.append(data)
    else:
        return False
    return True


def compare(*, session: Session, election_id: int, log: LoggedNomination) -> list[str]:
    problems = []
    rows = list(session.execute(
        select(NominationEntry).where(NominationEntry.election_id == election_id)).scalars())
    entries = {(e.kind, e.entry_id): canonical(e.ballot) for e in rows}
    for key in sorted(set(entries) | set(log.entries)):
        if entries.get(key) != log.entries.get(key):
            problems.append(f"推荐票录入“{key[1]}”（{key[0]}）与日志不符（被改动、插入或删除）")
    undone = {(e.kind, e.entry_id): e.void_reason for e in rows if e.void_reason is not None}
    if undone != log.undone:
        problems.append("推荐票的撤销与日志不符（被改动）")
    meetings = {m.kind: canonical(meeting_facts(m)) for m in session.execute(
        select(NominationMeeting).where(NominationMeeting.election_id == election_id)).scalars()}
    if meetings != log.meetings:
        problems.append("推荐会议的人数或手工汇总与日志不符（被改动）")
    stored = session.get(Nomination, election_id)
    rules, listed, decision = ((None, None, None) if stored is None else
                               (stored.rules or None, stored.committee_list or None,
                                stored.decision))
    if rules != (log.rules or None) or listed != (log.committee_list or None):
        problems.append("推荐规则设置或党委名单与日志不符（被改动）")
    if decision != log.decision:
        problems.append("初步人选的决定与日志不符（被改动）")
    signers, forms = (None, []) if stored is None else (stored.signers or None, stored.forms)
    if signers != (log.signers or None) or canonical(forms) != canonical(log.forms):
        problems.append("联名推荐表或可联名人员名单与日志不符（被改动）")
    held = [] if stored is None else stored.preselections
    if canonical(held) != canonical(log.preselections):
        problems.append("预选结果与日志不符（被改动、插入或删除）")
    return problems
