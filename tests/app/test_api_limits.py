"""Limits (issue 12 §3): bodies capped per route before they are read, write-ins per post,
the calculator's bounds, failed tokens answered with 429 per client."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from test_api_entry import counting_round

from app.calculator import MAX_BALLOTS
from app.guard import CALCULATOR_MAX_BYTES
from app.main import create_app
from app.settings import Settings


def test_an_oversized_ballot_is_refused_before_it_is_read(client: TestClient) -> None:
    m, rid = counting_round(client)
    url = m.url(f"/rounds/{rid}/entries")
    huge = {"entry_id": "big", "write_ins": {"member": [{"name": "王一"}] * 200_000}}
    data = json.dumps(huge).encode()
    body = ok(client.post(url, content=data, headers={
        **m.auth("teller"), "content-type": "application/json"}), 413)
    assert body["code"] == "body_too_large" and "KB" in body["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        for i in range(0, len(data), 65536):
            yield data[i:i + 65536]

    assert ok(client.post(url, content=chunks(), headers={
        **m.auth("teller"), "content-type": "application/json"}), 413)["code"] == "body_too_large"
    many = {"entry_id": "many", "write_ins": {"member": [{"name": "王一"}] * 51}}
    ok(m.call("POST", f"/rounds/{rid}/entries", "teller", json=many), 422)
    m.enter(rid, {"member": {"c01": "yes"}}, write_ins={"member": [{"name": "赵六"}] * 3})


def test_the_calculator_is_bounded(client: TestClient) -> None:
    big = b'{"rounds": [' + b'{"a": 1},' * (CALCULATOR_MAX_BYTES // 9) + b"{}]}"
    response = client.post("/api/v1/count", content=big,
                           headers={"content-type": "application/json"})
    assert ok(response, 413)["code"] == "body_too_large"
    record = {"format": "jipiao.record/1", "rounds": [{"id": "r1", "ballots": [{}] * MAX_BALLOTS,
                                                      "boxes": [{"ballots": [{}]}]}]}
    body = ok(client.post("/api/v1/count", json=record), 413)
    assert body["code"] == "too_many_ballots" and body["detail"]["max_ballots"] == MAX_BALLOTS


def test_failed_tokens_get_429_per_client(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"auth_failure_limit": 3}))
    try:
        guesser = TestClient(app, client=("10.0.0.7", 4000))
        clerk = TestClient(app, client=("10.0.0.8", 4000))
        m = Meeting.create(clerk)
        for _ in range(3):
            ok(guesser.get(m.url(), headers={"Authorization": "Bearer jp_org_guess"}), 401)
        refused = guesser.get(m.url(), headers=m.auth("organiser"))
        assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
        assert int(refused.headers["retry-after"]) >= 1
        ok(guesser.post("/api/v1/elections", json={}), 429)
        # Another client is not affected; pages and static files stay open to the guesser.
        ok(clerk.get(m.url(), headers=m.auth("organiser")))
        assert guesser.get("/api/v1/health").status_code == 429
        assert guesser.get("/").status_code == 200
    finally:
        app.state.engine.dispose()


def test_setup_token_guesses_are_limited(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"auth_failure_limit": 5,
                                                 "setup_token": "s3cret-setup"}))
    try:
        guesser = TestClient(app, client=("10.0.0.9", 4000))
        body = {"title": "猜", "body": "party_branch",
                "posts": [{"id": "member", "name": "委员", "seats": 1}]}
        codes = [guesser.post("/api/v1/elections", json=body,
                              headers={"Authorization": f"Bearer guess{i}"}).status_code
                 for i in range(8)]
        assert codes == [401] * 5 + [429] * 3
    finally:
        app.state.engine.dispose()
