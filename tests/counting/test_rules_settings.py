"""Every ⚙ setting of RULES.md: its default per body, and an override by its name."""

from __future__ import annotations

import re

import pytest
from recordkit import (
    SPEC_DIR,
    candidates,
    party_attendance,
    post,
    problems_of,
    record,
    round_,
    yes_for,
)

from counting import count, parse_record
from counting.rules import BODIES, RULE_KEYS, rules_for

SPEC = SPEC_DIR / "RULES.md"

# RULES.md defaults, the same for every body unless BY_BODY says otherwise.
DEFAULTS = {
    "quorum_allow_equal": False,
    "plenary_quorum": (4, 5),
    "member_surplus_percent": 20,
    "secretary_mode": "indirect",
    "secretary_requires_member_mark": True,
    "secretary_must_be_elected_member": True,
    "electorate_mode": "voters",
    "notified_absentees_excluded": True,
    "voted_counts_invalid": True,
    "turnout_ratio": (1, 2),
    "equal_allowed": False,
    "multi_post_mode": "separate",
    "supplementary_candidates": 1,  # seats_left + 1
    "supplementary_turnout_check": True,
    "supplementary_min_share": (1, 3),
    "max_proxies_per_holder": 3,
    "overvote_scope": "section",
    "tiebreak_requires_majority": False,
    "party_supplementary_candidates": 20,  # left + ceil(left/5): 20 %
    "allow_reduce_seats": True,
    "single_given_name_first": True,
    "unit_kind": "branch",
    "elects": "committee",
    "supervisory_meeting": "representatives",
    "writein_requires_no_mark": False,
}
PARTY = {
    "women_seat_mode": "none",
    "writein_without_mark": "invalid",
    "same_person_multi_post": "all",
}
COMMITTEE = {
    "women_seat_mode": "another_round_if_none",
    "writein_without_mark": "yes",
    "same_person_multi_post": "highest_only",
}
BY_BODY = {
    "party_branch": PARTY,
    "party_plenary": PARTY,
    "residents_committee": COMMITTEE,
    "villagers_committee": COMMITTEE,
    # RULES.md §4: the supervisory committee's write-ins follow the 村/居 default; it is a
    # 村/居 body, so one person holds one post there too.
    "supervisory_committee": {
        "women_seat_mode": "none",
        "writein_without_mark": "yes",
        "same_person_multi_post": "highest_only",
    },
}

OVERRIDES = {
    "quorum_allow_equal": (True, True),
    "plenary_quorum": ("2/3", (2, 3)),
    "member_surplus_percent": (25, 25),
    "secretary_mode": ("direct", "direct"),
    "secretary_requires_member_mark": (False, False),
    "secretary_must_be_elected_member": (False, False),
    "electorate_mode": ("households", "households"),
    "notified_absentees_excluded": (False, False),
    "voted_counts_invalid": (False, False),
    "turnout_ratio": ("2/3", (2, 3)),
    "post_surplus": ({"member": [2, 4]}, {"chair": (1, 1), "vice_chair": (1, 1), "member": (2, 4)}),
    "equal_allowed": (True, True),
    "multi_post_mode": ("cascade", "cascade"),
    "supplementary_candidates": (2, 2),
    "supplementary_turnout_check": (False, False),
    "supplementary_min_share": ("1/4", (1, 4)),
    "women_seat_mode": ("reserved_seat", "reserved_seat"),
    "max_proxies_per_holder": (1, 1),
    "writein_without_mark": ("yes", "yes"),
    "overvote_scope": ("sheet", "sheet"),
    "tiebreak_requires_majority": (True, True),
    "party_supplementary_candidates": (40, 40),
    "allow_reduce_seats": (False, False),
    "single_given_name_first": (False, False),
    "unit_kind": ("committee", "committee"),
    "elects": ("delegates", "delegates"),
    "supervisory_meeting": ("assembly", "assembly"),
    "writein_requires_no_mark": (True, True),
    "same_person_multi_post": ("highest_only", "highest_only"),
}
BAD_VALUES = {
    "quorum_allow_equal": "yes",
    "plenary_quorum": "3/2",
    "member_surplus_percent": -1,
    "secretary_mode": "both",
    "turnout_ratio": 0.5,
    "post_surplus": [1, 3],
    "supplementary_min_share": "1/0",
    "overvote_scope": "ballot",
    "supplementary_candidates": 1.5,
    "unit_kind": "village",
    "elects": "representatives",
    "supervisory_meeting": "meeting",
    "writein_requires_no_mark": "no",
    "same_person_multi_post": "lowest_only",
}


def test_every_setting_of_rules_md_is_exposed() -> None:
    assert set(RULE_KEYS) == set(DEFAULTS) | set(BY_BODY["party_branch"]) | {"post_surplus"}
    if SPEC.exists():
        in_spec = set(re.findall(r"⚙ `(\w+)`", SPEC.read_text(encoding="utf-8")))
        assert in_spec <= set(RULE_KEYS)


@pytest.mark.parametrize("body", BODIES)
def test_defaults_per_body(body: str) -> None:
    rules = rules_for(body)  # type: ignore[arg-type]
    for key, value in (DEFAULTS | BY_BODY[body]).items():
        assert getattr(rules, key) == value, key
    assert rules.surplus_range("chair") == (1, 1)
    assert rules.surplus_range("vice_chair") == (1, 1)
    assert rules.surplus_range("member") == (1, 3)


@pytest.mark.parametrize("key", sorted(OVERRIDES))
def test_override_by_name(key: str) -> None:
    given, wanted = OVERRIDES[key]
    body = "residents_committee" if key == "equal_allowed" else "party_branch"
    doc = record(
        body,
        [post("member", 1)],
        candidates(2, ["member"]),
        [
            round_(
                party_attendance(1) if body == "party_branch" else {"registered": 1},
                ballots=[yes_for("member", "c01")],
            )
        ],
        {key: given},
    )
    assert getattr(parse_record(doc).rules, key) == wanted


def test_unknown_rule_key_is_refused() -> None:
    doc = record(
        "party_branch",
        [post("member", 1)],
        candidates(2, ["member"]),
        [round_(party_attendance(1), ballots=[ballot_yes()])],
        {"quorum": "1/2"},
    )
    ((pointer, zh, en),) = problems_of(doc)
    assert pointer == "/election/rules/quorum" and "未知" in zh and "unknown rule key" in en


@pytest.mark.parametrize("key", sorted(BAD_VALUES))
def test_bad_setting_value_is_refused(key: str) -> None:
    doc = record(
        "party_branch",
        [post("member", 1)],
        candidates(2, ["member"]),
        [round_(party_attendance(1), ballots=[ballot_yes()])],
        {key: BAD_VALUES[key]},
    )
    assert problems_of(doc)[0][0] == f"/election/rules/{key}"


def ballot_yes() -> dict:
    return yes_for("member", "c01")


@pytest.mark.parametrize("setting", [True, False])
def test_single_given_name_first_reaches_the_name_key(setting: bool) -> None:
    seen = set()

    def key(name: str, surname: str | None, single_first: bool) -> tuple[int, ...]:
        seen.add(single_first)
        return tuple(map(ord, name))

    doc = record(
        "party_branch",
        [post("member", 1)],
        candidates(2, ["member"]),
        [round_(party_attendance(1), ballots=[ballot_yes()])],
        {"single_given_name_first": setting},
    )
    count(parse_record(doc), key)
    assert seen == {setting}


def test_surname_reaches_the_name_key() -> None:
    got = {}

    def key(name: str, surname: str | None, single_first: bool) -> tuple[int, ...]:
        got[name] = surname
        return tuple(map(ord, name))

    cands = [
        {"id": "c01", "name": "欧阳少东", "surname": "欧阳", "posts": ["member"]},
        {"id": "c02", "name": "洪少东", "posts": ["member"]},
    ]
    doc = record(
        "party_branch",
        [post("member", 1)],
        cands,
        [round_(party_attendance(1), ballots=[ballot_yes()])],
    )
    count(parse_record(doc), key)
    assert got == {"欧阳少东": "欧阳", "洪少东": None}
