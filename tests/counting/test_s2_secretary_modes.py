"""RULES.md §2 — secretary modes: indirect (members' meeting, then the plenary) and direct."""

from __future__ import annotations

from recordkit import (
    NAMES,
    ballot,
    candidate,
    candidates,
    check,
    elected,
    party_attendance,
    post,
    post_of,
    problems_of,
    record,
    result_of,
    round_,
    statuses,
)

from counting import judge_ballot, parse_record

MEMBERS = ["c01", "c02", "c03", "c04", "c05"]


def direct(ballots: list[dict], rules: dict | None = None) -> dict:
    """书记 1 (c01, c06 stand) and 委员 5 (c01..c07) on one sheet, 10 present."""
    cands = candidates(7, ["member"])
    for c in cands:
        if c["id"] in ("c01", "c06"):
            c["posts"] = ["secretary", "member"]
    return record(
        "party_branch",
        [post("secretary", 1), post("member", 5)],
        cands,
        [round_(party_attendance(len(ballots)), ballots=ballots)],
        {"secretary_mode": "direct", **(rules or {})},
    )


def sheet(secretary: str, members: list[str], write_ins: dict | None = None) -> dict:
    return ballot(
        {"secretary": {secretary: "yes"}, "member": dict.fromkeys(members, "yes")}, write_ins
    )


def test_direct_mode_elects_secretary_and_members_from_one_sheet() -> None:
    doc = direct([sheet("c01", MEMBERS)] * 8 + [sheet("c06", ["c06", "c07"])] * 2)
    result = result_of(doc)
    assert elected(result, "member") == set(MEMBERS)
    assert elected(result, "secretary") == {"c01"}
    assert result["outcome"]["status"] == "complete"


def test_secretary_yes_without_member_yes_invalidates_the_whole_ballot() -> None:
    """⚙ secretary_requires_member_mark (direct mode): the sheet is invalid, every section."""
    bad = sheet("c01", ["c02", "c03", "c04", "c05", "c06"])
    rec = parse_record(direct([bad]))
    v = judge_ballot(rec, "r1", bad)
    assert not v.valid and not v.void
    assert {s.code for s in v.sections.values()} == {"secretary_not_member"}
    assert all(s.text and "委员" in s.text for s in v.sections.values())

    result = result_of(direct([sheet("c01", MEMBERS)] * 9 + [bad]))
    for pid in ("secretary", "member"):
        assert post_of(result, pid)["sections_invalid"] == 1
    assert result["rounds"][0]["ballots"]["invalid"] == 1


def test_writing_the_secretary_in_as_member_is_enough() -> None:
    ok = sheet("c01", ["c02", "c03", "c04", "c05"], {"member": [(NAMES[0], "yes")]})
    assert judge_ballot(parse_record(direct([ok])), "r1", ok).valid
    # a written-in secretary must be chosen as member too, by the same name
    wi = ballot(
        {"member": dict.fromkeys(["c02", "c03"], "yes")},
        {"secretary": [("方小红", "yes")], "member": [("方小红", "yes")]},
    )
    assert judge_ballot(parse_record(direct([wi])), "r1", wi).valid
    wi["write_ins"]["member"] = []
    assert not judge_ballot(parse_record(direct([wi])), "r1", wi).valid


def test_member_mark_rule_can_be_switched_off() -> None:
    bad = sheet("c01", ["c02", "c03", "c04", "c05", "c06"])
    rules = {"secretary_requires_member_mark": False}
    assert judge_ballot(parse_record(direct([bad], rules)), "r1", bad).valid


def test_indirect_members_meeting_cannot_elect_a_secretary() -> None:
    """Indirect mode: 书记/副书记 are elected by the plenary, not by the members' meeting."""
    doc = direct([sheet("c01", MEMBERS)], {"secretary_mode": "indirect"})
    assert problems_of(doc)[0][0] == "/posts/0/role"


def not_a_member_wins_secretary(rules: dict | None = None) -> dict:
    """c06 gets 6 of 10 for 书记 but only 6 for 委员 and is outranked there (threshold 6)."""
    ballots = []
    for i in range(6):
        others = [m for j, m in enumerate(MEMBERS) if j != i % 5]
        ballots.append(sheet("c06", ["c06", *others]))
    ballots += [sheet("c01", MEMBERS)] * 4
    return direct(ballots, rules)


def test_secretary_must_be_an_elected_member() -> None:
    """⚙ secretary_must_be_elected_member: the seat stays unfilled and goes to another round."""
    result = result_of(not_a_member_wins_secretary())
    member, secretary = post_of(result, "member"), post_of(result, "secretary")
    assert set(member["elected"]) == set(MEMBERS)
    assert statuses(member)["c06"] == "qualified"
    assert secretary["elected"] == [] and secretary["unfilled"] == 1
    assert statuses(secretary)["c06"] == "not_elected"
    c = check(result, "secretary_not_member", post="secretary")
    assert not c["ok"] and "杨磊" in c["text"] and "委员" in c["text"]
    nxt = result["outcome"]["next_round"]
    assert nxt["kind"] == "supplementary"
    assert list(nxt["posts"]) == ["secretary"] and nxt["posts"]["secretary"]["seats"] == 1


def test_secretary_must_be_elected_member_can_be_switched_off() -> None:
    result = result_of(not_a_member_wins_secretary({"secretary_must_be_elected_member": False}))
    assert elected(result, "secretary") == {"c06"}
    assert result["outcome"]["status"] == "complete"


def test_indirect_mode_members_meeting_elects_members_only() -> None:
    doc = record(
        "party_branch",
        [post("member", 5)],
        candidates(6, ["member"]),
        [
            round_(
                party_attendance(10),
                ballots=[ballot({"member": dict.fromkeys(MEMBERS, "yes")})] * 10,
            )
        ],
    )
    assert parse_record(doc).rules.secretary_mode == "indirect"
    result = result_of(doc)
    assert elected(result, "member") == set(MEMBERS)


def plenary(ballots: list[dict], ineligible: list | None = None) -> dict:
    """委员会第一次全体会议: 5 elected 委员 elect 书记 (c01) and 副书记 (c02), 等额."""
    extra = {"ineligible": ineligible} if ineligible is not None else {}
    return record(
        "party_plenary",
        [post("secretary", 1), post("deputy_secretary", 1)],
        [
            candidate("c01", NAMES[0], ["secretary"]),
            candidate("c02", NAMES[1], ["deputy_secretary"]),
            candidate("c03", NAMES[2], []),
            candidate("c04", NAMES[3], []),
            candidate("c05", NAMES[4], []),
        ],
        [round_(party_attendance(len(ballots), 5), ballots=ballots)],
        **extra,
    )


def test_plenary_elects_secretary_and_deputy_equal_lists() -> None:
    doc = plenary([ballot({"secretary": {"c01": "yes"}, "deputy_secretary": {"c02": "yes"}})] * 5)
    result = result_of(doc)
    assert elected(result, "secretary") == {"c01"}
    assert elected(result, "deputy_secretary") == {"c02"}
    for pid in ("secretary", "deputy_secretary"):
        assert check(result, "surplus", post=pid)["ok"]
    assert post_of(result, "secretary")["threshold"] == 3


def test_plenary_write_in_counts_only_for_an_elected_member() -> None:
    """In party_plenary any name not among the record's candidates counts for nobody."""
    ballots = [ballot({"deputy_secretary": {"c02": "yes"}}, {"secretary": [("方小红", "yes")]})] * 3
    ballots += [
        ballot({"deputy_secretary": {"c02": "yes"}}, {"secretary": [(NAMES[2], "yes")]})
    ] * 2
    p = post_of(result_of(plenary(ballots)), "secretary")
    votes = {row.get("id", row["name"]): row["yes"] for row in p["tally"]}
    assert "方小红" not in votes
    assert votes["c03"] == 2 and votes["c01"] == 0
    assert p["elected"] == []
