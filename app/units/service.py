"""Units: the 村/社区 an election belongs to."""

from __future__ import annotations

from sqlmodel import Session

from app.errors import InvalidInput
from app.units.models import Unit


def unit_for_election(*, session: Session, unit_id: int | None, title: str) -> int:
    """Inside a write: `unit_id` when it exists, else a new unit named after the election."""
    if unit_id is not None:
        if session.get(Unit, unit_id) is None:
            raise InvalidInput(f"没有编号为{unit_id}的村/社区", code="unit_not_found")
        return unit_id
    unit = Unit(name=title)
    session.add(unit)
    session.flush()
    assert unit.id is not None
    return unit.id
