"""RULES.md §3 — the committee's size: 主任, 副主任 and 委员 together 3–7 (村), 5–9 (居);
RULES.md §2 — a party committee's 委员 by `unit_kind`: 支部 3–5, 总支 5–7, 基层委员会 5–9 (≤ 11).

A set-up check like 差额: `jipiao count` reports it and counts anyway; the service gives out
no ballots while it fails.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from recordkit import (
    SAMPLES,
    candidates,
    party_attendance,
    post,
    record,
    result_of,
    round_,
)
from villagekit import committee_people, village

from counting import candidate_checks, parse_record


def committee(body: str, members: int) -> dict[str, Any]:
    doc = village({}, returned=600, members=members, body=body,
                  people=committee_people((), 2, 2, members + 1))
    doc["rounds"][0]["totals"] = {p: {} for p in ("chair", "vice_chair", "member")}
    return doc


def size_checks(doc: dict[str, Any]) -> list[tuple[bool, int, int]]:
    return [(c.ok, c.actual, c.required) for c in candidate_checks(parse_record(doc))
            if c.code == "committee_size"]


@pytest.mark.parametrize(("body", "members", "expected"), [
    ("villagers_committee", 1, (True, 3, 3)),
    ("villagers_committee", 5, (True, 7, 3)),
    ("villagers_committee", 6, (False, 8, 7)),
    ("residents_committee", 2, (False, 4, 5)),
    ("residents_committee", 3, (True, 5, 5)),
    ("residents_committee", 7, (True, 9, 5)),
    ("residents_committee", 8, (False, 10, 9)),
])
def test_committee_size_counts_every_post(body: str, members: int,
                                          expected: tuple[bool, int, int]) -> None:
    assert size_checks(committee(body, members)) == [expected]  # 主任 1 + 副主任 1 + 委员


def test_the_check_reads_out_the_lawful_size() -> None:
    (check,) = [c for c in candidate_checks(parse_record(committee("residents_committee", 2)))
                if c.code == "committee_size"]
    assert check.text == "居民委员会由主任、副主任和委员共5至9人组成，本次共应选4名，不符合规定"


def test_a_wrong_size_is_reported_and_the_ballots_still_counted() -> None:
    result = result_of(committee("villagers_committee", 6))
    first = result["rounds"][0]
    assert first["status"] == "counted"
    assert [c["ok"] for c in first["checks"] if c["code"] == "committee_size"] == [False]


def party(seats: int, unit_kind: str | None = None, body: str = "party_branch") -> dict[str, Any]:
    rules = {} if unit_kind is None else {"unit_kind": unit_kind}
    return record(body, [post("member", seats)], candidates(seats + 2, ["member"]),
                  [round_(party_attendance(10), ballots=[])], rules)


@pytest.mark.parametrize(("unit_kind", "seats", "expected"), [
    (None, 2, (False, 2, 3)),  # 支部委员会 3–5 (the default unit)
    (None, 3, (True, 3, 3)),
    (None, 5, (True, 5, 3)),
    (None, 6, (False, 6, 5)),
    ("general_branch", 4, (False, 4, 5)),
    ("general_branch", 5, (True, 5, 5)),
    ("general_branch", 7, (True, 7, 5)),
    ("general_branch", 8, (False, 8, 7)),
    ("committee", 4, (False, 4, 5)),
    ("committee", 9, (True, 9, 5)),
    ("committee", 11, (True, 11, 5)),  # 一般5至9人，最多不超过11人
    ("committee", 12, (False, 12, 11)),
])
def test_party_committee_size_follows_the_unit_kind(
    unit_kind: str | None, seats: int, expected: tuple[bool, int, int]
) -> None:
    assert size_checks(party(seats, unit_kind)) == [expected]


def test_the_party_check_reads_out_the_lawful_size() -> None:
    (check,) = [c for c in candidate_checks(parse_record(party(6)))
                if c.code == "committee_size"]
    assert check.text == "支部委员会由3至5人组成，本次应选委员6名，不符合规定"
    (check,) = [c for c in candidate_checks(parse_record(party(10, "committee")))
                if c.code == "committee_size"]
    assert check.text == "基层委员会由一般5至9人、最多不超过11人组成，本次应选委员10名，符合规定"


def test_only_the_member_seats_make_the_committee() -> None:
    doc = record("party_branch", [post("secretary", 1), post("member", 5)],
                 candidates(2, ["secretary", "member"]) + candidates(4, ["member"], start=3),
                 [round_(party_attendance(10), ballots=[])], {"secretary_mode": "direct"})
    assert size_checks(doc) == [(True, 5, 3)]


def test_the_plenary_has_no_size_check() -> None:
    doc = record("party_plenary", [post("secretary", 1)], candidates(1, ["secretary"]),
                 [round_(party_attendance(5), ballots=[])])
    assert size_checks(doc) == []


def test_the_sample_branch_of_five_passes() -> None:
    doc = json.loads((SAMPLES / "party_basic.record.json").read_text(encoding="utf-8"))
    assert size_checks(doc) == [(True, 5, 3)]


@pytest.mark.parametrize("seats", [1, 2, 12])
def test_delegates_are_not_a_committee(seats: int) -> None:
    # 出席上级党代会代表 (a second ballot of the same 党员大会): their number is set by the
    # higher committee, so no committee-size check; a committee ballot still has one.
    doc = party(seats)
    doc["election"]["rules"] = {"elects": "delegates"}
    assert size_checks(doc) == []
    assert size_checks(party(seats)) != []
