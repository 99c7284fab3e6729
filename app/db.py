"""The database engine and sessions.

SQLite (the embedded default) runs in WAL mode with `synchronous=FULL`, so an acknowledged
write survives `kill -9` and power loss. Reads begin a plain (deferred) transaction and never
block anyone; a write starts with `begin_write`, which on SQLite emits `BEGIN IMMEDIATE` so
concurrent writers queue on the lock instead of failing half-way, and on PostgreSQL locks
the rows the write depends on (`SELECT … FOR UPDATE`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlmodel import Session, create_engine

from app.settings import Settings


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def existing_engine(settings: Settings) -> Engine:
    """The engine of a database that exists (the command-line tools read one; an SQLite file
    that is not there would be made empty, in whatever folder the tool was run from)."""
    url = settings.database_url
    database = make_url(url).database if is_sqlite(url) else None
    if database and database != ":memory:" and not Path(database).is_file():
        raise ValueError(f"找不到数据库文件 {Path(database).resolve()}：请在项目目录中运行，"
                         "或用 DATABASE_URL 指定数据库")
    return make_engine(settings)


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if not is_sqlite(url):
        engine = create_engine(url, pool_size=settings.pool_size,
                               max_overflow=2 * settings.pool_size)
        _ping_when_idle(engine)
        return engine
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False,
                      "timeout": settings.sqlite_busy_timeout_ms / 1000},
        pool_size=settings.pool_size,
        max_overflow=2 * settings.pool_size,
    )
    _sqlite_pragmas(engine, settings.sqlite_busy_timeout_ms)
    return engine


# A pooled connection unused for this long is pinged before it is handed out (seconds).
IDLE_PING_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Like `pool_pre_ping`, but only for a connection that sat in the pool: a busy
    service reuses its connections within milliseconds and should not pay a round-trip per
    request for them, while one the server may have dropped (a restart, an idle timeout)
    is replaced before it is used."""
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in", 0.0) < IDLE_PING_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as err:
            # The pool throws this connection away and hands out a new one.
            raise DisconnectionError() from err


def _sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is switched off: we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    # Writers of this process queue on a Python lock before asking SQLite for its write lock:
    # SQLite's own busy handler polls with sleeps of up to 100 ms, which under many
    # concurrent clerks wastes most of the time in waiting.
    writers = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            writers.acquire()
            connection.info["holds_writer_lock"] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release(connection)
                raise
        else:
            connection.exec_driver_sql("BEGIN")

    def _release(connection: Any) -> None:
        if connection.info.pop("holds_writer_lock", False):
            writers.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


WRITE_OPTION = "jipiao_write"


def begin_write(session: Session, *rows: Any, shared: tuple[Any, ...] = ()) -> None:
    """Start a write transaction and re-read `rows` (locked) and `shared` (share-locked).

    Whatever the request read before is re-read here, inside the write's transaction, so a
    decision (a round's state, an election's lock) is made on current data.
    """
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})
    for row in rows:
        session.refresh(row, with_for_update=True)
    for row in shared:
        session.refresh(row, with_for_update={"read": True})


async def session_scope(engine: Engine) -> AsyncIterator[Session]:
    """One session per request; services commit, anything left open is rolled back.

    Opened and closed on the event loop (not in the thread pool), so closing a session
    never waits for a worker thread that may itself be waiting for this session's lock.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


def commit_pipelined(session: Session, write: Callable[[], None]) -> None:
    """Run `write` (statements whose results it does not read: INSERT, UPDATE) and commit.

    On PostgreSQL they and the COMMIT are sent in one psycopg pipeline and answered
    together, one round-trip instead of one each; this returns when the commit is durable.
    A failed statement raises as it would have on its own (IntegrityError, …) and leaves
    the transaction for the caller to roll back.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        write()
        session.commit()
        return
    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    try:
        with driver.pipeline():
            write()
            driver.commit()
    except psycopg.IntegrityError as err:
        raise IntegrityError(None, None, err) from err
    session.commit()  # the session's side: the driver has nothing left to send
