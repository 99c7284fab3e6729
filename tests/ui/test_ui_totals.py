"""Hand-counted 正字 sheets entered as totals by a 计票人, in a real browser: saved, checked
by the server, corrected only with a reason, and counted."""

from __future__ import annotations

from typing import Any

import pytest
from uikit import TABLET, Meeting, make_village, open_round_for_counting

pytestmark = pytest.mark.browser


def fill(page: Any, meeting: Meeting, post: str, name: str, mark: str, n: int) -> None:
    page.fill(f'input[data-post="{post}"][data-cid="{meeting.ids[name]}"][data-mark="{mark}"]',
              str(n))


def test_clerk_enters_hand_counted_totals(server: str, browser: Any) -> None:
    meeting = make_village(server)
    rid = open_round_for_counting(meeting, returned=25, issued=25)["id"]
    clerk = browser.new_page(viewport=TABLET)
    clerk.goto(meeting.page("clerk", "teller"))  # the token stays on this device
    clerk.click("text=改为录入汇总票数")
    page = clerk
    page.wait_for_selector("#totals-form")
    assert "#token" not in page.url and "token=" not in page.url
    for post, name, mark, n in (("chair", "王建国", "yes", 20), ("chair", "王建国", "no", 3),
                                ("chair", "李明", "yes", 4), ("vice_chair", "张伟", "yes", 18),
                                ("vice_chair", "刘芳", "yes", 6), ("member", "欧阳丽", "yes", 19),
                                ("member", "陈静", "yes", 17), ("member", "赵强", "yes", 15),
                                ("member", "孙丽", "yes", 5)):
        fill(page, meeting, post, name, mark, n)
    page.fill("#invalid-member", "1")
    page.click('[data-add-write-in="member"]')
    row = page.locator('[data-write-in="member"]').first
    row.locator("input").nth(0).fill("周八")
    row.locator("input").nth(1).fill("2")
    page.click("#totals-form button.submit")
    page.wait_for_selector("#saved:not(.hidden)")
    saved = meeting.latest_round()["totals"]
    assert saved["chair"]["yes"][meeting.ids["王建国"]] == 20
    assert saved["chair"]["no"] == {meeting.ids["王建国"]: 3}
    assert (saved["member"]["invalid"], saved["member"]["write_ins"]) == (1, {"周八": 2})

    # After a reload the saved sheet is shown; a change needs a reason and is checked.
    page.reload()
    page.wait_for_function(
        f"document.querySelector('input[data-cid=\"{meeting.ids['王建国']}\"]').value === '20'")
    fill(page, meeting, "chair", "王建国", "yes", 30)  # more than the 25 ballots returned
    page.click("#totals-form button.submit")
    page.wait_for_function("document.querySelector('#error').innerText.includes('理由')")
    page.fill("#reason", "核对统计表")
    page.click("#totals-form button.submit")
    page.wait_for_function("document.querySelector('#error').innerText.length > 10 && "
                           "!document.querySelector('#error').innerText.includes('理由')")
    assert meeting.latest_round()["totals"]["chair"]["yes"][meeting.ids["王建国"]] == 20

    result = meeting.call("POST", f"/rounds/{rid}/count", role="scrutineer")["result"]
    assert result["outcome"]["elected"]["chair"] == [meeting.ids["王建国"]]
    assert sorted(result["outcome"]["elected"]["member"]) == sorted(
        meeting.ids[n] for n in ("欧阳丽", "陈静", "赵强"))


def test_totals_are_refused_once_ballots_were_entered(server: str, browser: Any) -> None:
    meeting = make_village(server)
    rid = open_round_for_counting(meeting, returned=25, issued=25)["id"]
    meeting.call("POST", f"/rounds/{rid}/entries", role="teller", json={
        "entry_id": "t-1", "marks": {"chair": {meeting.ids["王建国"]: "yes"}}})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("totals", "teller"))
    page.wait_for_function("document.querySelector('#error').innerText.includes('已逐张录入1张')")
    assert page.is_disabled("#totals-form button.submit")
