"""民主测评 and 信任票 through HTTP (CAMPAIGN.md §2): settings, 测评表 per ballot and as
totals, the result with its flags, the printed forms; bad input refused, nothing stored;
the audit replays it."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from openpyxl import load_workbook
from sqlalchemy import update
from test_api_audit import tamper, verify
from test_api_nominate import pdf_text

from app.appraisal.models import Appraisal
from app.settings import Settings

_ids = itertools.count(1)
SETTINGS = {
    "subjects": [{"id": "team", "name": "村“两委”班子"}, {"id": "p01", "name": "王建国（主任）"},
                 {"id": "p02", "name": "李秀英（委员）"}],
    "trust_votes": [{"id": "members", "name": "党员信任票",
                     "people": [{"id": "p03", "name": "张伟"}, {"id": "p04", "name": "刘芳"}]}],
    "survey": {"households": 210, "surveyed": 126},
}


def village(client: TestClient) -> Meeting:
    m = Meeting.create(client, body="villagers_committee", title="幸福村村民委员会换届",
                       posts=[{"id": "member", "name": "委员", "seats": 3}])
    ok(m.call("PUT", "/appraisal", json=SETTINGS))
    return m


def mark(m: Meeting, vote: str, marks: dict[str, str] | None = None, *, expect: int = 201,
         entry_id: str | None = None, **extra: Any) -> Any:
    body = {"entry_id": entry_id or f"a{next(_ids)}", "marks": marks or {}, **extra}
    return ok(m.call("POST", f"/appraisal/{vote}/entries", "teller", json=body), expect)


def appraisal(m: Meeting) -> dict[str, Any]:
    return dict(ok(m.call("GET", "/appraisal")))


def refused(m: Meeting, method: str, path: str, body: dict[str, Any], status: int,
            code: str, role: str = "teller") -> str:
    before = appraisal(m)
    answer = m.call(method, path, role, json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert appraisal(m) == before
    return str(answer.json()["message"])


def test_an_appraisal_per_ballot_and_as_totals(client: TestClient, settings: Settings) -> None:
    m = village(client)
    assert [v["id"] for v in appraisal(m)["votes"]] == ["evaluation", "members"]
    for marks in ({"team": "满意", "p01": "不满意", "p02": "满意"},
                  {"team": "基本满意", "p01": "不满意", "p02": "invalid"},
                  {"team": "满意", "p01": "满意"}):
        mark(m, "evaluation", marks)
    first = mark(m, "evaluation", {"team": "满意"}, entry_id="same")
    assert mark(m, "evaluation", {"team": "满意"}, entry_id="same", expect=200) == first
    refused(m, "POST", "/appraisal/evaluation/entries",
            {"entry_id": "same", "marks": {"team": "不满意"}}, 409, "entry_id_reused")
    ok(m.call("PUT", "/appraisal/members/totals", "teller", json={
        "ballots_returned": 40, "totals": {"p03": {"trust": 21, "distrust": 10},
                                           "p04": {"trust": 20, "distrust": 15}}}))
    found = appraisal(m)
    subjects = {s["id"]: s for s in found["result"]["evaluation"]["subjects"]}
    assert subjects["team"]["satisfied_rate"] == "100.0%"
    assert subjects["p01"]["dissatisfied"] == 2 and subjects["p01"]["dissatisfied_flag"] is True
    assert subjects["p02"]["invalid"] == 1 and subjects["p02"]["blank"] == 2
    assert found["result"]["survey"]["ok"] is True
    trust = {p["id"]: p["trusted"] for p in found["result"]["trust_votes"][0]["people"]}
    assert trust == {"p03": True, "p04": False}  # 20 of 40 is not more than half
    assert [(v["id"], v["mode"], v["ballots_returned"]) for v in found["votes"]] == [
        ("evaluation", "ballots", 4), ("members", "totals", 40)]
    assert verify(settings, m.eid) == 0
    tamper(client, update(Appraisal).where(Appraisal.election_id == m.eid).values(
        totals={"members": {"ballots_returned": 40, "totals": {
            "p03": {"trust": 30, "distrust": 1}, "p04": {"trust": 20, "distrust": 15}}}}))
    assert verify(settings, m.eid) == 1


@pytest.mark.parametrize(("vote", "body", "status", "code"), [
    ("evaluation", {"marks": {"team": "很好"}}, 422, "invalid_appraisal"),
    ("evaluation", {"marks": {"nobody": "满意"}}, 422, "invalid_appraisal"),
    ("evaluation", {"marks": {"team": "满意"}, "void": True}, 422, "void_with_marks"),
    ("members", {"marks": {"p03": "满意"}}, 422, "invalid_appraisal"),
    ("other", {"marks": {}}, 422, "unknown_vote"),
    ("evaluation", {"marks": {"team": 3}}, 422, "validation_error"),
])
def test_a_bad_appraisal_ballot_is_refused(client: TestClient, vote: str, body: dict[str, Any],
                                           status: int, code: str) -> None:
    m = village(client)
    refused(m, "POST", f"/appraisal/{vote}/entries", {"entry_id": "x", **body}, status, code)


def test_bad_totals_and_settings_are_refused(client: TestClient) -> None:
    m = village(client)
    message = refused(m, "PUT", "/appraisal/members/totals", {"ballots_returned": 10, "totals": {
        "p03": {"trust": 8, "distrust": 5}, "p04": {}}}, 422, "invalid_appraisal")
    assert "多于收回的10张" in message
    refused(m, "PUT", "/appraisal/evaluation/totals", {"ballots_returned": 10, "totals": {
        "team": {"满意": 5}}}, 422, "invalid_appraisal")  # every subject
    refused(m, "PUT", "/appraisal", {**SETTINGS, "survey": {"households": 10, "surveyed": 11}},
            422, "invalid_appraisal", "organiser")
    refused(m, "PUT", "/appraisal", {**SETTINGS, "rules": {"appraisal_options": "grades"}},
            422, "invalid_appraisal", "organiser")
    refused(m, "PUT", "/appraisal", {"trust_votes": [{"id": "evaluation", "name": "x",
                                                      "people": [{"id": "a", "name": "甲"}]}]},
            422, "reserved_id", "organiser")
    assert ok(m.call("PUT", "/appraisal", "teller", json=SETTINGS), 403)["code"] == "wrong_role"
    empty = Meeting.create(client, body="villagers_committee")
    refused(empty, "PUT", "/appraisal", {"rules": {"dissatisfied_flag": "2/1"}}, 422,
            "invalid_appraisal", "organiser")
    mark(m, "evaluation", {"team": "满意"})
    refused(m, "PUT", "/appraisal", {**SETTINGS, "subjects": SETTINGS["subjects"][:1]}, 409,
            "appraisal_entered", "organiser")
    refused(m, "PUT", "/appraisal/evaluation/totals", {"ballots_returned": 1, "totals": {
        "team": {"满意": 1}, "p01": {}, "p02": {}}}, 409, "ballots_entered")


def test_the_appraisal_form_and_result_print_and_export(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee")
    assert ok(m.call("GET", "/appraisal/form.pdf"), 409)["code"] == "appraisal_not_set"
    ok(m.call("PUT", "/appraisal", json={**SETTINGS, "rules": {"appraisal_options": "competence"}}))
    form = pdf_text(m.call("GET", "/appraisal/form.pdf").content)
    assert "民主测评表" in form and "基本称职" in form and "王建国(主任)" in form
    ok(m.call("PUT", "/appraisal/evaluation/totals", "teller", json={
        "ballots_returned": 9, "totals": {"team": {"优秀": 9}, "p01": {"称职": 5, "不称职": 4},
                                          "p02": {"不称职": 1, "invalid": 1}}}))
    result = pdf_text(m.call("GET", "/appraisal/result.pdf").content)
    assert "民主测评和信任投票结果" in result and "不满意超过规定比例" in result
    book = load_workbook(io.BytesIO(m.call("GET", "/appraisal/result.xlsx").content))
    rows = list(book[book.sheetnames[1]].iter_rows(values_only=True))
    assert rows[0][:5] == ("测评对象", "优秀", "称职", "基本称职", "不称职")
    assert rows[2][:5] == ("王建国(主任)", 0, 5, 0, 4)  # names NFKC
