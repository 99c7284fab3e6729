"""A 村/社区: the unit whose elections share one list of people (CAMPAIGN.md §3).

The smallest form of the organisation tree of CAMPAIGN.md §4: a name. The 县→乡镇→村 tree
adds a parent and a kind to this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.timeutil import utcnow


class Unit(SQLModel, table=True):
    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))
