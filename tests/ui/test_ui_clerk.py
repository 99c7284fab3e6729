"""The 计票人 page in a real browser: touch, keyboard, instant rule checks, undo, a dropped
request retried without double counting, an offline queue, double entry."""

from __future__ import annotations

from typing import Any

import pytest
from uikit import TABLET, Meeting, make_meeting, open_round_for_counting

from counting.validity import overvote_text

pytestmark = pytest.mark.browser


def clerk_page(browser: Any, meeting: Meeting, query: str = "") -> Any:
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.goto(meeting.page("clerk", "teller", query))
    page.wait_for_selector(".cand")
    return page


def tile(page: Any, meeting: Meeting, post: str, name: str) -> Any:
    return page.locator(f'.cand[data-post="{post}"][data-cid="{meeting.ids[name]}"]')


def number_of(page: Any, meeting: Meeting, post: str, name: str) -> str:
    return str(tile(page, meeting, post, name).get_attribute("data-n"))


def active_entries(meeting: Meeting, rid: int, channel: str = "A") -> list[dict[str, Any]]:
    entries = meeting.call("GET", f"/rounds/{rid}/entries?channel={channel}", role="teller")
    return [e for e in entries if not e["voided"]]


def wait_saved(page: Any) -> None:
    page.wait_for_function(
        "document.getElementById('net-status').textContent.includes('全部已保存')")


def test_touch_and_keyboard_entry_feedback_undo_and_board(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=10)
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(meeting.page("board", "observer"))
    board.wait_for_selector(".bar-row")
    page = clerk_page(browser, meeting)
    assert page.inner_text("#ballot-no") == "第 1 张"
    assert "token=" not in page.url  # the secret leaves the address bar

    # Ballot 1 by touch: tap once = 赞成 ○, twice = 不赞成 ×.
    tile(page, meeting, "secretary", "王建国").tap()
    for name in ("王建国", "欧阳丽", "张伟"):
        tile(page, meeting, "member", name).tap()
    tile(page, meeting, "member", "李明").tap()
    tile(page, meeting, "member", "李明").tap()
    assert tile(page, meeting, "member", "李明").get_attribute("data-mark") == "no"
    assert page.inner_text('[data-picked="member"]') == "已选 3 / 5"
    page.locator("#submit").tap()
    wait_saved(page)
    page.wait_for_selector("#entries tbody tr")
    assert page.inner_text("#ballot-no") == "第 2 张"

    # Ballot 2 by keyboard: a digit picks the candidate, o/x set the mark, Enter submits.
    page.keyboard.press(number_of(page, meeting, "secretary", "王建国"))
    page.keyboard.press("o")
    page.keyboard.press(number_of(page, meeting, "member", "王建国"))
    page.keyboard.press("o")
    page.keyboard.press(number_of(page, meeting, "member", "赵强"))
    page.keyboard.press("x")
    page.keyboard.press(number_of(page, meeting, "member", "刘芳"))
    page.keyboard.press("o")
    page.keyboard.press(number_of(page, meeting, "member", "刘芳"))
    page.keyboard.press(" ")  # back to 弃权, and the focused tile is not "clicked" as well
    assert tile(page, meeting, "member", "刘芳").get_attribute("data-mark") == "abstain"
    assert page.locator(".cand.selected").count() == 1
    page.keyboard.press("Enter")
    wait_saved(page)
    entries = active_entries(meeting, rnd["id"])
    assert len(entries) == 2
    assert entries[1]["ballot"]["marks"]["member"] == {
        meeting.ids["王建国"]: "yes", meeting.ids["赵强"]: "no"}

    # Instant feedback: two YES for one 书记 seat, with the rule's own sentence.
    page.keyboard.press(number_of(page, meeting, "secretary", "王建国"))
    page.keyboard.press("o")
    page.keyboard.press("o")  # the selection moved on to the next candidate (李明)
    for name in ("王建国", "李明"):
        page.keyboard.press(number_of(page, meeting, "member", name))
        page.keyboard.press("o")
    rule = overvote_text("书记", 1)
    assert rule in page.inner_text('[data-problems="secretary"]')
    assert rule in page.inner_text("#verdict")
    page.keyboard.press("Enter")  # still recorded as read
    wait_saved(page)
    entries = active_entries(meeting, rnd["id"])
    assert len(entries) == 3 and entries[2]["valid"] is False

    # 书记 YES without 委员 YES: the whole sheet (RULES.md §2).
    page.keyboard.press(number_of(page, meeting, "secretary", "李明"))
    page.keyboard.press("o")
    assert "须同时选为委员" in page.inner_text("#verdict")
    page.keyboard.press("Escape")
    assert page.inner_text("#verdict").endswith("本张尚未录入")  # cleared: nothing read yet

    # The board shows the live count of 王建国 for 书记 (3 YES so far).
    board.wait_for_function(
        "(() => { const first = document.querySelector('.post');"
        " return first.innerText.includes('王建国')"
        " && first.querySelector('.votes').textContent === '2'; })()")
    assert "当选需 ≥ 21 票" in board.inner_text("#posts")

    # Undo the last ballot, with a reason kept by the server.
    page.locator("#undo-last").tap()
    page.fill("#reason-input", "唱票人更正")
    page.locator("#reason-ok").tap()
    page.wait_for_function(
        "document.querySelector('#entries-note').textContent.includes('共 2 张')")
    all_entries = meeting.call("GET", f"/rounds/{rnd['id']}/entries", role="teller")
    voided = [e for e in all_entries if e["voided"]]
    assert len(voided) == 1 and voided[0]["void_reason"] == "唱票人更正"

    # Correct ballot 1 from the list: 张伟 becomes 不赞成.
    page.locator("#entries tbody tr", has_text="欧阳丽").locator("button").tap()
    assert page.is_visible("#correcting")
    # 清空本张 clears the marks and the correction stays open
    page.locator("#clear-sheet").tap()
    assert page.is_visible("#correcting")
    assert tile(page, meeting, "member", "欧阳丽").get_attribute("data-mark") == "abstain"
    page.locator("#cancel-correct").tap()
    page.locator("#entries tbody tr", has_text="欧阳丽").locator("button").tap()
    tile(page, meeting, "member", "张伟").tap()  # ○ → ×
    page.locator("#submit").tap()
    page.fill("#reason-input", "核对原票")
    page.locator("#reason-ok").tap()
    page.wait_for_selector("#correcting.hidden", state="attached")
    entries = active_entries(meeting, rnd["id"])
    assert len(entries) == 2
    assert entries[0]["ballot"]["marks"]["member"][meeting.ids["张伟"]] == "no"
    page.context.close()
    board.close()


def test_dropped_answer_is_retried_with_the_same_entry_id(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=10)
    page = clerk_page(browser, meeting)
    sent: list[str] = []

    def drop_first_answer(route: Any) -> None:
        sent.append(route.request.post_data_json["entry_id"])
        if len(sent) == 1:
            route.fetch()  # the server records the ballot …
            route.abort("connectionreset")  # … but its answer never reaches the tablet
        else:
            route.continue_()

    page.route("**/entries", lambda route: drop_first_answer(route)
               if route.request.method == "POST" else route.continue_())
    tile(page, meeting, "member", "欧阳丽").tap()
    page.locator("#submit").tap()
    page.wait_for_function(
        "document.getElementById('net-status').textContent.includes('待发送')")
    wait_saved(page)
    assert len(sent) == 2 and sent[0] == sent[1]
    entries = active_entries(meeting, rnd["id"])
    assert [e["entry_id"] for e in entries] == [sent[0]]  # counted once
    assert page.inner_text("#ballot-no") == "第 2 张"
    page.context.close()


def test_offline_ballots_wait_in_the_queue_and_survive_a_reload(server: str,
                                                               browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=10)
    page = clerk_page(browser, meeting)
    context = page.context
    context.set_offline(True)
    for name in ("欧阳丽", "刘芳"):
        tile(page, meeting, "member", name).tap()
        page.locator("#submit").tap()
    page.wait_for_function(
        "document.getElementById('net-status').textContent.includes('2 张待发送')")
    assert page.locator("#entries tr.entry-pending").count() == 2
    assert page.inner_text("#ballot-no") == "第 3 张"
    assert active_entries(meeting, rnd["id"]) == []
    context.set_offline(False)
    page.reload()  # the queue lives in localStorage, not in the page
    page.wait_for_selector(".cand")
    wait_saved(page)
    entries = active_entries(meeting, rnd["id"])
    assert [list(e["ballot"]["marks"]["member"]) for e in entries] == [
        [meeting.ids["欧阳丽"]], [meeting.ids["刘芳"]]]
    context.close()


def test_double_entry_each_clerk_sees_own_and_scrutineer_resolves(server: str,
                                                                  browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=1, double_entry=True)
    page_a = clerk_page(browser, meeting)
    tile(page_a, meeting, "member", "欧阳丽").tap()
    page_a.locator("#submit").tap()
    wait_saved(page_a)
    # Clerk B reads the same sheet differently (through the API: a second tablet).
    meeting.call("POST", f"/rounds/{rnd['id']}/entries", role="teller", json={
        "entry_id": "b-1", "channel": "B", "marks": {"member": {meeting.ids["刘芳"]: "yes"}}})
    page_a.reload()
    page_a.wait_for_selector("#entries tbody tr")
    assert "双人录入" in page_a.inner_text("#channel-label")
    assert page_a.locator("#entries tbody tr").count() == 1  # only A's own entry
    assert "刘芳" not in page_a.inner_text("#entries")
    page_b = clerk_page(browser, meeting, "?channel=B")
    page_b.wait_for_selector("#entries tbody tr")
    assert "刘芳" in page_b.inner_text("#entries") and "欧阳丽" not in page_b.inner_text("#entries")

    scr = browser.new_page(viewport=TABLET)
    scr.goto(meeting.page("scrutineer", "scrutineer"))
    card = scr.locator('[data-position="1"]')
    card.wait_for()
    assert "欧阳丽○" in card.inner_text() and "刘芳○" in card.inner_text()
    # each clerk's progress, valid/invalid per post and the ballots entered
    progress = scr.locator("#progress")
    progress.wait_for()
    assert "A组 已录入 1 / 收回 1" in progress.inner_text()
    assert "B组 已录入 1 / 收回 1" in progress.inner_text()
    assert "委员：有效 1 份，无效 0 份" in progress.inner_text()
    scr.locator("#progress summary").click()
    assert "欧阳丽○" in scr.inner_text("#progress table")
    card.locator("button", has_text="采用A组").click()
    scr.wait_for_selector('[data-position="1"] .notice.ok')
    scr.locator("button", has_text="计算结果").click()
    scr.wait_for_function("document.querySelector('#round-panel').innerText.includes('计票完毕')")
    assert meeting.latest_round()["state"] == "counted"
    page_a.wait_for_selector("#submit:disabled", timeout=10000)  # entry is over, and it says so
    assert "录入已结束" in page_a.inner_text("#server-error")
    for p in (page_a, page_b):
        p.context.close()
    scr.close()


def test_one_sheet_is_one_entry_double_click_enter_twice_slow_answer(
    server: str, browser: Any
) -> None:
    """Double-clicking 提交本张, Enter-Enter and a tap during a slow answer each store exactly
    one entry: the second press meets an untouched sheet and asks before storing a blank one."""
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=10)
    page = clerk_page(browser, meeting)

    tile(page, meeting, "member", "王建国").tap()
    page.locator("#submit").dblclick()
    page.wait_for_selector("#blank-dialog[open]")
    page.keyboard.press("Enter")  # the dialog's default is 不提交
    page.wait_for_selector("#blank-dialog", state="hidden")
    wait_saved(page)
    assert len(active_entries(meeting, rnd["id"])) == 1

    page.keyboard.press(number_of(page, meeting, "member", "张伟"))
    page.keyboard.press("o")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_selector("#blank-dialog[open]")
    page.keyboard.press("Enter")
    wait_saved(page)
    assert len(active_entries(meeting, rnd["id"])) == 2

    # A slow server: the clerk taps 提交 again while the first answer is still on its way.
    def slow(route: Any) -> None:
        page.wait_for_timeout(1500)
        route.continue_()

    page.route("**/entries", lambda route: slow(route)
               if route.request.method == "POST" else route.continue_())
    tile(page, meeting, "member", "刘芳").tap()
    page.locator("#submit").tap()
    page.locator("#submit").tap()
    page.wait_for_selector("#blank-dialog[open]")
    page.locator("#blank-dialog button", has_text="不提交").click()
    # Wait for the slow handler still holding a request: removed under it, its route would
    # already be handled when it continues (an error raised in whichever test runs next).
    page.unroute_all(behavior="wait")
    wait_saved(page)
    entries = active_entries(meeting, rnd["id"])
    assert len(entries) == 3
    assert all(any(m == "yes" for m in e["ballot"]["marks"]["member"].values()) for e in entries)

    # A deliberate blank ballot is still possible.
    page.locator("#submit").tap()
    page.locator("#blank-ok").click()
    page.wait_for_function(
        "document.querySelector('#entries-note').textContent.includes('共 4 张')")
    assert len(active_entries(meeting, rnd["id"])) == 4
    page.context.close()


def test_a_mistyped_link_does_not_overwrite_a_working_token(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=2)
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.goto(meeting.page("clerk", "teller"))
    page.wait_for_selector(".cand")
    key = f"jipiao.token.{meeting.eid}.clerk"
    good = page.evaluate(f"localStorage.getItem('{key}')")
    assert good == meeting.tokens["teller"]

    mistyped = meeting.page("clerk", "teller")[:-3]  # the last characters lost
    page.goto("about:blank")  # (a hash-only change would not load the page again)
    page.goto(mistyped)
    page.wait_for_selector(".cand")
    tile(page, meeting, "member", "王建国").tap()
    page.locator("#submit").tap()
    wait_saved(page)
    assert len(active_entries(meeting, rnd["id"])) == 1  # entered with the working token
    assert page.evaluate(f"localStorage.getItem('{key}')") == good
    context.close()


def test_a_clerk_link_made_for_group_b_enters_group_b(server: str, browser: Any) -> None:
    """The organiser picks A组 or B组 when making the link: the token keeps it, so the link
    needs no `?channel=B` (an old link with one keeps working, see the test above)."""
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=1, double_entry=True)
    organiser = browser.new_page(viewport=TABLET)
    organiser.goto(meeting.page("organiser", "organiser"))
    organiser.locator('[data-new-link="teller"][data-channel="B"]').click()
    link = organiser.locator('#new-links a[data-link-role="计票人B"]')
    link.wait_for()
    url = str(link.get_attribute("href"))
    assert "channel=" not in url
    page = browser.new_context(viewport=TABLET, has_touch=True).new_page()
    page.goto(url)
    page.wait_for_function("document.getElementById('channel-label').textContent.includes('B组')")
    tile(page, meeting, "member", "刘芳").tap()
    page.locator("#submit").tap()
    wait_saved(page)
    assert len(active_entries(meeting, rnd["id"], "B")) == 1
    assert not active_entries(meeting, rnd["id"], "A")
    organiser.close()
    page.context.close()


def test_enter_on_the_scan_controls_is_not_the_sheets(server: str, browser: Any) -> None:
    # Enter submits the hand-entered sheet from anywhere on the page, except on the
    # 扫描/拍照 controls: there it is the focused control's, and a half-marked sheet stays.
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=10)
    page = clerk_page(browser, meeting)
    tile(page, meeting, "member", "欧阳丽").tap()
    page.focus("#scan-files")
    page.keyboard.press("Enter")
    page.keyboard.press("3")
    page.wait_for_timeout(500)
    assert active_entries(meeting, rnd["id"]) == []
    assert page.inner_text("#ballot-no") == "第 1 张"
    page.focus("#submit")
    page.keyboard.press("Enter")
    wait_saved(page)
    [entry] = active_entries(meeting, rnd["id"])
    assert entry["ballot"]["marks"]["member"] == {meeting.ids["欧阳丽"]: "yes"}
    page.context.close()
