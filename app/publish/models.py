"""What the public sees of a published election."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import SQLModel

from app.rounds.models import RoundKind


class PublicRound(SQLModel):
    id: int
    number: int
    key: str
    kind: RoundKind
    published_at: datetime
    signed_off_by: str | None
    record_sha256: str
    result_sha256: str
    result: dict[str, Any]
    # The hash of the audit event that published the round (and its place in the chain):
    # `jipiao audit verify --anchor` proves the log up to it was not rewritten.
    audit_anchor: str | None = None
    audit_seq: int | None = None


class PublicElection(SQLModel):
    id: int
    title: str
    body: str
    rounds: list[PublicRound]
