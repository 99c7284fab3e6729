"""What the pure `stats` package reads, built from the stored elections: a unit's 村/社区,
the stored facts of their elections (app.units.rollup) and the elected people's data."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

import stats
from app.people.models import Person
from app.units.board import elections_below
from app.units.models import Unit
from app.units.service import subtree


def _person(row: Any) -> stats.Person:
    """A person record as the statistics read it; their key is their id."""
    previous = frozenset(stats.BODY_GROUP[p["body"]] for p in row.posts
                         if p.get("body") in stats.BODY_GROUP)
    return stats.Person(key=f"p{row.id}", name=row.name, gender=row.gender,
                        birth_date=row.birth_date,
                        ethnicity=row.ethnicity, education=row.education,
                        political_status=row.political_status, previous_groups=previous)


def _election(body: str, facts: dict[str, Any],
              people: dict[int, stats.Person]) -> stats.Election:
    seats = []
    for won in facts.get("elected", []):
        pid = won.get("person_id")
        # A person's identity inside the unit: their person record, else the name.
        who = people.get(pid) if pid else None
        if who is None:
            who = stats.Person(key=f"p{pid}" if pid else f"n:{won['name']}", name=won["name"],
                               gender=won.get("gender"))
        seats.append(stats.Seat(who, won["role"], won["post"], int(won["votes"]),
                                int(won["ballots"])))
    held_on = facts.get("held_on")
    return stats.Election(
        body=body, held=bool(facts.get("held")),
        held_on=date.fromisoformat(held_on) if held_on else None,
        first_round_complete=bool(facts.get("first_round_complete")),
        complete=bool(facts.get("complete")),
        **{k: int(facts.get(k, 0)) for k in ("registered", "voted", "expected", "present",
                                             "seats", "candidates")},
        direct=bool(facts.get("direct")), elected=tuple(seats))


PERSON_COLUMNS = (Person.id, Person.name, Person.gender, Person.birth_date, Person.ethnicity,
                  Person.education, Person.political_status, Person.posts)


def stats_unit(unit: Unit, elections: tuple[stats.Election, ...] = (),
               root: Unit | None = None) -> stats.Unit:
    """A unit as the `stats` package reads it (the root of a subtree has no parent)."""
    assert unit.id is not None
    return stats.Unit(id=unit.id, name=unit.name, kind=unit.kind,
                      parent_id=None if root is not None and unit.id == root.id
                      else unit.parent_id,
                      one_shoulder_planned=unit.one_shoulder_planned, elections=elections,
                      previous=unit.previous_term)


def stats_units(*, session: Session, unit: Unit, units: list[Unit] | None = None,
                rows: list[Any] | None = None, people: bool = True) -> list[stats.Unit]:
    """The subtree as the `stats` package reads it: its units, the stored facts of its
    elections (`elections_below(facts=True)` rows, read here when not given) and, unless
    `people` is False (identity only), the elected people's data."""
    units = units if units is not None else subtree(session=session, unit=unit)
    rows = rows if rows is not None else elections_below(session=session, unit=unit, facts=True)
    found: dict[int, stats.Person] = {}
    ids = sorted({won["person_id"] for r in rows if r.facts
                  for won in r.facts.get("elected", []) if won.get("person_id")})
    if people and ids:
        found = {p.id: _person(p) for p in session.execute(
            select(*PERSON_COLUMNS).where(Person.id.in_(ids)))}  # type: ignore[union-attr]
    by_unit: dict[int, list[stats.Election]] = {}
    for r in rows:
        by_unit.setdefault(r.unit_id, []).append(_election(r.body, r.facts or {}, found))
    return [stats_unit(u, tuple(by_unit.get(u.id or 0, ())), unit) for u in units]
