"""扫描计票 in a real browser (issue 13, "Done when"): a 20-page scan PDF of the round's real
ballot, marked by hand-like strokes (some faint, one tick), is uploaded on the 计票人 page with
a progress bar, survives a reload mid-batch and a second upload, each flagged cell is set by
looking at it, a double click on 确认 stores one sheet, and the round's count is the truth."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from test_ui_clerk import active_entries
from uikit import TABLET, Meeting, make_meeting, open_round_for_counting

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scan"))
from batchkit import Drawn, ballot_page, meant, printed_geometry, scanned_batch
from printkit import result_of

from ballots.geometry import BallotGeometry

pytestmark = pytest.mark.browser
SHEETS = 20


def ground_truth(geometry: BallotGeometry, seed: int) -> list[Drawn]:
    """20 voters: 书记 one ○ or ×, 委员 up to 5 marks; every fourth sheet has a faint ○,
    one a tick (neither ○ nor ×), one is left blank."""
    rng = random.Random(seed)
    columns: dict[str, list[int]] = {}
    for cell in geometry.pages[0].cells:
        if cell.candidate_id is not None:
            columns.setdefault(cell.post_id, []).append(cell.column)
    sheets: list[Drawn] = []
    for i in range(SHEETS):
        drawn: dict[tuple[str, int], str] = {}
        if i == 7:
            sheets.append(drawn)
            continue
        drawn[("secretary", rng.choice(columns["secretary"]))] = rng.choice(
            ["circle", "filled", "cross"])
        for column in rng.sample(columns["member"], rng.randint(1, 5)):
            drawn[("member", column)] = rng.choice(["circle", "filled", "circle", "cross"])
        if i % 4 == 1:
            drawn[("member", rng.choice(columns["member"]))] = "faint"
        if i == 10:
            drawn[("member", columns["member"][0])] = "tick"
        sheets.append(drawn)
    return sheets


def batch_pdf(meeting: Meeting, rnd: dict[str, Any], folder: Path
              ) -> tuple[bytes, BallotGeometry, list[Drawn]]:
    record = meeting.call("GET", f"/rounds/{rnd['id']}/record")
    geometry = printed_geometry(record, rnd["key"])
    pdf = meeting.http.get(meeting.url(f"/rounds/{rnd['id']}/ballot.pdf"),
                           headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"})
    truth = ground_truth(geometry, seed=13)
    blank = ballot_page(pdf.content, geometry, 200, folder)
    return scanned_batch(blank, geometry, 200, truth, seed=5), geometry, truth


def wait_read(page: Any) -> None:
    page.wait_for_function(
        "document.getElementById('scan-status').textContent.includes('识读完毕')", timeout=180_000)


def settle(page: Any, geometry: BallotGeometry, drawn: Drawn) -> int:
    """Set every flagged cell of the open sheet to what the voter meant; how many there were."""
    page.wait_for_timeout(50)
    columns = {(c.post_id, c.column): c for c in geometry.pages[0].cells}
    meaning = meant(geometry, drawn)["marks"]
    flagged = page.locator("#scan-dialog .scan-cell.check")
    for i in range(flagged.count()):
        row = flagged.nth(i)
        post, column = str(row.get_attribute("data-cell")).split(":")
        cell = columns[(post, int(column))]
        row.locator(f'.choice[data-mark="{meaning[post][cell.candidate_id]}"]').click()
    return int(flagged.count())


def test_a_scanned_batch_is_confirmed_and_counts_the_truth(server: str, browser: Any,
                                                            tmp_path: Path) -> None:
    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=SHEETS)
    rid = rnd["id"]
    pdf, geometry, truth = batch_pdf(meeting, rnd, tmp_path)
    page = browser.new_context(viewport=TABLET, has_touch=True).new_page()
    page.goto(meeting.page("clerk", "teller"))
    page.wait_for_selector("#scan")
    upload = {"name": "batch.pdf", "mimeType": "application/pdf", "buffer": pdf}
    page.set_input_files("#scan-files", files=[upload])
    page.wait_for_function(
        "document.getElementById('scan-status').textContent.includes('正在识读第 4 / 20')",
        timeout=120_000)
    assert page.eval_on_selector("#scan-progress", "p => [p.value, p.max]")[1] == SHEETS
    page.screenshot(path=str(tmp_path / "progress.png"))
    page.reload()  # mid-batch: the kept pages go on being read, none is lost
    page.wait_for_selector("#scan")
    wait_read(page)
    sheets = meeting.call("GET", f"/rounds/{rid}/sheets", role="teller")
    assert [s["state"] for s in sheets].count("read") == SHEETS
    assert [s["source"] for s in sheets] == [f"batch.pdf#{i}" for i in range(1, SHEETS + 1)]
    page.set_input_files("#scan-files", files=[upload])  # sent again: nothing kept twice
    page.wait_for_function("(document.getElementById('toast') || {textContent: ''})"
                           ".textContent.includes('此前已上传')")
    assert len(meeting.call("GET", f"/rounds/{rid}/sheets", role="teller")) == SHEETS

    page.locator("#scan-next").click()
    page.wait_for_selector("#scan-dialog[open]")
    settled = 0
    for number in range(1, SHEETS + 1):
        page.wait_for_function(
            f"document.getElementById('scan-title').textContent.includes('第 {number} 张')")
        confirm = page.locator("#scan-confirm")
        flagged = settle(page, geometry, truth[number - 1])
        settled += flagged
        if flagged:
            if number == 2:
                page.screenshot(path=str(tmp_path / "confirm.png"))
            assert confirm.is_enabled()
        if number == 1:  # a double click stores this sheet once and not the next one unseen
            page.wait_for_timeout(900)
            confirm.dblclick()
            page.wait_for_function(
                "document.getElementById('scan-title').textContent.includes('第 2 张')")
            page.wait_for_timeout(300)
            assert len(active_entries(meeting, rid)) == 1
            continue
        page.wait_for_timeout(850)  # a sheet just shown is looked at before it is confirmed
        confirm.click()
    page.wait_for_selector("#scan-dialog", state="hidden")
    assert settled >= 5  # the faint marks and the tick went to the clerk
    entries = active_entries(meeting, rid)
    assert [e["ballot"] for e in entries] == [meant(geometry, d) for d in truth]

    counted = meeting.call("POST", f"/rounds/{rid}/count", role="scrutineer")
    record = meeting.call("GET", f"/rounds/{rid}/record")
    truth_record = {**record, "rounds": [{**record["rounds"][-1],
                                          "ballots": [meant(geometry, d) for d in truth]}]}
    assert counted["result"] == result_of(truth_record)


def test_a_tablet_photo_with_a_write_in_reaches_the_scrutineer(server: str, browser: Any,
                                                               tmp_path: Path) -> None:
    """拍照: a photo in uneven light with a faint ○ and a name written in 另选他人; the name is
    typed beside its crop, offered again on the next sheet, and shown to the 监票人."""
    import cv2
    from sheetkit import degrade, draw_marks

    meeting = make_meeting(server)
    rnd = open_round_for_counting(meeting, returned=5)
    rid = rnd["id"]
    record = meeting.call("GET", f"/rounds/{rid}/record")
    geometry = printed_geometry(record, rnd["key"])
    pdf = meeting.http.get(meeting.url(f"/rounds/{rid}/ballot.pdf"),
                           headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"})
    blank = ballot_page(pdf.content, geometry, 200, tmp_path)
    write_in = next(c for c in geometry.pages[0].cells
                    if c.candidate_id is None and c.post_id == "member")
    photos = []
    for seed, secretary in ((4, "circle"), (5, "filled")):  # two papers: their marks differ
        drawn = {("secretary", 1): secretary, ("member", 1): "faint",
                 ("member", write_in.column): "circle"}
        sheet = draw_marks(blank, geometry, 200, drawn)
        x = round(write_in.name.x * 200 / 72) + 10
        y = round((geometry.pages[0].height - write_in.name.y - 0.3 * write_in.name.height)
                  * 200 / 72)
        cv2.putText(sheet, "Zhao", (x, y), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.2, 20, 3)
        photo = degrade(sheet, angle=-7.0, warp=0.06, noise=5.0, seed=seed, jpeg=80, shadow=0.6)
        photos.append(cv2.imencode(".jpg", photo)[1].tobytes())

    page = browser.new_page(viewport={"width": 1024, "height": 768}, has_touch=True)
    page.goto(meeting.page("clerk", "teller"))
    page.wait_for_selector("#scan")
    assert page.get_attribute("#scan-photo", "capture") == "environment"
    assert page.get_attribute("#scan-photo", "accept") == "image/*"
    for number, photo in enumerate(photos, start=1):
        page.set_input_files("#scan-photo", files=[
            {"name": f"IMG_{number}.jpg", "mimeType": "image/jpeg", "buffer": photo}])
        wait_read(page)
        page.locator("#scan-next").click()
        page.wait_for_function(
            f"document.getElementById('scan-title').textContent.includes('第 {number} 张')")
        assert page.locator(".scan-writein img").count() == 1
        confirm = page.locator("#scan-confirm")
        assert not confirm.is_enabled()  # the faint ○ and the write-in wait for the clerk
        page.locator('.scan-cell.check .choice[data-mark="yes"]').click()
        name = page.locator(".scan-writein input")
        if number == 2:  # offered from the first sheet
            assert page.eval_on_selector_all("#scan-names option", "os => os.map(o => o.value)"
                                             ) == ["赵六"]
        name.fill("赵六")
        page.wait_for_timeout(850)
        confirm.click()
        page.wait_for_selector("#scan-dialog", state="hidden")
        # the status line of the next upload must be its own
        page.evaluate("document.getElementById('scan-status').textContent = ''")
    entries = active_entries(meeting, rid)
    assert [e["ballot"]["write_ins"] for e in entries] == [
        {"member": [{"name": "赵六", "mark": "yes"}]}] * 2

    scrutineer = browser.new_page(viewport={"width": 1024, "height": 768})
    scrutineer.goto(meeting.page("scrutineer", "scrutineer"))
    scrutineer.wait_for_selector("#writein-card:not(.hidden) #writeins tbody tr")
    rows = scrutineer.locator("#writeins tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator(".writein-name").inner_text() == "委员：赵六"
    assert rows.nth(0).locator("img").get_attribute("src").startswith("data:image/jpeg")
