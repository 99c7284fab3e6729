"""The 换届 around the vote, CAMPAIGN.md §1–2: nomination (两推, 海推, 联名 forms) and
appraisal (民主测评, 入户调查, 信任票). Pure like the rest of counting/: stdlib, integers.

record = parse_nomination_record(json.loads(text))
print(dumps(nomination_result_to_json(nominate(record, name_key))))
record = parse_appraisal_record(json.loads(text))
print(dumps(appraisal_result_to_json(appraise(record))))
"""

from counting.campaign.appraisal import (
    AppraisalRules,
    survey_check,
    tally_appraisal,
    tally_trust_vote,
    trusted,
)
from counting.campaign.appraisal_record import (
    AppraisalRecord,
    AppraisalResult,
    appraisal_result_to_json,
    appraise,
    parse_appraisal_record,
)
from counting.campaign.direct import (
    DirectRules,
    candidates_wanted,
    check_joint_form,
    decide_direct_candidates,
    tally_direct_nominations,
)
from counting.campaign.nomination_record import (
    DirectRecord,
    NominationRecord,
    RecommendationRecord,
    parse_nomination_record,
)
from counting.campaign.nomination_result import (
    DirectResult,
    NominationResult,
    nominate,
    nomination_result_to_json,
)
from counting.campaign.recommendation import (
    RecommendationResult,
    RecommendationRules,
    combined_score,
    decide_nominees,
    meeting_checks,
    nominees_wanted,
    tally_recommendations,
)

__all__ = [
    "AppraisalRecord",
    "AppraisalResult",
    "AppraisalRules",
    "DirectRecord",
    "DirectResult",
    "DirectRules",
    "NominationRecord",
    "NominationResult",
    "RecommendationRecord",
    "RecommendationResult",
    "RecommendationRules",
    "appraisal_result_to_json",
    "appraise",
    "candidates_wanted",
    "check_joint_form",
    "combined_score",
    "decide_direct_candidates",
    "decide_nominees",
    "meeting_checks",
    "nominate",
    "nomination_result_to_json",
    "nominees_wanted",
    "parse_appraisal_record",
    "parse_nomination_record",
    "survey_check",
    "tally_appraisal",
    "tally_direct_nominations",
    "tally_recommendations",
    "tally_trust_vote",
    "trusted",
]
