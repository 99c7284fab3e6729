"""The organisation tree of CAMPAIGN.md §4 (县/区 → 乡镇/街道 → 村/社区), its tokens, and the
progress of each 村/社区's elections with the facts the statistics are computed from.

A 村/社区 is also the unit whose elections share one list of people (CAMPAIGN.md §3).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.names import clean_name
from app.timeutil import utcnow

UnitKind = Literal["county", "township", "village", "community"]
KIND_ZH = {"county": "县/区", "township": "乡镇/街道", "village": "村", "community": "社区"}
# What each kind of unit may hold below it.
CHILD_KINDS: dict[str, tuple[str, ...]] = {"county": ("township",),
                                           "township": ("village", "community")}
VOTING_KINDS = ("village", "community")

UnitRole = Literal["organiser", "viewer"]
UNIT_ROLE_ZH = {"organiser": "组织者", "viewer": "查看"}

Stage = Literal["preparation", "registration", "nomination", "qualification", "voting", "done"]
STAGES: tuple[Stage, ...] = ("preparation", "registration", "nomination", "qualification",
                             "voting", "done")
STAGE_ZH = {"preparation": "准备", "registration": "选民登记", "nomination": "提名",
            "qualification": "资格审查", "voting": "选举", "done": "完成"}


class Unit(SQLModel, table=True):
    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="village", max_length=16,
                      sa_column_kwargs={"server_default": "village"})
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # The ids from the root down, "1/5/23/": a subtree is every unit whose path starts so.
    path: str = Field(default="", max_length=200, index=True)
    # CAMPAIGN.md §4 — 一肩挑 planned for this 村/社区 (the board flags it when not achieved).
    one_shoulder_planned: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # The previous term's counts (stats.Counts keys), entered by the organiser.
    previous_term: dict[str, int] | None = Field(default=None,
                                                 sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class UnitToken(SQLModel, table=True):
    """A token for a unit and everything below it."""

    __tablename__ = "unit_token"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: str = Field(max_length=16)
    label: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    revoked: bool = False
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class ElectionProgress(SQLModel, table=True):
    """One election's stage and plan, and the rollup of its rounds kept on every count."""

    __tablename__ = "election_progress"
    election_id: int = Field(foreign_key="election.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    stage: str = Field(default="preparation", max_length=16)
    # stage → the date by which it should be reached (ISO dates).
    plan: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # none | needs_round | complete | not_valid: the outcome of the last counted round.
    outcome: str = Field(default="none", max_length=16)
    rounds_counted: int = 0
    # The facts the statistics read (app.units.rollup.election_facts), kept on each count.
    facts: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Check codes that failed in the last counted round (quorum, women_member, …).
    failing: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class UnitCounts(SQLModel, table=True):
    """A unit's own statistics counts (`stats.unit_counts` of its elections' stored facts and
    its people), rewritten in the transaction of every change that moves them; a subtree's
    figures are the sum of its units' rows (app.units.stored_counts)."""

    __tablename__ = "unit_counts"
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    # The counts that are not 0, by `stats.COUNT_KEYS`.
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


def kept_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts as a `UnitCounts` row keeps them: those that are not 0."""
    return {k: v for k, v in counts.items() if v}


def unit_name(value: str) -> str:
    return clean_name(value, limit=200, nfkc=False)


class UnitCreate(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: UnitKind
    one_shoulder_planned: StrictBool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return unit_name(value)


class UnitUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    parent_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1,
        description="移到另一上级单位之下（如建错了乡镇、乡镇撤并）；口令须能管理新旧两处")
    one_shoulder_planned: StrictBool | None = None
    previous_term: dict[str, int] | None = Field(
        default=None, description="上届的统计数（键与 statistics 的 counts 相同）")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else unit_name(value)


class ElectionStageOut(SQLModel):
    id: int
    title: str
    body: str
    stage: Stage
    stage_zh: str
    plan: dict[str, date]
    late: bool
    late_stage: Stage | None = None
    outcome: str
    needs_round: bool
    failing: list[str]


class UnitPublic(SQLModel):
    id: int
    name: str
    kind: UnitKind
    kind_zh: str
    parent_id: int | None
    one_shoulder_planned: bool
    previous_term: dict[str, int] | None = None


class UnitNode(UnitPublic):
    elections: list[ElectionStageOut] = Field(default_factory=list)


class UnitCreated(UnitPublic):
    tokens: dict[str, str]


class UnitTokenIn(SQLModel):
    role: UnitRole
    label: str = Field(min_length=1, max_length=64)


class UnitTokenCreated(UnitTokenIn):
    id: int
    unit_id: int
    token: str


class ProgressIn(SQLModel):
    stage: Stage | None = None
    plan: dict[Stage, date] | None = Field(default=None,
                                           description="各阶段计划完成（到达）日期")
