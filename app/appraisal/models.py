"""民主测评 and 信任票 of an election's 村/社区 (CAMPAIGN.md §2): the settings (who is appraised,
the options, the 信任票 and who stands in them, the 入户调查), and each vote's 测评表 entered
per ballot or as hand-counted totals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.names import clean_name
from app.timeutil import utcnow

EVALUATION = "evaluation"  # the 民主测评; any other vote id is a 信任票
Key = Annotated[str, Field(min_length=1, max_length=32, regex=r"^[A-Za-z][A-Za-z0-9_-]*$")]
MAX_SUBJECTS = 60


class Appraisal(SQLModel, table=True):
    """An election's appraisal settings and the hand-counted totals of each vote."""

    __tablename__ = "appraisal"
    election_id: int = Field(foreign_key="election.id", primary_key=True)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    totals: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AppraisalEntry(SQLModel, table=True):
    """One 测评表 (or 信任票) as it is read out."""

    __tablename__ = "appraisal_entry"
    __table_args__ = (UniqueConstraint("election_id", "vote", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    vote: str = Field(max_length=32)
    entry_id: str = Field(max_length=64)
    ballot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    clerk: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class SubjectIn(SQLModel):
    id: Key
    name: str = Field(min_length=1, max_length=64, description="被测评人姓名（职务），或“班子”")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)  # NFKC, as the record reader has names


class TrustVoteIn(SQLModel):
    id: Key
    name: str = Field(min_length=1, max_length=64, description="如 党员信任票、村民代表信任票")
    people: list[SubjectIn] = Field(min_length=1, max_length=MAX_SUBJECTS)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value, nfkc=False)


class SurveyIn(SQLModel):
    households: int = Field(ge=1, le=1_000_000, description="应调查户数")
    surveyed: int = Field(ge=0, le=1_000_000, description="已入户调查户数")


class AppraisalIn(SQLModel):
    """docs/appraisal-record.md: the rules, the 民主测评's subjects, the 信任票, the survey."""

    rules: dict[str, Any] = Field(default_factory=dict,
                                  description="appraisal_options, dissatisfied_flag")
    subjects: list[SubjectIn] = Field(default_factory=list, max_length=MAX_SUBJECTS,
                                      description="民主测评对象：班子和每位成员")
    trust_votes: list[TrustVoteIn] = Field(default_factory=list, max_length=5)
    survey: SurveyIn | None = None


class MarksIn(SQLModel):
    """One 测评表: an option per subject (or “invalid”), or a 信任票: trust / distrust /
    abstain per person; a subject left out is blank; `void`: the whole ballot invalid."""

    entry_id: str = Field(min_length=1, max_length=64, regex=r"^[A-Za-z0-9_.:-]+$",
                          description="客户端生成的唯一编号；重发同一编号不会重复计入")
    marks: dict[str, Annotated[str, Field(min_length=1, max_length=16)]] = Field(
        default_factory=dict, max_length=MAX_SUBJECTS)
    void: StrictBool = False


class AppraisalTotalsIn(SQLModel):
    ballots_returned: int = Field(ge=0, le=1_000_000)
    totals: dict[str, dict[str, Annotated[int, Field(ge=0, le=1_000_000)]]] = Field(
        max_length=MAX_SUBJECTS,
        description="民主测评：{对象: {选项: 票数, invalid: 无效}}；"
                    "信任票：{人: {trust, distrust}}")


class MarksAnswer(SQLModel):
    entry_id: str
    position: int
    message: str


class VotePublic(SQLModel):
    id: str
    name: str
    mode: Literal["ballots", "totals", "none"]
    ballots_returned: int


class AppraisalPublic(SQLModel):
    settings: dict[str, Any]
    options: list[str]
    votes: list[VotePublic]
    result: dict[str, Any] | None
    problems: list[str]
