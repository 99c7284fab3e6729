"""Rolls and results as spreadsheets: read back with openpyxl; row-level import errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from printkit import counted_party_record, result_of

from ballots.spreadsheets import (
    RollOut,
    SpreadsheetError,
    read_roll,
    write_results,
    write_roll,
)

SURNAMES = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑谢韩唐"
GIVEN = "建晓志国华明"


def roll_rows(n: int) -> list[list[Any]]:
    names = [s + a + b for s in SURNAMES for a in GIVEN for b in GIVEN if a != b][:n]
    return [[name, "预备党员" if i % 7 == 0 else "正式党员", None] for i, name in enumerate(names)]


def xlsx(rows: list[list[Any]], header: tuple[str, ...] = ("姓名", "身份", "备注")) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_three_bad_rows_of_200_are_exactly_reported() -> None:
    rows = roll_rows(200)
    rows[9][0] = None  # row 11: no name
    rows[49][1] = "入党积极分子"  # row 51: unknown status
    rows[120][0] = rows[119][0] = "韩梅梅"  # rows 121, 122: identical, one without a note
    rows[119][2] = "1965年生"  # row 121 has a note; row 122 has none: it is ambiguous
    rows[150][0] = "王𠀀"  # row 152: a character the stroke table does not know
    found = read_roll(xlsx(rows), "roll.xlsx")
    assert [(e.row, e.code) for e in found.errors] == [
        (11, "missing_name"), (51, "unknown_status"), (122, "duplicate_name"),
        (152, "unknown_character")]
    assert "第51行" in found.errors[1].zh and "入党积极分子" in found.errors[1].zh
    assert "第121行" in found.errors[2].zh
    assert len(found.rows) == 200 - 4 and not found.ok


def test_exactly_three_bad_rows() -> None:
    rows = roll_rows(200)
    rows[0][0] = ""
    rows[99][1] = "党员?"
    rows[199][0] = "丁𠀀"
    found = read_roll(xlsx(rows), "roll.xlsx")
    assert [e.row for e in found.errors] == [2, 101, 201]
    assert len(found.rows) == 197


def test_identical_names_with_notes_are_fine_and_csv_reads_too() -> None:
    text = "姓名,身份,备注\n王伟,正式,1965年生\n王伟,正式,1978年生\n\n丁一,预备,\n"
    for data in (text.encode("utf-8"), text.encode("gb18030")):
        found = read_roll(data, "roll.csv")
        assert found.ok
        assert [(r.row, r.name, r.status, r.note) for r in found.rows] == [
            (2, "王伟", "full", "1965年生"), (3, "王伟", "full", "1978年生"),
            (5, "丁一", "probationary", None)]


def test_round_trip_export_import() -> None:
    rows = read_roll(xlsx(roll_rows(60)), "roll.xlsx").rows
    out = write_roll([RollOut(r.name, r.status, r.note, signed_in=i % 2 == 0,
                              votes=r.status == "full") for i, r in enumerate(rows)])
    again = read_roll(out, "export.xlsx")
    assert again.ok
    assert [(r.name, r.status, r.note) for r in again.rows] == [
        (r.name, r.status, r.note) for r in rows]
    book = load_workbook(io.BytesIO(out))
    assert book.sheetnames == ["名册", "出席"]
    totals = {r[0]: r[1] for r in book["出席"].iter_rows(min_row=2, values_only=True)}
    assert totals["名册人数"] == 60 and totals["已签到"] == 30
    assert isinstance(totals["有选举权"], int)


@pytest.mark.parametrize(("data", "name", "code"), [
    (b"not a zip", "roll.xlsx", "bad_file"),
    (b"a,b\n1,2\n", "roll.csv", "no_name_column"),
    (b"", "roll.csv", "empty_file"),
    (b"x", "roll.pdf", "bad_file"),
])
def test_a_file_that_is_not_a_roll(data: bytes, name: str, code: str) -> None:
    with pytest.raises(SpreadsheetError) as err:
        read_roll(data, name)
    assert err.value.code == code


def test_results_read_back_equal_the_result() -> None:
    record = counted_party_record()
    result = result_of(record)
    book = load_workbook(io.BytesIO(write_results(record, result)))
    assert book.sheetnames == ["出席与选票", "第1轮（r1）", "当选"]
    sheet = list(book["第1轮（r1）"].iter_rows(min_row=2, values_only=True))
    tally = result["rounds"][0]["posts"]["member"]["tally"]
    by_name = {r[1]: r for r in sheet if r and r[0] == "委员" and isinstance(r[1], str)}
    assert len(by_name) == len(tally)
    for entry in tally:
        row = by_name[entry["name"]]
        assert (row[2], row[3], row[4]) == (entry["yes"], entry["no"], entry["abstain"])
    post = result["rounds"][0]["posts"]["member"]
    valid = next(r for r in sheet if r and r[0] == "委员" and r[1] == post["seats"])
    assert (valid[2], valid[3], valid[4]) == (post["threshold"], post["sections_valid"],
                                              post["sections_invalid"])
    attendance = list(book["出席与选票"].iter_rows(min_row=2, values_only=True))
    assert attendance[0][:4] == ("r1", "选举", 60, 55) and attendance[0][5:] == (55, 55, 0)
    elected = [r[1] for r in book["当选"].iter_rows(min_row=2, values_only=True)]
    assert elected == ["丁一", "马力", "田野", "冯雪"]


def test_export_from_the_command_line(tmp_path: Any) -> None:
    import json

    from app.cli import main

    record = counted_party_record()
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "result.xlsx"
    assert main(["export", str(path), "-o", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["出席与选票", "第1轮（r1）", "当选"]
    assert main(["export", str(tmp_path / "missing.json"), "-o", str(out)]) == 2


def test_a_status_this_election_does_not_hold_is_a_row_error() -> None:
    data = "姓名,身份\n丁一,选民\n马力,正式党员\n王建国,\n".encode()
    found = read_roll(data, "roll.csv", default_status="registered", allowed=("registered",))
    assert [(e.row, e.code) for e in found.errors] == [(3, "unknown_status")]
    assert "不适用于本选举" in found.errors[0].zh
    assert [(r.name, r.status) for r in found.rows] == [("丁一", "registered"),
                                                        ("王建国", "registered")]
