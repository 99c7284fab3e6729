"""两推 in a real browser (CAMPAIGN.md §1), from an empty election: 群众推荐 entered ballot by
ballot, 党员推荐 as hand-counted totals, the 党委's list, the ranked table, the organiser's
decision; the 初步人选 are then the names on the printed ballot."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from uikit import TABLET_LANDSCAPE, Meeting, ok

pytestmark = pytest.mark.browser

REPRESENTATIVES = [("王建国", "王建国 李秀英 张伟"), ("王建国", "李秀英、张伟、刘芳"),
                   ("李秀英", "王建国 李秀英 陈静"), ("王建国", "王建国 张伟 刘芳")]


def empty_party(base: str) -> Meeting:
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "中共幸福村支部委员会换届选举", "body": "party_branch",
        "rules": {"secretary_mode": "direct"},
        "posts": [{"id": "secretary", "name": "书记", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 3}]}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    voters = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}", "status": "full"} for i in range(10)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]})
    return meeting


def test_a_recommendation_from_an_empty_election_to_the_ballot(
        server: str, browser: Any, tmp_path: Path) -> None:
    meeting = empty_party(server)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("organiser", "organiser"))
    page.click("#nominate-link")
    page.wait_for_selector("#result-summary .notice")
    assert "尚未录入应到、实到人数" in page.inner_text("#result-summary")
    limit = page.inner_text("label[for='representatives-names-member']")
    assert limit == "委员（应选3名，最多4人）"

    # 群众推荐: attendance, then the ballots as they are read out (Enter sends one)
    card = "#meeting-representatives"
    page.fill("#representatives-expected", "6")
    page.fill("#representatives-present", "5")
    page.click(f"{card} .attendance-form button[type=submit]")
    page.wait_for_selector(f"{card} .meeting-status:has-text('应到6人，实到5人')")
    for i, (secretary, members) in enumerate(REPRESENTATIVES, start=1):
        page.fill("#representatives-names-secretary", secretary)
        page.fill("#representatives-names-member", members)
        page.press("#representatives-names-member", "Enter")
        page.wait_for_selector(f"{card} .entry-answer:has-text('第{i}张：有效票')")
    # a ballot naming two for the one 书记 place: that section is invalid (and stored)
    page.fill("#representatives-names-secretary", "王建国 李秀英")
    page.press("#representatives-names-secretary", "Enter")  # to the 委员 line
    page.press("#representatives-names-member", "Enter")
    page.wait_for_selector(f"{card} .entry-answer:has-text('书记栏推荐2人，多于最多1人，该栏无效')")
    page.wait_for_selector(f"{card} .meeting-status:has-text('逐张录入，收回5张')")
    # a ballot typed wrong is undone with a reason, then entered again
    page.fill("#representatives-names-member", "陈静 王建图")
    page.press("#representatives-names-member", "Enter")
    page.wait_for_selector(f"{card} .entry-answer:has-text('第6张：有效票')")
    page.click(f"{card} .entries-details summary")
    page.fill("#representatives-undo-reason", "录错姓名")
    page.locator(f"{card} .entries-table tr", has_text="王建图").locator("button").click()
    page.wait_for_selector(f"{card} .entries-table tr.undone:has-text('已撤销：录错姓名')")
    page.wait_for_selector(f"{card} .meeting-status:has-text('逐张录入，收回5张')")

    # 党员推荐, counted by hand on the spot
    card = "#meeting-members"
    page.click(f"{card} .totals-details summary")
    page.fill("#members-expected", "6")
    page.fill("#members-present", "5")
    page.fill("#members-returned", "5")
    page.fill("#members-votes-secretary", "王建国 4\n李秀英 1")
    page.fill("#members-invalid-member", "1")
    page.fill("#members-votes-member", "王建国 4\n李秀英 4\n张伟 3\n刘芳 2")
    page.click(f"{card} .totals-form button[type=submit]")
    page.wait_for_selector(f"{card} .meeting-status:has-text('手工汇总，收回5张')")

    # 王建国 is on file: the table says so, and his candidate will be linked
    meeting.call("POST", "/people", json={"name": "王建国", "gender": "M",
                                          "political_status": "中共党员"})

    # the plan weighs 党员推荐 more (30 % / 70 %)
    page.click("#rules-card summary")
    page.fill("#weight-representatives", "3")
    page.fill("#weight-members", "7")
    page.click("#rules-form button[type=submit]")
    page.wait_for_selector("#result-summary:has-text('至少26票')")  # 2·score > 3·5 + 7·5

    # the 党委's list, beside the ranked table
    page.fill("#committee-secretary", "王建国")
    page.click("#committee-form button[type=submit]")
    wang = ".result-post[data-post='secretary'] tr[data-name='王建国']"
    page.wait_for_selector(f"{wang} td:nth-child(7):has-text('✓')")
    assert page.inner_text(f"{wang} td:nth-child(2)") == "王建国（人员信息）"
    members = page.locator(".result-post[data-post='member'] tbody tr")
    assert [members.nth(i).get_attribute("data-name") for i in range(4)] == [
        "王建国", "李秀英", "张伟", "刘芳"]
    liu = ".result-post[data-post='member'] tr[data-name='刘芳']"
    assert page.inner_text(f"{liu} td:nth-child(5)") == "20"  # 3·2 + 7·2
    assert page.inner_text(f"{liu} td:nth-child(8)") == "未过半数"
    assert "还差1名" in page.inner_text(".result-post[data-post='secretary'] h3")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.locator("#result-card").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "nominate-1024.png"))

    # the organiser widens both lists and decides; the candidate list follows
    page.check(".result-post[data-post='secretary'] tr[data-name='李秀英'] input")
    page.check(f"{liu} input")
    page.fill("#decided-by", "镇党委 赵书记")
    page.press("#decided-by", "Enter")
    page.wait_for_selector("#decision:has-text('镇党委 赵书记')")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.screenshot(path=str(tmp_path / "nominate-1280.png"), full_page=True)
    listed = meeting.call("GET", "/candidates")
    assert [c["person_id"] is not None for c in listed["candidates"]] == [
        True, False, False, False]
    assert {c["name"]: c["posts"] for c in listed["candidates"]} == {
        "王建国": ["secretary", "member"], "李秀英": ["secretary", "member"],
        "张伟": ["member"], "刘芳": ["member"]}
    assert all(c["ok"] for c in listed["checks"])

    # the ballot prints the 初步人选, nobody retyped
    rnd = meeting.call("POST", "/rounds", json={})
    meeting.call("POST", f"/rounds/{rnd['id']}/quorum")
    pdf = meeting.http.get(meeting.url(f"/rounds/{rnd['id']}/ballot.pdf"), headers={
        "Authorization": f"Bearer {meeting.tokens['organiser']}"})
    assert pdf.status_code == 200, pdf.text
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    flat = "".join(text.split())
    for name in ("王建国", "李秀英", "张伟", "刘芳"):
        assert name in flat
    assert "陈静" not in flat


def test_a_direct_nomination_with_joint_forms(server: str, browser: Any, tmp_path: Path) -> None:
    """海推 of a 居委会: ballots, a 联名 form accepted and one refused for a signer not on the
    roll (nothing stored); the form's nominee and the most-named are more than the places,
    so a 预选 among them decides the candidates."""
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{server}/api/v1/elections", json={
        "title": "幸福社区居民委员会换届选举", "body": "residents_committee",
        "posts": [{"id": "member", "name": "委员", "seats": 2}]}), 201)
    meeting = Meeting(server, int(created["id"]), created["tokens"], {}, http)
    meeting.call("POST", "/voters", json={
        "voters": [{"name": f"居民{i:02d}", "status": "registered"} for i in range(12)]})
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(meeting.page("nominate", "organiser"))
    page.wait_for_selector("#result-summary .notice")
    for i, names in enumerate(("甲一 乙二", "甲一 丙三", "乙二 丙三", "丁四"), start=1):
        page.fill("#direct-names-member", names)
        page.press("#direct-names-member", "Enter")
        page.wait_for_selector(f"#meeting-direct .entry-answer:has-text('第{i}张：有效票')")
    page.fill("#form-person", "戊五")
    page.fill("#form-signers", "\n".join(f"居民{i:02d}" for i in range(10)))
    page.click("#form-form button[type=submit]")
    page.wait_for_selector("#forms-table td:has-text('选民联名10人（须10人以上），受理')")
    page.fill("#form-person", "己六")
    page.fill("#form-signers", "\n".join([*(f"居民{i:02d}" for i in range(9)), "路人甲"]))
    page.click("#form-form button[type=submit]")
    page.wait_for_selector("#error:has-text('联名人“路人甲”不在登记名册')")
    assert page.locator("#forms-table tbody tr").count() == 1
    assert len(meeting.call("GET", "/nomination")["forms"]) == 1
    page.wait_for_selector(".result-post[data-post='member'] tr[data-name='丙三']")
    # 戊五, nominated by the accepted form, makes 4 nominees for 3 places: a 预选 first
    form = ".preselection-form[data-post='member']"
    page.wait_for_selector(form)
    assert "另有联名或自荐提名的戊五" in page.inner_text(".result-post[data-post='member'] h3")
    page.fill(f"{form} .pre-returned", "12")
    for name, votes in (("甲一", "8"), ("乙二", "7"), ("丙三", "6"), ("戊五", "3")):
        page.fill(f"{form} .pre-votes[data-name='{name}']", votes)
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(".preselection-held h4:has-text('委员第1次预选')")
    page.fill("#decided-by", "街道党工委")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("#decision:has-text('已确定候选人（街道党工委')")
    page.screenshot(path=str(tmp_path / "direct-1280.png"), full_page=True)
    names = sorted(c["name"] for c in meeting.call("GET", "/candidates")["candidates"])
    assert names == ["丙三", "乙二", "甲一"]


def test_a_tie_in_the_direct_nomination_goes_to_a_preselection(
        server: str, browser: Any, tmp_path: Path) -> None:
    """海推 of a 村委会 with a tie at the cut: the 预选 form lists the tied and those above,
    its result (entered once, however often Enter is pressed) decides the candidates."""
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{server}/api/v1/elections", json={
        "title": "幸福村村民委员会换届选举", "body": "villagers_committee",
        "posts": [{"id": "chair", "name": "主任", "seats": 1}]}), 201)
    meeting = Meeting(server, int(created["id"]), created["tokens"], {}, http)
    page = browser.new_page(viewport=TABLET_LANDSCAPE)
    page.goto(meeting.page("nominate", "organiser"))
    page.wait_for_selector("#result-summary .notice")
    for i, name in enumerate(("甲一", "甲一", "乙二", "丙三", "丁四"), start=1):
        page.fill("#direct-names-chair", name)
        page.press("#direct-names-chair", "Enter")
        page.wait_for_selector(f"#meeting-direct .entry-answer:has-text('第{i}张：有效票')")
    form = ".preselection-form[data-post='chair']"
    page.wait_for_selector(form)
    assert "在甲一、" in page.inner_text(form) and "中选2名" in page.inner_text(form)
    page.locator(".result-post[data-post='chair']").screenshot(
        path=str(tmp_path / "preselection-form.png"))
    page.fill(f"{form} .pre-returned", "30")
    page.fill(f"{form} .pre-invalid", "1")
    for name, votes in (("甲一", "9"), ("乙二", "17"), ("丙三", "3"), ("丁四", "1")):
        page.fill(f"{form} .pre-votes[data-name='{name}']", votes)
    page.focus(f"{form} .pre-votes[data-name='丁四']")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # (while the first is on its way)
    page.wait_for_selector(
        ".preselection-held h4:has-text('主任第1次预选：收回30张，有效29张，取2名')")
    assert page.locator(form).count() == 0
    assert len(meeting.call("GET", "/nomination")["preselections"]) == 1
    held = page.inner_text(".preselection-held tbody")
    assert held.index("乙二") < held.index("甲一") < held.index("丙三")
    page.fill("#decided-by", "镇党委")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("#decision:has-text('已确定候选人（镇党委')")
    page.screenshot(path=str(tmp_path / "preselection-1024.png"), full_page=True)
    names = sorted(c["name"] for c in meeting.call("GET", "/candidates")["candidates"])
    assert names == ["乙二", "甲一"]
