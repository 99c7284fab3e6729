"""Alembic environment: the service's metadata, the URL from the service's settings."""

from __future__ import annotations

from logging.config import fileConfig

from sqlalchemy import Connection

from alembic import context
from app.db import make_engine
from app.settings import Settings
from app.tables import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    # Tests pass their own URL; otherwise DATABASE_URL / the default SQLite file.
    return config.get_main_option("sqlalchemy.url") or Settings().database_url


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=database_url(), target_metadata=metadata, compare_type=True,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = make_engine(Settings(database_url=database_url()))  # type: ignore[call-arg]
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            run_with(conn)
        else:
            # SQLite alters a table by rebuilding it (batch mode), which foreign keys forbid:
            # they are off while migrating and checked afterwards (sqlite.org/lang_altertable).
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            run_with(conn)
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
