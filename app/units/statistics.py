"""The statistics of CAMPAIGN.md §4 for a unit: the stored counts of its subtree's units
(app.units.stored_counts), summed and turned into figures by the pure `stats` package."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel

import stats
from app.units.board import board, elections_below
from app.units.models import KIND_ZH, Unit, UnitPublic
from app.units.service import subtree, unit_public
from app.units.stats_input import stats_unit
from app.units.stored_counts import own_counts, subtree_counts

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


def statistics(*, session: Session, unit: Unit) -> StatisticsOut:
    """The figures of the unit and of every unit below it, from the stored counts (two
    indexed queries: the subtree's units and their counts rows)."""
    units = subtree(session=session, unit=unit)
    rolled = subtree_counts(session=session, root=unit, units=units)
    before = stats.previous_counts([stats_unit(u, root=unit) for u in units])
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


def unit_checks(own: dict[int, stats.Counts]) -> dict[int, list[str]]:
    """Checks of a 村/社区 as a whole: 一肩挑 planned and not achieved (CAMPAIGN.md §4)."""
    return {u: ["one_shoulder_missed"] for u, c in own.items() if c["one_shoulder_missed"]}


def board_picture(*, session: Session, unit: Unit, today: date) -> dict[str, Any]:
    """The progress board of a unit (app.units.board) with its 村/社区 checks: three indexed
    queries (units, their elections' progress, their stored counts), no result read."""
    units = subtree(session=session, unit=unit)
    rows = elections_below(session=session, unit=unit)
    checks = unit_checks(own_counts(session=session, root=unit, units=units))
    return board(units=units, rows=rows, root=unit, today=today, unit_checks=checks)
