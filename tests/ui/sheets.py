"""The longest realistic sheets (issue 15), set up through the JSON API for the screen tests:
names of 4+ characters and a minority name among them."""

from __future__ import annotations

from typing import Any

import httpx
from uikit import Meeting, ok

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
GIVEN = "建国明华伟芳丽强军平刚涛杰勇艳敏静燕秀英玉兰红霞桂梅洁琳海波辉鹏超"
LONG_NAMES = ("艾尔肯·吐尼亚孜", "欧阳慕容建国", "司马晓光")


def names(n: int) -> list[str]:
    """`n` distinct names: the long ones first, then three-character names."""
    plain = [SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[(i * 7 + 3) % len(GIVEN)]
             for i in range(n)]
    return [*LONG_NAMES[: min(n, len(LONG_NAMES))], *plain][:n]


def meeting_with(base: str, *, body: str, posts: list[dict[str, Any]],
                 stands: dict[str, list[str]], rules: dict[str, Any] | None = None,
                 voters: int = 60) -> Meeting:
    http = httpx.Client(timeout=30)
    created = ok(http.post(f"{base}/api/v1/elections", json={
        "title": "幸福社区换届选举", "body": body, "rules": rules or {}, "posts": posts}), 201)
    meeting = Meeting(base, int(created["id"]), created["tokens"], {}, http)
    party = body.startswith("party")
    for name, on in stands.items():
        extra = {"member_status": "full"} if party else {}
        meeting.ids[name] = meeting.call("POST", "/candidates",
                                         json={"name": name, "posts": on, **extra})["id"]
    status = "full" if party else "registered"
    made = meeting.call("POST", "/voters", json={
        "voters": [{"name": f"选民{i:03d}", "status": status} for i in range(voters)]})
    meeting.call("POST", "/sign-ins", json={"voter_ids": [v["id"] for v in made]})
    return meeting


def secretary_and_eleven_for_nine(base: str) -> Meeting:
    """党委 (基层委员会, direct): 书记 1 of 2 and 委员 9 of 11 on one sheet."""
    people = names(11)
    stands = {n: (["secretary", "member"] if i in (3, 4) else ["member"])
              for i, n in enumerate(people)}
    return meeting_with(base, body="party_branch",
                        rules={"secretary_mode": "direct", "unit_kind": "committee"},
                        posts=[{"id": "secretary", "name": "书记", "seats": 1},
                               {"id": "member", "name": "委员", "seats": 9}], stands=stands)


def village_three_posts(base: str) -> Meeting:
    """村委会: 主任 1 of 2, 副主任 1 of 2, 委员 3 of 5 (3 write-in columns)."""
    people = names(9)
    stands = {people[0]: ["chair"], people[1]: ["chair"], people[2]: ["vice_chair"],
              people[3]: ["vice_chair"], **{n: ["member"] for n in people[4:]}}
    return meeting_with(base, body="villagers_committee",
                        posts=[{"id": "chair", "name": "主任", "seats": 1},
                               {"id": "vice_chair", "name": "副主任", "seats": 1},
                               {"id": "member", "name": "委员", "seats": 3}], stands=stands)


def fifteen_on_one_post(base: str) -> Meeting:
    """党委 (基层委员会, indirect): 委员 11 of 15, one post."""
    return meeting_with(base, body="party_branch",
                        rules={"secretary_mode": "indirect", "unit_kind": "committee"},
                        posts=[{"id": "member", "name": "委员", "seats": 11}],
                        stands={n: ["member"] for n in names(15)})


def fifty_four_for_forty_five(base: str, voters: int = 320) -> Meeting:
    """A list of 54 for 45 seats before 320 voters (the rules cap no committee of this body;
    what matters here is the length of the sheet)."""
    return meeting_with(base, body="supervisory_committee",
                        posts=[{"id": "member", "name": "委员", "seats": 45}],
                        stands={n: ["member"] for n in names(54)}, voters=voters)


def open_for_counting(meeting: Meeting, *, double_entry: bool = False,
                      ballots: int = 10) -> dict[str, Any]:
    rnd: dict[str, Any] = meeting.call("POST", "/rounds", json={"double_entry": double_entry})
    r = f"/rounds/{rnd['id']}"
    meeting.call("POST", f"{r}/quorum", json={})
    meeting.call("POST", f"{r}/issue", json={"ballots_issued": ballots})
    result: dict[str, Any] = meeting.call("POST", f"{r}/return", json={"ballots_returned": ballots})
    return result
