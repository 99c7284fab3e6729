"""A whole meeting through HTTP: set-up, roll, a round with a shortfall, the 另行选举 it asks
for, the tie-break that one asks for, publication, the public record and its hash."""

from __future__ import annotations

import hashlib
import itertools
import json

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def yes(*ids: str) -> dict[str, dict[str, str]]:
    return {"member": dict.fromkeys(ids, "yes")}


def enter_all(m: Meeting, rid: int, groups: list[tuple[int, tuple[str, ...]]]) -> None:
    for times, ids in groups:
        for _ in range(times):
            assert m.enter(rid, yes(*ids))["valid"] is True


def test_meeting_from_setup_to_publication(client: TestClient) -> None:
    m = Meeting.create(client, title="中共测试支部委员会换届选举")
    for name in ("王一", "李二", "张三", "刘四", "陈五"):
        m.candidate(name)
    m.roll(12, present=10)
    attendance = ok(m.call("GET", "/attendance"))
    assert (attendance["entitled"], attendance["expected"], attendance["present"]) == (12, 12, 10)

    # Round 1: only c01 reaches 6 of 10 present → two seats left → 另行选举 (RULES.md §6.4).
    r1 = m.open_counting(m.first_round(), issued=10)
    assert r1["state"] == "counting"
    rid = r1["id"]
    wrong = m.enter(rid, yes("c01", "c02", "c03", "c04"))
    assert wrong["valid"] is False and wrong["sections"]["member"]["code"] == "overvote"
    ok(m.call("POST", f"/rounds/{rid}/entries/{wrong['entry_id']}/correct", "scrutineer",
              json={"reason": "唱票时听错，按原票更正",
                    "replacement": {"entry_id": "fix-1", "marks": yes("c01", "c02", "c03")}}))
    enter_all(m, rid, [(2, ("c01", "c02", "c03")), (2, ("c01", "c02", "c04")),
                       (2, ("c01", "c03", "c04")), (2, ("c01", "c05")), (1, ("c05",))])
    counted = m.count(rid)
    assert counted["state"] == "counted"
    outcome = counted["result"]["outcome"]
    assert outcome["status"] == "needs_round"
    assert outcome["next_round"]["kind"] == "supplementary"
    contest = outcome["next_round"]["posts"]["member"]
    assert (contest["seats"], sorted(contest["candidates"])) == (2, ["c02", "c03", "c04"])

    # Round 2 (另行选举): c02 elected, c03 and c04 tie at the cut → tie-break.
    r2 = m.next_round()
    assert (r2["kind"], r2["number"]) == ("supplementary", 2)
    rid = m.open_counting(r2, issued=10)["id"]
    enter_all(m, rid, [(4, ("c02", "c03")), (3, ("c02", "c04")), (2, ("c03", "c04")),
                       (1, ("c04",))])
    outcome = m.count(rid)["result"]["outcome"]
    assert outcome["next_round"]["kind"] == "tie_break"
    contest = outcome["next_round"]["posts"]["member"]
    assert (contest["seats"], sorted(contest["candidates"])) == (1, ["c03", "c04"])

    # Round 3 (重新投票): c03 wins the tied seat; the election is complete.
    r3 = m.next_round()
    assert r3["kind"] == "tie_break"
    rid = m.open_counting(r3, issued=10)["id"]
    enter_all(m, rid, [(6, ("c03",)), (4, ("c04",))])
    counted = m.count(rid)
    assert counted["result"]["outcome"]["status"] == "complete"
    assert sorted(counted["result"]["outcome"]["elected"]["member"]) == ["c01", "c02", "c03"]
    assert ok(m.call("POST", "/rounds/next", json={}), 409)["code"] == "no_next_round"

    # Publication: frozen, public without a token, byte-exact and hashed.
    public_before = client.get(f"/api/v1/public/elections/{m.eid}")
    assert public_before.status_code == 404
    published = m.publish(rid)
    assert published["state"] == "published"
    page = ok(client.get(f"/api/v1/public/elections/{m.eid}"))
    assert [r["number"] for r in page["rounds"]] == [3]
    record = client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rid}/record.json")
    digest = hashlib.sha256(record.content).hexdigest()
    assert digest == record.headers["x-content-sha256"] == published["record_sha256"]
    # Anyone can re-count the published record and get the published result.
    recount = ok(client.post("/api/v1/count", json=json.loads(record.content)))
    result = client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rid}/result.json")
    assert recount == json.loads(result.content)
    assert [r["id"] for r in recount["rounds"]] == ["r1", "r2", "r3"]
    for document in ("report.pdf", "announcement.pdf"):
        pdf = client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rid}/{document}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), document
    # Published rounds are frozen.
    assert ok(m.call("POST", f"/rounds/{rid}/count", "scrutineer"), 409)["code"] == "invalid_state"

    # The audit log holds every write, chained.
    log = ok(m.call("GET", "/audit"))
    assert log[0]["action"] == "election.create"
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(log))
    assert any(e["action"] == "entry.replace" and e["data"]["reason"] for e in log)
