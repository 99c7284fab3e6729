"""RULES.md §3 — women members: `another_round_if_none` (村/居 default), `none`, `reserved_seat`."""

from __future__ import annotations

from recordkit import (
    ballot,
    candidate,
    check,
    elected,
    name_of,
    post,
    post_of,
    record,
    result_of,
    round_,
)
from villagekit import committee_people, village, yes

from counting import candidate_checks, judge_ballot, parse_record

FIRST = {"chair": yes(c01=400), "vice_chair": yes(c03=400)}
R1 = {"c05": 400, "c06": 400, "c07": 300, "c08": 290, "c09": 100}


def next_list(
    women: tuple[int, ...],
    rules: dict | None = None,
    body: str = "villagers_committee",
    member: dict[str, int] = R1,
) -> set[str]:
    doc = village(
        {**FIRST, "member": {"yes": member}},
        returned=600,
        people=committee_people(women),
        rules=rules,
        body=body,
    )
    return set(result_of(doc)["outcome"]["next_round"]["posts"]["member"]["candidates"])


def test_highest_voted_woman_joins_the_supplementary_list_when_no_woman_is_elected() -> None:
    assert next_list(()) == {"c07", "c08"}
    assert next_list((9,)) == {"c07", "c08", "c09"}
    assert next_list((9,), body="residents_committee") == {"c07", "c08", "c09"}


def test_no_addition_when_a_woman_is_elected_or_already_listed() -> None:
    assert next_list((1, 9)) == {"c07", "c08"}  # the 主任 is a woman
    assert next_list((8, 9)) == {"c07", "c08"}  # a woman is on the list by votes


def test_women_seat_mode_none() -> None:
    assert next_list((9,), {"women_seat_mode": "none"}) == {"c07", "c08"}


def test_party_bodies_default_to_none() -> None:
    from recordkit import candidates, party_attendance, yes_for

    votes = [yes_for("member", "c01")] * 3 + [yes_for("member", "c02")] * 2
    votes += [yes_for("member", "c03")] + [ballot()] * 4

    doc = record(
        "party_branch",
        [post("member", 1)],
        candidates(3, ["member"], women=(3,)),
        [round_(party_attendance(10), ballots=votes)],
    )
    assert parse_record(doc).rules.women_seat_mode == "none"
    nxt = result_of(doc)["outcome"]["next_round"]
    assert set(nxt["posts"]["member"]["candidates"]) == {"c01", "c02"}  # 1 + ceil(1/5): no woman


def reserved(ballots: list[dict], women_candidates: tuple[str, ...] = ("F", "F")) -> dict:
    """主任 1, 委员 2 and a 妇女委员 post (women only) with its own candidates."""
    people = [candidate("c01", name_of(1), ["chair"]), candidate("c02", name_of(2), ["chair"])]
    people += [candidate(f"c{i:02}", name_of(i), ["member"]) for i in (3, 4, 5)]
    people += [
        candidate(f"c{i:02}", name_of(i), ["women"], g)
        for i, g in zip((6, 7), women_candidates, strict=True)
    ]
    return record(
        "villagers_committee",
        [post("chair", 1), post("member", 2), post("women", 1, "妇女委员", women_only=True)],
        people,
        [round_({"registered": 10}, ballots=ballots)],
        {"women_seat_mode": "reserved_seat"},
    )


GOOD = ballot(
    {"chair": {"c01": "yes"}, "member": {"c03": "yes", "c04": "yes"}, "women": {"c06": "yes"}}
)


def test_reserved_seat_is_its_own_contest() -> None:
    over = ballot(
        {
            "chair": {"c01": "yes"},
            "member": {"c03": "yes", "c04": "yes"},
            "women": {"c06": "yes", "c07": "yes"},
        }
    )
    doc = reserved([GOOD] * 5 + [over])
    v = judge_ballot(parse_record(doc), "r1", over)
    assert not v.sections["women"].valid and v.sections["member"].valid
    result = result_of(doc)
    women = post_of(result, "women")
    assert (women["sections_valid"], women["sections_invalid"]) == (5, 1)
    assert women["threshold"] == post_of(result, "member")["threshold"] == 4
    assert elected(result, "women") == {"c06"}
    assert check(result, "surplus", post="women")["ok"]  # 2 for 1: its own 差额
    assert check(result, "women_only", post="women")["ok"]


def test_reserved_seat_refuses_a_man_and_needs_the_post() -> None:
    bad = [
        c
        for c in candidate_checks(parse_record(reserved([GOOD], ("F", "M"))))
        if c.code == "women_only"
    ]
    assert len(bad) == 1 and not bad[0].ok and name_of(7) in bad[0].text
    doc = village(
        {**FIRST, "member": yes(c05=400)}, returned=600, rules={"women_seat_mode": "reserved_seat"}
    )
    assert not check(result_of(doc), "women_seat")["ok"]
