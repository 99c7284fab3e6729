"""The append-only, hash-chained audit log: one chain per election."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

GENESIS = "0" * 64


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("election_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(index=True)
    seq: int
    at: str = Field(max_length=40)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=64)
    target: str = Field(max_length=100)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The chain's last link; locking this row orders concurrent writers of one election."""

    __tablename__ = "audit_head"
    election_id: int = Field(primary_key=True)
    seq: int = 0
    hash: str = Field(default=GENESIS, max_length=64)


class AuditEventPublic(SQLModel):
    seq: int
    at: str
    actor: str
    action: str
    target: str
    data: dict[str, Any]
    prev_hash: str
    hash: str
