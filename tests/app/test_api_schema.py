"""Schemathesis against the OpenAPI schema, on SQLite and on PostgreSQL: generated requests
never cause a server error (no 5xx, whatever the input), and every status, content type and
body matches what the schema documents.

Every route is exercised, the live stream included (read up to its first events), each case
with the token of one of the four roles in turn, aimed at a real meeting with a round open
for counting. Schemathesis collects its tests from a schema object at import time, so this
module runs its own apps over their own migrated databases.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from dbkit import migrate, postgres_schema_url
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from meetingkit import Meeting
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.slow

ROLES = ("organiser", "teller", "scrutineer", "observer")
_workdir = Path(tempfile.mkdtemp(prefix="jipiao-schema-"))
atexit.register(shutil.rmtree, _workdir, ignore_errors=True)


def _app(url: str) -> FastAPI:
    migrate(url)
    # Many generated tokens are wrong: the per-client limit on failed tokens would answer 429.
    return create_app(Settings(database_url=url, auth_failure_limit=10**9,  # type: ignore[call-arg]
                               live_poll_interval=0.02))


APPS: dict[str, FastAPI] = {"sqlite": _app(f"sqlite:///{_workdir / 'schema.db'}")}
if os.environ.get("JIPIAO_TEST_POSTGRES_URL"):
    _pg = postgres_schema_url(os.environ["JIPIAO_TEST_POSTGRES_URL"])
    APPS["postgres"] = _app(next(_pg))
    atexit.register(_pg.close)

schema = schemathesis.openapi.from_asgi("/openapi.json", APPS["sqlite"])
# The live stream of an open round never ends by design: read its first event, then stop.
schema.config.max_stream_events = 1
_roles = itertools.cycle(ROLES)


@pytest.fixture(scope="module", params=[
    "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest) -> tuple[FastAPI, Meeting]:
    app = APPS.get(request.param)
    if app is None:
        pytest.skip("JIPIAO_TEST_POSTGRES_URL is not set")
    m = Meeting.create(TestClient(app), title="接口模糊测试")
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(4)
    m.open_counting(m.first_round(), issued=4)
    return app, m


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_schema_conformance(case: Any,
                                                 target: tuple[FastAPI, Meeting]) -> None:
    app, meeting = target
    # Aim most requests at a real meeting with a real token, so they reach the services.
    if "election_id" in case.path_parameters:
        case.path_parameters["election_id"] = meeting.eid
    # Not checked: whether the server refuses everything JSON Schema calls invalid, and accepts
    # everything it calls valid. Our input rules are stricter than a schema can say (names
    # without control characters, a RECORD.md record that must add up).
    case.call_and_validate(app=app, headers=meeting.auth(next(_roles)),
                           excluded_checks=[negative_data_rejection, positive_data_acceptance])
