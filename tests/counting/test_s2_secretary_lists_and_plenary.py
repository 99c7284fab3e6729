"""RULES.md §2 — the 书记 另行选举 list holds elected 委员 only (else the organiser names
it), and the plenary's write-ins may name any elected 委员 (`election.committee`)."""

from __future__ import annotations

from recordkit import (
    NAMES,
    ballot,
    candidate,
    check,
    elected,
    party_attendance,
    plain_key,
    post,
    post_of,
    problems_of,
    record,
    result_of,
    round_,
)
from test_s2_secretary_modes import MEMBERS, direct, not_a_member_wins_secretary, sheet

from counting import count, parse_record
from counting.explain import explain


def test_a_non_member_who_won_the_secretary_vote_is_not_proposed_again() -> None:
    # 杨磊 (c06) has most 书记 votes but is not elected 委员; 王建国 (c01) is, with 4 votes.
    result = result_of(not_a_member_wins_secretary())
    nxt = result["outcome"]["next_round"]["posts"]["secretary"]
    assert nxt == {"seats": 1, "candidates": ["c01"]}  # today: c06 and c01, forever


def only_a_non_member_gets_secretary_votes() -> dict:
    # 杨磊 (c06) gets every 书记 vote but no 委员 vote (the member-mark rule is off here).
    ballots = [sheet("c06", MEMBERS)] * 6 + [ballot({"member": dict.fromkeys(MEMBERS, "yes")})] * 4
    return direct(ballots, {"secretary_requires_member_mark": False})


def test_no_elected_member_with_votes_asks_for_a_nomination() -> None:
    doc = only_a_non_member_gets_secretary_votes()
    result = result_of(doc)
    assert elected(result, "member") == set(MEMBERS)
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary"
    assert nxt["posts"]["secretary"] == {"seats": 1, "candidates": [], "needs_nomination": True}
    rec = parse_record(doc)
    text = explain(rec, count(rec, plain_key))
    assert "书记1名，须由组织者提名候选人（已当选委员中无人获得该职位选票）" in text


def test_the_round_with_the_organisers_nominees_is_counted_without_a_list_failure() -> None:
    doc = only_a_non_member_gets_secretary_votes()
    doc["rounds"].append(round_(
        party_attendance(10), rid="r2", kind="supplementary",
        contests={"secretary": {"seats": 1, "candidates": ["c02", "c03"]}},
        ballots=[ballot({"secretary": {"c02": "yes"}})] * 7 + [ballot()] * 3,
    ))
    result = result_of(doc)
    assert elected(result, "secretary") == {"c02"}
    assert result["outcome"]["status"] == "complete"
    assert all(c["code"] != "supplementary_list" for c in result["rounds"][1]["checks"])


def committee_plenary(ballots: list[dict], committee: list | None = None) -> dict:
    """The plenary of a 5-member committee: 书记 c01 (王建国) 等额; 3 members not standing."""
    members = committee if committee is not None else [
        "c01", {"name": NAMES[2]}, {"name": NAMES[3], "gender": "F"}, {"name": NAMES[4]},
        {"name": NAMES[10]},
    ]
    doc = record(
        "party_plenary",
        [post("secretary", 1)],
        [candidate("c01", NAMES[0], ["secretary"])],
        [round_(party_attendance(len(ballots), 5), ballots=ballots)],
    )
    doc["election"]["committee"] = members
    return doc


def test_a_write_in_of_an_elected_member_counts() -> None:
    ballots = [ballot({}, {"secretary": [(NAMES[10], "yes")]})] * 3
    ballots += [ballot({"secretary": {"c01": "yes"}})] * 2
    result = result_of(committee_plenary(ballots))
    p = post_of(result, "secretary")
    written = next(r for r in p["tally"] if r["name"] == NAMES[10])
    assert (written["yes"], written["write_in"], written["status"]) == (3, True, "elected")
    assert result["outcome"]["elected"]["secretary"] == [{"name": NAMES[10], "write_in": True}]


def test_any_other_write_in_counts_for_nobody_and_is_named() -> None:
    ballots = [ballot({}, {"secretary": [("方小红", "yes")]})] * 3
    ballots += [ballot({"secretary": {"c01": "yes"}})] * 2
    doc = committee_plenary(ballots)
    result = result_of(doc)
    p = post_of(result, "secretary")
    assert all(r["name"] != "方小红" for r in p["tally"])
    assert p["write_ins_for_nobody"] == [{
        "name": "方小红", "count": 3, "reason": "not_committee_member",
        "text": "另选书记“方小红”3票无效：不是新当选的委员",
    }]
    rec = parse_record(doc)
    assert "另选书记“方小红”3票无效：不是新当选的委员" in explain(rec, count(rec, plain_key))


def test_a_plenary_candidate_must_be_in_the_committee() -> None:
    doc = committee_plenary([ballot()], committee=[{"name": NAMES[2]}])
    ((pointer, zh, _en),) = problems_of(doc)
    assert pointer == "/candidates/0" and "不是新当选的委员" in zh


def test_only_a_plenary_lists_the_committee() -> None:
    doc = record("party_branch", [post("member", 3)],
                 [candidate(f"c0{i}", NAMES[i], ["member"]) for i in range(1, 5)],
                 [round_(party_attendance(3), ballots=[ballot()] * 3)])
    doc["election"]["committee"] = [{"name": NAMES[1]}]
    ((pointer, _zh, _en),) = problems_of(doc)
    assert pointer == "/election/committee"


def test_a_committee_member_named_twice_is_refused() -> None:
    doc = committee_plenary([ballot()], committee=["c01", {"name": NAMES[2]}, {"name": NAMES[2]}])
    ((pointer, _zh, _en),) = problems_of(doc)
    assert pointer == "/election/committee/2"


def test_the_quorum_of_the_plenary_is_unchanged() -> None:
    result = result_of(committee_plenary([ballot({"secretary": {"c01": "yes"}})] * 5))
    assert check(result, "quorum")["ok"] and elected(result, "secretary") == {"c01"}


def test_the_secretary_waits_until_the_members_are_complete() -> None:
    """书记 comes from the elected 委员: while 委员 seats are open, its seat waits."""
    cands = [candidate(f"c0{i}", NAMES[i - 1], ["secretary", "member"] if i <= 2 else ["member"])
             for i in range(1, 8)]
    first = round_(party_attendance(10), totals={
        "secretary": {"yes": {"c01": 4, "c02": 3}},
        "member": {"yes": {"c01": 10, "c02": 10, "c03": 10, "c04": 10, "c05": 4, "c06": 3}},
    }, returned=10)
    doc = record("party_branch", [post("secretary", 1), post("member", 5)], cands, [first],
                 {"secretary_mode": "direct"})
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary" and list(nxt["posts"]) == ["member"]
    doc["rounds"].append(round_(
        party_attendance(10), rid="r2", kind="supplementary",
        contests={"member": nxt["posts"]["member"]},
        totals={"member": {"yes": {"c05": 8}}}, returned=10,
    ))
    result = result_of(doc)
    assert elected(result, "member") == {"c01", "c02", "c03", "c04", "c05"}
    nxt = result["outcome"]["next_round"]
    # now the 书记 round: elected 委员 with 书记 votes in the first round, by votes
    assert list(nxt["posts"]) == ["secretary"]
    assert nxt["posts"]["secretary"]["candidates"] == ["c02", "c01"]  # in name order
