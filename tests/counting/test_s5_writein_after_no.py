"""RULES.md §5 — ⚙ writein_requires_no_mark: where the local rule says 投不赞成票者可以另选他人,
a write-in in a section without a NO mark counts for nobody; the rest of the ballot stands."""

from __future__ import annotations

import pytest
from recordkit import ballot, candidates, party_attendance, post, post_of, record, result_of, round_

from counting import judge_ballot, parse_record


def doc(ballots: list[dict], rules: dict | None = None) -> dict:
    return record("party_branch", [post("member", 3)], candidates(4, ["member"]),
                  [round_(party_attendance(len(ballots)), ballots=ballots)], rules)


WITH_NO = ballot({"member": {"c01": "yes", "c02": "no"}}, {"member": [("方小红", "yes")]})
WITHOUT_NO = ballot({"member": {"c01": "yes", "c02": "yes"}}, {"member": [("方小红", "yes")]})


def written(result: dict) -> int:
    rows = [r for r in post_of(result, "member")["tally"] if r["name"] == "方小红"]
    return rows[0]["yes"] if rows else 0


@pytest.mark.parametrize(("setting", "with_no", "without_no"), [(False, 2, 2), (True, 2, 0)])
def test_write_ins_need_a_no_mark_only_where_the_rule_says(
    setting: bool, with_no: int, without_no: int
) -> None:
    rules = {"writein_requires_no_mark": setting}
    assert written(result_of(doc([WITH_NO, WITH_NO], rules))) == with_no
    result = result_of(doc([WITHOUT_NO, WITHOUT_NO], rules))
    assert written(result) == without_no
    member = post_of(result, "member")
    assert member["sections_invalid"] == 0  # the rest of the ballot stands
    assert {r["id"]: r["yes"] for r in member["tally"] if "id" in r}["c02"] == 2
    if setting:
        assert member["write_ins_for_nobody"][0]["reason"] == "no_no_mark"


def test_a_refused_write_in_is_no_over_vote() -> None:
    over = ballot({"member": {"c01": "yes", "c02": "yes", "c03": "yes"}},
                  {"member": [("方小红", "yes")]})
    rec = parse_record(doc([over], {"writein_requires_no_mark": True}))
    assert judge_ballot(rec, "r1", over).valid
    rec = parse_record(doc([over]))
    assert not judge_ballot(rec, "r1", over).valid
