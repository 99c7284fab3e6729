"""A county driven through the HTTP API, for the tests: the tree, its tokens, elections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from httpx import Client, Response
from meetingkit import Meeting, ok


@dataclass
class County:
    client: Client
    unit: dict[str, Any]
    tokens: dict[str, str]

    @classmethod
    def create(cls, client: Client, name: str = "测试县") -> County:
        created = ok(client.post("/api/v1/units", json={"name": name, "kind": "county"}), 201)
        return cls(client, created, created.pop("tokens"))

    @property
    def id(self) -> int:
        return int(self.unit["id"])

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Response:
        secret = token or self.tokens["organiser"]
        return self.client.request(method, f"/api/v1/units{path}",
                                   headers={"Authorization": f"Bearer {secret}"}, **kw)

    def child(self, parent: int, name: str, kind: str, token: str | None = None,
              **extra: Any) -> int:
        body = {"name": name, "kind": kind, **extra}
        return int(ok(self.call("POST", f"/{parent}/units", token, json=body), 201)["id"])

    def token(self, unit: int, role: str = "organiser") -> str:
        return str(ok(self.call("POST", f"/{unit}/tokens",
                                json={"role": role, "label": f"{role}{unit}"}), 201)["token"])

    def election(self, unit: int, body: str, posts: list[dict[str, Any]],
                 rules: dict[str, Any] | None = None, title: str | None = None) -> Meeting:
        created = ok(self.call("POST", f"/{unit}/elections", json={
            "title": title or f"{body}选举", "body": body, "rules": rules or {},
            "posts": posts}), 201)
        return Meeting(self.client, created, created.pop("tokens"))
