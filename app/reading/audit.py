"""The scanned sheets as `jipiao audit verify` replays them: every kept image is the one whose
hash the log recorded when it came in, a confirmed sheet names the entry it became, and a
sheet set aside was set aside in the log."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from app.audit.models import AuditEvent
from app.reading.models import ScanSheet
from app.rounds.models import Round


@dataclass
class LoggedSheets:
    images: dict[int, str] = field(default_factory=dict)  # sheet id → SHA-256 of the image
    confirmed: dict[int, str] = field(default_factory=dict)  # sheet id → its entry id
    set_aside: set[int] = field(default_factory=set)


def replay_event(log: LoggedSheets, event: AuditEvent) -> bool:
    """A `sheet.*` event into `log`; False for any other event."""
    if event.action == "sheet.add":
        log.images[int(event.data["sheet"])] = str(event.data["sha256"])
    elif event.action == "sheet.confirm":  # a paper ballot of several pages: "sheets"
        for sid in event.data.get("sheets", [event.data["sheet"]]):
            log.confirmed[int(sid)] = str(event.data["entry_id"])
    elif event.action == "sheet.set_aside":
        log.set_aside.update(int(sid) for sid in event.data["sheets"])
    else:
        return False
    return True


def compare(*, session: Session, election_id: int, log: LoggedSheets) -> list[str]:
    """Where the stored sheets differ from the log (each image hashed again, a few at a time:
    a big meeting keeps thousands)."""
    problems: list[str] = []
    seen: set[int] = set()
    rows = session.execute(
        select(ScanSheet.id, ScanSheet.source, ScanSheet.sha256, ScanSheet.image,  # type: ignore[call-overload]
               ScanSheet.state, ScanSheet.entry_id)
        .join(Round, Round.id == ScanSheet.round_id)  # type: ignore[arg-type]
        .where(Round.election_id == election_id)
        .order_by(ScanSheet.id)
        .execution_options(yield_per=16))
    for sid, source, sha256, image, state, entry_id in rows:
        seen.add(sid)
        logged, where = log.images.get(sid), f"扫描选票{sid}（{source}）"
        if logged is None:
            problems.append(f"{where}没有上传记录（被插入）")
        elif hashlib.sha256(image).hexdigest() != logged or sha256 != logged:
            problems.append(f"{where}的图像与日志记录的哈希值不符（被改动）")
        elif (entry_id if state == "confirmed" else None) != log.confirmed.get(sid):
            problems.append(f"{where}的确认记录与日志不符（被改动）")
        elif (state == "set_aside") != (sid in log.set_aside):
            problems.append(f"{where}的搁置记录与日志不符（被改动）")
    for sid in sorted(set(log.images) - seen):
        problems.append(f"扫描选票{sid}在日志中，数据库中却没有（被删除）")
    return problems
