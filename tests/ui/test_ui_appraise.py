"""民主测评 and 信任票 in a real browser (CAMPAIGN.md §2): set up on the page, 测评表 entered
one by one, a 信任票 as totals, the result with its flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from uikit import TABLET_LANDSCAPE, Meeting, ok

pytestmark = pytest.mark.browser


def test_an_appraisal_on_the_organiser_page(server: str, browser: Any, tmp_path: Path) -> None:
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{server}/api/v1/elections", json={
        "title": "幸福村村民委员会换届选举", "body": "villagers_committee",
        "posts": [{"id": "member", "name": "委员", "seats": 3}]}), 201)
    meeting = Meeting(server, int(created["id"]), created["tokens"], {}, http)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    page.click("#appraise-link")
    page.wait_for_selector("#result .notice")
    page.fill("#subjects", "村“两委”班子\n王建国（主任）")
    page.fill("#trust-name", "村民代表信任票")
    page.fill("#trust-people", "张伟\n刘芳")
    page.fill("#households", "10")
    page.fill("#surveyed", "6")
    page.click("#settings-form button[type=submit]")
    page.wait_for_selector("#vote-evaluation")

    for team, chair in (("满意", "不满意"), ("基本满意", "满意"), ("满意", "不满意")):
        page.check(f"#evaluation-s1-{team}")
        page.check(f"#evaluation-s2-{chair}")
        page.click("#vote-evaluation .ballot-form button[type=submit]")
        page.wait_for_selector("#vote-evaluation .entry-answer:has-text('已录入')")
        page.wait_for_function(
            "!document.querySelector('#vote-evaluation input[type=radio]:checked')")
    page.wait_for_selector("#vote-evaluation .vote-status:has-text('收回3张')")

    trust = "#vote-trust"
    page.click(f"{trust} .totals-details summary")
    page.fill("#trust-returned", "9")
    page.fill(f"{trust} tr[data-subject='t1'] input[data-mark='trust']", "5")
    page.fill(f"{trust} tr[data-subject='t2'] input[data-mark='trust']", "4")
    page.fill(f"{trust} tr[data-subject='t2'] input[data-mark='distrust']", "3")
    page.click(f"{trust} .totals-form button[type=submit]")
    page.wait_for_selector(f"{trust} .vote-status:has-text('手工汇总，收回9张')")

    chair = "#result tr[data-subject='s2']"
    page.wait_for_selector(f"{chair}.flagged")  # 2 of 3 不满意: more than a third
    assert "不宜继续提名" in page.inner_text(chair)
    assert "达到不低于60%" in page.inner_text("#result")
    assert page.inner_text("#result tr[data-subject='t2'] td:last-child") == "信任票未过半"
    page.screenshot(path=str(tmp_path / "appraise-1024.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator("#result-card").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "appraise-1280.png"))
