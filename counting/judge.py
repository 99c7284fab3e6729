"""One ballot as it is read out: is it valid, and if not, why (for the clerk's screen)."""

from __future__ import annotations

from counting.model import Record
from counting.people import write_in_resolver
from counting.record import fail, parse_ballots, pointer
from counting.validity import BallotVerdict, read_ballot, verdict


def judge_ballot(record: Record, round_id: str, ballot: object) -> BallotVerdict:
    """The verdict on one RECORD.md ballot entry of round `round_id` (RULES.md §5)."""
    rnd = next((r for r in record.rounds if r.id == round_id), None)
    if rnd is None:
        fail(pointer("round"), f"没有编号为“{round_id}”的轮次", f"no round with id {round_id!r}")
    (parsed,) = parse_ballots(record, rnd.contests, [ballot], "")
    resolver = write_in_resolver(record, rnd, {})
    return verdict(record, rnd, read_ballot(record, rnd, parsed, resolver), parsed.void)
