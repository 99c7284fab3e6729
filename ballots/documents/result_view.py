"""Reading the RECORD.md result document for printing, with clear errors for a bad one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ballots.errors import DocumentError
from ballots.strokes import sort_names
from counting.model import Record

STATUS_ZH = {
    "elected": "当选",
    "tie": "得票相等",
    "qualified": "过半数，名额已满",
    "not_elected": "未当选",
}
ROUND_KIND_ZH = {"regular": "选举", "tie_break": "重新投票", "supplementary": "另行选举"}


def bad_result(ptr: str) -> DocumentError:
    return DocumentError(
        "invalid_result",
        f"计票结果中 {ptr} 缺失或不符合 RECORD.md 的格式",
        f"{ptr} in the result is missing or does not follow RECORD.md",
    )


def get_field(obj: object, key: str, ptr: str) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise bad_result(f"{ptr}/{key}")
    return obj[key]


def result_round(result: Mapping[str, object], round_id: str | None) -> Mapping[str, Any]:
    """The result of `round_id`, or of the last round when it is None."""
    rounds = get_field(result, "rounds", "")
    if not isinstance(rounds, list) or not rounds:
        raise bad_result("/rounds")
    if round_id is None:
        last = rounds[-1]
        if not isinstance(last, Mapping):
            raise bad_result("/rounds")
        return last
    for r in rounds:
        if isinstance(r, Mapping) and r.get("id") == round_id:
            return r
    raise DocumentError(
        "unknown_round",
        f"计票结果中没有轮次“{round_id}”",
        f"no round {round_id!r} in the result",
    )


def person_name(record: Record, entry: object) -> tuple[str, str | None]:
    """(name, surname) of an elected entry: a candidate id or {"name", "write_in": true}."""
    if isinstance(entry, str):
        known = {c.id: c for c in record.candidates}
        if entry not in known:
            raise bad_result(f"/…/{entry}")
        return known[entry].name, known[entry].surname
    if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
        return entry["name"], None
    raise bad_result("/…/elected")


def names_in_stroke_order(record: Record, entries: Sequence[object]) -> list[str]:
    """Names of `entries` in 姓氏笔画 order (RULES.md §6.5, §7)."""
    people = [person_name(record, e) for e in entries]
    order = sort_names(people, single_given_name_first=record.rules.single_given_name_first).order
    return [people[i][0] for i in order]


def tally_name(record: Record, entry: Mapping[str, Any]) -> str:
    if entry.get("write_in"):
        return f"{entry.get('name', '')}（另选）"
    name = entry.get("name")
    if isinstance(name, str):
        return name
    return person_name(record, entry.get("id"))[0]


def count_text(value: object) -> str:
    return str(value) if isinstance(value, int) else "—"
