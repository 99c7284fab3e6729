"""A meeting driven through the HTTP API, for the tests: set-up, roll, rounds, entry."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from httpx import Client, Response

_entry_ids = itertools.count(1)


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@dataclass
class Meeting:
    client: Client
    election: dict[str, Any]
    tokens: dict[str, str]
    voters: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def create(cls, client: Client, *, body: str = "party_branch",
               rules: dict[str, Any] | None = None,
               posts: list[dict[str, Any]] | None = None, title: str = "测试选举") -> Meeting:
        created = ok(client.post("/api/v1/elections", json={
            "title": title, "body": body, "rules": rules or {},
            "posts": posts or [{"id": "member", "name": "委员", "seats": 3}]}), 201)
        return cls(client, created, created.pop("tokens"))

    @property
    def eid(self) -> int:
        return int(self.election["id"])

    def url(self, path: str = "") -> str:
        return f"/api/v1/elections/{self.eid}{path}"

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def call(self, method: str, path: str, role: str = "organiser", **kw: Any) -> Response:
        return self.client.request(method, self.url(path), headers=self.auth(role), **kw)

    def candidate(self, name: str, posts: list[str] | None = None, **extra: Any) -> str:
        body = {"name": name, "posts": posts or ["member"], "member_status": "full", **extra}
        return str(ok(self.call("POST", "/candidates", json=body), 201)["id"])

    def roll(self, n: int, status: str = "full", present: int | None = None) -> None:
        self.voters = ok(self.call("POST", "/voters", json={
            "voters": [{"name": f"党员{i}", "status": status} for i in range(n)]}), 201)
        ids = [v["id"] for v in self.voters[: n if present is None else present]]
        if ids:
            ok(self.call("POST", "/sign-ins", json={"voter_ids": ids}))

    def first_round(self, double_entry: bool = False) -> dict[str, Any]:
        return ok(self.call("POST", "/rounds", json={"double_entry": double_entry}), 201)

    def next_round(self) -> dict[str, Any]:
        return ok(self.call("POST", "/rounds/next", json={}), 201)

    def open_counting(self, rnd: dict[str, Any], issued: int,
                      returned: int | None = None) -> dict[str, Any]:
        rid = rnd["id"]
        ok(self.call("POST", f"/rounds/{rid}/quorum"))
        ok(self.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": issued}))
        return ok(self.call("POST", f"/rounds/{rid}/return",
                            json={"ballots_returned": issued if returned is None else returned}))

    def enter(self, rid: int, marks: dict[str, Any], *, entry_id: str | None = None,
              role: str = "teller", expect: int = 201, **extra: Any) -> Any:
        body = {"entry_id": entry_id or f"e{next(_entry_ids)}", "marks": marks, **extra}
        return ok(self.call("POST", f"/rounds/{rid}/entries", role, json=body), expect)

    def count(self, rid: int) -> dict[str, Any]:
        return ok(self.call("POST", f"/rounds/{rid}/count", "scrutineer"))

    def publish(self, rid: int) -> dict[str, Any]:
        ok(self.call("POST", f"/rounds/{rid}/sign-off", "scrutineer", json={"names": "张三、李四"}))
        return ok(self.call("POST", f"/rounds/{rid}/publish"))
