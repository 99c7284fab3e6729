"""The statistics of CAMPAIGN.md §4 for a unit: its subtree's stored rollups and the elected
people's data, handed to the pure `stats` package (two indexed queries, no ballot read)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

import stats
from app.people.models import Person
from app.units.board import elections_below
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


def _person(row: Person | None, key: str, name: str, gender: str | None) -> stats.Person:
    if row is None:
        return stats.Person(key=key, name=name, gender=gender)
    previous = frozenset(stats.BODY_GROUP[p["body"]] for p in row.posts
                         if p.get("body") in stats.BODY_GROUP)
    return stats.Person(key=key, name=row.name, gender=row.gender, birth_date=row.birth_date,
                        ethnicity=row.ethnicity, education=row.education,
                        political_status=row.political_status, previous_groups=previous)


def _election(body: str, facts: dict[str, Any], people: dict[int, Person]) -> stats.Election:
    seats = []
    for won in facts.get("elected", []):
        pid = won.get("person_id")
        # A person's identity inside the unit: their person record, else the name.
        key = f"p{pid}" if pid else f"n:{won['name']}"
        seats.append(stats.Seat(_person(people.get(pid) if pid else None, key, won["name"],
                                        won.get("gender")),
                                won["role"], won["post"], int(won["votes"]),
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


def stats_units(*, session: Session, unit: Unit) -> list[stats.Unit]:
    """The subtree as the `stats` package reads it."""
    units = subtree(session=session, unit=unit)
    rows = elections_below(session=session, unit=unit)
    ids = {won["person_id"] for _e, p in rows if p is not None and p.facts
           for won in p.facts.get("elected", []) if won.get("person_id")}
    people = {p.id: p for p in session.execute(
        select(Person).where(Person.id.in_(sorted(ids))))  # type: ignore[union-attr]
        .scalars()} if ids else {}
    by_unit: dict[int, list[stats.Election]] = {}
    for election, progress in rows:
        assert election.unit_id is not None
        by_unit.setdefault(election.unit_id, []).append(
            _election(election.body, (progress.facts or {}) if progress else {}, people))
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
                           figures={f.key: f.text for f in stats.figures(rolled[u.id])
                                    if f.key in PER_UNIT_KEYS})
               for u in units])


def _figure_out(f: stats.Figure) -> FigureOut:
    return FigureOut(key=f.key, label=f.label, kind=f.kind, part=f.part, whole=f.whole,
                     text=f.text, previous_text=f.previous_text, trend=f.trend)


def unit_checks(units: list[stats.Unit]) -> dict[int, list[str]]:
    """Checks of a 村/社区 as a whole: 一肩挑 planned and not achieved (CAMPAIGN.md §4)."""
    return {u.id: ["one_shoulder_missed"] for u in units
            if stats.unit_counts(u)["one_shoulder_missed"]}
