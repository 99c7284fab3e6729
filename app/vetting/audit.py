"""The 资格联审 as `jipiao audit verify` replays it: the conditions, every sign-off and every
exception the log records must be what the tables hold (CAMPAIGN.md §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.models import AuditEvent
from app.vetting.models import Exemption, Review, Vetting

RULE_FIELDS = ("reference_date", "max_age", "min_education", "party_member", "min_party_years",
               "items", "tellers")


@dataclass
class LoggedVetting:
    rules: dict[str, Any] | None = None
    reviews: dict[tuple[int, str, str], tuple[Any, ...]] = field(default_factory=dict)
    exceptions: dict[tuple[int, str], str] = field(default_factory=dict)


def replay_event(log: LoggedVetting, event: AuditEvent) -> bool:
    """Apply a vetting event; False when the event is not one."""
    data = event.data
    if event.action == "vetting.rules":
        log.rules = {k: data.get(k) for k in RULE_FIELDS}
    elif event.action == "vetting.review":
        key = (int(data["person_id"]), str(data["item"]), str(data["department"]))
        log.reviews[key] = (data["status"], data["reviewer"], data["reviewed_on"], data["note"])
    elif event.action == "vetting.exception":
        log.exceptions[(int(data["person_id"]), str(data["condition"]))] = str(data["reason"])
    else:
        return False
    return True


def compare(*, session: Session, election_id: int, log: LoggedVetting) -> list[str]:
    problems = []
    rules = session.get(Vetting, election_id)
    stored = None if rules is None else {
        "reference_date": rules.reference_date.isoformat(), "max_age": rules.max_age,
        "min_education": rules.min_education, "party_member": rules.party_member,
        "min_party_years": rules.min_party_years, "items": rules.items,
        "tellers": rules.tellers}
    if stored != log.rules:
        problems.append("资格联审条件与日志不符（被改动）")
    reviews = {(r.person_id, r.item, r.department): (r.status, r.reviewer,
                                                     r.reviewed_on.isoformat(), r.note)
               for r in session.execute(
                   select(Review).where(Review.election_id == election_id)).scalars()}
    for key in sorted(set(reviews) | set(log.reviews)):
        if reviews.get(key) != log.reviews.get(key):
            problems.append(f"人员{key[0]}“{key[1]}”的{key[2]}审核意见与日志不符（被改动）")
    exceptions = {(e.person_id, e.condition): e.reason for e in session.execute(
        select(Exemption).where(Exemption.election_id == election_id)).scalars()}
    if exceptions != log.exceptions:
        problems.append("资格联审的例外决定与日志不符（被改动）")
    return problems
