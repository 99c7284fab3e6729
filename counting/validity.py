"""Whether a ballot, and each of its sections, is valid (RULES.md §5, §2 书记须选委员)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from counting.model import Ballot, Record, Round
from counting.people import Person, WriteInResolver, candidate_people
from counting.rules import PARTY_BODIES, Rules

OVERVOTE = "overvote"
SHEET_OVERVOTE = "sheet_overvote"
SECRETARY_NOT_MEMBER = "secretary_not_member"
VOID = "void"

RULE_TEXT = {
    VOID: "监票人宣布此票作废，整张选票无效",
    SECRETARY_NOT_MEMBER: "选为书记（副书记）的人须同时选为委员，否则整张选票无效",
    SHEET_OVERVOTE: "选票中有职位所选人数多于应选名额，整张选票无效",
}


def overvote_text(post_name: str, seats: int) -> str:
    return f"{post_name}所选人数多于应选{seats}名，该职位的选票无效"


@dataclass(frozen=True, slots=True)
class SectionVerdict:
    valid: bool
    code: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class BallotVerdict:
    valid: bool
    void: bool
    sections: Mapping[str, SectionVerdict]


@dataclass(frozen=True, slots=True)
class SectionReading:
    """What one post section of a ballot says, before it is counted."""

    invalid_code: str | None
    write_in_yes: tuple[Person, ...]  # written-in persons counted YES (not printed yes marks)
    ignored_yes: tuple[str, ...] = ()  # printed YES marks that do not count (RULES.md §3)
    nobody: tuple[tuple[str, str], ...] = ()  # write-ins for nobody: (name, reason)


# RULES.md §3 — one person, one post per ballot: the post ranks, highest first
# (主任 > 副主任 > 委员; 书记 > 副书记 > 委员; 妇女委员 as 委员).
POST_RANK = {"chair": 0, "secretary": 0, "vice_chair": 1, "deputy_secretary": 1, "member": 2}


@dataclass
class _Section:
    """The voter's YES choices in one section while the ballot is read."""

    printed: set[str]  # candidate ids marked YES
    choices: list[Person | None]  # one per write-in chosen YES; None: it counts for nobody
    nobody: list[tuple[str, str]]  # write-ins that count for nobody: (name, reason)

    @property
    def written(self) -> list[Person]:
        """Written-in persons counted YES, once each, not already marked YES in print."""
        out: list[Person] = []
        for p in self.choices:
            if p is not None and p not in out and (p.id is None or p.id not in self.printed):
                out.append(p)
        return out

    @property
    def picked(self) -> int:
        """How many the voter chose, for the over-vote (RULES.md §5): a write-in of a
        printed candidate already marked YES is the same choice, counted once."""
        same = {p for p in self.choices if p is not None and p.id in self.printed}
        return len(self.printed) + len(self.choices) - len(same)


def _read_section(ballot: Ballot, post: str, rules: Rules, resolver: WriteInResolver) -> _Section:
    marks = ballot.marks.get(post, {})
    section = _Section({cid for cid, mark in marks.items() if mark == "yes"}, [], [])
    # RULES.md §5 — 另选他人 only after a NO mark in the section, where the rule says so.
    no_mark_needed = rules.writein_requires_no_mark and "no" not in marks.values()
    for w in ballot.write_ins.get(post, ()):
        if w.mark == "no":
            continue  # a NO mark on a written name expresses nothing and counts for nobody
        if w.mark == "none" and rules.writein_without_mark != "yes":
            section.nobody.append((w.name, "no_mark"))  # RULES.md §5 `writein_without_mark`
            continue
        if no_mark_needed:
            section.nobody.append((w.name, "no_no_mark"))
            continue
        person = resolver.resolve(post, w.name)
        section.choices.append(person)
        if person is None:
            section.nobody.append((w.name, resolver.refusal(post, w.name)))
    return section


def _keep_highest(
    sections: Mapping[str, _Section], ranks: Mapping[str, int], people: Mapping[str, Person]
) -> dict[str, set[str]]:
    """RULES.md §3 `highest_only`: a person chosen at several posts counts at the highest only.

    Returns, per post, the printed YES marks that are set aside; written-in choices at a
    lower post are removed from their section. Equal ranks (委员 and 妇女委员) both count.
    """
    best: dict[Person, int] = {}
    for post, section in sections.items():
        chosen = [people[c] for c in section.printed]
        chosen += [p for p in section.choices if p is not None]
        for person in chosen:
            best[person] = min(best.get(person, ranks[post]), ranks[post])
    ignored: dict[str, set[str]] = {}
    for post, section in sections.items():
        rank = ranks[post]
        lower = {c for c in section.printed if best[people[c]] < rank}
        if lower:
            ignored[post] = lower
            section.printed -= lower
        section.choices = [p for p in section.choices if p is None or best[p] >= rank]
    return ignored


def read_ballot(
    record: Record, rnd: Round, ballot: Ballot, resolver: WriteInResolver
) -> dict[str, SectionReading]:
    """Read every contested section of one ballot: which are invalid, and why."""
    rules = record.rules
    if ballot.void:
        return {c.post: SectionReading(VOID, ()) for c in rnd.contests}
    sections = {c.post: _read_section(ballot, c.post, rules, resolver) for c in rnd.contests}
    # 书记须选委员 looks at what the voter marked, before any mark is set aside.
    if _secretary_without_member(
        record,
        rnd,
        {p: set(s.printed) for p, s in sections.items()},
        {p: s.written for p, s in sections.items()},
    ):
        return {c.post: SectionReading(SECRETARY_NOT_MEMBER, ()) for c in rnd.contests}
    ignored: dict[str, set[str]] = {}
    if rules.same_person_multi_post == "highest_only" and len(sections) > 1:
        ranks = {c.post: POST_RANK[record.post(c.post).role] for c in rnd.contests}
        ignored = _keep_highest(sections, ranks, candidate_people(record))
    codes: dict[str, str | None] = {}
    for contest in rnd.contests:
        s = sections[contest.post]
        codes[contest.post] = OVERVOTE if s.picked > contest.seats else None  # RULES.md §5
    if rules.overvote_scope == "sheet" and any(codes.values()):
        return {c.post: SectionReading(codes[c.post] or SHEET_OVERVOTE, ()) for c in rnd.contests}
    out = {}
    for contest in rnd.contests:
        code, s = codes[contest.post], sections[contest.post]
        if code is not None:
            out[contest.post] = SectionReading(code, ())
            continue
        out[contest.post] = SectionReading(
            None, tuple(s.written), tuple(sorted(ignored.get(contest.post, ()))), tuple(s.nobody)
        )
    return out


def secretary_rule_applies(record: Record, rnd: Round) -> bool:
    """RULES.md §2 — direct mode: YES for 书记/副书记 needs YES (or a write-in) for 委员."""
    rules = record.rules
    if not (
        record.body in PARTY_BODIES
        and rules.secretary_mode == "direct"
        and rules.secretary_requires_member_mark
    ):
        return False
    roles = {c.post: record.post(c.post).role for c in rnd.contests}
    return "member" in roles.values() and bool(
        {"secretary", "deputy_secretary"} & set(roles.values())
    )


def _secretary_without_member(
    record: Record,
    rnd: Round,
    printed_yes: Mapping[str, set[str]],
    write_in_yes: Mapping[str, list[Person]],
) -> bool:
    if not secretary_rule_applies(record, rnd):
        return False
    roles = {p.id: p.role for p in record.posts}
    member_posts = [c.post for c in rnd.contests if roles[c.post] == "member"]
    as_member: set[str] = set()
    for post in member_posts:
        as_member |= printed_yes[post]
        as_member |= {p.id or "name:" + p.name for p in write_in_yes[post]}
    for contest in rnd.contests:
        if roles[contest.post] in ("secretary", "deputy_secretary"):
            chosen = set(printed_yes[contest.post])
            chosen |= {p.id or "name:" + p.name for p in write_in_yes[contest.post]}
            if not chosen <= as_member:
                return True
    return False


def verdict(
    record: Record, rnd: Round, reading: Mapping[str, SectionReading], void: bool
) -> BallotVerdict:
    names = {p.id: p.name for p in record.posts}
    seats = {c.post: c.seats for c in rnd.contests}
    sections = {}
    for post, section in reading.items():
        code = section.invalid_code
        text = None
        if code == OVERVOTE:
            text = overvote_text(names[post], seats[post])
        elif code is not None:
            text = RULE_TEXT[code]
        sections[post] = SectionVerdict(code is None, code, text)
    return BallotVerdict(all(s.valid for s in sections.values()), void, sections)
