"""Statistics and the board through HTTP (CAMPAIGN.md §4): computed from counted rounds and
person data, never typed in; a 另行选举 is no first-round success; 一肩挑 and 交叉任职 from
the people table."""

from __future__ import annotations

from typing import Any

from countykit import County
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

VILLAGE_POSTS = [{"id": "chair", "name": "主任", "seats": 1},
                 {"id": "vice_chair", "name": "副主任", "seats": 1},
                 {"id": "member", "name": "委员", "seats": 1}]
PARTY_POSTS = [{"id": "secretary", "name": "书记", "seats": 1},
               {"id": "member", "name": "委员", "seats": 3}]


def person(m: Meeting, name: str, **data: Any) -> int:
    return int(ok(m.call("POST", "/people", json={"name": name, **data}), 201)["id"])


def village_with_people(county: County, town: int, name: str = "东村"
                        ) -> tuple[int, Meeting, Meeting, dict[str, int]]:
    village = county.child(town, name, "village", one_shoulder_planned=True)
    committee = county.election(village, "villagers_committee", VILLAGE_POSTS)
    party = county.election(village, "party_branch", PARTY_POSTS,
                            rules={"secretary_mode": "direct"})
    people = {
        "王一": person(committee, "王一", gender="M", birth_date="1980-01-01", ethnicity="汉族",
                     education="大专", political_status="中共党员",
                     posts=[{"body": "villagers_committee", "post": "主任"}]),
        "李二": person(committee, "李二", gender="F", birth_date="1996-06-01", ethnicity="苗族",
                     education="本科", political_status="中共党员"),
    }
    return village, committee, party, people


def run_party(party: Meeting, people: dict[str, int]) -> None:
    wang = party.candidate("王一", ["secretary", "member"], person_id=people["王一"])
    li = party.candidate("李二", ["member"], person_id=people["李二"])
    zhao = party.candidate("赵五", ["member"])
    party.candidate("钱六", ["member"])
    party.roll(4)
    rid = party.open_counting(party.first_round(), issued=4)["id"]
    for _ in range(4):
        party.enter(rid, {"secretary": {wang: "yes"}, "member": {wang: "yes", li: "yes",
                                                                zhao: "yes"}})
    party.count(rid)


def run_committee_first_round(committee: Meeting, people: dict[str, int]) -> tuple[str, str]:
    wang = committee.candidate("王一", ["chair"], person_id=people["王一"])
    zhang = committee.candidate("张三", ["chair"])
    sun = committee.candidate("孙七", ["vice_chair"])
    committee.candidate("周八", ["vice_chair"])
    li = committee.candidate("李二", ["member"], person_id=people["李二"])
    liu = committee.candidate("刘四", ["member"])
    committee.roll(6, status="registered", present=0)
    rid = committee.open_counting(committee.first_round(), issued=6, returned=5)["id"]
    for k in range(5):  # 委员: 2 : 2, nobody over half of the 5 who voted → 另行选举
        committee.enter(rid, {"chair": {wang if k < 3 else zhang: "yes"},
                              "vice_chair": {sun: "yes"},
                              "member": {li: "yes"} if k < 2 else {liu: "yes"} if k < 4
                              else {}})
    assert committee.count(rid)["result"]["outcome"]["status"] == "needs_round"
    return li, liu


def test_statistics_come_from_the_counted_rounds_and_the_people(client: TestClient) -> None:
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village, committee, party, people = village_with_people(county, town)
    run_party(party, people)
    li, _liu = run_committee_first_round(committee, people)
    board = ok(county.call("GET", f"/{county.id}/board"))
    assert board["needs_round"] == 1
    line = next(u for u in board["units"] if u["id"] == village)
    assert line["needs_round"] and line["parent"] == "城关镇"
    # 另行选举: 李二 over a third of the 5 ballots.
    rid = committee.open_counting(committee.next_round(), issued=5)["id"]
    for k in range(5):
        committee.enter(rid, {"member": {li: "yes"} if k < 2 else {}})
    assert committee.count(rid)["result"]["outcome"]["status"] == "complete"

    figures = {f["key"]: f["text"] for f in
               ok(county.call("GET", f"/{county.id}/statistics"))["figures"]}
    assert figures["turnout"] == "83.3%"                      # 5 of 6 registered
    assert figures["attendance"] == "100.0%"                  # 4 of 4 党员
    assert figures["committee_first_round_rate"] == "0.0%"    # the 另行选举
    assert figures["party_first_round_rate"] == "100.0%"
    assert figures["direct_rate"] == "100.0%"
    assert figures["committee_surplus"] == "100.0%"           # (6 − 3) / 3
    assert figures["party_surplus"] == "25.0%"                # (5 − 4) / 4
    assert (figures["party_secretary"], figures["committee_chair"]) == ("1", "1")
    assert figures["one_shoulder"] == "1"                      # 王一: 书记 and 主任
    assert figures["cross"] == "2"                             # 王一, 李二 on both
    assert figures["two_people"] == "4" and figures["two_reelected"] == "1"  # 王一 was 主任
    assert figures["two_women"] == "1" and figures["two_minorities"] == "1"
    assert figures["units_with_woman"] == "1" and figures["one_shoulder_missed"] == "0"
    board = ok(county.call("GET", f"/{county.id}/board"))
    assert board["needs_round"] == 0
    assert [e["stage"] for e in next(u for u in board["units"]
                                     if u["id"] == village)["elections"]] == ["done", "done"]


def test_a_street_sees_only_its_own_statistics(client: TestClient) -> None:
    county = County.create(client)
    north = county.child(county.id, "北街道", "township")
    south = county.child(county.id, "南街道", "township")
    north_token = county.token(north)
    assert ok(county.call("GET", f"/{north}/statistics", north_token))["unit"]["id"] == north
    for path in (f"/{south}/statistics", f"/{county.id}/statistics", f"/{south}/board"):
        assert county.call("GET", path, north_token).status_code == 403


def test_a_previous_term_is_entered_as_counts_and_shown_beside(client: TestClient) -> None:
    county = County.create(client)
    ok(county.call("PATCH", f"/{county.id}", json={
        "previous_term": {"registered": 100, "voted": 90}}))
    shown = {f["key"]: f for f in ok(county.call("GET", f"/{county.id}/statistics"))["figures"]}
    assert shown["turnout"]["previous_text"] == "90.0%" and shown["turnout"]["text"] == "—"
    bad = county.call("PATCH", f"/{county.id}", json={"previous_term": {"votes": 1}})
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_previous_term"


def counted_county(client: TestClient) -> tuple[County, int]:
    """A county with one 村 whose 党组织 and 村委会 (after a 另行选举) are elected."""
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    _village, committee, party, people = village_with_people(county, town)
    run_party(party, people)
    li, _liu = run_committee_first_round(committee, people)
    rid = committee.open_counting(committee.next_round(), issued=5)["id"]
    for k in range(5):
        committee.enter(rid, {"member": {li: "yes"} if k < 2 else {}})
    committee.count(rid)
    return county, town


def workbook(data: bytes) -> Any:
    from io import BytesIO

    from openpyxl import load_workbook

    return load_workbook(BytesIO(data))


def test_the_summary_xlsx_holds_the_api_numbers_as_numbers(client: TestClient) -> None:
    county, _town = counted_county(client)
    api = ok(county.call("GET", f"/{county.id}/statistics"))
    response = county.call("GET", f"/{county.id}/reports/summary.xlsx")
    assert response.status_code == 200
    book = workbook(response.content)
    assert book.sheetnames == ["汇总", "各单位", "总述"]
    rows = list(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(api["figures"])
    for (label, value, part, whole, _before, _trend), f in zip(rows, api["figures"],
                                                                strict=True):
        assert (label, part, whole) == (f["label"], f["part"], f["whole"])
        if f["kind"] == "count":
            assert value == f["part"] and isinstance(value, int)
        elif f["whole"]:
            assert value == f["part"] / f["whole"]
        else:
            assert value is None
    assert book["总述"]["A2"].value == api["summary"]
    units = {r[0]: r for r in book["各单位"].iter_rows(min_row=2, values_only=True)}
    assert units["东村"][3:5] == (6, 5)  # 登记选民, 参加投票 as numbers


def test_the_roster_and_the_weekly_report(client: TestClient) -> None:
    county, town = counted_county(client)
    roster = workbook(county.call("GET", f"/{county.id}/reports/roster.xlsx").content)
    rows = list(roster["当选人员名册"].iter_rows(values_only=True))
    assert rows[0][:4] == ("村（社区）", "姓名", "性别", "年龄")
    wang = [r for r in rows[1:] if r[1] == "王一"]
    assert [r[7] for r in wang] == ["党组织书记", "村委会主任"]  # 书记 once, not also 委员
    chair = next(r for r in wang if r[7] == "村委会主任")
    assert (chair[8], chair[9], chair[11]) == (3, 5, "是")  # 3 of 5 votes; was 主任 before
    weekly = workbook(county.call("GET", f"/{county.id}/reports/weekly.xlsx").content)
    line = list(weekly["进度周报"].iter_rows(min_row=2, values_only=True))
    assert line == [("城关镇", 1, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0)]
    pdf = county.call("GET", f"/{town}/reports/summary.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    missing = county.call("GET", f"/{county.id}/reports/budget.xlsx")
    assert missing.status_code == 404 and missing.json()["code"] == "report_not_found"


def test_jipiao_stats_writes_the_summary(client: TestClient, settings: Any, tmp_path: Any,
                                         monkeypatch: Any) -> None:
    from app.cli import main

    county, _town = counted_county(client)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "summary.xlsx"
    assert main(["stats", "--unit", str(county.id), "-o", str(out)]) == 0
    api = ok(county.call("GET", f"/{county.id}/statistics"))
    book = workbook(out.read_bytes())
    assert book["总述"]["A2"].value == api["summary"]
    assert main(["stats", "--unit", "999999", "-o", str(tmp_path / "x.xlsx")]) == 1


def test_the_demo_county_has_finished_running_and_late_units(client: TestClient) -> None:
    from sqlmodel import Session

    from app.demo_county import seed_county

    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine, expire_on_commit=False) as session:
        first = seed_county(session)
    with Session(engine, expire_on_commit=False) as session:
        again = seed_county(session)
    assert again == {"unit_id": first["unit_id"], "created": False}
    tokens: dict[str, str] = first["tokens"]
    county = County(client, {"id": first["unit_id"]}, tokens)
    board = ok(county.call("GET", f"/{county.id}/board", tokens["viewer"]))
    stages = {s["stage"]: s["elections"] for s in board["stages"]}
    assert stages["done"] and stages["voting"] and stages["preparation"]
    assert board["late"] == 6 and board["needs_round"] == 1  # 3 late units; one 另行选举 due
    figures = {f["key"]: f["text"] for f in
               ok(county.call("GET", f"/{county.id}/statistics", tokens["viewer"]))["figures"]}
    assert figures["townships"] == "3" and figures["committee_first_round_rate"] == "50.0%"


def test_the_plenary_secretary_is_the_same_person_as_the_committee_member(
        client: TestClient) -> None:
    """Indirect mode: the 书记 elected by the first plenary is one of the 委员, not a new one."""
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village = county.child(town, "西村", "village")
    branch = county.election(village, "party_branch",
                             [{"id": "member", "name": "委员", "seats": 3}])
    ids = [person(branch, name, gender="M") for name in ("王一", "李二", "张三", "刘四")]
    keys = [branch.candidate(name, person_id=pid)
            for name, pid in zip(("王一", "李二", "张三", "刘四"), ids, strict=True)]
    branch.roll(5)
    rid = branch.open_counting(branch.first_round(), issued=5)["id"]
    for _ in range(5):
        branch.enter(rid, {"member": dict.fromkeys(keys[:3], "yes")})
    branch.count(rid)
    made = ok(branch.call("POST", "/plenary", json={
        "posts": [{"id": "secretary", "name": "书记", "seats": 1, "candidates": [keys[0]]}]}),
        201)
    plenary = Meeting(client, made, made.pop("tokens"))
    voters = ok(plenary.call("GET", "/voters"))
    ok(plenary.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in voters]}))
    prid = plenary.open_counting(plenary.first_round(), issued=3)["id"]
    for _ in range(3):
        plenary.enter(prid, {"secretary": {"c01": "yes"}})
    assert plenary.count(prid)["result"]["outcome"]["status"] == "complete"
    figures = {f["key"]: f["text"] for f in
               ok(county.call("GET", f"/{village}/statistics"))["figures"]}
    assert (figures["party_secretary"], figures["party_member"]) == ("1", "3")
    assert figures["party_people"] == "3"  # 王一 once: the plenary's candidate is his person
