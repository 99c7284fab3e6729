"""RULES.md §3 — the committee's size: 主任, 副主任 and 委员 together 3–7 (村), 5–9 (居).

A set-up check like 差额: `jipiao count` reports it and counts anyway; the service gives out
no ballots while it fails.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from recordkit import SAMPLES, result_of
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


def test_party_bodies_have_no_such_check() -> None:
    doc = json.loads((SAMPLES / "party_basic.record.json").read_text(encoding="utf-8"))
    assert size_checks(doc) == []
