"""Properties of the campaign tallies (CAMPAIGN.md §1–2): adding a ballot never lowers a
count; the score is linear in the weights; each threshold holds exactly at its boundary."""

from __future__ import annotations

import copy
from typing import Any

from campaign_strategies import (
    appraisal_marks,
    mark_ballots,
    naming_ballots,
    recommendations,
    trust_marks,
    weights,
)
from campaignkit import appraised, nominated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counting.campaign import combined_score, trusted
from counting.campaign.appraisal import Survey, dissatisfied_flagged, survey_check
from counting.campaign.recommendation import RecommendationRules, Threshold

Doc = dict[str, Any]
# The records are generated ballot by ballot; the machine is shared: no timing checks.
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def named(result: Doc) -> list[tuple[str, Doc]]:
    """(post, row) of everyone named for a post (not those only added from the 书记 list)."""
    return [(post, r) for post, p in result["posts"].items() for r in p["ranking"]
            if any(r["votes"].values())]


def votes_of(result: Doc) -> dict[tuple[str, str], dict[str, int]]:
    return {(post, r["id"]): r["votes"] for post, r in named(result)}


@SETTINGS
@given(recommendations(nominee_threshold="none"), naming_ballots(), st.booleans())
def test_adding_a_recommendation_ballot_never_lowers_a_count(
    doc: Doc, extra: Doc, to_members: bool
) -> None:
    before = nominated(doc)
    more = copy.deepcopy(doc)
    m = more["meetings"][1 if to_members else 0]
    m["ballots"].append(extra)
    m["ballots_returned"] = m["expected"] = m["present"] = len(m["ballots"])
    after = nominated(more)
    old, new = votes_of(before), votes_of(after)
    for key, votes in old.items():
        for kind, n in votes.items():
            assert new[key][kind] >= n
    new_scores = {(post, r["id"]): r["score"] for post, r in named(after)}
    for post, r in named(before):
        assert new_scores[post, r["id"]] >= r["score"]


@SETTINGS
@given(recommendations(), weights, weights, st.integers(0, 5), st.integers(0, 5))
def test_the_score_is_linear_in_the_weights(
    doc: Doc, w1: dict[str, int], w2: dict[str, int], a: int, b: int
) -> None:
    def scores(w: dict[str, int]) -> dict[tuple[str, str], int]:
        d = copy.deepcopy(doc)
        d["election"]["rules"] = {"weights": w, "nominee_threshold": "none"}
        return {(post, r["id"]): r["score"] for post, r in named(nominated(d))}

    s1, s2 = scores(w1), scores(w2)
    mixed = {k: a * w1[k] + b * w2[k] for k in w1}
    if any(mixed.values()):
        assert scores(mixed) == {k: a * s1[k] + b * s2[k] for k in s1}
    votes = {"representatives": 3, "members": 4}
    assert combined_score(votes, mixed) == a * combined_score(votes, w1) + b * combined_score(
        votes, w2)


@SETTINGS
@given(recommendations())
def test_combined_half_is_exactly_two_score_over_the_weighted_ballots(doc: Doc) -> None:
    result = nominated(doc)
    w = doc["election"]["rules"]["weights"]
    total = sum(w[m["kind"]] * m["ballots_returned"] for m in doc["meetings"])
    for p in result["posts"].values():
        for r in p["ranking"]:
            assert r["over_threshold"] == (2 * r["score"] > total)


@SETTINGS
@given(recommendations(nominee_threshold="each_meeting_half"))
def test_each_meeting_half_is_exactly_a_majority_in_both(doc: Doc) -> None:
    returned = {m["kind"]: m["ballots_returned"] for m in doc["meetings"]}
    for p in nominated(doc)["posts"].values():
        for r in p["ranking"]:
            assert r["over_threshold"] == all(2 * r["votes"][k] > n for k, n in returned.items())


@SETTINGS
@given(st.integers(0, 500))
def test_threshold_boundaries_on_both_sides(total: int) -> None:
    half, over = total // 2, total // 2 + 1
    t = Threshold("combined_half", over, {})
    # exactly half (or just under it) fails; one more passes
    assert t.passes({}, half) is (2 * half > total)
    assert t.passes({}, over) is True
    assert trusted(half, total) is (2 * half > total) and trusted(over, total)
    each = Threshold("each_meeting_half", None, {"members": over})
    assert each.passes({"members": half}, 0) is (2 * half > total)
    assert each.passes({"members": over}, 0) is True
    assert RecommendationRules().nominee_threshold == "combined_half"


@SETTINGS
@given(st.integers(1, 600))
def test_flag_and_survey_boundaries_on_both_sides(valid: int) -> None:
    third = valid // 3
    assert dissatisfied_flagged(third, valid, (1, 3)) is (3 * third > valid)
    assert dissatisfied_flagged(third + 1, valid, (1, 3)) is True
    least = survey_check(Survey(valid, 0)).required
    assert survey_check(Survey(valid, least)).ok and 5 * least >= 3 * valid
    if least:
        assert not survey_check(Survey(valid, least - 1)).ok


@SETTINGS
@given(st.lists(mark_ballots(appraisal_marks), min_size=1, max_size=15),
       mark_ballots(appraisal_marks))
def test_adding_an_appraisal_ballot_never_lowers_a_count(ballots: list[Doc], extra: Doc) -> None:
    def subjects(listed: list[Doc]) -> list[Doc]:
        doc = {"format": "jipiao.appraisal/1", "evaluation": {
            "subjects": [{"id": "team", "name": "班子"}, {"id": "p01", "name": "王建国"}],
            "ballots": listed}}
        result: list[Doc] = appraised(doc)["evaluation"]["subjects"]
        return result

    for old, new in zip(subjects(ballots), subjects([*ballots, extra]), strict=True):
        for key in ("valid", "invalid", "blank", "satisfied", "dissatisfied"):
            assert new[key] >= old[key]
        assert all(new["counts"][k] >= n for k, n in old["counts"].items())


@SETTINGS
@given(st.lists(mark_ballots(trust_marks, ("p01",)), min_size=1, max_size=15),
       mark_ballots(trust_marks, ("p01",)))
def test_adding_a_trust_ballot_never_lowers_a_count(ballots: list[Doc], extra: Doc) -> None:
    def person(listed: list[Doc]) -> Doc:
        doc = {"format": "jipiao.appraisal/1", "trust_votes": [
            {"id": "v", "name": "党员信任票", "people": [{"id": "p01", "name": "王建国"}],
             "ballots": listed}]}
        result: Doc = appraised(doc)["trust_votes"][0]["people"][0]
        return result

    old, new = person(ballots), person([*ballots, extra])
    assert all(new[k] >= old[k] for k in ("trust", "distrust", "abstain"))
