"""RULES.md §2 — election threshold: 2·yes > present (实到会有选举权的人), exactly half fails."""

from __future__ import annotations

import pytest
from recordkit import (
    VOID,
    ballot,
    candidates,
    party_attendance,
    post,
    post_of,
    record,
    result_of,
    round_,
    statuses,
    yes_for,
)

from counting.gates import majority_threshold


@pytest.mark.parametrize(
    ("present", "threshold"), [(190, 96), (40, 21), (55, 28), (48, 25), (1, 1)]
)
def test_threshold_is_least_v_with_2v_over_present(present: int, threshold: int) -> None:
    assert majority_threshold(present) == threshold
    assert 2 * threshold > present >= 2 * (threshold - 1)


def vote(
    present: int,
    yes: int,
    *,
    returned: int | None = None,
    entitled: int | None = None,
    extra: list[dict] | None = None,
) -> dict:
    """One 委员 seat, c01 against c02; `yes` ballots for c01, the rest for c02 (or `extra`)."""
    returned = present if returned is None else returned
    ballots = [yes_for("member", "c01")] * yes
    ballots += extra if extra is not None else [yes_for("member", "c02")] * (returned - yes)
    return record(
        "party_branch",
        [post("member", 1)],
        candidates(2, ["member"]),
        [round_(party_attendance(present, entitled or present), ballots=ballots, issued=present)],
    )


def test_expected_223_present_190_needs_96() -> None:
    """应到 223 / 实到 190 → 96 votes (the quorum of 179 is met)."""
    p = post_of(result_of(vote(190, 96, entitled=223)), "member")
    assert p["elected"] == ["c01"] and p["threshold"] == 96
    rejected = post_of(result_of(vote(190, 95, entitled=223)), "member")
    assert rejected["threshold"] == 96 and rejected["elected"] == []


def test_present_40_with_20_votes_is_not_elected() -> None:
    """Exactly half fails."""
    p = post_of(result_of(vote(40, 20)), "member")
    assert p["threshold"] == 21
    assert statuses(p)["c01"] == "not_elected"
    assert p["elected"] == [] and p["unfilled"] == 1


def test_threshold_counts_present_not_ballots_returned_nor_expected() -> None:
    # 50 present of 60 expected, only 30 ballots come back: still 26 needed (not 16, not 31).
    doc = vote(50, 25, returned=30, entitled=60)
    p = post_of(result_of(doc), "member")
    assert p["threshold"] == 26
    assert p["elected"] == []
    doc = vote(50, 26, returned=30, entitled=60)
    assert post_of(result_of(doc), "member")["elected"] == ["c01"]


def test_invalid_ballots_and_abstentions_act_like_no() -> None:
    """25 YES of 48 present elects; replace one YES by a void, blank or over-voted ballot: not."""
    assert post_of(result_of(vote(48, 25, extra=[ballot()] * 23)), "member")["elected"] == ["c01"]
    for spoiler in (VOID, ballot(), yes_for("member", "c01", "c02")):
        doc = vote(48, 24, extra=[spoiler] * 24)
        p = post_of(result_of(doc), "member")
        assert p["elected"] == [], spoiler
        assert p["threshold"] == 25


def test_threshold_text_names_present() -> None:
    text = post_of(result_of(vote(190, 96)), "member")["threshold_text"]
    assert "190" in text and "96" in text
