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


@dataclass(frozen=True, slots=True)
class WriteInResolver:
    """Who a written-in name counts for in one round (RULES.md §5 — write-ins).

    A name of a candidate of the election is that candidate (counted once); an ineligible
    name, an ambiguous one, or any name not on the list of a tie-break round counts for
    nobody (`None`).
    """

    by_name: Mapping[str, Person | None]
    closed: bool  # only the election's candidates may be written in (plenary)
    contest_only: Mapping[str, frozenset[Person]] | None  # tie-break: only the tied
    barred: Mapping[str, frozenset[Person]]  # already elected to that post earlier
    ineligible: frozenset[str]

    def resolve(self, post: str, name: str) -> Person | None:
        if name in self.ineligible:
            return None
        if name in self.by_name:
            person = self.by_name[name]
        elif self.closed:
            return None
        else:
            person = Person(name)
        if person is None or person in self.barred.get(post, frozenset()):
            return None
        if self.contest_only is not None and person not in self.contest_only.get(post, frozenset()):
            return None
        return person


def write_in_resolver(
    record: Record, rnd: Round, elected: Mapping[str, frozenset[Person]]
) -> WriteInResolver:
    people = candidate_people(record)
    by_name: dict[str, Person | None] = {}
    for person in people.values():
        # Two candidates with the same name: a written name cannot say which one.
        by_name[person.name] = None if person.name in by_name else person
    contest_only = None
    if rnd.kind == "tie_break":
        contest_only = {c.post: frozenset(people[i] for i in c.candidates) for c in rnd.contests}
    return WriteInResolver(
        by_name=by_name,
        closed=record.body == "party_plenary",  # RULES.md §5: only an elected 委员
        contest_only=contest_only,
        barred=elected,
        ineligible=record.ineligible,
    )
