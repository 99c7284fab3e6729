"""The server-rendered pages without a browser: what they say, in Chinese, and what they embed."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from uikit import make_meeting, open_round_for_counting

from ballots.strokes import sort_names


def sheet_of(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="sheet-data">(.*?)</script>', html,
                      re.S)
    assert found, "the clerk page embeds its sheet"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_home_lists_elections_with_their_pages(client: TestClient) -> None:
    meeting = make_meeting("", http=client, title="中共首页测试支部委员会换届选举")
    html = client.get("/").text
    assert '<html lang="zh-CN">' in html
    assert "中共首页测试支部委员会换届选举" in html and "尚未开始投票" in html
    for page in ("", "/clerk", "/scrutineer", "/board"):
        assert f'href="/e/{meeting.eid}{page}"' in html
    # nothing from outside the hall (the service's own address for QR links aside)
    html = re.sub(r'<meta name="jipiao-base" content="[^"]*">', "", html)
    assert "https://" not in html and "http://" not in html


def test_clerk_sheet_is_the_printed_ballot_in_stroke_order(client: TestClient) -> None:
    meeting = make_meeting("", http=client)
    waiting = client.get(f"/e/{meeting.eid}/clerk").text
    assert "现在没有正在计票的轮次" in waiting and "sheet-data" not in waiting
    open_round_for_counting(meeting, returned=5)
    sheet = sheet_of(client.get(f"/e/{meeting.eid}/clerk").text)
    assert [p["id"] for p in sheet["posts"]] == ["secretary", "member"]
    member = sheet["posts"][1]
    names = [c["name"] for c in member["candidates"]]
    order = sort_names([(n, None) for n in names]).order
    assert [names[i] for i in order] == names  # 姓氏笔画 (RULES.md §7), as printed
    numbers = [c["n"] for p in sheet["posts"] for c in p["candidates"]]
    assert numbers == list(range(1, len(numbers) + 1))  # keyboard numbers run across the sheet
    assert member["write_in_columns"] == 5 and member["seats"] == 5
    assert member["overvote_text"] == "委员所选人数多于应选5名，该职位的选票无效"
    assert sheet["rules"]["secretary_requires_member_mark"] is True  # direct mode, party
    assert "须同时选为委员" in sheet["texts"]["secretary_not_member"]
    assert sheet["ballots_returned"] == 5


def test_attendance_panel_needs_a_token_and_gives_the_quorum_verdict(client: TestClient) -> None:
    meeting = make_meeting("", http=client, present=33)
    url = f"/ui/e/{meeting.eid}/attendance"
    assert client.get(url).status_code == 401
    html = client.get(url, headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"}).text
    assert "实到 <b id=\"present-count\">33</b> 人" in html
    # RULES.md §2: 应到 42 needs more than 4/5 — 33 is not enough (34 is).
    assert 'data-gate="fail"' in html and "五分之四" in html


def test_public_page_before_and_after_publication(client: TestClient) -> None:
    meeting = make_meeting("", http=client)
    assert "尚未公布" in client.get(f"/p/{meeting.eid}").text
    rnd = open_round_for_counting(meeting, returned=1)
    r = f"/rounds/{rnd['id']}"
    meeting.call("POST", f"{r}/entries", role="teller", json={
        "entry_id": "p1", "marks": {"member": {meeting.ids["欧阳丽"]: "yes"}}})
    meeting.call("POST", f"{r}/count", role="scrutineer", json={})
    meeting.call("POST", f"{r}/sign-off", role="scrutineer", json={"names": "张三"})
    published = meeting.call("POST", f"{r}/publish", json={})
    html = client.get(f"/p/{meeting.eid}").text
    assert published["record_sha256"] in html and published["result_sha256"] in html
    assert f"/api/v1/public/elections/{meeting.eid}/rounds/{rnd['id']}/record.json" in html
    assert "欧阳丽" in html
    # Times read in the meeting's zone (JIPIAO_TIMEZONE, Asia/Shanghai by default), not UTC.
    moment = datetime.fromisoformat(published["published_at"].replace("Z", "+00:00"))
    shanghai = moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert f"公布时间：{shanghai}" in html and "(UTC)" not in html


def test_a_missing_page_says_so_in_chinese(client: TestClient) -> None:
    for path, words in (("/p/999999", "找不到这场选举"), ("/e/999999/board", "找不到这场选举"),
                        ("/p/abc", "网址有误"), ("/nowhere", "找不到所请求的内容")):
        page = client.get(path, headers={"Accept": "text/html,application/xhtml+xml"})
        assert page.status_code in (404, 422), path
        assert page.headers["content-type"].startswith("text/html"), path
        assert words in page.text and "返回首页" in page.text, path
    # Programs still get JSON with a stable code.
    api = client.get("/p/999999", headers={"Accept": "application/json"})
    assert api.json()["code"] == "election_not_found"


def test_static_files_and_qr(client: TestClient) -> None:
    js = client.get("/ui/static/htmx.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "Zero-Clause BSD" in js.text[:300]
    assert client.get("/ui/static/../routes.py").status_code == 404
    assert client.get("/ui/static/%2e%2e/routes.py").status_code == 404
    svg = client.get("/ui/qr.svg", params={"data": "http://192.168.1.10:8000/p/1"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and 'fill="#000"' in svg.text
    assert client.get("/ui/qr.svg", params={"data": ""}).status_code == 422
