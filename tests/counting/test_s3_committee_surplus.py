"""RULES.md §3 — 差额 of 村/居 lists: 主任 +1, 副主任 +1, 委员 +1..+3; 等额 only where allowed."""

from __future__ import annotations

import pytest
from recordkit import problems_of
from villagekit import committee_people, village

from counting import candidate_checks, parse_record


def surplus(
    chair: int, vice: int, member: int, rules: dict | None = None, body: str = "villagers_committee"
) -> dict[str, bool]:
    doc = village(
        {}, returned=600, people=committee_people((), chair, vice, member), rules=rules, body=body
    )
    doc["rounds"][0]["totals"] = {p: {} for p in ("chair", "vice_chair", "member")}
    return {c.post or "": c.ok for c in candidate_checks(parse_record(doc)) if c.code == "surplus"}


@pytest.mark.parametrize(
    ("chair", "vice", "member", "ok"),
    [
        (2, 2, 4, {"chair": True, "vice_chair": True, "member": True}),
        (2, 2, 6, {"chair": True, "vice_chair": True, "member": True}),
        (1, 3, 3, {"chair": False, "vice_chair": False, "member": False}),
        (3, 2, 7, {"chair": False, "vice_chair": True, "member": False}),
    ],
)
def test_post_surplus_defaults(chair: int, vice: int, member: int, ok: dict[str, bool]) -> None:
    assert surplus(chair, vice, member) == ok  # 委员 3 seats


def test_post_surplus_setting() -> None:
    rules = {"post_surplus": {"member": [2, 4]}}
    assert surplus(2, 2, 4, rules)["member"] is False
    assert surplus(2, 2, 7, rules)["member"] is True
    assert (
        problems_of(village({}, returned=1, rules={"post_surplus": {"member": [3, 1]}}))[0][0]
        == "/election/rules/post_surplus"
    )


def test_equal_lists_only_where_allowed() -> None:
    body = "residents_committee"
    assert surplus(1, 1, 3, body=body) == {"chair": False, "vice_chair": False, "member": False}
    assert surplus(1, 1, 3, {"equal_allowed": True}, body) == dict.fromkeys(
        ("chair", "vice_chair", "member"), True
    )
    # 村民委员会组织法: village lists must always have more candidates than seats
    (pointer, zh, _) = problems_of(village({}, returned=1, rules={"equal_allowed": True}))[0]
    assert pointer == "/election/rules/equal_allowed" and "差额" in zh
