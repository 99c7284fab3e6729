"""The UI tests' world: a real server on 127.0.0.1, Debian's chromium, and a meeting set up
through the JSON API (what an organiser would have typed)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from alembic.config import Config

from alembic import command
from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TABLET = {"width": 768, "height": 1024}
TABLET_LANDSCAPE = {"width": 1024, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}


def migrate(url: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db_path: Path, live_poll_interval: float = 0.05) -> Iterator[str]:
    """The service on a free 127.0.0.1 port against a fresh SQLite file; yields its base URL."""
    url = f"sqlite:///{db_path}"
    migrate(url)
    port = free_port()
    # Links and QR codes point at this test server (not the machine's LAN address).
    app = create_app(Settings(database_url=url,  # type: ignore[call-arg]
                              live_poll_interval=live_poll_interval,
                              public_url=f"http://127.0.0.1:{port}"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


SECRETARY = ["王建国", "李明"]
MEMBERS = ["王建国", "李明", "欧阳丽", "张伟", "刘芳", "陈静", "赵强"]


@dataclass
class Meeting:
    """A party branch electing 书记 (1) and 委员 (5) directly on one sheet (RULES.md §2)."""

    base: str  # "" with an in-process TestClient
    eid: int
    tokens: dict[str, str]
    ids: dict[str, str]  # name → candidate id
    http: httpx.Client

    def url(self, path: str = "") -> str:
        return f"{self.base}/api/v1/elections/{self.eid}{path}"

    def call(self, method: str, path: str, role: str = "organiser", **kw: Any) -> Any:
        response = self.http.request(method, self.url(path),
                                     headers={"Authorization": f"Bearer {self.tokens[role]}"},
                                     **kw)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def page(self, name: str, role: str, query: str = "") -> str:
        """A page link as the QR code carries it: the token after `#`."""
        suffix = {"organiser": "", "clerk": "/clerk", "scrutineer": "/scrutineer",
                  "board": "/board", "totals": "/totals", "signin": "/signin"}[name]
        return f"{self.base}/e/{self.eid}{suffix}{query}#token={self.tokens[role]}"

    def latest_round(self) -> dict[str, Any]:
        rounds: list[dict[str, Any]] = self.call("GET", "/rounds")
        return rounds[-1]


def make_meeting(base: str, *, present: int = 40, title: str = "中共幸福社区支部委员会换届选举",
                 http: httpx.Client | None = None) -> Meeting:
    """`base` is the live server's URL; or "" with `http` an in-process TestClient."""
    http = http or httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": title, "body": "party_branch", "rules": {"secretary_mode": "direct"},
        "posts": [{"id": "secretary", "name": "书记", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 5}]}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    for name in MEMBERS:
        posts = ["secretary", "member"] if name in SECRETARY else ["member"]
        made = meeting.call("POST", "/candidates",
                            json={"name": name, "posts": posts, "member_status": "full"})
        meeting.ids[name] = made["id"]
    voters = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}", "status": "full"} for i in range(42)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters[:present]]})
    return meeting


def make_village(base: str, *, rules: dict[str, Any] | None = None,
                 http: httpx.Client | None = None) -> Meeting:
    """A villagers' committee: 主任 1, 副主任 1, 委员 3 on one sheet; 30 registered, 25 came."""
    http = http or httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "幸福村村民委员会换届选举", "body": "villagers_committee", "rules": rules or {},
        "posts": [{"id": "chair", "name": "主任", "seats": 1},
                  {"id": "vice_chair", "name": "副主任", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 3}]}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    stands = {"王建国": ["chair"], "李明": ["chair"], "张伟": ["vice_chair"],
              "刘芳": ["vice_chair"], "欧阳丽": ["member"], "陈静": ["member"],
              "赵强": ["member"], "孙丽": ["member"]}
    for name, posts in stands.items():
        meeting.ids[name] = meeting.call("POST", "/candidates",
                                         json={"name": name, "posts": posts})["id"]
    voters = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"村民{i:02d}", "status": "registered"} for i in range(30)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters[:25]]})
    return meeting


def open_round_for_counting(meeting: Meeting, *, returned: int, double_entry: bool = False,
                            issued: int = 40) -> dict[str, Any]:
    """First round through quorum, issue and return: ready for the clerks."""
    rnd: dict[str, Any] = meeting.call("POST", "/rounds", json={"double_entry": double_entry})
    r = f"/rounds/{rnd['id']}"
    meeting.call("POST", f"{r}/quorum", json={})
    meeting.call("POST", f"{r}/issue", json={"ballots_issued": issued})
    result: dict[str, Any] = meeting.call("POST", f"{r}/return",
                                          json={"ballots_returned": returned})
    return result
