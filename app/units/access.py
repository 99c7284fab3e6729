"""Who may read or change a unit: a unit token reaches its unit and everything below it
(a 街道 organiser its 村/社区, a 县 viewer the whole county); the setup token makes a root."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlmodel import Session

from app.deps import SessionDep, SettingsDep, bearer
from app.errors import Unauthorized
from app.units.models import Unit
from app.units.service import check_scope, find_unit_token, get_unit, unauthorized

UnitId = Annotated[int, Path(ge=1, le=2**31 - 1, description="单位编号")]


@dataclass(frozen=True, slots=True)
class UnitActor:
    """The caller (a unit token's holder) and the unit the request is about."""

    holder_id: int
    role: str
    label: str
    unit: Unit

    @property
    def name(self) -> str:
        return f"unit{self.holder_id}:{self.role}:{self.label}"


def unit_actor(session: Session, secret: str | None, unit_id: int, write: bool) -> UnitActor:
    found = None if not secret else find_unit_token(session=session, secret=secret)
    if found is None:
        raise unauthorized()
    token, holder = found
    target = get_unit(session=session, unit_id=unit_id)
    check_scope(holder=holder, role=token.role, target=target, write=write)
    assert holder.id is not None
    return UnitActor(holder.id, token.role, token.label, target)


def _require(write: bool) -> Callable[..., UnitActor]:
    def dependency(request: Request, session: SessionDep, unit_id: UnitId) -> UnitActor:
        return unit_actor(session, bearer(request), unit_id, write)

    return dependency


UnitReader = Annotated[UnitActor, Depends(_require(write=False))]
UnitOrganiser = Annotated[UnitActor, Depends(_require(write=True))]


def require_setup_token(request: Request, settings: SettingsDep) -> None:
    if settings.setup_token and not hmac.compare_digest(
            (bearer(request) or "").encode(), settings.setup_token.encode()):
        raise Unauthorized("建立县（区）须提供管理口令", code="setup_token_required")


SetupCaller = Annotated[None, Depends(require_setup_token)]
