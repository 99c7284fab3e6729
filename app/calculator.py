"""One record in, one result out: the code path of `jipiao count` and `POST /api/v1/count`."""

from __future__ import annotations

import threading
from typing import Any

from ballots.strokes import stroke_key
from counting import count, parse_record, result_to_json

# The unauthenticated calculator's bounds (docs/api.md): the body is capped at
# app.guard.CALCULATOR_MAX_BYTES before it is read, a record holds at most this many
# ballots, and one record is counted at a time per process (others wait, then get 429).
# Together they bound the time and memory a caller can spend (about 1 s of CPU and
# 50 MB for the largest record on the 2-core development machine).
MAX_BALLOTS = 50_000
BUSY_WAIT_SECONDS = 10.0
_one_at_a_time = threading.BoundedSemaphore(1)


def name_key(name: str, surname: str | None, single_given_name_first: bool) -> tuple[int, ...]:
    """姓氏笔画 order (RULES.md §7) for the counting core."""
    return stroke_key(name, surname, single_given_name_first=single_given_name_first)


def count_document(data: object) -> dict[str, Any]:
    """Count a RECORD.md document; raises `RecordError` or `UnknownCharacter` for bad input."""
    return result_to_json(count(parse_record(data), name_key))


def ballots_in(data: object) -> int:
    """How many ballots a (not yet parsed) record lists, in its rounds and their boxes."""
    rounds = data.get("rounds") if isinstance(data, dict) else None
    total = 0
    for rnd in rounds if isinstance(rounds, list) else ():
        if not isinstance(rnd, dict):
            continue
        boxes = rnd.get("boxes")
        for holder in [rnd, *(boxes if isinstance(boxes, list) else ())]:
            ballots = holder.get("ballots") if isinstance(holder, dict) else None
            if isinstance(ballots, list):
                total += len(ballots)
    return total


class CalculatorBusy(Exception):
    """Another record is being counted and did not finish within the wait."""


def count_bounded(data: object) -> dict[str, Any]:
    """`count_document` for an unauthenticated caller: one at a time per process."""
    if not _one_at_a_time.acquire(timeout=BUSY_WAIT_SECONDS):
        raise CalculatorBusy
    try:
        return count_document(data)
    finally:
        _one_at_a_time.release()
