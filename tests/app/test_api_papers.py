"""The organiser sets the 落款, contact and dates of the 公告 and 报告单; the public page
links the published PDFs, which carry them."""

from __future__ import annotations

import subprocess

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60)
    return "".join(done.stdout.decode().split())


def published_meeting(client: TestClient) -> tuple[Meeting, int]:
    m = Meeting.create(client, title="中共测试支部委员会换届选举")
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(10)
    rid = m.open_counting(m.first_round(), issued=10)["id"]
    for _ in range(10):
        m.enter(rid, {"member": dict.fromkeys(("c01", "c02", "c03"), "yes")})
    assert m.count(rid)["result"]["outcome"]["status"] == "complete"
    m.publish(rid)
    return m, rid


def test_details_are_printed_and_linked(client: TestClient) -> None:
    m, rid = published_meeting(client)
    assert ok(m.call("GET", "/papers/details"))["organisation"] is None
    details = {"organisation": "中共幸福街道工作委员会", "contact": "街道组织办，电话 0571-1234",
               "announced_on": "2026-11-20", "publicity_working_days": 5,
               "meeting_date": "2026-11-18"}
    assert ok(m.call("PUT", "/papers/details", "scrutineer", json=details), 403)
    saved = ok(m.call("PUT", "/papers/details", json=details))
    assert saved == details
    assert ok(m.call("GET", "/papers/details", "teller")) == details
    log = ok(m.call("GET", "/audit"))
    assert log[-1]["action"] == "papers.details"

    page = client.get(f"/p/{m.eid}").text
    base = f"/api/v1/public/elections/{m.eid}/rounds/{rid}"
    assert f'href="{base}/report.pdf"' in page and f'href="{base}/announcement.pdf"' in page
    notice = pdf_text(client.get(f"{base}/announcement.pdf").content)
    assert "联系方式：街道组织办，电话0571-1234" in notice
    assert "中共幸福街道工作委员会2026年11月20日" in notice
    report = pdf_text(client.get(f"{base}/report.pdf").content)
    assert "中共幸福街道工作委员会" in report and "2026年11月18日" in report
    organiser = pdf_text(m.call("GET", f"/rounds/{rid}/announcement.pdf").content)
    assert "联系方式：街道组织办，电话0571-1234" in organiser


def test_bad_details_are_refused(client: TestClient) -> None:
    m = Meeting.create(client)
    ok(m.call("PUT", "/papers/details", json={"publicity_working_days": 0}), 422)
    ok(m.call("PUT", "/papers/details", json={"announced_on": "not a date"}), 422)


def test_whole_election_report(client: TestClient) -> None:
    m, rid = published_meeting(client)
    ok(m.call("PUT", "/papers/details", json={"organisation": "幸福街道"}))
    pdf = m.call("GET", "/papers/report.pdf", "scrutineer")
    assert pdf.status_code == 200, pdf.text
    text = pdf_text(pdf.content)
    assert "幸福街道全部1轮：第1轮选举" in text
    assert "选举结果（按姓氏笔画为序）：委员：王一、" in text
    assert f"/api/v1/public/elections/{m.eid}/rounds/{rid}/record.json" in text
    empty = Meeting.create(client)
    assert ok(empty.call("GET", "/papers/report.pdf"), 409)["code"] == "not_counted"


def test_forms_from_the_stored_roll(client: TestClient) -> None:
    m = Meeting.create(client, title="中共测试支部委员会换届选举")
    for name in ("田野", "丁一"):
        m.candidate(name)
    ok(m.call("POST", "/voters", json={"voters": [
        {"name": "冯雪", "status": "full"}, {"name": "马力", "status": "probationary"},
        {"name": "丁一", "status": "full"}]}), 201)
    sheet = m.call("GET", "/papers/forms/sign-in.pdf", "teller")
    assert sheet.status_code == 200, sheet.text
    text = pdf_text(sheet.content)
    assert text.index("丁一") < text.index("马力") < text.index("冯雪")  # 姓氏笔画
    assert "2马力预备党员" in text and "应到人数：2人" in text
    notice = pdf_text(m.call("GET", "/papers/forms/candidate-notice.pdf").content)
    assert "委员候选人（应选3名，候选人2名）：丁一田野" in notice
    register = m.call("GET", "/papers/forms/ballot-register.pdf",
                      params=[("box", "主会场票箱"), ("box", "流动票箱（一）")])
    assert "票箱：流动票箱（一）" in pdf_text(register.content)
    assert m.call("GET", "/papers/forms/nonsense.pdf").status_code == 422
