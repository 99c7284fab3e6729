"""The 民政 roster of elected members (CAMPAIGN.md §4): one row per person and post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stats.counts import age_on
from stats.model import Unit

ROSTER_HEADINGS = ("村（社区）", "姓名", "性别", "年龄", "民族", "政治面貌", "文化程度",
                   "当选职务", "当选职务票数", "总票数", "是否初次当选", "是否连选连任")
GROUP_POST_ZH = {"party": "党组织", "committee": "村（居）委会", "supervisory": "监督委员会"}
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
    """Every seat won in these units, by unit, committee and the order of the posts."""
    rows = []
    for unit in units:
        for e in unit.elections:
            for seat in e.elected:
                p = seat.person
                again = e.group in p.previous_groups
                age = (age_on(p.birth_date, e.held_on)
                       if p.birth_date is not None and e.held_on is not None else None)
                rows.append(RosterRow(
                    unit=unit.name, name=p.name, gender=GENDER_ZH.get(p.gender or "", ""),
                    age=age, ethnicity=p.ethnicity or "", political_status=p.political_status
                    or "", education=p.education or "",
                    post=GROUP_POST_ZH[e.group] + seat.post, votes=seat.votes,
                    ballots=seat.ballots, first_elected=not p.previous_groups,
                    reelected=again))
    return rows
