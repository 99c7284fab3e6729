"""People of a 村/社区 (CAMPAIGN.md §3): entered once, shared by the unit's elections, linked
from candidates; bad input gets a Chinese error with a code and stores nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok


def person(m: Meeting, name: str, **extra: Any) -> dict[str, Any]:
    body = {"name": name, "gender": "M", "birth_date": "1980-05-01", "ethnicity": "汉族",
            "education": "高中/中专", "political_status": "中共党员",
            "party_joined_on": "2005-07-01", "household": "幸福村", "residence": "幸福村三组",
            "posts": [], "tags": ["致富能手"], **extra}
    return dict(ok(m.call("POST", "/people", json=body), 201))


def refused(m: Meeting, body: dict[str, Any], code: str, path: str = "/people") -> str:
    before = ok(m.call("GET", path))
    answer = m.call("POST", path, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == code
    assert ok(m.call("GET", path)) == before  # nothing stored
    return str(answer.json()["message"])


def test_people_are_shared_by_the_unit_and_fill_the_candidate(client: TestClient) -> None:
    branch = Meeting.create(client, title="中共幸福村支部委员会换届选举")
    zhang = person(branch, "张建国", posts=[{"body": "party_branch", "post": "书记"}])
    assert zhang["education"] == "高中/中专" and zhang["tags"] == ["致富能手"]
    unit = branch.election["unit_id"]
    village = Meeting.create(client, body="villagers_committee", title="幸福村村委会换届选举",
                             posts=[{"id": "chair", "name": "主任", "seats": 1}])
    assert village.election["unit_id"] != unit  # no unit given: a new one
    same = Meeting(client, ok(client.post("/api/v1/elections", json={
        "title": "幸福村监委会换届选举", "body": "supervisory_committee", "unit_id": unit,
        "posts": [{"id": "member", "name": "委员", "seats": 3}]}), 201), {})
    same.tokens = same.election.pop("tokens")
    assert [p["name"] for p in ok(same.call("GET", "/people"))] == ["张建国"]
    assert ok(village.call("GET", "/people")) == []
    # the candidate is linked, not retyped: name, gender and party status come from the person
    cid = ok(branch.call("POST", "/candidates", json={"person_id": zhang["id"],
                                                       "posts": ["member"]}), 201)
    assert (cid["name"], cid["gender"], cid["member_status"]) == ("张建国", "M", "full")
    # a person of another unit is unknown here
    answer = village.call("POST", "/candidates", json={"person_id": zhang["id"],
                                                        "posts": ["chair"]})
    assert (answer.status_code, answer.json()["code"]) == (422, "person_not_found")
    # editing the person renames the linked candidate; a linked person cannot be deleted
    ok(branch.call("PUT", f"/people/{zhang['id']}", json={**zhang, "name": "张建业"}))
    assert ok(branch.call("GET", "/candidates"))["candidates"][0]["name"] == "张建业"
    assert ok(branch.call("DELETE", f"/people/{zhang['id']}"), 409)["code"] == "person_in_use"


def test_only_the_organiser_writes_people(client: TestClient) -> None:
    m = Meeting.create(client)
    answer = m.call("POST", "/people", "teller", json={"name": "王五"})
    assert answer.status_code == 403
    assert m.call("GET", "/people", "observer").status_code == 403


def test_bad_person_data_is_refused(client: TestClient) -> None:
    m = Meeting.create(client)
    future = (date.today() + timedelta(days=2)).isoformat()
    assert "晚于今天" in refused(m, {"name": "王五", "birth_date": future},
                              "birth_date_in_future")
    assert "小学、初中" in refused(m, {"name": "王五", "education": "中学"},
                                 "unknown_education")
    refused(m, {"name": "王五", "political_status": "党员"}, "unknown_political_status")
    refused(m, {"name": "王五", "political_status": "群众", "party_joined_on": "2000-01-01"},
            "party_date_not_member")
    refused(m, {"name": "王五", "political_status": "中共党员", "birth_date": "1980-01-01",
                "party_joined_on": "1979-01-01"}, "party_date_before_birth")
    answer = m.call("POST", "/people", json={"name": "王五", "posts": [{"body": "x", "post": "a"}]})
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"
    person(m, "王五")
    assert ok(m.call("POST", "/people", json={"name": "王五"}), 409)["code"] == "duplicate_person"


def test_relations_to_unknown_people_are_refused(client: TestClient) -> None:
    m = Meeting.create(client)
    a, b = person(m, "李明"), person(m, "李亮")
    other = Meeting.create(client)
    stranger = person(other, "赵六")
    assert "请先录入此人" in refused(
        m, {"person_id": a["id"], "relative_id": 999999, "kind": "spouse"}, "unknown_person",
        "/relations")
    refused(m, {"person_id": a["id"], "relative_id": stranger["id"], "kind": "lineal"},
            "unknown_person", "/relations")
    refused(m, {"person_id": a["id"], "relative_id": a["id"], "kind": "lineal"},
            "relation_to_self", "/relations")
    made = ok(m.call("POST", "/relations", json={"person_id": a["id"], "relative_id": b["id"],
                                                 "kind": "collateral"}), 201)
    assert made["kind_zh"] == "三代以内旁系血亲" and made["relative_name"] == "李亮"
    again = m.call("POST", "/relations", json={"person_id": b["id"], "relative_id": a["id"],
                                               "kind": "spouse"})
    assert again.json()["code"] == "duplicate_relation"
