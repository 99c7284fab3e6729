"""Persons who can receive votes: printed candidates and written-in names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from counting.model import Record, Round


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate of the election (`id` set) or a written-in name (`id` None)."""

    name: str
    id: str | None = None
    surname: str | None = None
    gender: str | None = None

    @property
    def write_in(self) -> bool:
        return self.id is None


def candidate_people(record: Record) -> dict[str, Person]:
    return {c.id: Person(c.name, c.id, c.surname, c.gender) for c in record.candidates}


# Why a written-in name counts for nobody (RULES.md §2, §3, §5), with the sentence to show.
NOBODY_TEXT = {
    "ineligible": "不符合被选举条件",
    "not_committee_member": "不是新当选的委员",
    "not_tied": "不是本次重新投票的候选人",
    "women_only": "本职位只能选举女性",
    "no_no_mark": "未对本职位候选人投不赞成票，不能另选他人",
    "no_mark": "只写姓名未画“○”",
    "ambiguous": "与两名同名候选人无法区分",
    "already_elected": "已当选该职位",
}


@dataclass(frozen=True, slots=True)
class WriteInResolver:
    """Who a written-in name counts for in one round (RULES.md §5 — write-ins).

    A name of a candidate of the election (or, in a plenary, of an elected 委员) is that
    person (counted once); a name that counts for nobody resolves to `None`, and
    `refusal` says why (a key of `NOBODY_TEXT`).
    """

    by_name: Mapping[str, Person | None]
    closed: bool  # only the listed persons may be written in (plenary: the committee)
    contest_only: Mapping[str, frozenset[Person]] | None  # tie-break: only the tied
    barred: Mapping[str, frozenset[Person]]  # already elected to that post earlier
    ineligible: frozenset[str]
    women_only: frozenset[str] = frozenset()  # posts that elect women only (RULES.md §3)

    def resolve(self, post: str, name: str) -> Person | None:
        return self._decide(post, name)[0]

    def refusal(self, post: str, name: str) -> str:
        """The reason a name resolves to nobody (call only when `resolve` gave None)."""
        return self._decide(post, name)[1] or "ineligible"

    def _decide(self, post: str, name: str) -> tuple[Person | None, str | None]:
        if name in self.ineligible:
            return None, "ineligible"
        if name in self.by_name:
            person = self.by_name[name]
            if person is None:
                return None, "ambiguous"
        elif self.closed:
            return None, "not_committee_member"
        else:
            person = Person(name)
        if person in self.barred.get(post, frozenset()):
            return None, "already_elected"
        if self.contest_only is not None and person not in self.contest_only.get(post, frozenset()):
            return None, "not_tied"
        if post in self.women_only and person.gender != "F":
            # RULES.md §3 — a man, or a person of unknown gender, counts for nobody there.
            return None, "women_only"
        return person, None


def write_in_resolver(
    record: Record, rnd: Round, elected: Mapping[str, frozenset[Person]]
) -> WriteInResolver:
    people = candidate_people(record)
    by_name: dict[str, Person | None] = {}
    for person in people.values():
        # Two candidates with the same name: a written name cannot say which one.
        by_name[person.name] = None if person.name in by_name else person
    for member in record.committee or ():
        # RULES.md §2 — a plenary write-in of an elected 委员 counts for them.
        if member.candidate is None:
            person = Person(member.name, None, member.surname, member.gender)
            by_name.setdefault(member.name, person)
    contest_only = None
    if rnd.kind == "tie_break":
        contest_only = {c.post: frozenset(people[i] for i in c.candidates) for c in rnd.contests}
    return WriteInResolver(
        by_name=by_name,
        closed=record.body == "party_plenary",  # RULES.md §5: only an elected 委员
        contest_only=contest_only,
        barred=elected,
        ineligible=record.ineligible,
        women_only=frozenset(p.id for p in record.posts if p.women_only),
    )
