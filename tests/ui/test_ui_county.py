"""The county board in the browser (CAMPAIGN.md §4): a 街道 organiser sees only its own
units; the board updates when a round is counted. `JIPIAO_SHOTS=dir` keeps screenshots."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from uikit import TABLET_LANDSCAPE, Meeting, ok, open_round_for_counting

pytestmark = pytest.mark.browser

HD = {"width": 1280, "height": 720}


def shot(page: Any, name: str) -> None:
    where = os.environ.get("JIPIAO_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(where) / f"{name}.png"), full_page=True)


def refused(page: Any, url: str, hidden: str) -> None:
    """Opening `url` says the token cannot see it, and shows nothing of `hidden`."""
    page.goto(url)
    page.wait_for_function("!document.getElementById('error').classList.contains('hidden')")
    assert "不能查看" in page.inner_text("#error")
    assert hidden not in page.inner_text("main")
    page.close()


class Units:
    def __init__(self, base: str) -> None:
        self.base, self.http = base, httpx.Client(timeout=30)
        created = ok(self.http.post(f"{base}/api/v1/units",
                                    json={"name": "幸福县", "kind": "county"}), 201)
        self.id, self.tokens = int(created["id"]), created["tokens"]

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token or self.tokens['organiser']}"}
        return ok(self.http.request(method, f"{self.base}/api/v1/units{path}", headers=headers,
                                    **kw), 201 if method == "POST" else 200)

    def child(self, parent: int, name: str, kind: str) -> int:
        return int(self.call("POST", f"/{parent}/units", json={"name": name, "kind": kind})["id"])

    def village_election(self, unit: int) -> Meeting:
        created = self.call("POST", f"/{unit}/elections", json={
            "title": "村民委员会换届选举", "body": "villagers_committee",
            "posts": [{"id": "chair", "name": "主任", "seats": 1},
                      {"id": "vice_chair", "name": "副主任", "seats": 1},
                      {"id": "member", "name": "委员", "seats": 1}]})
        meeting = Meeting(self.base, int(created["id"]), created["tokens"], {}, self.http)
        for name, post in (("王建国", "chair"), ("李明", "chair"), ("张伟", "vice_chair"),
                           ("刘芳", "vice_chair"), ("欧阳丽", "member"), ("陈静", "member")):
            meeting.ids[name] = meeting.call("POST", "/candidates",
                                             json={"name": name, "posts": [post]})["id"]
        meeting.call("POST", "/voters", json={
            "voters": [{"name": f"村民{i:02d}", "status": "registered"} for i in range(10)]})
        return meeting


def test_a_street_sees_its_units_only_and_the_board_follows_the_count(
        server: str, browser: Any) -> None:
    units = Units(server)
    north = units.child(units.id, "北街道", "township")
    south = units.child(units.id, "南街道", "township")
    units.child(north, "北苑社区", "community")
    east = units.child(north, "东湖村", "village")
    units.child(south, "南岸社区", "community")
    meeting = units.village_election(east)
    units.call("PUT", f"/{east}/elections/{meeting.eid}/progress", json={
        "stage": "nomination", "plan": {"nomination": "2026-01-01", "voting": "2026-02-01"}})
    north_token = units.call("POST", f"/{north}/tokens",
                             json={"role": "organiser", "label": "北街道"})["token"]

    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(f"{server}/u/{north}#token={north_token}")
    page.wait_for_selector("#board-rows tr[data-unit]")
    body = page.inner_text("main")
    assert "北苑社区" in body and "东湖村" in body and "南岸社区" not in body
    assert "逾期" in page.inner_text(f"#board-rows tr[data-unit='{east}']")
    shot(page, "county-street-1024")
    # Another 街道's page with this token: refused, none of its units shown.
    refused(page, f"{server}/u/{south}#token={north_token}", hidden="南岸社区")

    board = browser.new_page(viewport=HD)
    board.goto(f"{server}/u/{units.id}#token={units.tokens['viewer']}")
    row = f"#board-rows tr[data-unit='{east}']"
    board.wait_for_selector(row)
    assert "村委会：提名" in board.inner_text(row)
    rid = open_round_for_counting(meeting, returned=8, issued=9)["id"]
    board.wait_for_function(  # returned: the stage moves to 选举 without a reload
        f"document.querySelector(\"{row}\").innerText.includes('村委会：选举')")
    for k in range(8):
        meeting.call("POST", f"/rounds/{rid}/entries", "teller", json={
            "entry_id": f"b{k}", "marks": {
                "chair": {meeting.ids["王建国"]: "yes"}, "vice_chair": {meeting.ids["张伟"]: "yes"},
                "member": {meeting.ids["欧阳丽" if k < 3 else "陈静"]: "yes"}}})
    meeting.call("POST", f"/rounds/{rid}/count", "scrutineer")
    board.wait_for_function(
        f"document.querySelector(\"{row}\").innerText.includes('村委会：完成')")
    board.wait_for_function("document.getElementById('summary').innerText.includes('参选率达80.0%')")
    assert "逾期" not in board.inner_text(row)
    with board.expect_download() as got:  # the summary as Excel, from the page
        board.click("button[data-report='summary.xlsx']")
    assert got.value.suggested_filename.endswith("summary.xlsx")
    book = load_workbook(BytesIO(Path(got.value.path()).read_bytes()))
    assert book.sheetnames == ["汇总", "各单位", "总述"]
    assert "参选率达80.0%" in book["总述"]["A2"].value
    shot(board, "county-board-1280")
    board.set_viewport_size(TABLET_LANDSCAPE)
    shot(board, "county-board-1024")
    board.close()


def test_a_street_organiser_opens_its_own_elections_and_not_another_streets(
        server: str, browser: Any) -> None:
    units = Units(server)
    north = units.child(units.id, "北街道", "township")
    south = units.child(units.id, "南街道", "township")
    ours = units.village_election(units.child(north, "东湖村", "village"))
    theirs = units.village_election(units.child(south, "西岭村", "village"))
    theirs.call("POST", "/candidates", json={"name": "欧阳明", "posts": ["member"]})
    north_token = units.call("POST", f"/{north}/tokens",
                             json={"role": "organiser", "label": "北街道"})["token"]

    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(f"{server}/u/{north}#token={north_token}")
    link = page.locator(f"a[data-election='{ours.eid}']")
    link.wait_for()
    assert page.locator(f"a[data-election='{theirs.eid}']").count() == 0
    link.click()  # the organiser page of its 村's election, with the 街道's token
    page.wait_for_url(f"**/e/{ours.eid}")
    cells = "#candidate-table tbody"
    page.wait_for_function(f"document.querySelector('{cells}').innerText.includes('王建国')")
    page.reload()  # the token is kept for this election
    page.wait_for_function(f"document.querySelector('{cells}').innerText.includes('李明')")
    assert page.locator("#error").is_hidden()
    shot(page, "county-street-election-1024")
    # Another 街道's election with this token: refused, none of its data shown.
    refused(page, f"{server}/e/{theirs.eid}#token={north_token}", hidden="欧阳明")


def test_the_county_organiser_moves_a_village_to_another_township(
        server: str, browser: Any) -> None:
    units = Units(server)
    north = units.child(units.id, "北街道", "township")
    south = units.child(units.id, "南街道", "township")
    village = units.child(north, "错建村", "village")
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(f"{server}/u/{units.id}#token={units.tokens['organiser']}")
    page.wait_for_selector("#move-unit:not(.hidden)")
    page.select_option("#move-which", str(village))
    page.select_option("#move-to", str(south))
    page.click("#move-unit button[type=submit]")
    page.wait_for_selector("#toast:has-text('错建村已移到南街道')")
    page.wait_for_selector(f"#board-rows tr[data-unit='{village}'] td:has-text('南街道')")
    assert units.call("GET", f"/{village}")["parent_id"] == south
    page.wait_for_function(
        "document.getElementById('move-which').innerText.includes('错建村（南街道）')")
    shot(page, "county-move-1024")
    # the viewer's page offers no move
    viewer = browser.new_page(viewport=TABLET_LANDSCAPE)
    viewer.goto(f"{server}/u/{units.id}#token={units.tokens['viewer']}")
    viewer.wait_for_selector(f"#board-rows tr[data-unit='{village}']")
    assert viewer.locator("#move-unit").is_hidden()
