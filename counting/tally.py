"""Counting one round's ballots (or its hand-counted totals) per post."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from operator import countOf

from counting.model import Box, Record, Round
from counting.people import Person, WriteInResolver, candidate_people
from counting.validity import read_ballot, secretary_rule_applies


@dataclass(frozen=True, slots=True)
class PersonCount:
    person: Person
    printed: bool  # on this post's list in this round (else: written in)
    yes: int
    no: int = 0
    unreadable: int = 0


@dataclass(frozen=True, slots=True)
class PostTally:
    post: str
    sections_valid: int
    sections_invalid: int
    counts: tuple[PersonCount, ...]  # printed candidates in list order, then write-ins
    nobody: tuple[tuple[str, str, int], ...] = ()  # write-ins for nobody: (name, reason, n)

    def abstain(self, count: PersonCount) -> int:
        return self.sections_valid - count.yes - count.no - count.unreadable


@dataclass(frozen=True, slots=True)
class BallotStats:
    void: int  # declared void by the 监票人
    invalid: int  # wholly invalid (void, 书记须选委员, over-vote of the whole sheet)


def tally_round(
    record: Record, rnd: Round, resolver: WriteInResolver
) -> tuple[dict[str, PostTally], BallotStats | None]:
    if any(box.counted_apart for box in rnd.boxes):
        # RECORD.md: each box counted on its own (ballots or 正字 totals); the round is the sum.
        parts = [tally_round(record, box_round(rnd, b), resolver) for b in rnd.boxes]
        stats = [st for _t, st in parts]
        known = all(st is not None for st in stats)
        return merge_tallies([t for t, _st in parts], rnd), (
            BallotStats(
                void=sum(st.void for st in stats if st is not None),
                invalid=sum(st.invalid for st in stats if st is not None),
            )
            if known
            else None
        )
    if rnd.totals is not None:
        return _from_totals(record, rnd, resolver), None
    return _from_ballots(record, rnd, resolver)


def _from_ballots(
    record: Record, rnd: Round, resolver: WriteInResolver
) -> tuple[dict[str, PostTally], BallotStats]:
    assert rnd.ballots is not None
    # Marks of valid sections as (candidate, mark) pairs, counted once at the end.
    read: dict[str, list[tuple[str, str]]] = {c.post: [] for c in rnd.contests}
    corrections: dict[str, Counter[tuple[str, str]]] = {c.post: Counter() for c in rnd.contests}
    write_ins: dict[str, Counter[Person]] = {c.post: Counter() for c in rnd.contests}
    nobody: dict[str, Counter[tuple[str, str]]] = {c.post: Counter() for c in rnd.contests}
    invalid: Counter[str] = Counter()
    wholly_invalid = 0
    # Most ballots carry only printed marks: their sections are judged by the over-vote
    # alone, without building a reading (the same rule as `read_ballot`, RULES.md §5).
    plain = record.rules.overvote_scope == "section"
    limits = [(c.post, c.seats) for c in rnd.contests]
    # 书记须选委员 (RULES.md §2): with printed marks only, YES for 书记/副书记 must be YES for 委员.
    linked = secretary_rule_applies(record, rnd)
    roles = {c.post: record.post(c.post).role for c in rnd.contests}
    member_posts = [p for p, role in roles.items() if role == "member"]
    leader_posts = [p for p, role in roles.items() if role in ("secretary", "deputy_secretary")]
    # RULES.md §3 one post a person: a ballot marking someone YES at two posts is read in
    # full. Only candidates printed at more than one post can be (write-ins go the long way).
    shared = frozenset(
        cid for cid, n in Counter(x for c in rnd.contests for x in c.candidates).items() if n > 1
    )
    highest_only = record.rules.same_person_multi_post == "highest_only" and bool(shared)
    for ballot in rnd.ballots:
        if (
            plain
            and not ballot.void
            and not ballot.write_ins
            and not (highest_only and _names_twice(ballot.marks, shared))
        ):
            if linked and not _leaders_are_members(ballot.marks, leader_posts, member_posts):
                for post, _ in limits:
                    invalid[post] += 1
                wholly_invalid += 1
                continue
            counted = False
            for post, seats in limits:
                printed = ballot.marks.get(post)
                if printed:
                    if countOf(printed.values(), "yes") > seats:
                        invalid[post] += 1
                        continue
                    read[post].extend(printed.items())
                counted = True
            wholly_invalid += not counted
            continue
        reading = read_ballot(record, rnd, ballot, resolver)
        if all(s.invalid_code is not None for s in reading.values()):
            wholly_invalid += 1
        for post, section in reading.items():
            if section.invalid_code is not None:
                invalid[post] += 1
                continue
            printed = ballot.marks.get(post)
            if printed:
                read[post].extend(printed.items())
            for cid in section.ignored_yes:
                corrections[post][(cid, "yes")] -= 1  # RULES.md §3: counted at a higher post
            nobody[post].update(section.nobody)
            for person in section.write_in_yes:
                write_ins[post][person] += 1
                # A printed candidate written in: the YES replaces the printed mark (once).
                if person.id is not None and printed and person.id in printed:
                    corrections[post][(person.id, printed[person.id])] -= 1
    people = candidate_people(record)
    tallies = {}
    for contest in rnd.contests:
        pairs = Counter(read[contest.post])
        pairs.update(corrections[contest.post])
        extra = write_ins[contest.post]
        counts = [
            PersonCount(
                people[cid],
                True,
                yes=pairs[(cid, "yes")] + extra.pop(people[cid], 0),
                no=pairs[(cid, "no")],
                unreadable=pairs[(cid, "unreadable")],
            )
            for cid in contest.candidates
        ]
        counts += [PersonCount(p, False, yes=n) for p, n in extra.items() if n > 0]
        n_invalid = invalid[contest.post]
        tallies[contest.post] = PostTally(
            contest.post,
            len(rnd.ballots) - n_invalid,
            n_invalid,
            tuple(counts),
            tuple((name, why, n) for (name, why), n in nobody[contest.post].items()),
        )
    void = sum(1 for b in rnd.ballots if b.void)
    return tallies, BallotStats(void=void, invalid=wholly_invalid)


def _names_twice(marks: Mapping[str, Mapping[str, str]], shared: frozenset[str]) -> bool:
    """Whether a candidate of `shared` is marked YES in more than one section."""
    seen: set[str] = set()
    for section in marks.values():
        for cid, mark in section.items():
            if mark == "yes" and cid in shared:
                if cid in seen:
                    return True
                seen.add(cid)
    return False


def _leaders_are_members(
    marks: Mapping[str, Mapping[str, str]], leader_posts: list[str], member_posts: list[str]
) -> bool:
    leaders = {c for p in leader_posts for c, m in marks.get(p, {}).items() if m == "yes"}
    if not leaders:
        return True
    members = {c for p in member_posts for c, m in marks.get(p, {}).items() if m == "yes"}
    return leaders <= members


def _from_totals(record: Record, rnd: Round, resolver: WriteInResolver) -> dict[str, PostTally]:
    assert rnd.totals is not None
    people = candidate_people(record)
    tallies = {}
    for contest in rnd.contests:
        totals = rnd.totals[contest.post]
        counts = [
            PersonCount(people[cid], True, yes=totals.yes.get(cid, 0), no=totals.no.get(cid, 0))
            for cid in contest.candidates
        ]
        merged: dict[Person, int] = {}
        nobody = []
        for name, n in totals.write_ins.items():
            if n <= 0:
                continue
            person = resolver.resolve(contest.post, name)
            if person is None:
                nobody.append((name, resolver.refusal(contest.post, name), n))
            else:
                merged[person] = merged.get(person, 0) + n
        counts += [PersonCount(p, False, yes=n) for p, n in merged.items()]
        tallies[contest.post] = PostTally(
            contest.post,
            rnd.ballots_returned - totals.invalid,
            totals.invalid,
            tuple(counts),
            tuple(nobody),
        )
    return tallies


def box_round(rnd: Round, box: Box) -> Round:
    """One box as a round of its own, to be counted and then added up."""
    return replace(
        rnd,
        ballots_issued=box.issued,
        ballots_returned=box.returned,
        ballots=box.ballots,
        totals=box.totals,
        ballots_void=box.ballots_void,
        boxes=(),
    )


def merge_tallies(parts: list[dict[str, PostTally]], rnd: Round) -> dict[str, PostTally]:
    """The sum of tallies of parts of a round's ballots (its boxes, or the ballots entered
    so far and the next ones), post by post (printed candidates first, in list order)."""
    merged = {}
    for contest in rnd.contests:
        counts: dict[Person, list[int]] = {}
        printed: dict[Person, bool] = {}
        nobody: Counter[tuple[str, str]] = Counter()
        valid = invalid = 0
        for part in parts:
            tally = part[contest.post]
            valid += tally.sections_valid
            invalid += tally.sections_invalid
            for c in tally.counts:
                row = counts.setdefault(c.person, [0, 0, 0])
                row[0] += c.yes
                row[1] += c.no
                row[2] += c.unreadable
                printed[c.person] = printed.get(c.person, False) or c.printed
            for name, why, n in tally.nobody:
                nobody[(name, why)] += n
        order = sorted(counts, key=lambda p: not printed[p])  # stable: list order kept
        merged[contest.post] = PostTally(
            contest.post,
            valid,
            invalid,
            tuple(
                PersonCount(p, printed[p], yes=counts[p][0], no=counts[p][1],
                            unreadable=counts[p][2])
                for p in order
                if printed[p] or counts[p][0] > 0
            ),
            tuple((name, why, n) for (name, why), n in nobody.items()),
        )
    return merged


def votes_by_person(tally: PostTally) -> Mapping[Person, int]:
    return {c.person: c.yes for c in tally.counts}
