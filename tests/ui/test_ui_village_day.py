"""A village day in the browser (issue 14), from an empty service: set-up at /new, a roll of
1,200, ballots printed before anyone signs in, three boxes issued and returned, one box by
正字 totals and two by ballots from four clerks at once, the count, a 另行选举 with its list
and reasons on screen, publication. `JIPIAO_SHOTS=dir` also keeps screenshots there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from uikit import TABLET_LANDSCAPE

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
CANDIDATES = """王建国 男 主任
李明 男 主任
张伟 男 副主任
刘芳 女 副主任
赵强 男 委员
周军 男 委员
吴刚 男 委员
郑涛 男 委员
冯伟 男 委员
孙丽 女 委员"""
# The main venue's box, counted by hand: 590 ballots (the other 14 are entered one by one,
# each 王建国 / 张伟 / 赵强 周军 吴刚). Sums: 主任 王建国 350; 副主任 张伟 330; 委员 赵强 400,
# 周军 250, 吴刚 200, 郑涛 150, 冯伟 150, 孙丽 100 — of 604 returned, elected needs 303.
MAIN_TOTALS = {"主任": {"王建国": 336, "李明": 240}, "副主任": {"张伟": 316, "刘芳": 260},
               "委员": {"赵强": 386, "周军": 236, "吴刚": 186, "郑涛": 150, "冯伟": 150,
                          "孙丽": 100}}


def shot(page: Any, name: str) -> None:
    where = os.environ.get("JIPIAO_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(where) / f"{name}.png"), full_page=False)


def api(base: str, eid: int, token: str, method: str, path: str, **kw: Any) -> Any:
    response = httpx.request(method, f"{base}/api/v1/elections/{eid}{path}",
                             headers={"Authorization": f"Bearer {token}"}, timeout=30, **kw)
    assert response.status_code < 300, response.text
    return response.json() if response.content else None


def panel_has(page: Any, text: str) -> None:
    page.wait_for_function(
        f"document.getElementById('round-panel').innerText.includes({text!r})")


def test_a_village_day_from_an_empty_service(server: str, browser: Any) -> None:
    # ---- set-up at /new: 主任/副主任/委员, each candidate with a gender ----
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(f"{server}/new")
    page.fill("#title", "幸福村第十二届村民委员会选举")
    page.select_option("#body", "villagers_committee")
    page.fill("#candidates", CANDIDATES)
    shot(page, "village-1024-new")
    page.click("#create")
    page.wait_for_selector("#created:not(.hidden)")
    organiser = page.get_attribute('[data-role-link="组织者"]', "href")
    page.goto(organiser)
    page.wait_for_selector("#candidate-table tbody tr")
    eid = int(page.url.split("/e/")[1].split("#")[0].split("?")[0])
    token = organiser.split("#token=")[1]
    assert page.locator("#candidate-checks [data-check=gender_unknown]").count() == 0
    ids = {c["name"]: c["id"] for c in api(server, eid, token, "GET", "/candidates")["candidates"]}
    # A gender left out is a warning (the women rules need it), put right on the page.
    page.select_option(f'[data-gender="{ids["孙丽"]}"]', "")
    page.wait_for_selector("#candidate-checks [data-check=gender_unknown]")
    page.select_option(f'[data-gender="{ids["孙丽"]}"]', "F")
    page.wait_for_function(
        "!document.querySelector('#candidate-checks [data-check=gender_unknown]')")
    # A women-only 委员 post refuses the men standing for it; set back at once.
    member = page.locator("[data-women-only]").nth(2)
    page.click("#post-flags-card summary")
    member.check()
    page.wait_for_selector("#candidate-checks [data-check=women_only]")
    member.uncheck()
    page.wait_for_function("!document.querySelector('#candidate-checks [data-check=women_only]')")

    # ---- the roll of 1,200, pasted ----
    page.fill("#roll-names", "\n".join(f"村民{i:04d}" for i in range(1200)))
    page.click("#roll-form button")
    page.wait_for_function("document.getElementById('voters-more').innerText.includes('共1200人')")
    assert page.locator("#voters .cand").count() == 60  # a page, the rest by name
    page.fill("#voter-filter", "村民0777")
    page.wait_for_function("document.querySelectorAll('#voters .cand').length === 1")
    page.wait_for_function("document.getElementById('attendance').innerText.includes('以收回的选票计')")
    assert "选举无效" not in page.inner_text("#attendance")

    # ---- the first round: ballots printed before anyone signs in ----
    page.locator("#round-panel button", has_text="建立第一轮").click()
    page.wait_for_selector("#round-panel button:has-text('打印选票（PDF）')")
    with page.expect_popup() as popup, page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/ballot.pdf")) as pdf:
        page.locator("#round-panel button", has_text="打印选票（PDF）").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
    popup.value.close()
    assert page.is_hidden("#error")

    # ---- three boxes: 中心会场, 第一投票站, 流动票箱 (with its carrier and 监票人) ----
    page.locator("#box-editor button", has_text="添加投票站").click()
    page.locator("#box-editor button", has_text="添加流动票箱").click()
    rows = page.locator("[data-box-row]")
    assert rows.count() == 3
    rows.nth(2).locator("[data-box-carrier]").fill("王五")
    rows.nth(2).locator("[data-box-scrutineers]").fill("赵六、钱七")
    page.locator("#box-editor button", has_text="保存票箱").click()
    page.wait_for_selector("#box-table [data-box]")
    assert page.locator("#box-table [data-box]").count() == 3
    page.locator("#round-panel button", has_text="确认候选人名单").click()
    page.wait_for_selector("[data-counts=issue]")
    shot(page, "village-1024-issue")
    boxes = [b["id"] for b in api(server, eid, token, "GET", "/rounds")[0]["boxes"]]
    for box, n in zip(boxes, (600, 10, 6), strict=True):
        page.fill(f"#issued-{box}", str(n))
    page.locator("[data-counts=issue] button").click()
    page.wait_for_selector("[data-counts=return]")
    for box, n in zip(boxes, (590, 8, 6), strict=True):
        page.fill(f"#returned-{box}", str(n))
    page.locator("[data-counts=return] button").click()
    panel_has(page, "参加投票 604（50.3%）")
    assert "实到" not in page.inner_text("#round-panel")

    # ---- the board, live ----
    board = browser.new_page(viewport=PROJECTOR)
    board.goto(f"{server}/e/{eid}/board#token={_new_token(server, eid, token, 'observer')}")
    board.wait_for_function("document.getElementById('facts').innerText.includes('参加投票')")
    assert "实到" not in board.inner_text("#facts")

    # ---- the main box by 正字 totals ----
    teller = _new_token(server, eid, token, "teller")
    totals = browser.new_context(viewport=TABLET_LANDSCAPE).new_page()
    totals.goto(f"{server}/e/{eid}/totals?box={boxes[0]}#token={teller}")
    totals.wait_for_selector("#box-label")
    post_ids = {p["name"]: p["id"] for p in api(server, eid, token, "GET", "")["posts"]}
    for post_name, votes in MAIN_TOTALS.items():
        post = post_ids[post_name]
        for name, n in votes.items():
            totals.fill(f'input[data-post="{post}"][data-cid="{ids[name]}"][data-mark="yes"]',
                        str(n))
    totals.locator("#totals-form button[type=submit]").click()
    totals.wait_for_selector("#saved:not(.hidden)")

    # ---- the other two boxes ballot by ballot, four clerks at once ----
    clerks = []
    for box, share in ((boxes[1], 4), (boxes[1], 4), (boxes[2], 3), (boxes[2], 3)):
        context = browser.new_context(viewport=TABLET_LANDSCAPE, has_touch=True)
        clerk = context.new_page()
        clerk.goto(f"{server}/e/{eid}/clerk?box={box}#token={teller}")
        clerk.wait_for_selector(".cand")
        clerks.append((clerk, share))
    shot(clerks[0][0], "village-1024-clerk")
    # 主任/副主任/委员 all above the action bar on a 1024×768 tablet.
    assert clerks[0][0].evaluate(
        "Array.from(document.querySelectorAll('.section')).pop().getBoundingClientRect().bottom"
        " <= document.querySelector('.actionbar').getBoundingClientRect().top")
    for _ in range(4):
        for clerk, share in clerks:
            if share <= 0:
                continue
            for post, name in (("主任", "王建国"), ("副主任", "张伟"), ("委员", "赵强"),
                               ("委员", "周军"), ("委员", "吴刚")):
                clerk.locator(
                    f'.cand[data-post="{post_ids[post]}"][data-cid="{ids[name]}"]').tap()
            clerk.locator("#submit").tap()
        clerks = [(c, s - 1) for c, s in clerks]
    for clerk, _share in clerks:
        clerk.wait_for_function(
            "document.getElementById('net-status').textContent.includes('全部已保存')")
    shot(clerks[0][0], "village-1024-clerk-after")
    board.wait_for_function(
        "document.querySelector('.bar-row[data-name=\"赵强\"] .votes').textContent === '400'")
    shot(board, "village-1920-board-counting")
    panel_has(page, "已录入 14 / 逐张录入的票箱收回 14 张（另有中心会场590张已按正字汇总录入）")
    shot(page, "village-1024-counting")

    # ---- the count: 主任 and 副主任 elected, two 委员 seats to a 另行选举 ----
    page.locator("#round-panel button", has_text="计算结果").click()
    member = post_ids["委员"]
    page.wait_for_selector(f"[data-next={member}]")
    people = page.inner_text(f"[data-next-people={member}]")
    assert "周军：得票250票（未当选者中第1名）" in people
    assert "郑涛：得票150票，与第3名得票相同（并列），一并列入" in people
    assert "冯伟：得票150票，与第3名得票相同（并列），一并列入" in people
    assert "孙丽：得票100票；没有女性当选，按规定列入得票最多的女性" in people
    assert "得票不少于投票总数的三分之一" in page.inner_text("[data-next-rule]")
    facts = page.inner_text("#round-facts")
    assert "参加投票 604（50.3%）" in facts and "实到" not in facts
    page.locator(f"[data-next={member}]").scroll_into_view_if_needed()
    shot(page, "village-1024-next-round")
    board.wait_for_selector("#next-round")
    assert "孙丽" in board.inner_text("#next-round")
    fits = "document.documentElement.scrollHeight <= window.innerHeight + 1"
    board.wait_for_function(fits)  # 6 委员 candidates and the next round's list, no scrolling
    shot(board, "village-1920-board-next-round")
    board.set_viewport_size({"width": 1280, "height": 720})
    board.wait_for_function(fits)
    shot(board, "village-1280-board-next-round")
    page.set_viewport_size({"width": 1920, "height": 1080})
    shot(page, "village-1920-next-round")
    page.set_viewport_size(TABLET_LANDSCAPE)

    # ---- sign-off and publication; the public page ----
    scrutineer = _new_token(server, eid, token, "scrutineer")
    rid = api(server, eid, token, "GET", "/rounds")[0]["id"]
    api(server, eid, scrutineer, "POST", f"/rounds/{rid}/sign-off", json={"names": "赵六、钱七"})
    page.locator("#round-panel button", has_text="公布结果").click()
    panel_has(page, "已公布")
    record = api(server, eid, token, "GET", f"/rounds/{rid}/record")
    assert [b.get("returned") for b in record["rounds"][0]["boxes"]] == [590, 8, 6]
    assert [("totals" in b, len(b.get("ballots", []))) for b in record["rounds"][0]["boxes"]] \
        == [(True, 0), (False, 8), (False, 6)]
    public = browser.new_page(viewport=TABLET_LANDSCAPE)
    public.goto(f"{server}/p/{eid}")
    assert "参加投票604人" in public.inner_text("body")


def _new_token(base: str, eid: int, token: str, role: str) -> str:
    made = api(base, eid, token, "POST", "/tokens", json={"role": role, "label": role})
    return str(made["token"])
