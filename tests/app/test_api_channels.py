"""Double entry: a 计票人 link's group (A组/B组) is chosen when the link is made and kept by
its token; links made before (a `?channel=B` in the address) keep working."""

from __future__ import annotations

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def counting_meeting(client: TestClient) -> tuple[Meeting, int, list[str]]:
    m = Meeting.create(client)
    ids = [m.candidate(n) for n in ("王建国", "李明", "张伟", "刘芳")]
    m.roll(10)
    rnd = m.first_round(double_entry=True)
    m.open_counting(rnd, 10)
    return m, int(rnd["id"]), ids


def test_a_clerk_token_carries_its_group(client: TestClient) -> None:
    m, rid, ids = counting_meeting(client)
    made = ok(m.call("POST", "/tokens", json={"role": "teller", "label": "计票人B",
                                                "channel": "B"}), 201)
    assert made["channel"] == "B"
    m.tokens["clerk_b"] = made["token"]
    assert ok(m.call("GET", "/token", "clerk_b")) == {"role": "teller", "label": "计票人B",
                                                     "channel": "B"}
    listed = ok(m.call("GET", "/tokens"))
    assert [t["channel"] for t in listed if t["id"] == made["id"]] == ["B"]

    # A ballot that names no group goes to the token's; naming the other one is refused.
    answer = m.enter(rid, {"member": {ids[0]: "yes"}}, role="clerk_b")
    assert answer["channel"] == "B"
    refused = m.enter(rid, {"member": {ids[1]: "yes"}}, role="clerk_b", channel="A", expect=409)
    assert refused["code"] == "wrong_channel" and "B组" in refused["message"]
    b = ok(m.call("GET", f"/rounds/{rid}/entries?channel=B", "teller"))
    assert len(b) == 1 and not ok(m.call("GET", f"/rounds/{rid}/entries?channel=A", "teller"))


def test_tokens_made_before_enter_the_group_they_name(client: TestClient) -> None:
    m, rid, ids = counting_meeting(client)
    assert ok(m.call("GET", "/token", "teller"))["channel"] is None
    assert m.enter(rid, {"member": {ids[0]: "yes"}}, channel="B")["channel"] == "B"
    assert m.enter(rid, {"member": {ids[0]: "yes"}})["channel"] == "A"


def test_only_a_clerk_token_has_a_group(client: TestClient) -> None:
    m = Meeting.create(client)
    body = ok(m.call("POST", "/tokens", json={"role": "observer", "label": "大屏",
                                                "channel": "A"}), 422)
    assert body["code"] == "channel_not_for_role"
    body = ok(m.call("POST", "/tokens", json={"role": "teller", "label": "计票人",
                                                "channel": "C"}), 422)
    assert "message" in body
