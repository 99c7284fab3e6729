"""The public page in the hall (issue 12 §1): while a round is counted, phones read the
running tally from the same broadcast as the projector, without a token."""

from __future__ import annotations

from typing import Any

from uikit import make_meeting, open_round_for_counting

PHONE = {"width": 390, "height": 844}


def test_a_phone_follows_the_count_on_the_public_page(server: str, browser: Any) -> None:
    meeting = make_meeting(server, present=40)
    rnd = open_round_for_counting(meeting, returned=40)
    page = browser.new_page(viewport=PHONE, bypass_csp=False)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    page.goto(f"{server}/p/{meeting.eid}")
    page.wait_for_selector("#public-live table[data-post='member']")
    assert "计票进行中" in page.inner_text("#public-live")
    wang = meeting.ids["王建国"]
    meeting.call("POST", f"/rounds/{rnd['id']}/entries", role="teller", json={
        "entry_id": "phone-1", "marks": {"secretary": {wang: "yes"}, "member": {wang: "yes"}}})
    row = page.locator("#public-live table[data-post='member'] tr", has_text="王建国")
    row.locator("td.num", has_text="1").wait_for(timeout=10_000)
    assert "已录入 1 / 40 张" in page.inner_text("#public-live-status")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert errors == []
    page.close()
