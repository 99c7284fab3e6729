"""RULES.md §3 — turnout (选举有效: 2·voted > registered) and the threshold 2·votes > voted."""

from __future__ import annotations

import pytest
from recordkit import (
    VOID,
    ballot,
    check,
    elected,
    post,
    post_of,
    record,
    result_of,
    round_,
    yes_for,
)
from villagekit import committee_people, village, yes

from counting import parse_record

TOTALS = {
    "chair": yes(c01=400),
    "vice_chair": yes(c03=400),
    "member": yes(c05=400, c06=400, c07=400),
}


@pytest.mark.parametrize(("returned", "ok"), [(500, False), (501, True), (1000, True)])
def test_turnout_is_more_than_half_of_registered(returned: int, ok: bool) -> None:
    result = result_of(village(TOTALS, returned=returned))
    t = check(result, "turnout")
    assert (t["ok"], t["actual"], t["required"]) == (ok, returned, 501)
    assert result["rounds"][0]["status"] == ("counted" if ok else "not_valid")
    if not ok:
        assert result["outcome"]["status"] == "not_valid"
        assert "选举无效" in t["text"]
    else:
        assert t["text"] == "参加投票501人，超过登记选民1000人的半数，选举有效" or returned != 501


def test_threshold_is_more_than_half_of_voted() -> None:
    """2·votes > voted, voted = ballots returned (invalid ones included)."""
    totals = {
        "chair": {"invalid": 100, "yes": {"c01": 301}},
        "vice_chair": yes(c03=300),
        "member": yes(c05=301),
    }
    result = result_of(village(totals, returned=600))
    chair, vice = post_of(result, "chair"), post_of(result, "vice_chair")
    assert chair["threshold"] == vice["threshold"] == 301
    assert chair["elected"] == ["c01"]  # 301 of 600, although only 500 sections were valid
    assert vice["elected"] == []  # exactly half fails


def per_ballot(voids: int, rules: dict | None = None) -> dict:
    """10 registered, 6 ballots returned of which `voids` are void; c01 has 3 YES for 主任."""
    ballots = [yes_for("chair", "c01")] * 3 + [VOID] * voids + [ballot()] * (3 - voids)
    return record(
        "villagers_committee",
        [post("chair", 1), post("vice_chair", 1), post("member", 3)],
        committee_people(),
        [round_({"registered": 10}, ballots=ballots)],
        rules,
    )


def test_voted_counts_invalid_ballots_by_default() -> None:
    result = result_of(per_ballot(2))
    assert check(result, "turnout")["actual"] == 6
    assert post_of(result, "chair")["threshold"] == 4
    assert post_of(result, "chair")["elected"] == []


def test_voted_without_invalid_ballots() -> None:
    """⚙ voted_counts_invalid = false: the core leaves out the ballots declared void.

    RULES.md does not say whether other wholly invalid ballots leave `voted` too; with
    hand-counted totals only `ballots_void` is known, and the core uses that alone.
    """
    result = result_of(per_ballot(2, {"voted_counts_invalid": False}))
    t = check(result, "turnout")
    assert (t["ok"], t["actual"], t["required"]) == (False, 4, 6)
    result = result_of(per_ballot(0, {"voted_counts_invalid": False}))
    assert check(result, "turnout")["actual"] == 6
    # with totals: ballots_void
    doc = village(TOTALS, returned=600, rules={"voted_counts_invalid": False}, ballots_void=100)
    doc["rounds"][0]["totals"] = {p: {"invalid": 100, **t} for p, t in TOTALS.items()}
    result = result_of(doc)
    assert check(result, "turnout")["actual"] == 500
    assert not check(result, "turnout")["ok"]


@pytest.mark.parametrize(("returned", "ok"), [(39, False), (40, True), (41, True)])
def test_turnout_ratio_two_thirds_is_inclusive(returned: int, ok: bool) -> None:
    """⚙ turnout_ratio 2/3 is the 居民代表 rule 三分之二以上: 3·voted ≥ 2·registered."""
    rules = {"turnout_ratio": "2/3", "electorate_mode": "representatives", "equal_allowed": True}
    doc = village(
        {p: {} for p in TOTALS},
        returned=returned,
        registered=60,
        rules=rules,
        body="residents_committee",
    )
    result = result_of(doc)
    t = check(result, "turnout")
    assert (t["ok"], t["actual"], t["required"]) == (ok, returned, 40)
    if ok:
        assert t["text"] == f"参加投票{returned}人，达到居民代表60人的三分之二以上，选举有效"
    else:
        assert t["text"] == "参加投票39人，不足居民代表60人的三分之二（至少需40人），选举无效"
    assert result["rounds"][0]["status"] == ("counted" if ok else "not_valid")


@pytest.mark.parametrize(("returned", "ok"), [(29, False), (30, False), (31, True)])
def test_turnout_of_one_half_stays_strict(returned: int, ok: bool) -> None:
    """过半数 excludes the half itself (RULES.md, words of the law)."""
    doc = village({p: {} for p in TOTALS}, returned=returned, registered=60)
    t = check(result_of(doc), "turnout")
    assert (t["ok"], t["required"]) == (ok, 31)
    assert ("超过" if ok else "未超过") + "登记选民60人的半数" in t["text"]


@pytest.mark.parametrize(
    ("mode", "roll"),
    [("voters", "登记选民"), ("households", "登记户"), ("representatives", "居民代表")],
)
def test_residents_committee_electorate_modes(mode: str, roll: str) -> None:
    """⚙ electorate_mode: 登记选民 / 户代表 / 居民代表 — `registered` is that roll."""
    doc = village(
        TOTALS, returned=600, body="residents_committee", members=3, rules={"electorate_mode": mode}
    )
    assert parse_record(doc).rules.electorate_mode == mode
    result = result_of(doc)
    unit = "户" if mode == "households" else "人"  # 户代表 mode counts households
    assert check(result, "turnout")["text"].startswith(
        f"参加投票600{unit}，超过{roll}1000{unit}的半数"
    )
    assert result["outcome"]["elected"]["chair"] == ["c01"]


def test_supplementary_turnout_check_can_be_switched_off() -> None:
    """⚙ supplementary_turnout_check: the >½ turnout applies to 另行选举 too (by default)."""
    first = {
        "chair": yes(c01=400),
        "vice_chair": yes(c03=400),
        "member": yes(c05=400, c06=400, c07=300, c08=200),
    }
    second = round_(
        {"registered": 1000},
        totals={"member": yes(c07=200)},
        returned=400,
        rid="r2",
        kind="supplementary",
        contests={"member": {"seats": 1, "candidates": ["c07", "c08"]}},
    )
    result = result_of(village(first, returned=600, rounds=[second]))
    assert result["rounds"][1]["status"] == "not_valid"
    doc = village(
        first, returned=600, rounds=[second], rules={"supplementary_turnout_check": False}
    )
    result = result_of(doc)
    assert result["rounds"][1]["status"] == "counted"
    assert [c["code"] for c in result["rounds"][1]["checks"]].count("turnout") == 0
    assert elected(result, "member") == {"c05", "c06", "c07"}
