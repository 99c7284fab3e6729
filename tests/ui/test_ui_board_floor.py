"""The 大屏 on the meeting floor (issue 15): a ✓ is never clipped, tied rows stand in 姓氏笔画
order with bars as long as the others, and a most-votes round claims nobody "reached" a line."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from uikit import Meeting, make_meeting, open_round_for_counting

pytestmark = pytest.mark.browser

HD = {"width": 1280, "height": 720}
ROWS = """() => Array.from(document.querySelectorAll('.bar-row')).map(r => ({
  name: r.dataset.name, cls: r.className,
  whoClipped: r.querySelector('.who').scrollWidth > r.querySelector('.who').clientWidth,
  track: r.querySelector('.bar-track').getBoundingClientRect().width,
  votes: r.querySelector('.votes').textContent}))"""


def enter(meeting: Meeting, rid: int, members: list[list[str]]) -> None:
    for i, names in enumerate(members):
        marks = {"secretary": {meeting.ids["王建国"]: "yes"},
                 "member": {meeting.ids[n]: "yes" for n in names}}
        meeting.call("POST", f"/rounds/{rid}/entries", role="teller",
                     json={"entry_id": f"b{rid}-{i}", "marks": marks})


def board(browser: Any, meeting: Meeting, ballots: int) -> Any:
    page = browser.new_page(viewport=HD)
    page.goto(meeting.page("board", "observer"))
    page.wait_for_function(f"document.body.textContent.includes('已计 {ballots} / ')"
                           " || document.body.textContent.includes('{ballots} / ')")
    page.wait_for_selector(".bar-row")
    return page


def test_ticks_whole_ties_in_stroke_order_and_tracks_of_one_length(server: str,
                                                                    browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=21)
    four = ["王建国", "李明", "欧阳丽", "刘芳"]
    # 21 each for four (the majority of 40 present), 张伟 and 陈静 tied at the 5th seat
    enter(meeting, rnd["id"], [[*four, "张伟" if i % 2 else "陈静"] for i in range(20)] + [four])
    page = board(browser, meeting, 21)
    page.wait_for_function("document.querySelectorAll('.bar-row.passed').length === 5")
    rows = page.evaluate(ROWS)
    members = rows[-7:]  # the 委员 post, after 书记
    # equal votes: 王(4) 刘(6) 李(7) 欧(8) strokes, as the count lists them
    assert [r["name"] for r in members[:4]] == ["王建国", "刘芳", "李明", "欧阳丽"]
    assert not [r["name"] for r in rows if r["whoClipped"]]
    assert {r["name"] for r in members if "tied" in r["cls"]} == {"张伟", "陈静"}
    assert len({round(r["track"]) for r in members}) == 1, members
    page.close()


def test_a_most_votes_round_claims_no_reached_line(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=40)
    six = ["王建国", "李明", "欧阳丽", "张伟", "刘芳", "陈静"]
    # each ballot leaves out one of six: 34, 34, 33, 33, 33, 33 — four tie for three seats
    enter(meeting, rnd["id"], [[n for j, n in enumerate(six) if j != (i + 2) % 6]
                               for i in range(40)])
    outcome = meeting.call("POST", f"/rounds/{rnd['id']}/count", role="scrutineer")
    assert outcome["result"]["outcome"]["next_round"]["kind"] == "tie_break"
    nxt = meeting.call("POST", "/rounds/next", json={})
    r = f"/rounds/{nxt['id']}"
    meeting.call("POST", f"{r}/quorum", json={})
    meeting.call("POST", f"{r}/issue", json={"ballots_issued": 40})
    meeting.call("POST", f"{r}/return", json={"ballots_returned": 40})
    page = board(browser, meeting, 0)
    page.wait_for_function("document.body.textContent.includes('得票多者当选')")
    assert page.locator(".bar-row.passed").count() == 0
    assert "已达当选票数" not in page.inner_text("body")
    page.close()


def test_board_clock_reads_the_halls_time_on_a_projector_set_to_utc(
        server: str, browser: Any) -> None:
    """The projector PC's clock zone may be anything (UTC on a fresh install): the board reads
    JIPIAO_TIMEZONE (Asia/Shanghai), as the 报告单 and the public page do."""
    meeting = make_meeting(server)
    open_round_for_counting(meeting, returned=3)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, timezone_id="UTC")
    page = context.new_page()
    page.goto(meeting.page("board", "observer"))
    page.wait_for_function("document.querySelector('#live-status').innerText.includes('实时')")
    shown = page.inner_text("#live-status").split("· ")[-1].strip()
    hall = datetime.now(ZoneInfo("Asia/Shanghai"))
    near = {(hall - timedelta(seconds=s)).strftime("%H:%M:%S") for s in range(30)}
    assert shown in near, (shown, hall)
    context.close()
