"""A hand-computed 3-unit county (CAMPAIGN.md §4): 甲镇 with 东村 and 西村, 乙街道 with 花园社区.

东村: everything complete in the first round; 一肩挑 planned and achieved.
西村: the 村委会 needed a tie-break; the 书记 elected by the first plenary; 一肩挑 planned, missed.
花园社区: the 居委会 needed a 另行选举; 一肩挑 without a plan; no woman on the 两委.
Every election day is 2026-11-20.
"""

from __future__ import annotations

from datetime import date

from stats import Election, Person, Seat, Unit

DAY = date(2026, 11, 20)


def person(key: str, gender: str, born: date | None, ethnicity: str | None,
           education: str | None, status: str, *previous: str) -> Person:
    return Person(key=key, name=key, gender=gender, birth_date=born, ethnicity=ethnicity,
                  education=education, political_status=status,
                  previous_groups=frozenset(previous))  # type: ignore[arg-type]


P = {p.key: p for p in (
    person("王一", "M", date(1980, 1, 1), "汉族", "大专", "中共党员", "party", "committee"),
    person("李二", "M", date(1991, 11, 20), "汉族", "本科", "中共党员"),        # 35 that day
    person("张三", "M", date(1970, 6, 30), "回族", "初中", "中共党员", "party"),
    person("赵四", "F", date(1995, 3, 1), "汉族", "高中/中专", "群众"),
    person("周五", "M", date(1975, 12, 31), "汉族", "大专", "中共党员", "party"),  # 50
    person("吴六", "F", date(1988, 11, 21), "汉族", "研究生", "中共预备党员"),      # 37
    person("郑七", "M", date(1985, 5, 5), "壮族", "高中/中专", "中共党员", "committee"),
    person("钱八", "M", None, None, None, "群众"),
    person("孙九", "M", date(1990, 1, 1), "汉族", "初中", "群众", "committee"),
    person("冯十", "M", date(1978, 8, 8), "汉族", "本科", "中共党员", "party"),
    person("陈十一", "M", date(1992, 2, 2), "汉族", "大专", "中共党员"),
    person("褚十二", "M", date(1960, 1, 1), "汉族", "小学", "群众", "committee"),
    person("卫十三", "M", date(1999, 9, 9), "汉族", "大专", "共青团员"),
    person("蒋十四", "M", date(1970, 1, 1), "汉族", "初中", "中共党员", "supervisory"),
    person("沈十五", "F", date(1980, 1, 1), "汉族", "高中/中专", "群众"),
)}
POST_ZH = {"secretary": "书记", "member": "委员", "chair": "主任", "vice_chair": "副主任"}


def seats(*won: tuple[str, str, int]) -> tuple[Seat, ...]:
    return tuple(Seat(P[name], role, POST_ZH[role], votes, 100) for name, role, votes in won)


def election(body: str, **kw: object) -> Election:
    return Election(body=body, held=True, held_on=DAY, complete=True, **kw)  # type: ignore[arg-type]


COUNTY = Unit(1, "测试县", "county")
TOWN = Unit(2, "甲镇", "township", 1)
STREET = Unit(3, "乙街道", "township", 1)
EAST = Unit(4, "东村", "village", 2, one_shoulder_planned=True, elections=(
    election("party_branch", first_round_complete=True, expected=40, present=36, seats=4,
             candidates=5, direct=True,
             elected=seats(("王一", "secretary", 35), ("王一", "member", 35),
                           ("李二", "member", 30), ("张三", "member", 29))),
    election("villagers_committee", first_round_complete=True, registered=1000, voted=900,
             seats=3, candidates=5,
             elected=seats(("王一", "chair", 700), ("赵四", "member", 600),
                           ("李二", "member", 500))),
    election("supervisory_committee", first_round_complete=True, registered=1000, voted=900,
             seats=2, candidates=3,
             elected=seats(("蒋十四", "chair", 650), ("沈十五", "member", 640))),
))
WEST = Unit(5, "西村", "village", 2, one_shoulder_planned=True, elections=(
    election("party_branch", first_round_complete=True, expected=30, present=25, seats=3,
             candidates=4,
             elected=seats(("周五", "member", 20), ("吴六", "member", 19),
                           ("郑七", "member", 18))),
    election("party_plenary", first_round_complete=True, expected=3, present=3, seats=1,
             candidates=1, elected=seats(("周五", "secretary", 3))),
    # a tie at the boundary: complete only after the tie-break round
    election("villagers_committee", first_round_complete=False, registered=500, voted=400,
             seats=3, candidates=5,
             elected=seats(("郑七", "chair", 300), ("钱八", "member", 250),
                           ("孙九", "member", 201))),
))
GARDEN = Unit(6, "花园社区", "community", 3, elections=(
    election("party_branch", first_round_complete=True, expected=50, present=45, seats=3,
             candidates=4, direct=True,
             elected=seats(("冯十", "secretary", 40), ("冯十", "member", 40),
                           ("陈十一", "member", 38))),
    # a seat left unfilled: complete only after the 另行选举
    election("residents_committee", first_round_complete=False, registered=2000, voted=1500,
             seats=3, candidates=6,
             elected=seats(("冯十", "chair", 1200), ("褚十二", "vice_chair", 900),
                           ("卫十三", "member", 760))),
))
UNITS = (COUNTY, TOWN, STREET, EAST, WEST, GARDEN)
