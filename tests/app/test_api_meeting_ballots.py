"""One meeting, several ballots (issue 15): a 党员大会 elects its committee and its
出席上级党代会代表 on separate sheets. One roll and one sign-in; each election its own rounds,
result and announcement; one election's tie holds back nothing of the other."""

from __future__ import annotations

import argparse

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

from app.cli.audit import register, run
from app.settings import Settings


def verify(settings: Settings, election_id: int) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return run(parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                                  "--election", str(election_id)]))


def delegates_of(m: Meeting) -> Meeting:
    created = ok(m.call("POST", "/ballots", json={
        "title": "出席上级党代会代表选举",
        "posts": [{"id": "delegate", "name": "代表", "seats": 3}]}), 201)
    return Meeting(m.client, created, created.pop("tokens"))


def test_two_ballots_share_one_roll_and_sign_in(client: TestClient, settings: Settings) -> None:
    committee = Meeting.create(client, title="幸福社区党支部委员会换届选举")
    committee.roll(10, present=8)
    delegates = delegates_of(committee)
    assert delegates.election["roll_of"] == committee.eid
    assert delegates.election["body"] == "party_branch"
    assert [e["id"] for e in ok(committee.call("GET", "/ballots"))] == [delegates.eid]
    # The roll and the sign-in are the committee election's, read from either.
    assert len(ok(delegates.call("GET", "/voters"))) == 10
    assert ok(delegates.call("GET", "/attendance"))["present"] == 8
    late = committee.voters[8]["id"]
    shared = delegates.call("POST", "/sign-ins", json={"voter_ids": [late]})
    assert ok(shared, 409)["code"] == "roll_shared"
    assert "幸福社区党支部委员会换届选举" in shared.json()["message"]
    refused = delegates.call("POST", "/voters", json={"voters": [{"name": "新党员"}]})
    assert ok(refused, 409)["code"] == "roll_shared"
    door = ok(committee.call("POST", "/tokens", json={"role": "signin", "label": "正门"}), 201)
    ok(client.post(committee.url("/sign-ins"), json={"voter_ids": [late]},
                   headers={"Authorization": f"Bearer {door['token']}"}))
    assert ok(delegates.call("GET", "/attendance"))["present"] == 9
    # Only the first election of a meeting holds the roll.
    again = delegates.call("POST", "/ballots", json={
        "title": "纪委", "posts": [{"id": "member", "name": "纪委委员", "seats": 1}]})
    assert ok(again, 409)["code"] == "not_roll_owner"

    # 核对 of either ballot fixes the names of the one roll.
    for name in ("王一", "李二", "张三", "刘四"):
        delegates.candidate(name, posts=["delegate"])
    rnd = delegates.first_round()
    ok(delegates.call("POST", f"/rounds/{rnd['id']}/quorum"))
    fix = committee.call("PUT", f"/voters/{late}", json={"name": "党员八", "reason": "错字"})
    assert ok(fix, 409)["code"] == "roll_frozen"
    assert verify(settings, committee.eid) == 0
    assert verify(settings, delegates.eid) == 0


def test_a_tie_in_one_ballot_holds_back_nothing_of_the_other(client: TestClient) -> None:
    committee = Meeting.create(client)
    committee.roll(9)
    delegates = delegates_of(committee)
    for name in ("王一", "李二", "张三", "刘四"):
        committee.candidate(name)
    for name in ("陈五", "杨六", "赵七", "孙八"):
        delegates.candidate(name, posts=["delegate"])

    # 代表: 陈五 8, 杨六 8, 赵七 5, 孙八 5 for 3 seats — a tie at the cut.
    tied = int(delegates.open_counting(delegates.first_round(), issued=9)["id"])
    for third in ("c03", "c04"):
        for _ in range(4):
            delegates.enter(tied, {"delegate": {"c01": "yes", "c02": "yes", third: "yes"}})
    delegates.enter(tied, {"delegate": {"c03": "yes", "c04": "yes"}})
    outcome = delegates.count(tied)["result"]["outcome"]
    assert outcome["status"] != "complete"

    # 委员: the committee's own round is counted, published and announced meanwhile.
    rid = int(committee.open_counting(committee.first_round(), issued=9)["id"])
    for _ in range(9):
        committee.enter(rid, {"member": {"c01": "yes", "c02": "yes", "c03": "yes"}})
    assert committee.count(rid)["result"]["outcome"]["status"] == "complete"
    committee.publish(rid)
    pdf = committee.call("GET", f"/rounds/{rid}/announcement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The delegates' tie-break is a round of their own election, on the same 实到.
    rounds = ok(delegates.call("GET", "/rounds"))
    assert [r["state"] for r in rounds] == ["counted"]
    nxt = delegates.next_round()
    assert nxt["kind"] == "tie_break"


def test_a_delegates_ballot_has_no_committee_size(client: TestClient) -> None:
    # 出席上级党代会代表 (⚙ elects: delegates): 8 seats, which no 支部委员会 may have.
    committee = Meeting.create(client, title="幸福社区党支部委员会换届选举")
    committee.roll(12, present=12)
    checked = {}
    for elects in ("delegates", "committee"):
        created = ok(committee.call("POST", "/ballots", json={
            "title": f"第二张选票（{elects}）", "rules": {"elects": elects},
            "posts": [{"id": "delegate", "name": "代表", "seats": 8}]}), 201)
        ballot = Meeting(committee.client, created, created.pop("tokens"))
        for i in range(10):
            ballot.candidate(f"候选{'一二三四五六七八九十'[i]}", posts=["delegate"])
        rnd = ballot.first_round()
        checked[elects] = ballot.call("POST", f"/rounds/{rnd['id']}/quorum")
    assert checked["delegates"].status_code == 200, checked["delegates"].text
    assert checked["committee"].status_code == 409  # no ballots go out for this list
    assert "支部委员会由3至5人组成" in checked["committee"].json()["message"]


def test_signing_out_below_the_second_ballots_issue_asks_first(client: TestClient) -> None:
    # The shared sign-in is the roll owner's; the second ballot's issued count is checked too.
    committee = Meeting.create(client, title="幸福社区党支部委员会换届选举")
    committee.roll(10, present=10)
    delegates = delegates_of(committee)
    for name in ("王一", "李二", "张三", "刘四"):
        delegates.candidate(name, posts=["delegate"])
    rnd = delegates.first_round()
    ok(delegates.call("POST", f"/rounds/{rnd['id']}/quorum"))
    ok(delegates.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 10}))
    leaving = committee.voters[0]["id"]
    asked = ok(committee.call("POST", "/sign-ins",
                              json={"voter_ids": [leaving], "present": False}), 409)
    assert asked["code"] == "sign_out_below_issued"
    assert asked["message"].startswith("“出席上级党代会代表选举”第1轮已发出选票10张")
    assert ok(committee.call("GET", "/attendance"))["present"] == 10  # nothing stored
    ok(committee.call("POST", "/sign-ins",
                      json={"voter_ids": [leaving], "present": False, "confirm": True}))
    assert ok(delegates.call("GET", "/attendance"))["present"] == 9
