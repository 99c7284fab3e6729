"""The round's state machine through HTTP: gates refuse with the reason, wrong states get 409,
a void round is held again, later rounds come only from the result."""

from __future__ import annotations

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def ready(client: TestClient, *, present: int = 10, entitled: int = 10) -> Meeting:
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(entitled, present=present)
    return m


def test_wrong_state_actions_get_409_with_the_reason(client: TestClient) -> None:
    m = ready(client)
    rnd = m.first_round()
    assert rnd["actions"] == ["quorum", "ballot_pdf"]
    body = ok(m.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 10}), 409)
    assert body["code"] == "invalid_state" and "准备中" in body["message"]
    entry = m.call("POST", f"/rounds/{rnd['id']}/entries", "teller",
                   json={"entry_id": "x1", "marks": {}})
    assert ok(entry, 409)["detail"]["state"] == "draft"
    assert ok(m.call("POST", "/rounds", json={}), 409)["code"] == "round_exists"
    assert ok(m.call("POST", "/rounds/next", json={}), 409)["code"] == "round_open"
    assert ok(m.call("GET", "/rounds/999999"), 404)["code"] == "round_not_found"


def test_quorum_gate_refuses_with_the_sentence_to_read_out(client: TestClient) -> None:
    m = ready(client, entitled=10, present=8)  # RULES.md §2: 5·8 > 4·10 fails (needs 9)
    rnd = m.first_round()
    body = ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"), 409)
    assert body["code"] == "gate_failed"
    assert "会议无效" in body["message"]
    quorum = next(c for c in body["detail"]["checks"] if c["code"] == "quorum")
    assert (quorum["ok"], quorum["actual"], quorum["required"]) == (False, 8, 9)
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [m.voters[8]["id"]]}))
    checked = ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"))
    assert checked["state"] == "quorum_checked"
    assert checked["attendance"]["present"] == 9
    too_many = m.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 10})
    assert ok(too_many, 409)["code"] == "issued_le_present"


def test_no_ballots_for_a_list_that_fails_the_surplus_rule(client: TestClient) -> None:
    m = Meeting.create(client)
    m.candidate("王一")
    m.roll(5)
    rnd = m.first_round()
    body = ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"), 409)
    assert any(c["code"] == "surplus" and not c["ok"] for c in body["detail"]["checks"])


def test_set_up_is_locked_once_ballots_are_issued(client: TestClient) -> None:
    m = ready(client)
    rnd = m.first_round()
    ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"))
    pdf = m.call("GET", f"/rounds/{rnd['id']}/ballot.pdf?copies=2")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ok(m.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 10}))
    late = m.call("POST", "/candidates", json={"name": "陈五", "posts": ["member"],
                                               "member_status": "full"})
    assert ok(late, 409)["code"] == "election_locked"


def test_more_returned_than_issued_voids_the_round_and_it_is_held_again(
        client: TestClient) -> None:
    m = ready(client)
    rnd = m.open_counting(m.first_round(), issued=9, returned=10)
    assert rnd["state"] == "void"
    assert rnd["actions"] == ["correct_counts", "next"]  # a slip may be corrected first
    again = m.next_round()
    assert (again["number"], again["kind"], again["repeats_round"]) == (2, "regular", 1)
    assert m.open_counting(again, issued=10)["state"] == "counting"


def test_count_needs_every_returned_ballot(client: TestClient) -> None:
    m = ready(client)
    rid = m.open_counting(m.first_round(), issued=10, returned=2)["id"]
    m.enter(rid, {"member": {"c01": "yes"}})
    body = ok(m.call("POST", f"/rounds/{rid}/count", "scrutineer"), 409)
    assert body["code"] == "entries_incomplete" and body["detail"]["entered"] == 1
    m.enter(rid, {}, void=True)
    assert m.enter(rid, {}, expect=409)["code"] == "too_many_ballots"
    assert m.count(rid)["state"] == "counted"
    report = m.call("GET", f"/rounds/{rid}/report.pdf")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    unsigned = m.call("POST", f"/rounds/{rid}/publish")
    assert ok(unsigned, 409)["code"] == "not_signed_off"


def test_the_meeting_may_reduce_the_seats_to_those_filled(client: TestClient) -> None:
    m = ready(client, entitled=4, present=4)
    rid = m.open_counting(m.first_round(), issued=4)["id"]
    for _ in range(4):
        m.enter(rid, {"member": {"c01": "yes", "c02": "yes"}})
    assert m.count(rid)["result"]["outcome"]["status"] == "needs_round"
    unknown = m.call("POST", f"/rounds/{rid}/decisions",
                     json={"reduce_seats": {"mayor": 2}, "decided_by": "全体党员大会"})
    assert unknown.status_code == 409
    # RULES.md §6.4 — recorded as decided by the meeting; recounted at once.
    decided = ok(m.call("POST", f"/rounds/{rid}/decisions",
                        json={"reduce_seats": {"member": 2}, "decided_by": "全体党员大会"}))
    outcome = decided["result"]["outcome"]
    assert outcome["status"] == "complete" and sorted(outcome["elected"]["member"]) == [
        "c01", "c02"]
    assert "next" not in decided["actions"]
    record = ok(m.call("GET", f"/rounds/{rid}/record"))
    assert record["rounds"][0]["decisions"] == {"reduce_seats": {"member": 2},
                                                "decided_by": "全体党员大会"}


def test_no_ballots_while_the_party_committee_size_fails(client: TestClient) -> None:
    """RULES.md §2 — 支部委员会 3–5 (⚙ unit_kind): 6 seats block the ballots; 总支 allows them."""
    names = ("王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八")
    for unit_kind, status in ((None, 409), ("general_branch", 200)):
        rules = {} if unit_kind is None else {"unit_kind": unit_kind}
        m = Meeting.create(client, rules=rules,
                           posts=[{"id": "member", "name": "委员", "seats": 6}])
        for name in names:
            m.candidate(name)
        m.roll(10)
        rnd = m.first_round()
        body = ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"), status)
        if status == 409:
            assert body["code"] == "gate_failed"
            assert "支部委员会由3至5人组成，本次应选委员6名，不符合规定" in body["message"]
            failed = [c["code"] for c in body["detail"]["checks"] if not c["ok"]]
            assert failed == ["committee_size"]
        else:
            assert body["state"] == "quorum_checked"
