"""RULES.md §6 — ranking, boundary ties and tie-break rounds, unfilled seats, 另行选举 (party),
reduce_seats, and several rounds folded into one outcome."""

from __future__ import annotations

import pytest
from recordkit import (
    ballot,
    candidates,
    elected,
    name_of,
    party_attendance,
    plain_key,
    post,
    post_of,
    problems_of,
    record,
    result_of,
    round_,
    statuses,
)


def totals_round(
    votes: dict[str, dict[str, int]],
    present: int = 48,
    rid: str = "r1",
    kind: str = "regular",
    contests: dict | None = None,
    **extra: object,
) -> dict:
    return round_(
        party_attendance(present),
        totals={p: {"yes": v} for p, v in votes.items()},
        returned=present,
        rid=rid,
        kind=kind,
        contests=contests,
        **extra,
    )


def members(seats: int, n: int, *rounds: dict, rules: dict | None = None) -> dict:
    return record(
        "party_branch", [post("member", seats)], candidates(n, ["member"]), list(rounds), rules
    )


R1 = {"c01": 45, "c02": 44, "c03": 40, "c04": 30, "c05": 30, "c06": 30, "c07": 10}


def test_tie_across_the_cut_goes_to_a_tie_break_for_exactly_the_contested_seats() -> None:
    result = result_of(members(5, 7, totals_round({"member": R1})))
    p = post_of(result, "member")
    assert set(p["elected"]) == {"c01", "c02", "c03"}
    assert set(p["tie"]["candidates"]) == {"c04", "c05", "c06"} and p["tie"]["seats"] == 2
    assert p["unfilled"] == 0
    assert {k for k, v in statuses(p).items() if v == "tie"} == {"c04", "c05", "c06"}
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "tie_break"
    assert nxt["posts"]["member"]["seats"] == 2
    assert set(nxt["posts"]["member"]["candidates"]) == {"c04", "c05", "c06"}


@pytest.mark.parametrize(
    "votes",
    [
        {"c01": 45, "c02": 45, "c03": 40, "c04": 33, "c05": 30, "c06": 20, "c07": 20},  # below cut
        {"c01": 45, "c02": 44, "c03": 40, "c04": 33, "c05": 30, "c06": 10, "c07": 10},  # non-qual.
        {"c01": 45, "c02": 44, "c03": 40, "c04": 30, "c05": 30, "c06": 26, "c07": 25},  # qualified
    ],
)
def test_ties_that_do_not_cross_the_cut_do_not_matter(votes: dict[str, int]) -> None:
    result = result_of(members(5, 7, totals_round({"member": votes})))
    p = post_of(result, "member")
    assert p["tie"] is None and len(p["elected"]) == 5
    assert result["outcome"]["status"] == "complete"
    if votes["c06"] >= 25:
        assert statuses(p)["c06"] == statuses(p)["c07"] == "qualified"


def tie_break(
    votes: dict[str, int], candidates: list[str], seats: int = 1, rid: str = "r2", present: int = 48
) -> dict:
    return totals_round(
        {"member": votes},
        present=present,
        rid=rid,
        kind="tie_break",
        contests={"member": {"seats": seats, "candidates": candidates}},
    )


TIED = {"c01": 45, "c02": 44, "c03": 40, "c04": 33, "c05": 30, "c06": 30, "c07": 10}


def test_tie_break_most_votes_wins_even_below_half() -> None:
    """⚙ tiebreak_requires_majority = false: the tied already qualified."""
    doc = members(
        5, 7, totals_round({"member": TIED}), tie_break({"c05": 10, "c06": 8}, ["c05", "c06"])
    )
    result = result_of(doc)
    assert post_of(result, "member")["elected"] == ["c05"]
    assert elected(result, "member") == {"c01", "c02", "c03", "c04", "c05"}
    assert result["outcome"]["status"] == "complete"


def test_tie_break_requiring_a_majority() -> None:
    rules = {"tiebreak_requires_majority": True}
    doc = members(
        5,
        7,
        totals_round({"member": TIED}),
        tie_break({"c05": 24, "c06": 20}, ["c05", "c06"]),
        rules=rules,
    )
    result = result_of(doc)
    p = post_of(result, "member")
    assert p["threshold"] == 25 and p["elected"] == [] and p["unfilled"] == 1
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary"
    assert set(nxt["posts"]["member"]["candidates"]) == {"c05", "c06"}


def test_a_tie_again_goes_to_another_tie_break() -> None:
    doc = members(
        5, 7, totals_round({"member": TIED}), tie_break({"c05": 20, "c06": 20}, ["c05", "c06"])
    )
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "tie_break" and set(nxt["posts"]["member"]["candidates"]) == {
        "c05",
        "c06",
    }
    assert post_of(result, "member")["elected"] == []  # never by name order or by lot


def test_a_tie_break_with_no_votes_at_all_is_a_tie_again() -> None:
    doc = members(5, 7, totals_round({"member": TIED}), tie_break({}, ["c05", "c06"]))
    assert result_of(doc)["outcome"]["next_round"]["kind"] == "tie_break"


def test_a_later_round_without_quorum_is_held_again() -> None:
    r2 = tie_break({"c05": 20}, ["c05", "c06"], present=30)
    r2["attendance"]["entitled"] = 48  # 30 of 48 is not over four fifths: no quorum
    result = result_of(members(5, 7, totals_round({"member": TIED}), r2))
    assert result["rounds"][1]["status"] == "not_valid"
    assert elected(result, "member") == {"c01", "c02", "c03", "c04"}
    out = result["outcome"]
    assert out["status"] == "needs_round"
    assert out["next_round"]["kind"] == "repeat"
    assert set(out["next_round"]["posts"]["member"]["candidates"]) == {"c05", "c06"}


def test_tie_break_write_ins_for_others_count_for_nobody() -> None:
    r2 = round_(
        party_attendance(3),
        rid="r2",
        kind="tie_break",
        contests={"member": {"seats": 1, "candidates": ["c05", "c06"]}},
        ballots=[
            ballot({"member": {"c05": "yes"}}),
            ballot({}, {"member": [(name_of(7), "yes")]}),
            ballot({}, {"member": [(name_of(7), "yes")]}),
        ],
    )
    result = result_of(members(5, 7, totals_round({"member": TIED}), r2))
    p = post_of(result, "member")
    assert {r.get("id") for r in p["tally"]} == {"c05", "c06"}
    assert p["elected"] == ["c05"]


def test_tie_break_rounds_must_hold_exactly_the_tied() -> None:
    doc = members(5, 7, totals_round({"member": TIED}), tie_break({"c05": 3}, ["c05", "c07"]))
    assert problems_of(doc)[0][0] == "/rounds/1/posts/member/candidates"
    doc = members(5, 7, totals_round({"member": TIED}), tie_break({"c05": 3}, ["c05", "c06"], 2))
    assert problems_of(doc)[0][0] == "/rounds/1/posts/member/seats"
    wrong_kind = tie_break({"c05": 3}, ["c05", "c06"])
    wrong_kind["kind"] = "supplementary"
    assert problems_of(members(5, 7, totals_round({"member": TIED}), wrong_kind))[0][0] == (
        "/rounds/1/kind"
    )
    complete = members(
        1, 2, totals_round({"member": {"c01": 40}}), totals_round({"member": {"c01": 40}}, rid="r2")
    )
    assert problems_of(complete)[0][0] == "/rounds/1"
    first_not_regular = members(1, 2, tie_break({"c01": 1}, ["c01", "c02"], rid="r1"))
    assert problems_of(first_not_regular)[0][0] == "/rounds/0/kind"


@pytest.mark.parametrize(
    ("seats", "qualified", "listed"),
    [(1, 0, 2), (5, 0, 6), (6, 0, 8), (7, 1, 8), (5, 4, 2), (10, 0, 12)],
)
def test_party_supplementary_list_is_left_plus_a_fifth(
    seats: int, qualified: int, listed: int
) -> None:
    """left + ceil(left/5) of the not-elected, by votes (2 for 1 seat)."""
    n = seats + listed + 2
    votes = {f"c{i:02}": 900 - i for i in range(1, qualified + 1)}
    votes |= {f"c{i:02}": 100 - i for i in range(qualified + 1, n + 1)}
    result = result_of(members(seats, n, totals_round({"member": votes}, present=1000)))
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary"
    assert nxt["posts"]["member"]["seats"] == seats - qualified
    want = {f"c{i:02}" for i in range(qualified + 1, qualified + listed + 1)}
    assert set(nxt["posts"]["member"]["candidates"]) == want


def test_party_supplementary_list_includes_ties_at_the_cut() -> None:
    votes = {"c01": 60, "c02": 20, "c03": 20, "c04": 20, "c05": 10}
    result = result_of(members(2, 5, totals_round({"member": votes}, present=100)))
    assert set(result["outcome"]["next_round"]["posts"]["member"]["candidates"]) == {
        "c02",
        "c03",
        "c04",
    }
    rules = {"party_supplementary_candidates": 100}  # left + left
    votes = {"c01": 24, "c02": 23, "c03": 22, "c04": 21, "c05": 10}
    result = result_of(members(2, 5, totals_round({"member": votes}, present=100), rules=rules))
    assert len(result["outcome"]["next_round"]["posts"]["member"]["candidates"]) == 4


def test_party_supplementary_round_keeps_the_majority_threshold() -> None:
    """Party 另行选举: still 2·yes > present, no one-third rule."""
    votes = {"c01": 30, "c02": 30, "c03": 30, "c04": 30, "c05": 20, "c06": 16, "c07": 10}
    r2 = totals_round(
        {"member": {"c05": 24, "c06": 20}},
        rid="r2",
        kind="supplementary",
        contests={"member": {"seats": 1, "candidates": ["c05", "c06"]}},
    )
    result = result_of(members(5, 7, totals_round({"member": votes}), r2))
    p = post_of(result, "member")
    assert p["threshold"] == 25 and p["elected"] == []
    assert result["outcome"]["next_round"]["kind"] == "supplementary"  # party: no 暂缺 by rule


REDUCE = {"c01": 30, "c02": 30, "c03": 30, "c04": 30, "c05": 20, "c06": 16, "c07": 10}


def test_reduce_seats_decision_ends_the_election() -> None:
    decisions = {"reduce_seats": {"member": 4}, "decided_by": "党员大会表决"}
    result = result_of(members(5, 7, totals_round({"member": REDUCE}, decisions=decisions)))
    out = result["outcome"]
    assert out["status"] == "complete" and out["next_round"] is None
    assert out["reduced"] == {"member": {"from": 5, "to": 4}}
    assert elected(result, "member") == {"c01", "c02", "c03", "c04"}


def test_reduce_seats_is_refused_when_not_allowed_or_not_to_the_filled() -> None:
    decisions = {"reduce_seats": {"member": 4}}
    doc = members(
        5,
        7,
        totals_round({"member": REDUCE}, decisions=decisions),
        rules={"allow_reduce_seats": False},
    )
    ((pointer, zh, _),) = problems_of(doc)
    assert pointer == "/rounds/0/decisions/reduce_seats/member" and "allow_reduce_seats" in zh
    doc = members(5, 7, totals_round({"member": REDUCE}, decisions={"reduce_seats": {"member": 3}}))
    assert problems_of(doc)[0][0] == "/rounds/0/decisions/reduce_seats/member"


def test_tie_break_then_supplementary_folded_into_one_outcome() -> None:
    """Direct mode: 委员 tie at the cut and no 书记 elected → tie-break first, then 另行选举."""
    cands = candidates(7, ["member"])
    for c in cands[:2]:
        c["posts"] = ["secretary", "member"]
    r1 = totals_round({"secretary": {"c01": 24, "c02": 20}, "member": TIED})
    r2 = tie_break({"c05": 30, "c06": 18}, ["c05", "c06"])
    r3 = totals_round(
        {"secretary": {"c01": 30, "c02": 15}},
        rid="r3",
        kind="supplementary",
        contests={"secretary": {"seats": 1, "candidates": ["c01", "c02"]}},
    )
    doc = record(
        "party_branch",
        [post("secretary", 1), post("member", 5)],
        cands,
        [r1],
        {"secretary_mode": "direct"},
    )

    after1 = result_of(doc)["outcome"]
    assert after1["status"] == "needs_round"
    assert after1["next_round"]["kind"] == "tie_break"
    assert list(after1["next_round"]["posts"]) == ["member"]

    doc["rounds"].append(r2)
    after2 = result_of(doc)["outcome"]
    assert after2["next_round"] == {
        "kind": "supplementary",
        "posts": {
            "secretary": {
                "seats": 1,
                "candidates": after2["next_round"]["posts"]["secretary"]["candidates"],
            }
        },
    }
    assert set(after2["next_round"]["posts"]["secretary"]["candidates"]) == {"c01", "c02"}

    doc["rounds"].append(r3)
    result = result_of(doc)
    assert [r["kind"] for r in result["rounds"]] == ["regular", "tie_break", "supplementary"]
    out = result["outcome"]
    assert out["status"] == "complete" and out["next_round"] is None
    assert elected(result, "member") == {"c01", "c02", "c03", "c04", "c05"}
    assert elected(result, "secretary") == {"c01"}


def test_announced_in_name_order_not_by_votes() -> None:
    """§6.5: the elected are listed in 姓氏笔画 order (here: the test's name key)."""
    result = result_of(members(5, 7, totals_round({"member": R1 | {"c06": 20}})))
    names = {f"c{i:02}": name_of(i) for i in range(1, 8)}
    listed = result["outcome"]["elected"]["member"]
    assert listed == sorted(listed, key=lambda c: plain_key(names[c], None, True))
    tally = post_of(result, "member")["tally"]
    assert [r["yes"] for r in tally] == sorted((r["yes"] for r in tally), reverse=True)


def test_a_tie_break_loser_is_not_elected_never_qualified() -> None:
    """No threshold in a tie-break: the loser lost it ("过半未当选" would misread it)."""
    from counting import count, parse_record
    from counting.explain import explain

    doc = members(
        5, 7, totals_round({"member": TIED}), tie_break({"c05": 10, "c06": 8}, ["c05", "c06"])
    )
    assert statuses(post_of(result_of(doc), "member")) == {"c05": "elected", "c06": "not_elected"}
    rec = parse_record(doc)
    text = explain(rec, count(rec, plain_key))
    tie_break_table = text.split("重新投票（平票）")[1]
    assert "过半未当选" not in tie_break_table
