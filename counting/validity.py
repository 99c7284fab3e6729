"""Whether a ballot, and each of its sections, is valid (RULES.md §5, §2 书记须选委员)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from counting.model import Ballot, Record, Round
from counting.people import Person, WriteInResolver
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


def _yes_write_ins(
    ballot: Ballot, post: str, rules: Rules, resolver: WriteInResolver
) -> tuple[list[Person], int]:
    """Write-ins counted YES, and how many YES write-ins the voter made (for the over-vote)."""
    counted: list[Person] = []
    chosen = 0
    for w in ballot.write_ins.get(post, ()):
        # RULES.md §5 — a write-in without a mark: `writein_without_mark`.
        if w.mark == "yes" or (w.mark == "none" and rules.writein_without_mark == "yes"):
            chosen += 1
            person = resolver.resolve(post, w.name)
            if person is not None and person not in counted:
                counted.append(person)
        # a NO mark on a written name expresses nothing and counts for nobody
    return counted, chosen


def read_ballot(
    record: Record, rnd: Round, ballot: Ballot, resolver: WriteInResolver
) -> dict[str, SectionReading]:
    """Read every contested section of one ballot: which are invalid, and why."""
    rules = record.rules
    if ballot.void:
        return {c.post: SectionReading(VOID, ()) for c in rnd.contests}
    printed_yes: dict[str, set[str]] = {}
    write_in_yes: dict[str, list[Person]] = {}
    codes: dict[str, str | None] = {}
    for contest in rnd.contests:
        section = ballot.marks.get(contest.post, {})
        yes_ids = {cid for cid, mark in section.items() if mark == "yes"}
        persons, chosen = _yes_write_ins(ballot, contest.post, rules, resolver)
        # A write-in of a printed candidate already marked YES is the same choice: once.
        extra = sum(1 for p in persons if p.id is not None and p.id in yes_ids)
        printed_yes[contest.post] = yes_ids
        write_in_yes[contest.post] = [p for p in persons if p.id is None or p.id not in yes_ids]
        over = len(yes_ids) + chosen - extra > contest.seats  # RULES.md §5 — over-vote
        codes[contest.post] = OVERVOTE if over else None
    if _secretary_without_member(record, rnd, printed_yes, write_in_yes):
        return {c.post: SectionReading(SECRETARY_NOT_MEMBER, ()) for c in rnd.contests}
    if rules.overvote_scope == "sheet" and any(codes.values()):
        return {c.post: SectionReading(codes[c.post] or SHEET_OVERVOTE, ()) for c in rnd.contests}
    return {
        c.post: SectionReading(
            codes[c.post], tuple(write_in_yes[c.post]) if not codes[c.post] else ()
        )
        for c in rnd.contests
    }


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
