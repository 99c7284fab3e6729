"""The organiser's papers card in a real browser: a roll file previewed row by row, refused
while a row is wrong, imported once confirmed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from uikit import TABLET, Meeting, make_meeting

pytestmark = pytest.mark.browser


def roll(rows: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份"])
    for r in rows:
        sheet.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_roll_import_preview_then_confirm(server: str, browser: Any, tmp_path: Path) -> None:
    meeting: Meeting = make_meeting(server, present=3)
    before = len(meeting.call("GET", "/voters"))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(roll([("郭靖", "正式党员"), ("", "正式党员"), ("黄蓉", "积极分子")]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(roll([("郭靖", "正式党员"), ("黄蓉", "预备党员")]))
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#voters .cand")
    page.set_input_files("#roll-file", str(bad))
    page.click("#roll-import button[type=submit]")
    page.wait_for_selector("#roll-preview .notice")
    text = page.inner_text("#roll-preview")
    assert "有 2 行须更正" in text and "第3行" in text and "第4行" in text
    assert page.is_disabled("#roll-confirm")
    page.screenshot(path=str(tmp_path / "papers.png"), full_page=True)
    page.set_input_files("#roll-file", str(good))
    page.click("#roll-import button[type=submit]")
    page.wait_for_function("!document.querySelector('#roll-confirm').disabled")
    page.click("#roll-confirm")
    page.wait_for_function(
        "document.querySelector('#roll-preview').innerText.includes('已导入 2 人')")
    assert len(meeting.call("GET", "/voters")) == before + 2
