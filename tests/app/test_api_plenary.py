"""The new committee's first plenary (RULES.md §2, indirect mode), made in one step from the
党员大会's result: committee, roll and the chosen candidates copied, never retyped."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

SECRETARY = {"id": "secretary", "name": "书记", "seats": 1}
DEPUTY = {"id": "deputy", "name": "副书记", "seats": 1, "role": "deputy_secretary"}


def branch_elected(client: TestClient, *, title: str = "中共幸福社区支部委员会换届选举",
                   complete: bool = True) -> Meeting:
    """A 党员大会 (indirect mode) electing 3 委员: 王一, 李二 and the write-in 赵六."""
    m = Meeting.create(client, title=title)
    m.candidate("王一", gender="F")
    m.candidate("欧阳丽", surname="欧阳", gender="F", note="幸福路")
    m.candidate("张三")
    m.candidate("刘四")
    m.roll(5)
    rid = m.open_counting(m.first_round(), issued=5)["id"]
    for _ in range(5 if complete else 2):
        m.enter(rid, {"member": {"c01": "yes", "c02": "yes"}},
                write_ins={"member": [{"name": "赵六", "mark": "yes"}]})
    for _ in range(0 if complete else 3):
        m.enter(rid, {"member": {"c03": "yes"}})
    outcome = m.count(rid)["result"]["outcome"]
    assert outcome["status"] == ("complete" if complete else "needs_round")
    return m


def plenary_body(secretary: list[str], deputy: list[str] | None = None) -> dict[str, Any]:
    posts = [{**SECRETARY, "candidates": secretary}]
    if deputy is not None:
        posts.append({**DEPUTY, "candidates": deputy})
    return {"posts": posts}


def test_the_plenary_is_made_from_the_result_in_one_step(client: TestClient) -> None:
    branch = branch_elected(client)
    preview = ok(branch.call("GET", "/plenary"))
    assert preview["plenary_id"] is None
    assert [(x["id"], x["name"], x["write_in"]) for x in preview["members"]] == [
        ("c01", "王一", False), ("c02", "欧阳丽", False), (None, "赵六", True)]

    made = ok(branch.call("POST", "/plenary",
                          json=plenary_body(["c01"], deputy=["欧阳丽", "赵六"])), 201)
    assert made["title"] == "中共幸福社区支部委员会换届选举第一次全体会议"
    assert made["body"] == "party_plenary" and made["plenary_of"] == branch.eid
    assert set(made["tokens"]) == {"organiser", "teller", "scrutineer", "observer"}
    assert made["committee"] == [
        {"name": "王一", "surname": None, "gender": "F"},
        {"name": "欧阳丽", "surname": "欧阳", "gender": "F"},
        {"name": "赵六", "surname": None, "gender": None}]
    assert [p["id"] for p in made["posts"]] == ["secretary", "deputy"]

    plenary = Meeting(client, made, made.pop("tokens"))
    candidates = ok(plenary.call("GET", "/candidates"))["candidates"]
    assert [(c["id"], c["name"], c["posts"], c["surname"], c["gender"], c["member_status"],
             c["note"]) for c in candidates] == [
        ("c01", "王一", ["secretary"], None, "F", "full", None),
        ("c02", "欧阳丽", ["deputy"], "欧阳", "F", "full", "幸福路"),
        ("c03", "赵六", ["deputy"], None, None, None, None)]  # a write-in: the name only
    voters = ok(plenary.call("GET", "/voters"))
    assert [(v["name"], v["status"], v["votes"]) for v in voters] == [
        ("王一", "full", True), ("欧阳丽", "full", True), ("赵六", "full", True)]
    assert ok(branch.call("GET", "/plenary"))["plenary_id"] == plenary.eid
    outsider = plenary.call("POST", "/candidates", json={
        "name": "孙九", "posts": ["secretary"], "member_status": "full"})
    assert ok(outsider, 422)["code"] == "not_elected_member"  # RULES.md §2: 委员 only

    # The plenary runs like any election; its record lists the committee (RECORD.md).
    ok(plenary.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]}))
    rid = plenary.open_counting(plenary.first_round(), issued=3)["id"]
    for _ in range(3):
        plenary.enter(rid, {"secretary": {"c01": "yes"}, "deputy": {"c02": "yes"}})
    outcome = plenary.count(rid)["result"]["outcome"]
    assert outcome["status"] == "complete"
    assert outcome["elected"] == {"secretary": ["c01"], "deputy": ["c02"]}
    record = ok(plenary.call("GET", f"/rounds/{rid}/record"))
    assert record["election"]["committee"] == [
        {"name": "王一", "gender": "F"}, {"name": "欧阳丽", "surname": "欧阳", "gender": "F"},
        {"name": "赵六"}]
    assert "committee" not in ok(branch.call("GET", "/rounds"))[0]["result"]

    # Both audit chains say what happened.
    branch_log = ok(branch.call("GET", "/audit"))
    assert branch_log[-1]["action"] == "election.plenary"
    assert branch_log[-1]["data"]["plenary_id"] == plenary.eid
    plenary_log = ok(plenary.call("GET", "/audit"))
    assert plenary_log[0]["action"] == "election.create"
    assert plenary_log[0]["data"]["plenary_of"] == branch.eid


def test_a_second_plenary_is_refused_naming_the_first(client: TestClient) -> None:
    branch = branch_elected(client)
    first = ok(branch.call("POST", "/plenary", json=plenary_body(["c01"])), 201)
    again = ok(branch.call("POST", "/plenary", json=plenary_body(["c02"])), 409)
    assert again["code"] == "plenary_exists"
    assert again["detail"] == {"plenary_id": first["id"]}
    assert f"选举编号{first['id']}" in again["message"]
    # The plenary's own organiser cannot act on the branch election.
    stranger = client.post(branch.url("/plenary"), json=plenary_body(["c01"]),
                           headers={"Authorization": f"Bearer {first['tokens']['organiser']}"})
    assert ok(stranger, 403)["code"] == "wrong_meeting"
    teller = branch.call("POST", "/plenary", "teller", json=plenary_body(["c01"]))
    assert ok(teller, 403)["code"] == "wrong_role"


def test_only_elected_members_stand_and_only_for_secretary_posts(client: TestClient) -> None:
    branch = branch_elected(client)
    refused = ok(branch.call("POST", "/plenary", json=plenary_body(["c03"])), 422)
    assert refused["code"] == "not_elected_member"
    assert refused["message"].startswith("张三（c03）不是本次党员大会选出的委员")
    stranger = ok(branch.call("POST", "/plenary", json=plenary_body(["钱七"])), 422)
    assert stranger["code"] == "not_elected_member"
    no_secretary = {"posts": [{**DEPUTY, "candidates": ["c01"]}]}
    assert ok(branch.call("POST", "/plenary", json=no_secretary), 422)["code"] == "invalid_post"
    members = {"posts": [{**SECRETARY, "candidates": ["c01"]},
                         {"id": "member", "name": "委员", "seats": 1, "candidates": ["c02"]}]}
    assert ok(branch.call("POST", "/plenary", json=members), 422)["code"] == "invalid_post"
    twice = plenary_body(["c01", "王一"])
    assert ok(branch.call("POST", "/plenary", json=twice), 422)["code"] == "duplicate_candidate"
    empty = plenary_body([])
    assert ok(branch.call("POST", "/plenary", json=empty), 422)["code"] == "validation_error"
    assert ok(branch.call("GET", "/plenary"))["plenary_id"] is None  # nothing was made


def test_no_plenary_before_the_members_meeting_is_complete(client: TestClient) -> None:
    branch = branch_elected(client, complete=False)
    body = ok(branch.call("POST", "/plenary", json=plenary_body(["c01"])), 409)
    assert body["code"] == "outcome_incomplete" and "尚未完成" in body["message"]
    fresh = Meeting.create(client)
    assert ok(fresh.call("GET", "/plenary"), 409)["code"] == "outcome_incomplete"


def test_no_plenary_for_other_bodies_or_direct_mode(client: TestClient) -> None:
    direct = Meeting.create(client, rules={"secretary_mode": "direct"}, posts=[
        {**SECRETARY}, {"id": "member", "name": "委员", "seats": 3}])
    body = ok(direct.call("POST", "/plenary", json=plenary_body(["c01"])), 409)
    assert body["code"] == "secretary_elected_directly"
    village = Meeting.create(client, body="villagers_committee",
                             posts=[{"id": "member", "name": "委员", "seats": 3}])
    body = ok(village.call("POST", "/plenary", json=plenary_body(["c01"])), 409)
    assert body["code"] == "not_party_branch"
