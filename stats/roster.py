"""The 民政 roster of elected members (CAMPAIGN.md §4): one row per person and post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stats.counts import age_on
from stats.model import Election, Seat, Unit

ROSTER_HEADINGS = ("村（社区）", "姓名", "性别", "年龄", "民族", "政治面貌", "文化程度",
                   "当选职务", "当选职务票数", "总票数", "是否初次当选", "是否连选连任")
BODY_POST_ZH = {"party_branch": "党组织", "party_plenary": "党组织",
                "villagers_committee": "村委会", "residents_committee": "居委会",
                "supervisory_committee": "监督委员会"}
GROUP_ORDER = ("party", "committee", "supervisory")
ROLE_ORDER = ("secretary", "deputy_secretary", "chair", "vice_chair", "member")
GENDER_ZH = {"F": "女", "M": "男"}


@dataclass(frozen=True, slots=True)
class RosterRow:
    unit: str
    name: str
    gender: str
    age: int | None
    ethnicity: str
    political_status: str
    education: str
    post: str
    votes: int
    ballots: int
    first_elected: bool
    reelected: bool

    def cells(self) -> tuple[str | int | None, ...]:
        return (self.unit, self.name, self.gender, self.age, self.ethnicity,
                self.political_status, self.education, self.post, self.votes, self.ballots,
                "是" if self.first_elected else "否", "是" if self.reelected else "否")


def roster(units: Sequence[Unit]) -> list[RosterRow]:
    """Every person elected in these units, once per committee with their highest post
    (a 书记 elected 委员 too is listed as 书记), 党组织 before 村/居委会 before 监委会."""
    rows = []
    for unit in units:
        best: dict[tuple[str, str], tuple[Election, Seat]] = {}
        for e in unit.elections:
            for seat in e.elected:
                key = (e.group, seat.person.key)
                held = best.get(key)
                if held is None or _rank(seat.role) < _rank(held[1].role):
                    best[key] = (e, seat)
        ordered = sorted(best.values(), key=lambda es: (GROUP_ORDER.index(es[0].group),
                                                        _rank(es[1].role)))
        for e, seat in ordered:
            p = seat.person
            age = (age_on(p.birth_date, e.held_on)
                   if p.birth_date is not None and e.held_on is not None else None)
            rows.append(RosterRow(
                unit=unit.name, name=p.name, gender=GENDER_ZH.get(p.gender or "", ""),
                age=age, ethnicity=p.ethnicity or "", political_status=p.political_status
                or "", education=p.education or "", post=BODY_POST_ZH[e.body] + seat.post,
                votes=seat.votes, ballots=seat.ballots, first_elected=not p.previous_groups,
                reelected=e.group in p.previous_groups))
    return rows


def _rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)
