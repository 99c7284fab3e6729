"""The roll (issue 15, 名册): namesakes kept apart by a disambiguator (RULES.md §7.7), names
corrected or removed before 核对 with a reason, every change replayed by `jipiao audit verify`."""

from __future__ import annotations

import argparse

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import update
from sqlmodel import Session
from test_api_plenary import branch_elected, plenary_body

from app.cli.audit import register, run
from app.roll.models import Voter
from app.settings import Settings


def verify(settings: Settings, election_id: int) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return run(parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                                  "--election", str(election_id)]))


def add(m: Meeting, *voters: dict[str, str]) -> list[dict[str, object]]:
    return ok(m.call("POST", "/voters", json={"voters": list(voters)}), 201)  # type: ignore[no-any-return]


def test_a_namesake_without_a_disambiguator_is_refused(client: TestClient) -> None:
    m = Meeting.create(client)
    add(m, {"name": "王伟"})
    second = m.call("POST", "/voters", json={"voters": [{"name": "李明"}, {"name": "王伟"}]})
    refused = ok(second, 409)
    assert refused["code"] == "duplicate_voter"
    assert "第2人" in refused["message"] and "出生年份或单位" in refused["message"]
    same_batch = m.call("POST", "/voters", json={"voters": [{"name": "张三"}, {"name": "张三"}]})
    assert ok(same_batch, 409)["code"] == "duplicate_voter"
    assert [v["name"] for v in ok(m.call("GET", "/voters"))] == ["王伟"]  # nothing stored
    add(m, {"name": "王伟", "note": "１９７０年生"})  # NFKC: stored as 1970年生
    again = m.call("POST", "/voters", json={"voters": [{"name": "王伟", "note": " 1970年生 "}]})
    assert "备注相同" in ok(again, 409)["message"]
    assert [(v["name"], v["note"]) for v in ok(m.call("GET", "/voters"))] == [
        ("王伟", None), ("王伟", "1970年生")]
    # Candidates follow the same rule: the second 王伟 needs a note, one no namesake has.
    m.candidate("王伟", note="1970年生")
    bare = m.call("POST", "/candidates", json={"name": "王伟", "posts": ["member"],
                                               "member_status": "full"})
    assert ok(bare, 409)["code"] == "duplicate_candidate"


def test_a_name_is_corrected_and_a_voter_removed_before_the_quorum_check(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m = Meeting.create(client)
    wang, li, _zhang, _liu = add(m, {"name": "王伟"}, {"name": "李明"}, {"name": "张三"},
                                 {"name": "刘四"})
    no_reason = m.call("PUT", f"/voters/{wang['id']}", json={"name": "王玮", "reason": " "})
    assert ok(no_reason, 422)["message"] == "请求格式有误：理由：须说明理由"
    fixed = ok(m.call("PUT", f"/voters/{wang['id']}",
                      json={"name": "王玮", "note": "1970年生", "reason": "录入错字"}))
    assert (fixed["name"], fixed["note"]) == ("王玮", "1970年生")
    clash = m.call("PUT", f"/voters/{li['id']}",
                   json={"name": "王玮", "note": "1970年生", "reason": "误改"})
    assert ok(clash, 409)["code"] == "duplicate_voter"
    gone = m.client.request("DELETE", m.url(f"/voters/{li['id']}"), headers=m.auth("organiser"),
                            json={"reason": "已迁出，不在本支部"})
    assert gone.status_code == 204, gone.text
    assert [v["name"] for v in ok(m.call("GET", "/voters"))] == ["王玮", "张三", "刘四"]
    log = [e for e in ok(m.call("GET", "/audit")) if e["action"] in ("roll.correct", "roll.remove")]
    assert [(e["action"], e["data"]["reason"]) for e in log] == [
        ("roll.correct", "录入错字"), ("roll.remove", "已迁出，不在本支部")]
    assert log[0]["data"]["before"] == {"name": "王伟", "note": None}
    assert verify(settings, m.eid) == 0
    capsys.readouterr()

    # 核对 fixes the roll.
    for name in ("甲", "乙", "丙", "丁"):
        m.candidate(name)
    everyone = [v["id"] for v in ok(m.call("GET", "/voters"))]
    ok(m.call("POST", "/sign-ins", json={"voter_ids": everyone}))
    rnd = m.first_round()
    ok(m.call("POST", f"/rounds/{rnd['id']}/quorum"))
    late = m.call("PUT", f"/voters/{wang['id']}", json={"name": "王伟", "reason": "改回"})
    assert ok(late, 409)["code"] == "roll_frozen"
    late_remove = m.client.request("DELETE", m.url(f"/voters/{wang['id']}"),
                                   headers=m.auth("organiser"), json={"reason": "x"})
    assert ok(late_remove, 409)["code"] == "roll_frozen"
    assert verify(settings, m.eid) == 0

    # A name changed behind the log's back is found.
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.execute(update(Voter).where(Voter.id == wang["id"]).values(name="王伟"))
        session.commit()
    assert verify(settings, m.eid) == 1
    assert "名册中的“王伟”的姓名、备注或身份与日志不符" in capsys.readouterr().out


def test_a_voter_with_a_proxy_is_not_removed(client: TestClient) -> None:
    m = Meeting.create(client, body="villagers_committee",
                       posts=[{"id": "member", "name": "委员", "seats": 3}])
    grantor, holder = add(m, {"name": "王伟", "status": "registered"},
                          {"name": "王伟", "status": "registered", "note": "三组"})
    proxy = ok(m.call("POST", "/proxies", json={"grantor_id": grantor["id"],
                                                "holder_id": holder["id"]}), 201)
    assert (proxy["grantor_name"], proxy["holder_name"]) == ("王伟", "王伟（三组）")
    refused = m.client.request("DELETE", m.url(f"/voters/{holder['id']}"),
                               headers=m.auth("organiser"), json={"reason": "重复登记"})
    assert ok(refused, 409)["code"] == "voter_has_proxy"
    assert "王伟（三组）" in refused.json()["message"]


def test_the_plenary_roll_is_replayed_too(client: TestClient, settings: Settings,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The first plenary's roll is made with it (app/elections/plenary.py): its log names every
    voter, so a voter slipped into that roll is found."""
    branch = branch_elected(client, title="中共幸福社区支部委员会换届选举（名册）")
    made = ok(branch.call("POST", "/plenary", json=plenary_body(["c01"])), 201)
    plenary = Meeting(client, made, made.pop("tokens"))
    assert verify(settings, plenary.eid) == 0
    capsys.readouterr()
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.add(Voter(election_id=plenary.eid, name="冒名", status="full"))
        session.commit()
    assert verify(settings, plenary.eid) == 1
    assert "名册中的“冒名”没有录入记录（被插入）" in capsys.readouterr().out
