"""Each unit's own statistics counts, stored (CAMPAIGN.md §4; issue 11: the county's figures
for 900 elections read a few hundred rows, not every election's result).

A unit's row holds `stats.unit_counts` of that unit alone: for a 村/社区, computed by the pure
`stats` package from its elections' stored facts and its people, exactly as a from-scratch
computation does (one source of truth). Every change that moves them rewrites the row in its
own transaction: a round's result (`app.units.rollup.refresh_progress`), a new election, a
person's data, the unit's 一肩挑 plan. A subtree's figures are the sum of its rows, added up
when read (`stats.roll_up`): no row above a 村/社区 is written when one of its elections
changes, so writes in different 村 never wait on a shared 乡镇 or 县 row.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

import stats
from app.timeutil import utcnow
from app.units.models import Unit, UnitCounts, kept_counts
from app.units.stats_input import stats_units

_TABLE: Table = UnitCounts.__table__  # type: ignore[attr-defined]
_UNITS: Table = Unit.__table__  # type: ignore[attr-defined]


def computed_counts(*, session: Session, unit: Unit) -> stats.Counts:
    """The unit's own counts from scratch: its elections' stored facts and its people."""
    return stats.unit_counts(stats_units(session=session, unit=unit, units=[unit])[0])


def refresh_unit_counts(*, session: Session, unit_ids: Iterable[int | None]) -> None:
    """Inside a write: recompute and store the counts of these units.

    Each unit's row is locked (made first if missing) before its elections are read, so two
    writes in one 村 (its 党组织 and its 村委会 counted at the same moment) take turns and
    the second reads what the first committed. Rows are locked in id order (no deadlock).
    """
    session.flush()
    for unit_id in sorted({u for u in unit_ids if u is not None}):
        _lock_row(session, unit_id)
        # Read again after the lock: another transaction may have changed the unit.
        unit = session.execute(select(Unit).where(_UNITS.c.id == unit_id)
                               .execution_options(populate_existing=True)).scalar_one()
        session.execute(update(_TABLE).where(_TABLE.c.unit_id == unit_id).values(
            counts=kept_counts(computed_counts(session=session, unit=unit)), updated_at=utcnow()))


def _lock_row(session: Session, unit_id: int) -> None:
    insert = (postgresql.insert(_TABLE) if session.get_bind().dialect.name == "postgresql"
              else sqlite.insert(_TABLE))
    session.execute(insert.values(unit_id=unit_id, counts={}, updated_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["unit_id"]))
    session.execute(select(_TABLE.c.unit_id).where(_TABLE.c.unit_id == unit_id)
                    .with_for_update())


def own_counts(*, session: Session, root: Unit, units: list[Unit]) -> dict[int, stats.Counts]:
    """Every unit's own counts in `root`'s subtree (`units`), as stored: one indexed query.

    A unit with no stored row yet (made before the rows were kept) is computed from scratch
    here; it is stored with the next change that moves it.
    """
    rows = session.execute(
        select(_TABLE.c.unit_id, _TABLE.c.counts)
        .join(_UNITS, _UNITS.c.id == _TABLE.c.unit_id)
        .where(_UNITS.c.path.startswith(root.path, autoescape=True)))
    found = {r.unit_id: stats.Counts(r.counts) for r in rows}
    missing = [u for u in units if u.id not in found]
    if missing:
        fresh = stats_units(session=session, unit=root, units=missing)
        found |= {u.id: stats.unit_counts(u) for u in fresh}
    return found


def subtree_counts(*, session: Session, root: Unit, units: list[Unit]
                   ) -> dict[int, stats.Counts]:
    """Every unit's counts with everything below it added, from the stored rows."""
    own = own_counts(session=session, root=root, units=units)
    return stats.roll_up(own, {u.id: None if u.id == root.id else u.parent_id
                               for u in units if u.id is not None})
