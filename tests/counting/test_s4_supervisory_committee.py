"""RULES.md §4 — 监督委员会: quorum by `supervisory_meeting`, elected 2·yes > present.

A 村民代表会议 (the default) may meet with 三分之二以上 of its members (组织法 §26: inclusive,
3·present ≥ 2·members); a 村民会议 with more than half (2·present > members).
"""

from __future__ import annotations

import pytest
from recordkit import (
    ballot,
    candidates,
    check,
    elected,
    party_attendance,
    post,
    post_of,
    record,
    result_of,
    round_,
)


def supervisory(present: int, members: int, yes: int, rules: dict | None = None) -> dict:
    """主任 1 (c01), 委员 2 (c02, c03), 等额; `yes` of the present vote for all three."""
    ballots = [ballot({"chair": {"c01": "yes"}, "member": {"c02": "yes", "c03": "yes"}})] * yes
    ballots += [ballot()] * (present - yes)
    cands = candidates(1, ["chair"]) + candidates(2, ["member"], start=2)
    return record(
        "supervisory_committee",
        [post("chair", 1), post("member", 2)],
        cands,
        [round_(party_attendance(present, members), ballots=ballots)],
        rules,
    )


@pytest.mark.parametrize(("present", "ok"), [(29, False), (30, True), (31, True)])
def test_representatives_meeting_needs_two_thirds_inclusive(present: int, ok: bool) -> None:
    result = result_of(supervisory(present, 45, present))
    q = check(result, "quorum")
    assert (q["ok"], q["actual"], q["required"]) == (ok, present, 30)
    if ok:
        assert q["text"] == f"实到{present}人，达到应到45人的三分之二以上，会议有效"
        assert result["rounds"][0]["status"] == "counted"
    else:
        assert q["text"].startswith("实到29人，不足应到45人的三分之二（至少需30人）")
        assert result["rounds"][0]["status"] == "not_valid"


@pytest.mark.parametrize(("present", "ok"), [(15, False), (16, True)])
def test_assembly_needs_more_than_half_of_the_members(present: int, ok: bool) -> None:
    rules = {"supervisory_meeting": "assembly"}
    q = check(result_of(supervisory(present, 30, present, rules)), "quorum")
    assert (q["ok"], q["required"]) == (ok, 16)
    assert ("超过" if ok else "未超过") + "应到30人的半数" in q["text"]


@pytest.mark.parametrize(("present", "ok"), [(22, False), (23, True)])
def test_assembly_of_45_needs_23(present: int, ok: bool) -> None:
    rules = {"supervisory_meeting": "assembly"}
    q = check(result_of(supervisory(present, 45, present, rules)), "quorum")
    assert (q["ok"], q["required"]) == (ok, 23)


def test_elected_needs_more_than_half_of_present() -> None:
    result = result_of(supervisory(20, 30, 11))
    assert post_of(result, "chair")["threshold"] == 11
    assert elected(result, "chair") == {"c01"}
    assert elected(result, "member") == {"c02", "c03"}
    assert check(result, "surplus", post="member")["ok"]  # usually 等额
    result = result_of(supervisory(20, 30, 10))
    assert post_of(result, "chair")["elected"] == []
