"""RULES.md §3 — 另行选举 of 村/居: list seats_left + 1 (ties at the cut), 不少于三分之一, 暂缺."""

from __future__ import annotations

import pytest
from recordkit import elected, post_of, result_of, round_
from villagekit import village, yes

from counting.gates import least_over

FIRST = {"chair": yes(c01=400), "vice_chair": yes(c03=400)}


def first(member: dict[str, int], rules: dict | None = None, rounds: list | None = None) -> dict:
    return village({**FIRST, "member": {"yes": member}}, returned=600, rules=rules, rounds=rounds)


def supplementary(
    member: dict[str, int], candidates: list[str], returned: int = 690, seats: int = 1
) -> dict:
    return round_(
        {"registered": 1000},
        totals={"member": {"yes": member}},
        returned=returned,
        rid="r2",
        kind="supplementary",
        contests={"member": {"seats": seats, "candidates": candidates}},
    )


@pytest.mark.parametrize(("cast", "least"), [(690, 230), (691, 231), (600, 200), (3, 1)])
def test_one_third_boundary(cast: int, least: int) -> None:
    """Winner needs 3·votes ≥ ballots cast this round: 230 of 690 elects, 229 does not."""
    assert least_over(cast, (1, 3), allow_equal=True) == least
    assert 3 * least >= cast > 3 * (least - 1)


@pytest.mark.parametrize(("votes", "won"), [(230, True), (229, False)])
def test_supplementary_round_needs_a_third(votes: int, won: bool) -> None:
    r1 = {"c05": 400, "c06": 400, "c07": 300, "c08": 200}
    doc = first(r1, rounds=[supplementary({"c07": votes, "c08": 100}, ["c07", "c08"])])
    result = result_of(doc)
    p = post_of(result, "member")
    assert p["threshold"] == 230
    assert p["elected"] == (["c07"] if won else [])
    out = result["outcome"]
    assert out["status"] == "complete" and out["next_round"] is None
    # still unfilled after 另行选举: the seat stays vacant (暂缺)
    assert out["vacant"] == ({} if won else {"member": 1})


def test_supplementary_list_is_seats_left_plus_one_with_ties_at_the_cut() -> None:
    result = result_of(first({"c05": 400, "c06": 300, "c07": 300, "c08": 200, "c09": 100}))
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary"
    assert nxt["posts"]["member"]["seats"] == 2
    assert set(nxt["posts"]["member"]["candidates"]) == {"c06", "c07", "c08"}
    result = result_of(first({"c05": 400, "c06": 400, "c07": 300, "c08": 300, "c09": 300}))
    assert set(result["outcome"]["next_round"]["posts"]["member"]["candidates"]) == {
        "c07",
        "c08",
        "c09",
    }


def test_supplementary_candidates_setting() -> None:
    rules = {"supplementary_candidates": 2}
    result = result_of(first({"c05": 400, "c06": 400, "c07": 300, "c08": 200, "c09": 100}, rules))
    assert set(result["outcome"]["next_round"]["posts"]["member"]["candidates"]) == {
        "c07",
        "c08",
        "c09",
    }


def test_supplementary_min_share_setting() -> None:
    rules = {"supplementary_min_share": "1/4"}
    r1 = {"c05": 400, "c06": 400, "c07": 300, "c08": 200}
    doc = first(r1, rules, [supplementary({"c07": 173, "c08": 100}, ["c07", "c08"])])
    p = post_of(result_of(doc), "member")
    assert p["threshold"] == 173  # 4·173 = 692 ≥ 690 > 4·172
    assert p["elected"] == ["c07"]


def test_supplementary_most_votes_win_the_seats() -> None:
    r1 = {"c05": 400, "c06": 200, "c07": 300, "c08": 250, "c09": 100}
    r2 = supplementary({"c06": 240, "c07": 300, "c08": 250}, ["c06", "c07", "c08"], seats=2)
    result = result_of(first(r1, rounds=[r2]))
    assert elected(result, "member") == {"c05", "c07", "c08"}
    assert result["outcome"]["status"] == "complete"


def test_a_tie_at_the_cut_of_a_supplementary_round_goes_to_a_tie_break() -> None:
    r1 = {"c05": 400, "c06": 400, "c07": 300, "c08": 200}
    result = result_of(first(r1, rounds=[supplementary({"c07": 300, "c08": 300}, ["c07", "c08"])]))
    p = post_of(result, "member")
    assert p["tie"] == {"candidates": ["c08", "c07"], "seats": 1} or set(
        p["tie"]["candidates"]
    ) == {"c07", "c08"}
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "tie_break"
    assert set(nxt["posts"]["member"]["candidates"]) == {"c07", "c08"}


def test_supplementary_list_that_differs_from_the_rule_is_flagged() -> None:
    r1 = {"c05": 400, "c06": 400, "c07": 300, "c08": 200, "c09": 100}
    result = result_of(first(r1, rounds=[supplementary({"c07": 300}, ["c07", "c09"])]))
    (flag,) = [c for c in result["rounds"][1]["checks"] if c["code"] == "supplementary_list"]
    assert not flag["ok"] and flag["post"] == "member"
