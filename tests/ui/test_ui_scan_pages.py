"""扫描计票 of a ballot on two pages in a real browser (issue 13): a scanner's PDF of two paper
ballots (two pages each) and a page 1 whose page 2 is missing; each whole ballot is confirmed
at once on the 计票人 page, the broken one set aside, and the round's count is the truth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_ui_clerk import active_entries
from uikit import Meeting, ok, open_round_for_counting

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scan"))
from batchkit import Drawn, ballot_pages, meant, printed_geometry, scanned_batch
from printkit import result_of

pytestmark = pytest.mark.browser
SURNAMES = "丁马王文方叶田冯白包司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"


def long_meeting(base: str) -> Meeting:
    """60 candidates for 45 委员 (and 45 另选他人 columns): a ballot of two A4 pages."""
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "中共幸福街道委员会选举", "body": "party_plenary", "rules": {},
        "posts": [{"id": "member", "name": "委员", "seats": 45}]}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    for name in (s + g for g in "国华" for s in SURNAMES):
        meeting.ids[name] = meeting.call("POST", "/candidates", json={
            "name": name, "posts": ["member"], "member_status": "full"})["id"]
    voters = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}", "status": "full"} for i in range(42)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters[:40]]})
    return meeting


def test_a_two_page_ballot_is_confirmed_at_once_and_a_broken_one_set_aside(
        server: str, browser: Any, tmp_path: Path) -> None:
    meeting = long_meeting(server)
    rnd = open_round_for_counting(meeting, returned=3)
    rid = rnd["id"]
    geometry = printed_geometry(meeting.call("GET", f"/rounds/{rid}/record"), rnd["key"])
    assert len(geometry.pages) == 2
    pdf = meeting.http.get(meeting.url(f"/rounds/{rid}/ballot.pdf"),
                           headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"})
    blanks = ballot_pages(pdf.content, geometry, 200, tmp_path)
    cells = geometry.pages[0].cells
    write_in = geometry.pages[1].cells[2]
    first: Drawn = {(cells[0].post_id, cells[0].column): "circle",
                    (cells[4].post_id, cells[4].column): "cross",
                    (write_in.post_id, write_in.column): "circle"}
    second: Drawn = {(cells[1].post_id, cells[1].column): "filled",
                     (cells[2].post_id, cells[2].column): "faint"}
    truth = [first, second]
    data = scanned_batch(blanks, geometry, 200, [first, first, second, second, second],
                         pages=[1, 2, 1, 2, 1], seed=7)

    for viewport in ({"width": 1024, "height": 768},):  # the brief's tablet size
        page = browser.new_page(viewport=viewport, has_touch=True)
        page.goto(meeting.page("clerk", "teller"))
        page.wait_for_selector("#scan")
        page.set_input_files("#scan-files", files=[
            {"name": "pages.pdf", "mimeType": "application/pdf", "buffer": data}])
        page.wait_for_function(
            "document.getElementById('scan-status').textContent.includes('识读完毕')",
            timeout=180_000)
        sheets = meeting.call("GET", f"/rounds/{rid}/sheets", role="teller")
        assert [s["paper"]["code"] for s in sheets] == [None, None, None, None,
                                                        "pages_waiting"]
        assert "第 1、2 张为同一张选票" in page.inner_text("#scan-sheets")
        page.locator("#scan-next").click()
        page.wait_for_selector("#scan-dialog[open]")
        page.wait_for_function(
            "document.getElementById('scan-title').textContent.includes('第 1、2 张')")
        assert page.locator(".scan-page").count() == 2
        page.screenshot(path=str(tmp_path / "pages-1024.png"))
        confirm = page.locator("#scan-confirm")
        assert not confirm.is_enabled()  # the 另选他人 ○ on page 2 waits for the clerk
        page.locator(".scan-writein input").fill("赵六")
        page.wait_for_timeout(900)
        confirm.dblclick()  # stores this paper once, and not the next one unseen
        page.wait_for_function(
            "document.getElementById('scan-title').textContent.includes('第 3、4 张')")
        page.wait_for_timeout(300)
        assert len(active_entries(meeting, rid)) == 1
        page.locator('.scan-cell.check .choice[data-mark="yes"]').click()
        page.wait_for_timeout(850)
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        confirm.click()
        page.wait_for_selector("#scan-dialog", state="hidden")
        page.reload()
        page.wait_for_selector("#scan-sheets tbody tr")
        page.once("dialog", lambda d: d.accept())
        page.locator(f'tr[data-sheet="{sheets[4]["id"]}"] .set-aside').click()
        page.wait_for_function(
            "document.getElementById('scan-summary').textContent.includes('全部处理完毕')")
        assert "已计入 2 张选票，已搁置 1 页" in page.inner_text("#scan-summary")
        page.screenshot(path=str(tmp_path / "done-1024.png"))

    entries = active_entries(meeting, rid)
    assert [e["ballot"]["marks"] for e in entries] == [meant(geometry, d)["marks"]
                                                       for d in truth]
    # The paper set aside is entered by hand.
    meeting.call("POST", f"/rounds/{rid}/entries", role="teller", json={
        "entry_id": "hand-1", "channel": "A", "marks": meant(geometry, second)["marks"]})
    counted = meeting.call("POST", f"/rounds/{rid}/count", role="scrutineer")
    record = meeting.call("GET", f"/rounds/{rid}/record")
    truth_ballots = [{**meant(geometry, first),
                      "write_ins": {"member": [{"name": "赵六", "mark": "yes"}]}},
                     meant(geometry, second), meant(geometry, second)]
    truth_record = {**record, "rounds": [{**record["rounds"][-1], "ballots": truth_ballots}]}
    assert counted["result"] == result_of(truth_record)
