"""Nomination of an election's candidates (CAMPAIGN.md §1): the 两推 recommendation meetings
or the 海推, entered per ballot or as hand-counted totals; the 党委's list; the organiser's
decision of the 初步人选."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.names import clean_name
from app.timeutil import utcnow

# representatives: 群众推荐, members: 党员推荐 (两推); direct: the 海推 of a 村/居委会.
MeetingKind = Literal["representatives", "members", "direct"]
MEETING_ZH = {"representatives": "群众推荐", "members": "党员推荐", "direct": "直接提名（海推）"}
MAX_NAMES = 50  # names one section of a ballot can hold (more is a typing accident)
MAX_POSTS = 20
Name = Annotated[str, Field(min_length=1, max_length=64)]


def clean_names(value: dict[str, list[str]]) -> dict[str, list[str]]:
    return {post: [clean_name(n) for n in names] for post, names in value.items()}


def clean_votes(value: dict[str, int]) -> dict[str, int]:
    """Votes by name, the names cleaned (two spellings of one name add up)."""
    out: dict[str, int] = {}
    for name, n in value.items():
        out[clean_name(name)] = out.get(clean_name(name), 0) + n
    return out


class Nomination(SQLModel, table=True):
    """An election's nomination settings, the 党委's list and the organiser's decision."""

    __tablename__ = "nomination"
    election_id: int = Field(foreign_key="election.id", primary_key=True)
    rules: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    committee_list: dict[str, Any] = Field(default_factory=dict,
                                           sa_column=Column(JSON, nullable=False))
    decision: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # 居委会 (CAMPAIGN.md §1): who may sign a 联名 form besides the roll, and the forms.
    signers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    forms: list[dict[str, Any]] = Field(default_factory=list,
                                        sa_column=Column(JSON, nullable=False))
    # 海推 (CAMPAIGN.md §1): each 预选 held, in order, as the record has it.
    preselections: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class NominationMeeting(SQLModel, table=True):
    """One meeting's attendance and, when counted by hand, its totals."""

    __tablename__ = "nomination_meeting"
    __table_args__ = (UniqueConstraint("election_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    kind: str = Field(max_length=16)
    expected: int | None = None
    present: int | None = None
    ballots_issued: int | None = None
    ballots_returned: int | None = None  # with totals only: per ballot, the entries count
    totals: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class NominationEntry(SQLModel, table=True):
    """One recommendation (or 海推 nomination) ballot as it is read out."""

    __tablename__ = "nomination_entry"
    __table_args__ = (UniqueConstraint("election_id", "kind", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    kind: str = Field(max_length=16)
    entry_id: str = Field(max_length=64)
    ballot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    response: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    clerk: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))
    # Undone (a typing mistake): kept, not counted; the reason and who undid it.
    void_reason: str | None = Field(default=None, max_length=200)
    voided_by: str | None = Field(default=None, max_length=100)


class NamingBallotIn(SQLModel):
    """The names written per post on one ballot (CAMPAIGN.md §1), or a void ballot."""

    entry_id: str = Field(min_length=1, max_length=64, regex=r"^[A-Za-z0-9_.:-]+$",
                          description="客户端生成的唯一编号；重发同一编号不会重复计入")
    names: dict[str, Annotated[list[Name], Field(max_length=MAX_NAMES)]] = Field(
        default_factory=dict, max_length=MAX_POSTS)
    void: StrictBool = False

    @field_validator("names")
    @classmethod
    def _names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return clean_names(value)


class UndoIn(SQLModel):
    reason: str = Field(min_length=1, max_length=200, description="撤销理由，如 录错姓名")

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return clean_name(value, limit=200, nfkc=False)


class NamingEntryPublic(SQLModel):
    entry_id: str
    position: int
    ballot: dict[str, Any]
    message: str
    clerk: str
    void_reason: str | None
    voided_by: str | None


class SectionVerdict(SQLModel):
    valid: bool
    text: str | None = None


class NamingEntryResult(SQLModel):
    entry_id: str
    position: int
    void: bool
    sections: dict[str, SectionVerdict]
    message: str
    undone: bool = False  # a resent entry that was undone since: not counted


class PostTotalsIn(SQLModel):
    invalid: int = Field(default=0, ge=0, le=1_000_000)
    votes: dict[Name, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=dict, max_length=500)

    @field_validator("votes")
    @classmethod
    def _votes(cls, value: dict[str, int]) -> dict[str, int]:
        return clean_votes(value)


class MeetingIn(SQLModel):
    """A meeting's attendance (两推: expected and present) and, counted by hand, its totals."""

    expected: int | None = Field(default=None, ge=1, le=1_000_000, description="应到人数")
    present: int | None = Field(default=None, ge=0, le=1_000_000, description="实到人数")
    ballots_issued: int | None = Field(default=None, ge=0, le=1_000_000, description="发出票数")
    ballots_returned: int | None = Field(default=None, ge=0, le=1_000_000,
                                         description="收回票数（录入汇总时必填）")
    totals: dict[str, PostTotalsIn] | None = Field(
        default=None, max_length=MAX_POSTS, description="手工汇总：每个职位的无效票和各人得票")


class MeetingPublic(SQLModel):
    kind: MeetingKind
    name: str
    expected: int | None
    present: int | None
    ballots_issued: int | None
    ballots_returned: int
    mode: Literal["ballots", "totals", "none"]
    totals: dict[str, Any] | None


class NominationRulesIn(SQLModel):
    """⚙ settings of CAMPAIGN.md §1, as docs/nomination-record.md's `election.rules`."""

    rules: dict[str, Any] = Field(default_factory=dict)
    recommend_limit: dict[str, Annotated[int, Field(ge=1, le=200)]] = Field(
        default_factory=dict, max_length=MAX_POSTS,
        description="两推：每张推荐票每个职位最多推荐几人（默认书记1、副书记1、委员应选名额加1）")


class CommitteeListIn(SQLModel):
    """The 乡镇/街道党委's own list per post (CAMPAIGN.md §1), shown beside the result."""

    posts: dict[str, Annotated[list[Name], Field(max_length=MAX_NAMES)]] = Field(
        default_factory=dict, max_length=MAX_POSTS)

    @field_validator("posts")
    @classmethod
    def _posts(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return clean_names(value)


class DecisionIn(SQLModel):
    """The organiser's 初步人选 per post (names as in the ranked table)."""

    posts: dict[str, Annotated[list[Name], Field(max_length=MAX_NAMES)]] = Field(
        min_length=1, max_length=MAX_POSTS)
    decided_by: str = Field(min_length=1, max_length=64, description="决定人（姓名、职务）")

    @field_validator("posts")
    @classmethod
    def _posts(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return clean_names(value)

    @field_validator("decided_by")
    @classmethod
    def _decided_by(cls, value: str) -> str:
        return clean_name(value, nfkc=False)


class SignersIn(SQLModel):
    """Who may sign a 联名 form besides the registered voters: 户代表, 居民小组代表."""

    households: Annotated[list[Name], Field(max_length=5000)] = Field(default_factory=list)
    group_representatives: Annotated[list[Name], Field(max_length=500)] = Field(
        default_factory=list)

    @field_validator("households", "group_representatives")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [clean_name(n) for n in value]


class JointFormIn(SQLModel):
    """A 联名 (or 自荐) nomination form of a 居委会 (CAMPAIGN.md §1)."""

    post: str = Field(min_length=1, max_length=32)
    person: Name
    kind: Literal["voters", "households", "group_representatives", "self"] = Field(
        description="voters 选民联名、households 户代表联名、"
                    "group_representatives 居民小组代表联名、self 自荐")
    signers: Annotated[list[Name], Field(max_length=500)] = Field(default_factory=list)

    @field_validator("person")
    @classmethod
    def _person(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("signers")
    @classmethod
    def _signers(cls, value: list[str]) -> list[str]:
        return [clean_name(n) for n in value]


class PreselectionIn(SQLModel):
    """A 预选 held (CAMPAIGN.md §1), counted by hand: the ballots returned, the invalid ones
    and each person's votes (everyone the 预选 is among; one left out has 0)."""

    post: str = Field(min_length=1, max_length=32)
    ballots_returned: int = Field(ge=0, le=1_000_000, description="收回票数")
    invalid: int = Field(default=0, ge=0, le=1_000_000, description="无效票数")
    votes: dict[Name, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=dict, max_length=MAX_NAMES, description="各人得票")

    @field_validator("votes")
    @classmethod
    def _votes(cls, value: dict[str, int]) -> dict[str, int]:
        return clean_votes(value)


class NamedPerson(SQLModel):
    key: str
    name: str
    person_id: int | None


class NominationPublic(SQLModel):
    body: str
    post_names: dict[str, str]
    kinds: list[MeetingKind]
    rules: dict[str, Any]
    recommend_limit: dict[str, int]
    meetings: list[MeetingPublic]
    committee_list: dict[str, list[str]]
    people: list[NamedPerson]
    result: dict[str, Any] | None
    problems: list[str]
    decision: dict[str, Any] | None
    signers: dict[str, Any]
    forms: list[dict[str, Any]]
    preselections: list[dict[str, Any]] = Field(default_factory=list)
