"""The statistics of CAMPAIGN.md §4 for a unit: its subtree's stored rollups and the elected
people's data, handed to the pure `stats` package (two indexed queries, no ballot read)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

import stats
from app.people.models import Person
from app.units.board import board, elections_below
from app.units.models import KIND_ZH, Unit, UnitPublic
from app.units.service import subtree, unit_public

# The figures shown per unit in the table of units (the summary has them all).
PER_UNIT_KEYS = ("registered", "voted", "turnout", "attendance", "committee_first_round_rate",
                 "party_first_round_rate", "committee_surplus", "direct_rate", "two_people",
                 "two_mean_age", "two_women", "two_college", "one_shoulder", "cross",
                 "units_with_woman")


class FigureOut(SQLModel):
    key: str
    label: str
    kind: str
    part: int
    whole: int | None
    text: str
    previous_text: str | None = None
    trend: str | None = None


class UnitFigures(SQLModel):
    id: int
    name: str
    kind_zh: str
    parent_id: int | None
    figures: dict[str, str]


class StatisticsOut(SQLModel):
    unit: UnitPublic
    counts: dict[str, int]
    previous: dict[str, int] | None
    figures: list[FigureOut]
    summary: str
    units: list[UnitFigures]


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
    return [stats.Unit(id=u.id, name=u.name, kind=u.kind,  # type: ignore[arg-type]
                       parent_id=u.parent_id if u.id != unit.id else None,
                       one_shoulder_planned=u.one_shoulder_planned,
                       elections=tuple(by_unit.get(u.id or 0, ())), previous=u.previous_term)
            for u in units]


def statistics(*, session: Session, unit: Unit) -> StatisticsOut:
    units = stats_units(session=session, unit=unit)
    rolled = stats.tree_counts(units)
    before = stats.previous_counts(units)
    assert unit.id is not None
    now, prev = rolled[unit.id], before.get(unit.id)
    return StatisticsOut(
        unit=unit_public(unit), counts=dict(now), previous=dict(prev) if prev else None,
        figures=[_figure_out(f) for f in stats.figures(now, prev)],
        summary=stats.summary_text(now, unit.kind),
        units=[UnitFigures(id=u.id, name=u.name, kind_zh=KIND_ZH[u.kind], parent_id=u.parent_id,
                           figures={f.key: f.text for f in
                                    stats.figures(rolled[u.id], keys=PER_UNIT_KEYS)})
               for u in units])


def _figure_out(f: stats.Figure) -> FigureOut:
    return FigureOut(key=f.key, label=f.label, kind=f.kind, part=f.part, whole=f.whole,
                     text=f.text, previous_text=f.previous_text, trend=f.trend)


def unit_checks(units: list[stats.Unit]) -> dict[int, list[str]]:
    """Checks of a 村/社区 as a whole: 一肩挑 planned and not achieved (CAMPAIGN.md §4)."""
    return {u.id: ["one_shoulder_missed"] for u in units if stats.one_shoulder_missed(u)}


def board_picture(*, session: Session, unit: Unit, today: date) -> dict[str, Any]:
    """The progress board of a unit (app.units.board) with its 村/社区 checks: two queries."""
    units = subtree(session=session, unit=unit)
    rows = elections_below(session=session, unit=unit, facts=True)
    planned = {u.id for u in units if u.one_shoulder_planned}
    checks = unit_checks(stats_units(session=session, unit=unit, units=units, people=False,
                                     rows=[r for r in rows if r.unit_id in planned]))
    return board(units=units, rows=rows, root=unit, today=today, unit_checks=checks)
