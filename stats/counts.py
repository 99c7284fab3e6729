"""The integer counts of CAMPAIGN.md §4 for one unit, summed up the tree. Every figure of
the report is a ratio of these (stats.figures); a previous term is entered as the same counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from stats.model import Election, Group, Person, Seat, Unit

# The people of a committee: 党组织, 村/居委会, 监委会, and the 两委 together.
PEOPLE_GROUPS = ("party", "committee", "supervisory", "two")
PERSON_COUNTS = ("people", "age_known", "age_sum", "under_35", "under_40", "college", "women",
                 "minorities", "party_members", "new", "reelected")
ROLE_SEATS = {("party", "secretary"): "party_secretary",
              ("party", "deputy_secretary"): "party_deputy",
              ("party", "member"): "party_member",
              ("committee", "chair"): "committee_chair",
              ("committee", "vice_chair"): "committee_vice_chair",
              ("committee", "member"): "committee_member",
              ("supervisory", "chair"): "supervisory_chair",
              ("supervisory", "vice_chair"): "supervisory_vice_chair",
              ("supervisory", "member"): "supervisory_member"}
COUNT_KEYS: tuple[str, ...] = (
    "townships", "villages", "communities", "units_done",
    "committee_held", "committee_first_round", "party_held", "party_first_round",
    "registered", "voted", "expected", "present",
    "committee_seats", "committee_candidates", "party_seats", "party_candidates",
    "party_elections", "direct_elections",
    *ROLE_SEATS.values(),
    *(f"{g}_{c}" for g in PEOPLE_GROUPS for c in PERSON_COUNTS),
    "units_elected", "one_shoulder", "one_shoulder_planned", "one_shoulder_missed",
    "cross", "units_with_woman",
)
KEY_SET = frozenset(COUNT_KEYS)
# group → count → its key, e.g. ("two", "women") → "two_women"
PERSON_KEYS = {g: {c: f"{g}_{c}" for c in PERSON_COUNTS} for g in PEOPLE_GROUPS}
COLLEGE = ("大专", "本科", "研究生")  # CAMPAIGN.md §3 — 大专及以上
PARTY_MEMBERS = ("中共党员", "中共预备党员")
MAJORITY_ETHNICITY = "汉族"


class Counts(Mapping[str, int]):
    """Integers by `COUNT_KEYS` (a key not given is 0); `a + b` adds them (a roll-up)."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, int] | None = None) -> None:
        given = values or {}
        unknown = given.keys() - KEY_SET
        if unknown:
            raise KeyError(f"unknown counts: {sorted(unknown)}")
        self._values = {k: int(given.get(k, 0)) for k in COUNT_KEYS}

    @classmethod
    def _of(cls, values: dict[str, int]) -> Counts:
        """Counts from a complete dict of integers (no check: the roll-up's fast path)."""
        out = cls.__new__(cls)
        out._values = values
        return out

    def __getitem__(self, key: str) -> int:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(COUNT_KEYS)

    def __len__(self) -> int:
        return len(COUNT_KEYS)

    def __repr__(self) -> str:
        return f"Counts({ {k: v for k, v in self._values.items() if v} })"

    def __add__(self, other: Counts) -> Counts:
        mine, theirs = self._values, other._values
        return Counts._of({k: mine[k] + theirs[k] for k in COUNT_KEYS})


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def person_counts(group: str, people: Mapping[str, tuple[Person, date | None]],
                  previous: frozenset[Group]) -> dict[str, int]:
    """The person figures of one committee over its distinct people, each with the day they
    were elected; `previous` are the committees whose seat in the last term makes 连任."""
    keys = PERSON_KEYS[group]
    n = women = college = minorities = members = reelected = 0
    known = age_sum = under_35 = under_40 = 0
    for person, day in people.values():
        n += 1
        women += person.gender == "F"
        college += person.education in COLLEGE
        minorities += person.ethnicity not in (None, MAJORITY_ETHNICITY)
        members += person.political_status in PARTY_MEMBERS
        reelected += bool(person.previous_groups & previous)
        if person.birth_date is not None and day is not None:
            age = age_on(person.birth_date, day)
            known += 1
            age_sum += age
            # 35岁以下 includes 35 (以下 包括本数: 民法典 §1259).
            under_35 += age <= 35
            under_40 += age <= 40
    values = {"people": n, "age_known": known, "age_sum": age_sum, "under_35": under_35,
              "under_40": under_40, "college": college, "women": women,
              "minorities": minorities, "party_members": members, "new": n - reelected,
              "reelected": reelected}
    return {keys[c]: values[c] for c in PERSON_COUNTS}


def _people(elections: Sequence[Election], group: str) -> dict[str, tuple[Person, date | None]]:
    """A committee's distinct people (the 两委: both committees), each with their election day."""
    groups = ("party", "committee") if group == "two" else (group,)
    found: dict[str, tuple[Person, date | None]] = {}
    for e in elections:
        if e.group in groups:
            for seat in e.elected:
                found.setdefault(seat.person.key, (seat.person, e.held_on))
    return found


def _holders(elections: Sequence[Election], group: str, role: str) -> set[str]:
    return {s.person.key for e in elections if e.group == group for s in e.elected
            if s.role == role}


def one_shoulder(unit: Unit) -> bool:
    """一肩挑: the 书记 is the 村/居委会主任 (CAMPAIGN.md §4), by person identity."""
    return bool(_holders(unit.elections, "party", "secretary")
                & _holders(unit.elections, "committee", "chair"))


def one_shoulder_missed(unit: Unit) -> bool:
    """一肩挑 was planned, both committees are complete, and it did not happen."""
    done = [e for e in unit.elections if e.group in ("party", "committee")]
    return (unit.one_shoulder_planned and bool(done) and all(e.complete for e in done)
            and not one_shoulder(unit))


def unit_counts(unit: Unit) -> Counts:
    """The counts of one unit on its own (a 村/社区's elections; a unit of the tree itself)."""
    out: dict[str, int] = {"townships": unit.kind == "township",
                           "villages": unit.kind == "village",
                           "communities": unit.kind == "community"}
    elections = unit.elections
    for e in elections:
        group = e.group
        if group in ("party", "committee") and e.held and e.body != "party_plenary":
            out[f"{group}_held"] = out.get(f"{group}_held", 0) + 1
            out[f"{group}_first_round"] = (out.get(f"{group}_first_round", 0)
                                           + e.first_round_complete)
            out[f"{group}_seats"] = out.get(f"{group}_seats", 0) + e.seats
            out[f"{group}_candidates"] = out.get(f"{group}_candidates", 0) + e.candidates
        # 参选率 of the 村/居 vote; 到会率 of the 党员大会 (not of the first plenary).
        keys = (("registered", "voted") if group == "committee" else
                ("expected", "present") if e.body == "party_branch" else ())
        for key in keys if e.held else ():
            out[key] = out.get(key, 0) + getattr(e, key)
        if e.body == "party_branch" and e.held:
            out["party_elections"] = out.get("party_elections", 0) + 1
            out["direct_elections"] = out.get("direct_elections", 0) + e.direct
        for seat in e.elected:
            role_key = ROLE_SEATS.get((group, seat.role))
            if role_key is not None:
                out[role_key] = out.get(role_key, 0) + 1
    if elections and all(e.complete for e in elections):
        out["units_done"] = 1
    previous_of: dict[str, frozenset[Group]] = {
        "party": frozenset({"party"}), "committee": frozenset({"committee"}),
        "supervisory": frozenset({"supervisory"}), "two": frozenset({"party", "committee"})}
    for people_group in PEOPLE_GROUPS:
        out |= person_counts(people_group, _people(elections, people_group),
                             previous_of[people_group])
    party, committee = _people(elections, "party"), _people(elections, "committee")
    if party or committee:
        out["units_elected"] = 1
        out["one_shoulder"] = int(one_shoulder(unit))
        out["cross"] = len(set(party) & set(committee))  # 交叉任职
        out["units_with_woman"] = out["two_women"] > 0
    out["one_shoulder_planned"] = unit.one_shoulder_planned
    out["one_shoulder_missed"] = one_shoulder_missed(unit)
    return Counts({k: int(v) for k, v in out.items()})


def tree_counts(units: Sequence[Unit]) -> dict[int, Counts]:
    """Every unit's counts with everything below it added (units of one tree)."""
    return roll_up({u.id: unit_counts(u) for u in units}, {u.id: u.parent_id for u in units})


def roll_up(own: Mapping[int, Counts], parents: Mapping[int, int | None]) -> dict[int, Counts]:
    """Each unit's own counts (`unit_counts`, or as stored) with everything below it added;
    `parents` maps every unit of the tree to its parent (None at the root)."""
    depth = _depths_of(parents)
    none = Counts()
    rolled = {u: own.get(u, none) for u in parents}
    for u in sorted(parents, key=lambda u: -depth[u]):
        parent = parents[u]
        if parent is not None and parent in rolled:
            rolled[parent] = rolled[parent] + rolled[u]
    return rolled


def previous_counts(units: Sequence[Unit]) -> dict[int, Counts]:
    """The previous term's counts where entered: a unit's own, else the sum of its children's
    that have one (a unit with none below it has none)."""
    depth = _depths(units)
    below: dict[int, list[int]] = {}
    for c in units:
        if c.parent_id is not None:
            below.setdefault(c.parent_id, []).append(c.id)
    found: dict[int, Counts] = {}
    for u in sorted(units, key=lambda u: -depth[u.id]):
        if u.previous is not None:
            found[u.id] = Counts({k: int(v) for k, v in u.previous.items() if k in COUNT_KEYS})
            continue
        children = [found[c] for c in below.get(u.id, ()) if c in found]
        if children:
            found[u.id] = total(children)
    return found


def _depths(units: Sequence[Unit]) -> dict[int, int]:
    return _depths_of({u.id: u.parent_id for u in units})


def _depths_of(parent: Mapping[int, int | None]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for u, at in parent.items():
        d = 0
        while at is not None and at in parent:
            d, at = d + 1, parent[at]
        depth[u] = d
    return depth


def seats_of(unit: Unit) -> Iterator[tuple[Election, Seat]]:
    for e in unit.elections:
        for seat in e.elected:
            yield e, seat
