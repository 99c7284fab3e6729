"""The 村/居 election day through HTTP (issue 14): turnout from ballots, boxes counted apart,
ballots printable before anyone signs in."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

POSTS = [{"id": "chair", "name": "主任", "seats": 1},
         {"id": "vice_chair", "name": "副主任", "seats": 1},
         {"id": "member", "name": "委员", "seats": 3}]
BOXES = [{"id": "main", "kind": "main", "name": "中心会场"},
         {"id": "s1", "kind": "station", "name": "第一投票站"},
         {"id": "m1", "kind": "mobile", "name": "流动票箱", "carrier": "王五",
          "scrutineers": "赵六、钱七"}]


def village(client: TestClient, registered: int = 20,
            **rules: Any) -> tuple[Meeting, dict[str, str]]:
    m = Meeting.create(client, body="villagers_committee", posts=POSTS, rules=rules)
    ids = {}
    for name, post, gender in (("王一", "chair", "M"), ("李二", "chair", "F"),
                               ("张三", "vice_chair", "M"), ("刘四", "vice_chair", "F"),
                               ("陈五", "member", "M"), ("杨六", "member", "F"),
                               ("黄七", "member", "M"), ("周八", "member", "F")):
        ids[name] = m.candidate(name, [post], gender=gender)
    m.roll(registered, status="registered", present=0)  # nobody signs in: a 投票站 checks 选民证
    return m, ids


def test_ballots_go_out_with_nobody_signed_in_and_turnout_is_the_ballots_returned(
        client: TestClient) -> None:
    m, ids = village(client, registered=20)
    # 委托投票 counts when registered (sign-in is optional in a village) and is public.
    ok(m.call("POST", "/proxies", json={"holder_id": m.voters[0]["id"],
                                        "grantor_id": m.voters[1]["id"]}), 201)
    assert ok(m.call("GET", "/attendance"))["proxies"] == 1
    rnd = m.first_round()
    rid = rnd["id"]
    assert "ballot_pdf" in rnd["actions"] and "boxes" in rnd["actions"]
    pdf = m.call("GET", f"/rounds/{rid}/ballot.pdf?copies=2")  # printed the day before
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sample = m.call("GET", f"/rounds/{rid}/ballot.pdf?sample=true")
    assert sample.status_code == 200 and sample.content.startswith(b"%PDF")
    checked = ok(m.call("POST", f"/rounds/{rid}/quorum"))
    assert checked["state"] == "quorum_checked" and checked["attendance"]["present"] == 0
    assert checked["turnout"]["voted"] is None and checked["turnout"]["required"] == 11
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 14}))
    back = ok(m.call("POST", f"/rounds/{rid}/return", json={"ballots_returned": 12}))
    assert (back["turnout"]["voted"], back["turnout"]["registered"]) == (12, 20)
    assert back["turnout"]["percent"] == "60.0%" and back["turnout"]["ok"] is True
    board = ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))
    assert board["turnout"]["voted"] == board["returned"] == 12
    assert board["turnout"]["registered"] == 20
    for _ in range(12):
        m.enter(rid, {"chair": {ids["王一"]: "yes"}, "vice_chair": {ids["张三"]: "yes"},
                      "member": {ids["陈五"]: "yes", ids["杨六"]: "yes", ids["黄七"]: "yes"}})
    counted = m.count(rid)
    turnout = next(c for c in counted["result"]["rounds"][0]["checks"] if c["code"] == "turnout")
    assert (turnout["ok"], turnout["actual"]) == (True, 12)
    assert counted["turnout"]["voted"] == 12
    assert "ballot_pdf" in counted["actions"]  # a 样票 for the file after the count
    ok(m.call("POST", f"/rounds/{rid}/sign-off", "scrutineer", json={"names": "赵六"}))
    ok(m.call("POST", f"/rounds/{rid}/publish"))
    record = ok(client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rid}/record.json"))
    assert record["election"]["proxies"] == [{"grantor": "党员1", "holder": "党员0"}]
    public = client.get(f"/p/{m.eid}").text
    assert "委托投票名单" in public and "党员1" in public


def test_too_few_ballots_back_is_reported_on_the_returned_ballots(client: TestClient) -> None:
    m, _ids = village(client, registered=20)
    rid = m.first_round()["id"]
    back = m.open_counting({"id": rid}, issued=10)
    assert back["turnout"]["ok"] is False and back["turnout"]["required"] == 11


def test_no_ballots_before_the_candidate_list_is_final(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee", posts=POSTS)
    m.candidate("王一", ["chair"], gender="M")
    m.roll(5, status="registered", present=0)
    rid = m.first_round()["id"]
    body = ok(m.call("GET", f"/rounds/{rid}/ballot.pdf"), 409)
    assert body["code"] == "candidates_not_final"
    assert ok(m.call("POST", f"/rounds/{rid}/quorum"), 409)["code"] == "gate_failed"


def test_boxes_issue_and_return_each_and_a_box_over_its_issue_voids_the_round(
        client: TestClient) -> None:
    m, _ids = village(client, registered=30)
    rid = m.first_round()["id"]
    rnd = ok(m.call("PUT", f"/rounds/{rid}/boxes", json={"boxes": BOXES}))
    assert [b["name"] for b in rnd["boxes"]] == ["中心会场", "第一投票站", "流动票箱"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    missing = ok(m.call("POST", f"/rounds/{rid}/issue", json={"boxes": {"main": 10}}), 422)
    assert missing["code"] == "boxes_required"
    issued = ok(m.call("POST", f"/rounds/{rid}/issue",
                       json={"boxes": {"main": 10, "s1": 8, "m1": 4}}))
    assert issued["ballots_issued"] == 22
    # The mobile box comes back with 5 ballots though it carried 4: the round is void even
    # though the round's sum (21 ≤ 22) looks fine.
    back = ok(m.call("POST", f"/rounds/{rid}/return",
                     json={"boxes": {"main": 9, "s1": 7, "m1": 5}}))
    assert back["state"] == "void" and back["ballots_returned"] == 21
    failed = [c for c in back["result"]["rounds"][0]["checks"] if not c["ok"]]
    assert [c["code"] for c in failed] == ["box_reconciliation"]
    assert "流动票箱" in failed[0]["text"]
    record = ok(m.call("GET", f"/rounds/{rid}/record"))
    assert record["rounds"][0]["boxes"][2] == {
        "id": "m1", "kind": "mobile", "name": "流动票箱", "issued": 4, "returned": 5,
        "carrier": "王五", "scrutineers": "赵六、钱七"}
    audit = ok(m.call("GET", "/audit"))
    assert any(a["action"] == "round.boxes" for a in audit)
    again = m.next_round()  # held again at the same boxes, issued and returned afresh
    assert again["kind"] == "regular" and [b["name"] for b in again["boxes"]] == [
        "中心会场", "第一投票站", "流动票箱"]
    assert "issued" not in again["boxes"][0]


def test_one_box_by_totals_and_the_others_by_ballots_sum(client: TestClient) -> None:
    m, ids = village(client, registered=30)
    rid = m.first_round()["id"]
    ok(m.call("PUT", f"/rounds/{rid}/boxes", json={"boxes": BOXES}))
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"boxes": {"main": 10, "s1": 8, "m1": 4}}))
    back = ok(m.call("POST", f"/rounds/{rid}/return",
                     json={"boxes": {"main": 9, "s1": 7, "m1": 3}}))
    assert back["state"] == "counting" and back["turnout"]["voted"] == 19
    ballot = {"chair": {ids["王一"]: "yes"}, "vice_chair": {ids["刘四"]: "yes"},
              "member": {ids["陈五"]: "yes", ids["杨六"]: "yes", ids["周八"]: "yes"}}
    # The 投票站 counted by hand on a 正字 sheet.
    totals = {"chair": {"invalid": 0, "yes": {ids["李二"]: 6, ids["王一"]: 1}, "no": {}},
              "vice_chair": {"invalid": 1, "yes": {ids["张三"]: 6}, "no": {}},
              "member": {"invalid": 0, "yes": {ids["黄七"]: 7, ids["陈五"]: 7,
                                               ids["杨六"]: 7}, "no": {}}}
    put = m.call("PUT", f"/rounds/{rid}/totals", "teller",
                 json={"box": "s1", "totals": totals, "ballots_void": 0})
    assert put.status_code == 200, put.text
    board = ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))
    chair = {t["name"]: t["yes"] for t in board["posts"]["chair"]["tally"]}
    assert chair == {"李二": 6, "王一": 1}  # the hand-counted box is on the board at once
    assert [b["by_totals"] for b in board["boxes"]] == [False, True, False]
    # A ballot without its box is refused now that the boxes are counted apart.
    assert m.enter(rid, ballot, expect=422)["code"] == "box_required"
    assert m.enter(rid, ballot, box="s1", expect=409)["code"] == "totals_entered"
    for _ in range(9):
        m.enter(rid, ballot, box="main")
    early = ok(m.call("POST", f"/rounds/{rid}/count", "scrutineer"), 409)
    assert early["code"] == "entries_incomplete" and early["detail"]["box"] == "m1"
    for _ in range(3):
        m.enter(rid, ballot, box="m1")
    assert m.enter(rid, ballot, box="m1", expect=409)["code"] == "too_many_ballots"
    again = m.call("PUT", f"/rounds/{rid}/totals", "teller",
                   json={"box": "main", "totals": totals, "ballots_void": 0})
    assert ok(again, 409)["code"] == "entries_exist"
    counted = m.count(rid)
    posts = counted["result"]["rounds"][0]["posts"]
    votes = {p: {t["name"]: t["yes"] for t in posts[p]["tally"]} for p in posts}
    assert votes["chair"] == {"王一": 13, "李二": 6}
    assert votes["vice_chair"]["刘四"] == 12 and votes["vice_chair"]["张三"] == 6
    assert posts["vice_chair"]["sections_invalid"] == 1
    assert votes["member"] == {"陈五": 19, "杨六": 19, "周八": 12, "黄七": 7}
    record = ok(m.call("GET", f"/rounds/{rid}/record"))
    r1 = record["rounds"][0]
    assert "ballots" not in r1 and "totals" not in r1
    assert [("ballots" in b, "totals" in b) for b in r1["boxes"]] == [
        (True, False), (False, True), (True, False)]
    assert [len(b.get("ballots", [])) for b in r1["boxes"]] == [9, 0, 3]
    recount = ok(client.post("/api/v1/count", json=record))
    assert recount["rounds"][0]["posts"]["chair"]["tally"][0]["yes"] == 13


def test_residents_representatives_vote_at_the_central_venue_only(client: TestClient) -> None:
    m = Meeting.create(client, body="residents_committee", posts=POSTS,
                       rules={"electorate_mode": "representatives", "turnout_ratio": "2/3"})
    rid = m.first_round()["id"]
    body = ok(m.call("PUT", f"/rounds/{rid}/boxes", json={"boxes": BOXES}), 409)
    assert body["code"] == "boxes_not_allowed" and "第一投票站" in body["message"]
    ok(m.call("PUT", f"/rounds/{rid}/boxes", json={"boxes": BOXES[:1]}))


def test_party_meetings_have_no_boxes(client: TestClient) -> None:
    m = Meeting.create(client)
    rnd = m.first_round()
    assert "boxes" not in rnd["actions"]
    body = ok(m.call("PUT", f"/rounds/{rnd['id']}/boxes", json={"boxes": BOXES[:1]}), 409)
    assert body["code"] == "boxes_not_allowed"


def test_an_unknown_gender_is_a_set_up_warning_in_a_village(client: TestClient) -> None:
    m, ids = village(client, registered=5)
    body = {"name": "陈五", "posts": ["member"], "gender": None, "member_status": "full"}
    ok(m.call("PUT", f"/candidates/{ids['陈五']}", json=body))
    checks = ok(m.call("GET", "/candidates"))["checks"]
    warning = next(c for c in checks if c["code"] == "gender_unknown")
    assert not warning["ok"] and "陈五" in warning["text"]
    # RULES.md §3 — a warning, not a gate: the ballots may still go out.
    rid = m.first_round()["id"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 5}))
    # Set-up is frozen once ballots are issued.
    body["gender"] = "M"
    assert ok(m.call("PUT", f"/candidates/{ids['陈五']}", json=body), 409)["code"] == (
        "election_locked")
