"""Set-up routes: elections, tokens, candidates. Thin: the service does the work."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import func, select

from app.audit.service import append
from app.auth.models import Token, TokenCreated, TokenIn, TokenPublic, TokenSelf
from app.auth.service import issue_token
from app.db import begin_write
from app.deps import DbId, ElectionId, Organiser, Reader, SessionDep, SettingsDep, bearer
from app.elections import plenary, service
from app.elections.models import (
    BallotCreate,
    CandidateCreate,
    CandidateList,
    CandidatePublic,
    ElectionCreate,
    ElectionCreated,
    ElectionPublic,
    ElectionUpdate,
    PlenaryCreate,
    PlenaryPreview,
)
from app.errors import Conflict, InvalidInput, NotFound, Unauthorized, responses
from app.rounds.record import setup_checks
from app.vetting.service import ensure_department

router = APIRouter(prefix="/api/v1/elections", tags=["elections"],
                   responses=responses(400, 401, 403, 404, 409, 422))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ElectionCreated,
             summary="建立一场选举（返回各角色口令，仅显示一次）")
def create_election(data: ElectionCreate, request: Request, session: SessionDep,
                    settings: SettingsDep) -> ElectionCreated:
    if settings.setup_token and not hmac.compare_digest(
            (bearer(request) or "").encode(), settings.setup_token.encode()):
        # Constant time; each failure counts towards the client's limit (app/guard.py).
        raise Unauthorized("建立选举须提供管理口令", code="setup_token_required")
    election, tokens = service.create_election(session=session, data=data)
    public = service.election_public(session=session, election=election)
    return ElectionCreated(**public.model_dump(), tokens=tokens)


@router.get("/{election_id}", response_model=ElectionPublic, summary="选举设置")
def read_election(election_id: ElectionId, session: SessionDep, _actor: Reader) -> ElectionPublic:
    election = service.get_election(session=session, election_id=election_id)
    return service.election_public(session=session, election=election)


@router.patch("/{election_id}", response_model=ElectionPublic, summary="修改选举设置")
def update_election(election_id: ElectionId, data: ElectionUpdate, session: SessionDep,
                    actor: Organiser) -> ElectionPublic:
    election = service.get_election(session=session, election_id=election_id)
    service.update_election(session=session, election=election, data=data, actor=actor)
    return service.election_public(session=session, election=election)


@router.get("/{election_id}/plenary", response_model=PlenaryPreview,
            summary="党员大会选出的委员（建立第一次全体会议之前）")
def plenary_preview(election_id: ElectionId, session: SessionDep,
                    _actor: Organiser) -> PlenaryPreview:
    election = service.get_election(session=session, election_id=election_id)
    return plenary.preview(session=session, branch=election)


@router.post("/{election_id}/plenary", status_code=status.HTTP_201_CREATED,
             response_model=ElectionCreated,
             summary="由党员大会的结果建立第一次全体会议（返回各角色口令，仅显示一次）")
def create_plenary(election_id: ElectionId, data: PlenaryCreate, session: SessionDep,
                   actor: Organiser) -> ElectionCreated:
    branch = service.get_election(session=session, election_id=election_id)
    election, tokens = plenary.create_plenary(session=session, branch=branch, data=data,
                                              actor=actor)
    public = service.election_public(session=session, election=election)
    return ElectionCreated(**public.model_dump(), tokens=tokens)


@router.post("/{election_id}/ballots", status_code=status.HTTP_201_CREATED,
             response_model=ElectionCreated,
             summary="同一会议的另一场选举（共用名册和签到；返回其口令，仅显示一次）")
def create_ballot(election_id: ElectionId, data: BallotCreate, session: SessionDep,
                  actor: Organiser) -> ElectionCreated:
    parent = service.get_election(session=session, election_id=election_id)
    election, tokens = service.create_ballot(session=session, parent=parent, data=data,
                                             actor=actor)
    public = service.election_public(session=session, election=election)
    return ElectionCreated(**public.model_dump(), tokens=tokens)


@router.get("/{election_id}/ballots", response_model=list[ElectionPublic],
            summary="同一会议共用名册的其他选举")
def list_ballots(election_id: ElectionId, session: SessionDep,
                 _actor: Organiser) -> list[ElectionPublic]:
    return [service.election_public(session=session, election=e)
            for e in service.ballots_of(session=session, parent_id=election_id)]


@router.get("/{election_id}/tokens", response_model=list[TokenPublic], summary="口令列表")
def list_tokens(election_id: ElectionId, session: SessionDep,
                _actor: Organiser) -> list[TokenPublic]:
    rows = session.execute(select(Token).where(Token.election_id == election_id)
                           .order_by(Token.id)).scalars()
    return [TokenPublic(id=t.id, role=t.role, label=t.label, channel=t.channel,  # type: ignore[arg-type]
                        revoked=t.revoked)
            for t in rows]


@router.get("/{election_id}/token", response_model=TokenSelf, summary="本设备口令的角色与录入组")
def own_token(election_id: ElectionId, actor: Reader) -> TokenSelf:
    return TokenSelf(role=actor.role, label=actor.label, channel=actor.channel)  # type: ignore[arg-type]


@router.post("/{election_id}/tokens", status_code=status.HTTP_201_CREATED,
             response_model=TokenCreated, summary="为一台设备签发口令")
def create_token(election_id: ElectionId, data: TokenIn, session: SessionDep,
                 actor: Organiser) -> TokenCreated:
    if data.channel is not None and data.role != "teller":
        raise InvalidInput("只有计票人口令可以指定A组或B组", code="channel_not_for_role")
    begin_write(session)
    if data.role == "reviewer":
        ensure_department(session=session, election_id=election_id, department=data.label)
    token, secret = issue_token(session=session, election_id=election_id, role=data.role,
                                label=data.label, channel=data.channel)
    append(session=session, election_id=election_id, actor=actor.name, action="token.issue",
           target=f"token:{token.id}",
           data={**data.model_dump(), "token_hash": token.token_hash})
    session.commit()
    assert token.id is not None
    return TokenCreated(id=token.id, role=data.role, label=data.label, channel=data.channel,
                        token=secret)


@router.delete("/{election_id}/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="吊销口令")
def revoke_token(election_id: ElectionId, token_id: DbId, session: SessionDep,
                 actor: Organiser) -> Response:
    begin_write(session)
    token = session.get(Token, token_id)
    if token is None or token.election_id != election_id:
        raise NotFound("找不到这个口令", code="token_not_found")
    if token.role == "organiser" and not token.revoked:
        live = session.execute(select(func.count()).select_from(Token).where(
            Token.election_id == election_id, Token.role == "organiser",
            Token.revoked == False)).scalar_one()  # noqa: E712
        if live <= 1:
            raise Conflict("这是本场会议最后一个有效的组织者口令，吊销后将无人能管理会议；"
                           "请先签发新的组织者口令", code="last_organiser_token")
    token.revoked = True
    session.add(token)
    append(session=session, election_id=election_id, actor=actor.name, action="token.revoke",
           target=f"token:{token_id}", data={})
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{election_id}/candidates", response_model=CandidateList, summary="候选人及差额检查")
def list_candidates(election_id: ElectionId, session: SessionDep, _actor: Reader) -> CandidateList:
    election = service.get_election(session=session, election_id=election_id)
    return CandidateList(
        candidates=[service.candidate_public(c)
                    for c in service.candidates_of(session=session, election_id=election_id)],
        checks=setup_checks(session=session, election=election))


@router.post("/{election_id}/candidates", status_code=status.HTTP_201_CREATED,
             response_model=CandidatePublic, summary="添加候选人（当场检查资格）")
def add_candidate(election_id: ElectionId, data: CandidateCreate, session: SessionDep,
                  actor: Organiser) -> CandidatePublic:
    election = service.get_election(session=session, election_id=election_id)
    candidate = service.add_candidate(session=session, election=election, data=data, actor=actor)
    return service.candidate_public(candidate)


@router.put("/{election_id}/candidates/{candidate_id}", response_model=CandidatePublic,
            summary="修改候选人")
def update_candidate(election_id: ElectionId, candidate_id: str, data: CandidateCreate,
                     session: SessionDep, actor: Organiser) -> CandidatePublic:
    election = service.get_election(session=session, election_id=election_id)
    candidate = service.get_candidate(session=session, election_id=election_id, key=candidate_id)
    service.update_candidate(session=session, election=election, candidate=candidate, data=data,
                             actor=actor)
    return service.candidate_public(candidate)


@router.delete("/{election_id}/candidates/{candidate_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="删除候选人")
def delete_candidate(election_id: ElectionId, candidate_id: str, session: SessionDep,
                     actor: Organiser) -> Response:
    election = service.get_election(session=session, election_id=election_id)
    candidate = service.get_candidate(session=session, election_id=election_id, key=candidate_id)
    service.delete_candidate(session=session, election=election, candidate=candidate, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
