"""Fixtures of the service tests: one migrated database per backend and test session.

Every test makes its own election, so tests share the database without colliding.
PostgreSQL runs when JIPIAO_TEST_POSTGRES_URL is set, in a fresh schema dropped at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from dbkit import migrate, postgres_schema_url
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

POSTGRES_ENV = "JIPIAO_TEST_POSTGRES_URL"


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'jipiao.db'}"
        migrate(url)
        yield url
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    gen = postgres_schema_url(base)
    url = next(gen)
    migrate(url)
    yield url
    gen.close()


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, live_poll_interval=0.02,  # type: ignore[call-arg]
                    auth_failure_limit=1_000_000)


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()
