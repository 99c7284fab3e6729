"""The organiser's slips in a real browser (issue 15): a void round says why on every page and
its 发出/收回 are corrected on the page; errors stay beside their form; signing out below the
ballots issued asks; 村/居 ballots issued are capped; a new candidate picks its posts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from uikit import TABLET, TABLET_LANDSCAPE, make_meeting, make_village

pytestmark = pytest.mark.browser

VOID = "本轮投票无效：收回选票10张，多于发出的9张，须重新投票。"


def panel_has(page: Any, text: str) -> None:
    page.wait_for_function(
        f"document.querySelector('#round-panel').innerText.includes({json.dumps(text)})")


def next_refresh(page: Any) -> None:
    """Wait for the organiser page's own periodic read of the rounds (no fixed delay)."""
    with page.expect_response(lambda r: r.url.endswith("/rounds") and r.request.method == "GET",
                              timeout=15_000):
        pass


def test_a_void_round_says_why_on_every_page_and_is_corrected_on_the_page(
        server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = meeting.call("POST", "/rounds", json={})
    r = f"/rounds/{rnd['id']}"
    meeting.call("POST", f"{r}/quorum", json={})
    meeting.call("POST", f"{r}/issue", json={"ballots_issued": 9})
    meeting.call("POST", f"{r}/return", json={"ballots_returned": 10})
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    for name, role, where in (("clerk", "teller", "#void-reason"),
                              ("scrutineer", "scrutineer", "#void-reason"),
                              ("board", "observer", "#void-reason:not(.hidden)")):
        page.goto(meeting.page(name, role))
        page.wait_for_selector(where)
        assert page.inner_text(where).strip() == VOID, name
        if name == "board":  # the round held again, its posts by name
            page.wait_for_selector("#next-round")
            assert "书记1名" in page.inner_text("#next-round"), page.inner_text("#next-round")
    page.goto(f"{server}/p/{meeting.eid}")
    assert page.inner_text("[data-void-reason]").strip() == VOID
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#void-reason")
    assert page.inner_text("#void-reason").strip() == VOID
    # The correction: open on a void round, a reason required, then counting again.
    assert page.locator("#counts-correction").get_attribute("open") is not None
    page.fill("#fix-returned", "9")
    page.locator("#counts-correction button", has_text="更正选票数").click()
    page.wait_for_selector('[data-error-for="counts-correction"]')
    assert "理由" in page.inner_text('[data-error-for="counts-correction"]')
    page.fill("#fix-returned", "9")
    page.fill("#fix-reason", "收回时多点了一张，重新清点为9张")
    page.locator("#counts-correction button", has_text="更正选票数").click()
    panel_has(page, "计票中")
    assert page.locator("#void-reason").count() == 0
    latest = meeting.latest_round()
    assert (latest["state"], latest["ballots_returned"]) == ("counting", 9)
    page.close()


def test_an_error_stays_beside_its_form_printed_once_until_the_next_action(
        server: str, browser: Any) -> None:
    meeting = make_meeting(server, present=30)  # 30 of 42: the quorum fails
    meeting.call("POST", "/rounds", json={})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    panel_has(page, "核对到会人数")
    page.locator("#round-panel button", has_text="核对到会人数").click()
    near = '#round-panel [data-error-for="quorum"]'
    page.wait_for_selector(near)
    text = page.inner_text(near)
    assert text.count("实到30人") == 1, text  # the failed check once, not twice
    next_refresh(page)  # the periodic refresh keeps it
    assert page.inner_text(near) == text and page.is_hidden("#error")
    voters = meeting.call("GET", "/voters")
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters[30:40]]})
    page.locator("#round-panel button", has_text="核对到会人数").click()  # the next action
    panel_has(page, "已确认到会人数")
    assert page.locator("[data-error-for]").count() == 0
    page.close()


def test_an_error_low_on_the_page_does_not_move_it(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 40})
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    panel_has(page, "已发出选票")
    page.locator("#candidate-form").scroll_into_view_if_needed()
    page.fill("#cand-name", "孙丽")
    page.locator('#candidate-form input[value="member"]').check()
    before = page.evaluate("window.scrollY")
    assert before > 0
    page.locator("#candidate-form button").click()
    near = '[data-error-for="candidate-form"]'
    page.wait_for_selector(near)
    assert page.evaluate("window.scrollY") == before  # no jump to the top
    next_refresh(page)
    assert page.is_visible(near) and page.evaluate("window.scrollY") == before
    page.close()


def test_a_new_candidate_is_not_ticked_for_every_post(server: str, browser: Any) -> None:
    meeting = make_village(server)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#candidate-table tbody tr")
    boxes = page.locator('input[name="cand-post"]')
    assert boxes.count() == 3
    assert not any(boxes.nth(i).is_checked() for i in range(3))
    page.fill("#cand-name", "吴芳")
    page.locator("#candidate-form button").click()
    page.wait_for_selector('[data-error-for="candidate-form"]')
    assert "职位" in page.inner_text('[data-error-for="candidate-form"]')
    page.locator('#candidate-form input[value="member"]').check()
    page.locator("#candidate-form button").click()
    page.wait_for_function(
        "document.querySelector('#candidate-table').innerText.includes('吴芳')")
    added = next(c for c in meeting.call("GET", "/candidates")["candidates"]
                 if c["name"] == "吴芳")
    assert added["posts"] == ["member"]
    assert not any(boxes.nth(i).is_checked() for i in range(3))  # the next one picks anew
    page.close()


def test_signing_out_below_the_ballots_issued_asks_first(server: str, browser: Any) -> None:
    meeting = make_meeting(server)  # 40 of 42 signed in
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 40})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector('#voters .cand[aria-pressed="true"]')
    tile = page.locator('#voters .cand[aria-pressed="true"]').first
    asked: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    with page.expect_event("dialog"):  # answered by `answer` as it comes
        tile.click()
    assert asked and "已发出选票40张" in asked[0] and "实到39人" in asked[0], asked
    assert meeting.call("GET", "/attendance")["present"] == 40  # nothing changed
    page.once("dialog", lambda d: answer(d, True))
    tile.click()
    page.wait_for_function("document.querySelector('#present-count').innerText === '39'")
    assert meeting.call("GET", "/attendance")["present"] == 39
    assert page.locator("[data-error-for]").count() == 0
    page.close()


def test_village_ballots_over_those_signed_in_are_refused_beside_the_form(
        server: str, browser: Any) -> None:
    meeting = make_village(server)  # 30 registered, 25 signed in, no proxies
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum", json={})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    panel_has(page, "发出选票")
    page.fill("#issued", "26")
    page.locator("#round-panel [data-form=\"issue\"] button").click()
    near = '#round-panel [data-error-for="issue"]'
    page.wait_for_selector(near)
    assert "发出选票26张，多于已签到25人" in page.inner_text(near)
    assert meeting.latest_round()["state"] == "quorum_checked"
    page.fill("#issued", "25")
    page.locator("#round-panel [data-form=\"issue\"] button").click()
    panel_has(page, "已发出选票")
    assert meeting.latest_round()["ballots_issued"] == 25
    page.close()
