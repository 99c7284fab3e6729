"""RULES.md §5 — reconciliation: returned ≤ issued (per box too), issued ≤ present; boxes."""

from __future__ import annotations

from recordkit import (
    candidates,
    check,
    elected,
    party_attendance,
    post,
    problems_of,
    record,
    result_of,
    round_,
    yes_for,
)
from villagekit import village, yes

VOTES = {
    "chair": yes(c01=400),
    "vice_chair": yes(c03=400),
    "member": yes(c05=400, c06=400, c07=400),
}


def party(issued: int, returned: int, present: int = 10, rid: str = "r1") -> dict:
    return round_(
        party_attendance(present),
        ballots=[yes_for("member", "c01")] * returned,
        issued=issued,
        rid=rid,
    )


def party_record(*rounds: dict) -> dict:
    return record("party_branch", [post("member", 1)], candidates(2, ["member"]), list(rounds))


def test_returned_more_than_issued_voids_the_round() -> None:
    result = result_of(party_record(party(9, 10)))
    c = check(result, "reconciliation")
    assert (c["ok"], c["actual"], c["required"]) == (False, 10, 9)
    assert "重新投票" in c["text"]
    rnd = result["rounds"][0]
    assert rnd["status"] == "void" and rnd["posts"] == {}
    out = result["outcome"]
    assert out["status"] == "needs_round"
    assert out["next_round"] == {
        "kind": "repeat",
        "posts": {"member": {"seats": 1, "candidates": ["c01", "c02"]}},
    }


def test_a_repeated_round_is_folded_into_the_outcome() -> None:
    result = result_of(party_record(party(9, 10), party(10, 10, rid="r2")))
    assert [r["status"] for r in result["rounds"]] == ["void", "counted"]
    assert elected(result, "member") == {"c01"}
    assert result["outcome"]["status"] == "complete"


def test_issuing_more_than_present_is_an_error() -> None:
    result = result_of(party_record(party(11, 10, present=10)))
    c = check(result, "issued_le_present")
    assert (c["ok"], c["actual"], c["required"]) == (False, 11, 10)
    assert result["rounds"][0]["status"] == "void"
    ok = result_of(party_record(party(10, 9, present=10)))
    assert check(ok, "issued_le_present")["ok"] and check(ok, "reconciliation")["ok"]
    assert ok["rounds"][0]["status"] == "counted"


def boxes(*pairs: tuple[int, int]) -> list[dict]:
    return [{"id": f"box{i}", "issued": a, "returned": b} for i, (a, b) in enumerate(pairs)]


def test_each_box_is_reconciled() -> None:
    doc = village(VOTES, returned=700, issued=720, boxes=boxes((600, 590), (120, 110)))
    result = result_of(doc)
    assert [
        c["ok"] for c in result["rounds"][0]["checks"] if c["code"] == "box_reconciliation"
    ] == [True, True]
    doc = village(VOTES, returned=700, issued=720, boxes=boxes((600, 610), (120, 90)))
    result = result_of(doc)
    bad = [c for c in result["rounds"][0]["checks"] if c["code"] == "box_reconciliation"]
    assert [c["ok"] for c in bad] == [False, True] and (bad[0]["actual"], bad[0]["required"]) == (
        610,
        600,
    )
    assert result["rounds"][0]["status"] == "void"


def test_boxes_that_do_not_sum_up_are_refused() -> None:
    doc = village(VOTES, returned=700, issued=720, boxes=boxes((600, 590), (100, 110)))
    ((pointer, zh, en),) = problems_of(doc)
    assert pointer == "/rounds/0/boxes"
    assert "700" in zh and "720" in zh and "issued" in en
