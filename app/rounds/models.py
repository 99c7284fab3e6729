"""Rounds of voting and their state machine (see `app.rounds.states`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import StrictBool
from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.elections.models import CheckOut
from app.timeutil import utcnow

RoundState = Literal["draft", "quorum_checked", "issued", "counting", "counted", "published",
                     "void"]
RoundKind = Literal["regular", "tie_break", "supplementary"]


class Round(SQLModel, table=True):
    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("election_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    number: int
    kind: str = Field(max_length=16)
    state: str = Field(default="draft", max_length=16)
    # RECORD.md round `posts` for tie-break / 另行选举 rounds, from the previous `next_round`.
    contests: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    repeats_round: int | None = None
    double_entry: bool = False
    attendance: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    totals: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    ballots_void: int | None = None
    # RULES.md §3 "Boxes": [{id, kind, name, carrier?, scrutineers?, issued?, returned?,
    # totals?, ballots_void?}] — the RECORD.md round `boxes`, a box's 正字 totals included.
    boxes: list[dict[str, Any]] | None = Field(default=None,
                                               sa_column=Column(JSON, nullable=True))
    decisions: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    checks: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    signed_off_by: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = Field(default=None,
                                          sa_column=Column(UTCDateTime(), nullable=True))
    published_record: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    published_result: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    record_sha256: str | None = Field(default=None, max_length=64)
    result_sha256: str | None = Field(default=None, max_length=64)
    version: int = 0
    # Active (not voided) entries per channel, kept by every writer of `ballot_entry` under
    # the round's lock: a ballot's place and the "too many ballots" check need no count(*).
    entered_a: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    entered_b: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))

    @property
    def key(self) -> str:
        """The round's id inside the RECORD.md document: r1, r2, …"""
        return f"r{self.number}"


class RoundCreate(SQLModel):
    double_entry: StrictBool = False


class NextRoundCreate(SQLModel):
    double_entry: StrictBool = False
    # RULES.md §2 — a 书记/副书记 list the result leaves empty (`needs_nomination`): the
    # organiser names elected 委员 (candidate ids) per post.
    nominations: dict[str, list[str]] | None = Field(
        default=None, description="post id → candidate ids, only for posts whose next-round "
                                  "list is empty (needs_nomination)")


BoxKind = Literal["main", "station", "mobile"]


class BoxIn(SQLModel):
    """A ballot box (RULES.md §3 "Boxes"): the 中心会场's, a 投票站's or a 流动票箱."""

    id: str = Field(min_length=1, max_length=32, regex=r"^[A-Za-z0-9_.-]+$")
    kind: BoxKind = "station"
    name: str = Field(min_length=1, max_length=64)
    carrier: str | None = Field(default=None, max_length=100, description="流动票箱：携带人")
    scrutineers: str | None = Field(default=None, max_length=200,
                                    description="流动票箱：随箱监票人")


class BoxesIn(SQLModel):
    boxes: list[BoxIn] = Field(max_length=50)


class IssueIn(SQLModel):
    ballots_issued: int | None = Field(default=None, ge=0, le=1_000_000)
    boxes: dict[str, int] | None = Field(default=None,
                                         description="box id → ballots issued to that box")


class ReturnIn(SQLModel):
    ballots_returned: int | None = Field(default=None, ge=0, le=1_000_000)
    boxes: dict[str, int] | None = Field(default=None,
                                         description="box id → ballots found in that box")


class CountsCorrectionIn(SQLModel):
    """发出/收回 corrected before the first ballot is entered (each figure omitted stays)."""

    ballots_issued: int | None = Field(default=None, ge=0, le=1_000_000)
    ballots_returned: int | None = Field(default=None, ge=0, le=1_000_000)
    boxes_issued: dict[str, int] | None = Field(default=None,
                                                description="box id → ballots issued to it")
    boxes_returned: dict[str, int] | None = Field(default=None,
                                                  description="box id → ballots found in it")
    reason: str = Field(min_length=1, max_length=200, description="更正理由")


class SignOffIn(SQLModel):
    names: str = Field(min_length=1, max_length=200, description="总监票人、监票人签名（姓名）")


class DecisionsIn(SQLModel):
    """A meeting decision after the count (RULES.md §6.4): reduce seats to those filled."""

    reduce_seats: dict[str, int]
    decided_by: str = Field(min_length=1, max_length=200)


class RoundPublic(SQLModel):
    id: int
    number: int
    key: str
    kind: RoundKind
    state: RoundState
    state_zh: str
    contests: dict[str, Any] | None
    repeats_round: int | None
    double_entry: bool
    attendance: dict[str, Any] | None
    ballots_issued: int | None
    ballots_returned: int | None
    entered: int
    totals: dict[str, Any] | None
    ballots_void: int | None
    boxes: list[dict[str, Any]] | None = None
    # 村/居 (RULES.md §3): 参加投票 = ballots returned, over 登记选民; null before the return.
    turnout: dict[str, Any] | None = None
    # RULES.md §5 — why a void round is void, one sentence (null unless void).
    void_reason: str | None = None
    checks: list[CheckOut]
    result: dict[str, Any] | None
    signed_off_by: str | None
    published_at: datetime | None
    record_sha256: str | None
    result_sha256: str | None
    actions: list[str]
