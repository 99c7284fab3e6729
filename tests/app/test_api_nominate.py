"""Nomination through HTTP (CAMPAIGN.md §1): the 两推 meetings per ballot and as totals, the
党委's list, the ranked table, the organiser's decision becoming the candidate list; the
海推; every bad input refused with its code and nothing stored; the audit replays it."""

from __future__ import annotations

import io
import itertools
import subprocess
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from openpyxl import load_workbook
from sqlalchemy import update
from test_api_audit import tamper, verify
from test_api_people import person

from app.nomination.models import Nomination, NominationEntry
from app.settings import Settings

_ids = itertools.count(1)
PARTY_POSTS = [{"id": "secretary", "name": "书记", "seats": 1},
               {"id": "member", "name": "委员", "seats": 3}]


def party(client: TestClient) -> Meeting:
    return Meeting.create(client, rules={"secretary_mode": "direct"}, posts=PARTY_POSTS,
                          title="中共幸福村支部委员会换届")


def ballot(m: Meeting, kind: str, names: dict[str, list[str]] | None = None, *,
           entry_id: str | None = None, expect: int = 201, **extra: Any) -> Any:
    body = {"entry_id": entry_id or f"n{next(_ids)}", "names": names or {}, **extra}
    return ok(m.call("POST", f"/nomination/meetings/{kind}/entries", "teller", json=body),
              expect)


def attend(m: Meeting, kind: str, expected: int, present: int, expect: int = 200,
           **extra: Any) -> Any:
    return ok(m.call("PUT", f"/nomination/meetings/{kind}", "teller",
                     json={"expected": expected, "present": present, **extra}), expect)


def nomination(m: Meeting) -> dict[str, Any]:
    return dict(ok(m.call("GET", "/nomination")))


def refused(m: Meeting, method: str, path: str, body: dict[str, Any], status: int, code: str,
            role: str = "teller") -> str:
    before = nomination(m)
    answer = m.call(method, path, role, json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert nomination(m) == before  # nothing stored
    return str(answer.json()["message"])


def two_meetings(m: Meeting) -> None:
    """群众推荐 per ballot, 党员推荐 as hand-counted totals."""
    attend(m, "representatives", 5, 4)
    ballot(m, "representatives", {"secretary": ["王建国"], "member": ["王建国", "李秀英", "张伟"]})
    ballot(m, "representatives", {"secretary": ["王建国"], "member": ["李秀英", "张伟", "刘芳"]})
    ballot(m, "representatives", {"secretary": ["李秀英"], "member": ["王建国", "李秀英", "陈静"]})
    ballot(m, "representatives", {"secretary": ["王建国"], "member": ["王建国", "张伟", "刘芳"]})
    attend(m, "members", 6, 5, ballots_issued=5, ballots_returned=5, totals={
        "secretary": {"invalid": 0, "votes": {"王建国": 4, "李秀英": 1}},
        "member": {"invalid": 1, "votes": {"王建国": 4, "李秀英": 4, "张伟": 3, "刘芳": 2}}})


def test_a_recommendation_from_two_meetings_to_the_candidate_list(
        client: TestClient, settings: Settings) -> None:
    m = party(client)
    empty = nomination(m)
    assert empty["kinds"] == ["representatives", "members"] and empty["result"] is None
    assert "群众推荐（村/居民代表会议）尚未录入应到、实到人数" in empty["problems"]
    two_meetings(m)
    ok(m.call("PUT", "/nomination/committee-list", json={"posts": {"secretary": ["王建国"]}}))
    found = nomination(m)
    assert [(x["kind"], x["mode"], x["ballots_returned"]) for x in found["meetings"]] == [
        ("representatives", "ballots", 4), ("members", "totals", 5)]
    result = found["result"]
    assert result["outcome"]["status"] == "short"  # 书记: two wanted, only 王建国 passes
    member = result["posts"]["member"]
    assert [(r["id"], r["votes"], r["score"]) for r in member["ranking"][:3]] == [
        ("王建国", {"representatives": 3, "members": 4}, 7),
        ("李秀英", {"representatives": 3, "members": 4}, 7),
        ("张伟", {"representatives": 3, "members": 3}, 6)]
    assert sorted(member["nominees"]) == sorted(["王建国", "李秀英", "张伟"])
    assert result["posts"]["secretary"]["committee_list"] == ["王建国"]
    wang = person(m, "王建国")  # the one person on file is linked, the others stay names
    decided = ok(m.call("PUT", "/nomination/decision", json={
        "posts": {"secretary": ["王建国", "李秀英"],
                  "member": ["王建国", "李秀英", "张伟", "刘芳"]},
        "decided_by": "镇党委 赵书记"}))
    assert decided["decision"]["decided_by"] == "镇党委 赵书记"
    assert decided["decision"]["actor"] == "organiser:组织者"
    listed = ok(m.call("GET", "/candidates"))
    rows = {c["name"]: (c["posts"], c["person_id"]) for c in listed["candidates"]}
    assert rows == {"王建国": (["secretary", "member"], wang["id"]),
                    "李秀英": (["secretary", "member"], None),
                    "张伟": (["member"], None), "刘芳": (["member"], None)}
    assert all(c["ok"] for c in listed["checks"])  # RULES.md 差额: 2 for 1, 4 for 3
    log = [e["action"] for e in ok(m.call("GET", "/audit", "scrutineer"))]
    assert log.count("nomination.entry") == 4 and "nomination.decision" in log
    assert verify(settings, m.eid) == 0


def test_a_resent_ballot_answers_what_is_stored_another_body_is_refused(
        client: TestClient) -> None:
    m = party(client)
    first = ballot(m, "members", {"member": ["王建国"]}, entry_id="same")
    again = ballot(m, "members", {"member": ["王建国"]}, entry_id="same", expect=200)
    assert again == first
    message = refused(m, "POST", "/nomination/meetings/members/entries",
                      {"entry_id": "same", "names": {"member": ["李秀英"]}}, 409,
                      "entry_id_reused")
    assert "已用于另一张票" in message
    assert nomination(m)["meetings"][1]["ballots_returned"] == 1


def test_an_over_limit_section_is_stored_as_invalid(client: TestClient) -> None:
    """CAMPAIGN.md §1 — an over-limit section is invalid; the rest of the ballot counts."""
    m = party(client)
    answer = ballot(m, "representatives", {"secretary": ["王建国", "李秀英"],
                                           "member": ["王建国", "李秀英", "张伟", "刘芳"]})
    assert answer["sections"]["secretary"] == {
        "valid": False, "text": "书记栏推荐2人，多于最多1人，该栏无效"}
    assert answer["sections"]["member"]["valid"] is True  # 委员: seats + 1 = 4
    assert "该栏无效" in answer["message"]
    attend(m, "representatives", 3, 2)
    attend(m, "members", 3, 2, ballots_returned=0, totals={"secretary": {}, "member": {}})
    meeting = nomination(m)["result"]["meetings"][0]
    assert meeting["posts"]["secretary"] == {"limit": 1, "sections_valid": 0,
                                             "sections_invalid": 1}


@pytest.mark.parametrize(("body", "code"), [
    ({"names": {"chair": ["王建国"]}}, "unknown_post"),
    ({"names": {"member": ["王建国", "王建国"]}}, "duplicate_name"),
    ({"names": {"member": ["王建国"]}, "void": True}, "void_with_names"),
    ({"names": {"member": [""]}}, "validation_error"),
    ({"names": {"member": ["王\u0000国"]}}, "validation_error"),
    ({"names": {"member": ["王㐂"]}}, "unknown_character"),
])
def test_a_bad_ballot_is_refused_and_nothing_stored(client: TestClient, body: dict[str, Any],
                                                    code: str) -> None:
    m = party(client)
    refused(m, "POST", "/nomination/meetings/members/entries", {"entry_id": "x1", **body},
            422, code)


def test_bad_meetings_and_totals_are_refused(client: TestClient) -> None:
    m = party(client)
    path = "/nomination/meetings/members"
    refused(m, "PUT", path, {"expected": 5}, 422, "attendance_missing")
    assert "实到" in refused(m, "PUT", path, {"expected": 5, "present": 6}, 422,
                            "invalid_nomination")
    refused(m, "PUT", path, {"expected": 5, "present": 4, "ballots_returned": 4}, 422,
            "totals_incomplete")
    five = {"secretary": {}, "member": {"votes": {"王建国": 5}}}
    message = refused(m, "PUT", path, {"expected": 5, "present": 4, "ballots_returned": 4,
                                       "totals": five}, 422, "invalid_nomination")
    assert "多于有效票4张" in message
    refused(m, "PUT", path, {"expected": 5, "present": 4, "ballots_returned": 4,
                             "totals": {"chair": {"votes": {}}}}, 422, "invalid_nomination")
    refused(m, "PUT", "/nomination/meetings/direct", {}, 422, "unknown_meeting")
    refused(m, "PUT", "/nomination/meetings/other", {}, 422, "validation_error")
    ballot(m, "members", {"member": ["王建国"]})
    refused(m, "PUT", path, {"expected": 5, "present": 4, "ballots_returned": 1,
                             "totals": {"member": {"votes": {"王建国": 1}}}}, 409,
            "ballots_entered")


def test_an_invalid_meeting_decides_nothing(client: TestClient) -> None:
    m = party(client)
    attend(m, "representatives", 10, 5)  # not more than half: 会议无效
    attend(m, "members", 4, 4)
    assert nomination(m)["result"]["outcome"]["status"] == "not_valid"
    message = refused(m, "PUT", "/nomination/decision",
                      {"posts": {"member": ["王建国"]}, "decided_by": "赵"}, 409,
                      "meeting_not_valid", "organiser")
    assert "未超过应到人数的一半" in message


def test_the_decision_takes_only_the_recommended_and_the_committee_list(
        client: TestClient) -> None:
    m = party(client)
    two_meetings(m)
    body = {"posts": {"member": ["王建国", "路人甲"]}, "decided_by": "赵"}
    assert "既未被推荐，也不在党委名单中" in refused(
        m, "PUT", "/nomination/decision", body, 422, "not_recommended", "organiser")
    ok(m.call("PUT", "/nomination/committee-list", json={"posts": {"member": ["路人甲"]}}))
    body["posts"]["secretary"] = ["王建国", "王建国"]
    refused(m, "PUT", "/nomination/decision", body, 422, "duplicate_name", "organiser")
    assert ok(m.call("PUT", "/nomination/decision", "teller", json=body), 403)["code"] == \
        "wrong_role"
    refused(m, "PUT", "/nomination/committee-list", {"posts": {"chair": ["王"]}}, 422,
            "invalid_nomination", "organiser")


def test_a_party_candidate_on_file_must_be_a_full_member(client: TestClient) -> None:
    m = party(client)
    two_meetings(m)
    person(m, "张伟", political_status="中共预备党员")
    message = refused(m, "PUT", "/nomination/decision",
                      {"posts": {"member": ["张伟"]}, "decided_by": "赵"}, 422,
                      "ineligible_candidate", "organiser")
    assert "正式党员" in message
    assert ok(m.call("GET", "/candidates"))["candidates"] == []


def test_a_direct_nomination_gives_the_most_named(client: TestClient) -> None:
    """海推: up to `seats` names per post; 委员 seats + 1 candidates (RULES.md §3)."""
    m = Meeting.create(client, body="villagers_committee", posts=[
        {"id": "member", "name": "委员", "seats": 2}])
    over = ballot(m, "direct", {"member": ["甲一", "乙二", "丙三"]})
    assert over["sections"]["member"]["valid"] is False
    for names in (["甲一", "乙二"], ["甲一", "丙三"], ["乙二", "丙三"], ["丁四"]):
        ballot(m, "direct", {"member": names})
    found = nomination(m)
    post = found["result"]["posts"]["member"]
    assert post["sections_invalid"] == 1 and sorted(post["candidates"]) == ["丙三", "乙二", "甲一"]
    refused(m, "PUT", "/nomination/decision",
            {"posts": {"member": ["甲一", "丁四", "乙二"]}, "decided_by": "赵"}, 422,
            "not_the_most_named", "organiser")
    refused(m, "PUT", "/nomination/committee-list", {"posts": {}}, 422, "no_committee_list",
            "organiser")
    ok(m.call("PUT", "/nomination/decision",
              json={"posts": {"member": ["甲一", "乙二", "丙三"]}, "decided_by": "赵"}))
    names = sorted(c["name"] for c in ok(m.call("GET", "/candidates"))["candidates"])
    assert names == ["丙三", "乙二", "甲一"]


def test_a_tie_at_the_cut_asks_for_a_preselection(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee", posts=[
        {"id": "chair", "name": "主任", "seats": 1}])
    for name in ("甲一", "乙二", "丙三"):
        ballot(m, "direct", {"chair": [name]})
    assert nomination(m)["result"]["outcome"]["status"] == "preselection"
    refused(m, "PUT", "/nomination/decision",
            {"posts": {"chair": ["甲一", "乙二"]}, "decided_by": "赵"}, 409,
            "preselection_needed", "organiser")


def test_a_preselection_decides_the_tie_then_the_candidates_follow(
        client: TestClient, settings: Settings) -> None:
    """CAMPAIGN.md §1: a tie at the cut → a 预选 among the tied and those above, entered as
    counted by hand; a tie in it → another; then the most voted are the candidates."""
    m = Meeting.create(client, body="villagers_committee", posts=[
        {"id": "chair", "name": "主任", "seats": 1}])
    for name in ("甲一", "甲一", "乙二", "丙三", "丁四"):
        ballot(m, "direct", {"chair": [name]})
    pending = nomination(m)["result"]["posts"]["chair"]["preselection"]
    assert (pending["above"], sorted(pending["tied"])) == (["甲一"], ["丁四", "丙三", "乙二"])
    held = {"post": "chair", "ballots_returned": 30, "invalid": 1}
    refused(m, "POST", "/nomination/preselections",
            {**held, "votes": {"甲一": 9, "戊五": 3}}, 422, "not_in_preselection")
    refused(m, "POST", "/nomination/preselections",
            {**held, "votes": {"甲一": 29, "乙二": 29, "丙三": 29}}, 422, "invalid_nomination")
    refused(m, "POST", "/nomination/preselections",
            {**held, "post": "vice", "votes": {}}, 422, "unknown_post")
    found = ok(m.call("POST", "/nomination/preselections", "teller",
                      json={**held, "votes": {"甲一": 9, "乙二": 12, "丙三": 9, "丁四": 2}}), 201)
    post = found["result"]["posts"]["chair"]
    assert post["preselection"]["above"] == ["乙二"] and sorted(post["preselection"]["tied"]) == [
        "丙三", "甲一"]
    # the 海推 it was called on stays as it was
    refused(m, "POST", "/nomination/meetings/direct/entries",
            {"entry_id": "late", "names": {"chair": ["乙二"]}}, 409, "preselection_held")
    refused(m, "PUT", "/nomination/rules", {"rules": {"member_candidates": 2}}, 409,
            "preselection_held", "organiser")
    found = ok(m.call("POST", "/nomination/preselections", "teller",
                      json={**held, "votes": {"乙二": 17, "丙三": 11, "甲一": 5}}), 201)
    post = found["result"]["posts"]["chair"]
    assert sorted(post["candidates"]) == ["丙三", "乙二"] and post["preselection"] is None
    assert [h["tally"][0]["name"] for h in post["preselections_held"]] == ["乙二", "乙二"]
    assert post["preselections_held"][1]["tally"][2] == {
        "id": "甲一", "name": "甲一", "votes": 5, "rank": 3, "status": "out"}
    refused(m, "POST", "/nomination/preselections", {**held, "votes": {"乙二": 1}}, 409,
            "preselection_not_needed")
    ok(m.call("PUT", "/nomination/decision",
              json={"posts": {"chair": ["乙二", "丙三"]}, "decided_by": "赵"}))
    assert sorted(c["name"] for c in ok(m.call("GET", "/candidates"))["candidates"]) == [
        "丙三", "乙二"]
    # the tally sheet carries each 预选 held
    book = load_workbook(io.BytesIO(m.call("GET", "/nomination/tally.xlsx").content))
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "主任第2次预选：取2名" in cells and "参加再次预选" in cells
    text = pdf_text(m.call("GET", "/nomination/tally.pdf").content)
    assert "第1次预选" in text and "收回30张，有效29张，无效1张" in text
    refused(m, "POST", "/nomination/preselections", {**held, "votes": {"乙二": 1}}, 409,
            "decision_made")
    # the log replays the 预选; one changed in the table is found
    assert verify(settings, m.eid) == 0
    tamper(client, update(Nomination).where(Nomination.election_id == m.eid).values(
        preselections=[]))
    assert verify(settings, m.eid) == 1


def test_an_election_without_a_nomination_says_so(client: TestClient) -> None:
    m = Meeting.create(client, body="supervisory_committee")
    assert ok(m.call("GET", "/nomination"), 409)["code"] == "no_nomination"


def test_audit_verify_finds_an_edited_recommendation_ballot(
        client: TestClient, settings: Settings) -> None:
    m = party(client)
    ballot(m, "members", {"member": ["王建国"]}, entry_id="t1")
    assert verify(settings, m.eid) == 0
    tamper(client, update(NominationEntry).where(
        NominationEntry.election_id == m.eid, NominationEntry.entry_id == "t1"
    ).values(ballot={"names": {"member": ["李秀英"]}}))
    assert verify(settings, m.eid) == 1


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True)
    return done.stdout.decode()


def test_the_recommendation_ballot_and_the_tally_print_and_export(client: TestClient) -> None:
    m = party(client)
    ok(m.call("PUT", "/nomination/committee-list",
              json={"posts": {"member": ["王建国", "刘芳", "丁一"]}}))
    plain = m.call("GET", "/nomination/ballot.pdf", "teller")
    assert plain.status_code == 200 and plain.headers["content-type"] == "application/pdf"
    text = pdf_text(plain.content)
    assert "推荐票" in text and "最多推荐4人" in text and "王建国" not in text
    printed = pdf_text(m.call("GET", "/nomination/ballot.pdf?printed=true").content)
    # 姓氏笔画 order: 丁 (2) 刘 (6) 王 (4) → 丁一, 王建国, 刘芳
    names = [n for n in ("丁一", "王建国", "刘芳") if n in printed]
    assert sorted(names, key=printed.index) == ["丁一", "王建国", "刘芳"]
    assert ok(m.call("GET", "/nomination/tally.pdf"), 409)["code"] == "nomination_incomplete"
    two_meetings(m)
    tally = pdf_text(m.call("GET", "/nomination/tally.pdf").content)
    assert "推荐结果统计表" in tally and "综合得票须超过推荐票的一半" in tally
    book = load_workbook(io.BytesIO(m.call("GET", "/nomination/tally.xlsx").content))
    assert book.sheetnames == ["说明", "1 书记", "2 委员"]
    rows = list(book["2 委员"].iter_rows(values_only=True))
    assert rows[0][:5] == ("名次", "姓名", "群众推荐", "党员推荐", "综合得票")
    assert rows[1][:5] == (1, "王建国", 3, 4, 7)  # numbers as numbers


def test_a_direct_nomination_prints_a_nomination_ballot(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee", posts=[
        {"id": "chair", "name": "主任", "seats": 1}, {"id": "member", "name": "委员", "seats": 2}])
    text = pdf_text(m.call("GET", "/nomination/ballot.pdf").content)
    assert "提名票" in text and "最多推荐2人" in text


def test_joint_forms_of_a_residents_committee(client: TestClient, settings: Settings) -> None:
    """CAMPAIGN.md §1 — a 联名 form counts distinct registered signers; a signer not on the
    roll is an error and nothing is stored."""
    m = Meeting.create(client, body="residents_committee", posts=[
        {"id": "member", "name": "委员", "seats": 3}])
    ok(m.call("POST", "/voters", json={"voters": [
        {"name": f"居民{i}", "status": "registered"} for i in range(12)]}), 201)
    ok(m.call("PUT", "/nomination/signers", json={"households": ["户主甲", "户主乙"]}))
    voters = [f"居民{i}" for i in range(10)]
    found = ok(m.call("POST", "/nomination/forms", json={
        "post": "member", "person": "王建国", "kind": "voters", "signers": voters}), 201)
    assert found["forms"][0]["signers"] == voters
    message = refused(m, "POST", "/nomination/forms", {
        "post": "member", "person": "李秀英", "kind": "voters",
        "signers": [*voters[:9], "路人甲"]}, 422, "invalid_nomination", "organiser")
    assert "联名人“路人甲”不在登记名册" in message
    refused(m, "POST", "/nomination/forms", {"post": "chair", "person": "李秀英",
                                             "kind": "self"}, 422, "invalid_nomination",
            "organiser")
    ok(m.call("POST", "/nomination/forms", json={
        "post": "member", "person": "张伟", "kind": "households",
        "signers": ["户主甲", "户主乙"]}), 201)
    ballot(m, "direct", {"member": ["王建国"]})
    forms = nomination(m)["result"]["forms"]
    assert [(f["person"], f["accepted"], f["text"]) for f in forms] == [
        ("王建国", True, "选民联名10人（须10人以上），受理"),
        ("张伟", False, "户代表联名2人（须5人以上），不足5人，不予受理")]
    # an accepted form's nominee is a nominee like the most-named (a refused one is not)
    ok(m.call("POST", "/nomination/forms", json={
        "post": "member", "person": "刘芳", "kind": "self"}), 201)
    post = nomination(m)["result"]["posts"]["member"]
    assert sorted(post["candidates"]) == ["刘芳", "王建国"] and post["missing"] == 2
    village = Meeting.create(client, body="villagers_committee")
    refused(village, "POST", "/nomination/forms", {"post": "member", "person": "甲",
                                                   "kind": "self"}, 422, "invalid_nomination",
            "organiser")
    assert verify(settings, m.eid) == 0


def test_the_settings_weigh_the_meetings(client: TestClient) -> None:
    """CAMPAIGN.md §1 ⚙ weights (30 % / 70 % as 3 and 7), nominee_threshold, surplus."""
    m = party(client)
    two_meetings(m)
    found = ok(m.call("PUT", "/nomination/rules", json={
        "rules": {"weights": {"representatives": 3, "members": 7},
                  "nominee_threshold": "none", "nominee_surplus_percent": 40},
        "recommend_limit": {"member": 5}}))
    member = found["result"]["posts"]["member"]
    assert member["ranking"][0]["score"] == 3 * 3 + 7 * 4
    assert member["ranking"][0]["over_threshold"] is None
    assert member["wanted"] == 3 + 2  # 3 + ceil(3·40/100)
    assert found["result"]["meetings"][0]["posts"]["member"]["limit"] == 5
    for body in ({"rules": {"weights": {"representatives": 0, "members": 0}}},
                 {"rules": {"nominee_threshold": "most"}}, {"rules": {"unknown": 1}},
                 {"recommend_limit": {"member": 2}}):  # the totals no longer fit: 13 > 4 × 2
        refused(m, "PUT", "/nomination/rules", body, 422, "invalid_nomination", "organiser")
    refused(m, "PUT", "/nomination/rules", {"recommend_limit": {"chair": 2}}, 422,
            "unknown_post", "organiser")
    village = Meeting.create(client, body="villagers_committee")
    refused(village, "PUT", "/nomination/rules", {"rules": {"member_candidates": 4}}, 422,
            "invalid_nomination", "organiser")
    refused(village, "PUT", "/nomination/rules", {"recommend_limit": {"member": 2}}, 422,
            "no_recommend_limit", "organiser")


def test_the_decision_waits_for_a_locked_election(client: TestClient) -> None:
    m = party(client)
    two_meetings(m)
    body = {"posts": {"secretary": ["王建国", "李秀英"],
                      "member": ["王建国", "李秀英", "张伟", "刘芳"]}, "decided_by": "赵"}
    ok(m.call("PUT", "/nomination/decision", json=body))
    m.roll(10)
    m.open_counting(m.first_round(), issued=10)
    refused(m, "PUT", "/nomination/decision", body, 409, "election_locked", "organiser")


def test_a_ballot_entered_by_mistake_is_undone_with_a_reason(
        client: TestClient, settings: Settings) -> None:
    m = party(client)
    ballot(m, "members", {"member": ["王建国"]}, entry_id="ok1")
    ballot(m, "members", {"member": ["王建图"]}, entry_id="typo")
    path = "/nomination/meetings/members/entries"
    refused(m, "POST", f"{path}/typo/undo", {"reason": ""}, 422, "validation_error")
    refused(m, "POST", f"{path}/nope/undo", {"reason": "录错"}, 404, "entry_not_found")
    found = ok(m.call("POST", f"{path}/typo/undo", "teller", json={"reason": "录错姓名"}))
    assert found["meetings"][1]["ballots_returned"] == 1
    assert [p["name"] for p in found["people"]] == ["王建国"]
    refused(m, "POST", f"{path}/typo/undo", {"reason": "录错"}, 409, "entry_undone")
    again = ballot(m, "members", {"member": ["王建图"]}, entry_id="typo", expect=200)
    assert again["undone"] is True and "已被撤销" in again["message"]
    listed = ok(m.call("GET", path))
    assert [(e["entry_id"], e["void_reason"], e["voided_by"]) for e in listed] == [
        ("ok1", None, None), ("typo", "录错姓名", "teller:计票人")]
    assert verify(settings, m.eid) == 0
    tamper(client, update(NominationEntry).where(
        NominationEntry.election_id == m.eid, NominationEntry.entry_id == "typo"
    ).values(void_reason=None, voided_by=None))
    assert verify(settings, m.eid) == 1
