"""资格联审 in a real browser (CAMPAIGN.md §3): people entered on the organiser page, a
candidate chosen from them, one department's page signing the last item; until it does,
the ballot PDF is refused with the reason, per candidate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from uikit import TABLET_LANDSCAPE, Meeting, ok

pytestmark = pytest.mark.browser

ITEMS = [{"id": "n01", "text": "受过刑事处罚的", "departments": ["公安", "纪检监察"]}]


def party_meeting(base: str) -> Meeting:
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "中共幸福村支部委员会换届选举", "body": "party_branch",
        "posts": [{"id": "member", "name": "委员", "seats": 3}]}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    voters = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}", "status": "full"} for i in range(10)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]})
    return meeting


def reviewer_token(meeting: Meeting, department: str) -> str:
    made = meeting.call("POST", "/tokens", json={"role": "reviewer", "label": department})
    meeting.tokens[department] = made["token"]
    return department


def test_vetting_blocks_the_ballot_until_the_last_department_signs(
        server: str, browser: Any, tmp_path: Path) -> None:
    meeting = party_meeting(server)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    # one person entered on the page, three through the API
    page.click("#people-card summary")
    page.fill("#person-name", "刘四")
    page.select_option("#person-gender", "M")
    page.fill("#person-birth", "1975-03-02")
    page.select_option("#person-education", "大专")
    page.select_option("#person-political", "中共党员")
    page.fill("#person-joined", "2001-07-01")
    page.click("#person-form button[type=submit]")
    page.wait_for_selector("#people-table tr[data-person='刘四']")
    for name in ("王一", "李二", "张三"):
        meeting.call("POST", "/people", json={"name": name, "gender": "F",
                                              "birth_date": "1980-01-01", "education": "高中/中专",
                                              "political_status": "中共党员",
                                              "party_joined_on": "2010-01-01"})
    people = {p["name"]: p["id"] for p in meeting.call("GET", "/people")}
    page.reload()
    # 刘四 stands, chosen from the person data (nothing retyped)
    page.select_option("#cand-person", label="刘四")
    page.click("#candidate-form button[type=submit]")
    page.wait_for_selector("#candidate-table td:text('刘四')")
    for name in ("王一", "李二", "张三"):
        meeting.call("POST", "/candidates", json={"person_id": people[name],
                                                  "posts": ["member"]})
    meeting.call("PUT", "/vetting", json={"reference_date": "2026-12-01", "items": ITEMS})
    reviewer_token(meeting, "公安")
    reviewer_token(meeting, "纪检监察")
    for name, pid in people.items():
        for department in ("公安", "纪检监察") if name != "刘四" else ("公安",):
            meeting.call("POST", "/vetting/reviews", department, json={
                "person_id": pid, "item": "n01", "status": "clear", "reviewer": "审核员",
                "reviewed_on": "2026-11-20"})
    page.reload()
    page.wait_for_selector("#vetting-verdict")
    assert "1名候选人尚未审核通过" in page.inner_text("#vetting-verdict")
    row = "#vetting-table tr[data-vetting='刘四']"
    assert page.inner_text(f"{row} [data-department='纪检监察']") == "纪检监察：待审核"
    assert page.inner_text(f"{row} [data-passed]") == "✗ 未通过"

    # the ballot is refused, and the organiser reads why
    page.locator("#round-panel button", has_text="建立第一轮").click()
    page.locator("#round-panel button", has_text="核对到会人数").click()
    page.wait_for_selector("#round-panel button:has-text('打印选票')")
    with page.expect_popup() as popup, page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/ballot.pdf")) as pdf:
        page.locator("#round-panel button", has_text="打印选票").click()
    assert pdf.value.status == 409
    page.wait_for_function(
        "document.querySelector('#toast').innerText.includes('刘四：待纪检监察审核（1项）')")
    popup.value.close()
    page.set_viewport_size({"width": 1024, "height": 768})
    page.locator("#vetting-card").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "organiser-1024.png"))

    # the 纪检监察 page, from the organiser's link, signs the last item
    page.click("#reviewer-buttons [data-reviewer='纪检监察']")
    link = page.get_attribute("#reviewer-links a[data-link-role='联审纪检监察']", "href")
    assert link and "/review?department=" in link
    reviewer = browser.new_page(viewport={"width": 1280, "height": 720}, bypass_csp=False)
    refused: list[str] = []
    reviewer.on("console", lambda m: refused.append(m.text)
                if "Content Security Policy" in m.text else None)
    reviewer.on("pageerror", lambda e: refused.append(str(e)))
    reviewer.goto(link)
    card = reviewer.locator("[data-candidate='刘四']")
    card.wait_for()
    assert "待审核" in card.inner_text()
    reviewer.fill("#reviewer-name", "纪委王")
    card.locator("button", has_text="无问题").click()
    reviewer.wait_for_selector("[data-candidate='刘四'] td[data-status='clear']")
    reviewer.screenshot(path=str(tmp_path / "reviewer-1280.png"), full_page=True)
    assert refused == []
    # a reviewer token cannot sign for another department
    answer = meeting.http.post(meeting.url("/vetting/reviews"), headers={
        "Authorization": f"Bearer {meeting.tokens['公安']}"}, json={
        "person_id": people["刘四"], "item": "n01", "department": "纪检监察",
        "status": "flagged", "reviewer": "x", "reviewed_on": "2026-11-20"})
    assert answer.status_code == 403

    page.wait_for_function(
        "document.querySelector('#vetting-verdict').innerText.includes('全部候选人审核通过')")
    with page.expect_popup() as popup, page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/ballot.pdf")) as pdf:
        page.locator("#round-panel button", has_text="打印选票").click()
    assert pdf.value.status == 200
    popup.value.wait_for_url(re.compile("^blob:"), wait_until="commit")
    popup.value.close()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.screenshot(path=str(tmp_path / "organiser-1280.png"))
    rows = meeting.call("GET", "/audit")
    signed = [e for e in rows if e["action"] == "vetting.review"]
    assert signed[-1]["actor"] == "reviewer:纪检监察" and signed[-1]["data"]["reviewer"] == "纪委王"
    # 联审表 as xlsx: fetched with the token in a header and saved under its name.
    with page.expect_download() as got:
        page.click("#vetting-xlsx")
    assert got.value.suggested_filename == f"vetting-{meeting.eid}.xlsx"
    got.value.save_as(tmp_path / "vetting.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "vetting.xlsx").active
    assert any("刘四" in str(c.value) for row in sheet.iter_rows() for c in row)
