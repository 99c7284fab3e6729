"""The forms of the nomination and the appraisal (CAMPAIGN.md §1–2), plain data in, PDF out:

    render_naming_ballot(sections, *, options, kind)    推荐票 / 提名票: blank lines to write
                                                         names, any printed names in 姓氏笔画 order
    render_summary_sheet(tables, *, options, title, …)  推荐结果统计表, 民主测评结果 …: ruled
                                                         tables of figures, signature lines
    render_appraisal_ballot(subjects, *, options, …)    民主测评表: a row per subject, a
                                                         column per option to mark
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ballots.documents.forms import FormOptions, Person, _end, _names, _sign_off, _start
from ballots.documents.forms import in_stroke_order as stroke_order
from ballots.flow import Column
from ballots.layout import MM, SIZE_4, SIZE_S4, SIZE_S5


@dataclass(frozen=True, slots=True)
class BallotSection:
    """One post on a naming ballot: up to `limit` names (CAMPAIGN.md §1)."""

    post_name: str
    seats: int
    limit: int
    printed: tuple[Person, ...] = ()  # names printed on the ballot to mark (姓氏笔画 order)


def render_naming_ballot(sections: Sequence[BallotSection], *, options: FormOptions,
                         kind: str) -> bytes:
    """推荐票 (两推) or 提名票 (海推), `kind` its name: per post the printed names to mark
    in 姓氏笔画 order, then blank lines to write names, as many as the limit."""
    ordered = [(s, stroke_order(s.printed, options.single_given_name_first)) for s in sections]
    title = f"{options.title}{kind}"
    names = [n for _, printed in ordered for n in _names(printed)]
    buffer, flow = _start(options, title, names)
    flow.paragraph("说明：1. 每个职位推荐（提名）的人数不得超过该栏所注人数，超过的该栏无效，"
                   "少于的可以。2. 同意印有姓名的人，在其姓名后的空格内划“○”；另推荐他人的，"
                   "在空白行内写上其姓名。3. 请用黑色或蓝色笔填写，字迹清楚。", SIZE_S4)
    for section, printed in ordered:
        flow.space(3 * MM)
        flow.paragraph(f"{section.post_name}（应选{section.seats}名，"
                       f"最多推荐{section.limit}人）", SIZE_4, bold=True)
        rows = [[str(i), name, ""] for i, name in enumerate(_names(printed), start=1)]
        rows += [[str(i), "", ""] for i in range(len(rows) + 1, len(rows) + section.limit + 1)]
        flow.table([Column("序号", 0.12), Column("被推荐人姓名", 0.58), Column("划“○”", 0.3)],
                   rows, size=SIZE_4, min_row=11 * MM)
    return _end(buffer, flow)


WIDE = {"姓名": 2.0, "测评对象": 2.0, "结果": 2.0, "结论": 3.0}  # columns of words


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """One ruled table of a summary sheet; numbers stay numbers (for the spreadsheet)."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    notes: tuple[str, ...] = ()


def render_summary_sheet(tables: Sequence[SummaryTable], *, options: FormOptions, title: str,
                         lines: Sequence[str] = (), signers: Sequence[str] = ()) -> bytes:
    """A summary of figures: `lines` above (meetings, thresholds), a table per post, the
    signature lines, the 落款."""
    full = f"{options.title}{title}"
    texts = [*lines, *(t.heading for t in tables), *(n for t in tables for n in t.notes),
             *(str(c) for t in tables for row in t.rows for c in row),
             *(c for t in tables for c in t.columns)]
    buffer, flow = _start(options, full, texts)
    for line in lines:
        flow.paragraph(line, SIZE_S4)
    for i, table in enumerate(tables):
        flow.space(3 * MM)
        flow.paragraph(table.heading, SIZE_S4, bold=True)
        for note in table.notes:
            flow.paragraph(note, SIZE_S5)
        widths = [WIDE.get(c, 1.0) for c in table.columns]
        columns = [Column(c, w) for c, w in zip(table.columns, widths, strict=True)]
        rows = [[str(c) for c in row] for row in table.rows] or [[""] * len(columns)]
        last = i == len(tables) - 1
        flow.table(columns, rows, size=SIZE_S5, min_row=8 * MM,
                   reserve_after=flow.signatures_height(len(signers)) if last else 0.0)
    if signers:
        flow.signatures(list(signers))
    _sign_off(flow, options)
    return _end(buffer, flow)


def render_appraisal_ballot(subjects: Sequence[str], *, options: FormOptions,
                            marks: Sequence[str], title: str = "民主测评表") -> bytes:
    """民主测评表 (CAMPAIGN.md §2): the 班子 and each member in the organiser's order (by
    post), a column per option to mark with “○”, one mark a row."""
    full = f"{options.title}{title}"
    buffer, flow = _start(options, full, [*subjects, *marks])
    flow.paragraph("说明：对每个测评对象，在所选等次下的空格内划“○”，每行只能选一个等次，"
                   "多选的该行无效，不选的视为弃权。本表不记名。", SIZE_S4)
    flow.space(2 * MM)
    columns = [Column("序号", 0.6), Column("测评对象", 2.6)] + [Column(o, 1.2) for o in marks]
    rows = [[str(i), name] + [""] * len(marks) for i, name in enumerate(subjects, start=1)]
    flow.table(columns, rows or [[""] * len(columns)], size=SIZE_4, min_row=12 * MM)
    return _end(buffer, flow)
