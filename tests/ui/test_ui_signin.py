"""Issue 15 in Chromium: namesakes on the roll told apart by their 备注 (the organiser's
exclusion, proxy and correction forms pick the right one), and the 签到台 page at the door:
search by name or 序号, large tiles, a pasted list, two desks at once."""

from __future__ import annotations

from typing import Any

import pytest
from uikit import TABLET, TABLET_LANDSCAPE, make_meeting, make_village

pytestmark = pytest.mark.browser


def watched(page: Any) -> list[str]:
    """The page's script errors and console errors (but the browser's own favicon request),
    collected as it runs."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None)
    return errors


def test_the_organiser_keeps_namesakes_apart(server: str, browser: Any) -> None:
    meeting = make_village(server)
    page = browser.new_page(viewport=TABLET)
    errors = watched(page)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#voters .cand")
    page.fill("#roll-names", "王伟\n王伟（1970年生）\n李明")
    page.click("#roll-form button")
    page.wait_for_function("document.querySelector('#voter-names').innerHTML.includes('1970')")
    page.fill("#roll-names", "王伟")  # a third 王伟 with nothing to tell him apart: refused
    page.click("#roll-form button")
    beside = "[data-error-for='roll-form']"  # the message stays beside its form
    page.wait_for_selector(beside)
    assert "出生年份或单位" in page.inner_text(beside)

    # 委托投票: 王伟 alone is ambiguous; the list offers each namesake with his 备注.
    page.click("#proxy-card summary")
    page.fill("#proxy-grantor", "王伟")
    page.fill("#proxy-holder", "李明")
    page.click("#proxy-form button")
    page.wait_for_function("(document.querySelector(\"[data-error-for='proxy-form']\") || "
                           "{innerText: ''}).innerText.includes('王伟（1970年生）')")
    assert "2人叫“王伟”" in page.inner_text("[data-error-for='proxy-form']")
    page.fill("#proxy-grantor", "王伟（1970年生）")
    page.click("#proxy-form button")
    page.wait_for_function(
        "document.querySelector('#proxy-table').innerText.includes('王伟（1970年生）')")
    [proxy] = meeting.call("GET", "/proxies")
    voters = {v["id"]: v for v in meeting.call("GET", "/voters")}
    assert voters[proxy["grantor_id"]]["note"] == "1970年生"

    # A misspelt name corrected before 核对, with its reason.
    page.click("#roll-fix-card summary")
    page.fill("#fix-who", "李明")
    page.dispatch_event("#fix-who", "change")
    assert page.input_value("#fix-name") == "李明"
    page.fill("#fix-name", "李鸣")
    page.fill("#fix-reason", "录入错字")
    page.click("#roll-fix-form button[type=submit]")
    page.wait_for_function("document.querySelector('#voter-names').innerHTML.includes('李鸣')")
    log = [e for e in meeting.call("GET", "/audit") if e["action"] == "roll.correct"]
    assert log[-1]["data"]["reason"] == "录入错字"
    # And removed, with a reason, after a confirmation.
    page.once("dialog", lambda d: d.accept())
    page.fill("#fix-who", "王伟（无备注）")
    page.fill("#fix-reason", "重复登记")
    page.click("#roll-remove")
    page.wait_for_function("![...document.querySelectorAll('#voter-names option')]"
                           ".some(o => o.value.includes('无备注'))")
    assert [e["data"]["reason"] for e in meeting.call("GET", "/audit")
            if e["action"] == "roll.remove"] == ["重复登记"]
    # The refusals above are answers the page shows, not script errors.
    assert [e for e in errors if "409" not in e] == []


def signin_link(page: Any, n: int) -> str:
    """The `n`th 签到台 link made on the organiser page."""
    page.click("[data-new-link=signin]")
    page.wait_for_selector(f"#new-links a[data-link-role='签到台{n}']")
    return str(page.get_attribute(f"#new-links a[data-link-role='签到台{n}']", "href"))


def test_two_door_desks_sign_in_by_name_number_and_list(server: str, browser: Any) -> None:
    meeting = make_village(server)  # 村民00 … 村民29; 25 signed in
    meeting.call("POST", "/voters", json={"voters": [
        {"name": "王伟", "status": "registered"},
        {"name": "王伟", "status": "registered", "note": "1970年生"}]})
    organiser = browser.new_page(viewport=TABLET)
    organiser.goto(meeting.page("organiser", "organiser"))
    first = signin_link(organiser, 1)
    second = signin_link(organiser, 2)
    assert first != second and first.split("#")[0].endswith("/signin")

    east = browser.new_context(viewport=TABLET_LANDSCAPE).new_page()
    west = browser.new_context(viewport=TABLET).new_page()
    errors = [watched(east), watched(west)]
    east.goto(first)
    west.goto(second)
    east.wait_for_function("document.querySelector('#signin-found').innerText.includes('名册共32人')")

    # By a character of the name: large tiles, one tap signs in.
    east.fill("#signin-search", "村民2")
    east.wait_for_selector("#signin-results button")
    tiles = east.locator("#signin-results button")
    assert tiles.count() == 10
    box = tiles.first.bounding_box()
    assert box["height"] >= 80 and box["width"] >= 200
    east.locator("#signin-results button", has_text="村民29").click()
    east.wait_for_function("(document.querySelector('#present-count') || {}).textContent === '26'")
    assert east.input_value("#signin-search") == ""  # ready for the next person
    # The organiser's page follows the doors without a reload.
    organiser.wait_for_function(
        "(document.querySelector('#present-count') || {}).textContent === '26'")
    organiser.fill("#voter-filter", "村民29")
    organiser.wait_for_selector("#voters .cand[data-mark=yes]")

    # By 序号 (the printed 签到表's): the other desk sees the first desk's sign-in.
    numbers = {(v["name"], v["note"]): v["number"] for v in meeting.call("GET", "/voters")}
    west.fill("#signin-search", str(numbers[("村民29", None)]))
    west.wait_for_selector("#signin-results button[data-present=yes]")
    assert "村民29" in west.inner_text("#signin-results")
    west.fill("#signin-search", str(numbers[("王伟", "1970年生")]))
    west.wait_for_selector("#signin-results button")
    assert west.locator("#signin-results button").count() == 1
    assert "1970年生" in west.inner_text("#signin-results")

    # A pasted list: unknown and ambiguous lines are reported and sign in no one.
    west.click("#signin-bulk summary")
    west.fill("#signin-lines", "村民26\n王伟\n孙悟空\n" + str(numbers[("村民27", None)]))
    west.click("#signin-list-form button")
    west.wait_for_selector("#signin-report [data-report=ambiguous]")
    report = west.inner_text("#signin-report")
    assert "本次签到2人" in report and "孙悟空" in report and "2人同名" in report
    assert west.input_value("#signin-lines") == "孙悟空\n王伟"
    west.locator("#signin-report [data-report=ambiguous] button", has_text="1970年生").click()
    west.wait_for_function("(document.querySelector('#present-count') || {}).textContent === '29'")
    present = {(v["name"], v["note"]) for v in meeting.call("GET", "/voters") if v["signed_in"]}
    assert ("王伟", "1970年生") in present and ("王伟", None) not in present
    assert errors == [[], []]


def test_another_ballot_of_the_meeting_shares_the_roll(server: str, browser: Any) -> None:
    """One meeting, several ballots: made on the first election's organiser page; the second
    election's page reads the same 应到/实到 and sends sign-in back to the first."""
    meeting = make_meeting(server, present=38)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#voters .cand")
    page.fill("#ballot-title", "出席上级党代会代表选举")
    page.fill("#ballot-posts", "代表 3名")
    page.click("#ballot-form button")
    page.wait_for_selector("#ballot-links a[data-role-link=组织者]")
    page.wait_for_selector("#ballots-list li")
    assert "代表3名" in page.inner_text("#ballots-list")
    link = str(page.get_attribute("#ballot-links a[data-role-link=组织者]", "href"))
    second = browser.new_page(viewport=TABLET_LANDSCAPE)
    second.goto(link)
    second.wait_for_selector("#present-count")
    assert second.inner_text("#present-count") == "38"
    assert "共用名册和签到" in second.inner_text("#shared-roll")
    assert not second.is_visible("#voters") and not second.is_visible("#roll-card")
    assert second.locator("#ballots-card").count() == 0
    # A sign-in on the first election's page shows on the second's.
    page.locator("#voters .cand", has_text="党员38").click()
    page.wait_for_function("(document.querySelector('#present-count') || {}).textContent === '39'")
    second.reload()
    second.wait_for_function(
        "(document.querySelector('#present-count') || {}).textContent === '39'")
