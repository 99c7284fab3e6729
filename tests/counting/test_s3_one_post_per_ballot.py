"""RULES.md §3 — one person, one post per ballot (⚙ same_person_multi_post).

村/居 (`highest_only`): a person marked YES (or written in) at several posts on one ballot
counts at the highest post only; the lower marks are set aside, also for the over-vote.
Party bodies (`all`) count every mark.
"""

from __future__ import annotations

from recordkit import ballot, candidate, check, elected, post, post_of, record, result_of, round_

PEOPLE = [
    candidate("c01", "王建国", ["chair", "member"]),
    candidate("c02", "李秀英", ["chair", "member"], "F"),
    candidate("c03", "张伟", ["member"]),
    candidate("c04", "刘芳", ["member"], "F"),
    candidate("c05", "陈静", ["member"]),
]


def village(ballots: list[dict], rules: dict | None = None, members: int = 2) -> dict:
    return record(
        "villagers_committee",
        [post("chair", 1), post("member", members)],
        PEOPLE,
        [round_({"registered": len(ballots)}, ballots=ballots)],
        rules,
    )


def both(cid: str, *others: str) -> dict:
    """YES for `cid` as 主任 and as 委员, plus `others` as 委员."""
    return ballot({"chair": {cid: "yes"}, "member": dict.fromkeys((cid, *others), "yes")})


def row(result: dict, post_id: str, cid: str) -> dict:
    return next(r for r in post_of(result, post_id)["tally"] if r.get("id") == cid)


def test_the_lower_mark_is_set_aside_separate_mode() -> None:
    result = result_of(village([both("c01", "c03")] * 3))
    assert row(result, "chair", "c01")["yes"] == 3
    member = row(result, "member", "c01")
    assert (member["yes"], member["abstain"]) == (0, 3)  # the 委员 mark counts at 主任 only
    assert row(result, "member", "c03")["yes"] == 3


def test_all_counts_every_mark() -> None:
    result = result_of(village([both("c01", "c03")] * 3, {"same_person_multi_post": "all"}))
    assert row(result, "member", "c01")["yes"] == 3


def test_set_aside_marks_do_not_make_an_over_vote() -> None:
    # 委员 2 seats: c01 (also 主任) + c03 + c05 would be 3; with c01 set aside it is 2.
    result = result_of(village([both("c01", "c03", "c05")] * 3))
    assert post_of(result, "member")["sections_invalid"] == 0
    assert elected(result, "member") == {"c03", "c05"}
    strict = result_of(village([both("c01", "c03", "c05")] * 3, {"same_person_multi_post": "all"}))
    assert post_of(strict, "member")["sections_invalid"] == 3


def test_cascade_no_longer_counts_one_voters_support_twice() -> None:
    # Cascade: 委员 votes = 委员 + 主任 votes. A voter marking c02 at both posts gave her one
    # vote, not two. 5 voters: 3 mark c01 主任 and c02 at both; 2 mark c02 主任 only.
    ballots = [ballot({"chair": {"c01": "yes"}, "member": {"c02": "yes", "c03": "yes"}})] * 3
    ballots += [ballot({"chair": {"c02": "yes"}, "member": {"c02": "yes", "c04": "yes"}})] * 2
    rules = {"multi_post_mode": "cascade"}
    result = result_of(village(ballots, rules))
    c02 = row(result, "member", "c02")
    assert (c02["yes"], c02["votes"]) == (3, 5)  # 3 as 委员 + 2 as 主任; her 2 委员 marks set aside
    assert c02["carried"] == {"chair": 2}
    doubled = result_of(village(ballots, rules | {"same_person_multi_post": "all"}))
    assert row(doubled, "member", "c02")["votes"] == 7  # today's double count


def test_a_write_in_at_a_lower_post_is_set_aside_too() -> None:
    b = ballot({}, {"chair": [("张伟", "yes")], "member": [("张伟", "yes")]})
    result = result_of(village([b, b]))
    written = next(r for r in post_of(result, "chair")["tally"] if r.get("id") == "c03")
    assert (written["yes"], written["write_in"]) == (2, True)  # written in as 主任
    assert row(result, "member", "c03")["yes"] == 0


def test_women_only_post_ranks_as_member_both_count() -> None:
    doc = record(
        "villagers_committee",
        [post("chair", 1), post("member", 1), post("women", 1, "妇女委员", role="member",
                                                   women_only=True)],
        [candidate("c01", "王建国", ["chair"]), candidate("c02", "李秀英", ["chair"]),
         candidate("c03", "刘芳", ["member", "women"], "F"), candidate("c04", "张伟", ["member"]),
         candidate("c05", "周敏", ["women"], "F"), candidate("c06", "黄丽", ["women"], "F")],
        [round_({"registered": 3}, ballots=[ballot({"chair": {"c01": "yes"},
                                                    "member": {"c03": "yes"},
                                                    "women": {"c03": "yes"}})] * 3)],
        {"women_seat_mode": "reserved_seat"},
    )
    result = result_of(doc)
    assert row(result, "member", "c03")["yes"] == 3 and row(result, "women", "c03")["yes"] == 3


def test_the_clerk_sees_the_same_verdict() -> None:
    from counting import judge_ballot, parse_record

    rec = parse_record(village([both("c01", "c03", "c05")]))
    verdict = judge_ballot(rec, "r1", both("c01", "c03", "c05"))
    assert verdict.valid and verdict.sections["member"].valid


def test_party_bodies_count_every_mark_by_default() -> None:
    from counting import parse_record

    doc = record("party_branch", [post("member", 3)], [candidate("c01", "王建国", ["member"])],
                 [round_({"entitled": 1, "present": 1}, ballots=[ballot()])])
    assert parse_record(doc).rules.same_person_multi_post == "all"
    assert check(result_of(doc), "quorum")["ok"]
