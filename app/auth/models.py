"""Access tokens: one per role and device, valid only for their own meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.timeutil import utcnow

RoleName = Literal["organiser", "teller", "scrutineer", "observer", "signin"]
ROLE_ZH = {"organiser": "组织者", "teller": "计票人", "scrutineer": "监票人", "observer": "大屏",
           "signin": "签到台"}
# A new election's own tokens; 签到台 links are made on the organiser page, one per door.
FIRST_ROLES = ("organiser", "teller", "scrutineer", "observer")


class Token(SQLModel, table=True):
    __tablename__ = "token"
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    role: str = Field(max_length=16)
    label: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    revoked: bool = False
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class TokenIn(SQLModel):
    role: RoleName
    label: str = Field(min_length=1, max_length=64)


class TokenCreated(TokenIn):
    id: int
    token: str


class TokenPublic(TokenIn):
    id: int
    revoked: bool
