"""资格联审 of an election's candidates (CAMPAIGN.md §3): its conditions, negative-list items,
the departments' sign-offs, the organiser's exceptions."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import field_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.names import clean_name

ReviewStatus = Literal["clear", "flagged"]
REVIEW_ZH = {"clear": "无问题", "flagged": "有问题"}
TellerDuty = Literal["scrutineer", "counter", "caller"]
DUTY_ZH = {"scrutineer": "监票人", "counter": "计票人", "caller": "唱票人"}

# CAMPAIGN.md §3 — the default negative list: the 十不选, each with the departments that
# check it (the 乡镇 may edit both).
DEFAULT_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("n01", "政治上有问题、违反政治纪律的", ("组织", "纪检监察")),
    ("n02", "受过刑事处罚或者正在被立案侦查的", ("公安",)),
    ("n03", "涉黑涉恶、存在“村霸”问题的", ("公安", "综治")),
    ("n04", "受到党纪政务处分影响期未满或者正在接受审查调查的", ("纪检监察",)),
    ("n05", "被列为失信被执行人的", ("综治",)),
    ("n06", "参与邪教组织、非法宗教活动的", ("公安",)),
    ("n07", "煽动群众闹事、组织非正常上访的", ("信访",)),
    ("n08", "违反生育政策、道德品质败坏的", ("卫健", "民政")),
    ("n09", "长期不在本村（社区）居住、不能正常履职的", ("民政",)),
    ("n10", "有贿选等破坏选举行为的", ("组织", "纪检监察")),
)


class VettingItem(SQLModel):
    id: str = Field(min_length=1, max_length=16, regex=r"^[A-Za-z0-9_-]+$")
    text: str = Field(min_length=1, max_length=100)
    departments: list[str] = Field(min_length=1, max_length=10)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return clean_name(value, limit=100, nfkc=False)

    @field_validator("departments")
    @classmethod
    def _departments(cls, value: list[str]) -> list[str]:
        return [clean_name(d, limit=16) for d in value]


class TellerIn(SQLModel):
    """A 监票/计票/唱票 person: neither a candidate nor a candidate's close relative."""

    person_id: int = Field(ge=1, le=2**31 - 1)
    duty: TellerDuty


def default_items() -> list[VettingItem]:
    return [VettingItem(id=i, text=t, departments=list(d)) for i, t, d in DEFAULT_ITEMS]


class VettingIn(SQLModel):
    """The conditions as data (CAMPAIGN.md §3); every field but the date has a default."""

    reference_date: date = Field(description="计算年龄、党龄的基准日（如选举日）")
    max_age: int | None = Field(default=55, ge=18, le=120, description="最大年龄（周岁）")
    min_education: str | None = Field(default="初中", description="最低文化程度")
    party_member: bool | None = Field(default=None,
                                      description="须为中共正式党员（默认：党组织选举是）")
    min_party_years: int | None = Field(default=None, ge=0, le=80, description="最低党龄（年）")
    items: list[VettingItem] = Field(default_factory=default_items, min_length=1, max_length=40)
    tellers: list[TellerIn] = Field(default_factory=list, max_length=50)


class Vetting(SQLModel, table=True):
    __tablename__ = "vetting"
    election_id: int = Field(foreign_key="election.id", primary_key=True)
    reference_date: date
    max_age: int | None = None
    min_education: str | None = Field(default=None, max_length=16)
    party_member: bool = False
    min_party_years: int | None = None
    items: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    tellers: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))


class ReviewIn(SQLModel):
    person_id: int = Field(ge=1, le=2**31 - 1)
    item: str = Field(min_length=1, max_length=16)
    department: str | None = Field(default=None, max_length=16,
                                   description="审核部门（联审部门口令不填，取口令的部门）")
    status: ReviewStatus
    reviewer: str = Field(min_length=1, max_length=64, description="审核人")
    reviewed_on: date
    note: str | None = Field(default=None, max_length=200)

    @field_validator("reviewer")
    @classmethod
    def _reviewer(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else clean_name(value, limit=200)


class Review(SQLModel, table=True):
    __tablename__ = "vetting_review"
    __table_args__ = (UniqueConstraint("election_id", "person_id", "item", "department"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    item: str = Field(max_length=16)
    department: str = Field(max_length=16)
    status: str = Field(max_length=8)
    reviewer: str = Field(max_length=64)
    reviewed_on: date
    note: str | None = Field(default=None, max_length=200)


class ExceptionIn(SQLModel):
    person_id: int = Field(ge=1, le=2**31 - 1)
    condition: str = Field(min_length=1, max_length=32,
                           description="所豁免的条件（finding 的 code）")
    reason: str = Field(min_length=1, max_length=200)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return clean_name(value, limit=200, nfkc=False)


class Exemption(SQLModel, table=True):
    __tablename__ = "vetting_exception"
    __table_args__ = (UniqueConstraint("election_id", "person_id", "condition"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    condition: str = Field(max_length=32)
    reason: str = Field(max_length=200)
    granted_by: str = Field(max_length=100)


class FindingOut(SQLModel):
    code: str
    text: str
    exemptable: bool
    exception: str | None = None  # the reason, when the organiser granted one


class SignOffOut(SQLModel):
    item: str
    department: str
    status: ReviewStatus | None  # None: not yet signed
    reviewer: str | None = None
    reviewed_on: date | None = None
    note: str | None = None


class CandidateVetting(SQLModel):
    candidate: str  # c01…
    name: str
    person_id: int | None
    passed: bool
    reasons: list[str]  # why not 审核通过 (empty when passed)
    findings: list[FindingOut]
    sign_offs: list[SignOffOut]


class VettingPublic(SQLModel):
    enabled: bool
    rules: VettingIn | None
    departments: list[str]
    candidates: list[CandidateVetting]
    teller_findings: list[str]
    passed: bool
