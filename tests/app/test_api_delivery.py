"""Delivery: the migrations match the models exactly, the demo seeds once, the app is built
only by `create_app` (nothing at import)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from dbkit import downgrade, migrate
from fastapi.testclient import TestClient
from meetingkit import Meeting
from sqlmodel import Session

from app.demo import DEMO_TITLE, seed
from app.main import create_app
from app.settings import Settings
from app.tables import metadata


def test_migrations_match_the_models(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_the_entry_counts_migration_counts_the_entries_already_there(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url)
    app = create_app(Settings(database_url=url))  # type: ignore[call-arg]
    with TestClient(app) as http:
        m = Meeting.create(http)
        for name in ("王一", "李二", "张三", "刘四"):
            m.candidate(name)
        m.roll(3)
        rid = m.open_counting(m.first_round(), issued=3)["id"]
        for k in (1, 2, 3):
            m.enter(rid, {"member": {"c01": "yes"}}, entry_id=f"m-{k}")
        assert m.call("POST", f"/rounds/{rid}/entries/m-2/correct", "teller",
                      json={"reason": "重复"}).status_code == 200
        app.state.engine.dispose()
        downgrade(url, "0001")  # a database from before the counts
        migrate(url)
        assert m.call("GET", f"/rounds/{rid}").json()["entered"] == 2
    app.state.engine.dispose()


def test_demo_seeds_once(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine, expire_on_commit=False) as session:
        first = seed(session)
    with Session(engine, expire_on_commit=False) as session:
        second = seed(session)
    assert first["created"] is True and second == {"election_id": first["election_id"],
                                                    "created": False}
    tokens: dict[str, str] = first["tokens"]  # type: ignore[assignment]
    election = client.get(f"/api/v1/elections/{first['election_id']}",
                          headers={"Authorization": f"Bearer {tokens['observer']}"}).json()
    assert election["title"] == DEMO_TITLE
    assert all(c["ok"] for c in election["checks"])


def test_importing_the_app_module_builds_nothing() -> None:
    module = importlib.import_module("app.main")
    assert "app" not in vars(module)  # made on first access (PEP 562), by create_app


def test_a_setup_token_guards_creating_meetings(settings: Settings) -> None:
    guarded = create_app(settings.model_copy(update={"setup_token": "s3cret"}))
    body = {"title": "测试", "body": "party_branch",
            "posts": [{"id": "member", "name": "委员", "seats": 3}]}
    with TestClient(guarded) as http:
        refused = http.post("/api/v1/elections", json=body)
        assert refused.status_code == 401 and refused.json()["code"] == "setup_token_required"
        made = http.post("/api/v1/elections", json=body,
                         headers={"Authorization": "Bearer s3cret"})
        assert made.status_code == 201
    guarded.state.engine.dispose()
    with pytest.raises(ValueError, match="JIPIAO_SETUP_TOKEN"):
        Settings(environment="production")


def test_two_apps_in_one_process_judge_against_their_own_databases(
        tmp_path: Path) -> None:
    meetings = []
    for i, names in enumerate((("王一", "李二", "张三", "刘四"),
                               ("王一", "李二", "张三", "刘四", "陈五"))):
        url = f"sqlite:///{tmp_path / f'db{i}.sqlite'}"
        migrate(url)
        http = TestClient(create_app(Settings(database_url=url)))  # type: ignore[call-arg]
        m = Meeting.create(http)
        for name in names:
            m.candidate(name)
        m.roll(2)
        rid = m.open_counting(m.first_round(), issued=2)["id"]
        meetings.append((m, rid))
    assert meetings[0][1] == meetings[1][1]  # the same round id in both databases
    for m, rid in meetings:
        m.enter(rid, {"member": {"c01": "yes"}})
    assert meetings[1][0].enter(meetings[1][1], {"member": {"c05": "yes"}})["valid"] is True
    refused = meetings[0][0].enter(meetings[0][1], {"member": {"c05": "yes"}}, expect=422)
    assert refused["code"] == "invalid_ballot"


def test_an_unreachable_database_answers_503_and_the_clerk_may_resend() -> None:
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:9/none"
    down = create_app(Settings(database_url=unreachable))  # type: ignore[call-arg]
    with TestClient(down, raise_server_exceptions=False) as http:
        entry = http.post("/api/v1/elections/1/rounds/1/entries", json={
            "entry_id": "x-1", "marks": {"member": {"c01": "yes"}}},
            headers={"Authorization": "Bearer jp_tel_whatever"})
        read = http.get("/api/v1/elections/1", headers={"Authorization": "Bearer jp_org_x"})
    for response in (entry, read):
        assert response.status_code == 503, response.text
        body = response.json()
        assert body["code"] == "database_unavailable" and "稍后重试" in body["message"]
    down.state.engine.dispose()


def test_a_bug_answers_500_with_the_usual_body_and_no_traceback(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as http:
        response = http.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error" and "secret" not in response.text
    app.state.engine.dispose()


def test_the_people_migration_gives_every_election_its_unit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url)
    app = create_app(Settings(database_url=url))  # type: ignore[call-arg]
    with TestClient(app) as http:
        first, second = Meeting.create(http, title="甲村"), Meeting.create(http, title="乙村")
        app.state.engine.dispose()
        downgrade(url, "0005")  # a database from before units and people
        migrate(url)
        units = {m.election["title"]: m.call("GET", "").json()["unit_id"]
                 for m in (first, second)}
        assert None not in units.values() and units["甲村"] != units["乙村"]
        assert first.call("GET", "/people").json() == []
        assert first.call("POST", "/people", json={"name": "王一"}).status_code == 201
    app.state.engine.dispose()


def test_the_tree_migration_makes_every_unit_a_root_village(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url)
    app = create_app(Settings(database_url=url))  # type: ignore[call-arg]
    with TestClient(app) as http:
        meeting = Meeting.create(http, title="甲村")
        unit_id = meeting.call("GET", "").json()["unit_id"]
        app.state.engine.dispose()
        downgrade(url, "0009")  # a database from before the organisation tree
        migrate(url)
        county = http.post("/api/v1/units", json={"name": "某县", "kind": "county"}).json()
        town = http.post(f"/api/v1/units/{county['id']}/units", json={
            "name": "某镇", "kind": "township"},
            headers={"Authorization": f"Bearer {county['tokens']['organiser']}"}).json()
        assert town["parent_id"] == county["id"]
        from sqlalchemy import text

        with app.state.engine.connect() as conn:
            row = conn.execute(text("SELECT kind, path, parent_id FROM unit WHERE id = :i"),
                               {"i": unit_id}).one()
        assert tuple(row) == ("village", f"{unit_id}/", None)
        assert meeting.call("GET", "/people").status_code == 200
    app.state.engine.dispose()
