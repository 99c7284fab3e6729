"""RULES.md §2 — 应到, the quorum of a members' meeting (超过五分之四), the plenary quorum."""

from __future__ import annotations

import pytest
from recordkit import candidates, check, party_attendance, post, record, result_of, round_, yes_for

from counting import parse_record, round_gates
from counting.gates import least_over


def party(
    present: int,
    entitled: int,
    excluded: object = 0,
    rules: dict | None = None,
    body: str = "party_branch",
) -> dict:
    ballots = [yes_for("member", "c01", "c02", "c03")] * min(present, 3)
    return record(
        body,
        [post("member", 3)],
        candidates(4, ["member"]),
        [round_(party_attendance(present, entitled, excluded), ballots=ballots, issued=present)],
        rules,
    )


def quorum(doc: dict) -> dict:
    return check(result_of(doc), "quorum")


@pytest.mark.parametrize(
    ("expected", "strict", "permissive"), [(60, 49, 48), (223, 179, 179), (50, 41, 40), (5, 5, 4)]
)
def test_least_present_for_quorum(expected: int, strict: int, permissive: int) -> None:
    """应到 60 → at least 49 present (48 permissive); 应到 223 → 179."""
    assert least_over(expected, (4, 5)) == strict
    assert least_over(expected, (4, 5), allow_equal=True) == permissive
    # the rule itself, in integers: 5·present > 4·expected (or ≥)
    assert 5 * strict > 4 * expected >= 5 * (strict - 1)
    assert 5 * permissive >= 4 * expected > 5 * (permissive - 1)


@pytest.mark.parametrize(("present", "ok"), [(48, False), (49, True), (60, True), (3, False)])
def test_quorum_of_60_is_49(present: int, ok: bool) -> None:
    q = quorum(party(present, 60))
    assert (q["ok"], q["actual"], q["required"]) == (ok, present, 49)


def test_quorum_of_223_is_179() -> None:
    assert (quorum(party(178, 223))["ok"], quorum(party(179, 223))["ok"]) == (False, True)
    assert quorum(party(179, 223))["required"] == 179


def test_exactly_four_fifths_passes_only_when_allowed() -> None:
    assert quorum(party(48, 60))["ok"] is False
    q = quorum(party(48, 60, rules={"quorum_allow_equal": True}))
    assert (q["ok"], q["required"]) == (True, 48)
    assert quorum(party(47, 60, rules={"quorum_allow_equal": True}))["ok"] is False


def test_expected_is_entitled_minus_approved_exclusions() -> None:
    # 62 entitled, 2 excluded → 应到 60 → 49 needed; 49 present is enough, 48 is not.
    assert quorum(party(49, 62, 2))["required"] == 49
    listed = [{"count": 1, "reason": "自费出国半年以上"}, {"count": 1, "reason": "长期卧床"}]
    assert quorum(party(49, 62, listed))["ok"] is True
    assert quorum(party(48, 62, listed))["ok"] is False
    # without the exclusions the 应到 is 62: 50 needed
    assert quorum(party(49, 62))["ok"] is False


def test_quorum_text_reads_out_the_numbers() -> None:
    doc = party(55, 62, 2)
    text = quorum(doc)["text"]
    assert text.startswith("有选举权的实到55人，超过应到60人的五分之四")
    failed = quorum(party(48, 60))["text"]
    assert "实到48人" in failed and "应到60人" in failed and "49" in failed and "无效" in failed


def test_failed_quorum_counts_nothing() -> None:
    result = result_of(party(48, 60))
    rnd = result["rounds"][0]
    assert rnd["status"] == "not_valid"
    assert rnd["posts"] == {}
    assert result["outcome"]["status"] == "not_valid"
    assert result["outcome"]["elected"] == {"member": []}
    assert result["outcome"]["next_round"] is None


def test_round_gates_before_ballots_go_out() -> None:
    doc = party(49, 60)
    (gate,) = round_gates(parse_record(doc), "r1")
    assert (gate.code, gate.ok, gate.actual, gate.required) == ("quorum", True, 49, 49)
    (gate,) = round_gates(parse_record(party(48, 60)), "r1")
    assert not gate.ok


@pytest.mark.parametrize(
    ("rules", "present", "ok"),
    [
        ({}, 8, True),  # 4/5 of 9: 5·8 = 40 > 36
        ({}, 7, False),  # 35 ≤ 36
        ({"plenary_quorum": "2/3"}, 7, True),  # 3·7 = 21 > 18
        ({"plenary_quorum": "2/3"}, 6, False),  # exactly 2/3 fails
        ({"plenary_quorum": "2/3", "quorum_allow_equal": True}, 6, True),
    ],
)
def test_plenary_quorum(rules: dict, present: int, ok: bool) -> None:
    """⚙ plenary_quorum: 4/5 (default) or 2/3 of the new committee."""
    doc = record(
        "party_plenary",
        [post("secretary", 1)],
        candidates(1, ["secretary"]),
        [round_(party_attendance(present, 9), ballots=[yes_for("secretary", "c01")] * present)],
        rules,
    )
    assert quorum(doc)["ok"] is ok


def test_members_who_cannot_vote_are_not_in_expected_or_present() -> None:
    """预备党员 and the like are simply not in `entitled`/`present`: present > 应到 is refused."""
    from recordkit import problems_of

    doc = party(61, 60)
    assert problems_of(doc)[0][0] == "/rounds/0/attendance/present"


def test_a_meeting_without_quorum_can_be_convened_again() -> None:
    failed = party(48, 60)["rounds"][0]
    again = party(55, 60)["rounds"][0] | {"id": "r2"}
    doc = party(48, 60)
    doc["rounds"] = [failed, again]
    result = result_of(doc)
    assert [r["status"] for r in result["rounds"]] == ["not_valid", "counted"]
    assert result["rounds"][1]["posts"]["member"]["threshold"] == 28
    assert result["outcome"]["status"] == "needs_round"  # 3 votes of 55: nobody elected yet
    assert result["outcome"]["next_round"]["kind"] == "supplementary"
