"""RULES.md §4 — 监督委员会: quorum 2·present > members, elected 2·yes > present."""

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


def supervisory(present: int, members: int, yes: int) -> dict:
    """主任 1 (c01), 委员 2 (c02, c03), 等额; `yes` of the present vote for all three."""
    ballots = [ballot({"chair": {"c01": "yes"}, "member": {"c02": "yes", "c03": "yes"}})] * yes
    ballots += [ballot()] * (present - yes)
    cands = candidates(1, ["chair"]) + candidates(2, ["member"], start=2)
    return record(
        "supervisory_committee",
        [post("chair", 1), post("member", 2)],
        cands,
        [round_(party_attendance(present, members), ballots=ballots)],
    )


@pytest.mark.parametrize(("present", "ok"), [(15, False), (16, True)])
def test_quorum_is_more_than_half_of_the_members(present: int, ok: bool) -> None:
    q = check(result_of(supervisory(present, 30, present)), "quorum")
    assert (q["ok"], q["required"]) == (ok, 16)


def test_elected_needs_more_than_half_of_present() -> None:
    result = result_of(supervisory(20, 30, 11))
    assert post_of(result, "chair")["threshold"] == 11
    assert elected(result, "chair") == {"c01"}
    assert elected(result, "member") == {"c02", "c03"}
    assert check(result, "surplus", post="member")["ok"]  # usually 等额
    result = result_of(supervisory(20, 30, 10))
    assert post_of(result, "chair")["elected"] == []
