"""`python -m app.demo --county`: seed a demo county once (idempotent), print its links.

演示县: 3 乡镇/街道 × 4 村/社区, each with its 党组织 (直选) and 村/居委会 elections and person
data. Finished units (both counted; one 村委会 after a 另行选举), running ones (ballots out),
and late ones (still preparing, the plan's dates passed). Everything goes through the
services, as the API would: the statistics come from counted rounds, never typed in.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.deps import Actor
from app.elections.models import CandidateCreate, Election, ElectionCreate, PostIn
from app.elections.service import add_candidate, create_election, get_election
from app.entry.models import TotalsIn
from app.entry.service import put_totals
from app.people.models import PersonIn, PersonPost
from app.people.service import add_person
from app.roll.models import VoterIn, VotersIn
from app.roll.service import add_voters, sign_in
from app.rounds.models import IssueIn, ReturnIn, Round
from app.rounds.service import (
    check_quorum,
    count_round,
    create_first_round,
    create_next_round,
    issue_ballots,
    return_ballots,
)
from app.timeutil import utcnow
from app.units.models import Unit
from app.units.rollup import set_progress
from app.units.service import add_unit, root_tokens

COUNTY = "演示县"
TOWNS = (("城关镇", "village", ("东关村", "西关村", "南关村", "北关村")),
         ("河口镇", "village", ("上河村", "下河村", "柳林村", "桃园村")),
         ("新华街道", "community", ("幸福社区", "和平社区", "光明社区", "团结社区")))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "秀英", "伟", "芳", "强", "静", "军", "丽", "磊", "敏", "涛", "霞", "斌", "艳",
         "华", "娟", "明", "燕", "勇", "玲")
EDUCATION = ("初中", "高中/中专", "大专", "本科")
ETHNICITY = ("汉族",) * 8 + ("回族", "满族")
# village index within its town → what the demo shows
FINISHED, SUPPLEMENTARY, RUNNING, LATE = 0, 1, 2, 3


def _people(rng: random.Random, n: int) -> list[PersonIn]:
    names: set[str] = set()
    out = []
    while len(out) < n:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name in names:
            continue
        names.add(name)
        female = len(out) % 3 == 1
        posts = ([PersonPost(body="villagers_committee", post="委员")]
                 if rng.random() < 0.4 else [])
        party = rng.random() < 0.7
        out.append(PersonIn(
            name=name, gender="F" if female else "M",
            birth_date=date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            ethnicity=rng.choice(ETHNICITY), education=rng.choice(EDUCATION),
            political_status="中共党员" if party else "群众", posts=posts))
    return out


def _hold_round(session: Session, election: Election, rnd: Round, actor: Actor,
                voted: int, totals: dict[str, Any] | None) -> Round:
    rnd = check_quorum(session=session, election=election, rnd=rnd, actor=actor)
    rnd = issue_ballots(session=session, election=election, rnd=rnd,
                        data=IssueIn(ballots_issued=voted), actor=actor)
    rnd = return_ballots(session=session, election=election, rnd=rnd,
                         data=ReturnIn(ballots_returned=voted), actor=actor)
    if totals is None:
        return rnd
    put_totals(session=session, election=election, rnd=rnd, data=TotalsIn(totals=totals),
               actor=actor)
    return count_round(session=session, election=election, rnd=rnd, actor=actor)


def _election(session: Session, unit: Unit, body: str, posts: list[PostIn],
              rules: dict[str, Any] | None = None) -> Election:
    title = f"{unit.name}{'党支部委员会' if body == 'party_branch' else '换届'}选举"
    election, _tokens = create_election(session=session, data=ElectionCreate(
        title=title, body=body, rules=rules or {}, posts=posts, unit_id=unit.id))  # type: ignore[arg-type]
    return election


def seed_village(session: Session, unit: Unit, how: int, rng: random.Random) -> None:
    body = "residents_committee" if unit.kind == "community" else "villagers_committee"
    committee = _election(session, unit, body, [
        PostIn(id="chair", name="主任", seats=1), PostIn(id="vice_chair", name="副主任", seats=1),
        PostIn(id="member", name="委员", seats=3)])
    party = _election(session, unit, "party_branch", [
        PostIn(id="secretary", name="书记", seats=1), PostIn(id="member", name="委员", seats=3)],
        {"secretary_mode": "direct"})
    assert committee.id is not None and party.id is not None
    actor = Actor(committee.id, "organiser", "演示数据")
    people = [add_person(session=session, election=committee, data=p, actor=actor)
              for p in _people(rng, 10)]
    stands = (["chair"], ["chair"], ["vice_chair"], ["vice_chair"], ["member"], ["member"],
              ["member"], ["member"])
    cand = [add_candidate(session=session, election=committee, actor=actor,
                          data=CandidateCreate(person_id=p.id, posts=posts))
            for p, posts in zip(people, stands, strict=False)]
    # 党组织: 书记 the 主任 candidate (一肩挑 planned), 委员 four of the people.
    pactor = Actor(party.id, "organiser", "演示数据")
    pcand = [add_candidate(session=session, election=party, actor=pactor, data=CandidateCreate(
        person_id=people[0].id, posts=["secretary", "member"], member_status="full"))]
    for p in (people[2], people[4], people[8]):
        pcand.append(add_candidate(session=session, election=party, actor=pactor,
                                   data=CandidateCreate(person_id=p.id, posts=["member"],
                                                        member_status="full")))
    registered = rng.randint(300, 1500)
    add_voters(session=session, election=committee, actor=actor, data=VotersIn(
        voters=[VoterIn(name=f"选民{i:04d}", status="registered") for i in range(registered)]))
    members = rng.randint(25, 60)
    voters = add_voters(session=session, election=party, actor=pactor, data=VotersIn(
        voters=[VoterIn(name=f"党员{i:03d}", status="full") for i in range(members)]))
    present = members - rng.randint(0, 4)
    sign_in(session=session, election=party, voter_ids=[v.id for v in voters[:present]  # type: ignore[misc]
                                                        if v.id], present=True, actor=pactor)
    today = utcnow().date()
    plan = {"registration": today - timedelta(days=20), "nomination": today - timedelta(days=10),
            "qualification": today - timedelta(days=5), "voting": today + timedelta(days=3)}
    for election in (committee, party):
        set_progress(session=session, election=election,
                     stage="preparation" if how == LATE else "qualification",
                     plan={k: v.isoformat() for k, v in plan.items()}, actor="演示数据")
    session.commit()
    if how == LATE:
        return
    keys = [c.key for c in pcand]
    p_round = create_first_round(session=session, election=party, double_entry=False,
                                 actor=pactor)
    _hold_round(session, party, p_round, pactor, present, {
        "secretary": {"invalid": 0, "yes": {keys[0]: present - 2}, "no": {keys[0]: 1}},
        "member": {"invalid": 1, "yes": {keys[0]: present - 3, keys[1]: present - 5,
                                         keys[2]: present - 6, keys[3]: 3}}})
    c = [x.key for x in cand]
    voted = registered * rng.randint(75, 92) // 100
    c_round = create_first_round(session=session, election=committee, double_entry=False,
                                 actor=actor)
    if how == RUNNING:  # ballots out, the boxes not back yet
        check_quorum(session=session, election=committee, rnd=c_round, actor=actor)
        issue_ballots(session=session, election=committee, rnd=c_round,
                      data=IssueIn(ballots_issued=voted), actor=actor)
        return
    half = voted // 2
    second_member = half - 10 if how == SUPPLEMENTARY else half + 20  # short of a majority
    _hold_round(session, committee, c_round, actor, voted, {
        "chair": {"invalid": 2, "yes": {c[0]: half + 40, c[1]: half - 60}},
        "vice_chair": {"invalid": 3, "yes": {c[2]: half + 30, c[3]: half - 50}},
        "member": {"invalid": 4, "yes": {c[4]: half + 60, c[5]: half + 35,
                                         c[6]: second_member, c[7]: voted // 4}}})
    if how == SUPPLEMENTARY and unit.kind == "village":  # a 社区's 另行选举 is still to come
        committee = get_election(session=session, election_id=committee.id)
        nxt = create_next_round(session=session, election=committee, double_entry=False,
                                actor=actor)
        _hold_round(session, committee, nxt, actor, voted - 30, {
            "member": {"invalid": 1, "yes": {c[6]: voted // 2, c[7]: voted // 5}}})


def seed_county(session: Session) -> dict[str, Any]:
    existing = session.execute(select(Unit).where(Unit.name == COUNTY,
                                                  Unit.kind == "county")).scalar()
    if existing is not None:
        return {"unit_id": existing.id, "created": False}
    rng = random.Random(2026)
    county = add_unit(session=session, parent=None, name=COUNTY, kind="county",
                      actor="演示数据")
    tokens = root_tokens(session=session, unit=county)
    session.commit()
    for town_name, kind, villages in TOWNS:
        town = add_unit(session=session, parent=county, name=town_name, kind="township",
                        actor="演示数据")
        session.commit()
        for how, name in enumerate(villages):
            unit = add_unit(session=session, parent=town, name=name, kind=kind, actor="演示数据",
                            one_shoulder_planned=how != LATE)
            session.commit()
            seed_village(session, unit, how, rng)
    return {"unit_id": county.id, "created": True, "tokens": tokens}
