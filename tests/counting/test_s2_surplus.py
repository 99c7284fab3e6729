"""RULES.md §2 — 差额 of a party list: candidates ≥ seats + ceil(seats/5); ratio shown."""

from __future__ import annotations

import pytest
from recordkit import candidates, check, party_attendance, post, record, result_of, round_, yes_for

from counting import candidate_checks as all_checks
from counting import parse_record
from counting.gates import Check, least_candidates


def candidate_checks(rec: object) -> list[Check]:
    """The 差额 checks only (the committee size has tests of its own)."""
    return [c for c in all_checks(rec) if c.code == "surplus"]  # type: ignore[arg-type]


def party_list(seats: int, n: int, rules: dict | None = None, pid: str = "member") -> dict:
    return record(
        "party_branch",
        [post(pid, seats)],
        candidates(n, [pid]),
        [round_(party_attendance(10), ballots=[yes_for(pid)] * 10)],
        rules,
    )


@pytest.mark.parametrize(("seats", "least"), [(1, 2), (3, 4), (5, 6), (7, 9), (9, 11), (53, 64)])
def test_least_candidates_for_members(seats: int, least: int) -> None:
    rec = parse_record(party_list(seats, least))
    assert least_candidates(rec, rec.posts[0]) == (least, None)
    (ok,) = candidate_checks(rec)
    assert (ok.code, ok.ok, ok.actual, ok.required) == ("surplus", True, least, least)
    (short,) = candidate_checks(parse_record(party_list(seats, least - 1)))
    assert not short.ok


def test_ratio_of_70_for_53_is_32_1_percent() -> None:
    (c,) = candidate_checks(parse_record(party_list(53, 70)))
    assert c.ok and "差额比例32.1%" in c.text
    (c,) = candidate_checks(parse_record(party_list(5, 6)))
    assert "差额比例20.0%" in c.text


def test_member_surplus_percent_is_a_setting() -> None:
    # 25 %: 5 seats need 5 + ceil(1.25) = 7
    assert not candidate_checks(parse_record(party_list(5, 6, {"member_surplus_percent": 25})))[
        0
    ].ok
    assert candidate_checks(parse_record(party_list(5, 7, {"member_surplus_percent": 25})))[0].ok
    # 0 %: still never less than one more
    assert not candidate_checks(parse_record(party_list(5, 5, {"member_surplus_percent": 0})))[0].ok


def test_secretary_may_be_equal() -> None:
    rec = parse_record(party_list(1, 1, {"secretary_mode": "direct"}, pid="secretary"))
    (c,) = candidate_checks(rec)
    assert c.ok and c.required == 1


def test_failed_surplus_is_reported_but_the_record_is_still_counted() -> None:
    result = result_of(party_list(5, 5))
    c = check(result, "surplus", post="member")
    assert (c["ok"], c["actual"], c["required"]) == (False, 5, 6)
    assert result["rounds"][0]["status"] == "counted"
