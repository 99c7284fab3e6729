"""The roll (党员/选民名册), approved exclusions from 应到, sign-in and proxies."""

from __future__ import annotations

from datetime import datetime

from pydantic import StrictBool, field_validator
from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.elections.models import MemberStatus
from app.names import clean_name, clean_note

STATUS_ZH = {
    "full": "正式党员",
    "probationary": "预备党员",
    "on_probation": "留党察看",
    "suspended": "停止党员权利（留置、逮捕等）",
    "registered": "登记选民（代表）",
}


class VoterIn(SQLModel):
    name: str = Field(min_length=1, max_length=64)
    status: MemberStatus = "full"
    note: str | None = Field(default=None, max_length=200,
                             description="备注；同名者在此注明出生年份或单位加以区分")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return clean_note(value)


def required_reason(value: str) -> str:
    """A reason as written (full-width punctuation kept), never blank."""
    if not value.strip():
        raise ValueError("须说明理由")
    return clean_name(value, limit=200, nfkc=False)


class VoterCorrection(SQLModel):
    """A name or its disambiguator corrected before 核对, with the reason (audited)."""

    name: str = Field(min_length=1, max_length=64)
    note: str | None = Field(default=None, max_length=200)
    reason: str = Field(min_length=1, max_length=200)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return clean_note(value)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return required_reason(value)


class VoterRemoval(SQLModel):
    reason: str = Field(min_length=1, max_length=200)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return required_reason(value)


class Voter(SQLModel, table=True):
    __tablename__ = "voter"
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    name: str = Field(max_length=64)
    status: str = Field(max_length=16)
    note: str | None = Field(default=None, max_length=200)
    exclusion_reason: str | None = Field(default=None, max_length=200)
    exclusion_approval: str | None = Field(default=None, max_length=200)
    signed_in_at: datetime | None = Field(default=None,
                                          sa_column=Column(UTCDateTime(), nullable=True))


class VoterPublic(SQLModel):
    id: int
    number: int = Field(description="序号：签到表上的编号（按姓氏笔画）")
    name: str
    status: MemberStatus
    status_zh: str
    votes: bool
    note: str | None
    exclusion_reason: str | None
    exclusion_approval: str | None
    signed_in: bool


class VotersIn(SQLModel):
    voters: list[VoterIn] = Field(min_length=1, max_length=5000)


class ExclusionIn(SQLModel):
    """An exclusion from 应到 approved by the higher organisation and the meeting (RULES.md §2)."""

    reason: str = Field(min_length=1, max_length=200)
    approval: str = Field(min_length=1, max_length=200,
                          description="批准文号或会议决定的记录编号")


class SignInIn(SQLModel):
    voter_ids: list[int] = Field(min_length=1, max_length=5000)
    present: StrictBool = True
    confirm: StrictBool = Field(default=False, description="撤销签到后实到少于已发出的选票数，"
                                                           "仍然撤销")


class Proxy(SQLModel, table=True):
    __tablename__ = "proxy"
    __table_args__ = (UniqueConstraint("election_id", "grantor_id"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    holder_id: int = Field(foreign_key="voter.id")
    grantor_id: int = Field(foreign_key="voter.id")


class ProxyIn(SQLModel):
    holder_id: int
    grantor_id: int


class ProxyPublic(ProxyIn):
    id: int
    holder_name: str
    grantor_name: str


class ExclusionGroup(SQLModel):
    count: int
    reason: str


class AttendanceOut(SQLModel):
    """应到/实到, derived from the roll — never typed."""

    entitled: int | None
    excluded: list[ExclusionGroup]
    expected: int | None
    present: int
    registered: int | None
    proxies: int
    text: str


class SignInListIn(SQLModel):
    """A pasted list: one name (王伟, 王伟（1970年生）) or 序号 a line."""

    lines: list[str] = Field(min_length=1, max_length=5000)

    @field_validator("lines")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        if any(len(line) > 200 for line in value):
            raise ValueError("每行不能超过200个字")
        return value


class AmbiguousLine(SQLModel):
    line: str
    choices: list[VoterPublic]


class SignInListOut(SQLModel):
    """What a pasted list did: nothing ambiguous or unknown is signed in."""

    signed_in: list[str]
    already: list[str]
    excluded: list[str]
    unknown: list[str]
    ambiguous: list[AmbiguousLine]
    attendance: AttendanceOut
