"""A `jipiao.appraisal/1` record (docs/appraisal-record.md): read, counted (`appraise`), and
its result as canonical JSON (`jipiao.appraisal-result/1`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from counting.campaign.appraisal import (
    INVALID_MARK,
    OPTION_KINDS,
    OPTION_SCALES,
    TRUST_MARKS,
    AppraisalBallot,
    AppraisalOption,
    AppraisalRules,
    AppraisalTotals,
    OptionKind,
    Subject,
    SubjectAppraisal,
    Survey,
    TrustBallot,
    TrustMark,
    TrustRow,
    TrustTotals,
    survey_check,
    tally_appraisal,
    tally_trust_vote,
)
from counting.gates import Check
from counting.reading import (
    as_count,
    as_list,
    as_object,
    as_text,
    fail,
    normalize_name,
    pointer,
    pointer_join,
    required,
    unique_ids,
)
from counting.result import check_to_json
from counting.rules import RuleProblem, parse_fraction

APPRAISAL_FORMAT = "jipiao.appraisal/1"
APPRAISAL_RESULT_FORMAT = "jipiao.appraisal-result/1"


@dataclass(frozen=True, slots=True)
class Evaluation:
    """民主测评: the subjects and the returned 测评表 (per ballot or totals)."""

    subjects: tuple[Subject, ...]
    ballots_returned: int
    ballots: tuple[AppraisalBallot, ...] | None
    totals: Mapping[str, AppraisalTotals] | None


@dataclass(frozen=True, slots=True)
class TrustVote:
    """One 信任票 (党员信任票, 村民代表信任票) on prospective candidates."""

    id: str
    name: str
    subjects: tuple[Subject, ...]
    ballots_returned: int
    ballots: tuple[TrustBallot, ...] | None
    totals: Mapping[str, TrustTotals] | None


@dataclass(frozen=True, slots=True)
class AppraisalRecord:
    title: str
    rules: AppraisalRules
    evaluation: Evaluation | None
    survey: Survey | None
    trust_votes: tuple[TrustVote, ...]


def parse_appraisal_record(data: object) -> AppraisalRecord:
    """Validate a `jipiao.appraisal/1` document (already `json.loads`ed)."""
    doc = as_object(data, "")
    fmt = required(doc, "format", "")
    if fmt != APPRAISAL_FORMAT:
        fail(
            "/format",
            f"不支持的格式“{fmt}”，应为“{APPRAISAL_FORMAT}”",
            f"unsupported format {fmt!r}",
        )
    title = doc.get("title", "")
    if not isinstance(title, str):
        fail("/title", "应为字符串", "must be a string")
    rules = _rules(as_object(doc.get("rules", {}), "/rules"))
    if not any(k in doc for k in ("evaluation", "survey", "trust_votes")):
        fail(
            "",
            "须至少给出“evaluation”（民主测评）、“survey”（入户调查）或“trust_votes”（信任票）之一",
            'give at least one of "evaluation", "survey" or "trust_votes"',
        )
    evaluation = _evaluation(doc["evaluation"], rules) if "evaluation" in doc else None
    survey = _survey(doc["survey"]) if "survey" in doc else None
    raw_votes = as_list(doc.get("trust_votes", []), "/trust_votes")
    votes = tuple(_trust_vote(v, pointer("trust_votes", i)) for i, v in enumerate(raw_votes))
    unique_ids([v.id for v in votes], "/trust_votes", "信任票")
    return AppraisalRecord(title, rules, evaluation, survey, votes)


def _rules(raw: Mapping[str, Any]) -> AppraisalRules:
    for key in raw:
        if key not in ("appraisal_options", "dissatisfied_flag"):
            fail(pointer("rules", key), f"未知的规则设置“{key}”", f"unknown rule key {key!r}")
    options = AppraisalRules().options
    if "appraisal_options" in raw:
        options = _options(raw["appraisal_options"], "/rules/appraisal_options")
    flag = AppraisalRules().dissatisfied_flag
    if "dissatisfied_flag" in raw:
        try:
            flag = parse_fraction("dissatisfied_flag", raw["dissatisfied_flag"])
        except RuleProblem as problem:
            fail("/rules/dissatisfied_flag", problem.zh, problem.en)
    return AppraisalRules(options, flag)


def _options(raw: object, ptr: str) -> tuple[AppraisalOption, ...]:
    """CAMPAIGN.md §2 ⚙ appraisal_options: a named scale or a list of {label, counts_as}."""
    if isinstance(raw, str):
        if raw not in OPTION_SCALES:
            fail(
                ptr,
                f"未知的测评选项组“{raw}”，应为：{'、'.join(OPTION_SCALES)}，或选项列表",
                f"unknown scale {raw!r}",
            )
        return OPTION_SCALES[raw]
    options: list[AppraisalOption] = []
    for i, item in enumerate(as_list(raw, ptr)):
        optr = pointer_join(ptr, i)
        o = as_object(item, optr)
        label = normalize_name(as_text(required(o, "label", optr), optr + "/label"))
        kind = required(o, "counts_as", optr)
        if kind not in OPTION_KINDS:
            fail(
                optr + "/counts_as",
                f"“counts_as”应为：{'、'.join(OPTION_KINDS)}",
                f"counts_as must be one of {', '.join(OPTION_KINDS)}",
            )
        if label == INVALID_MARK or label in (o.label for o in options):
            fail(optr + "/label", f"选项“{label}”重复或不可用", f"option {label!r} is not usable")
        options.append(AppraisalOption(label, cast(OptionKind, kind)))
    if len(options) < 2:
        fail(ptr, "至少需要两个测评选项", "at least two options are required")
    return tuple(options)


def _subjects(raw: object, ptr: str) -> tuple[Subject, ...]:
    subjects = []
    for i, item in enumerate(as_list(raw, ptr)):
        sptr = pointer_join(ptr, i)
        s = as_object(item, sptr)
        sid = as_text(required(s, "id", sptr), sptr + "/id")
        name = normalize_name(as_text(required(s, "name", sptr), sptr + "/name"))
        subjects.append(Subject(sid, name))
    if not subjects:
        fail(ptr, "至少需要一个测评对象", "at least one subject is required")
    unique_ids([s.id for s in subjects], ptr, "对象")
    return tuple(subjects)


def _returned_and_content(obj: Mapping[str, Any], ptr: str) -> tuple[int, list[Any] | None]:
    """(ballots_returned, the listed ballots or None for totals)."""
    if ("ballots" in obj) == ("totals" in obj):
        fail(
            ptr,
            "须给出“ballots”（逐张）或“totals”（汇总）之一",
            'give exactly one of "ballots" or "totals"',
        )
    if "ballots" in obj:
        ballots = as_list(obj["ballots"], ptr + "/ballots")
        returned = as_count(obj.get("ballots_returned", len(ballots)), ptr + "/ballots_returned")
        if returned != len(ballots):
            fail(
                ptr + "/ballots_returned",
                f"收回{returned}张，但列出的票有{len(ballots)}张",
                f"ballots_returned is {returned} but {len(ballots)} ballots are listed",
            )
        return returned, ballots
    return as_count(required(obj, "ballots_returned", ptr), ptr + "/ballots_returned"), None


def _void(b: Mapping[str, Any], ptr: str) -> bool:
    void = b.get("void", False)
    if not isinstance(void, bool):
        fail(ptr + "/void", "应为 true 或 false", "must be true or false")
    return void


def _marks(
    b: Mapping[str, Any], ptr: str, subjects: tuple[Subject, ...], allowed: tuple[str, ...]
) -> dict[str, str]:
    ids = {s.id for s in subjects}
    marks = {}
    for sid, mark in as_object(b.get("marks", {}), ptr + "/marks").items():
        mptr = pointer_join(ptr, "marks", sid)
        if sid not in ids:
            fail(mptr, f"没有编号为“{sid}”的对象", f"no subject with id {sid!r}")
        if mark not in allowed:
            fail(
                mptr,
                f"未知的标记{mark!r}，应为：{'、'.join(allowed)}",
                f"unknown mark {mark!r}: use {', '.join(allowed)}",
            )
        marks[sid] = mark
    return marks


def _evaluation(raw: object, rules: AppraisalRules) -> Evaluation:
    ptr = "/evaluation"
    e = as_object(raw, ptr)
    subjects = _subjects(required(e, "subjects", ptr), ptr + "/subjects")
    returned, listed = _returned_and_content(e, ptr)
    labels = tuple(o.label for o in rules.options)
    if listed is not None:
        ballots = []
        for i, item in enumerate(listed):
            bptr = pointer_join(ptr, "ballots", i)
            b = as_object(item, bptr)
            marks = _marks(b, bptr, subjects, (*labels, INVALID_MARK))
            ballots.append(AppraisalBallot(marks, _void(b, bptr)))
        return Evaluation(subjects, returned, tuple(ballots), None)
    totals = {}
    tptr = ptr + "/totals"
    raw_totals = as_object(e["totals"], tptr)
    for sid in raw_totals:
        if sid not in {s.id for s in subjects}:
            fail(pointer_join(tptr, sid), f"没有编号为“{sid}”的对象", f"no subject {sid!r}")
    for s in subjects:
        sptr = pointer_join(tptr, s.id)
        t = as_object(required(raw_totals, s.id, tptr), sptr)
        counts = {}
        for label, n in t.items():
            if label != INVALID_MARK and label not in labels:
                fail(
                    pointer_join(sptr, label),
                    f"未知的测评选项“{label}”，应为：{'、'.join(labels)} 或 invalid",
                    f"unknown option {label!r}",
                )
            counts[label] = as_count(n, pointer_join(sptr, label))
        if sum(counts.values()) > returned:
            fail(
                sptr,
                f"“{s.name}”各项合计{sum(counts.values())}票，多于收回的{returned}张",
                f"the counts exceed the {returned} returned",
            )
        invalid = counts.pop(INVALID_MARK, 0)
        totals[s.id] = AppraisalTotals(counts, invalid)
    return Evaluation(subjects, returned, None, totals)


def _survey(raw: object) -> Survey:
    s = as_object(raw, "/survey")
    households = as_count(required(s, "households", "/survey"), "/survey/households", least=1)
    surveyed = as_count(required(s, "surveyed", "/survey"), "/survey/surveyed")
    if surveyed > households:
        fail(
            "/survey/surveyed",
            f"调查{surveyed}户多于总户数{households}户",
            f"surveyed {surveyed} exceeds {households} households",
        )
    return Survey(households, surveyed)


def _trust_vote(raw: object, ptr: str) -> TrustVote:
    v = as_object(raw, ptr)
    vid = as_text(required(v, "id", ptr), ptr + "/id")
    name = as_text(required(v, "name", ptr), ptr + "/name")
    subjects = _subjects(required(v, "people", ptr), ptr + "/people")
    returned, listed = _returned_and_content(v, ptr)
    if listed is not None:
        ballots = []
        for i, item in enumerate(listed):
            bptr = pointer_join(ptr, "ballots", i)
            b = as_object(item, bptr)
            marks = cast(dict[str, TrustMark], _marks(b, bptr, subjects, TRUST_MARKS))
            ballots.append(TrustBallot(marks, _void(b, bptr)))
        return TrustVote(vid, name, subjects, returned, tuple(ballots), None)
    tptr = ptr + "/totals"
    raw_totals = as_object(v["totals"], tptr)
    for sid in raw_totals:
        if sid not in {s.id for s in subjects}:
            fail(pointer_join(tptr, sid), f"没有编号为“{sid}”的人员", f"no person {sid!r}")
    totals = {}
    for s in subjects:
        sptr = pointer_join(tptr, s.id)
        t = as_object(required(raw_totals, s.id, tptr), sptr)
        for key in t:
            if key not in ("trust", "distrust"):
                fail(
                    pointer_join(sptr, key),
                    f"未知的字段“{key}”，应为 trust 或 distrust（弃权为其余）",
                    f"unknown field {key!r}: use trust or distrust",
                )
        trust = as_count(t.get("trust", 0), sptr + "/trust")
        distrust = as_count(t.get("distrust", 0), sptr + "/distrust")
        if trust + distrust > returned:
            fail(
                sptr,
                f"“{s.name}”信任{trust}票加不信任{distrust}票，多于收回的{returned}张",
                f"trust + distrust exceed the {returned} returned",
            )
        totals[s.id] = TrustTotals(trust, distrust)
    return TrustVote(vid, name, subjects, returned, None, totals)


# --- counted ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrustVoteResult:
    vote: TrustVote
    rows: tuple[TrustRow, ...]


@dataclass(frozen=True, slots=True)
class AppraisalResult:
    evaluation: tuple[SubjectAppraisal, ...] | None
    evaluation_returned: int | None
    survey: Check | None
    trust_votes: tuple[TrustVoteResult, ...]


def appraise(record: AppraisalRecord) -> AppraisalResult:
    """Count an appraisal record (CAMPAIGN.md §2)."""
    e = record.evaluation
    evaluation = (
        None
        if e is None
        else tally_appraisal(e.subjects, record.rules, e.ballots_returned, e.ballots, e.totals)
    )
    votes = tuple(
        TrustVoteResult(v, tally_trust_vote(v.subjects, v.ballots_returned, v.ballots, v.totals))
        for v in record.trust_votes
    )
    return AppraisalResult(
        evaluation,
        None if e is None else e.ballots_returned,
        None if record.survey is None else survey_check(record.survey),
        votes,
    )


def _subject_json(s: SubjectAppraisal) -> dict[str, Any]:
    return {
        "id": s.subject.id,
        "name": s.subject.name,
        "counts": dict(s.counts),
        "valid": s.valid,
        "invalid": s.invalid,
        "blank": s.blank,
        "satisfied": s.satisfied,
        "satisfied_rate": s.satisfied_rate,
        "dissatisfied": s.dissatisfied,
        "dissatisfied_rate": s.dissatisfied_rate,
        "dissatisfied_flag": s.flagged,
    }


def _trust_json(r: TrustVoteResult) -> dict[str, Any]:
    return {
        "id": r.vote.id,
        "name": r.vote.name,
        "ballots_returned": r.vote.ballots_returned,
        "people": [
            {
                "id": row.subject.id,
                "name": row.subject.name,
                "trust": row.trust,
                "distrust": row.distrust,
                "abstain": row.abstain,
                "trust_rate": row.trust_rate,
                "trusted": row.trusted,
            }
            for row in r.rows
        ],
    }


def appraisal_result_to_json(result: AppraisalResult) -> dict[str, Any]:
    return {
        "format": APPRAISAL_RESULT_FORMAT,
        "evaluation": None
        if result.evaluation is None
        else {
            "ballots_returned": result.evaluation_returned,
            "subjects": [_subject_json(s) for s in result.evaluation],
        },
        "survey": None if result.survey is None else check_to_json(result.survey),
        "trust_votes": [_trust_json(r) for r in result.trust_votes],
    }
