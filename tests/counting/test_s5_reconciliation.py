"""RULES.md §5 — reconciliation: returned ≤ issued and ≤ present (per box too); boxes.

收回的选票等于或少于投票人数的，选举有效；多于投票人数的，选举无效. Issuing more ballots
than present is a procedural error, reported by `issued_le_present`, not a void round.
"""

from __future__ import annotations

import pytest
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
    # a repeated round lists its candidates in 姓氏笔画 order (c02 孔 < c01 王)
    assert out["next_round"] == {
        "kind": "repeat",
        "posts": {"member": {"seats": 1, "candidates": ["c02", "c01"]}},
    }


def test_a_repeated_round_is_folded_into_the_outcome() -> None:
    result = result_of(party_record(party(9, 10), party(10, 10, rid="r2")))
    assert [r["status"] for r in result["rounds"]] == ["void", "counted"]
    assert elected(result, "member") == {"c01"}
    assert result["outcome"]["status"] == "complete"


@pytest.mark.parametrize(("issued", "returned", "status"), [
    (11, 10, "counted"),  # issued > present only: reported, counted (today: void)
    (12, 11, "void"),  # returned > present: void, though returned ≤ issued
    (11, 9, "counted"),
])
def test_issued_more_than_present_is_reported_and_counted(
    issued: int, returned: int, status: str
) -> None:
    result = result_of(party_record(party(issued, returned, present=10)))
    c = check(result, "issued_le_present")
    assert (c["ok"], c["actual"], c["required"]) == (False, issued, 10)
    assert result["rounds"][0]["status"] == status
    rec = check(result, "reconciliation")
    assert rec["ok"] == (status == "counted")
    if status == "void":
        assert (rec["actual"], rec["required"]) == (11, 10)
        assert rec["text"] == "收回选票11张，多于实到10人，本轮投票无效，应重新投票"
    else:
        assert elected(result, "member") == {"c01"}


@pytest.mark.parametrize(("returned", "ok"), [(9, True), (10, True), (11, False)])
def test_returned_is_compared_with_present_on_both_sides(returned: int, ok: bool) -> None:
    result = result_of(party_record(party(10, returned, present=10)))
    assert check(result, "reconciliation")["ok"] is (returned <= 10)
    assert result["rounds"][0]["status"] == ("counted" if ok else "void")


def test_within_both_limits_everything_is_fine() -> None:
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


def representatives(box_list: list[dict]) -> dict:
    rules = {"electorate_mode": "representatives", "turnout_ratio": "2/3", "equal_allowed": True}
    return village(VOTES, returned=700, issued=720, boxes=box_list, rules=rules,
                   body="residents_committee")


def test_representatives_vote_at_the_central_venue_only() -> None:
    main = [{"id": "main", "issued": 720, "returned": 700}]
    result = result_of(representatives(main))
    assert check(result, "boxes")["ok"]
    two = [{"id": "main", "issued": 600, "returned": 590},
           {"id": "s2", "kind": "station", "name": "第二投票站", "issued": 120, "returned": 110}]
    result = result_of(representatives(two))
    c = check(result, "boxes")
    assert (c["ok"], c["actual"]) == (False, 1) and "第二投票站" in c["text"]
    assert result["rounds"][0]["status"] == "counted"  # reported, not blocking


def test_other_modes_have_no_boxes_check() -> None:
    doc = village(VOTES, returned=700, issued=720, boxes=boxes((600, 590), (120, 110)))
    result = result_of(doc)
    assert all(c["code"] != "boxes" for c in result["rounds"][0]["checks"])


def test_an_unknown_box_kind_is_refused() -> None:
    box_list = [{"id": "main", "kind": "car", "issued": 720, "returned": 700}]
    ((pointer, zh, _en),) = problems_of(village(VOTES, returned=700, issued=720, boxes=box_list))
    assert pointer == "/rounds/0/boxes/0/kind" and "票箱类型" in zh
