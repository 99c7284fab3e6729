"""Roles and exposure (issue 12 §5): who may enter ballots, the last organiser token, tokens
kept out of addresses and caches, security headers, the production home page."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from dbkit import migrate
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from test_api_audit import published_meeting
from test_api_entry import counting_round

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_only_a_teller_enters_ballots(client: TestClient) -> None:
    m, rid = counting_round(client)
    body = m.enter(rid, {"member": {"c01": "yes"}}, role="scrutineer", expect=403)
    assert body["code"] == "wrong_role" and "计票人" in body["message"]
    m.enter(rid, {"member": {"c01": "yes"}}, entry_id="t-1")
    # A scrutineer's correction stays possible: explicit, with a reason, audited by name.
    ok(m.call("POST", f"/rounds/{rid}/entries/t-1/correct", "scrutineer",
              json={"reason": "唱错", "replacement": {"entry_id": "t-2",
                                                     "marks": {"member": {"c02": "yes"}}}}))
    log = ok(m.call("GET", "/audit", "scrutineer"))
    assert log[-1]["action"] == "entry.replace" and log[-1]["actor"].startswith("scrutineer:")


def test_the_last_organiser_token_cannot_be_revoked(client: TestClient) -> None:
    m = Meeting.create(client)
    tokens = ok(m.call("GET", "/tokens"))
    first = next(t for t in tokens if t["role"] == "organiser")
    body = ok(m.call("DELETE", f"/tokens/{first['id']}"), 409)
    assert body["code"] == "last_organiser_token"
    second = ok(m.call("POST", "/tokens", json={"role": "organiser", "label": "副组织者"}), 201)
    ok(m.call("DELETE", f"/tokens/{first['id']}"), 204)  # with the first: its own token
    m.tokens["organiser"] = second["token"]
    ok(m.call("DELETE", f"/tokens/{second['id']}"), 409)
    ok(m.call("GET", ""))


def test_pages_refuse_a_token_in_the_query(client: TestClient) -> None:
    m = Meeting.create(client)
    for path in (f"/e/{m.eid}", f"/e/{m.eid}/clerk", f"/e/{m.eid}/board", f"/p/{m.eid}"):
        refused = client.get(f"{path}?token={m.tokens['organiser']}")
        assert refused.status_code == 400 and refused.json()["code"] == "token_in_address"
        assert client.get(path).status_code in (200, 404)


def test_security_headers_and_no_inline_script(client: TestClient) -> None:
    m, rid = published_meeting(client)
    pages = ["/", "/new", f"/e/{m.eid}", f"/e/{m.eid}/clerk", f"/e/{m.eid}/scrutineer",
             f"/e/{m.eid}/board", f"/e/{m.eid}/totals", f"/p/{m.eid}"]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        csp = page.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"
        for tag in re.findall(r"<script[^>]*>", page.text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", page.text), path  # no inline event handlers
    docs = client.get("/docs")
    assert docs.status_code == 200 and "'sha256-" in docs.headers["content-security-policy"]
    for response in (client.get("/api/v1/health"), client.get("/openapi.json")):
        assert response.headers["x-content-type-options"] == "nosniff"
    created = client.post("/api/v1/elections", json={
        "title": "缓存", "body": "party_branch",
        "posts": [{"id": "member", "name": "委员", "seats": 3}]})
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    token = m.call("POST", "/tokens", json={"role": "teller", "label": "乙"})
    assert token.headers["cache-control"] == "no-store"
    assert m.call("GET", f"/rounds/{rid}").headers["cache-control"] == "no-store"


def test_production_lists_only_published_elections(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    migrate(url)
    with pytest.raises(ValueError):
        Settings(database_url=url, environment="production")  # type: ignore[call-arg]
    app = create_app(Settings(database_url=url, environment="production",  # type: ignore[call-arg]
                              setup_token="county-setup"))
    try:
        anyone = TestClient(app)
        assert anyone.post("/api/v1/elections", json={
            "title": "无口令", "body": "party_branch",
            "posts": [{"id": "member", "name": "委员", "seats": 3}]}).status_code == 401
        setup = TestClient(app, headers={"Authorization": "Bearer county-setup"})
        draft = Meeting.create(setup, title="尚未公布的选举")
        published, _rid = published_meeting(setup)
        home = anyone.get("/").text
        assert published.election["title"] in home or f"/p/{published.eid}" in home
        assert "尚未公布的选举" not in home and f"/e/{draft.eid}\"" not in home
        assert anyone.get("/docs").status_code == 200
    finally:
        app.state.engine.dispose()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "JIPIAO_ENVIRONMENT=production" in dockerfile


def test_the_demo_writes_its_tokens_for_its_user_only(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from app import demo

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate(url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    old = os.umask(0o022)
    try:
        assert demo.main() == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "data" / "demo-tokens.json").stat().st_mode)
    assert mode == 0o600
