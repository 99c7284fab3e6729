"""RECORD.md boxes: each box may carry its own `ballots` or `totals` (one 投票站 counted by hand
on a 正字 sheet while the others were entered ballot by ballot); the round is the sum."""

from __future__ import annotations

from recordkit import ballot, check, problems_of, result_of
from villagekit import committee_people

from counting.record import RECORD_FORMAT

CHAIR_A = ballot({"chair": {"c01": "yes"}, "vice_chair": {"c03": "yes"},
                  "member": {"c05": "yes", "c06": "yes", "c07": "yes"}})
CHAIR_B = ballot({"chair": {"c02": "yes"}, "vice_chair": {"c04": "yes"},
                  "member": {"c05": "yes", "c08": "yes"}}, {"member": [("方小红", "none")]})


def doc(boxes: list[dict], registered: int = 40, **round_extra: object) -> dict:
    return {
        "format": RECORD_FORMAT,
        "election": {"title": "幸福村", "body": "villagers_committee", "rules": {}},
        "posts": [{"id": "chair", "name": "主任", "seats": 1},
                  {"id": "vice_chair", "name": "副主任", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 3}],
        "candidates": committee_people(),
        "rounds": [{"id": "r1", "attendance": {"registered": registered}, "boxes": boxes,
                    **round_extra}],
    }


def as_totals(ballots: list[dict]) -> dict:
    """What a hand count of `ballots` gives (all sections valid here)."""
    out: dict = {p: {"invalid": 0, "yes": {}, "no": {}, "write_ins": {}}
                 for p in ("chair", "vice_chair", "member")}
    for b in ballots:
        for post, marks in b["marks"].items():
            for cid, mark in marks.items():
                out[post][mark][cid] = out[post][mark].get(cid, 0) + 1
        for post, ws in b.get("write_ins", {}).items():
            for w in ws:
                out[post]["write_ins"][w["name"]] = out[post]["write_ins"].get(w["name"], 0) + 1
    return out


def comparable(result: dict) -> dict:
    r = result["rounds"][0]
    return {"status": r["status"], "outcome": result["outcome"],
            "posts": {p: (v["sections_valid"], sorted((t.get("id", t["name"]), t["yes"],
                                                       t.get("no"))
                                                      for t in v["tally"]))
                      for p, v in r["posts"].items()}}


def test_a_box_by_totals_and_boxes_by_ballots_add_up() -> None:
    main = [CHAIR_A] * 12 + [CHAIR_B] * 3
    station = [CHAIR_A] * 5 + [CHAIR_B] * 4
    mobile = [CHAIR_B] * 2
    apart = doc([
        {"id": "main", "kind": "main", "issued": 16, "returned": 15, "ballots": main},
        {"id": "s1", "kind": "station", "name": "第一投票站", "issued": 10, "returned": 9,
         "totals": as_totals(station)},
        {"id": "m1", "kind": "mobile", "name": "流动票箱", "issued": 2, "returned": 2,
         "ballots": mobile},
    ])
    together = doc([{"id": "main", "issued": 16, "returned": 15},
                    {"id": "s1", "issued": 10, "returned": 9},
                    {"id": "m1", "issued": 2, "returned": 2}],
                   ballots=main + station + mobile, ballots_issued=28)
    got, want = result_of(apart), result_of(together)
    assert comparable(got) == comparable(want)
    assert got["rounds"][0]["ballots"]["returned"] == 26
    assert check(got, "turnout")["actual"] == 26
    chair = {t["id"]: t["yes"] for t in got["rounds"][0]["posts"]["chair"]["tally"]}
    assert chair == {"c01": 17, "c02": 9}


def test_a_box_returning_more_than_issued_voids_the_round() -> None:
    result = result_of(doc([
        {"id": "main", "issued": 10, "returned": 10, "ballots": [CHAIR_A] * 10},
        {"id": "s1", "issued": 3, "returned": 4, "totals": as_totals([CHAIR_A] * 4)},
    ], registered=20))
    assert result["rounds"][0]["status"] == "void"


def test_the_round_holds_no_ballots_when_its_boxes_do() -> None:
    bad = doc([{"id": "main", "issued": 2, "returned": 2, "ballots": [CHAIR_A] * 2}],
              ballots=[CHAIR_A] * 2)
    assert problems_of(bad)[0][0] == "/rounds/0"


def test_every_box_gives_ballots_or_totals() -> None:
    bad = doc([{"id": "main", "issued": 2, "returned": 2, "ballots": [CHAIR_A] * 2},
               {"id": "s1", "issued": 1, "returned": 1}])
    ((pointer, zh, _en),) = problems_of(bad)
    assert pointer == "/rounds/0/boxes/1" and "每个票箱" in zh


def test_a_box_lists_as_many_ballots_as_it_returned() -> None:
    bad = doc([{"id": "main", "issued": 3, "returned": 3, "ballots": [CHAIR_A] * 2}])
    assert problems_of(bad)[0][0] == "/rounds/0/boxes/0/returned"


def test_a_box_total_is_checked_like_a_round_total() -> None:
    totals = as_totals([CHAIR_A] * 3)
    totals["chair"]["yes"]["c01"] = 4  # more than the box's 3 ballots
    bad = doc([{"id": "main", "issued": 3, "returned": 3, "totals": totals}])
    assert problems_of(bad)[0][0].startswith("/rounds/0/boxes/0/totals/chair")
