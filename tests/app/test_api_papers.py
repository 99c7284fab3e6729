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


def roll_file(rows: list[tuple[str, str, str]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份", "备注"])
    for r in rows:
        sheet.append(list(r))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_roll_import_preview_confirm_and_export(client: TestClient) -> None:
    import io

    from openpyxl import load_workbook

    m = Meeting.create(client)
    surnames = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑谢韩唐"
    names = [s + a + b for s in surnames for a in "建晓志国华明" for b in "建晓志国华明"
             if a != b][:200]
    rows = [(n, "预备党员" if i % 9 == 0 else "正式党员", "") for i, n in enumerate(names)]
    bad = list(rows)
    bad[4] = ("", "正式党员", "")
    bad[70] = (names[70], "积极分子", "")
    bad[150] = ("王𠀀", "正式党员", "")
    upload = {"file": ("roll.xlsx", roll_file(bad), XLSX_TYPE)}
    shown = ok(m.call("POST", "/papers/roll/preview", files=upload))
    assert not shown["ok"] and [e["row"] for e in shown["errors"]] == [6, 72, 152]
    assert len(shown["rows"]) == 197
    # nothing is stored by a preview, nor by a confirmation of a bad file
    assert ok(m.call("GET", "/voters")) == []
    refused = ok(m.call("POST", "/papers/roll/import", files=upload), 422)
    assert refused["code"] == "roll_rows_invalid"
    assert ok(m.call("GET", "/voters")) == []
    assert ok(m.call("POST", "/papers/roll/import", "scrutineer", files=upload), 403)
    broken = {"file": ("roll.xlsx", b"not a spreadsheet", XLSX_TYPE)}
    assert ok(m.call("POST", "/papers/roll/preview", files=broken), 422)["code"] == "bad_file"

    good = {"file": ("roll.xlsx", roll_file(rows), XLSX_TYPE)}
    assert ok(m.call("POST", "/papers/roll/preview", files=good))["ok"]
    assert ok(m.call("POST", "/papers/roll/import", files=good), 201) == {"added": 200}
    voters = ok(m.call("GET", "/voters"))
    ok(m.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters[:50]]}))

    exported = m.call("GET", "/papers/roll.xlsx", "teller")
    assert exported.status_code == 200 and exported.headers["content-type"] == XLSX_TYPE
    # export → import → the same roll
    again = ok(m.call("POST", "/papers/roll/preview",
                      files={"file": ("export.xlsx", exported.content, XLSX_TYPE)}))
    assert again["ok"]
    assert [(r["name"], r["status"], r["note"]) for r in again["rows"]] == [
        (v["name"], v["status"], v["note"]) for v in voters]
    book = load_workbook(io.BytesIO(exported.content))
    totals = {r[0]: r[1] for r in book["出席"].iter_rows(min_row=2, values_only=True)}
    assert totals["已签到"] == 50 and totals["名册人数"] == 200


def test_results_xlsx_equals_the_published_result(client: TestClient) -> None:
    import io
    import json

    from openpyxl import load_workbook

    m, rid = published_meeting(client)
    result = json.loads(client.get(
        f"/api/v1/public/elections/{m.eid}/rounds/{rid}/result.json").content)
    got = m.call("GET", "/papers/results.xlsx")
    assert got.status_code == 200, got.text
    book = load_workbook(io.BytesIO(got.content))
    rows = [r for r in book["第1轮（r1）"].iter_rows(min_row=2, values_only=True)
            if r and r[0] == "委员" and isinstance(r[1], str)]
    tally = result["rounds"][0]["posts"]["member"]["tally"]
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (t["name"], t["yes"], t["no"], t["abstain"]) for t in tally]
    assert ok(Meeting.create(client).call("GET", "/papers/results.xlsx"), 409)
