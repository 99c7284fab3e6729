"""The 计票人 page on the meeting floor (issue 15): a refused ballot is said where the clerk
looks and keeps its marks, a mistyped number marks nothing, a half-marked sheet survives a
reload."""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_clerk import active_entries, clerk_page, tile
from uikit import Meeting, make_meeting, make_village, open_round_for_counting

pytestmark = pytest.mark.browser


def enter_by_api(meeting: Meeting, rid: int, n: int) -> None:
    for i in range(n):
        meeting.call("POST", f"/rounds/{rid}/entries", role="teller",
                     json={"entry_id": f"api-{rid}-{i}",
                           "marks": {"member": {meeting.ids["张伟"]: "yes"}}})


def verdict(page: Any) -> str:
    return str(page.inner_text("#verdict"))


def test_a_ballot_the_server_refuses_is_said_and_keeps_its_marks(server: str,
                                                                  browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=2)
    page = clerk_page(browser, meeting)
    enter_by_api(meeting, rnd["id"], 2)  # another tablet of group A entered both meanwhile
    tile(page, meeting, "member", "欧阳丽").tap()
    page.locator("#submit").tap()
    page.wait_for_function(
        "document.getElementById('verdict').textContent.includes('未被接受')")
    assert "已录入2张，已达到收回的2张" in verdict(page)
    assert "已记下" not in verdict(page)
    assert tile(page, meeting, "member", "欧阳丽").get_attribute("data-mark") == "yes"
    page.wait_for_function(
        "document.getElementById('ballot-no').textContent === '全部选票已录入'")
    assert "全部已保存" not in page.inner_text("#net-status")
    assert "已录入 2 / 收回 2" in page.inner_text("#progress")
    assert len(active_entries(meeting, rnd["id"])) == 2
    page.locator("#clear-sheet").tap()  # the clerk has read the refusal
    assert "全部已保存" in page.inner_text("#net-status")
    assert "全部选票已录入" in verdict(page)
    page.context.close()


def test_when_all_returned_ballots_are_entered_no_next_sheet_is_offered(
        server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=1)
    page = clerk_page(browser, meeting)
    tile(page, meeting, "member", "张伟").tap()
    page.locator("#submit").tap()
    page.wait_for_function(
        "document.getElementById('ballot-no').textContent === '全部选票已录入'")
    assert "全部选票已录入" in verdict(page)
    tile(page, meeting, "member", "欧阳丽").tap()
    page.locator("#submit").tap()
    page.wait_for_function(
        "document.getElementById('verdict').textContent.includes('未被接受')")
    assert "已录入1张，已达到收回的1张" in verdict(page)
    assert tile(page, meeting, "member", "欧阳丽").get_attribute("data-mark") == "yes"
    assert page.inner_text("#ballot-no") == "全部选票已录入"
    assert len(active_entries(meeting, rnd["id"])) == 1
    page.context.close()


def test_a_candidate_number_not_on_the_sheet_marks_nothing(server: str, browser: Any) -> None:
    meeting = make_village(server)  # 8 candidates: 1–8
    open_round_for_counting(meeting, returned=5, issued=25)
    page = clerk_page(browser, meeting)
    page.keyboard.press("2")
    page.keyboard.press("9")
    assert "没有9号" in verdict(page)
    page.keyboard.press("o")
    marks = page.eval_on_selector_all(".cand", "bs => bs.map(b => b.dataset.mark)")
    assert set(marks) == {"abstain"}
    assert "没有9号" in verdict(page)
    page.keyboard.press("3")
    page.keyboard.press("o")
    third = page.locator('.cand[data-n="3"]')
    assert third.get_attribute("data-mark") == "yes"
    assert "没有9号" not in verdict(page)
    page.context.close()


def test_a_half_marked_sheet_survives_a_reload_with_its_entry_id(server: str,
                                                                 browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=5)
    page = clerk_page(browser, meeting)
    tile(page, meeting, "member", "欧阳丽").tap()
    tile(page, meeting, "member", "张伟").tap()
    tile(page, meeting, "member", "张伟").tap()  # 不赞成
    page.reload()
    page.wait_for_selector(".cand")
    assert tile(page, meeting, "member", "欧阳丽").get_attribute("data-mark") == "yes"
    assert tile(page, meeting, "member", "张伟").get_attribute("data-mark") == "no"
    kept = page.evaluate("""() => Object.keys(localStorage)
        .filter(k => k.startsWith('jipiao.sheet.'))
        .map(k => JSON.parse(localStorage.getItem(k)).entry_id)""")
    assert len(kept) == 1
    page.locator("#submit").tap()
    page.wait_for_function("document.getElementById('net-status').textContent.includes('全部已保存')")
    assert [e["entry_id"] for e in active_entries(meeting, rnd["id"])] == kept
    page.reload()  # submitted: the next sheet starts blank
    page.wait_for_selector(".cand")
    tile(page, meeting, "member", "刘芳").tap()
    page.locator("#clear-sheet").tap()  # 清空本张 forgets it too
    page.reload()
    page.wait_for_selector(".cand")
    marks = page.eval_on_selector_all(".cand", "bs => bs.map(b => b.dataset.mark)")
    assert set(marks) == {"abstain"}
    page.context.close()


def test_the_write_in_mark_says_what_it_is_and_how_to_enter_a_name(
        server: str, browser: Any) -> None:
    """At 1024×768 the 另选他人 box says what goes in it, the button under it says it is the
    written name's mark and how it changes; an empty box looks empty, a written one does not."""
    meeting = make_meeting(server)
    open_round_for_counting(meeting, returned=3)
    page = clerk_page(browser, meeting)
    help_text = page.locator("#writein-help")
    assert help_text.is_visible() and "写上" in help_text.inner_text()
    assert "切换" in help_text.inner_text() or "换一种" in help_text.inner_text()
    box = page.locator(".writein").filter(has=page.locator("#wi-member-0"))
    mark = box.locator(".wi-mark")
    assert "符号" in (mark.get_attribute("title") or "") and "切换" in mark.get_attribute("title")
    assert "另选他人第1栏" in (mark.get_attribute("aria-label") or "")
    assert "written" not in (box.get_attribute("class") or "")
    page.fill("#wi-member-0", "孙七")
    assert "written" in (box.get_attribute("class") or "")
    mark.click()
    assert mark.inner_text() == "不赞成 ×" and "不赞成 ×" in mark.get_attribute("aria-label")
    page.close()
