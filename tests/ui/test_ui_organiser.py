"""The organiser's pages in a real browser: set-up (form and RECORD.md upload), 签到 with the
running 实到 and quorum verdict, the round to publication, the public page and the board."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from uikit import (
    PROJECTOR,
    TABLET,
    Meeting,
    make_meeting,
    make_village,
    open_round_for_counting,
)

pytestmark = pytest.mark.browser


def panel_has(page: Any, text: str) -> None:
    page.wait_for_function(
        f"document.querySelector('#round-panel').innerText.includes({json.dumps(text)})")


def test_organiser_runs_a_round_to_publication(server: str, browser: Any) -> None:
    meeting = make_meeting(server, present=38)
    page = browser.new_page(viewport=TABLET)
    addresses: list[str] = []  # every address the pages ask for: no token in any but SSE
    page.on("request", lambda r: addresses.append(r.url))
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#voters .cand")
    page.wait_for_selector("#present-count")
    assert page.inner_text("#present-count") == "38"

    # 签到: two more members arrive; 实到 and the quorum verdict follow at once.
    for name in ("党员38", "党员39"):
        page.locator("#voters .cand", has_text=name).click()
    page.wait_for_function("document.querySelector('#present-count').textContent === '40'")
    verdict = page.inner_text("#attendance")
    assert "应到 42 人" in verdict and "超过应到42人的五分之四" in verdict
    assert page.locator('#attendance [data-gate="fail"]').count() == 0

    # An approved exclusion from 应到 (RULES.md §2), with its reason and approval.
    page.click("#signin-card summary")
    page.fill("#excl-name", "党员41")
    page.fill("#excl-reason", "外出半年以上")
    page.fill("#excl-approval", "街道党工委〔2026〕12号")
    page.click("#exclusion-form button")
    page.wait_for_function("document.querySelector('#attendance').innerText.includes('应到 41 人')")
    assert "经批准不计入1人" in page.inner_text("#attendance")

    board = browser.new_page(viewport=PROJECTOR)
    board.on("request", lambda r: addresses.append(r.url))
    board.goto(meeting.page("board", "observer"))

    page.locator("#round-panel button", has_text="建立第一轮").click()
    panel_has(page, "准备中")
    page.locator("#round-panel button", has_text="核对到会人数").click()
    panel_has(page, "已确认到会人数")
    assert page.input_value("#issued") == "40"
    with page.expect_popup() as popup, page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/ballot.pdf")) as pdf:
        page.locator("#round-panel button", has_text="打印选票").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
    assert pdf.value.request.headers["authorization"].startswith("Bearer jp_org")
    # The tab shows the PDF the page fetched (headless Chromium saves it instead).
    popup.value.wait_for_url(re.compile("^blob:"), wait_until="commit")
    popup.value.close()
    # Enter in the number does what the button does, once however often it is pressed.
    page.press("#issued", "Enter")
    page.keyboard.press("Enter")
    panel_has(page, "已发出选票")
    page.fill("#returned", "3")
    page.press("#returned", "Enter")
    page.keyboard.press("Enter")
    panel_has(page, "计票中")
    actions = [e["action"] for e in meeting.call("GET", "/audit")]
    assert (actions.count("round.issue"), actions.count("round.return")) == (1, 1)
    assert page.locator("#round-panel .form-error").count() == 0

    rid = meeting.latest_round()["id"]
    for i, name in enumerate(("欧阳丽", "刘芳", "欧阳丽")):
        meeting.call("POST", f"/rounds/{rid}/entries", role="teller", json={
            "entry_id": f"org-{i}", "marks": {"member": {meeting.ids[name]: "yes"}}})
    board.wait_for_function("document.querySelector('#facts').innerText.includes('3 / 3')")
    page.locator("#round-panel button", has_text="计算结果").click()
    panel_has(page, "计票完毕")
    panel_has(page, "需要再进行一轮投票")  # 3 ballots, 40 present: nobody reaches 21

    scr = browser.new_page(viewport=TABLET)
    scr.goto(meeting.page("scrutineer", "scrutineer"))
    scr.wait_for_selector("#signoff-form:not(.hidden)")
    scr.fill("#signoff-names", "总监票人张三、监票人李四")
    scr.locator("#signoff-form button").click()
    scr.wait_for_selector("#round-panel .notice.ok")

    page.wait_for_timeout(200)
    page.reload()
    panel_has(page, "已签字")
    page.locator("#round-panel button", has_text="公布结果").click()
    panel_has(page, "已公布")
    with page.expect_popup() as popup, page.expect_response(
            lambda r: r.url.endswith("/report.pdf")) as pdf:
        page.locator("#round-panel button", has_text="选举结果报告单").click()
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
    popup.value.wait_for_url(re.compile("^blob:"), wait_until="commit")
    popup.value.close()

    # The board turns to the result and the QR code of the public page.
    board.wait_for_selector("#published:not(.hidden)", timeout=10000)
    assert board.get_attribute("#public-qr", "src").startswith("/ui/qr.svg?data=")

    # The public page: the record to download and its SHA-256, which matches the bytes.
    public = browser.new_page(viewport={"width": 390, "height": 844})
    public.goto(f"{server}/p/{meeting.eid}")
    shown = public.inner_text('[data-sha="record"]').strip()
    link = public.get_attribute("a[download^='record-']", "href")
    body = httpx.get(server + link, timeout=30).content
    assert hashlib.sha256(body).hexdigest() == shown
    assert "欧阳丽" in public.inner_text("main")
    assert any("/live?token=" in a for a in addresses)
    assert [a for a in addresses if "token=" in a and "/live?token=" not in a] == []

    # Next round from the result: 另行选举 for the unfilled seats (RULES.md §6.4).
    page.locator("#round-panel button", has_text="按计票结果建立下一轮").click()
    panel_has(page, "第2轮")
    assert meeting.latest_round()["kind"] in ("supplementary", "tie_break")
    for p in (page, board, scr, public):
        p.close()


def test_setup_from_the_form(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=TABLET)
    page.goto(f"{server}/new")
    page.fill("#title", "幸福村村民委员会换届选举")
    page.select_option("#body", "villagers_committee")
    page.fill("#candidates", "王建国 主任\n李明 主任\n张伟 副主任\n刘芳 副主任\n"
                             "欧阳丽 委员\n陈静 委员\n赵强 委员\n孙丽 委员")
    page.click("#create")
    page.wait_for_selector("#created:not(.hidden)")
    assert page.is_hidden("#error")
    href = page.get_attribute('[data-role-link="组织者"]', "href")
    page.goto(href)
    page.wait_for_selector("#candidate-table tbody tr")
    assert page.locator("#candidate-table tbody tr").count() == 8
    assert "主任" in page.inner_text("#candidate-table")
    page.close()


def test_setup_by_uploading_a_record(server: str, browser: Any, tmp_path: Path) -> None:
    record = {
        "format": "jipiao.record/1",
        "election": {"title": "中共和平社区支部委员会换届选举", "body": "party_branch",
                     "rules": {"secretary_mode": "direct"}},
        "posts": [{"id": "secretary", "name": "书记", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 3}],
        "candidates": [
            {"id": "c01", "name": "王建国", "posts": ["secretary", "member"]},
            {"id": "c02", "name": "欧阳丽", "surname": "欧阳", "gender": "F",
             "posts": ["member"]},
            {"id": "c03", "name": "张伟", "posts": ["member"]},
            {"id": "c04", "name": "刘芳", "posts": ["member"]},
        ],
        "rounds": [],
    }
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    page = browser.new_page(viewport=TABLET)
    page.goto(f"{server}/new")
    page.set_input_files("#record-file", str(path))
    page.wait_for_selector("#created:not(.hidden)")
    assert page.is_hidden("#error")
    page.goto(page.get_attribute('[data-role-link="组织者"]', "href"))
    page.wait_for_selector("#candidate-table tbody tr")
    assert page.input_value('[data-gender="c02"]') == "F"  # gender editable until issued
    assert page.locator("#candidate-checks .notice.bad").count() == 0
    page.close()


def test_organiser_registers_and_withdraws_proxies(server: str, browser: Any) -> None:
    """委托投票 (RULES.md §3): registered on the page, capped per holder, counted in 实到."""
    meeting = make_village(server, rules={"max_proxies_per_holder": 2})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#voters .cand")
    page.click("#proxy-card summary")
    assert "不超过2人" in page.inner_text("#proxy-card")

    def grant(grantor: str, holder: str) -> None:
        page.fill("#proxy-grantor", grantor)
        page.fill("#proxy-holder", holder)
        page.click("#proxy-form button")

    for grantor in ("村民26", "村民27"):
        grant(grantor, "村民01")
        page.wait_for_function(
            f"document.querySelector('#proxy-table').innerText.includes('{grantor}')")
    page.wait_for_function("document.querySelector('#attendance').innerText.includes('委托 2 人')")
    grant("村民28", "村民01")  # a third for the same holder: refused, with the reason
    near = '[data-error-for="proxy-form"]'  # beside the form it concerns
    page.wait_for_selector(near)
    assert "最多接受2人委托" in page.inner_text(near)
    grant("村民28", "没有这人")
    page.wait_for_function(f"document.querySelector('{near}').innerText.includes('名册中没有')")
    page.locator("#proxy-table tr", has_text="村民26").locator("button").click()
    page.wait_for_function("!document.querySelector('#proxy-table').innerText.includes('村民26')")
    page.wait_for_function("document.querySelector('#attendance').innerText.includes('委托 1 人')")
    assert [p["grantor_name"] for p in meeting.call("GET", "/proxies")] == ["村民27"]
    party = browser.new_page(viewport=TABLET)
    party.goto(make_meeting(server).page("organiser", "organiser"))
    party.wait_for_selector("#voters .cand")
    assert party.locator("#proxy-card").count() == 0  # not in party elections


def test_meeting_decides_to_reduce_seats_instead_of_another_round(server: str,
                                                                  browser: Any) -> None:
    """RULES.md §6.4: 4 of 5 委员 elected; the 党员大会 reduces the seats to 4."""
    meeting = make_meeting(server)
    rid = open_round_for_counting(meeting, returned=40)["id"]
    ids = meeting.ids
    meeting.call("PUT", f"/rounds/{rid}/totals", role="teller", json={"totals": {
        "secretary": {"yes": {ids["王建国"]: 30, ids["李明"]: 8}},
        "member": {"yes": {ids["王建国"]: 30, ids["李明"]: 25, ids["欧阳丽"]: 28, ids["张伟"]: 26,
                           ids["刘芳"]: 10, ids["陈静"]: 9, ids["赵强"]: 8}}}})
    meeting.call("POST", f"/rounds/{rid}/count", role="scrutineer")
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    panel_has(page, "需要再进行一轮投票")
    page.click("#reduce-seats summary")
    assert "委员：已当选4名，尚缺1名 → 名额减为4名" in page.inner_text("#reduce-seats")
    page.locator("#reduce-seats button").click()
    page.wait_for_selector('[data-error-for="reduce-seats"]')
    page.fill("#decided-by", "党员大会举手表决通过")
    page.locator("#reduce-seats button").click()
    panel_has(page, "选举完成")
    rnd = meeting.latest_round()
    assert rnd["result"]["outcome"]["status"] == "complete"
    assert rnd["result"]["outcome"]["next_round"] is None
    assert page.locator("#reduce-seats").count() == 0


def test_organiser_makes_the_first_plenary_from_the_result(server: str, browser: Any) -> None:
    """RULES.md §2, indirect mode: the 党员大会 elects 委员; the page makes their first plenary
    with the chosen 书记/副书记 candidates and shows its links once."""
    http = httpx.Client(timeout=30)
    created = http.post(f"{server}/api/v1/elections", json={
        "title": "中共和平社区支部委员会换届选举", "body": "party_branch",
        "posts": [{"id": "member", "name": "委员", "seats": 3}]}).json()
    branch = Meeting(server, int(created["id"]), created["tokens"], {}, http)
    for name in ("王建国", "李明", "欧阳丽", "张伟"):
        branch.ids[name] = branch.call("POST", "/candidates", json={
            "name": name, "posts": ["member"], "member_status": "full"})["id"]
    voters = branch.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}", "status": "full"} for i in range(10)]})
    branch.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]})
    rid = open_round_for_counting(branch, returned=10, issued=10)["id"]
    ids = branch.ids
    branch.call("PUT", f"/rounds/{rid}/totals", role="teller", json={"totals": {"member": {
        "yes": {ids["王建国"]: 9, ids["李明"]: 8, ids["欧阳丽"]: 7, ids["张伟"]: 2}}}})
    branch.call("POST", f"/rounds/{rid}/count", role="scrutineer")

    page = browser.new_page(viewport=TABLET)
    page.goto(branch.page("organiser", "organiser"))
    page.wait_for_selector("#plenary-card:not(.hidden)")
    choices = page.locator("#plenary-secretary label")
    assert sorted(choices.all_inner_texts()) == sorted(["王建国", "李明", "欧阳丽"])
    page.locator("#plenary-form button").click()  # nobody chosen: the page says so
    page.wait_for_selector('[data-error-for="plenary-form"]')
    assert "书记候选人" in page.inner_text('[data-error-for="plenary-form"]')
    page.locator("#plenary-secretary label", has_text="王建国").locator("input").check()
    page.check("#plenary-deputy-on")
    page.locator("#plenary-deputy label", has_text="欧阳丽").locator("input").check()
    page.locator("#plenary-form button").click()
    page.wait_for_selector("#plenary-created:not(.hidden)")
    assert page.is_hidden("#error") and page.locator("[data-error-for]").count() == 0
    href = page.get_attribute('#plenary-links [data-role-link="组织者"]', "href")
    assert "#token=jp_org" in href

    plenary = browser.new_page(viewport=TABLET)
    plenary.goto(href)
    plenary.wait_for_selector("#candidate-table tbody tr")
    table = plenary.inner_text("#candidate-table")
    assert "王建国" in table and "欧阳丽" in table and "李明" not in table
    assert "党组织委员会全体会议" in plenary.inner_text("main")
    plenary.wait_for_selector("#voters .cand")
    assert plenary.locator("#voters .cand").count() == 3  # the roll: the elected 委员

    page.reload()  # made once: the branch page now names it instead of the form
    page.wait_for_selector("#plenary-existing:not(.hidden)")
    assert "选举编号" in page.inner_text("#plenary-existing")
    assert page.is_hidden("#plenary-form")
    for p in (page, plenary):
        p.close()


def test_returning_more_than_issued_is_asked_before_it_voids_the_round(
    server: str, browser: Any
) -> None:
    """RULES.md §5: 收回 10 for 9 issued voids the round; the organiser is told so and asked."""
    meeting = make_meeting(server)
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 39})
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    panel_has(page, "已发出选票")
    asked: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.fill("#returned", "40")
    page.once("dialog", lambda d: answer(d, False))
    page.locator("#round-panel button", has_text="登记收回").click()
    page.wait_for_timeout(300)
    assert "收回40张，多于发出的39张" in asked[0] and "本轮投票无效，须重新投票" in asked[0]
    assert meeting.latest_round()["state"] == "issued"  # nothing recorded
    page.fill("#returned", "40")
    page.once("dialog", lambda d: answer(d, True))
    page.locator("#round-panel button", has_text="登记收回").click()
    for _ in range(50):
        if meeting.latest_round()["state"] == "void":
            break
        page.wait_for_timeout(100)
    assert meeting.latest_round()["state"] == "void"
    page.close()


def test_enter_again_after_the_return_is_registered_sends_nothing(server: str,
                                                                   browser: Any) -> None:
    """收回 done, the panel not yet redrawn (a slow refresh): Enter again on its button sends
    no second request — it would meet a 409 whose message the redraw then wipes."""
    meeting = make_meeting(server)
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/issue", json={"ballots_issued": 40})
    page = browser.new_page(viewport=TABLET)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    returns: list[str] = []
    page.on("request", lambda r: returns.append(r.url) if r.url.endswith("/return") else None)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#returned")
    held: list[Any] = []
    # The refresh that redraws the panel waits.
    page.route("**/rounds", lambda route: held.append(route))
    with page.expect_response(lambda r: r.url.endswith("/return")):
        page.press("#returned", "Enter")
    page.wait_for_timeout(300)
    assert held, "the panel's refresh is held"
    page.locator('[data-form="return"] button').evaluate("b => b.focus()")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert len(returns) == 1
    page.unroute("**/rounds")
    panel_has(page, "计票中")
    assert page.locator("[data-error-for]").count() == 0 and problems == []
    assert [e["action"] for e in meeting.call("GET", "/audit")].count("round.return") == 1
    page.close()


def test_organiser_page_without_its_token_says_how_to_open_it(server: str,
                                                               browser: Any) -> None:
    meeting = make_meeting(server)
    page = browser.new_page(viewport=TABLET)  # a fresh browser: no token kept either
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/e/{meeting.eid}")
    page.wait_for_selector("#token-missing:not(.hidden)")
    page.wait_for_timeout(500)  # what the page would load, had it a token
    said = page.inner_text("#token-missing")
    assert "缺少组织者口令" in said and f"/e/{meeting.eid}#token=" in said
    assert "读取中" not in page.inner_text("main")  # nothing waits for what cannot come
    assert problems == []
    page.close()
