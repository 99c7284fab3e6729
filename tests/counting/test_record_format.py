"""RECORD.md "Record": defaults, roles, extra fields, and what a regular round contests."""

from __future__ import annotations

import copy

from recordkit import (
    ballot,
    candidate,
    candidates,
    name_of,
    party_attendance,
    post,
    record,
    result_of,
    result_text,
    round_,
    yes_for,
)

from counting import parse_record


def base() -> dict:
    return record(
        "party_branch",
        [post("member", 2)],
        candidates(3, ["member"]),
        [
            round_(
                party_attendance(5, 6, 1),
                ballots=[yes_for("member", "c01", "c02") for _ in range(5)],
            )
        ],
    )


def test_extra_fields_are_ignored() -> None:
    doc = base()
    plain = result_text(doc)
    extended = copy.deepcopy(doc)
    extended["published_at"] = "2026-11-23"
    extended["election"]["unit"] = "幸福社区党支部"
    extended["posts"][0]["order"] = 1
    extended["candidates"][0]["birth_year"] = 1970
    extended["rounds"][0]["held_at"] = "会议室"
    extended["rounds"][0]["ballots"][0]["entered_by"] = "计票人甲"
    assert result_text(extended) == plain


def test_defaults_of_a_round() -> None:
    doc = base()
    r = doc["rounds"][0]
    del r["ballots_issued"], r["ballots_returned"], r["kind"]
    r["attendance"] = {"entitled": 5, "present": 5}  # excluded defaults to 0
    rnd = parse_record(doc).rounds[0]
    assert (rnd.kind, rnd.ballots_issued, rnd.ballots_returned) == ("regular", 5, 5)
    assert rnd.attendance.expected == 5
    assert [(c.post, c.seats, c.candidates) for c in rnd.contests] == [
        ("member", 2, ("c01", "c02", "c03"))
    ]


def test_exclusions_as_a_count_or_a_list() -> None:
    doc = base()
    doc["rounds"][0]["attendance"]["excluded"] = [
        {"count": 1, "reason": "正在服刑"},
        {"count": 2, "reason": "外出半年以上组织关系未转"},
    ]
    doc["rounds"][0]["attendance"]["entitled"] = 8
    assert parse_record(doc).rounds[0].attendance.expected == 5


def test_role_defaults_to_the_id_else_member() -> None:
    posts = [
        post("chair", 1),
        post("zhuren2", 1, "副主任", role="vice_chair"),
        post("weiyuan", 3, "委员"),
        post("funv", 1, "妇女委员", women_only=True),
    ]
    cands = [candidate(f"c{i:02}", name_of(i), [p["id"]], "F") for i, p in enumerate(posts, 1)]
    doc = record(
        "villagers_committee",
        posts,
        cands,
        [round_({"registered": 3}, ballots=[ballot() for _ in range(2)])],
    )
    rec = parse_record(doc)
    assert [(p.role, p.women_only) for p in rec.posts] == [
        ("chair", False),
        ("vice_chair", False),
        ("member", False),
        ("member", True),
    ]


def test_write_in_mark_left_out_is_none() -> None:
    doc = base()
    doc["rounds"][0]["ballots"][0] = {"write_ins": {"member": [{"name": "方小红"}]}}
    (w,) = parse_record(doc).rounds[0].ballots[0].write_ins["member"]  # type: ignore[index]
    assert w.mark == "none"
    # party default: an unmarked write-in counts for nobody
    tally = result_of(doc)["rounds"][0]["posts"]["member"]["tally"]
    assert all(not r.get("write_in") for r in tally)


def test_names_are_compared_after_nfkc() -> None:
    """A written name in full-width or with spaces is the printed candidate (counted once)."""
    doc = base()
    doc["rounds"][0]["ballots"][0] = ballot({}, {"member": [(" " + name_of(3) + " ", "yes")]})
    rows = {
        r.get("id", r["name"]): r for r in result_of(doc)["rounds"][0]["posts"]["member"]["tally"]
    }
    assert rows["c03"]["yes"] == 1
