"""CAMPAIGN.md §1 — 两推: meeting validity, per-section limits, the combined score, the
threshold modes, 初步人选 with ties at the cut, the 书记-also-委员 rule, the 党委 list."""

from __future__ import annotations

from campaignkit import meeting, nominated, recommendation, row, totals_meeting

SECRETARY = {"id": "secretary", "name": "书记", "seats": 1}
MEMBERS3 = {"id": "member", "name": "委员", "seats": 3}


def two_meetings(reps: dict[str, dict[str, int]], members: dict[str, dict[str, int]],
                 returned: tuple[int, int] = (10, 10), **kw: dict[str, int]) -> list[dict]:
    return [
        totals_meeting("representatives", returned[0], reps, **kw),
        totals_meeting("members", returned[1], members, **kw),
    ]


# §1 — a meeting is valid when 2·present > expected


def test_a_meeting_with_exactly_half_present_is_not_valid() -> None:
    doc = recommendation([MEMBERS3], [
        meeting("representatives", 10, expected=20, present=10, totals={"member": {}}),
        meeting("members", 10, totals={"member": {}}),
    ])
    result = nominated(doc)
    reps = result["meetings"][0]
    assert reps["status"] == "not_valid"
    assert reps["checks"][0] == {**reps["checks"][0], "code": "quorum", "ok": False,
                                 "actual": 10, "required": 11}
    assert result["outcome"]["status"] == "not_valid"
    assert result["posts"] == {}


def test_a_meeting_with_one_more_than_half_is_valid() -> None:
    doc = recommendation([MEMBERS3], [
        meeting("representatives", 11, expected=20, present=11, totals={"member": {}}),
        meeting("members", 10, totals={"member": {}}),
    ])
    result = nominated(doc)
    assert result["meetings"][0]["status"] == "counted"
    assert result["meetings"][0]["checks"][0]["ok"] is True


def test_more_ballots_returned_than_present_voids_the_meeting() -> None:
    doc = recommendation([MEMBERS3], [
        meeting("representatives", 12, expected=20, present=11, totals={"member": {}}),
        meeting("members", 10, totals={"member": {}}),
    ])
    result = nominated(doc)
    assert result["meetings"][0]["status"] == "void"
    assert result["outcome"]["status"] == "not_valid"


# §1 — recommend_limit: 书记 1, 委员 seats + 1; an over-limit section is invalid


def test_default_limits_and_an_over_limit_section_is_invalid() -> None:
    ballots = [
        {"names": {"secretary": ["p01"], "member": ["p01", "p02", "p03", "p04"]}},  # 4 ≤ 3 + 1
        {"names": {"secretary": ["p01", "p02"], "member": ["p01", "p02", "p03", "p04", "p05"]}},
        {"names": {}},  # blank: valid, names nobody
        {"void": True},
    ]
    doc = recommendation([SECRETARY, MEMBERS3], [
        meeting("representatives", 4, ballots=ballots),
        meeting("members", 4, ballots=ballots),
    ])
    result = nominated(doc)
    posts = result["meetings"][0]["posts"]
    assert posts["secretary"] == {"limit": 1, "sections_valid": 2, "sections_invalid": 2}
    assert posts["member"] == {"limit": 4, "sections_valid": 2, "sections_invalid": 2}
    assert row(result, "member", "p01")["votes"] == {"representatives": 1, "members": 1}
    assert row(result, "secretary", "p01")["votes"] == {"representatives": 1, "members": 1}


def test_the_recommend_limit_can_be_set_per_post() -> None:
    member = {**MEMBERS3, "recommend_limit": 3}
    ballots = [{"names": {"member": ["p01", "p02", "p03", "p04"]}}]
    doc = recommendation([member], [
        meeting("representatives", 1, ballots=ballots),
        meeting("members", 1, ballots=ballots),
    ])
    assert nominated(doc)["meetings"][0]["posts"]["member"]["sections_invalid"] == 1


def test_per_ballot_entries_and_hand_counted_totals_give_the_same_result() -> None:
    ballots = [{"names": {"member": ["p01", "p02"]}}] * 6 + [{"names": {"member": ["p03"]}}] * 4
    by_ballot = recommendation([MEMBERS3], [
        meeting("representatives", 10, ballots=ballots),
        meeting("members", 10, ballots=ballots),
    ])
    by_totals = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 6, "p02": 6, "p03": 4}}, {"member": {"p01": 6, "p02": 6, "p03": 4}}))
    assert nominated(by_ballot) == nominated(by_totals)


# §1 — combined score with integer weights; nominee_threshold


def test_score_uses_the_integer_weights() -> None:
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 4}}, {"member": {"p01": 9}}),
        rules={"weights": {"representatives": 3, "members": 7}})
    assert row(nominated(doc), "member", "p01")["score"] == 3 * 4 + 7 * 9


def test_combined_half_exactly_half_fails_one_more_passes() -> None:
    # 3·10 + 7·10 = 100 ballots weighted: 2·score > 100 ⇔ score ≥ 51
    rules = {"weights": {"representatives": 3, "members": 7}}
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 10, "p02": 3}}, {"member": {"p01": 3, "p02": 6}}), rules=rules)
    result = nominated(doc)
    assert result["threshold"] == {"mode": "combined_half", "least_score": 51}
    assert row(result, "member", "p01")["score"] == 51
    assert row(result, "member", "p01")["over_threshold"] is True
    assert row(result, "member", "p02")["score"] == 51 - 0  # 9 + 42
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 10}}, {"member": {"p01": 2, "p02": 7}}), rules=rules)
    result = nominated(doc)
    assert row(result, "member", "p01")["score"] == 44
    assert row(result, "member", "p02")["score"] == 49
    assert row(result, "member", "p02")["out_reason"] == "below_threshold"
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 5}}, {"member": {"p01": 5}}))  # 10 of 20: exactly half
    assert row(nominated(doc), "member", "p01")["over_threshold"] is False


def test_each_meeting_half_needs_a_majority_in_both_meetings() -> None:
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 10, "p02": 6}}, {"member": {"p01": 5, "p02": 6}}),
        rules={"nominee_threshold": "each_meeting_half"})
    result = nominated(doc)
    assert result["threshold"] == {"mode": "each_meeting_half",
                                   "least_votes": {"representatives": 6, "members": 6}}
    assert row(result, "member", "p01")["over_threshold"] is False  # 5 of 10 members
    assert row(result, "member", "p02")["over_threshold"] is True


def test_threshold_none_ranks_only() -> None:
    doc = recommendation([MEMBERS3], two_meetings(
        {"member": {"p01": 1, "p02": 2}}, {"member": {"p03": 1}}),
        rules={"nominee_threshold": "none"})
    result = nominated(doc)
    assert result["threshold"] == {"mode": "none"}
    assert row(result, "member", "p01")["over_threshold"] is None
    assert set(result["outcome"]["nominees"]["member"]) == {"p01", "p02", "p03"}
    assert result["outcome"]["missing"] == {"member": 1}


# §1 — 初步人选: top seats + ceil(seats·p/100), everyone tied at the cut


def test_nominees_are_seats_plus_twenty_percent_rounded_up() -> None:
    votes = {"member": {f"p0{i}": 10 - i for i in range(1, 8)}}
    result = nominated(recommendation([MEMBERS3], two_meetings(votes, votes, (12, 12)),
                                      rules={"nominee_threshold": "none"}))
    assert result["posts"]["member"]["wanted"] == 4  # 3 + ceil(0.6)
    assert set(result["outcome"]["nominees"]["member"]) == {"p01", "p02", "p03", "p04"}
    assert row(result, "member", "p05")["out_reason"] == "below_cut"


def test_the_surplus_percent_may_be_widened() -> None:
    votes = {"member": {f"p0{i}": 10 - i for i in range(1, 8)}}
    result = nominated(recommendation([MEMBERS3], two_meetings(votes, votes, (12, 12)),
                                      rules={"nominee_threshold": "none",
                                             "nominee_surplus_percent": 50}))
    assert result["posts"]["member"]["wanted"] == 5  # 3 + ceil(1.5)


def test_everyone_tied_at_the_cut_is_a_nominee() -> None:
    votes = {"member": {"p01": 9, "p02": 8, "p03": 7, "p04": 6, "p05": 6, "p06": 6, "p07": 1}}
    result = nominated(recommendation([MEMBERS3], two_meetings(votes, votes, (12, 12)),
                                      rules={"nominee_threshold": "none"}))
    assert set(result["outcome"]["nominees"]["member"]) == {"p01", "p02", "p03", "p04", "p05",
                                                            "p06"}
    assert [row(result, "member", p)["rank"] for p in ("p04", "p05", "p06", "p07")] == [4, 4, 4, 7]
    assert result["outcome"]["status"] == "complete"


def test_too_few_over_the_threshold_says_how_many_are_missing() -> None:
    votes = {"member": {"p01": 9, "p02": 8, "p03": 2}}
    result = nominated(recommendation([MEMBERS3], two_meetings(votes, votes)))
    assert set(result["outcome"]["nominees"]["member"]) == {"p01", "p02"}
    assert result["outcome"]["missing"] == {"member": 2}
    assert result["outcome"]["status"] == "short"
    p03 = row(result, "member", "p03")
    assert (p03["status"], p03["out_reason"]) == ("out", "below_threshold")


def test_a_secretary_nominee_is_also_put_on_the_member_list() -> None:
    votes_reps = {"secretary": {"p05": 8}, "member": {"p01": 9, "p02": 9, "p03": 9, "p04": 9}}
    result = nominated(recommendation([SECRETARY, MEMBERS3],
                                      two_meetings(votes_reps, votes_reps)))
    assert result["outcome"]["nominees"]["secretary"] == ["p05"]
    assert "p05" in result["outcome"]["nominees"]["member"]
    p05 = row(result, "member", "p05")
    assert p05["status"] == "nominee" and p05["added_from"] == "secretary"
    assert p05["score"] == 0 and p05["over_threshold"] is False


def test_a_secretary_nominee_already_on_the_member_list_is_listed_once() -> None:
    votes = {"secretary": {"p01": 8}, "member": {"p01": 9, "p02": 9, "p03": 9, "p04": 9}}
    result = nominated(recommendation([SECRETARY, MEMBERS3], two_meetings(votes, votes)))
    assert sorted(result["outcome"]["nominees"]["member"]) == ["p01", "p02", "p03", "p04"]
    assert row(result, "member", "p01")["added_from"] is None


def test_the_result_lists_everyone_named_and_the_committee_list_beside_it() -> None:
    votes = {"member": {"p01": 9, "p02": 1}}
    doc = recommendation([MEMBERS3], two_meetings(votes, {"member": {"p03": 2}}),
                         committee_list={"member": ["p02", "p06"]})
    result = nominated(doc)
    post = result["posts"]["member"]
    assert {r["id"] for r in post["ranking"]} == {"p01", "p02", "p03"}
    assert post["committee_list"] == ["p02", "p06"]
    assert row(result, "member", "p02")["on_committee_list"] is True
    assert row(result, "member", "p01")["on_committee_list"] is False
    assert set(row(result, "member", "p01")) >= {"votes", "score", "rank", "over_threshold",
                                                  "status", "out_reason"}
