"""CAMPAIGN.md §1 — 海推 (直接提名): up to `seats` names per post, candidates as RULES.md
§3's 差额 asks, a 预选 when a tie at the cut would exceed the number; 联名/自荐 forms."""

from __future__ import annotations

import pytest
from campaignkit import direct, nominated, refusal, row

from counting.campaign import parse_nomination_record

CHAIR = {"id": "chair", "name": "主任", "seats": 1}
VICE = {"id": "vice_chair", "name": "副主任", "seats": 1}
MEMBERS = {"id": "member", "name": "委员", "seats": 3}


def by_totals(post: str, votes: dict[str, int], returned: int = 20, invalid: int = 0,
              **kw: object) -> dict:
    posts = {"chair": CHAIR, "vice_chair": VICE, "member": MEMBERS}
    return direct([posts[post]], ballots_returned=returned,
                  totals={post: {"invalid": invalid, "votes": votes}}, **kw)


def test_a_ballot_names_up_to_seats_per_post_more_is_invalid() -> None:
    ballots = [
        {"names": {"chair": ["p01"], "member": ["p02", "p03", "p04"]}},
        {"names": {"chair": ["p01", "p02"], "member": ["p02", "p03", "p04", "p05"]}},
    ]
    result = nominated(direct([CHAIR, MEMBERS], ballots=ballots))
    assert result["posts"]["chair"]["sections_invalid"] == 1
    assert result["posts"]["member"]["sections_invalid"] == 1
    assert row(result, "chair", "p01")["votes"] == 1
    assert "p05" not in {r["id"] for r in result["posts"]["member"]["tally"]}


def test_chair_and_vice_chair_get_seats_plus_one_candidates() -> None:
    result = nominated(by_totals("chair", {"p01": 9, "p02": 6, "p03": 5}))
    assert result["posts"]["chair"]["wanted"] == 2
    assert sorted(result["outcome"]["candidates"]["chair"]) == ["p01", "p02"]
    assert row(result, "chair", "p03")["status"] == "out"
    result = nominated(by_totals("vice_chair", {"p01": 9, "p02": 6, "p03": 5}))
    assert result["posts"]["vice_chair"]["wanted"] == 2


@pytest.mark.parametrize(("extra", "wanted"), [(1, 4), (2, 5), (3, 6)])
def test_members_get_seats_plus_member_candidates(extra: int, wanted: int) -> None:
    votes = {f"p{i:02d}": 20 - i for i in range(1, 9)}
    result = nominated(by_totals("member", votes, 60, rules={"member_candidates": extra}))
    assert result["posts"]["member"]["wanted"] == wanted
    assert len(result["outcome"]["candidates"]["member"]) == wanted


@pytest.mark.parametrize("extra", [0, 4])
def test_member_candidates_outside_one_to_three_is_refused(extra: int) -> None:
    doc = by_totals("member", {"p01": 1}, rules={"member_candidates": extra})
    assert refusal(parse_nomination_record, doc)[0] == "/election/rules/member_candidates"


def test_a_tie_at_the_cut_that_would_exceed_the_number_calls_for_a_preselection() -> None:
    result = nominated(by_totals("chair", {"p01": 9, "p02": 5, "p03": 5, "p04": 1}))
    post = result["posts"]["chair"]
    pre = post["preselection"]
    assert (pre["above"], sorted(pre["tied"]), pre["places"]) == (["p01"], ["p02", "p03"], 2)
    assert post["candidates"] == []
    assert result["outcome"]["status"] == "preselection"
    assert sorted(result["outcome"]["preselection"]["chair"]) == ["p01", "p02", "p03"]
    assert row(result, "chair", "p04")["status"] == "out"


def held(votes: dict[str, int], returned: int = 20, invalid: int = 0) -> dict:
    return {"post": "chair", "ballots_returned": returned,
            "totals": {"invalid": invalid, "votes": votes}}


def test_a_preselection_held_decides_the_candidates_among_the_tied_and_those_above() -> None:
    # CAMPAIGN.md §1: the 预选 is among p01 (above) and p02/p03 (tied) for 2 places; like a
    # tie-break the most votes win, so p01 can lose the place the 海推 gave.
    doc = by_totals("chair", {"p01": 9, "p02": 5, "p03": 5, "p04": 1},
                    preselections=[held({"p01": 6, "p02": 14, "p03": 12})])
    result = nominated(doc)
    post = result["posts"]["chair"]
    assert post["preselection"] is None
    assert sorted(post["candidates"]) == ["p02", "p03"]
    assert result["outcome"]["status"] == "complete"
    [pre] = post["preselections_held"]
    assert [(r["id"], r["votes"], r["status"]) for r in pre["tally"]] == [
        ("p02", 14, "candidate"), ("p03", 12, "candidate"), ("p01", 6, "out")]
    assert (pre["places"], pre["sections_valid"]) == (2, 20)
    # each table says what its own count decided: the 海推 called for the 预选
    assert row(result, "chair", "p01")["status"] == "preselection"
    assert row(result, "chair", "p04")["status"] == "out"


def test_a_tie_in_the_preselection_calls_for_another_among_the_tied_and_those_above() -> None:
    first = held({"p01": 10, "p02": 7, "p03": 7})
    doc = by_totals("chair", {"p01": 9, "p02": 5, "p03": 5}, preselections=[first])
    post = nominated(doc)["posts"]["chair"]
    pre = post["preselection"]
    assert (pre["above"], sorted(pre["tied"]), post["candidates"]) == (["p01"], ["p02", "p03"], [])
    doc["preselections"].append(held({"p01": 3, "p02": 9, "p03": 8}))
    post = nominated(doc)["posts"]["chair"]
    assert sorted(post["candidates"]) == ["p02", "p03"]
    first, second = post["preselections_held"]
    assert [r["status"] for r in first["tally"]] == ["preselection"] * 3
    assert [(r["id"], r["status"]) for r in second["tally"]] == [
        ("p02", "candidate"), ("p03", "candidate"), ("p01", "out")]


@pytest.mark.parametrize(("preselection", "where", "says"), [
    (held({"p01": 3}), "/preselections/0", "不需要"),  # the 海推 decided already
    (held({"p04": 3}), "/preselections/0/totals/votes/p04", "不在这次预选"),
    (held({"p01": 15, "p02": 15, "p03": 15}), "/preselections/0/totals/votes", "多于有效票"),
    (held({"p01": 21}), "/preselections/0/totals/votes/p01", "多于有效票"),
    ({"post": "mayor", "ballots_returned": 3, "totals": {}}, "/preselections/0/post", "职位"),
])
def test_a_preselection_that_cannot_be_true_is_refused(preselection: dict, where: str,
                                                       says: str) -> None:
    tie = {"p01": 9, "p02": 5, "p03": 5, "p04": 1}
    votes = {"p01": 9, "p02": 5, "p03": 1} if says == "不需要" else tie
    doc = by_totals("chair", votes, preselections=[preselection])
    pointer, text = refusal(nominated, doc)
    assert pointer == where and says in text


def test_a_tie_that_fits_the_number_needs_no_preselection() -> None:
    result = nominated(by_totals("chair", {"p01": 5, "p02": 5, "p03": 1}))
    assert result["posts"]["chair"]["preselection"] is None
    assert sorted(result["outcome"]["candidates"]["chair"]) == ["p01", "p02"]
    assert result["outcome"]["status"] == "complete"


def test_too_few_named_says_how_many_are_missing() -> None:
    result = nominated(by_totals("member", {"p01": 5, "p02": 5}))
    assert result["outcome"]["missing"] == {"member": 2}
    assert result["outcome"]["status"] == "short"


# 联名 nomination forms (居委会): ⚙ 10 voters, 5 户代表, 2 居民小组代表; 自荐


def forms_doc(forms: list[dict], roll: dict[str, list[str]], body: str = "residents_committee",
              **rules: object) -> dict:
    return direct([MEMBERS], body=body, ballots_returned=1, totals={"member": {}},
                  roll=roll, forms=forms, rules=dict(rules))


VOTERS = [f"选民{i:02d}" for i in range(1, 13)]


@pytest.mark.parametrize(("kind", "needed"),
                         [("voters", 10), ("households", 5), ("group_representatives", 2)])
def test_a_form_is_accepted_only_with_enough_distinct_registered_signers(
    kind: str, needed: int
) -> None:
    roll = {kind: VOTERS}
    enough = {"post": "member", "person": "p01", "kind": kind, "signers": VOTERS[:needed]}
    short = {**enough, "signers": [*VOTERS[: needed - 1], VOTERS[0]]}  # a signer twice
    result = nominated(forms_doc([enough, short], roll))
    assert [f["accepted"] for f in result["forms"]] == [True, False]
    assert [f["signers"] for f in result["forms"]] == [needed, needed - 1]
    assert result["forms"][1]["required"] == needed
    assert "不予受理" in result["forms"][1]["text"]


def test_the_signers_needed_can_be_set() -> None:
    form = {"post": "member", "person": "p01", "kind": "voters", "signers": VOTERS[:8]}
    result = nominated(forms_doc([form], {"voters": VOTERS}, joint_signers={"voters": 8}))
    assert result["forms"][0]["accepted"] is True


def test_self_nomination_is_accepted() -> None:
    result = nominated(forms_doc([{"post": "member", "person": "p02", "kind": "self"}], {}))
    assert result["forms"][0] == {**result["forms"][0], "accepted": True, "kind": "self"}


def test_a_signer_not_on_the_roll_is_an_error() -> None:
    form = {"post": "member", "person": "p01", "kind": "voters",
            "signers": [*VOTERS[:9], "外来人"]}
    ptr, text = refusal(parse_nomination_record, forms_doc([form], {"voters": VOTERS}))
    assert ptr == "/forms/0/signers/9"
    assert "外来人" in text and "不在登记名册" in text


def test_forms_belong_to_a_residents_committee() -> None:
    form = {"post": "member", "person": "p02", "kind": "self"}
    doc = forms_doc([form], {}, body="villagers_committee")
    assert refusal(parse_nomination_record, doc)[0] == "/forms"


def nominees_doc(votes: dict[str, int], forms: list[dict]) -> dict:
    return direct([MEMBERS], body="residents_committee", ballots_returned=20,
                  totals={"member": {"votes": votes}}, roll={"voters": VOTERS}, forms=forms)


def test_nominees_by_form_beyond_the_number_call_for_a_preselection_among_all() -> None:
    # 委员 3 seats → 4 candidates; the 海推 gives p01–p04, a 自荐 p09 and an accepted 联名
    # p08 (named on 1 ballot, below the cut) make 6 nominees for 4 places (选民所提名的候选人
    # 人数多于规定的正式候选人人数时进行预选); a refused form adds nobody.
    forms = [{"post": "member", "person": "p09", "kind": "self"},
             {"post": "member", "person": "p08", "kind": "voters", "signers": VOTERS[:10]},
             {"post": "member", "person": "p10", "kind": "voters", "signers": VOTERS[:9]},
             {"post": "member", "person": "p02", "kind": "self"}]  # already in: no change
    doc = nominees_doc({"p01": 9, "p02": 8, "p03": 7, "p04": 6, "p08": 1}, forms)
    result = nominated(doc)
    post = result["posts"]["member"]
    assert post["preselection"] == {"above": ["p01", "p02", "p03", "p04"], "tied": [],
                                    "joined": ["p09", "p08"], "places": 4}
    assert row(result, "member", "p08")["status"] == "preselection"
    assert sorted(result["outcome"]["preselection"]["member"]) == [
        "p01", "p02", "p03", "p04", "p08", "p09"]
    doc["preselections"] = [{"post": "member", "ballots_returned": 20, "totals": {
        "votes": {"p01": 15, "p02": 5, "p03": 14, "p04": 13, "p08": 2, "p09": 12}}}]
    assert sorted(nominated(doc)["outcome"]["candidates"]["member"]) == [
        "p01", "p03", "p04", "p09"]


def test_a_nominee_by_form_within_the_number_is_a_candidate_at_once() -> None:
    doc = nominees_doc({"p01": 9, "p02": 8}, [{"post": "member", "person": "p09", "kind": "self"}])
    post = nominated(doc)["posts"]["member"]
    assert post["preselection"] is None and post["missing"] == 1
    assert sorted(post["candidates"]) == ["p01", "p02", "p09"]
