"""The organisation tree (CAMPAIGN.md §4): units, their subtree, their tokens."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlmodel import Session

import stats
from app.auth.service import FoundToken, token_digest
from app.elections.models import Election
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from app.units.audit import log_unit, unit_fields
from app.units.models import (
    CHILD_KINDS,
    KIND_ZH,
    UNIT_ROLE_ZH,
    VOTING_KINDS,
    Unit,
    UnitCounts,
    UnitCreate,
    UnitPublic,
    UnitToken,
    kept_counts,
)


def unit_for_election(*, session: Session, unit_id: int | None, title: str) -> int:
    """Inside a write: `unit_id` when it exists, else a new unit named after the election."""
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise InvalidInput(f"没有编号为{unit_id}的村/社区", code="unit_not_found")
        if unit.kind not in VOTING_KINDS:
            raise InvalidInput(f"“{unit.name}”是{KIND_ZH[unit.kind]}，选举须属于一个村或社区",
                               code="unit_not_voting")
        return unit_id
    return add_unit(session=session, parent=None, name=title, kind="village",  # type: ignore[return-value]
                    actor="setup").id


def add_unit(*, session: Session, parent: Unit | None, name: str, kind: str, actor: str,
             one_shoulder_planned: bool = False) -> Unit:
    """Inside a write: a unit below `parent` (a root when None), its path set, audited in
    its tree's chain."""
    unit = Unit(name=name, kind=kind, parent_id=None if parent is None else parent.id,
                one_shoulder_planned=one_shoulder_planned)
    session.add(unit)
    session.flush()
    assert unit.id is not None
    unit.path = ("" if parent is None else parent.path) + f"{unit.id}/"
    session.add(unit)
    # Its stored counts (app.units.stored_counts): a unit with no election yet.
    own = stats.unit_counts(stats.Unit(id=unit.id, name=name, kind=kind,
                                       one_shoulder_planned=one_shoulder_planned))
    session.add(UnitCounts(unit_id=unit.id, counts=kept_counts(own)))
    session.flush()
    log_unit(session=session, unit=unit, actor=actor, action="unit.create",
             data=unit_fields(unit))
    return unit


def add_child(*, session: Session, parent: Unit, data: UnitCreate, actor: str) -> Unit:
    allowed = CHILD_KINDS.get(parent.kind, ())
    if data.kind not in allowed:
        what = "、".join(KIND_ZH[k] for k in allowed) or "下级单位"
        raise InvalidInput(f"{KIND_ZH[parent.kind]}“{parent.name}”之下只能设{what}",
                           code="wrong_unit_kind",
                           detail={"parent_kind": parent.kind, "allowed": list(allowed)})
    return add_unit(session=session, parent=parent, name=data.name, kind=data.kind,
                    actor=actor, one_shoulder_planned=data.one_shoulder_planned)


def move_unit(*, session: Session, unit: Unit, parent_id: int, holder: Unit, role: str) -> None:
    """Inside a write that locked `unit`: put it (and everything below it) under another
    parent, which the caller's token must also reach, of the kind that holds it."""
    if unit.parent_id == parent_id:
        return
    if unit.parent_id is None:
        raise Conflict("县（区）是最上级单位，不能移动", code="root_unit")
    parent = get_unit(session=session, unit_id=parent_id)
    session.refresh(parent, with_for_update={"read": True})
    check_scope(holder=holder, role=role, target=parent, write=True)
    if unit.kind not in CHILD_KINDS.get(parent.kind, ()):
        raise InvalidInput(f"{KIND_ZH[unit.kind]}不能设在{KIND_ZH[parent.kind]}“{parent.name}”之下",
                           code="wrong_unit_kind", detail={"parent_kind": parent.kind})
    old, new = unit.path, f"{parent.path}{unit.id}/"
    for below in subtree(session=session, unit=unit):
        below.path = new + below.path.removeprefix(old)
        session.add(below)
    unit.parent_id = parent.id
    session.add(unit)


def get_unit(*, session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("找不到这个单位", code="unit_not_found")
    return unit


def subtree(*, session: Session, unit: Unit) -> list[Unit]:
    """The unit and every unit below it, parents before children, by name within a level."""
    rows = list(session.execute(select(Unit).where(
        Unit.path.startswith(unit.path, autoescape=True))).scalars())  # type: ignore[attr-defined]
    return sorted(rows, key=lambda u: (u.path.count("/"), u.name, u.id or 0))


def unit_public(unit: Unit) -> UnitPublic:
    assert unit.id is not None
    return UnitPublic(id=unit.id, name=unit.name, kind=unit.kind,  # type: ignore[arg-type]
                      kind_zh=KIND_ZH[unit.kind], parent_id=unit.parent_id,
                      one_shoulder_planned=unit.one_shoulder_planned,
                      previous_term=unit.previous_term)


def issue_unit_token(*, session: Session, unit: Unit, role: str, label: str
                     ) -> tuple[UnitToken, str]:
    assert unit.id is not None
    secret = f"jp_u{role[:3]}_{secrets.token_urlsafe(24)}"
    token = UnitToken(unit_id=unit.id, role=role, label=label, token_hash=token_digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def root_tokens(*, session: Session, unit: Unit) -> dict[str, str]:
    return {role: issue_unit_token(session=session, unit=unit, role=role, label=zh)[1]
            for role, zh in UNIT_ROLE_ZH.items()}


def find_unit_token(*, session: Session, secret: str) -> tuple[UnitToken, Unit] | None:
    row = session.execute(select(UnitToken, Unit).join(Unit, Unit.id == UnitToken.unit_id)
                          .where(UnitToken.token_hash == token_digest(secret))).first()
    if row is None or row[0].revoked:
        return None
    return row[0], row[1]


# What a unit token may do in an election of its subtree: its organiser organises it, its
# viewer watches it as the board does (CAMPAIGN.md §4: a 街道 organiser opens its own units).
ELECTION_ROLE_OF_UNIT_ROLE = {"organiser": "organiser", "viewer": "observer"}


def election_grant(*, session: Session, secret: str, election_id: int) -> FoundToken | None:
    """A unit token used on an election: the role it has there when the election belongs to
    a 村/社区 of the token's subtree; None when `secret` is no unit token. 403 `outside_unit`
    for an election of another unit's."""
    found = find_unit_token(session=session, secret=secret)
    if found is None:
        return None
    token, holder = found
    row = session.execute(select(Election.unit_id, Unit.path)
                          .join(Unit, Unit.id == Election.unit_id)  # type: ignore[arg-type]
                          .where(Election.id == election_id)).first()
    if row is None:
        raise NotFound("找不到这场选举", code="election_not_found")
    if not row.path.startswith(holder.path):
        raise Forbidden(f"此口令属于“{holder.name}”，不能查看或修改其范围以外的选举",
                        code="outside_unit")
    return (election_id, ELECTION_ROLE_OF_UNIT_ROLE[token.role],
            f"{holder.name}{UNIT_ROLE_ZH[token.role]}", None)


def check_scope(*, holder: Unit, role: str, target: Unit, write: bool) -> None:
    """A unit token reaches its own unit and everything below it; a viewer only reads."""
    if not target.path.startswith(holder.path):
        raise Forbidden(f"此口令属于“{holder.name}”，不能查看或修改其范围以外的单位",
                        code="outside_unit")
    if write and role != "organiser":
        raise Forbidden("此口令只能查看，不能修改", code="read_only")


def unauthorized() -> Unauthorized:
    return Unauthorized("请提供本单位（或上级单位）的口令", code="unit_token_required")
