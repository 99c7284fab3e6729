"""Roll and attendance routes: 名册, 不计入应到, 签到, 委托投票, 应到/实到."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.deps import ElectionId, Organiser, Reader, SessionDep, SignInDesk
from app.elections.service import get_election
from app.errors import responses
from app.roll import service
from app.roll.models import (
    AttendanceOut,
    ExclusionIn,
    ProxyIn,
    ProxyPublic,
    SignInIn,
    SignInListIn,
    SignInListOut,
    VoterCorrection,
    VoterPublic,
    VoterRemoval,
    VotersIn,
)

# A path id beyond the database's integer is a 422, not an error inside the driver.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/api/v1/elections/{election_id}", tags=["roll"],
                   responses=responses(400, 401, 403, 404, 409, 422))


@router.get("/voters", response_model=list[VoterPublic], summary="名册")
def list_voters(election_id: ElectionId, session: SessionDep, _actor: Reader) -> list[VoterPublic]:
    election = get_election(session=session, election_id=election_id)
    return service.voters_public(session=session, election=election)


@router.post("/voters", status_code=status.HTTP_201_CREATED, response_model=list[VoterPublic],
             summary="录入名册")
def add_voters(election_id: ElectionId, data: VotersIn, session: SessionDep,
               actor: Organiser) -> list[VoterPublic]:
    election = get_election(session=session, election_id=election_id)
    added = service.add_voters(session=session, election=election, data=data, actor=actor)
    return service.voters_public(session=session, election=election, only=added)


@router.put("/voters/{voter_id}", response_model=VoterPublic,
            summary="更正姓名或备注（核对到会人数之前，须说明理由）")
def correct_voter(election_id: ElectionId, voter_id: RowId, data: VoterCorrection,
                  session: SessionDep, actor: Organiser) -> VoterPublic:
    election = get_election(session=session, election_id=election_id)
    voter = service.get_voter(session=session, election_id=service.roll_id(election),
                              voter_id=voter_id)
    service.correct_voter(session=session, election=election, voter=voter, data=data, actor=actor)
    return service.voters_public(session=session, election=election, only=[voter])[0]


@router.delete("/voters/{voter_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="从名册删除（核对到会人数之前，须说明理由）")
def remove_voter(election_id: ElectionId, voter_id: RowId, data: VoterRemoval,
                 session: SessionDep, actor: Organiser) -> Response:
    election = get_election(session=session, election_id=election_id)
    voter = service.get_voter(session=session, election_id=service.roll_id(election),
                              voter_id=voter_id)
    service.remove_voter(session=session, election=election, voter=voter, data=data, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/voters/{voter_id}/exclusion", response_model=VoterPublic,
            summary="经批准不计入应到")
def exclude_voter(election_id: ElectionId, voter_id: RowId, data: ExclusionIn,
                  session: SessionDep, actor: Organiser) -> VoterPublic:
    election = get_election(session=session, election_id=election_id)
    voter = service.get_voter(session=session, election_id=service.roll_id(election),
                              voter_id=voter_id)
    service.set_exclusion(session=session, election=election, voter=voter, data=data, actor=actor)
    return service.voters_public(session=session, election=election, only=[voter])[0]


@router.delete("/voters/{voter_id}/exclusion", response_model=VoterPublic,
               summary="撤销不计入应到")
def include_voter(election_id: ElectionId, voter_id: RowId, session: SessionDep,
                  actor: Organiser) -> VoterPublic:
    election = get_election(session=session, election_id=election_id)
    voter = service.get_voter(session=session, election_id=service.roll_id(election),
                              voter_id=voter_id)
    service.set_exclusion(session=session, election=election, voter=voter, data=None, actor=actor)
    return service.voters_public(session=session, election=election, only=[voter])[0]


@router.post("/sign-ins", response_model=AttendanceOut,
             summary="签到（present=false 撤销；组织者或签到台）")
def sign_in(election_id: ElectionId, data: SignInIn, session: SessionDep,
            actor: SignInDesk) -> AttendanceOut:
    election = get_election(session=session, election_id=election_id)
    service.sign_in(session=session, election=election, voter_ids=data.voter_ids,
                    present=data.present, confirm=data.confirm, actor=actor)
    return service.attendance_public(session=session, election=election)


@router.post("/sign-ins/list", response_model=SignInListOut,
             summary="按名单批量签到（每行一个姓名或序号；重名、查无此人的行不签到）")
def sign_in_list(election_id: ElectionId, data: SignInListIn, session: SessionDep,
                 actor: SignInDesk) -> SignInListOut:
    election = get_election(session=session, election_id=election_id)
    return service.sign_in_list(session=session, election=election, data=data, actor=actor)


@router.get("/proxies", response_model=list[ProxyPublic], summary="委托投票名单（公开）")
def list_proxies(election_id: ElectionId, session: SessionDep, _actor: Reader) -> list[ProxyPublic]:
    election = get_election(session=session, election_id=election_id)
    return [service.proxy_public(session=session, proxy=p)
            for p in service.proxies_of(session=session, election_id=service.roll_id(election))]


@router.post("/proxies", status_code=status.HTTP_201_CREATED, response_model=ProxyPublic,
             summary="登记委托投票（村/居）")
def add_proxy(election_id: ElectionId, data: ProxyIn, session: SessionDep,
              actor: Organiser) -> ProxyPublic:
    election = get_election(session=session, election_id=election_id)
    proxy = service.add_proxy(session=session, election=election, data=data, actor=actor)
    return service.proxy_public(session=session, proxy=proxy)


@router.delete("/proxies/{proxy_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="撤销委托")
def delete_proxy(election_id: ElectionId, proxy_id: RowId, session: SessionDep,
                 actor: Organiser) -> Response:
    election = get_election(session=session, election_id=election_id)
    service.delete_proxy(session=session, election=election, proxy_id=proxy_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/attendance", response_model=AttendanceOut, summary="应到/实到（由名册推出）")
def attendance(election_id: ElectionId, session: SessionDep, _actor: Reader) -> AttendanceOut:
    election = get_election(session=session, election_id=election_id)
    return service.attendance_public(session=session, election=election)
