"""Timestamps: stored and exchanged in UTC, always aware; shown in the configured zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def local_text(moment: datetime | None, zone: str) -> str:
    """`moment` as people read it where the meeting is (JIPIAO_TIMEZONE), e.g. 2026-11-29 20:15."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # (SQLite gives back naive UTC)
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
