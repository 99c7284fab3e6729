"""The rule set of an election: every ⚙ setting of RULES.md, its default per body.

`rules_for(body, overrides)` gives the rule set of one election; an override names a
setting by its RULES.md key. Fractions are (numerator, denominator) pairs of integers,
written "1/2" in JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, get_args

Body = Literal[
    "party_branch",
    "party_plenary",
    "residents_committee",
    "villagers_committee",
    "supervisory_committee",
]
BODIES: tuple[Body, ...] = get_args(Body)
PARTY_BODIES: frozenset[Body] = frozenset({"party_branch", "party_plenary"})
COMMITTEE_BODIES: frozenset[Body] = frozenset({"residents_committee", "villagers_committee"})

Fraction = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Rules:
    # RULES.md §2 — party elections
    quorum_allow_equal: bool = False
    plenary_quorum: Fraction = (4, 5)
    member_surplus_percent: int = 20
    secretary_mode: Literal["indirect", "direct"] = "indirect"
    secretary_requires_member_mark: bool = True
    secretary_must_be_elected_member: bool = True
    unit_kind: Literal["branch", "general_branch", "committee"] = "branch"
    # What the ballot elects: the unit's committee, or its 出席上级党代会代表 (delegates are
    # not a committee: no committee-size check; 差额 and majority as for 委员).
    elects: Literal["committee", "delegates"] = "committee"
    # RULES.md §3 — residents' and villagers' committees
    electorate_mode: Literal["voters", "households", "representatives"] = "voters"
    notified_absentees_excluded: bool = True
    voted_counts_invalid: bool = True
    turnout_ratio: Fraction = (1, 2)
    post_surplus: Mapping[str, tuple[int, int]] | None = None
    equal_allowed: bool = False
    multi_post_mode: Literal["separate", "cascade"] = "separate"
    supplementary_candidates: int = 1
    supplementary_turnout_check: bool = True
    supplementary_min_share: Fraction = (1, 3)
    women_seat_mode: Literal["none", "another_round_if_none", "reserved_seat"] = "none"
    max_proxies_per_holder: int = 3
    same_person_multi_post: Literal["all", "highest_only"] = "all"
    # RULES.md §4 — supervisory committee
    supervisory_meeting: Literal["representatives", "assembly"] = "representatives"
    # RULES.md §5 — ballots
    writein_without_mark: Literal["invalid", "yes"] = "invalid"
    overvote_scope: Literal["section", "sheet"] = "section"
    writein_requires_no_mark: bool = False
    # RULES.md §6 — ties and unfilled seats
    tiebreak_requires_majority: bool = False
    party_supplementary_candidates: int = 20
    allow_reduce_seats: bool = True
    # RULES.md §7 — name order
    single_given_name_first: bool = True

    def surplus_range(self, role: str) -> tuple[int, int]:
        """村/居 差额 per post role: (least, most) candidates beyond the seats (RULES.md §3)."""
        table = self.post_surplus if self.post_surplus is not None else DEFAULT_POST_SURPLUS
        return table.get(role, table["member"])


DEFAULT_POST_SURPLUS: Mapping[str, tuple[int, int]] = {
    "chair": (1, 1),
    "vice_chair": (1, 1),
    "member": (1, 3),
}

_BODY_DEFAULTS: Mapping[Body, Mapping[str, Any]] = {
    "party_branch": {},
    "party_plenary": {},
    # RULES.md §3 — 村/居: write-ins without a mark count as YES; a woman member is sought;
    # one person, one post per ballot.
    "residents_committee": {
        "women_seat_mode": "another_round_if_none",
        "writein_without_mark": "yes",
        "same_person_multi_post": "highest_only",
    },
    "villagers_committee": {
        "women_seat_mode": "another_round_if_none",
        "writein_without_mark": "yes",
        "same_person_multi_post": "highest_only",
    },
    # RULES.md §4: write-ins follow the 村/居 default. The 监督委员会 is a 村/居 body, so one
    # person holds one post there too (RULES.md §3 names "村/居" for highest_only).
    "supervisory_committee": {
        "writein_without_mark": "yes",
        "same_person_multi_post": "highest_only",
    },
}

RULE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Rules))


class RuleProblem(ValueError):
    """An override that is not a known setting or not of the setting's form."""

    def __init__(self, key: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.key = key
        self.zh = zh
        self.en = en


def rules_for(body: Body, overrides: Mapping[str, object] | None = None) -> Rules:
    """The rule set of one election: the body's defaults with `overrides` applied by key."""
    values: dict[str, Any] = dict(_BODY_DEFAULTS[body])
    for key, raw in (overrides or {}).items():
        if key not in _PARSERS:
            raise RuleProblem(key, f"未知的规则设置“{key}”", f"unknown rule key {key!r}")
        values[key] = _PARSERS[key](key, raw)
    rules = replace(Rules(), **values)
    if body == "villagers_committee" and rules.equal_allowed:
        raise RuleProblem(
            "equal_allowed",
            "村民委员会选举必须差额（村民委员会组织法第十五条），不能设置等额",
            "villagers' committee elections must have more candidates than seats",
        )
    return rules


def _bool(key: str, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    raise RuleProblem(key, f"规则“{key}”应为 true 或 false", f"rule {key!r} must be true or false")


def _count(key: str, raw: object) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    raise RuleProblem(
        key, f"规则“{key}”应为非负整数", f"rule {key!r} must be a non-negative integer"
    )


def parse_fraction(key: str, raw: object) -> Fraction:
    if isinstance(raw, str) and raw.count("/") == 1:
        num, den = raw.split("/")
        if num.strip().isdigit() and den.strip().isdigit():
            n, d = int(num), int(den)
            if 0 < n < d:
                return (n, d)
    raise RuleProblem(
        key,
        f'规则“{key}”应为真分数，如 "1/2"',
        f'rule {key!r} must be a proper fraction like "1/2"',
    )


def _choice(*options: str) -> Any:
    def parse(key: str, raw: object) -> str:
        if isinstance(raw, str) and raw in options:
            return raw
        listed = "、".join(options)
        raise RuleProblem(
            key, f"规则“{key}”只能取：{listed}", f"rule {key!r} must be one of {', '.join(options)}"
        )

    return parse


def _post_surplus(key: str, raw: object) -> Mapping[str, tuple[int, int]]:
    table = dict(DEFAULT_POST_SURPLUS)
    if isinstance(raw, dict):
        for role, pair in raw.items():
            if (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
                and 1 <= pair[0] <= pair[1]
            ):
                table[str(role)] = (pair[0], pair[1])
                continue
            raise RuleProblem(
                key,
                f"规则“{key}”中“{role}”应为 [最少, 最多] 两个正整数",
                f"rule {key!r}: {role!r} must be [least, most] positive integers",
            )
        return table
    raise RuleProblem(
        key, f'规则“{key}”应为对象，如 {{"member": [1, 3]}}', f"rule {key!r} must be an object"
    )


_PARSERS: Mapping[str, Any] = {
    "quorum_allow_equal": _bool,
    "plenary_quorum": parse_fraction,
    "member_surplus_percent": _count,
    "secretary_mode": _choice("indirect", "direct"),
    "secretary_requires_member_mark": _bool,
    "secretary_must_be_elected_member": _bool,
    "unit_kind": _choice("branch", "general_branch", "committee"),
    "elects": _choice("committee", "delegates"),
    "electorate_mode": _choice("voters", "households", "representatives"),
    "notified_absentees_excluded": _bool,
    "voted_counts_invalid": _bool,
    "turnout_ratio": parse_fraction,
    "post_surplus": _post_surplus,
    "equal_allowed": _bool,
    "multi_post_mode": _choice("separate", "cascade"),
    "supplementary_candidates": _count,
    "supplementary_turnout_check": _bool,
    "supplementary_min_share": parse_fraction,
    "women_seat_mode": _choice("none", "another_round_if_none", "reserved_seat"),
    "max_proxies_per_holder": _count,
    "same_person_multi_post": _choice("all", "highest_only"),
    "supervisory_meeting": _choice("representatives", "assembly"),
    "writein_without_mark": _choice("invalid", "yes"),
    "overvote_scope": _choice("section", "sheet"),
    "writein_requires_no_mark": _bool,
    "tiebreak_requires_majority": _bool,
    "party_supplementary_candidates": _count,
    "allow_reduce_seats": _bool,
    "single_given_name_first": _bool,
}
assert set(_PARSERS) == set(RULE_KEYS), "every Rules field has a parser"
