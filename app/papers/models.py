"""What the printed 公告 and 报告单 say about who issues them (落款, contact, dates)."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from app.names import clean_name


class PaperDetailsBase(SQLModel):
    organisation: str | None = Field(default=None, max_length=100)  # 落款, e.g. 幸福街道党工委
    contact: str | None = Field(default=None, max_length=200)  # 联系方式
    announced_on: date | None = None  # the 公告's date, the first day of its 公示
    publicity_working_days: int = Field(default=5, ge=1, le=30)
    meeting_date: date | None = None  # printed on the 报告单

    @field_validator("organisation", "contact")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return clean_name(value, limit=200, nfkc=False)


class PaperDetails(PaperDetailsBase, table=True):
    __tablename__ = "paper_details"
    election_id: int = Field(foreign_key="election.id", primary_key=True)


class PaperDetailsIn(PaperDetailsBase):
    pass


class PaperDetailsPublic(PaperDetailsBase):
    pass
