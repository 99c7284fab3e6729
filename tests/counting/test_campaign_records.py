"""The `jipiao.nomination/1` and `jipiao.appraisal/1` records (docs/nomination-record.md,
docs/appraisal-record.md): golden records give their expected results byte for byte, and a
malformed record is refused naming the JSON pointer and the problem."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from campaignkit import CAMPAIGN_FIXTURES, refusal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recordkit import plain_key

from counting import RecordError, dumps
from counting.campaign import (
    appraisal_result_to_json,
    appraise,
    nominate,
    nomination_result_to_json,
    parse_appraisal_record,
    parse_nomination_record,
)

NOMINATIONS = sorted(CAMPAIGN_FIXTURES.glob("*.nomination.json"))
APPRAISALS = sorted(CAMPAIGN_FIXTURES.glob("*.appraisal.json"))
PARTY = json.loads((CAMPAIGN_FIXTURES / "party_two_recommendations.nomination.json").read_text())
DIRECT = json.loads(
    (CAMPAIGN_FIXTURES / "residents_direct_nomination.nomination.json").read_text()
)
APPRAISAL = json.loads((CAMPAIGN_FIXTURES / "village_appraisal.appraisal.json").read_text())


def expected_of(path: Path) -> str:
    stem = path.name.split(".")[0]
    return (path.with_name(f"{stem}.expected.json")).read_text(encoding="utf-8")


def test_the_golden_records_are_there() -> None:
    assert len(NOMINATIONS) >= 2 and len(APPRAISALS) >= 1


@pytest.mark.parametrize("path", NOMINATIONS, ids=lambda p: p.name.split(".")[0])
def test_nomination_golden(path: Path) -> None:
    pytest.importorskip("ballots.strokes")
    from app.calculator import name_key

    record = parse_nomination_record(json.loads(path.read_text(encoding="utf-8")))
    assert dumps(nomination_result_to_json(nominate(record, name_key))) == expected_of(path)


@pytest.mark.parametrize("path", APPRAISALS, ids=lambda p: p.name.split(".")[0])
def test_appraisal_golden(path: Path) -> None:
    record = parse_appraisal_record(json.loads(path.read_text(encoding="utf-8")))
    assert dumps(appraisal_result_to_json(appraise(record))) == expected_of(path)


def test_the_party_golden_reads_as_campaign_md_says() -> None:
    # CAMPAIGN.md §1 worked by hand: weights 3/7, 36 and 27 returned → 2·score > 297.
    result = nomination_result_to_json(nominate(parse_nomination_record(PARTY), plain_key))
    assert result["threshold"] == {"mode": "combined_half", "least_score": 149}
    assert sorted(result["outcome"]["nominees"]["member"]) == ["p01", "p02", "p03", "p04", "p05"]
    assert result["outcome"]["missing"] == {"secretary": 1}


def changed(doc: dict[str, Any], path: list[str | int], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


NOMINATION_REFUSALS = [
    # (document, pointer, words in the Chinese text)
    (changed(PARTY, ["format"], "jipiao.record/1"), "/format", "不支持的格式"),
    (changed(PARTY, ["election", "body"], "party_plenary"), "/election/body", "未知的提名类型"),
    (changed(PARTY, ["election", "rules", "quorum"], 1), "/election/rules/quorum", "未知的规则"),
    (changed(PARTY, ["election", "rules", "weights"], {"representatives": 0, "members": 0}),
     "/election/rules/weights", "不能全为0"),
    (changed(PARTY, ["election", "rules", "weights", "members"], -1),
     "/election/rules/weights/members", "非负整数"),
    (changed(PARTY, ["election", "rules", "nominee_threshold"], "half"),
     "/election/rules/nominee_threshold", "只能取"),
    (changed(PARTY, ["posts", 0, "role"], "chair"), "/posts/0/role", "不适用"),
    (changed(PARTY, ["posts", 1, "recommend_limit"], 0), "/posts/1/recommend_limit", "不小于1"),
    (changed(PARTY, ["meetings", 1, "kind"], "representatives"), "/meetings/1/kind", "重复"),
    (changed(PARTY, ["meetings"], [PARTY["meetings"][0]]), "/meetings", "缺少推荐会议"),
    (changed(PARTY, ["meetings", 0, "present"], 41), "/meetings/0/present", "多于应到"),
    (changed(PARTY, ["meetings", 0, "totals", "secretary", "votes", "p01"], 36),
     "/meetings/0/totals/secretary/votes/p01", "多于有效票"),
    (changed(PARTY, ["meetings", 0, "totals", "secretary", "votes", "p99"], 1),
     "/meetings/0/totals/secretary/votes/p99", "没有编号为“p99”的人员"),
    (changed(PARTY, ["meetings", 0, "totals", "secretary", "votes", "p04"], 2),
     "/meetings/0/totals/secretary/votes", "每票最多1人"),
    (changed(PARTY, ["meetings", 0, "ballots"], []), "/meetings/0", "之一"),
    (changed(PARTY, ["committee_list", "member", 0], "p99"), "/committee_list/member/0",
     "没有编号"),
    (changed(DIRECT, ["posts", 2, "recommend_limit"], 4), "/posts/2/recommend_limit", "海推"),
    (changed(DIRECT, ["forms", 0, "signers", 4], "户099"), "/forms/0/signers/4",
     "不在登记名册"),
    (changed(DIRECT, ["forms", 0, "kind"], "party"), "/forms/0/kind", "未知的提名方式"),
    (changed(DIRECT, ["forms", 2, "signers"], ["户001"]), "/forms/2/signers", "自荐"),
    (changed(DIRECT, ["roll", "members"], []), "/roll/members", "未知的名册"),
    (changed(DIRECT, ["meetings"], []), "/meetings", "海推"),
    (changed(DIRECT, ["totals", "chair", "invalid"], 101), "/totals/chair/invalid", "多于收回"),
]


@pytest.mark.parametrize(("doc", "ptr", "words"), NOMINATION_REFUSALS,
                         ids=[r[1] for r in NOMINATION_REFUSALS])
def test_a_malformed_nomination_record_is_refused(doc: Any, ptr: str, words: str) -> None:
    got_ptr, text = refusal(parse_nomination_record, doc)
    assert (got_ptr, words in text) == (ptr, True), text


def test_a_ballot_naming_someone_twice_or_unknown_is_refused() -> None:
    doc = changed(PARTY, ["meetings", 0, "totals"], KeyError)
    doc["meetings"][0]["ballots"] = [{"names": {"member": ["p01", "p01"]}}]
    doc["meetings"][0]["ballots_returned"] = 1
    assert refusal(parse_nomination_record, doc)[0] == "/meetings/0/ballots/0/names/member/1"
    doc["meetings"][0]["ballots"] = [{"names": {"treasurer": ["p01"]}}]
    assert refusal(parse_nomination_record, doc)[0] == "/meetings/0/ballots/0/names/treasurer"
    doc["meetings"][0]["ballots"] = [{"names": {"member": ["p01"]}}, {}]
    assert refusal(parse_nomination_record, doc)[0] == "/meetings/0/ballots_returned"


APPRAISAL_REFUSALS = [
    (changed(APPRAISAL, ["format"], "jipiao.nomination/1"), "/format", "不支持的格式"),
    (changed(APPRAISAL, ["rules"], {"appraisal_options": "stars"}), "/rules/appraisal_options",
     "未知的测评选项组"),
    (changed(APPRAISAL, ["rules"], {"dissatisfied_flag": "4/3"}), "/rules/dissatisfied_flag",
     "真分数"),
    (changed(APPRAISAL, ["evaluation", "totals", "team", "很满意"], 1),
     "/evaluation/totals/team/很满意", "未知的测评选项"),
    (changed(APPRAISAL, ["evaluation", "totals", "p09"], {}), "/evaluation/totals/p09",
     "没有编号"),
    (changed(APPRAISAL, ["evaluation", "subjects", 1, "id"], "team"),
     "/evaluation/subjects/1/id", "重复"),
    (changed(APPRAISAL, ["trust_votes", 0, "totals", "p03", "yes"], 1),
     "/trust_votes/0/totals/p03/yes", "未知的字段"),
    ({"format": "jipiao.appraisal/1"}, "", "之一"),
]


@pytest.mark.parametrize(("doc", "ptr", "words"), APPRAISAL_REFUSALS,
                         ids=[r[1] or "/" for r in APPRAISAL_REFUSALS])
def test_a_malformed_appraisal_record_is_refused(doc: Any, ptr: str, words: str) -> None:
    got_ptr, text = refusal(parse_appraisal_record, doc)
    assert (got_ptr, words in text) == (ptr, True), text


def test_an_appraisal_ballot_with_an_unknown_mark_is_refused() -> None:
    doc = changed(APPRAISAL, ["evaluation", "totals"], KeyError)
    doc["evaluation"]["ballots"] = [{"marks": {"team": "很好"}}]
    doc["evaluation"]["ballots_returned"] = 1
    ptr, text = refusal(parse_appraisal_record, doc)
    assert ptr == "/evaluation/ballots/0/marks/team" and "未知的标记" in text


@pytest.mark.parametrize(
    ("doc", "fixtures"),
    [
        ("nomination-record.md", ["party_two_recommendations.nomination.json",
                                  "residents_direct_nomination.nomination.json"]),
        ("appraisal-record.md", ["village_appraisal.appraisal.json",
                                 "village_appraisal.expected.json"]),
    ],
)
def test_the_worked_examples_in_docs_are_the_golden_records(doc: str, fixtures: list[str]) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / doc).read_text(encoding="utf-8")
    blocks = [json.loads(b.split("```", 1)[0]) for b in text.split("```json\n")[1:]]
    for name in fixtures:
        assert json.loads((CAMPAIGN_FIXTURES / name).read_text(encoding="utf-8")) in blocks


# Any broken record is refused cleanly: a RecordError with pointers, never another exception
# (the service answers bad input with a clear error, never a 500).
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "p01", "member", "secretary", "members", "voters", "self", "满意",
                       "trust", "1/3", "户001", "satisfaction"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
BASES = {"party": PARTY, "direct": DIRECT, "appraisal": APPRAISAL}


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, (*prefix, i))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), data=st.data())
def test_any_broken_record_is_refused_cleanly(base: str, data: st.DataObject) -> None:
    doc = copy.deepcopy(BASES[base])
    where = data.draw(st.sampled_from(paths(doc)[1:]))
    parent = doc
    for key in where[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        del parent[where[-1]]
    else:
        parent[where[-1]] = data.draw(JSON_VALUES)
    try:
        if base == "appraisal":
            appraisal_result_to_json(appraise(parse_appraisal_record(doc)))
        else:
            nomination_result_to_json(nominate(parse_nomination_record(doc), plain_key))
    except RecordError as err:
        for p in err.problems:
            assert p.pointer == "" or p.pointer.startswith("/")
            assert p.zh and p.en
