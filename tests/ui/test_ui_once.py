"""A double click or Enter twice while the server is slow sends one request (J.once in
common.js): on the nominate, appraise, vetting and organiser pages, the request is held,
the user clicks or presses Enter again, and one event / one row is stored."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from uikit import TABLET_LANDSCAPE, Meeting, ok

pytestmark = pytest.mark.browser


class Held:
    """The page's writes to `pattern` held, as by a slow server, until `release`."""

    def __init__(self, page: Any, pattern: str) -> None:
        self.page = page
        self.pattern = pattern
        self.routes: list[Any] = []
        page.route(pattern, self._hold)

    def _hold(self, route: Any) -> None:
        if route.request.method == "GET":
            route.continue_()
        else:
            self.routes.append(route)

    def wait_first(self) -> None:
        for _ in range(200):
            if self.routes:
                break
            self.page.wait_for_timeout(50)
        assert self.routes, f"no request to {self.pattern}"
        self.page.wait_for_timeout(300)  # room for a second request, were one sent

    def release(self) -> int:
        """Lets every held request through; how many there were."""
        sent = len(self.routes)
        for route in self.routes:
            route.continue_()
        self.page.unroute(self.pattern)
        return sent


def new_meeting(base: str, body: str, posts: list[dict[str, Any]]) -> Meeting:
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "幸福村换届选举", "body": body, "posts": posts}), 201)
    return Meeting(base, int(created["id"]), created["tokens"], {}, http)


def actions(meeting: Meeting, action: str) -> int:
    return sum(1 for e in meeting.call("GET", "/audit") if e["action"] == action)


def test_nominate_a_joint_form_and_a_ballot_are_sent_once(server: str, browser: Any) -> None:
    meeting = new_meeting(server, "residents_committee",
                          [{"id": "member", "name": "委员", "seats": 2}])
    meeting.call("POST", "/voters", json={
        "voters": [{"name": f"居民{i:02d}", "status": "registered"} for i in range(12)]})
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("nominate", "organiser"))
    page.wait_for_selector("#result-summary .notice")

    # 联名推荐: a double click on 受理
    page.fill("#form-person", "戊五")
    page.fill("#form-signers", "\n".join(f"居民{i:02d}" for i in range(10)))
    held = Held(page, "**/nomination/forms")
    page.dblclick("#form-form button[type=submit]")
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#forms-table td:has-text('戊五')")
    assert len(meeting.call("GET", "/nomination")["forms"]) == 1
    assert actions(meeting, "nomination.form") == 1

    # a ballot: Enter twice, then 作废票 too, while the first is on its way
    page.fill("#direct-names-member", "甲一 乙二")
    held = Held(page, "**/meetings/direct/entries")
    page.press("#direct-names-member", "Enter")
    page.press("#direct-names-member", "Enter")
    page.click("#meeting-direct .void-ballot", force=True)
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#meeting-direct .entry-answer:has-text('第1张：有效票')")
    assert len(meeting.call("GET", "/nomination/meetings/direct/entries")) == 1
    assert actions(meeting, "nomination.entry") == 1
    page.close()


def test_appraise_settings_and_a_ballot_are_sent_once(server: str, browser: Any) -> None:
    meeting = new_meeting(server, "villagers_committee",
                          [{"id": "member", "name": "委员", "seats": 3}])
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("appraise", "organiser"))
    page.wait_for_selector("#result .notice")
    page.fill("#subjects", "村“两委”班子")
    page.fill("#households", "10")
    page.fill("#surveyed", "6")
    held = Held(page, "**/appraisal")
    page.dblclick("#settings-form button[type=submit]")
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#vote-evaluation")
    assert actions(meeting, "appraisal.settings") == 1

    page.check("#evaluation-s1-满意")
    held = Held(page, "**/evaluation/entries")
    page.dblclick("#vote-evaluation .ballot-form button[type=submit]")
    page.click("#vote-evaluation .void-ballot", force=True)
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#vote-evaluation .entry-answer:has-text('已录入')")
    page.wait_for_selector("#vote-evaluation .vote-status:has-text('收回1张')")
    assert actions(meeting, "appraisal.entry") == 1
    page.close()


def test_vetting_and_organiser_forms_are_sent_once(server: str, browser: Any) -> None:
    meeting = new_meeting(server, "party_branch", [{"id": "member", "name": "委员", "seats": 3}])
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))

    # 人员信息 (vetting.js): Enter twice in the name
    page.click("#people-card summary")
    page.fill("#person-name", "刘四")
    held = Held(page, "**/people")
    page.press("#person-name", "Enter")
    page.press("#person-name", "Enter")
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#people-table tr[data-person='刘四']")
    assert [p["name"] for p in meeting.call("GET", "/people")] == ["刘四"]
    assert actions(meeting, "person.add") == 1

    # a candidate (organise.js): a double click, then Enter in the name as well
    page.fill("#cand-name", "王建国")
    page.check("input[name='cand-post'][value='member']")
    held = Held(page, "**/candidates")
    page.dblclick("#candidate-form button[type=submit]")
    page.press("#cand-name", "Enter")
    held.wait_first()
    assert held.release() == 1
    page.wait_for_selector("#candidate-table td:text('王建国')")
    names = [c["name"] for c in meeting.call("GET", "/candidates")["candidates"]]
    assert names == ["王建国"]
    page.close()
