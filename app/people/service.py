"""People of a 村/社区 (CAMPAIGN.md §3): checked on entry, each change in the audit log of the
election it was made through."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Candidate, Election
from app.errors import Conflict, InvalidInput, NotFound
from app.people.models import (
    EDUCATION_LEVELS,
    POLITICAL_STATUSES,
    RELATION_ZH,
    Person,
    PersonIn,
    PersonPublic,
    Relation,
    RelationIn,
    RelationPublic,
)
from app.timeutil import utcnow
from app.units.stored_counts import refresh_unit_counts
from app.vetting.models import Exemption, Review
from ballots.strokes import StrokeError, stroke_key

MAX_PEOPLE = 5000


def today() -> date:
    return utcnow().date()


def unit_of(election: Election) -> int:
    assert election.unit_id is not None, "every election has a unit (migration 0006)"
    return election.unit_id


def person_public(p: Person) -> PersonPublic:
    assert p.id is not None
    return PersonPublic(id=p.id, unit_id=p.unit_id, name=p.name, surname=p.surname,
                        gender=p.gender, birth_date=p.birth_date,  # type: ignore[arg-type]
                        ethnicity=p.ethnicity, education=p.education,
                        political_status=p.political_status, party_joined_on=p.party_joined_on,
                        household=p.household, residence=p.residence, note=p.note,
                        posts=p.posts, tags=p.tags)  # type: ignore[arg-type]


def people_of(*, session: Session, unit_id: int) -> list[Person]:
    return list(session.execute(
        select(Person).where(Person.unit_id == unit_id).order_by(Person.id)).scalars())


def get_person(*, session: Session, election: Election, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.unit_id != unit_of(election):
        raise NotFound(f"本村（社区）的人员信息中没有编号为{person_id}的人",
                       code="person_not_found")
    return person


def check_person(data: PersonIn) -> None:
    """CAMPAIGN.md §3 — the person data as the 联审 reads it: known words, possible dates."""
    now = today()
    if data.birth_date is not None and data.birth_date > now:
        raise InvalidInput(f"{data.name}的出生日期{data.birth_date.isoformat()}晚于今天，请核对",
                           code="birth_date_in_future")
    if data.education is not None and data.education not in EDUCATION_LEVELS:
        raise InvalidInput(f"文化程度“{data.education}”无法识别，应为："
                           + "、".join(EDUCATION_LEVELS), code="unknown_education")
    if data.political_status is not None and data.political_status not in POLITICAL_STATUSES:
        raise InvalidInput(f"政治面貌“{data.political_status}”无法识别，应为："
                           + "、".join(POLITICAL_STATUSES), code="unknown_political_status")
    if data.party_joined_on is not None:
        if data.political_status not in ("中共党员", "中共预备党员"):
            raise InvalidInput(f"{data.name}的政治面貌不是中共党员，不应填写入党日期",
                               code="party_date_not_member")
        if data.party_joined_on > now:
            raise InvalidInput(f"{data.name}的入党日期晚于今天，请核对",
                               code="party_date_in_future")
        if data.birth_date is not None and data.party_joined_on <= data.birth_date:
            raise InvalidInput(f"{data.name}的入党日期早于出生日期，请核对",
                               code="party_date_before_birth")
    try:
        # RULES.md §7.7 — a name the stroke table cannot order fails now, not at printing.
        stroke_key(data.name, data.surname)
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None


def _columns(data: PersonIn) -> dict[str, object]:
    return {**data.model_dump(exclude={"posts", "tags"}),
            "posts": [p.model_dump() for p in data.posts], "tags": list(data.tags)}


def add_person(*, session: Session, election: Election, data: PersonIn, actor: Actor) -> Person:
    assert election.id is not None
    check_person(data)
    begin_write(session, election)
    unit_id = unit_of(election)
    known = people_of(session=session, unit_id=unit_id)
    if len(known) >= MAX_PEOPLE:
        raise Conflict(f"人员信息不能超过{MAX_PEOPLE}人", code="too_many_people")
    if any(p.name == data.name and (p.note or "") == (data.note or "") for p in known):
        raise Conflict(f"已有同名人员{data.name}，请在备注中注明出生年份或居住地加以区分",
                       code="duplicate_person")
    person = Person(unit_id=unit_id, **_columns(data))
    session.add(person)
    session.flush()
    append(session=session, election_id=election.id, actor=actor.name, action="person.add",
           target=f"person:{person.id}", data=data.model_dump(mode="json"))
    session.commit()
    return person


def update_person(*, session: Session, election: Election, person: Person, data: PersonIn,
                  actor: Actor) -> Person:
    assert election.id is not None
    check_person(data)
    begin_write(session, election, person)
    for key, value in _columns(data).items():
        setattr(person, key, value)
    # the linked candidates keep the person's name (entered once)
    for c in session.execute(select(Candidate).where(Candidate.person_id == person.id)).scalars():
        c.name, c.surname, c.gender = person.name, person.surname, person.gender
        session.add(c)
    session.add(person)
    # An elected person's data are in the statistics of their 村 (age, education, 连任 …).
    refresh_unit_counts(session=session, unit_ids=[person.unit_id])
    append(session=session, election_id=election.id, actor=actor.name, action="person.update",
           target=f"person:{person.id}", data=data.model_dump(mode="json"))
    session.commit()
    return person


def delete_person(*, session: Session, election: Election, person: Person, actor: Actor) -> None:
    assert election.id is not None
    begin_write(session, election, person)
    used = session.execute(select(Candidate.name).where(Candidate.person_id == person.id)).first()
    reviewed = session.execute(select(Review.id).where(Review.person_id == person.id)).first()
    excepted = session.execute(select(Exemption.id).where(
        Exemption.person_id == person.id)).first()
    if used is not None or reviewed is not None or excepted is not None:
        # the 联审 record of a person stays (CAMPAIGN.md §3: every review is kept)
        raise Conflict(f"{person.name}是候选人或已有联审记录，不能删除", code="person_in_use")
    for r in relations_of(session=session, unit_id=person.unit_id, person_id=person.id):
        session.delete(r)
    session.delete(person)
    append(session=session, election_id=election.id, actor=actor.name, action="person.delete",
           target=f"person:{person.id}", data={"name": person.name})
    session.commit()


def relations_of(*, session: Session, unit_id: int,
                 person_id: int | None = None) -> list[Relation]:
    query = select(Relation).where(Relation.unit_id == unit_id)
    if person_id is not None:
        query = query.where(or_(Relation.person_id == person_id,
                                Relation.relative_id == person_id))
    return list(session.execute(query.order_by(Relation.id)).scalars())


def relation_public(r: Relation, names: dict[int, str]) -> RelationPublic:
    assert r.id is not None
    return RelationPublic(id=r.id, person_id=r.person_id, relative_id=r.relative_id,
                          kind=r.kind, kind_zh=RELATION_ZH[r.kind],  # type: ignore[arg-type]
                          person_name=names.get(r.person_id, ""),
                          relative_name=names.get(r.relative_id, ""))


def add_relation(*, session: Session, election: Election, data: RelationIn,
                 actor: Actor) -> Relation:
    assert election.id is not None
    begin_write(session, election)
    unit_id = unit_of(election)
    if data.person_id == data.relative_id:
        raise InvalidInput("不能登记本人与本人的亲属关系", code="relation_to_self")
    for pid in (data.person_id, data.relative_id):
        person = session.get(Person, pid)
        if person is None or person.unit_id != unit_id:
            raise InvalidInput(f"亲属关系中的人员（编号{pid}）不在本村（社区）的人员信息中，"
                               "请先录入此人", code="unknown_person")
    pair = {data.person_id, data.relative_id}
    if any({r.person_id, r.relative_id} == pair
           for r in relations_of(session=session, unit_id=unit_id, person_id=data.person_id)):
        raise Conflict("这两人之间已登记了亲属关系", code="duplicate_relation")
    relation = Relation(unit_id=unit_id, **data.model_dump())
    session.add(relation)
    session.flush()
    append(session=session, election_id=election.id, actor=actor.name, action="relation.add",
           target=f"relation:{relation.id}", data=data.model_dump(mode="json"))
    session.commit()
    return relation


def delete_relation(*, session: Session, election: Election, relation_id: int,
                    actor: Actor) -> None:
    assert election.id is not None
    begin_write(session, election)
    relation = session.get(Relation, relation_id)
    if relation is None or relation.unit_id != unit_of(election):
        raise NotFound("找不到这条亲属关系", code="relation_not_found")
    session.delete(relation)
    append(session=session, election_id=election.id, actor=actor.name, action="relation.delete",
           target=f"relation:{relation_id}", data={})
    session.commit()
