"""The 监票人, 签到台 and organiser pages on the meeting floor (issue 15): a refusal is said,
an offline tap is never silently lost, a hint is shown only when it applies."""

from __future__ import annotations

from typing import Any

import pytest
from uikit import TABLET, make_meeting, open_round_for_counting

pytestmark = pytest.mark.browser


def test_count_refused_for_an_open_difference_says_why(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=1, double_entry=True)
    for channel, name in (("A", "欧阳丽"), ("B", "刘芳")):
        meeting.call("POST", f"/rounds/{rnd['id']}/entries", role="teller", json={
            "entry_id": f"{channel}-1", "channel": channel,
            "marks": {"member": {meeting.ids[name]: "yes"}}})
    scr = browser.new_page(viewport=TABLET)
    scr.goto(meeting.page("scrutineer", "scrutineer"))
    scr.locator('[data-position="1"]').wait_for()
    scr.locator("button", has_text="计算结果").click()
    scr.wait_for_selector("#error:not(.hidden)")
    said = scr.inner_text("#error")
    assert "第1张不一致" in said, said
    # the page's next poll does not wipe it
    with scr.expect_response(lambda r: r.url.endswith("/rounds") and r.request.method == "GET"):
        pass
    with scr.expect_response(lambda r: "/differences" in r.url):
        pass
    assert scr.inner_text("#error") == said
    assert meeting.latest_round()["state"] == "counting"
    scr.close()


def test_a_sign_in_tapped_offline_is_shown_waiting_and_sent_when_back(server: str,
                                                                      browser: Any) -> None:
    meeting = make_meeting(server, present=30)  # 党员00 … 党员41; 30 signed in
    made = meeting.call("POST", "/tokens", json={"role": "signin", "label": "签到台1"})
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.goto(f"{server}/e/{meeting.eid}/signin#token={made['token']}")
    page.wait_for_function("document.querySelector('#signin-found').innerText.includes('名册共')")
    context.set_offline(True)
    page.fill("#signin-search", "党员40")
    page.locator("#signin-results button", has_text="党员40").click()
    page.wait_for_selector("#error:not(.hidden)")
    assert "党员40 的签到尚未记下" in page.inner_text("#error")
    assert "尚未记下" in page.inner_text("#signin-results")
    # The desk's page is reloaded (or its tab closed and opened again) before the network
    # is back: the waiting sign-in is still there, and is sent when the network answers.
    with page.expect_request(lambda r: r.url.endswith("/sign-ins")):
        page.route("**/sign-ins", lambda route: route.abort())
        context.set_offline(False)
    page.reload()
    page.wait_for_function(
        "document.querySelector('#signin-found').innerText.includes('名册共')")
    page.fill("#signin-search", "党员40")
    assert "尚未记下" in page.inner_text("#signin-results")
    assert not {v["name"]: v for v in meeting.call("GET", "/voters")}["党员40"]["signed_in"]
    page.unroute("**/sign-ins")
    page.wait_for_selector("#error.hidden", state="attached")
    page.wait_for_function(
        "document.querySelector('#signin-results').innerText.includes('✓ 已签到')")
    voters = {v["name"]: v for v in meeting.call("GET", "/voters")}
    assert voters["党员40"]["signed_in"]
    context.close()


def test_the_make_a_teller_link_hint_shows_only_when_there_is_none(server: str,
                                                                   browser: Any) -> None:
    meeting = make_meeting(server)
    open_round_for_counting(meeting, returned=5)
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#entry-progress")
    assert "已录入 0 / 收回 5" in page.inner_text("#entry-progress")
    assert "为计票人生成链接" not in page.inner_text("#entry-progress")  # the meeting's own link
    for t in meeting.call("GET", "/tokens"):
        if t["role"] == "teller":
            meeting.call("DELETE", f"/tokens/{t['id']}")
    page.reload()
    page.wait_for_function("(document.getElementById('entry-progress') || {innerText: ''})"
                           ".innerText.includes('为计票人生成链接')")
    page.click("[data-new-link=teller][data-channel=A]")
    page.wait_for_selector("#teller-link-hint.hidden", state="attached")
    page.close()
