"""CAMPAIGN.md §2 — 民主测评 (counts, 满意率, 不满意率, the ⅓ flag), 入户调查 coverage,
信任票 (2·信任 > ballots_returned)."""

from __future__ import annotations

from campaignkit import appraised, refusal

from counting.campaign import parse_appraisal_record

TEAM = [{"id": "team", "name": "村“两委”班子"}]


def evaluation_doc(totals: dict, returned: int, **rules: object) -> dict:
    return {"format": "jipiao.appraisal/1", "rules": dict(rules),
            "evaluation": {"subjects": TEAM, "ballots_returned": returned,
                           "totals": {"team": totals}}}


def subject(doc: dict) -> dict:
    result: dict = appraised(doc)["evaluation"]["subjects"][0]
    return result


def test_satisfaction_rate_is_satisfied_plus_basically_satisfied_over_valid() -> None:
    s = subject(evaluation_doc({"满意": 30, "基本满意": 10, "不满意": 4, "invalid": 1}, 47))
    assert (s["valid"], s["invalid"], s["blank"]) == (44, 1, 2)
    assert s["satisfied"] == 40 and s["satisfied_rate"] == "90.9%"  # 40/44 = 90.909…
    assert s["dissatisfied_rate"] == "9.1%"


def test_percentages_round_half_up_from_the_exact_fraction() -> None:
    s = subject(evaluation_doc({"满意": 1, "不满意": 7}, 8))  # 1/8 = 12.5 %, 7/8 = 87.5 %
    assert (s["satisfied_rate"], s["dissatisfied_rate"]) == ("12.5%", "87.5%")
    s = subject(evaluation_doc({"满意": 2, "不满意": 1}, 3))  # 66.666… %, 33.333… %
    assert (s["satisfied_rate"], s["dissatisfied_rate"]) == ("66.7%", "33.3%")


def test_dissatisfied_flag_is_strictly_more_than_a_third() -> None:
    exactly = subject(evaluation_doc({"满意": 20, "基本满意": 10, "不满意": 15}, 45))
    assert exactly["dissatisfied_flag"] is False  # 3·15 = 45, not > 45
    over = subject(evaluation_doc({"满意": 20, "基本满意": 9, "不满意": 15}, 44))
    assert over["dissatisfied_flag"] is True  # 3·15 = 45 > 44


def test_the_flag_fraction_can_be_set() -> None:
    s = subject(evaluation_doc({"满意": 3, "不满意": 1}, 4, dissatisfied_flag="1/5"))
    assert s["dissatisfied_flag"] is True


def test_the_competence_scale() -> None:
    doc = evaluation_doc({"优秀": 5, "称职": 3, "基本称职": 1, "不称职": 1}, 10,
                         appraisal_options="competence")
    s = subject(doc)
    assert list(s["counts"]) == ["优秀", "称职", "基本称职", "不称职"]
    assert (s["satisfied"], s["dissatisfied"]) == (9, 1)


def test_options_can_be_listed_with_what_they_count_for() -> None:
    options = [{"label": "好", "counts_as": "satisfied"}, {"label": "一般", "counts_as": "neutral"},
               {"label": "差", "counts_as": "dissatisfied"}]
    s = subject(evaluation_doc({"好": 4, "一般": 4, "差": 2}, 10, appraisal_options=options))
    assert (s["satisfied"], s["dissatisfied"], s["valid"]) == (4, 2, 10)


def test_per_ballot_entries_count_like_totals() -> None:
    ballots = [{"marks": {"team": "满意"}}, {"marks": {"team": "不满意"}},
               {"marks": {"team": "invalid"}}, {"marks": {}}, {"void": True}]
    doc = {"format": "jipiao.appraisal/1",
           "evaluation": {"subjects": TEAM, "ballots": ballots}}
    s = subject(doc)
    assert s["counts"] == {"满意": 1, "基本满意": 0, "不满意": 1}
    assert (s["valid"], s["invalid"], s["blank"]) == (2, 2, 1)


def survey(households: int, surveyed: int) -> dict:
    doc = {"format": "jipiao.appraisal/1",
           "survey": {"households": households, "surveyed": surveyed}}
    result: dict = appraised(doc)["survey"]
    return result


def test_survey_coverage_is_at_least_sixty_percent_inclusive() -> None:
    assert survey(210, 126)["ok"] is True  # 5·126 = 630 = 3·210
    assert survey(210, 125)["ok"] is False
    assert survey(211, 126)["ok"] is False  # 630 < 633
    assert (survey(211, 127)["ok"], survey(211, 127)["required"]) == (True, 127)
    assert "60.0%" in survey(210, 126)["text"]


def trust_doc(trust: int, distrust: int, returned: int) -> dict:
    return {"format": "jipiao.appraisal/1", "trust_votes": [
        {"id": "members", "name": "党员信任票", "ballots_returned": returned,
         "people": [{"id": "p01", "name": "王建国"}],
         "totals": {"p01": {"trust": trust, "distrust": distrust}}}]}


def test_trusted_needs_more_than_half_of_the_returned_ballots() -> None:
    exactly = appraised(trust_doc(20, 15, 40))["trust_votes"][0]["people"][0]
    assert exactly["trusted"] is False and exactly["abstain"] == 5
    over = appraised(trust_doc(21, 0, 40))["trust_votes"][0]["people"][0]
    assert over["trusted"] is True and over["trust_rate"] == "52.5%"


def test_trust_ballots_count_like_totals() -> None:
    ballots = [{"marks": {"p01": "trust"}}] * 3 + [{"marks": {"p01": "distrust"}},
                                                   {"marks": {}}, {"void": True}]
    doc = trust_doc(0, 0, 0)
    vote = doc["trust_votes"][0]
    del vote["totals"], vote["ballots_returned"]
    vote["ballots"] = ballots
    person = appraised(doc)["trust_votes"][0]["people"][0]
    assert (person["trust"], person["distrust"], person["abstain"]) == (3, 1, 2)
    assert person["trusted"] is False  # 2·3 = 6, not > 6


def test_counts_that_cannot_be_true_are_refused() -> None:
    ptr, _ = refusal(parse_appraisal_record, evaluation_doc({"满意": 30, "不满意": 20}, 45))
    assert ptr == "/evaluation/totals/team"
    ptr, _ = refusal(parse_appraisal_record, trust_doc(30, 20, 40))
    assert ptr == "/trust_votes/0/totals/p01"
    doc = {"format": "jipiao.appraisal/1", "survey": {"households": 10, "surveyed": 11}}
    assert refusal(parse_appraisal_record, doc)[0] == "/survey/surveyed"
