"""Request dependencies: the database session and the caller's role for this meeting."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy import Engine
from sqlmodel import Session

from app.auth.models import ROLE_ZH
from app.auth.service import FoundToken, find_token
from app.db import session_scope
from app.errors import Forbidden, Unauthorized
from app.settings import Settings
from app.units.service import election_grant


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    async for session in session_scope(request.app.state.engine):
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ElectionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="选举编号")]
RoundId = Annotated[int, Path(ge=1, le=2**31 - 1, description="轮次编号")]
DbId = Annotated[int, Path(ge=1, le=2**31 - 1, description="编号")]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is calling: the role and label of a meeting's token (recorded in the audit log)."""

    election_id: int
    role: str
    label: str
    channel: str | None = None  # a 计票人's group (A/B) when the token was made with one

    @property
    def name(self) -> str:
        return f"{self.role}:{self.label}"


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def admit(found: FoundToken | None, election_id: int, roles: tuple[str, ...]) -> Actor:
    """The caller of a live token `found` (see `find_token`), if it may act on this meeting."""
    if found is None:
        raise Unauthorized()
    actor = Actor(*found)
    if actor.election_id != election_id:
        raise Forbidden("此口令属于另一场选举会议，不能用于本场", code="wrong_meeting")
    if roles and actor.role not in roles:
        allowed = "、".join(ROLE_ZH[r] for r in roles)
        raise Forbidden(f"此操作只能由{allowed}进行", code="wrong_role")
    return actor


def _actor(session: Session, secret: str | None, election_id: int,
           roles: tuple[str, ...]) -> Actor:
    found = None if not secret else find_token(session=session, secret=secret)
    if found is None and secret:  # a 乡镇/街道's (or 县's) token, for one of its units
        found = election_grant(session=session, secret=secret, election_id=election_id)
    # End the read at once (a long SSE response must not hold a transaction open).
    session.rollback()
    return admit(found, election_id, roles)


def require(*roles: str) -> Callable[..., Actor]:
    """A dependency admitting the given roles (all roles when none is named) of this meeting,
    by the `Authorization: Bearer` header only: a token in an address ends up in browser
    histories and server logs."""

    def dependency(request: Request, session: SessionDep, election_id: ElectionId) -> Actor:
        return _actor(session, bearer(request), election_id, roles)

    return dependency


def require_stream_reader(request: Request, session: SessionDep, election_id: ElectionId,
                          token: Annotated[str | None, Query(include_in_schema=False)] = None,
                          ) -> Actor:
    """Any role of this meeting, also by `?token=`: `EventSource` cannot send headers."""
    return _actor(session, bearer(request) or token, election_id, ())


TELLER_ROLES = ("teller", "scrutineer")
# Ballots are entered by 计票人 only: the 监票人 who resolves double-entry differences must
# not be the one who entered them (a scrutineer's correction is explicit, with a reason, and
# audited under its own name).
ENTRY_ROLES = ("teller",)
Reader = Annotated[Actor, Depends(require())]
StreamReader = Annotated[Actor, Depends(require_stream_reader)]
Organiser = Annotated[Actor, Depends(require("organiser"))]
Teller = Annotated[Actor, Depends(require(*TELLER_ROLES))]
Scrutineer = Annotated[Actor, Depends(require("scrutineer"))]
Counter = Annotated[Actor, Depends(require("scrutineer", "organiser"))]
Auditor = Annotated[Actor, Depends(require("organiser", "scrutineer"))]
# 资格联审 (CAMPAIGN.md §3): person data and sign-offs, for the organiser and the departments.
VettingReader = Annotated[Actor, Depends(require("organiser", "reviewer"))]
# Recommendation meetings and appraisal votes (CAMPAIGN.md §1–2) are held before the
# election meeting: the organiser enters them, or a 计票人.
CampaignClerk = Annotated[Actor, Depends(require("organiser", "teller"))]
# 签到台: as many devices as the hall has doors; they sign voters in and out, nothing else.
SignInDesk = Annotated[Actor, Depends(require("organiser", "signin"))]
