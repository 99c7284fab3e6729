"""资格联审 (CAMPAIGN.md §3): conditions as data, findings and exceptions, the departments'
sign-offs, 近亲属回避, tellers; a candidate not 审核通过 stays off the ballot."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from openpyxl import load_workbook
from sqlalchemy import insert, update
from test_api_audit import tamper, verify
from test_api_people import person

from app.settings import Settings
from app.vetting.models import Exemption, Review

ONE_ITEM = [{"id": "n01", "text": "受过刑事处罚的", "departments": ["公安", "纪检监察"]}]
RULES = {"reference_date": "2026-12-01", "max_age": 55, "min_education": "初中",
         "items": ONE_ITEM}


def vetted(m: Meeting, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    return dict(ok(m.call("PUT", "/vetting", json={**RULES, **(rules or {})})))


def row(found: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in found["candidates"] if c["name"] == name)


def stand(m: Meeting, p: dict[str, Any], posts: list[str] | None = None) -> str:
    made = ok(m.call("POST", "/candidates", json={"person_id": p["id"],
                                                  "posts": posts or ["member"]}), 201)
    return str(made["id"])


def sign(m: Meeting, p: dict[str, Any], department: str, status: str = "clear",
         role: str = "organiser", item: str = "n01", expect: int = 200) -> Any:
    return ok(m.call("POST", "/vetting/reviews", role, json={
        "person_id": p["id"], "item": item, "department": department, "status": status,
        "reviewer": "审核员", "reviewed_on": "2026-11-20", "note": None}), expect)


def reviewer(m: Meeting, department: str) -> str:
    made = ok(m.call("POST", "/tokens", json={"role": "reviewer", "label": department}), 201)
    m.tokens[f"reviewer:{department}"] = made["token"]
    return f"reviewer:{department}"


def test_a_failing_condition_is_a_finding_until_an_exception(client: TestClient) -> None:
    m = Meeting.create(client)
    old = person(m, "王老", birth_date="1960-03-01", education="小学")
    stand(m, old)
    found = vetted(m)
    r = row(found, "王老")
    assert [f["code"] for f in r["findings"]] == ["max_age", "min_education"]
    assert "年满66周岁，超过55周岁" in r["findings"][0]["text"]
    assert "低于初中" in r["findings"][1]["text"]
    assert not r["passed"] and "待公安审核（1项）" in r["reasons"]
    # the exception needs the organiser and a reason, and is recorded with it
    body = {"person_id": old["id"], "condition": "max_age", "reason": "群众公认，乡镇党委研究同意"}
    assert m.call("POST", "/vetting/exceptions", "scrutineer", json=body).status_code == 403
    assert ok(m.call("POST", "/vetting/exceptions", json={**body, "reason": ""}), 422)
    found = ok(m.call("POST", "/vetting/exceptions", json=body))
    assert row(found, "王老")["findings"][0]["exception"] == "群众公认，乡镇党委研究同意"
    answer = m.call("POST", "/vetting/exceptions", json={**body, "condition": "party_years"})
    assert answer.json()["code"] == "no_such_finding"
    # age counts completed years on the reference date: 55 on the day is not over 55
    young = person(m, "刘青", birth_date="1971-12-01")
    stand(m, young)
    assert row(ok(m.call("GET", "/vetting")), "刘青")["findings"] == []
    older = person(m, "刘长", birth_date="1970-11-30")
    stand(m, older)
    assert [f["code"] for f in row(ok(m.call("GET", "/vetting")), "刘长")["findings"]] == [
        "max_age"]


def test_party_membership_and_party_years(client: TestClient) -> None:
    m = Meeting.create(client)  # a party election: membership is required by default
    found = vetted(m, {"min_party_years": 3})
    assert found["rules"]["party_member"] is True
    new = person(m, "赵新", party_joined_on="2025-01-01")
    stand(m, new)
    codes = [f["code"] for f in row(ok(m.call("GET", "/vetting")), "赵新")["findings"]]
    assert codes == ["party_years"]
    village = Meeting.create(client, body="villagers_committee",
                             posts=[{"id": "member", "name": "委员", "seats": 3}])
    masses = person(village, "钱众", political_status="群众", party_joined_on=None)
    stand(village, masses)
    assert vetted(village)["rules"]["party_member"] is False
    found = vetted(village, {"party_member": True})
    assert "不是中共正式党员" in row(found, "钱众")["findings"][0]["text"]


def test_bad_conditions_are_refused(client: TestClient) -> None:
    m = Meeting.create(client)
    for body, code in (({"min_education": "中学"}, "unknown_education"),
                       ({"items": ONE_ITEM * 2}, "duplicate_item"),
                       ({"tellers": [{"person_id": 999999, "duty": "counter"}]},
                        "unknown_person")):
        answer = m.call("PUT", "/vetting", json={**RULES, **body})
        assert (answer.status_code, answer.json()["code"]) == (422, code), answer.text
    assert ok(m.call("GET", "/vetting"))["enabled"] is False  # nothing stored


def test_every_department_signs_every_item(client: TestClient) -> None:
    m = Meeting.create(client)
    vetted(m, {"items": [*ONE_ITEM,
                         {"id": "n02", "text": "失信被执行人", "departments": ["综治"]}]})
    p = person(m, "孙立")
    stand(m, p)
    sign(m, p, "公安")
    sign(m, p, "纪检监察")
    found = ok(m.call("GET", "/vetting"))
    assert row(found, "孙立")["reasons"] == ["待综治审核（1项）"]
    found = sign(m, p, "综治", "flagged", item="n02")
    assert row(found, "孙立")["reasons"] == ["综治审核“失信被执行人”：有问题"]
    found = sign(m, p, "综治", item="n02")  # a department may correct its own sign-off
    r = row(found, "孙立")
    assert r["passed"] and found["passed"]
    assert {(s["department"], s["reviewer"], s["reviewed_on"]) for s in r["sign_offs"]} == {
        ("公安", "审核员", "2026-11-20"), ("纪检监察", "审核员", "2026-11-20"),
        ("综治", "审核员", "2026-11-20")}
    # an item its department does not check, an unknown item, someone who is no candidate
    assert sign(m, p, "综治", expect=422)["code"] == "wrong_department"
    assert sign(m, p, "公安", item="n99", expect=422)["code"] == "unknown_item"
    other = person(m, "周末")
    assert sign(m, other, "公安", expect=422)["code"] == "not_a_candidate"
    # a person with a 联审 record stays, even once no longer a candidate
    ok(m.call("DELETE", "/candidates/c01"), 204)
    assert ok(m.call("DELETE", f"/people/{p['id']}"), 409)["code"] == "person_in_use"
    ok(m.call("DELETE", f"/people/{other['id']}"), 204)


def test_a_reviewer_signs_only_for_its_department(client: TestClient) -> None:
    m = Meeting.create(client)
    vetted(m)
    p = person(m, "吴风")
    stand(m, p)
    answer = m.call("POST", "/tokens", json={"role": "reviewer", "label": "税务"})
    assert (answer.status_code, answer.json()["code"]) == (422, "unknown_department")
    police = reviewer(m, "公安")
    assert sign(m, p, "纪检监察", role=police, expect=403)["code"] == "wrong_department"
    found = sign(m, p, "公安", role=police)
    assert row(found, "吴风")["reasons"] == ["待纪检监察审核（1项）"]
    # the department comes from the token when it is left out
    ok(m.call("POST", "/vetting/reviews", police, json={
        "person_id": p["id"], "item": "n01", "status": "clear", "reviewer": "民警甲",
        "reviewed_on": "2026-11-21"}))
    # a reviewer reads people and the table but changes nothing else
    assert ok(m.call("GET", "/people", police))[0]["name"] == "吴风"
    assert m.call("PUT", "/vetting", police, json=RULES).status_code == 403
    assert m.call("POST", "/people", police, json={"name": "郑七"}).status_code == 403
    assert m.call("POST", "/candidates", police,
                  json={"name": "郑七", "posts": ["member"]}).status_code == 403


def test_relatives_on_the_same_committee_are_flagged(client: TestClient) -> None:
    m = Meeting.create(client)
    a, b = person(m, "陈父"), person(m, "陈子")
    ok(m.call("POST", "/relations", json={"person_id": a["id"], "relative_id": b["id"],
                                          "kind": "lineal"}), 201)
    stand(m, a)
    vetted(m)
    assert row(ok(m.call("GET", "/vetting")), "陈父")["findings"] == []
    stand(m, b)
    found = ok(m.call("GET", "/vetting"))
    for name, other in (("陈父", "陈子"), ("陈子", "陈父")):
        f = row(found, name)["findings"]
        assert f[0]["code"] == "relative_same_committee"
        assert f"{other}（直系血亲）" in f[0]["text"] and f[0]["exemptable"]
    # sitting on the committee counts as standing for it
    c = person(m, "陈妻", posts=[{"body": "party_branch", "post": "委员"}])
    d = person(m, "林丈夫")
    ok(m.call("POST", "/relations", json={"person_id": c["id"], "relative_id": d["id"],
                                          "kind": "spouse"}), 201)
    stand(m, d)
    assert row(ok(m.call("GET", "/vetting")), "林丈夫")["findings"][0]["code"] == (
        "relative_same_committee")


def test_relatives_of_the_village_committee_cannot_stand_for_supervision(
        client: TestClient) -> None:
    village = Meeting.create(client, body="villagers_committee", title="幸福村村委会换届选举",
                             posts=[{"id": "member", "name": "委员", "seats": 3}])
    unit = village.election["unit_id"]
    created = ok(client.post("/api/v1/elections", json={
        "title": "幸福村监委会换届选举", "body": "supervisory_committee", "unit_id": unit,
        "posts": [{"id": "member", "name": "委员", "seats": 3}]}), 201)
    sup = Meeting(client, created, created.pop("tokens"))
    chair = person(village, "黄主任", political_status="群众", party_joined_on=None)
    brother = person(village, "黄弟", political_status="群众", party_joined_on=None)
    ok(village.call("POST", "/relations", json={"person_id": chair["id"],
                                                "relative_id": brother["id"],
                                                "kind": "collateral"}), 201)
    stand(village, chair)  # standing for the 村委会 in the unit's other election
    stand(sup, brother)
    stand(sup, chair)
    found = vetted(sup)
    f = {x["code"]: x for x in row(found, "黄弟")["findings"]}
    assert set(f) == {"relative_same_committee", "relative_on_village_committee"}
    assert not f["relative_on_village_committee"]["exemptable"]
    assert "黄主任（三代以内旁系血亲）" in f["relative_on_village_committee"]["text"]
    assert [x["code"] for x in row(found, "黄主任")["findings"]] == [
        "village_committee_member", "relative_same_committee"]
    answer = sup.call("POST", "/vetting/exceptions", json={
        "person_id": brother["id"], "condition": "relative_on_village_committee",
        "reason": "村民同意"})
    assert (answer.status_code, answer.json()["code"]) == (422, "not_exemptable")


def test_tellers_are_neither_candidates_nor_their_relatives(client: TestClient) -> None:
    m = Meeting.create(client)
    cand, wife, clerk = person(m, "杨候"), person(m, "杨妻"), person(m, "马计")
    ok(m.call("POST", "/relations", json={"person_id": cand["id"], "relative_id": wife["id"],
                                          "kind": "spouse"}), 201)
    stand(m, cand)
    found = vetted(m, {"tellers": [{"person_id": wife["id"], "duty": "scrutineer"},
                                   {"person_id": cand["id"], "duty": "caller"},
                                   {"person_id": clerk["id"], "duty": "counter"}]})
    assert found["teller_findings"] == ["杨妻是候选人杨候的近亲属（配偶），不能担任监票人",
                                        "杨候是候选人，不能担任唱票人"]
    assert not found["passed"]


def passed_meeting(client: TestClient) -> tuple[Meeting, list[dict[str, Any]]]:
    m = Meeting.create(client, title="中共测试支部委员会换届选举")
    people = [person(m, n) for n in ("王一", "李二", "张三", "刘四")]
    for p in people:
        stand(m, p)
    vetted(m)
    for p in people[:3]:
        sign(m, p, "公安")
        sign(m, p, "纪检监察")
    sign(m, people[3], "公安")
    m.roll(10)
    return m, people


def test_no_ballot_until_every_candidate_passes(client: TestClient) -> None:
    m, people = passed_meeting(client)
    rid = m.first_round()["id"]
    ok(m.call("POST", f"/rounds/{rid}/quorum"))
    pdf = m.call("GET", f"/rounds/{rid}/ballot.pdf")
    assert (pdf.status_code, pdf.json()["code"]) == (409, "vetting_not_passed")
    assert pdf.json()["detail"]["candidates"] == [
        {"id": "c04", "name": "刘四", "reasons": ["待纪检监察审核（1项）"]}]
    assert "刘四：待纪检监察审核（1项）" in pdf.json()["message"]
    issue = m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 10})
    assert (issue.status_code, issue.json()["code"]) == (409, "vetting_not_passed")
    assert ok(m.call("GET", f"/rounds/{rid}"))["state"] == "quorum_checked"
    sign(m, people[3], "纪检监察")
    assert m.call("GET", f"/rounds/{rid}/ballot.pdf").status_code == 200
    ok(m.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": 10}))


def test_reviews_are_in_the_audit_log(client: TestClient) -> None:
    m, _people = passed_meeting(client)
    actions = [e["action"] for e in ok(m.call("GET", "/audit"))]
    assert actions.count("vetting.review") == 7 and "vetting.rules" in actions
    assert "person.add" in actions


def test_the_table_prints_and_exports(client: TestClient) -> None:
    m, _people = passed_meeting(client)
    pdf = m.call("GET", "/vetting/table.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.content,
                                  capture_output=True, check=True).stdout.decode().split())
    assert "候选人资格联审表" in text
    # 姓氏笔画: 王 (4) 刘 (6) 李 (7) 张 (7)
    assert text.index("王一") < text.index("刘四") < text.index("李二") < text.index("张三")
    sheet = m.call("GET", "/vetting/table.xlsx")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    rows = list(book["联审表"].iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "姓名", "性别", "出生年月", "年龄")
    assert rows[1][:5] == (1, "王一", "男", "1980年5月", 46)
    assert rows[2][-1] == "未通过" and rows[2][1] == "刘四"
    assert isinstance(rows[1][7], int)  # 党龄 as a number
    assert len(list(book["审核明细"].iter_rows())) == 1 + 4 * 2
    other = Meeting.create(client)
    assert ok(other.call("GET", "/vetting/table.pdf"), 409)["code"] == "vetting_not_set"


def test_audit_verify_replays_the_vetting(client: TestClient, settings: Settings,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    m, people = passed_meeting(client)
    assert verify(settings, m.eid) == 0
    capsys.readouterr()
    tamper(client, update(Review).where(Review.election_id == m.eid,
                                        Review.department == "公安").values(status="flagged"))
    assert verify(settings, m.eid) == 1
    assert "公安审核意见与日志不符" in capsys.readouterr().out
    m2, _ = passed_meeting(client)
    tamper(client, insert(Exemption).values(election_id=m2.eid, person_id=people[0]["id"],
                                            condition="max_age", reason="后补",
                                            granted_by="organiser:x"))
    assert verify(settings, m2.eid) == 1
    assert "例外决定与日志不符" in capsys.readouterr().out
