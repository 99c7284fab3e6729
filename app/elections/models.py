"""Elections, their posts and candidates: tables and the API's request/response shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.names import clean_name, clean_note
from app.timeutil import utcnow

BodyName = Literal[
    "party_branch", "party_plenary", "residents_committee", "villagers_committee",
    "supervisory_committee",
]
RoleName = Literal["secretary", "deputy_secretary", "member", "chair", "vice_chair"]
MemberStatus = Literal["full", "probationary", "on_probation", "suspended", "registered"]


class ElectionBase(SQLModel):
    title: str = Field(min_length=1, max_length=200)
    body: BodyName = Field(sa_type=String(32))

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return clean_name(value, limit=200, nfkc=False)


class Election(ElectionBase, table=True):
    __tablename__ = "election"
    id: int | None = Field(default=None, primary_key=True)
    rules: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # party_plenary: the elected 委员 a write-in may name (RECORD.md `election.committee`).
    committee: list[dict[str, Any]] | None = Field(default=None,
                                                    sa_column=Column(JSON, nullable=True))
    # party_plenary: the party_branch election whose result it was created from (one at most).
    plenary_of: int | None = Field(default=None, foreign_key="election.id", index=True,
                                   unique=True)
    # The 村/社区 whose people the election's candidates link to (CAMPAIGN.md §3).
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # One meeting, several ballots: the meeting's first election, whose roll and sign-in
    # this one shares (its posts, candidates, rounds and results are its own).
    roll_of: int | None = Field(default=None, foreign_key="election.id", index=True)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class PostIn(SQLModel):
    id: str = Field(min_length=1, max_length=32, regex=r"^[A-Za-z][A-Za-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=32)
    seats: int = Field(ge=1, le=200)
    role: RoleName | None = None
    women_only: StrictBool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value, limit=32)


class Post(SQLModel, table=True):
    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("election_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    key: str = Field(max_length=32)
    name: str = Field(max_length=32)
    seats: int
    role: str | None = Field(default=None, max_length=32)
    women_only: bool = False
    position: int = 0


class ElectionCreate(ElectionBase):
    rules: dict[str, Any] = Field(default_factory=dict)
    unit_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                description="所属村/社区（与其他选举共用人员信息）；不填则新建")
    posts: list[PostIn] = Field(min_length=1, max_length=20)


class BallotCreate(SQLModel):
    """Another election of the same meeting (e.g. 出席上级党代会代表 beside the committee):
    the same body, roll and sign-in; its own posts, candidates, rounds and result."""

    title: str = Field(min_length=1, max_length=200)
    rules: dict[str, Any] = Field(default_factory=dict)
    posts: list[PostIn] = Field(min_length=1, max_length=20)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return clean_name(value, limit=200, nfkc=False)


class ElectionUpdate(SQLModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    rules: dict[str, Any] | None = None
    posts: list[PostIn] | None = Field(default=None, min_length=1, max_length=20)


class CheckOut(SQLModel):
    code: str
    ok: bool
    actual: int
    required: int
    text: str
    post: str | None = None


class CommitteeMember(SQLModel):
    """An elected 委员 as RECORD.md `election.committee` lists them."""

    name: str = Field(min_length=1, max_length=64)
    surname: str | None = Field(default=None, max_length=8)
    gender: Literal["F", "M"] | None = None


class ElectionPublic(ElectionBase):
    id: int
    rules: dict[str, Any]
    posts: list[PostIn]
    committee: list[CommitteeMember] | None = None
    plenary_of: int | None = None
    unit_id: int | None = None
    roll_of: int | None = None
    created_at: datetime
    locked: bool
    checks: list[CheckOut]


class ElectionCreated(ElectionPublic):
    tokens: dict[str, str]


class CandidateBase(SQLModel):
    name: str = Field(min_length=1, max_length=64)
    surname: str | None = Field(default=None, max_length=8)
    gender: Literal["F", "M"] | None = None
    posts: list[str] = Field(min_length=1, max_length=20)
    member_status: MemberStatus | None = None
    holds_committee_post: StrictBool = Field(
        default=False, description="是村（居）民委员会成员（不含党组织委员；RULES.md §4）")
    committee_relative: StrictBool = Field(
        default=False, description="是村（居）民委员会成员的近亲属（RULES.md §4）")
    note: str | None = Field(default=None, max_length=200)
    person_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                  description="人员信息编号（姓名、性别取自人员信息，不必重填）")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return clean_note(value)

    @field_validator("surname")
    @classmethod
    def _surname(cls, value: str | None) -> str | None:
        return None if value is None else clean_name(value, limit=8)


class Candidate(SQLModel, table=True):
    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("election_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    key: str = Field(max_length=16)
    name: str = Field(max_length=64)
    surname: str | None = Field(default=None, max_length=8)
    gender: str | None = Field(default=None, max_length=1)
    posts: list[str] = Field(sa_column=Column(JSON, nullable=False))
    member_status: str | None = Field(default=None, max_length=16)
    holds_committee_post: bool = False
    committee_relative: bool = False
    note: str | None = Field(default=None, max_length=200)
    person_id: int | None = Field(default=None, foreign_key="person.id")


class CandidateCreate(CandidateBase):
    name: str | None = Field(default=None, min_length=1, max_length=64,  # type: ignore[assignment]
                             description="姓名（关联人员信息时可不填）")


class CandidatePublic(CandidateBase):
    id: str


class CandidateList(SQLModel):
    candidates: list[CandidatePublic]
    checks: list[CheckOut]


class PlenaryPostIn(PostIn):
    """A post of the first plenary (书记, 副书记) and the elected 委员 who stand for it."""

    candidates: list[str] = Field(
        min_length=1, max_length=50,
        description="elected 委员 standing: the candidate id in the party_branch election "
                    "(c01…), or the name of a write-in winner")


class PlenaryCreate(SQLModel):
    title: str | None = Field(default=None, min_length=1, max_length=200,
                              description="default: the party_branch title + 第一次全体会议")
    posts: list[PlenaryPostIn] = Field(min_length=1, max_length=5)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        return None if value is None else clean_name(value, limit=200, nfkc=False)


class ElectedMember(SQLModel):
    """An elected 委员 of a party_branch election: a candidate (`id`) or a write-in winner."""

    id: str | None
    name: str
    surname: str | None = None
    gender: Literal["F", "M"] | None = None
    write_in: bool = False


class PlenaryPreview(SQLModel):
    members: list[ElectedMember]
    plenary_id: int | None
