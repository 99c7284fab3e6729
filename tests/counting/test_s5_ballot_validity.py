"""RULES.md §5 — marks, write-ins, over-votes (per section, per sheet), void ballots."""

from __future__ import annotations

import pytest
from recordkit import (
    NAMES,
    VOID,
    ballot,
    candidates,
    party_attendance,
    post,
    post_of,
    problems_of,
    record,
    result_of,
    round_,
)

from counting import BallotVerdict, RecordError, judge_ballot, parse_record

WANG = NAMES[0]  # c01's name


def party(
    ballots: list[dict],
    seats: int = 2,
    rules: dict | None = None,
    body: str = "party_branch",
    **extra: object,
) -> dict:
    """委员 `seats` of c01..c04; one member per ballot present."""
    return record(
        body,
        [post("member", seats)],
        candidates(4, ["member"]),
        [round_(party_attendance(max(len(ballots), 1)), ballots=ballots)],
        rules,
        **extra,
    )


def two_posts(ballots: list[dict], rules: dict | None = None) -> dict:
    """A 村 sheet: 主任 1 (c01, c02), 委员 2 (c03..c05)."""
    cands = candidates(2, ["chair"]) + candidates(3, ["member"], start=3)
    return record(
        "villagers_committee",
        [post("chair", 1), post("member", 2)],
        cands,
        [round_({"registered": max(len(ballots), 1)}, ballots=ballots)],
        rules,
    )


def rows(doc: dict, post_id: str = "member") -> dict[str, dict]:
    p = post_of(result_of(doc), post_id)
    return {r["name"] if r.get("write_in") else r["id"]: r for r in p["tally"]}


def verdict(doc: dict, b: dict) -> BallotVerdict:
    return judge_ballot(parse_record(doc), "r1", b)


def test_marks_yes_no_abstain_unreadable() -> None:
    b = ballot({"member": {"c01": "yes", "c02": "no", "c03": "abstain", "c04": "unreadable"}})
    r = rows(party([b, ballot({"member": {"c02": "yes"}})]))
    assert [
        (r[c]["yes"], r[c]["no"], r[c]["abstain"], r[c]["unreadable"])
        for c in ("c01", "c02", "c03", "c04")
    ] == [(1, 0, 1, 0), (1, 1, 0, 0), (0, 0, 2, 0), (0, 0, 1, 1)]


def test_unreadable_voids_that_mark_only() -> None:
    b = ballot({"member": {"c01": "unreadable", "c02": "yes", "c03": "yes"}})
    v = verdict(party([b]), b)
    assert v.valid  # two YES for two seats: the unreadable mark is not a YES
    assert rows(party([b]))["c02"]["yes"] == 1


def test_a_fully_blank_sheet_is_valid_all_abstain() -> None:
    doc = party([ballot(), ballot({"member": {}})])
    assert verdict(doc, ballot()).valid
    p = post_of(result_of(doc), "member")
    assert (p["sections_valid"], p["sections_invalid"]) == (2, 0)
    assert all(r["abstain"] == 2 for r in p["tally"])


@pytest.mark.parametrize(
    ("marks", "valid"),
    [
        ({"c01": "yes", "c02": "yes"}, True),
        ({"c01": "yes", "c02": "yes", "c03": "yes"}, False),
        ({"c01": "yes", "c02": "yes", "c03": "no", "c04": "abstain"}, True),  # NO never counts
        ({"c01": "no", "c02": "no", "c03": "no", "c04": "no"}, True),
    ],
)
def test_overvote_per_section(marks: dict, valid: bool) -> None:
    b = ballot({"member": marks})
    v = verdict(party([b]), b)
    assert v.valid is valid
    if not valid:
        s = v.sections["member"]
        assert s.code == "overvote" and s.text and "2" in s.text


def test_write_in_yes_counts_toward_the_overvote() -> None:
    b = ballot({"member": {"c01": "yes", "c02": "yes"}}, {"member": [("方小红", "yes")]})
    assert not verdict(party([b]), b).valid
    b = ballot({"member": {"c01": "yes"}}, {"member": [("方小红", "yes"), ("田大勇", "no")]})
    assert verdict(party([b]), b).valid


def test_overvote_in_one_section_leaves_the_others() -> None:
    over = ballot({"chair": {"c01": "yes", "c02": "yes"}, "member": {"c03": "yes"}})
    doc = two_posts([over])
    v = verdict(doc, over)
    assert not v.valid and not v.sections["chair"].valid and v.sections["member"].valid
    result = result_of(doc)
    assert post_of(result, "chair")["sections_invalid"] == 1
    assert post_of(result, "member")["sections_valid"] == 1
    assert result["rounds"][0]["ballots"]["invalid"] == 0  # not wholly invalid


def test_overvote_scope_sheet_invalidates_the_whole_ballot() -> None:
    over = ballot({"chair": {"c01": "yes", "c02": "yes"}, "member": {"c03": "yes"}})
    doc = two_posts([over, ballot({"member": {"c03": "yes"}})], {"overvote_scope": "sheet"})
    v = verdict(doc, over)
    assert (v.sections["chair"].code, v.sections["member"].code) == ("overvote", "sheet_overvote")
    result = result_of(doc)
    assert post_of(result, "member")["sections_invalid"] == 1
    assert result["rounds"][0]["ballots"]["invalid"] == 1


def test_void_ballot() -> None:
    doc = two_posts([VOID, ballot({"chair": {"c01": "yes"}})])
    v = verdict(doc, VOID)
    assert v.void and not v.valid
    assert {s.code for s in v.sections.values()} == {"void"}
    result = result_of(doc)
    assert result["rounds"][0]["ballots"] == {
        "issued": 2,
        "returned": 2,
        "void": 1,
        "invalid": 1,
        "valid": 1,
    }
    assert post_of(result, "chair")["sections_invalid"] == 1


def test_write_in_with_mark_counts_and_can_win_by_name() -> None:
    wi = ballot({"member": {"c01": "yes"}}, {"member": [("方小红", "yes")]})
    result = result_of(party([wi] * 3))
    r = rows(party([wi] * 3))
    assert r["方小红"]["yes"] == 3 and r["方小红"]["write_in"] is True
    assert {"name": "方小红", "write_in": True} in result["outcome"]["elected"]["member"]


def test_write_in_marked_no_counts_for_nobody() -> None:
    wi = ballot({}, {"member": [("方小红", "no")]})
    assert "方小红" not in rows(party([wi]))


@pytest.mark.parametrize(
    ("body", "rules", "counts"),
    [
        ("party_branch", {}, False),  # default for party: invalid
        ("party_branch", {"writein_without_mark": "yes"}, True),
        ("villagers_committee", {}, True),  # default for 村/居: yes
        ("villagers_committee", {"writein_without_mark": "invalid"}, False),
    ],
)
def test_write_in_without_mark(body: str, rules: dict, counts: bool) -> None:
    wi = ballot({"member": {"c03": "yes"}}, {"member": [("方小红", "none")]})
    if body == "party_branch":
        doc = party([wi], rules=rules)
        doc["candidates"] = candidates(2, ["member"], start=3)
    else:
        doc = two_posts([wi], rules)
    r = rows(doc)
    assert ("方小红" in r) is counts
    assert r["c03"]["yes"] == 1  # the rest of the ballot stands
    # the unmarked write-in counts toward the over-vote only when it counts
    over = ballot({"member": {"c03": "yes", "c04": "yes"}}, {"member": [("方小红", "none")]})
    assert verdict(doc, over).valid is not counts


def test_write_in_of_a_printed_candidate_counts_once() -> None:
    one_seat = {"member": {"c01": "yes"}}
    both = ballot(one_seat, {"member": [(WANG, "yes")]})
    doc = party([both], seats=1)
    assert verdict(doc, both).valid  # the same choice twice is not an over-vote
    r = rows(doc)
    assert r["c01"]["yes"] == 1 and WANG not in r
    # written in over a NO or an abstention: one YES, the printed mark replaced
    over_no = ballot({"member": {"c01": "no"}}, {"member": [(WANG, "yes")]})
    r = rows(party([over_no, ballot()], seats=1))
    assert (r["c01"]["yes"], r["c01"]["no"], r["c01"]["abstain"]) == (1, 0, 1)
    # written in twice: still once
    twice = ballot({}, {"member": [(WANG, "yes"), (WANG, "yes")]})
    assert rows(party([twice], seats=2))["c01"]["yes"] == 1


def test_ineligible_write_in_counts_for_nobody() -> None:
    wi = ballot({"member": {"c01": "yes"}}, {"member": [("方小红", "yes")]})
    doc = party([wi] * 3, ineligible=[{"name": "方小红", "reason": "不是本支部正式党员"}])
    r = rows(doc)
    assert "方小红" not in r and r["c01"]["yes"] == 3
    # it still was a choice: with it the voter chose 3 for 2 seats
    over = ballot({"member": {"c01": "yes", "c02": "yes"}}, {"member": [("方小红", "yes")]})
    assert not verdict(doc, over).valid


def test_ineligible_list_entries_are_checked() -> None:
    doc = party([ballot()], ineligible=[{"reason": "无姓名"}])
    assert problems_of(doc)[0][0] == "/ineligible/0"


def test_judge_ballot_refuses_a_malformed_ballot() -> None:
    doc = party([ballot()])
    with pytest.raises(RecordError) as err:
        judge_ballot(parse_record(doc), "r1", {"marks": {"member": {"c09": "yes"}}})
    assert err.value.problems[0].pointer.endswith("/marks/member/c09")
    with pytest.raises(RecordError):
        judge_ballot(parse_record(doc), "r9", ballot())
