"""签到台 (issue 15): sign-in desks at several doors, each with its own 签到台 token that can
sign voters in and out and nothing else; a pasted list signs in what it names unambiguously."""

from __future__ import annotations

import argparse
import threading

from fastapi.testclient import TestClient
from meetingkit import Meeting, ok

from app.cli.audit import register, run
from app.settings import Settings

ROLL = ["王伟", "李明", "张三", "欧阳丽", "王建国", "刘芳"]


def desk(m: Meeting, label: str) -> dict[str, str]:
    made = ok(m.call("POST", "/tokens", json={"role": "signin", "label": label}), 201)
    return {"Authorization": f"Bearer {made['token']}"}


def roll_meeting(client: TestClient) -> Meeting:
    m = Meeting.create(client)
    ok(m.call("POST", "/voters", json={"voters": [
        *({"name": n} for n in ROLL), {"name": "王伟", "note": "1970年生"},
        {"name": "赵强", "status": "probationary"}]}), 201)
    return m


def test_a_signin_desk_signs_in_and_nothing_else(client: TestClient) -> None:
    m = roll_meeting(client)
    door = desk(m, "东门")
    voters = ok(client.get(m.url("/voters"), headers=door))
    # 序号 is the printed 签到表's (姓氏笔画): 王 (4 strokes) before 刘 (6) before 李 (7) …
    by_number = sorted(voters, key=lambda v: v["number"])
    assert [v["number"] for v in by_number] == list(range(1, 9))
    assert [v["name"] for v in by_number][:4] == ["王伟", "王伟", "王建国", "刘芳"]
    li = next(v for v in voters if v["name"] == "李明")
    signed = client.post(m.url("/sign-ins"), headers=door, json={"voter_ids": [li["id"]]})
    assert ok(signed)["present"] == 1
    for method, path, body in (("POST", "/voters", {"voters": [{"name": "新人"}]}),
                               ("POST", "/rounds", {}),
                               ("PUT", f"/voters/{li['id']}/exclusion",
                                {"reason": "外出", "approval": "党委批复"}),
                               ("POST", "/tokens", {"role": "signin", "label": "再来一台"})):
        refused = client.request(method, m.url(path), headers=door, json=body)
        assert ok(refused, 403)["code"] == "wrong_role", path
    # Another election's desk is turned away.
    other = roll_meeting(client)
    stranger = client.post(m.url("/sign-ins"), headers=desk(other, "西门"),
                           json={"voter_ids": [li["id"]]})
    assert ok(stranger, 403)["code"] == "wrong_meeting"


def test_a_pasted_list_signs_in_only_what_it_names_unambiguously(
        client: TestClient, settings: Settings) -> None:
    m = roll_meeting(client)
    door = desk(m, "北门")
    numbers = {(v["name"], v["note"]): v["number"]
               for v in ok(client.get(m.url("/voters"), headers=door))}
    out = ok(client.post(m.url("/sign-ins/list"), headers=door, json={"lines": [
        "李明", " 张三 ", "", "王伟", "王伟（1970年生）", str(numbers[("刘芳", None)]),
        "孙悟空", "99", "李明"]}))
    assert out["signed_in"] == ["李明", "张三", "王伟（1970年生）", "刘芳"]
    assert out["unknown"] == ["孙悟空", "99"]
    [ambiguous] = out["ambiguous"]
    assert ambiguous["line"] == "王伟"
    assert sorted(c["note"] or "" for c in ambiguous["choices"]) == ["", "1970年生"]
    assert out["attendance"]["present"] == 4
    again = ok(client.post(m.url("/sign-ins/list"), headers=door, json={"lines": ["李明"]}))
    assert (again["signed_in"], again["already"]) == ([], ["李明"])
    bare_wang = next(v for v in ok(m.call("GET", "/voters"))
                     if v["name"] == "王伟" and v["note"] is None)
    assert not bare_wang["signed_in"]  # the ambiguous line signed in no one
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    assert run(parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                                  "--election", str(m.eid)])) == 0


def test_two_desks_signing_in_at_once_lose_nothing(client: TestClient) -> None:
    m = Meeting.create(client)
    voters = ok(m.call("POST", "/voters", json={
        "voters": [{"name": f"党员{i:02d}"} for i in range(40)]}), 201)
    doors = [desk(m, "东门"), desk(m, "西门")]
    names = [v["name"] for v in voters]
    # Overlapping halves: the middle ten are on both desks' lists.
    lists = [names[:25], names[15:]]
    barrier = threading.Barrier(2)
    answers: list[dict[str, object]] = [{}, {}]

    def work(k: int) -> None:
        barrier.wait()
        answers[k] = ok(client.post(m.url("/sign-ins/list"), headers=doors[k],
                                    json={"lines": lists[k]}))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    signed = [n for a in answers for n in a["signed_in"]]  # type: ignore[attr-defined]
    assert sorted(signed) == sorted(names)  # each person signed in by exactly one desk
    assert ok(m.call("GET", "/attendance"))["present"] == 40
    log = [e for e in ok(m.call("GET", "/audit")) if e["action"] == "roll.sign_in"]
    assert {e["actor"] for e in log} == {"signin:东门", "signin:西门"}


def test_a_sign_in_after_the_count_never_moves_the_rounds_present(client: TestClient) -> None:
    """RULES.md §2: elected needs 2·yes > 实到 of this round — the 实到 fixed at its 核对.
    A latecomer is still signed in (the 签到表 says who came, and a next round counts them),
    but the published round, its record and the 签到 panel keep the round's figure."""
    m = Meeting.create(client)
    cs = [m.candidate(n) for n in ("甲一", "乙二", "丙三", "丁四")]
    m.roll(12, present=10)
    rnd = m.first_round()
    m.open_counting(rnd, 10)
    for _ in range(10):
        m.enter(rnd["id"], {"member": {cs[0]: "yes", cs[1]: "yes", cs[2]: "yes"}})
    m.count(rnd["id"])
    m.publish(rnd["id"])
    published = client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rnd['id']}/record.json")
    assert published.status_code == 200
    record = published.text
    late = [m.voters[10]["id"], m.voters[11]["id"]]
    assert ok(m.call("POST", "/sign-ins", json={"voter_ids": late}))["present"] == 12
    assert ok(m.call("GET", f"/rounds/{rnd['id']}"))["attendance"]["present"] == 10
    assert ok(m.call("GET", f"/rounds/{rnd['id']}/record"))["rounds"][0]["attendance"][
        "present"] == 10
    assert client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rnd['id']}/record.json"
                      ).text == record
    panel = client.get(f"/ui/e/{m.eid}/attendance", headers=m.auth("organiser")).text
    assert '第1轮核对时：应到 <b>12</b> 人 · 实到 <b id="round-present">10</b> 人' in panel
    assert '已签到 <b id="present-count">12</b> 人（比核对时多2人）' in panel
    assert "data-gate" not in panel  # no verdict on the roll as it stands for a judged round
