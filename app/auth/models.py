"""Access tokens: one per role and device, valid only for their own meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.timeutil import utcnow

RoleName = Literal["organiser", "teller", "scrutineer", "observer", "reviewer", "signin"]
ChannelName = Literal["A", "B"]
ROLE_ZH = {"organiser": "组织者", "teller": "计票人", "scrutineer": "监票人", "observer": "大屏",
           "reviewer": "联审部门", "signin": "签到台"}
# A new election's own tokens; a reviewer's token is made per department, 签到台 links on the
# organiser page, one per door.
MEETING_ROLES = ("organiser", "teller", "scrutineer", "observer")


class Token(SQLModel, table=True):
    __tablename__ = "token"
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    role: str = Field(max_length=16)
    label: str = Field(max_length=64)
    # A 计票人's group in double entry (A组/B组), chosen when the link is made; None: links
    # made before, whose group is the `?channel=` of the link (A without it).
    channel: str | None = Field(default=None, max_length=1)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    revoked: bool = False
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class TokenIn(SQLModel):
    role: RoleName
    label: str = Field(min_length=1, max_length=64)
    channel: ChannelName | None = Field(
        default=None, description="计票人的录入组（双人录入时A组或B组）；只用于计票人口令")


class TokenCreated(TokenIn):
    id: int
    token: str


class TokenPublic(TokenIn):
    id: int
    revoked: bool


class TokenSelf(SQLModel):
    """What a device's own token is: its role, label and (计票人) group."""

    role: RoleName
    label: str
    channel: ChannelName | None
