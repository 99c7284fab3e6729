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
    "qualified": "达到当选票数，名额已满",
    "not_elected": "未当选",
}
ROUND_KIND_ZH = {"regular": "选举", "tie_break": "重新投票", "supplementary": "另行选举"}
# Why a write-in counted for nobody (RECORD.md `write_ins_for_nobody[].reason`).
NOBODY_REASON_ZH = {
    "ineligible": "不具备被选资格",
    "not_committee_member": "不是新当选的委员",
    "not_tied": "不是得票相等的候选人",
    "women_only": "该职位只能选女性",
    "no_no_mark": "未对候选人投不赞成票",
    "no_mark": "只写姓名未画“○”",
    "ambiguous": "无法确定所写何人",
    "already_elected": "已当选其他职位",
}
NEEDS_NOMINATION_ZH = "须由组织者提名候选人（已当选委员中无人获得该职位选票）"


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
    # Only a real write-in is tagged: a row there by carried votes alone is not (RECORD.md).
    if entry.get("write_in"):
        return f"{entry.get('name', '')}（另选）"
    name = entry.get("name")
    if isinstance(name, str):
        return name
    return person_name(record, entry.get("id"))[0]


def count_text(value: object) -> str:
    return str(value) if isinstance(value, int) else "—"


def status_text(entry: Mapping[str, Any], round_kind: str | None = None) -> str:
    """结果 of a tally row. A tie-break round's loser is 未当选, never 过半数未当选: the tied
    all qualified once, but the re-vote decided (RULES.md §6.3)."""
    status = str(entry.get("status"))
    if round_kind == "tie_break" and status == "qualified":
        status = "not_elected"
    return STATUS_ZH.get(status, status)


def rule_text(post_result: Mapping[str, Any], round_kind: str | None = None) -> str:
    """The threshold read aloud: a tie-break without one is 得票多者当选 (RULES.md §6.3)."""
    threshold = post_result.get("threshold")
    if round_kind == "tie_break" and threshold == 0:
        return "得票多者当选"
    return f"当选需 ≥ {threshold} 票"


def has_carried(tally: object) -> bool:
    """Whether a post's tally counts votes from higher posts (cascade, RULES.md §3)."""
    return isinstance(tally, list) and any(
        isinstance(e, Mapping) and (bool(e.get("carried")) or (
            isinstance(e.get("votes"), int) and e.get("votes") != e.get("yes")))
        for e in tally
    )


def votes_text(entry: Mapping[str, Any], post_names: Mapping[str, str]) -> str:
    """A cascade row's votes and where they came from, e.g. 15（含主任票6票）.

    `post_names` (post id → name, in the record's post order) names the higher posts."""
    carried = entry.get("carried")
    parts: list[str] = []
    total = entry.get("votes")
    if isinstance(carried, Mapping):
        order = [p for p in post_names if p in carried]
        order += sorted(str(p) for p in carried if p not in post_names)
        parts = [f"{post_names.get(p, p)}票{carried[p]}票" for p in order
                 if isinstance(carried[p], int) and carried[p]]
        if not isinstance(total, int) and isinstance(entry.get("yes"), int):
            total = entry["yes"] + sum(n for n in carried.values() if isinstance(n, int))
    if not isinstance(total, int):
        total = entry.get("yes")
    return count_text(total) + (f"（含{'、'.join(parts)}）" if parts else "")


def nobody_text(post_result: Mapping[str, Any]) -> str | None:
    """另选无效：赵六2票（不是新当选的委员）… for a post's `write_ins_for_nobody`, or None."""
    items = post_result.get("write_ins_for_nobody")
    parts = []
    for w in items if isinstance(items, list) else []:
        if not isinstance(w, Mapping):
            continue
        name, count, text = w.get("name"), w.get("count"), w.get("text")
        why = NOBODY_REASON_ZH.get(str(w.get("reason")))
        if isinstance(name, str) and isinstance(count, int):
            why = why or (text if isinstance(text, str) else None)
            parts.append(f"{name}{count}票" + (f"（{why}）" if why else ""))
        elif isinstance(text, str):
            parts.append(text)
    return "另选无效：" + "；".join(parts) if parts else None


def next_round_note(spec: Mapping[str, Any]) -> str | None:
    """What a next round's post says beyond its list: who must nominate, why someone is on it."""
    bits = []
    if spec.get("needs_nomination"):
        bits.append(NEEDS_NOMINATION_ZH)
    if isinstance(spec.get("note"), str) and spec["note"]:
        bits.append(spec["note"])
    return "；".join(bits) or None


def electorate_words(rules: object) -> tuple[str, str]:
    """(登记, 参加投票) headings of a 村/居 roll: people, or households in 户代表 mode."""
    if getattr(rules, "electorate_mode", None) == "households":
        return "登记户数", "参加投票户数"
    return "登记选民", "参加投票"
