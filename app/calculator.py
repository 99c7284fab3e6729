"""One record in, one result out: the code path of `jipiao count` and `POST /api/v1/count`."""

from __future__ import annotations

from typing import Any

from ballots.strokes import stroke_key
from counting import count, parse_record, result_to_json


def name_key(name: str, surname: str | None, single_given_name_first: bool) -> tuple[int, ...]:
    """姓氏笔画 order (RULES.md §7) for the counting core."""
    return stroke_key(name, surname, single_given_name_first=single_given_name_first)


def count_document(data: object) -> dict[str, Any]:
    """Count a RECORD.md document; raises `RecordError` or `UnknownCharacter` for bad input."""
    return result_to_json(count(parse_record(data), name_key))
