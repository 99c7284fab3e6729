"""Spreadsheets in and out (openpyxl): the roll (党员名册/选民名册) and an election's results.

    read_roll(data, filename) -> RollImport      xlsx or CSV; every row checked, nothing dropped
    write_roll(rows) -> bytes                     the roll with attendance (签到)
    write_results(record, result) -> bytes        a sheet per round, attendance, the elected
    write_vetting(people, sign_offs, departments)  the 联审表 and every sign-off

Numbers are written as numbers, one table a sheet. Row numbers in errors are the
spreadsheet's own (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ballots.documents.forms import VettedPerson
from ballots.documents.nomination import SummaryTable
from ballots.documents.result_view import (
    ROUND_KIND_ZH,
    names_in_stroke_order,
    status_text,
    tally_name,
)
from ballots.strokes import StrokeError, sort_names, stroke_key
from counting import parse_record

# 身份 as written in a roll → the service's status (app/roll STATUS_ZH)
STATUS_WORDS = {
    "正式党员": "full", "正式": "full", "预备党员": "probationary", "预备": "probationary",
    "留党察看": "on_probation", "停止党员权利": "suspended",
    "选民": "registered", "登记选民": "registered", "代表": "registered",
}
STATUS_OUT = {"full": "正式党员", "probationary": "预备党员", "on_probation": "留党察看",
              "suspended": "停止党员权利", "registered": "选民"}
NAME_HEADERS = ("姓名", "name")
STATUS_HEADERS = ("身份", "类别", "党员类别", "status")
NOTE_HEADERS = ("备注", "区分", "出生年份", "单位", "note")
FIXED_TIME = datetime(2000, 1, 1)  # written as the workbook's created/modified time


@dataclass(frozen=True, slots=True)
class RollRow:
    row: int  # the spreadsheet's row number
    name: str
    status: str  # full / probationary / … / registered
    note: str | None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    code: str  # missing_name, unknown_status, duplicate_name, unknown_character
    zh: str


@dataclass(frozen=True, slots=True)
class RollImport:
    rows: tuple[RollRow, ...]  # the good rows, in file order
    errors: tuple[RowError, ...]  # one per bad row, in file order

    @property
    def ok(self) -> bool:
        return not self.errors


class SpreadsheetError(ValueError):
    """A file that is not a roll at all (not xlsx/CSV, no 姓名 column)."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.code, self.zh, self.en = code, zh, en


def _cells(data: bytes, filename: str) -> list[list[object]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many kinds for a broken file
            raise SpreadsheetError("bad_file", "无法读取该 Excel 文件",
                                   f"cannot read the xlsx file ({type(err).__name__})") from None
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    if filename.lower().endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SpreadsheetError("bad_file", "CSV 文件编码无法识别（应为 UTF-8 或 GBK）",
                                   "the CSV is neither UTF-8 nor GBK")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    raise SpreadsheetError("bad_file", "只能导入 .xlsx 或 .csv 文件",
                           "only .xlsx and .csv files can be imported")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _column(header: Sequence[str], names: Sequence[str]) -> int | None:
    for i, h in enumerate(header):
        if h.replace(" ", "").lower() in names:
            return i
    return None


def read_roll(data: bytes, filename: str, *, default_status: str = "full",
              allowed: Sequence[str] = ()) -> RollImport:
    """Check every row of a roll: 姓名 (required), 身份 (正式/预备/选民…), 备注 (a
    disambiguator for identical names). Bad rows are reported, never stored or guessed.
    `allowed`: the statuses this election's roll may hold (e.g. only 选民 in a 村/居)."""
    table = _cells(data, filename)
    skipped = 0  # blank lines above the header
    while table and not any(_text(c) for c in table[0]):
        table.pop(0)
        skipped += 1
    if not table:
        raise SpreadsheetError("empty_file", "文件中没有内容", "the file is empty")
    header = [_text(c) for c in table[0]]
    name_at = _column(header, NAME_HEADERS)
    if name_at is None:
        raise SpreadsheetError("no_name_column", "第一行须有“姓名”列",
                               "the first row must have a 姓名 column")
    status_at = _column(header, STATUS_HEADERS)
    note_at = _column(header, NOTE_HEADERS)
    good: list[RollRow] = []
    errors: list[RowError] = []
    for offset, cells in enumerate(table[1:]):
        row = skipped + offset + 2  # the header is row skipped + 1

        def cell(at: int | None, cells: list[object] = cells) -> str:
            return _text(cells[at]) if at is not None and at < len(cells) else ""

        if not any(_text(c) for c in cells):
            continue  # a blank line
        name = "".join(cell(name_at).split())
        status_word = cell(status_at)
        note = cell(note_at) or None
        if not name:
            errors.append(RowError(row, "missing_name", f"第{row}行：缺少姓名"))
            continue
        status = STATUS_WORDS.get(status_word, default_status if not status_word else "")
        if status and allowed and status not in allowed:
            fits = "、".join(STATUS_OUT[a] for a in allowed if a in STATUS_OUT)
            errors.append(RowError(row, "unknown_status",
                                   f"第{row}行：身份“{status_word}”不适用于本选举（可填：{fits}）"))
            continue
        if not status:
            known = "、".join(k for k in STATUS_WORDS if len(k) > 2)
            errors.append(RowError(row, "unknown_status",
                                   f"第{row}行：身份“{status_word}”无法识别（可填：{known}）"))
            continue
        try:
            stroke_key(name)
        except StrokeError as err:
            errors.append(RowError(row, "unknown_character", f"第{row}行：{err.zh}"))
            continue
        good.append(RollRow(row, name, status, note))
    errors += _duplicates(good)
    bad = {e.row for e in errors}
    return RollImport(tuple(r for r in good if r.row not in bad),
                      tuple(sorted(errors, key=lambda e: e.row)))


def _duplicates(rows: Sequence[RollRow]) -> list[RowError]:
    """Identical names need a disambiguator each (RULES.md §7.7): both rows are reported."""
    groups: dict[tuple[str, str | None], list[RollRow]] = {}
    for r in rows:
        groups.setdefault((r.name, r.note), []).append(r)
    named: dict[str, int] = {}
    for r in rows:
        named[r.name] = named.get(r.name, 0) + 1
    out = []
    for (name, note), same in groups.items():
        if len(same) > 1 or (note is None and named[name] > 1):
            for r in same:
                others = "、".join(str(o.row) for o in rows if o.name == name and o is not r)
                out.append(RowError(r.row, "duplicate_name",
                                    f"第{r.row}行：与第{others}行同名“{name}”，"
                                    "须在备注中注明出生年份或单位加以区分"))
    return out


# ---- writing ----------------------------------------------------------------------------

BOLD = Font(bold=True)


def _book() -> Workbook:
    """A write-only workbook (fast for a roll of thousands)."""
    book = Workbook(write_only=True)
    book.properties.creator = "jipiao"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    return book


def _bold(sheet: Worksheet, values: Sequence[object]) -> None:
    cells = []
    for v in values:
        cell = WriteOnlyCell(sheet, value=v)
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _sheet(book: Workbook, title: str, header: Sequence[str]) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for i, h in enumerate(header):
        sheet.column_dimensions[chr(ord("A") + i)].width = max(10, 2 * len(h) + 4)
    _bold(sheet, header)
    return sheet


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class RollOut:
    name: str
    status: str
    note: str | None
    signed_in: bool
    votes: bool


def write_roll(rows: Sequence[RollOut]) -> bytes:
    """The roll with attendance: 姓名, 身份, 备注, 有选举权, 签到; then the totals."""
    book = _book()
    sheet = _sheet(book, "名册", ["序号", "姓名", "身份", "备注", "有选举权", "签到"])
    for i, r in enumerate(rows, start=1):
        sheet.append([i, r.name, STATUS_OUT.get(r.status, r.status), r.note or "",
                      "是" if r.votes else "否", "已签到" if r.signed_in else ""])
    totals = _sheet(book, "出席", ["项目", "人数"])
    totals.append(["名册人数", len(rows)])
    totals.append(["有选举权", sum(r.votes for r in rows)])
    totals.append(["已签到", sum(r.signed_in for r in rows)])
    totals.append(["有选举权且已签到", sum(r.signed_in and r.votes for r in rows)])
    return _save(book)


def write_results(record: Mapping[str, object], result: Mapping[str, Any]) -> bytes:
    """A sheet per round (each candidate's 赞成/不赞成/弃权 and 结果, valid/invalid per post,
    the checks), a sheet of attendance by round and one of the elected (姓氏笔画 order)."""
    parsed = parse_record(record)
    book = _book()
    attendance = _sheet(book, "出席与选票", ["轮次", "类型", "应到", "实到", "登记选民",
                                         "发出选票", "收回选票", "作废选票"])
    rounds = {r.id: r for r in parsed.rounds}
    for number, rres in enumerate(result.get("rounds") or [], start=1):
        rnd = rounds[rres["id"]]
        a = rnd.attendance
        attendance.append([rnd.id, ROUND_KIND_ZH.get(rnd.kind, rnd.kind), a.expected,
                           a.present, a.registered, rnd.ballots_issued, rnd.ballots_returned,
                           rnd.ballots_void])
        sheet = _sheet(book, f"第{number}轮（{rnd.id}）", ["职位", "姓名", "赞成", "不赞成",
                                                        "弃权", "得票", "结果"])
        posts = rres.get("posts") or {}
        for post in parsed.posts:
            res = posts.get(post.id)
            if not isinstance(res, Mapping):
                continue
            for entry in res.get("tally") or []:
                sheet.append([post.name, tally_name(parsed, entry), entry.get("yes"),
                              entry.get("no"), entry.get("abstain"),
                              entry.get("votes", entry.get("yes")),
                              status_text(entry, rnd.kind)])
        sheet.append([])
        _bold(sheet, ["职位", "应选", "当选票数", "有效", "无效"])
        for post in parsed.posts:
            res = posts.get(post.id)
            if isinstance(res, Mapping):
                sheet.append([post.name, res.get("seats"), res.get("threshold"),
                              res.get("sections_valid"), res.get("sections_invalid")])
        sheet.append([])
        _bold(sheet, ["核验", "结论"])
        for check in rres.get("checks") or []:
            sheet.append([check.get("text") or check.get("code"),
                          "符合" if check.get("ok") else "不符合"])
    elected = _sheet(book, "当选", ["职位", "姓名（按姓氏笔画为序）", "暂缺"])
    outcome = result.get("outcome") or {}
    for post in parsed.posts:
        names = names_in_stroke_order(parsed, (outcome.get("elected") or {}).get(post.id) or [])
        vacant = (outcome.get("vacant") or {}).get(post.id) or 0
        for i, name in enumerate(names or [""]):
            elected.append([post.name, name, vacant if i == 0 else None])
    return _save(book)


@dataclass(frozen=True, slots=True)
class SignOffRow:
    name: str
    item: str
    department: str
    status: str  # 无问题 / 有问题 / 待审核
    reviewer: str
    reviewed_on: str
    note: str


def write_vetting(people: Sequence[VettedPerson], sign_offs: Sequence[SignOffRow],
                  departments: Sequence[str]) -> bytes:
    """联审表 (CAMPAIGN.md §3): a row per candidate in 姓氏笔画 order (age and 党龄 as numbers,
    a column per department), then every sign-off with reviewer, date and note."""
    order = sort_names([(p.name, p.surname) for p in people]).order
    book = _book()
    table = _sheet(book, "联审表", ["序号", "姓名", "性别", "出生年月", "年龄", "文化程度",
                                 "政治面貌", "党龄", "资格条件", *departments, "结论"])
    for n, i in enumerate(order, start=1):
        p = people[i]
        by_department = dict(p.reviews)
        table.append([n, p.name, p.gender, p.birth, p.age, p.education, p.political_status,
                      p.party_years, "；".join(p.conditions) or "符合",
                      *(by_department.get(d, "") for d in departments),
                      "审核通过" if p.passed else "未通过"])
    detail = _sheet(book, "审核明细", ["姓名", "负面清单条目", "审核部门", "审核意见", "审核人",
                                   "审核日期", "备注"])
    for s in sign_offs:
        detail.append([s.name, s.item, s.department, s.status, s.reviewer, s.reviewed_on,
                       s.note])
    return _save(book)


def write_summary(tables: Sequence[SummaryTable], lines: Sequence[str] = ()) -> bytes:
    """推荐结果统计表, 民主测评结果 …: a sheet per table (numbers as numbers), and the
    lines above them (meetings, thresholds) on a first sheet."""
    book = _book()
    about = _sheet(book, "说明", ["说明"])
    for line in lines:
        about.append([line])
    for i, t in enumerate(tables, start=1):
        sheet = _sheet(book, f"{i} {t.heading.split('：')[0]}", t.columns)
        for row in t.rows:
            sheet.append(list(row))
        for note in (t.heading, *t.notes):
            sheet.append([note])
    return _save(book)


@dataclass(frozen=True, slots=True)
class Ratio:
    """A cell holding `part / whole` as a number (shown 0.0 %, or 0.0 for a mean); empty
    when `whole` is 0 (nothing to divide)."""

    part: int
    whole: int
    percent: bool = True


TableCell = str | int | Ratio | None


@dataclass(frozen=True, slots=True)
class Table:
    title: str  # the sheet's name
    header: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]


def write_tables(tables: Sequence[Table]) -> bytes:
    """One sheet per table (CAMPAIGN.md §4 forms): numbers as numbers, ratios as numbers
    formatted 0.0 %."""
    book = _book()
    for table in tables:
        sheet = _sheet(book, table.title, table.header)
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    return _save(book)


def _cell(sheet: Worksheet, value: TableCell) -> Any:
    if not isinstance(value, Ratio):
        return value
    if value.whole == 0:
        return None
    cell = WriteOnlyCell(sheet, value=value.part / value.whole)
    cell.number_format = "0.0%" if value.percent else "0.0"
    return cell
