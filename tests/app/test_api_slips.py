"""The organiser's slips through HTTP (issue 15): 发出/收回 corrected before the first entry
(audited and replayed), a void round's reason, signing out below the ballots issued, and the
村/居 cap on ballots issued."""

from __future__ import annotations

import argparse
from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

from app.cli.audit import register, run
from app.settings import Settings

POSTS = [{"id": "chair", "name": "主任", "seats": 1},
         {"id": "member", "name": "委员", "seats": 2}]
BOXES = [{"id": "main", "kind": "main", "name": "中心会场"},
         {"id": "s1", "kind": "station", "name": "第一投票站"}]


def branch(client: TestClient, present: int = 10) -> Meeting:
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(10, present=present)
    return m


def village(client: TestClient, registered: int = 30, present: int = 0) -> Meeting:
    m = Meeting.create(client, body="villagers_committee", posts=POSTS)
    for name, post in (("王一", "chair"), ("李二", "chair"), ("张三", "member"),
                       ("刘四", "member"), ("陈五", "member")):
        m.candidate(name, [post], gender="F")
    m.roll(registered, status="registered", present=present)
    return m


def verify(settings: Settings, election_id: int) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return run(parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                                  "--election", str(election_id)]))


def correct(m: Meeting, rid: int, expect: int = 200, **body: Any) -> Any:
    return ok(m.call("POST", f"/rounds/{rid}/counts", json=body), expect)


def test_a_void_round_says_why_and_a_slip_is_corrected_with_a_reason(
        client: TestClient, settings: Settings) -> None:
    m = branch(client)
    rnd = m.open_counting(m.first_round(), issued=9, returned=10)
    rid = rnd["id"]
    assert rnd["state"] == "void"
    reason = "本轮投票无效：收回选票10张，多于发出的9张，须重新投票。"
    assert rnd["void_reason"] == reason
    assert ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))["void_reason"] == reason
    assert reason in client.get(f"/p/{m.eid}").text  # the public page says it too
    # A reason is required; nothing is stored without one.
    assert correct(m, rid, 422, ballots_returned=9)["code"] == "validation_error"
    assert correct(m, rid, 422, ballots_returned=9, reason="  ")["code"] == "reason_required"
    assert correct(m, rid, 422, reason="点错")["code"] == "nothing_to_correct"
    fixed = correct(m, rid, ballots_returned=9, reason="收回时多点了一张，重新清点为9张")
    assert (fixed["state"], fixed["ballots_returned"], fixed["void_reason"]) == (
        "counting", 9, None)
    assert fixed["result"] is None and "enter" in fixed["actions"]
    assert "correct_counts" in fixed["actions"]
    event = ok(m.call("GET", "/audit"))[-1]
    assert event["action"] == "round.correct_counts"
    assert event["data"]["reason"] == "收回时多点了一张，重新清点为9张"
    assert event["data"]["before"] == {"ballots_issued": 9, "ballots_returned": 10}
    assert verify(settings, m.eid) == 0  # `jipiao audit verify` replays the correction
    # Issued can be corrected too, within the voters present.
    over = correct(m, rid, 409, ballots_issued=11, reason="发出数记错")
    assert over["code"] == "issued_le_present"
    assert correct(m, rid, ballots_issued=10, reason="发出数记错")["ballots_issued"] == 10
    # A correction that makes returned > issued voids the round again, saying why.
    again = correct(m, rid, ballots_returned=11, reason="重新清点")
    assert again["state"] == "void"
    assert again["void_reason"] == "本轮投票无效：收回选票11张，多于发出的10张，须重新投票。"
    correct(m, rid, ballots_returned=10, reason="再次清点")
    assert verify(settings, m.eid) == 0
    m.enter(rid, {"member": {"c01": "yes"}})
    locked = correct(m, rid, 409, ballots_returned=9, reason="晚了")
    assert locked["code"] == "counts_locked" and "已开始录入选票" in locked["message"]
    assert "correct_counts" not in ok(m.call("GET", f"/rounds/{rid}"))["actions"]
    assert ok(m.call("GET", f"/rounds/{rid}"))["ballots_returned"] == 10


def test_correction_before_the_return_and_after_the_next_round(client: TestClient) -> None:
    m = branch(client)
    rid = m.first_round()["id"]
    early = correct(m, rid, 409, ballots_issued=9, reason="x")
    assert early["code"] == "invalid_state"
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 8}))
    assert correct(m, rid, 409, ballots_returned=8, reason="x")["code"] == "not_returned"
    fixed = correct(m, rid, ballots_issued=9, reason="少记了一张")
    assert (fixed["state"], fixed["ballots_issued"]) == ("issued", 9)
    ok(m.call("POST", f"/rounds/{rid}/return", json={"ballots_returned": 10}))
    m.next_round()  # the void round is held again: its figures stay as they were
    assert correct(m, rid, 409, ballots_returned=9, reason="x")["code"] == "counts_locked"
    teller = m.call("POST", f"/rounds/{rid}/counts", "teller",
                    json={"ballots_returned": 9, "reason": "x"})
    assert teller.status_code == 403


def test_boxes_are_corrected_box_by_box_and_the_void_box_is_named(
        client: TestClient, settings: Settings) -> None:
    m = village(client)
    rid = m.first_round()["id"]
    ok(m.call("PUT", f"/rounds/{rid}/boxes", json={"boxes": BOXES}))
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"boxes": {"main": 10, "s1": 8}}))
    back = ok(m.call("POST", f"/rounds/{rid}/return", json={"boxes": {"main": 9, "s1": 9}}))
    assert back["void_reason"] == ("本轮投票无效：第一投票站收回选票9张，多于发出的8张，"
                                   "须重新投票。")
    missing = correct(m, rid, 422, boxes_returned={"s1": 8}, reason="x")
    assert missing["code"] == "boxes_required"
    fixed = correct(m, rid, boxes_issued={"main": 9, "s1": 9}, reason="两站的选票点错")
    assert fixed["state"] == "counting" and fixed["ballots_issued"] == 18
    assert [(b["issued"], b["returned"]) for b in fixed["boxes"]] == [(9, 9), (9, 9)]
    assert verify(settings, m.eid) == 0


def test_signing_out_below_the_ballots_issued_asks_first(client: TestClient) -> None:
    m = branch(client, present=10)
    rid = m.first_round()["id"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    first, second = m.voters[0]["id"], m.voters[1]["id"]
    # Before any ballot goes out, signing out is plain.
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [first], "present": False}))
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [first]}))
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 10}))
    asked = ok(m.call("POST", "/sign-ins", json={"voter_ids": [second], "present": False}), 409)
    assert asked["code"] == "sign_out_below_issued"
    assert "已发出选票10张" in asked["message"] and "实到9人" in asked["message"]
    assert ok(m.call("GET", "/attendance"))["present"] == 10  # nothing stored
    done = ok(m.call("POST", "/sign-ins",
                     json={"voter_ids": [second], "present": False, "confirm": True}))
    assert done["present"] == 9
    event = ok(m.call("GET", "/audit"))[-1]
    assert event["action"] == "roll.sign_out" and "已发出选票10张" in event["data"]["confirmed"]


def test_village_ballots_are_capped_by_those_signed_in_and_their_proxies(
        client: TestClient) -> None:
    m = village(client, registered=30, present=18)
    for holder, grantor in ((0, 20), (1, 21), (2, 22)):
        ok(m.call("POST", "/proxies", json={"holder_id": m.voters[holder]["id"],
                                            "grantor_id": m.voters[grantor]["id"]}), 201)
    rid = m.first_round()["id"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    refused = ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 22}), 409)
    assert refused["code"] == "issued_le_present"
    assert refused["message"] == "发出选票22张，多于已签到18人与委托投票3人之和21人"
    assert ok(m.call("GET", f"/rounds/{rid}"))["state"] == "quorum_checked"
    # More voters sign in during the day: the cap follows the roll when ballots go out.
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [m.voters[18]["id"]]}))
    assert ok(m.call("POST", f"/rounds/{rid}/issue",
                     json={"ballots_issued": 22}))["ballots_issued"] == 22


def test_village_without_sign_in_is_capped_by_the_registered_voters(client: TestClient) -> None:
    m = village(client, registered=20, present=0)
    rid = m.first_round()["id"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    refused = ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 21}), 409)
    assert refused["message"] == "发出选票21张，多于登记选民20人"
    assert ok(m.call("POST", f"/rounds/{rid}/issue",
                     json={"ballots_issued": 20}))["ballots_issued"] == 20
