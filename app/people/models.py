"""People of a 村/社区, entered once and linked from candidates (CAMPAIGN.md §3)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import field_validator
from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.elections.models import BodyName
from app.names import clean_name

# CAMPAIGN.md §3 — 文化程度 in its order: a condition `min_education` compares ranks.
EDUCATION_LEVELS = ("小学", "初中", "高中/中专", "大专", "本科", "研究生")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众")
# A current post, by the committee it is on (the organiser page's choice).
SITTING_ZH = {"party_branch": "党组织委员", "villagers_committee": "村民委员会成员",
              "residents_committee": "居民委员会成员", "supervisory_committee": "监督委员会成员"}
RelationKind = Literal["spouse", "lineal", "collateral", "in_law"]
RELATION_ZH = {"spouse": "配偶", "lineal": "直系血亲", "collateral": "三代以内旁系血亲",
               "in_law": "近姻亲"}


class PersonPost(SQLModel):
    """A post the person holds now, e.g. {"body": "villagers_committee", "post": "主任"}."""

    body: BodyName
    post: str = Field(min_length=1, max_length=32)

    @field_validator("post")
    @classmethod
    def _post(cls, value: str) -> str:
        return clean_name(value, limit=32)


class PersonBase(SQLModel):
    name: str = Field(min_length=1, max_length=64)
    surname: str | None = Field(default=None, max_length=8)
    gender: Literal["F", "M"] | None = Field(default=None, sa_type=String(1))
    birth_date: date | None = None
    ethnicity: str | None = Field(default=None, max_length=16, description="民族，如 汉族")
    education: str | None = Field(default=None, max_length=16,
                                  description="文化程度：" + " < ".join(EDUCATION_LEVELS))
    political_status: str | None = Field(default=None, max_length=16,
                                         description="政治面貌：" + "、".join(POLITICAL_STATUSES))
    party_joined_on: date | None = Field(default=None, description="入党日期")
    household: str | None = Field(default=None, max_length=100, description="户籍")
    residence: str | None = Field(default=None, max_length=100, description="居住地")
    note: str | None = Field(default=None, max_length=200)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("surname", "ethnicity", "education", "political_status", "household",
                     "residence", "note")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return clean_name(value, limit=200)


class Person(PersonBase, table=True):
    __tablename__ = "person"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    posts: list[dict[str, Any]] = Field(default_factory=list,
                                        sa_column=Column(JSON, nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class PersonIn(PersonBase):
    posts: list[PersonPost] = Field(default_factory=list, max_length=10,
                                    description="现任职务")
    tags: list[str] = Field(default_factory=list, max_length=20,
                            description="标签：致富能手、退役军人、返乡大学生…")

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return [clean_name(t, limit=16) for t in value]


class PersonPublic(PersonIn):
    id: int
    unit_id: int


class Relation(SQLModel, table=True):
    """A recorded 近亲属 relationship (CAMPAIGN.md §3), stored once for both people."""

    __tablename__ = "relation"
    __table_args__ = (UniqueConstraint("person_id", "relative_id"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    relative_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=16)


class RelationIn(SQLModel):
    person_id: int = Field(ge=1, le=2**31 - 1)
    relative_id: int = Field(ge=1, le=2**31 - 1)
    kind: RelationKind


class RelationPublic(RelationIn):
    id: int
    kind_zh: str
    person_name: str
    relative_name: str
