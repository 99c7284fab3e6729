"""People routes: the person data of a 村/社区, reached through one of its elections."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.deps import DbId, ElectionId, Organiser, SessionDep, VettingReader
from app.elections.service import get_election
from app.errors import responses
from app.people import service
from app.people.models import PersonIn, PersonPublic, RelationIn, RelationPublic

router = APIRouter(prefix="/api/v1/elections/{election_id}", tags=["people"],
                   responses=responses(400, 401, 403, 404, 409, 422))


@router.get("/people", response_model=list[PersonPublic], summary="本村（社区）的人员信息")
def list_people(election_id: ElectionId, session: SessionDep,
                _actor: VettingReader) -> list[PersonPublic]:
    election = get_election(session=session, election_id=election_id)
    return [service.person_public(p)
            for p in service.people_of(session=session, unit_id=service.unit_of(election))]


@router.post("/people", status_code=status.HTTP_201_CREATED, response_model=PersonPublic,
             summary="录入人员信息（本村/社区各场选举共用）")
def add_person(election_id: ElectionId, data: PersonIn, session: SessionDep,
               actor: Organiser) -> PersonPublic:
    election = get_election(session=session, election_id=election_id)
    return service.person_public(
        service.add_person(session=session, election=election, data=data, actor=actor))


@router.get("/people/{person_id}", response_model=PersonPublic, summary="一个人的信息")
def read_person(election_id: ElectionId, person_id: DbId, session: SessionDep,
                _actor: VettingReader) -> PersonPublic:
    election = get_election(session=session, election_id=election_id)
    return service.person_public(
        service.get_person(session=session, election=election, person_id=person_id))


@router.put("/people/{person_id}", response_model=PersonPublic, summary="修改人员信息")
def update_person(election_id: ElectionId, person_id: DbId, data: PersonIn, session: SessionDep,
                  actor: Organiser) -> PersonPublic:
    election = get_election(session=session, election_id=election_id)
    person = service.get_person(session=session, election=election, person_id=person_id)
    return service.person_public(service.update_person(session=session, election=election,
                                                       person=person, data=data, actor=actor))


@router.delete("/people/{person_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="删除人员信息（已是候选人的不能删除）")
def delete_person(election_id: ElectionId, person_id: DbId, session: SessionDep,
                  actor: Organiser) -> Response:
    election = get_election(session=session, election_id=election_id)
    person = service.get_person(session=session, election=election, person_id=person_id)
    service.delete_person(session=session, election=election, person=person, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/relations", response_model=list[RelationPublic], summary="近亲属关系")
def list_relations(election_id: ElectionId, session: SessionDep,
                   _actor: VettingReader) -> list[RelationPublic]:
    election = get_election(session=session, election_id=election_id)
    unit_id = service.unit_of(election)
    names = {p.id: p.name for p in service.people_of(session=session, unit_id=unit_id)}
    return [service.relation_public(r, names)  # type: ignore[arg-type]
            for r in service.relations_of(session=session, unit_id=unit_id)]


@router.post("/relations", status_code=status.HTTP_201_CREATED, response_model=RelationPublic,
             summary="登记近亲属关系（配偶、直系血亲、三代以内旁系血亲、近姻亲）")
def add_relation(election_id: ElectionId, data: RelationIn, session: SessionDep,
                 actor: Organiser) -> RelationPublic:
    election = get_election(session=session, election_id=election_id)
    relation = service.add_relation(session=session, election=election, data=data, actor=actor)
    names = {p.id: p.name for p in service.people_of(session=session,
                                                     unit_id=service.unit_of(election))}
    return service.relation_public(relation, names)  # type: ignore[arg-type]


@router.delete("/relations/{relation_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="删除亲属关系")
def delete_relation(election_id: ElectionId, relation_id: DbId, session: SessionDep,
                    actor: Organiser) -> Response:
    election = get_election(session=session, election_id=election_id)
    service.delete_relation(session=session, election=election, relation_id=relation_id,
                            actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
