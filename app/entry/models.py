"""Ballots as they are read out, one row each; corrections keep the old row (voided)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.names import clean_name
from app.timeutil import utcnow

MarkName = Literal["yes", "no", "abstain", "unreadable"]
WriteInMarkName = Literal["yes", "no", "none"]
Channel = Literal["A", "B"]
# What one sheet can hold: posts, candidates per post, 另选他人 columns per post (a sheet
# prints as many columns as seats; more written in are still an overvote, up to this).
MAX_POSTS = 20
MAX_CANDIDATES = 500
MAX_WRITE_INS = 50


class BallotEntry(SQLModel, table=True):
    __tablename__ = "ballot_entry"
    # Also the index of every "entries of this round" query (its leading column). A second
    # index led on round_id tempted PostgreSQL, before it had statistics for a new round,
    # into filtering every entry of the round to find a few entry ids.
    __table_args__ = (UniqueConstraint("round_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    entry_id: str = Field(max_length=64)
    channel: str = Field(default="A", max_length=1)
    # Order of the ballot in its channel; a replacement keeps the place of what it replaces.
    sort_key: int = Field(sa_column=Column(BigInteger, nullable=False))
    ballot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    response: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    valid: bool
    voided: bool = False
    void_reason: str | None = Field(default=None, max_length=200)
    voided_by: str | None = Field(default=None, max_length=100)
    replaces_id: int | None = None
    # The box (RECORD.md round `boxes`) the ballot came from, when boxes are counted apart.
    box: str | None = Field(default=None, max_length=32)
    clerk: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class Resolution(SQLModel, table=True):
    """A 监票人's decision on a place where the two clerks' entries differ."""

    __tablename__ = "resolution"
    __table_args__ = (UniqueConstraint("round_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    position: int
    ballot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    seen: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    reason: str = Field(max_length=200)
    resolved_by: str = Field(max_length=100)


class WriteInIn(SQLModel):
    name: str = Field(min_length=1, max_length=64)
    mark: WriteInMarkName = "yes"

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)


class BallotIn(SQLModel):
    """One RECORD.md ballot: marks per post per candidate id, write-ins per post, or void."""

    marks: dict[str, Annotated[dict[str, MarkName], Field(max_length=MAX_CANDIDATES)]] = Field(
        default_factory=dict, max_length=MAX_POSTS)
    write_ins: dict[str, Annotated[list[WriteInIn], Field(max_length=MAX_WRITE_INS)]] = Field(
        default_factory=dict, max_length=MAX_POSTS)
    void: StrictBool = False


class EntryIn(BallotIn):
    entry_id: str = Field(min_length=1, max_length=64, regex=r"^[A-Za-z0-9_.:-]+$",
                          description="客户端生成的唯一编号；重发同一编号不会重复计入")
    channel: Channel = "A"
    box: str | None = Field(default=None, max_length=32,
                            description="票箱编号（各票箱分别计票时）；只有一个逐张录入的票箱时可省略")


class SectionOut(SQLModel):
    valid: bool
    code: str | None = None
    text: str | None = None


class EntryResult(SQLModel):
    entry_id: str
    channel: Channel
    position: int
    valid: bool
    void: bool
    sections: dict[str, SectionOut]
    message: str
    undone: bool = False  # a resent entry that was undone (作废更正) since: not counted


class EntryPublic(SQLModel):
    entry_id: str
    channel: Channel
    ballot: dict[str, Any]
    valid: bool
    voided: bool
    void_reason: str | None
    voided_by: str | None
    replaces: str | None
    clerk: str
    created_at: datetime


class CorrectionIn(SQLModel):
    reason: str = Field(min_length=1, max_length=200)
    replacement: EntryIn | None = None


class TotalsIn(SQLModel):
    """Hand-counted 正字 sheets (RECORD.md `totals`); replacing earlier totals needs a reason."""

    totals: dict[str, Any]
    ballots_void: int = Field(default=0, ge=0)
    reason: str | None = Field(default=None, max_length=200)
    box: str | None = Field(default=None, max_length=32,
                            description="只录这一个票箱的汇总（其余票箱逐张录入）")


class Difference(SQLModel):
    position: int
    a: dict[str, Any] | None
    b: dict[str, Any] | None
    resolved: dict[str, Any] | None


class ResolveIn(SQLModel):
    ballot: BallotIn
    reason: str = Field(min_length=1, max_length=200)
