"""Pooled PostgreSQL connections: pinged only after sitting idle, replaced when dropped."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from app import db
from app.settings import Settings


def backend_pid(engine: object) -> int:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_dropped_while_idle_is_replaced_before_use(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")
    engine = db.make_engine(settings)
    admin = create_engine(settings.database_url, poolclass=NullPool)
    try:
        first = backend_pid(engine)
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        # Just used: handed out unpinged, so the dropped connection fails its request.
        with pytest.raises(OperationalError):
            backend_pid(engine)
        second = backend_pid(engine)  # the pool threw the dead one away
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": second})
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # idle long enough to be pinged
        assert backend_pid(engine) not in (first, second)
    finally:
        engine.dispose()
        admin.dispose()
