"""The clerk's screen against the paper and the tablet (issue 15): the printed ballot's grid
(numbers, row breaks, order), the longest realistic sheets on one 1024×768 screen, names that
fit their tiles, and the marks counter and over-vote banner pinned in view. Boxes are measured
with getBoundingClientRect against the viewport."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import sheets
from uikit import TABLET, TABLET_LANDSCAPE, Meeting

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ballots"))
from printkit import pdf_words

pytestmark = pytest.mark.browser

# Each grid cell (a candidate's tile or a 另选他人 cell) in page order: its post, its number
# (none for a write-in), its box, and whether its name fits.
CELLS = """Array.from(document.querySelectorAll('.candidates')).flatMap(grid =>
  Array.from(grid.children).map(el => {
    const r = el.getBoundingClientRect();
    const name = el.querySelector('.name');
    const parts = name ? Array.from(name.querySelectorAll('.part')) : [];
    const inside = b => b.left >= r.left - 0.5 && b.right <= r.right + 0.5
                        && b.top >= r.top - 0.5 && b.bottom <= r.bottom + 0.5;
    return {post: grid.closest('.section').dataset.post, n: el.dataset.n || null,
            idx: el.querySelector('.idx') ? el.querySelector('.idx').textContent : null,
            perRow: Number(grid.dataset.perRow), top: r.top, bottom: r.bottom,
            nameFits: !name || (name.scrollWidth <= name.clientWidth
                                && parts.every(p => p.getClientRects().length === 1
                                               && inside(p.getBoundingClientRect())))};
  }))"""
IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"""


def clerk(browser: Any, meeting: Meeting, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport, has_touch=True).new_page()
    page.goto(meeting.page("clerk", "teller"))
    page.wait_for_selector(".cand")
    return page


def printed_rows(meeting: Meeting, rid: int) -> list[list[int]]:
    """The candidates' numbers on the printed ballot, row by row (by their height on the page)."""
    response = httpx.get(meeting.url(f"/rounds/{rid}/ballot.pdf"), timeout=60,
                         headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"})
    assert response.status_code == 200, response.text
    rows: dict[tuple[int, int], list[int]] = {}
    for w in pdf_words(response.content):
        if w.text.isdigit() and w.y_max - w.y_min < 9:  # the 7 pt numbers of the name cells
            rows.setdefault((w.page, round(w.y_min)), []).append(int(w.text))
    return [sorted(ns) for _, ns in sorted(rows.items())]


def screen_rows(cells: list[dict[str, Any]]) -> list[list[int]]:
    rows: dict[tuple[str, int], list[int]] = {}
    for c in cells:
        if c["n"]:
            rows.setdefault((c["post"], round(c["top"])), []).append(int(c["n"]))
    return [sorted(ns) for ns in rows.values()]


@pytest.mark.parametrize("viewport", [TABLET_LANDSCAPE, TABLET])
def test_clerk_grid_is_the_printed_ballot(server: str, browser: Any,
                                          viewport: dict[str, int]) -> None:
    meeting = sheets.fifty_four_for_forty_five(server)
    rnd = sheets.open_for_counting(meeting)
    page = clerk(browser, meeting, viewport)
    cells = page.evaluate(CELLS)
    numbers = [int(c["n"]) for c in cells if c["n"]]
    assert numbers == list(range(1, 55))  # the paper's order, numbered through the sheet
    assert all(c["idx"] == c["n"] for c in cells if c["n"])  # each tile shows its number
    # Same numbers and same row breaks as the PDF; the write-in cells follow as on paper.
    assert screen_rows(cells) == printed_rows(meeting, rnd["id"])
    per_row = cells[0]["perRow"]
    tops = sorted({round(c["top"]) for c in cells})
    for i, c in enumerate(cells):
        assert tops.index(round(c["top"])) == i // per_row, (i, c)

    # Keyboard entry in the paper's order: a number picks the tile, ↓ goes one printed row down.
    page.keyboard.press("2")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute(".cand.selected", "data-n") == str(2 + per_row)
    page.keyboard.press("o")  # marks it and moves on to the next number
    assert page.get_attribute(".cand.selected", "data-n") == str(3 + per_row)


SHEETS_THAT_FIT = ["secretary_and_eleven_for_nine", "village_three_posts", "fifteen_on_one_post"]


@pytest.mark.parametrize("make", SHEETS_THAT_FIT)
def test_longest_realistic_sheets_fit_a_landscape_tablet(server: str, browser: Any,
                                                         make: str) -> None:
    meeting = getattr(sheets, make)(server)
    sheets.open_for_counting(meeting)
    page = clerk(browser, meeting, TABLET_LANDSCAPE)
    head = page.evaluate("document.querySelector('.clerk-head').getBoundingClientRect().bottom")
    bar = page.evaluate("document.querySelector('.actionbar').getBoundingClientRect().top")
    cells = page.evaluate(CELLS)
    assert page.evaluate("window.scrollY") == 0
    for c in cells:  # every tile and 另选他人 cell on screen, between the head and the bar
        assert c["top"] >= head and c["bottom"] <= bar, c
    void = page.evaluate("document.getElementById('void-toggle').getBoundingClientRect().bottom")
    assert void <= bar  # 整张作废 visible without scrolling
    # Long and minority names (艾尔肯·吐尼亚孜) fit their tile, broken only at the separator.
    assert all(c["nameFits"] for c in cells), [c for c in cells if not c["nameFits"]]
    assert "艾尔肯·吐尼亚孜" in page.inner_text("#ballot-form").replace("\n", "")


def test_names_fit_on_a_portrait_tablet(server: str, browser: Any) -> None:
    meeting = sheets.secretary_and_eleven_for_nine(server)
    sheets.open_for_counting(meeting)
    page = clerk(browser, meeting, TABLET)
    cells = page.evaluate(CELLS)
    assert all(c["nameFits"] for c in cells), [c for c in cells if not c["nameFits"]]


def test_counters_count_a_sheet_the_secretary_rule_voids(server: str, browser: Any) -> None:
    meeting = sheets.secretary_and_eleven_for_nine(server)
    sheets.open_for_counting(meeting)
    page = clerk(browser, meeting, TABLET_LANDSCAPE)
    page.keyboard.press("1")
    page.keyboard.press("o")  # 书记 without 委员 (RULES.md §2): the marks are still counted
    assert "须同时选为委员" in page.inner_text("#verdict")
    assert page.inner_text('[data-counter="secretary"]') == "书记 1/1"
    assert page.inner_text('[data-picked="secretary"]') == "已选 1 / 1"


def test_counter_and_over_vote_stay_pinned_on_a_long_sheet(server: str, browser: Any) -> None:
    meeting = sheets.fifty_four_for_forty_five(server)
    sheets.open_for_counting(meeting)
    page = clerk(browser, meeting, TABLET_LANDSCAPE)
    for _ in range(47):  # 47 of 45 marked, read out in the paper's order
        page.keyboard.press("o")
    counter = '[data-counter="member"]'
    assert page.inner_text(counter) == "委员 47/45"
    assert page.evaluate(f"({IN_VIEW})('{counter}')")
    assert "over" in str(page.get_attribute(counter, "class"))
    assert page.evaluate(f"({IN_VIEW})('#verdict')")
    assert "多于应选45名" in page.inner_text("#verdict")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('ballot-no').textContent === '第 2 张'")
    # The next, blank sheet is not called 有效: the bar says what the stored one was.
    said = page.inner_text("#verdict")
    assert said != "有效" and said.startswith("第1张已记下：有无效部分") and "本张尚未录入" in said
    assert page.evaluate(f"({IN_VIEW})('#verdict')")
    assert page.inner_text(counter) == "委员 0/45"


BOARD_SIZES = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
# Each of the board's rows: on screen, its name whole, cut/tied marks.
BOARD_ROWS = """Array.from(document.querySelectorAll('.bar-row')).map(row => {
  const r = row.getBoundingClientRect(); const who = row.querySelector('.who');
  return {name: row.dataset.name, cls: row.className,
          onScreen: r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0
                    && r.right <= window.innerWidth,
          whole: who.scrollWidth <= who.clientWidth};
})"""


def enter(meeting: Meeting, rid: int, marks_of: Any, ballots: int = 10) -> None:
    ids = list(meeting.ids.values())  # in the order the candidates were made: names(54)
    for i in range(ballots):
        meeting.call("POST", f"/rounds/{rid}/entries", role="teller",
                     json={"entry_id": f"b{i}", "marks": {"member": marks_of(ids, i)}})


def test_board_shows_a_long_list_with_its_cut_line_and_tie(server: str, browser: Any) -> None:
    meeting = sheets.fifty_four_for_forty_five(server)
    rnd = sheets.open_for_counting(meeting)

    def tie_at_the_last_seat(ids: list[str], i: int) -> dict[str, str]:
        marks = dict.fromkeys(ids[:44], "yes")
        marks[ids[44 if i < 5 else 45]] = "yes"  # 5 votes each for seat 45
        return marks

    enter(meeting, rnd["id"], tie_at_the_last_seat)
    tied = set(list(meeting.ids)[44:46])
    for size in BOARD_SIZES:
        page = browser.new_page(viewport=size)
        page.goto(meeting.page("board", "observer"))
        page.wait_for_function("document.querySelectorAll('.bar-row').length === 54"
                               " && document.querySelector('.bar-row .votes').textContent === '10'")
        rows = page.evaluate(BOARD_ROWS)
        assert all(r["onScreen"] for r in rows), [r["name"] for r in rows if not r["onScreen"]]
        assert all(r["whole"] for r in rows), [r["name"] for r in rows if not r["whole"]]
        assert {r["name"] for r in rows if "tied" in r["cls"].split()} == tied
        assert sum("cut" in r["cls"].split() for r in rows) == 1
        page.close()


def test_published_board_fits_with_its_qr(server: str, browser: Any) -> None:
    meeting = sheets.fifty_four_for_forty_five(server, voters=20)
    rnd = sheets.open_for_counting(meeting, ballots=20)
    enter(meeting, rnd["id"], lambda ids, i: dict.fromkeys(ids[:45], "yes"), ballots=20)
    r = f"/rounds/{rnd['id']}"
    meeting.call("POST", f"{r}/count", json={})
    meeting.call("POST", f"{r}/sign-off", role="scrutineer", json={"names": "张三、李四"})
    meeting.call("POST", f"{r}/publish", json={})
    for size in BOARD_SIZES:
        page = browser.new_page(viewport=size)
        page.goto(meeting.page("board", "observer"))
        page.wait_for_selector("#published:not(.hidden)")
        page.wait_for_function("document.getElementById('public-qr').complete"
                               " && document.getElementById('elected').textContent.length > 100")
        for sel in ("#public-qr", "#elected", "#published-title"):
            assert page.evaluate(f"({IN_VIEW})('{sel}')"), (size, sel)
        qr = page.evaluate("document.getElementById('public-qr').getBoundingClientRect().right")
        assert qr <= size["width"]
        # each name on one line (艾尔肯·吐尼亚孜), and each post listed once
        assert page.evaluate("Array.from(document.querySelectorAll('#elected .person'))"
                             ".every(p => p.getClientRects().length === 1)")
        assert page.locator("#elected .person").count() == 45
        page.close()
