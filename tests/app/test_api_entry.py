"""Ballot entry through HTTP: verdicts from `counting`, idempotent retries, corrections kept,
hand-counted totals, double entry with the 监票人's resolution, the live tally."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def counting_round(client: TestClient, *, returned: int = 4, double_entry: bool = False,
                   ) -> tuple[Meeting, int]:
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(4)
    rnd = m.open_counting(m.first_round(double_entry=double_entry), issued=4, returned=returned)
    return m, int(rnd["id"])


def test_each_ballot_gets_its_verdict_and_a_retry_counts_once(client: TestClient) -> None:
    m, rid = counting_round(client)
    first = m.enter(rid, {"member": {"c01": "yes", "c02": "no"}}, entry_id="t-1")
    assert first == {"entry_id": "t-1", "channel": "A", "position": 1, "valid": True,
                     "void": False, "sections": {"member": {"valid": True, "code": None,
                                                            "text": None}},
                     "message": "有效票", "undone": False}
    again = m.enter(rid, {"member": {"c01": "yes", "c02": "no"}}, entry_id="t-1", expect=200)
    assert again == first
    reused = m.enter(rid, {"member": {"c03": "yes"}}, entry_id="t-1", expect=409)
    assert reused["code"] == "entry_id_reused"
    over = m.enter(rid, {"member": {"c01": "yes", "c02": "yes", "c03": "yes", "c04": "yes"}})
    assert over["valid"] is False and over["sections"]["member"]["code"] == "overvote"
    assert "多于应选3名" in over["message"]
    unknown = m.enter(rid, {"member": {"c99": "yes"}}, expect=422)
    assert unknown["code"] == "invalid_ballot" and unknown["detail"]["problems"][0]["pointer"]
    written = m.enter(rid, {}, write_ins={"member": [{"name": "赵六", "mark": "yes"}]})
    assert written["valid"] is True
    listed = ok(m.call("GET", f"/rounds/{rid}/entries"))
    assert [e["entry_id"] for e in listed][:1] == ["t-1"] and len(listed) == 3


def test_a_resend_is_answered_before_capacity_and_state(client: TestClient) -> None:
    """A stored entry id answers 200 with the stored verdict at any time (round full, counted);
    the same id with another body answers 409; an undone entry says it was undone."""
    m, rid = counting_round(client, returned=2)
    first = m.enter(rid, {"member": {"c01": "yes"}}, entry_id="f-1")
    m.enter(rid, {"member": {"c02": "yes"}}, entry_id="f-2")
    # the round is full: a resend is still its own stored answer, not too_many_ballots
    assert m.enter(rid, {"member": {"c01": "yes"}}, entry_id="f-1", expect=200) == first
    assert m.enter(rid, {"member": {"c03": "yes"}}, entry_id="f-1",
                   expect=409)["code"] == "entry_id_reused"
    assert m.enter(rid, {"member": {"c03": "yes"}}, entry_id="f-3",
                   expect=409)["code"] == "too_many_ballots"
    # undone, then resent (an offline queue that missed the undo): said, not stored again
    ok(m.call("POST", f"/rounds/{rid}/entries/f-2/correct", "teller", json={"reason": "录错"}))
    undone = m.enter(rid, {"member": {"c02": "yes"}}, entry_id="f-2", expect=200)
    assert undone["undone"] is True and "已被撤销" in undone["message"]
    assert len([e for e in ok(m.call("GET", f"/rounds/{rid}/entries")) if not e["voided"]]) == 1
    m.enter(rid, {"member": {"c02": "yes"}}, entry_id="f-4")
    m.count(rid)
    # counted: the resend still gets its stored answer
    assert m.enter(rid, {"member": {"c01": "yes"}}, entry_id="f-1", expect=200) == first
    assert m.enter(rid, {"member": {"c01": "yes"}}, entry_id="f-9",
                   expect=409)["code"] == "invalid_state"


def test_corrections_need_a_reason_and_are_kept(client: TestClient) -> None:
    m, rid = counting_round(client, returned=1)
    m.enter(rid, {"member": {"c01": "yes"}}, entry_id="k-1")
    no_reason = m.call("POST", f"/rounds/{rid}/entries/k-1/correct", "teller", json={})
    assert no_reason.status_code == 422

    def board() -> dict[str, int]:
        live = ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))
        return {row["id"]: row["yes"] for row in live["posts"]["member"]["tally"]}

    assert (board()["c01"], board()["c02"]) == (1, 0)  # the board's running tally is kept
    fixed = ok(m.call("POST", f"/rounds/{rid}/entries/k-1/correct", "teller", json={
        "reason": "录错候选人", "replacement": {"entry_id": "k-2",
                                           "marks": {"member": {"c02": "yes"}}}}))
    assert fixed["position"] == 1 and fixed["entry_id"] == "k-2"
    twice = m.call("POST", f"/rounds/{rid}/entries/k-1/correct", "teller", json={"reason": "再改"})
    assert ok(twice, 409)["code"] == "already_corrected"
    entries = ok(m.call("GET", f"/rounds/{rid}/entries"))
    old, new = entries
    assert (old["voided"], old["void_reason"], new["replaces"]) == (True, "录错候选人", "k-1")
    assert (board()["c01"], board()["c02"]) == (0, 1)  # ... and starts over on a correction
    result = m.count(rid)["result"]
    tally = {row.get("id"): row["yes"] for row in result["rounds"][0]["posts"]["member"]["tally"]}
    assert (tally["c01"], tally["c02"]) == (0, 1)


def test_hand_counted_totals_are_checked_against_the_invariants(client: TestClient) -> None:
    m, rid = counting_round(client)
    impossible = m.call("PUT", f"/rounds/{rid}/totals", "teller", json={
        "totals": {"member": {"invalid": 0, "yes": {"c01": 5}, "no": {}}}})
    body = ok(impossible, 422)
    assert body["code"] == "invalid_totals"
    assert body["detail"]["problems"][0]["pointer"].startswith("/rounds/0/totals/member")
    totals = {"member": {"invalid": 1, "yes": {"c01": 3, "c02": 3, "c03": 3}, "no": {}}}
    ok(m.call("PUT", f"/rounds/{rid}/totals", "teller", json={"totals": totals}))
    again = m.call("PUT", f"/rounds/{rid}/totals", "teller", json={"totals": totals})
    assert ok(again, 422)["code"] == "reason_required"
    assert m.enter(rid, {}, expect=409)["code"] == "totals_entered"
    result = m.count(rid)["result"]
    assert sorted(result["outcome"]["elected"]["member"]) == ["c01", "c02", "c03"]


def test_double_entry_differences_block_until_resolved(client: TestClient) -> None:
    m, rid = counting_round(client, returned=2, double_entry=True)
    for channel, second in (("A", "c02"), ("B", "c03")):
        m.enter(rid, {"member": {"c01": "yes"}}, channel=channel)
        m.enter(rid, {"member": {second: "yes", "c04": "abstain"}}, channel=channel)
    body = ok(m.call("POST", f"/rounds/{rid}/count", "scrutineer"), 409)
    assert body["code"] == "differences_open" and body["detail"]["positions"] == [2]
    diffs = ok(m.call("GET", f"/rounds/{rid}/differences"))
    assert diffs == [{"position": 2, "a": {"marks": {"member": {"c02": "yes"}}},
                      "b": {"marks": {"member": {"c03": "yes"}}}, "resolved": None}]
    by_teller = m.call("POST", f"/rounds/{rid}/differences/2/resolve", "teller",
                       json={"ballot": {"marks": {"member": {"c03": "yes"}}}, "reason": "核对原票"})
    assert by_teller.status_code == 403
    ok(m.call("POST", f"/rounds/{rid}/differences/2/resolve", "scrutineer",
              json={"ballot": {"marks": {"member": {"c03": "yes"}}}, "reason": "核对原票"}))
    result = m.count(rid)["result"]
    tally = {row.get("id"): row["yes"] for row in result["rounds"][0]["posts"]["member"]["tally"]}
    assert (tally["c01"], tally["c02"], tally["c03"]) == (1, 0, 1)


def test_live_tally_and_its_event_stream(client: TestClient) -> None:
    m, rid = counting_round(client, returned=2)
    m.enter(rid, {"member": {"c01": "yes", "c02": "no"}})
    live = ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))
    rows = {r["id"]: r for r in live["posts"]["member"]["tally"]}
    assert (live["entered"], live["returned"], live["final"]) == (1, 2, False)
    assert (rows["c01"]["yes"], rows["c02"]["no"], rows["c03"]["abstain"]) == (1, 1, 1)
    assert live["posts"]["member"]["threshold"] == 3  # RULES.md §2: 2·yes > 4 present
    m.enter(rid, {"member": {"c01": "yes"}})
    m.count(rid)
    token = m.tokens["observer"]
    with client.stream("GET", m.url(f"/rounds/{rid}/live?token={token}")) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    event, ident, data = text.strip().split("\n")
    assert event == "event: tally" and ident.startswith("id: ")
    final = json.loads(data.removeprefix("data: "))
    assert final["final"] is True and final["state"] == "counted"
    assert final["posts"]["member"]["elected"] == []


def test_the_live_tally_equals_the_count_at_every_moment(client: TestClient) -> None:
    """村/居: an unmarked write-in counts YES and a person marked at two posts counts at the
    higher only (RULES.md §3, §5) — on the board as in the result, after every ballot."""
    m = Meeting.create(client, body="villagers_committee",
                       posts=[{"id": "chair", "name": "主任", "seats": 1},
                              {"id": "member", "name": "委员", "seats": 2}])
    wang = m.candidate("王一", ["chair"], gender="F")
    li = m.candidate("李二", ["chair", "member"], gender="M")
    zhang, liu = m.candidate("张三", gender="M"), m.candidate("刘四", gender="F")
    m.candidate("陈五", gender="M")
    m.roll(5, status="registered")  # 3 ballots of 5 registered: turnout is met
    ballots = [
        ({"chair": {li: "yes"}, "member": {li: "yes", zhang: "yes"}}, {}),
        ({"chair": {wang: "yes"}}, {"member": [{"name": "赵六", "mark": "none"}]}),
        ({"chair": {wang: "yes"}, "member": {liu: "yes"}}, {}),
    ]
    rid = int(m.open_counting(m.first_round(), issued=len(ballots))["id"])

    def board() -> dict[str, dict[str, int]]:
        live = ok(m.call("GET", f"/rounds/{rid}/live.json", "observer"))
        return {p: {r.get("id", r["name"]): r["yes"] for r in v["tally"] if r["yes"]}
                for p, v in live["posts"].items()}

    seen = []
    for marks, write_ins in ballots:
        m.enter(rid, marks, write_ins=write_ins)
        seen.append(board())
    assert seen[0] == {"chair": {li: 1}, "member": {zhang: 1}}  # 李二's 委员 mark set aside
    assert seen[1]["member"] == {zhang: 1, "赵六": 1}  # the unmarked write-in counts YES
    result = m.count(rid)["result"]["rounds"][0]["posts"]
    final = {p: {r.get("id", r["name"]): r["yes"] for r in v["tally"] if r["yes"]}
             for p, v in result.items()}
    assert seen[-1] == final


def test_a_tie_break_board_has_no_threshold_line(client: TestClient) -> None:
    """RULES.md §6.3: in a tie-break the most votes win; the board's line is 0, read aloud as
    得票多者当选 (not the members' majority)."""
    m, rid = counting_round(client)
    for others in (("c01", "c02", "c03"), ("c01", "c02", "c04"), ("c01", "c03", "c04"),
                   ("c02", "c03", "c04")):
        m.enter(rid, {"member": dict.fromkeys(others, "yes")})
    outcome = m.count(rid)["result"]["outcome"]
    assert outcome["next_round"]["kind"] == "tie_break"
    nxt = ok(m.call("POST", "/rounds/next", json={}), 201)
    live = ok(m.call("GET", f"/rounds/{nxt['id']}/live.json", "observer"))
    assert live["kind"] == "tie_break" and live["posts"]["member"]["threshold"] == 0
