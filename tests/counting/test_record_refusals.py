"""RECORD.md — a record whose numbers cannot be true is refused, naming the JSON pointer and
the problem in Chinese and English; never a traceback, never a partial result."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recordkit import (
    VOID,
    ballot,
    candidates,
    party_attendance,
    plain_key,
    post,
    problems_of,
    record,
    round_,
    yes_for,
)
from villagekit import village

from counting import RecordError, count, parse_record


def party_doc() -> dict:
    """Direct mode, per ballot, with write-ins, a void ballot, exclusions and boxes."""
    cands = candidates(7, ["member"])
    cands[0]["posts"] = ["secretary", "member"]
    ballots = [
        ballot(
            {"secretary": {"c01": "yes"}, "member": {"c01": "yes", "c02": "no"}},
            {"member": [("方小红", "yes")]},
        ),
        ballot({"member": {"c03": "unreadable"}}),
        VOID,
        yes_for("member", "c01", "c02", "c03"),
    ]
    r = round_(
        party_attendance(4, 6, [{"count": 1, "reason": "外出半年以上"}]),
        ballots=ballots,
        boxes=[{"id": "main", "issued": 3, "returned": 3}, {"id": "m", "issued": 1, "returned": 1}],
        decisions={},
    )
    doc = record(
        "party_branch",
        [post("secretary", 1), post("member", 5)],
        cands,
        [r],
        {"secretary_mode": "direct"},
        ineligible=[{"name": "田大勇", "reason": "不是本支部党员"}],
    )
    return copy.deepcopy(doc)  # the tests change it in place: no shared ballots


def village_doc() -> dict:
    totals = {
        "chair": {"invalid": 10, "yes": {"c01": 400}, "no": {"c01": 20}},
        "vice_chair": {"invalid": 3, "yes": {"c03": 400}},
        "member": {"invalid": 3, "yes": {"c05": 400, "c06": 300}, "write_ins": {"方小红": 5}},
    }
    return village(totals, returned=600, issued=610, ballots_void=3)


def rounds_doc() -> dict:
    """A regular round with a boundary tie, its tie-break, then a 另行选举 (totals)."""

    def rnd(rid: str, kind: str, votes: dict, contests: dict | None = None) -> dict:
        return round_(
            party_attendance(48, 50),
            totals={"member": {"yes": votes}},
            returned=48,
            rid=rid,
            kind=kind,
            contests=contests,
        )

    r1 = rnd(
        "r1",
        "regular",
        {"c01": 45, "c02": 44, "c03": 40, "c04": 35} | dict.fromkeys(("c05", "c06", "c07"), 30),
    )
    tied = ["c05", "c06", "c07"]
    r2 = rnd(
        "r2", "tie_break", {"c05": 30, "c06": 20}, {"member": {"seats": 2, "candidates": tied}}
    )
    r3 = rnd(
        "r3", "supplementary", {"c06": 30}, {"member": {"seats": 1, "candidates": ["c06", "c07"]}}
    )
    return record(
        "party_branch",
        [post("member", 6)],
        candidates(8, ["member"]),
        [r1, r2, r3],
        {"tiebreak_requires_majority": True},
    )


BASES = {"party": party_doc, "village": village_doc, "rounds": rounds_doc}


def test_the_base_records_are_valid() -> None:
    assert count(parse_record(rounds_doc()), plain_key).outcome.status == "complete"
    for doc in (party_doc(), village_doc()):
        count(parse_record(doc), plain_key)


def refused(doc: dict) -> tuple[str, str, str]:
    problems = problems_of(doc)
    assert problems, "a refusal names at least one problem"
    for pointer, zh, en in problems:
        assert pointer == "" or pointer.startswith("/")
        assert zh.strip() and en.strip()
    return problems[0]


def test_yes_plus_no_more_than_valid_sections() -> None:
    doc = village_doc()
    doc["rounds"][0]["totals"]["chair"]["no"]["c01"] = 191  # 400 + 191 > 590 valid
    pointer, zh, en = refused(doc)
    assert pointer == "/rounds/0/totals/chair/yes/c01"
    assert "590" in zh and "590" in en


def test_totals_inconsistent_with_returned_ballots() -> None:
    doc = village_doc()
    doc["rounds"][0]["totals"]["chair"]["invalid"] = 601
    assert refused(doc)[0] == "/rounds/0/totals/chair/invalid"
    doc = village_doc()
    doc["rounds"][0]["totals"]["chair"]["invalid"] = 2  # fewer than the 3 void ballots
    assert refused(doc)[0] == "/rounds/0/totals/chair/invalid"
    doc = village_doc()
    doc["rounds"][0]["totals"]["member"]["yes"] |= {"c07": 590, "c08": 500}  # 1795 > 3 × 597
    assert refused(doc)[0] == "/rounds/0/totals/member"
    doc = village_doc()
    doc["rounds"][0]["ballots_void"] = 601
    assert refused(doc)[0] == "/rounds/0/ballots_void"
    doc = village_doc()
    doc["rounds"][0]["totals"]["member"]["write_ins"] = {"陈静": 3}  # c05, a printed name
    assert refused(doc)[0] == "/rounds/0/totals/member/write_ins/陈静"
    doc = village_doc()
    del doc["rounds"][0]["totals"]["vice_chair"]
    assert refused(doc)[0] == "/rounds/0/totals/vice_chair"


def test_ballots_listed_differ_from_ballots_returned() -> None:
    doc = party_doc()
    doc["rounds"][0]["ballots_returned"] = 5
    pointer, zh, en = refused(doc)
    assert pointer == "/rounds/0/ballots_returned" and "5" in zh and "4" in en


def test_boxes_whose_sums_do_not_match() -> None:
    doc = party_doc()
    doc["rounds"][0]["boxes"][1]["returned"] = 0
    assert refused(doc)[0] == "/rounds/0/boxes"
    doc = party_doc()
    doc["rounds"][0]["boxes"][1]["id"] = "main"
    assert refused(doc)[0] == "/rounds/0/boxes/1/id"


def test_unknown_candidate_and_post_for_which_a_candidate_does_not_stand() -> None:
    doc = party_doc()
    doc["rounds"][0]["ballots"][3]["marks"]["member"]["c09"] = "yes"
    pointer, zh, en = refused(doc)
    assert pointer == "/rounds/0/ballots/3/marks/member/c09" and "c09" in zh and "c09" in en
    doc = party_doc()
    doc["rounds"][0]["ballots"][3]["marks"]["secretary"] = {"c02": "yes"}  # c02: 委员 only
    assert refused(doc)[0] == "/rounds/0/ballots/3/marks/secretary/c02"
    doc = party_doc()
    doc["rounds"][0]["ballots"][0]["marks"]["treasurer"] = {}
    assert refused(doc)[0] == "/rounds/0/ballots/0/marks/treasurer"
    doc = party_doc()
    doc["candidates"][2]["posts"] = ["member", "chair"]
    assert refused(doc)[0] == "/candidates/2/posts/1"


@pytest.mark.parametrize("value", [-1, 4.0, "4", True, None, [4]])
def test_negative_or_non_integer_counts(value: Any) -> None:
    for path in (("attendance", "present"), ("ballots_issued",), ("attendance", "entitled")):
        doc = party_doc()
        node = doc["rounds"][0]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert refused(doc)[0] == "/rounds/0/" + "/".join(path)
    doc = village_doc()
    doc["rounds"][0]["totals"]["chair"]["yes"]["c01"] = value
    assert refused(doc)[0] == "/rounds/0/totals/chair/yes/c01"
    doc = party_doc()
    doc["posts"][1]["seats"] = value
    assert refused(doc)[0] == "/posts/1/seats"


def test_zero_seats_is_refused() -> None:
    doc = party_doc()
    doc["posts"][1]["seats"] = 0
    assert refused(doc)[0] == "/posts/1/seats"


@pytest.mark.parametrize("where", ["candidates", "posts", "rounds"])
def test_duplicate_ids(where: str) -> None:
    doc = party_doc()
    doc[where].append(copy.deepcopy(doc[where][0]))
    assert refused(doc)[0] == f"/{where}/{len(doc[where]) - 1}/id"


def test_other_contract_breaks() -> None:
    cases: list[tuple[Any, str]] = []
    doc = party_doc()
    doc["format"] = "jipiao.record/2"
    cases.append((doc, "/format"))
    doc = party_doc()
    doc["election"]["body"] = "town_council"
    cases.append((doc, "/election/body"))
    doc = party_doc()
    del doc["posts"]
    cases.append((doc, "/posts"))
    doc = party_doc()
    doc["rounds"][0]["ballots"][0]["marks"]["member"]["c02"] = "maybe"
    cases.append((doc, "/rounds/0/ballots/0/marks/member/c02"))
    doc = party_doc()
    doc["rounds"][0]["ballots"][0]["write_ins"]["member"][0]["mark"] = "circle"
    cases.append((doc, "/rounds/0/ballots/0/write_ins/member/0/mark"))
    doc = party_doc()
    doc["rounds"][0]["ballots"][2]["void"] = "yes"
    cases.append((doc, "/rounds/0/ballots/2/void"))
    doc = party_doc()
    doc["rounds"][0]["totals"] = {}
    cases.append((doc, "/rounds/0"))  # both ballots and totals
    doc = party_doc()
    doc["rounds"][0]["attendance"]["present"] = 6  # more than 应到 5
    cases.append((doc, "/rounds/0/attendance/present"))
    doc = party_doc()
    doc["rounds"][0]["attendance"]["excluded"] = 7
    cases.append((doc, "/rounds/0/attendance/excluded"))
    doc = party_doc()
    doc["candidates"][1]["surname"] = "王"  # 李秀英
    cases.append((doc, "/candidates/1/surname"))
    doc = party_doc()
    doc["candidates"][1]["gender"] = "X"
    cases.append((doc, "/candidates/1/gender"))
    doc = party_doc()
    doc["rounds"] = []
    cases.append((doc, "/rounds"))
    cases.append(([], ""))
    doc = village_doc()
    doc["rounds"][0]["attendance"] = {"entitled": 1000, "present": 600}
    cases.append((doc, "/rounds/0/attendance/registered"))
    for doc, pointer in cases:
        assert refused(doc)[0] == pointer, pointer


# --- no traceback, whatever is broken -----------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "c01", "member", "yes", "none", "方小红", "r1", "1/2", "regular"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, (*prefix, i))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), data=st.data())
def test_any_broken_record_is_refused_cleanly(base: str, data: st.DataObject) -> None:
    doc = BASES[base]()
    where = data.draw(st.sampled_from(paths(doc)[1:]))
    action = data.draw(st.sampled_from(["replace", "delete"]))
    parent = doc
    for key in where[:-1]:
        parent = parent[key]
    if action == "delete":
        del parent[where[-1]]
    else:
        parent[where[-1]] = data.draw(JSON_VALUES)
    try:
        count(parse_record(doc), plain_key)
    except RecordError as err:
        assert err.code == "invalid_record"
        for p in err.problems:
            assert p.pointer == "" or p.pointer.startswith("/")
            assert p.zh and p.en
