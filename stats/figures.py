"""The figures of CAMPAIGN.md §4, each an exact ratio (or a count) of `Counts`, shown with
one decimal; beside each, the previous term's and whether it rose or fell."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from counting.gates import percent_text
from stats.counts import Counts

Kind = Literal["count", "percent", "mean"]
Part = Callable[[Counts], int]


@dataclass(frozen=True, slots=True)
class FigureSpec:
    key: str
    label: str
    kind: Kind
    part: Part
    whole: Part | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    kind: Kind
    part: int
    whole: int | None
    text: str
    previous_text: str | None = None
    # 升 / 降 / 持平 against the previous term, compared as exact fractions.
    trend: str | None = None


def key(name: str) -> Part:
    return lambda c: c[name]


def mean_text(total: int, n: int) -> str:
    """`total / n` with one decimal, rounded half up from the exact fraction."""
    tenths = (20 * total + n) // (2 * n)
    return f"{tenths // 10}.{tenths % 10}"


def _surplus(group: str) -> Part:
    # CAMPAIGN.md §4 — 差额比例 (candidates − seats) / seats.
    return lambda c: c[f"{group}_candidates"] - c[f"{group}_seats"]


GROUP_ZH = {"party": "村（社区）党组织班子成员", "committee": "村（居）委会成员",
            "supervisory": "村（居）务监督委员会成员", "two": "“两委”班子成员"}


def _people_specs(group: str) -> list[FigureSpec]:
    zh = GROUP_ZH[group]
    people = key(f"{group}_people")
    specs = [FigureSpec(f"{group}_people", f"{zh}人数", "count", people),
             FigureSpec(f"{group}_mean_age", f"{zh}平均年龄（岁）", "mean",
                        key(f"{group}_age_sum"), key(f"{group}_age_known"))]
    for name, label in (("under_35", "35岁以下"), ("under_40", "40岁以下"),
                        ("college", "大专及以上文化程度"), ("women", "女性"),
                        ("minorities", "少数民族"), ("party_members", "中共党员"),
                        ("new", "新当选"), ("reelected", "连任")):
        specs.append(FigureSpec(f"{group}_{name}", f"{zh}中{label}", "count",
                                key(f"{group}_{name}")))
        specs.append(FigureSpec(f"{group}_{name}_rate", f"{zh}中{label}占比", "percent",
                                key(f"{group}_{name}"), people))
    return specs


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec("townships", "乡镇（街道）", "count", key("townships")),
    FigureSpec("villages", "行政村", "count", key("villages")),
    FigureSpec("communities", "社区", "count", key("communities")),
    FigureSpec("units_done", "已完成换届的村（社区）", "count", key("units_done")),
    FigureSpec("registered", "登记选民", "count", key("registered")),
    FigureSpec("voted", "参加投票选民", "count", key("voted")),
    FigureSpec("turnout", "参选率", "percent", key("voted"), key("registered")),
    FigureSpec("expected", "党员大会应到", "count", key("expected")),
    FigureSpec("present", "党员大会实到", "count", key("present")),
    FigureSpec("attendance", "到会率", "percent", key("present"), key("expected")),
    FigureSpec("committee_first_round_rate", "村（居）委会一次选举成功率", "percent",
               key("committee_first_round"), key("committee_held")),
    FigureSpec("party_first_round_rate", "党组织一次选举成功率", "percent",
               key("party_first_round"), key("party_held")),
    FigureSpec("committee_surplus", "村（居）委会差额比例", "percent",
               _surplus("committee"), key("committee_seats")),
    FigureSpec("party_surplus", "党组织差额比例", "percent", _surplus("party"),
               key("party_seats")),
    FigureSpec("direct_elections", "直接选举产生书记的党组织", "count", key("direct_elections")),
    FigureSpec("direct_rate", "直选比例", "percent", key("direct_elections"),
               key("party_elections")),
    FigureSpec("party_secretary", "党组织书记", "count", key("party_secretary")),
    FigureSpec("party_deputy", "党组织副书记", "count", key("party_deputy")),
    FigureSpec("party_member", "党组织委员", "count", key("party_member")),
    FigureSpec("committee_chair", "村（居）委会主任", "count", key("committee_chair")),
    FigureSpec("committee_vice_chair", "村（居）委会副主任", "count",
               key("committee_vice_chair")),
    FigureSpec("committee_member", "村（居）委会委员", "count", key("committee_member")),
    FigureSpec("supervisory_chair", "监督委员会主任", "count", key("supervisory_chair")),
    FigureSpec("supervisory_vice_chair", "监督委员会副主任", "count",
               key("supervisory_vice_chair")),
    FigureSpec("supervisory_member", "监督委员会委员", "count", key("supervisory_member")),
    *(s for g in ("two", "party", "committee", "supervisory") for s in _people_specs(g)),
    FigureSpec("units_elected", "完成“两委”选举的村（社区）", "count", key("units_elected")),
    FigureSpec("one_shoulder", "书记、主任“一肩挑”的村（社区）", "count", key("one_shoulder")),
    FigureSpec("one_shoulder_rate", "“一肩挑”比例", "percent", key("one_shoulder"),
               key("units_elected")),
    FigureSpec("one_shoulder_missed", "计划“一肩挑”而未实现的村（社区）", "count",
               key("one_shoulder_missed")),
    FigureSpec("cross", "“两委”交叉任职人数", "count", key("cross")),
    FigureSpec("cross_rate", "交叉任职比例", "percent", key("cross"), key("two_people")),
    FigureSpec("units_with_woman", "“两委”班子中有女性成员的村（社区）", "count",
               key("units_with_woman")),
    FigureSpec("units_with_woman_rate", "有女性成员的村（社区）占比", "percent",
               key("units_with_woman"), key("units_elected")),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


def text_of(kind: Kind, part: int, whole: int | None) -> str:
    if kind == "count" or whole is None:
        return str(part)
    if whole == 0:
        return "—"
    return percent_text(part, whole) if kind == "percent" else mean_text(part, whole)


def trend(part: int, whole: int | None, before_part: int, before_whole: int | None) -> str:
    """升, 降 or 持平: `part/whole` against `before_part/before_whole`, in integers."""
    a, b = part * (before_whole or 1), before_part * (whole or 1)
    return "升" if a > b else "降" if a < b else "持平"


def figure(spec: FigureSpec, now: Counts, before: Counts | None = None) -> Figure:
    part = spec.part(now)
    whole = spec.whole(now) if spec.whole else None
    out = Figure(spec.key, spec.label, spec.kind, part, whole, text_of(spec.kind, part, whole))
    if before is None:
        return out
    b_part = spec.part(before)
    b_whole = spec.whole(before) if spec.whole else None
    if whole == 0 or b_whole == 0:
        return Figure(*_fields(out), text_of(spec.kind, b_part, b_whole), None)
    return Figure(*_fields(out), text_of(spec.kind, b_part, b_whole),
                  trend(part, whole, b_part, b_whole))


def _fields(f: Figure) -> tuple[str, str, Kind, int, int | None, str]:
    return f.key, f.label, f.kind, f.part, f.whole, f.text


def figures(now: Counts, before: Counts | None = None,
            keys: Collection[str] | None = None) -> list[Figure]:
    """Every figure of CAMPAIGN.md §4 for these counts (and the previous term's), or only
    those named by `keys`."""
    return [figure(s, now, before) for s in SPECS if keys is None or s.key in keys]
