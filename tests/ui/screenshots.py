"""Screenshots of every page at tablet and projector sizes, for checking by eye.

    .venv/bin/python tests/ui/screenshots.py [/tmp/jipiao-shots]

Starts its own server on a temp SQLite file, runs a meeting to a published result, and
writes PNGs (not committed) to the output folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from uikit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECTOR,
    TABLET,
    TABLET_LANDSCAPE,
    Meeting,
    make_meeting,
    open_round_for_counting,
    running_server,
)

SIZES = {"tablet": TABLET, "landscape": TABLET_LANDSCAPE, "projector": PROJECTOR}


def shoot(page: Page, out: Path, name: str, full: bool = False) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=full)


def enter_some(meeting: Meeting, rid: int, n: int) -> None:
    ids = meeting.ids
    for i in range(n):
        member = {ids["王建国"]: "yes", ids["欧阳丽"]: "yes", ids["张伟"]: "yes",
                  ids["刘芳"]: "yes" if i % 3 else "no",
                  ids["陈静"]: "yes" if i % 2 else "abstain"}
        marks = {"secretary": {ids["王建国"]: "yes"}, "member": member}
        meeting.call("POST", f"/rounds/{rid}/entries", role="teller",
                     json={"entry_id": f"shot-{i}", "marks": marks})


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp) / "ui.db") as base, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=TABLET, locale="zh-CN")
        meeting = make_meeting(base)
        page.goto(base + "/")
        shoot(page, out, "home")
        page.goto(base + "/new")
        shoot(page, out, "new", full=True)
        page.goto(meeting.page("organiser", "organiser"))
        page.wait_for_selector("#round-panel button")
        page.wait_for_selector("#present-count")
        shoot(page, out, "organise-start")
        page.locator("#signin-card").scroll_into_view_if_needed()
        shoot(page, out, "organise-signin")
        rnd = open_round_for_counting(meeting, returned=40)
        page.goto(meeting.page("clerk", "teller"))
        page.wait_for_selector(".cand")
        page.click(".cand[data-n='1']")
        page.click(".cand[data-n='2']")
        page.keyboard.press("3")
        for key in "ooxoo":
            page.keyboard.press(key)
        page.keyboard.press("o")
        shoot(page, out, "clerk-invalid")
        page.keyboard.press("Escape")
        enter_some(meeting, rnd["id"], 30)
        page.reload()
        page.wait_for_selector("#entries tbody tr")
        shoot(page, out, "clerk")
        board = browser.new_page(viewport=PROJECTOR, locale="zh-CN")
        board.goto(meeting.page("board", "observer"))
        board.wait_for_selector(".bar-row")
        shoot(board, out, "board-live")
        scr = browser.new_page(viewport=TABLET, locale="zh-CN")
        scr.goto(meeting.page("scrutineer", "scrutineer"))
        scr.wait_for_selector("#round-panel .verdict")
        shoot(scr, out, "scrutineer")
        enter_some(meeting, rnd["id"], 0)
        for i in range(30, 40):
            marks = {"member": {meeting.ids["李明"]: "yes"}}
            meeting.call("POST", f"/rounds/{rnd['id']}/entries", role="teller",
                         json={"entry_id": f"rest-{i}", "marks": marks})
        r = f"/rounds/{rnd['id']}"
        meeting.call("POST", f"{r}/count", json={})
        meeting.call("POST", f"{r}/sign-off", role="scrutineer", json={"names": "张三、李四"})
        meeting.call("POST", f"{r}/publish", json={})
        board.wait_for_selector("#published:not(.hidden)", timeout=15000)
        shoot(board, out, "board-published")
        page.goto(meeting.page("organiser", "organiser"))
        page.wait_for_selector("#round-panel table")
        shoot(page, out, "organise-published", full=True)
        page.goto(f"{base}/p/{meeting.eid}")
        shoot(page, out, "public", full=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(out / "public-phone.png"), full_page=True)
        browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/jipiao-shots"))
