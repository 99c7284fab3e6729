"""The findings of 资格联审 (CAMPAIGN.md §3): plain functions over people, relations and the
election's conditions. A failing condition is a finding, never a silent drop."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.people.models import EDUCATION_LEVELS, RELATION_ZH, Person, Relation
from app.vetting.models import DUTY_ZH, Vetting

# Which committee a body elects: a person may stand for or sit on each.
COMMITTEE = {"party_branch": "party", "party_plenary": "party",
             "villagers_committee": "village", "residents_committee": "village",
             "supervisory_committee": "supervisory"}
COMMITTEE_ZH = {"party": "党组织委员会", "village": "村（居）民委员会",
                "supervisory": "村（居）务监督委员会"}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    text: str
    exemptable: bool  # the organiser may grant an exception with a reason


def full_years(start: date, on: date) -> int:
    """Completed years from `start` to `on` (周岁, 党龄)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def condition_findings(person: Person, rules: Vetting) -> list[Finding]:
    """CAMPAIGN.md §3 — age on the reference date, education, party membership and 党龄."""
    out: list[Finding] = []
    on = rules.reference_date
    when = f"{on.year}年{on.month}月{on.day}日"
    if rules.max_age is not None:
        if person.birth_date is None:
            out.append(Finding("max_age", "未录入出生日期，无法核对年龄", True))
        elif (age := full_years(person.birth_date, on)) > rules.max_age:
            out.append(Finding("max_age", f"至{when}年满{age}周岁，超过{rules.max_age}周岁",
                               True))
    if rules.min_education is not None:
        if person.education is None:
            out.append(Finding("min_education", "未录入文化程度", True))
        elif (EDUCATION_LEVELS.index(person.education)
              < EDUCATION_LEVELS.index(rules.min_education)):
            out.append(Finding("min_education", f"文化程度为{person.education}，低于"
                               f"{rules.min_education}", True))
    if rules.party_member and person.political_status != "中共党员":
        out.append(Finding("party_member", f"政治面貌为{person.political_status or '（未录入）'}"
                           "，不是中共正式党员", True))
    if rules.min_party_years is not None:
        if person.party_joined_on is None:
            out.append(Finding("party_years", "未录入入党日期，无法核对党龄", True))
        elif (years := full_years(person.party_joined_on, on)) < rules.min_party_years:
            out.append(Finding("party_years", f"至{when}党龄{years}年，不足"
                               f"{rules.min_party_years}年", True))
    return out


def relatives(person_id: int, relations: Iterable[Relation]) -> list[tuple[int, str]]:
    """(relative id, kind) of every recorded 近亲属 of the person, either direction."""
    out = []
    for r in relations:
        if r.person_id == person_id:
            out.append((r.relative_id, r.kind))
        elif r.relative_id == person_id:
            out.append((r.person_id, r.kind))
    return out


def relation_findings(person: Person, body: str, *, people: Mapping[int, Person],
                      relations: Iterable[Relation],
                      standing: Mapping[int, set[str]]) -> list[Finding]:
    """近亲属回避 (CAMPAIGN.md §3). `standing`: person id → the committees they stand for in
    this unit's elections; a person's current posts say what they sit on."""
    assert person.id is not None
    out: list[Finding] = []
    committee = COMMITTEE[body]

    def on(pid: int) -> set[str]:
        p = people[pid]
        sits = {COMMITTEE[str(post["body"])] for post in p.posts}
        return sits | standing.get(pid, set())

    if committee == "supervisory" and "village" in on(person.id):
        # RULES.md §4 (组织法 §32) — a 村/居委会 member may not stand for the 监督委员会.
        out.append(Finding("village_committee_member", "本人是（或参选）村（居）民委员会成员，"
                           "不得担任监督委员会成员", False))
    same, village = [], []
    for pid, kind in relatives(person.id, relations):
        if pid not in people:
            continue
        who = f"{people[pid].name}（{RELATION_ZH[kind]}）"
        if committee in on(pid):
            same.append(who)
        if committee == "supervisory" and "village" in on(pid):
            village.append(who)
    if same:
        out.append(Finding("relative_same_committee", f"与近亲属{'、'.join(same)}同时参选或任职"
                           f"{COMMITTEE_ZH[committee]}，应当回避", True))
    if village:
        # RULES.md §4 — close relatives of 村/居委会 members may not stand for the 监督委员会.
        out.append(Finding("relative_on_village_committee",
                           f"近亲属{'、'.join(village)}是（或参选）村（居）民委员会成员，"
                           "不得担任监督委员会成员", False))
    return out


def teller_findings(tellers: Iterable[Mapping[str, object]], candidates: Mapping[int, str],
                    *, people: Mapping[int, Person], relations: Iterable[Relation]) -> list[str]:
    """CAMPAIGN.md §3 — 监票/计票/唱票 people are neither candidates nor their close relatives.
    `candidates`: person id → candidate name."""
    relations = list(relations)
    out = []
    for t in tellers:
        pid = int(str(t["person_id"]))
        duty = DUTY_ZH.get(str(t["duty"]), str(t["duty"]))
        name = people[pid].name if pid in people else f"人员{pid}"
        if pid in candidates:
            out.append(f"{name}是候选人，不能担任{duty}")
        for rid, kind in relatives(pid, relations):
            if rid in candidates:
                out.append(f"{name}是候选人{candidates[rid]}的近亲属（{RELATION_ZH[kind]}），"
                           f"不能担任{duty}")
    return out
