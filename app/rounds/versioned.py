"""What is derived from a round and stays true while the round's `version` does (any change
of its state or data moves it, and the set-up is frozen once ballots are issued): kept per
database, per (round, version), the most recently used first."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from app.rounds.models import Round

T = TypeVar("T")


class PerRoundVersion(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        # Per engine: tests and tools may run several apps, each on its own database.
        self._kept: weakref.WeakKeyDictionary[Engine, OrderedDict[tuple[int, int], T]] = (
            weakref.WeakKeyDictionary())
        # Per engine: each round's newest version kept (its value may have been dropped since).
        self._newest: weakref.WeakKeyDictionary[Engine, dict[int, int]] = (
            weakref.WeakKeyDictionary())
        self._lock = threading.Lock()

    def newest(self, engine: Engine, round_id: int) -> tuple[int, T] | None:
        """The value kept for the newest version of round `round_id` seen here, and that
        version: what the round most likely still is (the caller checks the version)."""
        with self._lock:
            version = self._newest.get(engine, {}).get(round_id)
            kept = self._kept.get(engine)
            if version is None or kept is None or (round_id, version) not in kept:
                return None
            return version, kept[(round_id, version)]

    def get(self, session: Session, rnd: Round, build: Callable[[], T]) -> T:
        """The kept value for `rnd` as it is now, or `build()`'s, kept."""
        assert rnd.id is not None
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        key = (rnd.id, rnd.version)
        with self._lock:
            kept = self._kept.setdefault(engine, OrderedDict())
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = build()
        with self._lock:
            kept[key] = value
            newest = self._newest.setdefault(engine, {})
            newest[rnd.id] = max(newest.get(rnd.id, rnd.version), rnd.version)
            while len(kept) > self._size:
                (round_id, version), _ = kept.popitem(last=False)
                if newest.get(round_id) == version:
                    del newest[round_id]
        return value
