"""The organisation tree (CAMPAIGN.md §4) through HTTP: units, scoped tokens, stages."""

from __future__ import annotations

import pytest
from countykit import County
from fastapi.testclient import TestClient
from httpx import Response
from meetingkit import ok
from sqlalchemy import select, update
from sqlmodel import Session
from test_api_audit import verify

from app.audit.models import AuditEvent
from app.settings import Settings
from app.units.models import ElectionProgress, Unit

VILLAGE_POSTS = [{"id": "chair", "name": "主任", "seats": 1},
                 {"id": "member", "name": "委员", "seats": 2}]


def test_a_county_tree_with_township_and_village(client: TestClient) -> None:
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village = county.child(town, "东村", "village")
    street = county.child(county.id, "南街道", "township")
    community = county.child(street, "花园社区", "community")
    tree = ok(county.call("GET", f"/{county.id}/tree"))
    assert [(u["name"], u["kind_zh"], u["parent_id"]) for u in tree] == [
        ("测试县", "县/区", None), ("南街道", "乡镇/街道", county.id),
        ("城关镇", "乡镇/街道", county.id), ("东村", "村", town), ("花园社区", "社区", street)]
    assert {u["id"] for u in tree} == {county.id, town, village, street, community}


def test_a_unit_holds_only_the_kinds_below_it(client: TestClient) -> None:
    county = County.create(client)
    wrong = county.call("POST", f"/{county.id}/units", json={"name": "东村", "kind": "village"})
    assert wrong.status_code == 422 and wrong.json()["code"] == "wrong_unit_kind"
    root = client.post("/api/v1/units", json={"name": "某镇", "kind": "township"})
    assert root.status_code == 422 and root.json()["code"] == "wrong_unit_kind"
    town = county.child(county.id, "城关镇", "township")
    refused = county.call("POST", f"/{town}/elections", json={
        "title": "镇选举", "body": "villagers_committee", "posts": VILLAGE_POSTS})
    assert refused.status_code == 422 and refused.json()["code"] == "unit_not_voting"


def test_a_street_organiser_sees_and_changes_only_its_units(client: TestClient) -> None:
    county = County.create(client)
    north, south = (county.child(county.id, n, "township") for n in ("北街道", "南街道"))
    north_village = county.child(north, "北社区", "community")
    south_village = county.child(south, "南社区", "community")
    north_token = county.token(north)
    # Its own subtree: it reads, adds a unit, makes an election.
    assert len(ok(county.call("GET", f"/{north}/tree", north_token))) == 2
    county.child(north, "新社区", "community", token=north_token)
    county.election(north_village, "residents_committee", VILLAGE_POSTS)
    # Another 街道's units and the county above it: refused, nothing shown.
    for path in (f"/{south}/tree", f"/{south_village}", f"/{county.id}/tree"):
        refused = county.call("GET", path, north_token)
        assert refused.status_code == 403 and refused.json()["code"] == "outside_unit"
        assert "南社区" not in refused.text
    refused = county.call("POST", f"/{south}/units", north_token,
                          json={"name": "偷建社区", "kind": "community"})
    assert refused.status_code == 403
    names = [u["name"] for u in ok(county.call("GET", f"/{county.id}/tree"))]
    assert "偷建社区" not in names and "新社区" in names


def test_a_street_token_opens_the_elections_of_its_own_units_only(client: TestClient) -> None:
    county = County.create(client)
    north, south = (county.child(county.id, n, "township") for n in ("北街道", "南街道"))
    ours = county.election(county.child(north, "北村", "village"), "villagers_committee",
                           VILLAGE_POSTS, title="北村村委会选举")
    theirs = county.election(county.child(south, "南村", "village"), "villagers_committee",
                             VILLAGE_POSTS, title="南村村委会选举")
    north_token, north_viewer = county.token(north), county.token(north, "viewer")

    def call(method: str, meeting_id: int, path: str, token: str, **kw: object) -> Response:
        return client.request(method, f"/api/v1/elections/{meeting_id}{path}",
                              headers={"Authorization": f"Bearer {token}"}, **kw)  # type: ignore[arg-type]

    # Its own 村's election: read and organised (audited under the 街道's name).
    assert ok(call("GET", ours.eid, "", north_token))["title"] == "北村村委会选举"
    ok(call("POST", ours.eid, "/candidates", north_token,
            json={"name": "王建国", "posts": ["chair"]}), 201)
    log = ok(ours.call("GET", "/audit"))
    assert log[-1]["action"] == "candidate.add"
    assert log[-1]["actor"] == "organiser:北街道组织者"
    # Its viewer watches (as the board does) and changes nothing.
    assert ok(call("GET", ours.eid, "", north_viewer))["title"] == "北村村委会选举"
    refused = call("POST", ours.eid, "/candidates", north_viewer,
                   json={"name": "李明", "posts": ["chair"]})
    assert refused.status_code == 403 and refused.json()["code"] == "wrong_role"
    # Another 街道's election: refused, nothing of it shown.
    for token in (north_token, north_viewer):
        refused = call("GET", theirs.eid, "", token)
        assert refused.status_code == 403 and refused.json()["code"] == "outside_unit"
        assert "南村" not in refused.text
    assert call("GET", 999999, "", north_token).status_code == 404
    # The county's token reaches both; a meeting's own token still only its own.
    assert call("GET", theirs.eid, "", county.tokens["viewer"]).status_code == 200
    wrong = call("GET", theirs.eid, "", ours.tokens["organiser"])
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_meeting"
    assert call("GET", ours.eid, "", "jp_nonsense").status_code == 401


def test_a_county_viewer_reads_everything_below_and_changes_nothing(client: TestClient) -> None:
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village = county.child(town, "东村", "village")
    viewer = county.tokens["viewer"]
    assert len(ok(county.call("GET", f"/{county.id}/tree", viewer))) == 3
    assert ok(county.call("GET", f"/{village}", viewer))["name"] == "东村"
    refused = county.call("POST", f"/{town}/units", viewer, json={"name": "西村",
                                                                  "kind": "village"})
    assert refused.status_code == 403 and refused.json()["code"] == "read_only"
    assert county.call("GET", f"/{county.id}/tree", "jp_nonsense").status_code == 401


def test_stages_and_plans_of_a_village_elections(client: TestClient) -> None:
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village = county.child(town, "东村", "village")
    meeting = county.election(village, "villagers_committee", VILLAGE_POSTS, title="东村村委会")
    assert meeting.election["unit_id"] == village
    path = f"/{village}/elections/{meeting.eid}/progress"
    late = ok(county.call("PUT", path, json={
        "stage": "registration", "plan": {"registration": "2026-01-01",
                                          "nomination": "2026-01-10", "voting": "2099-01-01"}}))
    assert late["stage_zh"] == "选民登记" and late["late"] and late["late_stage"] == "nomination"
    on_time = ok(county.call("PUT", path, json={"stage": "qualification"}))
    assert not on_time["late"]
    bad = county.call("PUT", path, json={"plan": {"registration": "2026-02-01",
                                                  "nomination": "2026-01-10"}})
    assert bad.status_code == 422 and bad.json()["code"] == "plan_out_of_order"
    node = next(u for u in ok(county.call("GET", f"/{county.id}/tree")) if u["id"] == village)
    assert [(e["title"], e["stage"]) for e in node["elections"]] == [("东村村委会",
                                                                      "qualification")]


def test_stage_changes_and_plans_are_audited_and_replayed(client: TestClient, settings: Settings,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    county = County.create(client)
    village = county.child(county.child(county.id, "城关镇", "township"), "东村", "village")
    meeting = county.election(village, "villagers_committee", VILLAGE_POSTS)
    path = f"/{village}/elections/{meeting.eid}/progress"
    ok(county.call("PUT", path, json={"stage": "nomination",
                                      "plan": {"nomination": "2026-01-10"}}))
    for name, post in (("王一", "chair"), ("李二", "chair"), ("张三", "member"),
                       ("刘四", "member"), ("陈五", "member")):
        meeting.candidate(name, [post])
    meeting.roll(5, status="registered", present=0)
    meeting.open_counting(meeting.first_round(), issued=5)  # ballots out: 选举 by itself
    log = [(e["action"], e["actor"], e["data"]) for e in ok(meeting.call("GET", "/audit"))
           if e["action"].startswith("progress.")]
    assert log == [
        ("progress.set", "unit" + str(county.id) + ":organiser:组织者",
         {"stage": "nomination", "plan": {"nomination": "2026-01-10"}}),
        ("progress.advance", "jipiao", {"stage": "voting"})]
    assert verify(settings, meeting.eid) == 0
    capsys.readouterr()
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.execute(update(ElectionProgress).where(
            ElectionProgress.election_id == meeting.eid).values(  # type: ignore[arg-type]
                plan={"nomination": "2027-01-10"}))
        session.commit()
    assert verify(settings, meeting.eid) == 1
    assert "阶段或计划日期与日志不符" in capsys.readouterr().out


def test_units_and_their_changes_are_audited_in_the_tree_chain(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    county = County.create(client)
    town = county.child(county.id, "城关镇", "township")
    village = county.child(town, "东村", "village", token=county.token(town))
    ok(county.call("PATCH", f"/{village}", json={"one_shoulder_planned": True,
                                                 "previous_term": {"registered": 100}}))
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        chain = session.execute(select(AuditEvent).where(AuditEvent.election_id == -county.id)
                                .order_by(AuditEvent.seq)).scalars().all()  # type: ignore[arg-type]
    assert [(e.action, e.target, e.actor) for e in chain] == [
        ("unit.create", f"unit:{county.id}", "setup"),
        ("unit.create", f"unit:{town}", f"unit{county.id}:organiser:组织者"),
        ("unit.create", f"unit:{village}", f"unit{town}:organiser:organiser{town}"),
        ("unit.update", f"unit:{village}", f"unit{county.id}:organiser:组织者")]
    assert chain[-1].data == {"one_shoulder_planned": True, "previous_term": {"registered": 100}}
    assert verify(settings, -county.id) == 0
    assert f"单位树 {county.id}：4 条记录，哈希链完整，与数据库一致" in capsys.readouterr().out
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.execute(update(Unit).where(Unit.id == village).values(  # type: ignore[arg-type]
            previous_term={"registered": 900}))
        session.commit()
    assert verify(settings, -county.id) == 1
    assert f"单位{village}（东村）与日志不符" in capsys.readouterr().out


def test_a_unit_moves_to_another_parent_with_everything_below_it(
        client: TestClient, settings: Settings) -> None:
    """A 村 made under the wrong 乡镇, or a 乡镇 merged into another: moved by a token that
    reaches both places; what each 乡镇's token reaches follows; the move is audited."""
    county = County.create(client)
    east, west = (county.child(county.id, n, "township") for n in ("东镇", "西镇"))
    village = county.child(east, "错建村", "village")
    east_token, west_token = county.token(east), county.token(west)
    # a 乡镇 cannot hand its 村 to another 乡镇, nor take one: its token reaches one side only
    for token, target in ((east_token, west), (west_token, west)):
        refused = county.call("PATCH", f"/{village}", token, json={"parent_id": target})
        assert refused.status_code == 403 and refused.json()["code"] == "outside_unit"
    for body, status, code in (({"parent_id": village}, 422, "wrong_unit_kind"),
                               ({"parent_id": county.id}, 422, "wrong_unit_kind"),
                               ({"parent_id": 2**31 - 1}, 404, "unit_not_found")):
        refused = county.call("PATCH", f"/{village}", json=body)
        assert (refused.status_code, refused.json()["code"]) == (status, code), refused.text
    refused = county.call("PATCH", f"/{county.id}", json={"parent_id": east})
    assert (refused.status_code, refused.json()["code"]) == (409, "root_unit")
    assert ok(county.call("PATCH", f"/{village}", json={"parent_id": west}))["parent_id"] == west
    assert ok(county.call("GET", f"/{village}", west_token))["name"] == "错建村"
    assert county.call("GET", f"/{village}", east_token).status_code == 403
    # 乡镇撤并: the 村 of 西镇 go to 新镇, its token reaches them there, 西镇's no more
    town = county.child(county.id, "新镇", "township")
    ok(county.call("PATCH", f"/{village}", json={"parent_id": west}))  # (already there)
    ok(county.call("PATCH", f"/{village}", json={"parent_id": town}))
    town_token = county.token(town)
    assert [u["name"] for u in ok(county.call("GET", f"/{town}/tree", town_token))] == [
        "新镇", "错建村"]
    assert county.call("GET", f"/{village}", west_token).status_code == 403
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        moved = session.get(Unit, village)
        assert moved is not None and moved.path == f"{county.id}/{town}/{village}/"
    assert verify(settings, -county.id) == 0
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.execute(update(Unit).where(Unit.id == village).values(  # type: ignore[arg-type]
            parent_id=east, path=f"{county.id}/{east}/{village}/"))
        session.commit()
    assert verify(settings, -county.id) == 1
