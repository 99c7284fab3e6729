"""Bad input is refused with the usual error body, never a 5xx (issue 12 §4), on both databases:
ids beyond the database's range, NUL characters, lone surrogates, lax booleans, duplicate
keys, bidi controls and piles of combining marks."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api_entry import counting_round

BIG = [2**31, 2**63, 10**30]


def raw(client: TestClient, method: str, url: str, body: str | bytes,
        headers: dict[str, str]) -> Any:
    return client.request(method, url, content=body.encode() if isinstance(body, str) else body,
                          headers={**headers, "content-type": "application/json"})


def refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text)
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "detail"} and body["message"]
    return body


@pytest.mark.parametrize("big", BIG)
def test_ids_beyond_the_database_range_are_404_or_422(client: TestClient, big: int) -> None:
    m, rid = counting_round(client)
    for method, path in [
        ("GET", f"/api/v1/elections/{big}"), ("GET", f"/api/v1/public/elections/{big}"),
        ("GET", m.url(f"/rounds/{big}")), ("DELETE", m.url(f"/tokens/{big}")),
        ("PUT", m.url(f"/voters/{big}/exclusion")), ("DELETE", m.url(f"/proxies/{big}")),
        ("DELETE", m.url(f"/voters/{big}/exclusion")),
        ("POST", m.url(f"/rounds/{rid}/differences/{big}/resolve")),
    ]:
        body = {"reason": "理由", "approval": "批准"} if method == "PUT" else None
        refused(client.request(method, path, headers=m.auth("organiser"), json=body), 404, 422)
    for path, body in [
        ("/sign-ins", {"voter_ids": [big]}), ("/proxies", {"holder_id": big, "grantor_id": 1}),
        (f"/rounds/{rid}/issue", {"ballots_issued": big}),
        ("/voters", {"voters": [{"name": "王一", "status": "full", "note": big}]}),
    ]:
        refused(m.call("POST", path, json=body), 404, 409, 422)
    refused(client.post("/api/v1/elections", json={
        "title": "大数", "body": "party_branch",
        "posts": [{"id": "member", "name": "委员", "seats": big}]}), 422)
    refused(client.post("/api/v1/count", json={"format": "jipiao.record/1", "n": big}), 422)


@pytest.mark.parametrize("bad", ["王\x00一", "王\ud800一"])
def test_nul_and_lone_surrogates_are_refused_everywhere(client: TestClient, bad: str) -> None:
    m, rid = counting_round(client)
    escaped = bad.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    text = '"' + "".join(ch if ch.isalnum() and ord(ch) > 31 and not 0xD800 <= ord(ch) < 0xE000
                         else f"\\u{ord(ch):04x}" for ch in escaped) + '"'
    auth = m.auth("organiser")
    for method, path, body in [
        ("POST", "/api/v1/elections",
         f'{{"title": {text}, "body": "party_branch", "posts": [{{"id": "m", "name": "委员", '
         f'"seats": 1}}]}}'),
        ("POST", m.url("/candidates"), f'{{"name": {text}, "posts": ["member"]}}'),
        ("POST", m.url("/voters"), f'{{"voters": [{{"name": "王一", "status": "full", '
                                   f'"note": {text}}}]}}'),
        ("POST", m.url("/tokens"), f'{{"role": "teller", "label": {text}}}'),
        ("PATCH", m.url(), f'{{"title": {text}}}'),
        ("POST", m.url(f"/rounds/{rid}/entries"),
         f'{{"entry_id": "x1", "marks": {{{text}: {{"c01": "yes"}}}}}}'),
        ("POST", m.url(f"/rounds/{rid}/entries"),
         f'{{"entry_id": "x2", "write_ins": {{"member": [{{"name": {text}}}]}}}}'),
        ("POST", m.url(f"/rounds/{rid}/entries/x9/correct"), f'{{"reason": {text}}}'),
        ("POST", "/api/v1/count", f'{{"format": {text}}}'),
    ]:
        headers = m.auth("teller") if "/entries" in path else auth
        body_ = refused(raw(client, method, path, body, headers), 422)
        assert body_["code"] == "validation_error"
    refused(client.get(m.url(f"/rounds/{rid}/entries") + "?channel=%00", headers=auth), 422)
    refused(client.get(m.url("/candidates/c%00"), headers=auth), 404, 422)
    assert ok_count(client, m, rid) == 0


def ok_count(client: TestClient, m: Any, rid: int) -> int:
    response = client.get(m.url(f"/rounds/{rid}"), headers=m.auth("organiser"))
    assert response.status_code == 200
    return int(response.json()["entered"]["A"] if isinstance(response.json()["entered"], dict)
               else response.json()["entered"])


def test_booleans_are_strict_and_duplicate_keys_refused(client: TestClient) -> None:
    m, rid = counting_round(client)
    teller = m.auth("teller")
    url = m.url(f"/rounds/{rid}/entries")
    for lax in ("0", "1", '"true"', '"yes"', "null"):
        refused(raw(client, "POST", url, f'{{"entry_id": "b{len(lax)}", "void": {lax}}}', teller),
                422)
    refused(m.call("POST", "/rounds/next", json={"double_entry": 1}), 409, 422)
    body = refused(raw(client, "POST", url, '{"entry_id": "d1", "void": false, "void": true}',
                       teller), 400)
    assert body["code"] == "duplicate_key"
    refused(raw(client, "POST", url, '{"entry_id": "d2", "marks": {"member": {"c01": "yes", '
                                     '"c01": "no"}}}', teller), 400)
    for number in ("NaN", "Infinity", "-Infinity", "1" * 5000):
        refused(raw(client, "POST", "/api/v1/count", f'{{"n": {number}}}', {}), 422)
    refused(raw(client, "POST", "/api/v1/count", "[" * 100_000 + "]" * 100_000, {}), 413, 422)
    assert ok_count(client, m, rid) == 0


@pytest.mark.parametrize("name", [
    "王\u202e一", "\u2066王一\u2069", "王\u200f一",  # bidi controls
    "王" + "\u0301" * 4, "a" + "\u0300\u0301\u0302\u0303\u0304",  # piles of combining marks
])
def test_names_refuse_bidi_controls_and_combining_piles(client: TestClient, name: str) -> None:
    m, rid = counting_round(client)
    refused(m.call("POST", "/candidates", json={"name": name, "posts": ["member"]}), 422)
    refused(m.call("POST", "/voters", json={"voters": [{"name": name, "status": "full"}]}), 422)
    refused(m.call("POST", f"/rounds/{rid}/entries", "teller", json={
        "entry_id": "w1", "write_ins": {"member": [{"name": name}]}}), 422)
    # A tone mark or two is a name.
    assert m.call("POST", "/voters", json={
        "voters": [{"name": "Ayşe Nüñez", "status": "registered"}]}).status_code in (201, 422)
