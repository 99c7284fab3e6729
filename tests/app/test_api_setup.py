"""Set-up through HTTP: tokens per role and meeting, rules, candidates validated on entry,
the roll with its derived 应到/实到, proxies with their cap."""

from __future__ import annotations

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def test_tokens_work_only_for_their_role_and_meeting(client: TestClient) -> None:
    m, other = Meeting.create(client), Meeting.create(client)
    assert ok(client.get(m.url()), 401)["code"] == "unauthorized"
    bad = client.get(m.url(), headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    foreign = client.get(m.url(), headers=other.auth("organiser"))
    assert ok(foreign, 403)["code"] == "wrong_meeting"
    teller = m.call("POST", "/candidates", "teller", json={"name": "王一", "posts": ["member"],
                                                          "member_status": "full"})
    body = ok(teller, 403)
    assert body["code"] == "wrong_role" and "组织者" in body["message"]
    assert ok(m.call("GET", "", "observer"))["id"] == m.eid
    made = ok(m.call("POST", "/tokens", json={"role": "teller", "label": "计票人乙"}), 201)
    ok(m.call("DELETE", f"/tokens/{made['id']}"), 204)
    revoked = client.get(m.url(), headers={"Authorization": f"Bearer {made['token']}"})
    assert revoked.status_code == 401


def test_a_token_in_the_address_is_taken_only_by_the_live_stream(client: TestClient) -> None:
    """Addresses end up in browser histories and server logs; `EventSource` has no headers."""
    m = Meeting.create(client)
    observer = m.tokens["observer"]
    assert ok(client.get(m.url(f"?token={observer}")), 401)["code"] == "unauthorized"
    entry = client.post(m.url(f"/rounds/1/entries?token={m.tokens['teller']}"),
                        json={"entry_id": "q-1", "marks": {}})
    assert ok(entry, 401)["code"] == "unauthorized"
    rid = m.first_round()["id"]
    assert ok(client.get(m.url(f"/rounds/{rid}/live.json?token={observer}")), 401)
    with client.stream("GET", m.url(f"/rounds/{rid}/live?token={observer}")) as stream:
        assert stream.status_code == 200


def test_rules_are_checked_by_their_ratified_keys(client: TestClient) -> None:
    response = client.post("/api/v1/elections", json={
        "title": "测试", "body": "party_branch", "rules": {"no_such_rule": True},
        "posts": [{"id": "member", "name": "委员", "seats": 3}]})
    body = ok(response, 422)
    assert body["code"] == "invalid_rules" and body["detail"]["key"] == "no_such_rule"
    response = client.post("/api/v1/elections", json={"title": "测试", "body": "nope"})
    assert ok(response, 422)["code"] == "validation_error"


def test_candidates_are_validated_on_entry(client: TestClient) -> None:
    m = Meeting.create(client)
    probationary = m.call("POST", "/candidates", json={
        "name": "李四", "posts": ["member"], "member_status": "probationary"})
    assert ok(probationary, 422)["code"] == "ineligible_candidate"
    control = m.call("POST", "/candidates", json={
        "name": "王\u0007五", "posts": ["member"], "member_status": "full"})
    body = ok(control, 422)
    # the API's own reason is said, not hidden behind a general 请求格式有误
    assert body["code"] == "validation_error"
    assert body["message"] == "请求格式有误：姓名：名称中不能含有控制字符或无法显示的字符"
    empty = m.call("POST", "/candidates", json={"name": " ", "posts": ["member"]})
    assert ok(empty, 422)["message"] == "请求格式有误：姓名：名称不能为空"
    missing = m.call("POST", "/candidates", json={"posts": ["member"]})
    # a name or a person to take it from (CAMPAIGN.md §3: people are entered once)
    assert ok(missing, 422) == {"code": "missing_name", "detail": None,
                                "message": "请填写候选人姓名，或选择人员信息"}
    too_long = m.call("POST", "/candidates", json={
        "name": "王" * 65, "posts": ["member"], "member_status": "full"})
    assert too_long.status_code == 422
    unknown_post = m.call("POST", "/candidates", json={
        "name": "王五", "posts": ["mayor"], "member_status": "full"})
    assert ok(unknown_post, 422)["code"] == "unknown_post"
    unknown = m.call("POST", "/candidates", json={
        "name": "王\U00030000", "posts": ["member"], "member_status": "full"})
    assert ok(unknown, 422)["code"] == "unknown_character"  # RULES.md §7.7: never guessed
    m.candidate("  王建国 ")  # trimmed
    listed = ok(m.call("GET", "/candidates"))
    assert listed["candidates"][0]["name"] == "王建国"
    # RULES.md §2 — 3 seats need at least 4 candidates: reported at once, refused at the gate.
    surplus = next(c for c in listed["checks"] if c["code"] == "surplus")
    assert (surplus["ok"], surplus["actual"], surplus["required"]) == (False, 1, 4)
    assert "差额" in surplus["text"]
    radical = m.candidate("王\u2f08")  # NFKC: the Kangxi radical ⼈ becomes the character 人
    assert next(c for c in ok(m.call("GET", "/candidates"))["candidates"]
                if c["id"] == radical)["name"] == "王人"
    duplicate = m.call("POST", "/candidates", json={
        "name": "王建国", "posts": ["member"], "member_status": "full"})
    assert ok(duplicate, 409)["code"] == "duplicate_candidate"
    m.candidate("王建国", note="1970年生，三组")


def test_supervisory_committee_refuses_committee_members_and_relatives(client: TestClient) -> None:
    m = Meeting.create(client, body="supervisory_committee")
    response = m.call("POST", "/candidates", json={
        "name": "赵六", "posts": ["member"], "committee_relative": True})
    body = ok(response, 422)
    assert body["code"] == "ineligible_candidate" and "近亲属" in body["message"]
    response = m.call("POST", "/candidates", json={
        "name": "赵八", "posts": ["member"], "holds_committee_post": True})
    assert "村（居）民委员会成员" in ok(response, 422)["message"]
    # RULES.md §4: a party committee member (the 纪检委员) may stand.
    assert m.candidate("赵七", member_status="full", note="党支部纪检委员")


def test_attendance_is_derived_from_the_roll(client: TestClient) -> None:
    m = Meeting.create(client)
    voters = ok(m.call("POST", "/voters", json={"voters": [
        {"name": "甲", "status": "full"}, {"name": "乙", "status": "full"},
        {"name": "丙", "status": "probationary"}, {"name": "丁", "status": "full"}]}), 201)
    assert [v["votes"] for v in voters] == [True, True, False, True]
    wrong = m.call("POST", "/voters", json={"voters": [{"name": "戊", "status": "registered"}]})
    assert ok(wrong, 422)["code"] == "invalid_status"
    ok(m.call("PUT", f"/voters/{voters[3]['id']}/exclusion",
              json={"reason": "长期卧床不能表达意志", "approval": "党委批复〔2026〕3号"}))
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [voters[0]["id"], voters[2]["id"]]}))
    a = ok(m.call("GET", "/attendance"))
    assert (a["entitled"], a["expected"], a["present"]) == (3, 2, 1)
    assert a["excluded"] == [{"count": 1, "reason": "长期卧床不能表达意志"}]
    signed_excluded = m.call("POST", "/sign-ins", json={"voter_ids": [voters[3]["id"]]})
    assert ok(signed_excluded, 409)["code"] == "voter_excluded"
    ok(m.call("DELETE", f"/voters/{voters[3]['id']}/exclusion"))
    assert ok(m.call("GET", "/attendance"))["expected"] == 3


def test_proxies_are_capped_per_holder(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee",
                       posts=[{"id": "member", "name": "委员", "seats": 3}])
    voters = ok(m.call("POST", "/voters", json={"voters": [
        {"name": f"村民{i}", "status": "registered"} for i in range(6)]}), 201)
    holder, *others = [v["id"] for v in voters]
    for grantor in others[:3]:
        ok(m.call("POST", "/proxies", json={"holder_id": holder, "grantor_id": grantor}), 201)
    over = m.call("POST", "/proxies", json={"holder_id": holder, "grantor_id": others[3]})
    assert ok(over, 409)["code"] == "proxy_cap"
    again = m.call("POST", "/proxies", json={"holder_id": others[4], "grantor_id": others[0]})
    assert ok(again, 409)["code"] == "proxy_exists"
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [holder]}))
    a = ok(m.call("GET", "/attendance"))
    assert (a["registered"], a["present"], a["proxies"]) == (6, 1, 3)
    party = Meeting.create(client)
    party.roll(2)
    refused = party.call("POST", "/proxies", json={"holder_id": party.voters[0]["id"],
                                                    "grantor_id": party.voters[1]["id"]})
    assert ok(refused, 409)["code"] == "proxy_not_allowed"


def test_no_ballots_go_out_for_a_committee_of_unlawful_size(client: TestClient) -> None:
    m = Meeting.create(client, body="residents_committee", posts=[
        {"id": "chair", "name": "主任", "seats": 1, "role": "chair"},
        {"id": "member", "name": "委员", "seats": 3}])  # 4 people; RULES.md §3: 5–9
    for name in ("王一", "李二"):
        m.candidate(name, ["chair"])
    for name in ("张三", "刘四", "陈五", "杨六"):
        m.candidate(name)
    size = [c for c in ok(m.call("GET", ""))["checks"] if c["code"] == "committee_size"]
    assert [(c["ok"], c["actual"], c["required"]) for c in size] == [(False, 4, 5)]
    voters = ok(m.call("POST", "/voters", json={"voters": [
        {"name": f"居民{i}", "status": "registered"} for i in range(4)]}), 201)
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]}))
    refused = ok(m.call("POST", f"/rounds/{m.first_round()['id']}/quorum"), 409)
    assert refused["code"] == "gate_failed" and "5至9人" in refused["message"]
