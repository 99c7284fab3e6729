"""The 换届 reports of a unit (CAMPAIGN.md §4) as tables: the summary with every X of the seed
template, the 民政 roster of the elected, the weekly progress report (周报制度); written as
xlsx (`ballots.spreadsheets.write_tables`) or PDF (`ballots.documents.statistics`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

import stats
from app.units.models import KIND_ZH, STAGE_ZH, STAGES, VOTING_KINDS, Unit
from app.units.service import subtree
from app.units.statistics import board_picture
from app.units.stats_input import stats_unit, stats_units
from app.units.stored_counts import subtree_counts
from ballots.documents.forms import FormOptions
from ballots.documents.statistics import render_statistics
from ballots.spreadsheets import Ratio, Table, TableCell, write_tables

REPORTS = ("summary", "roster", "weekly")
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}
REPORT_ZH = {"summary": "换届选举工作统计", "roster": "当选人员名册", "weekly": "换届工作进度周报"}
# The per-unit sheet of the summary: (heading, figure key).
UNIT_COLUMNS = (("登记选民", "registered"), ("参加投票", "voted"), ("参选率", "turnout"),
                ("党员大会应到", "expected"), ("实到", "present"), ("到会率", "attendance"),
                ("村（居）委会一次选举成功率", "committee_first_round_rate"),
                ("“两委”成员", "two_people"), ("平均年龄", "two_mean_age"),
                ("女性", "two_women"), ("大专及以上", "two_college"),
                ("35岁以下", "two_under_35"), ("一肩挑", "one_shoulder"),
                ("交叉任职", "cross"))


def figure_cell(f: stats.Figure | None) -> TableCell:
    """A figure as a number: a count, or its exact ratio."""
    if f is None:
        return None
    if f.kind == "count" or f.whole is None:
        return f.part
    return Ratio(f.part, f.whole, percent=f.kind == "percent")


def summary_tables(*, session: Session, root: Unit) -> tuple[str, list[Table]]:
    """The summary's text and tables, from the stored counts of the subtree."""
    assert root.id is not None
    units = subtree(session=session, unit=root)
    rolled = subtree_counts(session=session, root=root, units=units)
    before = stats.previous_counts([stats_unit(u, root=root) for u in units])
    now, prev = rolled[root.id], before.get(root.id)
    previous = {f.key: f for f in stats.figures(prev)} if prev is not None else {}
    rows = []
    for f in stats.figures(now, prev):
        rows.append((f.label, figure_cell(f), f.part, f.whole,
                     figure_cell(previous.get(f.key)), f.trend))
    names = {u.id: u.name for u in units}
    by_unit = []
    for u in units:
        assert u.id is not None
        shown = {f.key: f for f in stats.figures(rolled[u.id],
                                                 keys=[k for _h, k in UNIT_COLUMNS])}
        by_unit.append((u.name, KIND_ZH[u.kind], names.get(u.parent_id or 0, ""),
                        *(figure_cell(shown[key]) for _h, key in UNIT_COLUMNS)))
    text = stats.summary_text(now, root.kind)
    return text, [
        Table("汇总", ("项目", "本届", "分子", "分母", "上届", "升降"), tuple(rows)),
        Table("各单位", ("单位", "类别", "上级单位", *(h for h, _k in UNIT_COLUMNS)),
              tuple(by_unit)),
        Table("总述", ("总述",), ((text,),)),
    ]


def roster_tables(units: list[stats.Unit]) -> list[Table]:
    return [Table("当选人员名册", stats.ROSTER_HEADINGS,
                  tuple(row.cells() for row in stats.roster(units)))]


def weekly_tables(*, session: Session, unit: Unit, today: date) -> list[Table]:
    picture = board_picture(session=session, unit=unit, today=today)
    by_parent: dict[str, list[dict[str, Any]]] = {}
    for line in picture["units"]:
        by_parent.setdefault(line["parent"], []).append(line)
    rows: list[tuple[TableCell, ...]] = []
    for parent, lines in sorted(by_parent.items()):
        elections = [e for line in lines for e in line["elections"]]
        rows.append((parent, len(lines), len(elections),
                     *(sum(e["stage"] == s for e in elections) for s in STAGES),
                     sum(e["late"] for e in elections), sum(e["needs_round"] for e in elections),
                     sum(line["failing"] for line in lines)))
    problems = []
    for line in picture["units"]:
        notes = [f"{e['body_zh']}{e['stage_zh']}阶段逾期" for e in line["elections"] if e["late"]]
        notes += [f"{e['body_zh']}需再次投票" for e in line["elections"] if e["needs_round"]]
        notes += [e["body_zh"] + f for e in line["elections"] for f in e["failing_zh"]]
        notes += line["checks_zh"]
        if notes:
            problems.append((line["parent"], line["name"], "；".join(notes)))
    return [
        Table("进度周报", ("乡镇（街道）", "村（社区）", "选举场数", *(STAGE_ZH[s] for s in STAGES),
                       "逾期", "需再次投票", "未通过检查"), tuple(rows)),
        Table("需关注的村（社区）", ("乡镇（街道）", "村（社区）", "情况"), tuple(problems)),
    ]


def report(*, session: Session, unit: Unit, name: str, fmt: str, today: date) -> bytes:
    """One report of the unit as xlsx or pdf bytes."""
    paragraphs: list[str] = []
    if name == "summary":
        text, tables = summary_tables(session=session, root=unit)
        paragraphs = [text]
        if fmt == "pdf":  # on paper: the figures and the units just below
            children = {u.name for u in subtree(session=session, unit=unit)
                        if u.parent_id == unit.id}
            tables = [Table("汇总", ("项目", "本届", "上届", "升降"),
                            tuple((r[0], r[1], r[4], r[5]) for r in tables[0].rows)),
                      Table(tables[1].title, tables[1].header,
                            tuple(r for r in tables[1].rows if r[0] in children))]
    elif name == "roster":
        tables = roster_tables([u for u in stats_units(session=session, unit=unit)
                                if u.kind in VOTING_KINDS])
    else:
        tables = weekly_tables(session=session, unit=unit, today=today)
        paragraphs = [f"统计截至{today.year}年{today.month}月{today.day}日。"]
    if fmt == "xlsx":
        return write_tables(tables)
    title = f"{unit.name}村（社区）“两委”{REPORT_ZH[name]}"
    return render_statistics(title, paragraphs, tables,
                             options=FormOptions(title=title, organisation=unit.name,
                                                 issued_on=today))

