"""The stored counts of each unit (app.units.stored_counts) equal a from-scratch computation
over every election's facts and person data, after any sequence of changes: units made,
elections made, rounds counted (complete, needing another round, void), 收回 corrected,
another round held, people's data edited, 一肩挑 planned or not. Seeded random sequences,
on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
from countykit import County
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import select
from sqlmodel import Session

import stats
from app.elections.models import Election
from app.rounds.models import Round
from app.units.board import elections_below
from app.units.models import UnitCounts
from app.units.rollup import election_facts
from app.units.service import get_unit, subtree
from app.units.stats_input import stats_units
from app.units.stored_counts import subtree_counts

BODIES = {
    "villagers_committee": ([{"id": "chair", "name": "主任", "seats": 1},
                             {"id": "member", "name": "委员", "seats": 2}], {}),
    "party_branch": ([{"id": "secretary", "name": "书记", "seats": 1},
                      {"id": "member", "name": "委员", "seats": 3}],
                     {"secretary_mode": "direct"}),
    "supervisory_committee": ([{"id": "chair", "name": "主任", "seats": 1},
                               {"id": "member", "name": "委员", "seats": 2}], {}),
}
# Who stands for what, by person index within the 村 (a person may stand in two elections).
STANDS = {"villagers_committee": [(0, ["chair"]), (1, ["chair"]), (2, ["member"]),
                                  (3, ["member"]), (4, ["member"])],
          "party_branch": [(0, ["secretary", "member"]), (2, ["member"]), (5, ["member"]),
                           (6, ["member"])],
          "supervisory_committee": [(1, ["chair"]), (3, ["member"]), (7, ["member"]),
                                    (8, ["member"])]}
NAMES = ("王甲", "李乙", "张丙", "刘丁", "陈戊", "杨己", "赵庚", "黄辛", "周壬")
EDUCATION = ("初中", "高中/中专", "大专", "本科")


class World:
    """A county changed at random through the HTTP API."""

    def __init__(self, client: TestClient, seed: int) -> None:
        self.rng = random.Random(seed)
        self.county = County.create(client, f"随机县{seed}")
        self.towns = [self.county.child(self.county.id, f"镇{t}", "township") for t in range(2)]
        self.villages: dict[int, list[int]] = {}  # village → its people's ids
        self.kinds: dict[int, str] = {}
        self.elections: list[tuple[Meeting, int]] = []  # each with its village
        self.standing: dict[int, dict[str, list[str]]] = {}  # election → post → candidates

    def person_data(self, name: str) -> dict[str, Any]:
        rng = self.rng
        born = f"{rng.randint(1960, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 8)}"
        return {"name": name, "gender": rng.choice(["M", "F"]), "birth_date": born,
                "ethnicity": rng.choice(["汉族", "汉族", "苗族"]),
                "education": rng.choice(EDUCATION),
                "political_status": rng.choice(["中共党员", "群众"]),
                "posts": rng.choice([[], [{"body": "villagers_committee", "post": "主任"}],
                                     [{"body": "party_branch", "post": "书记"}]])}

    def add_village(self) -> None:
        n = len(self.villages)
        kind = self.rng.choice(["village", "community"])
        village = self.county.child(self.rng.choice(self.towns), f"村{n}", kind,
                                    one_shoulder_planned=self.rng.random() < 0.5)
        self.villages[village] = []
        self.kinds[village] = kind

    def add_election(self) -> None:
        village = self.rng.choice(sorted(self.villages))
        body = self.rng.choice(sorted(BODIES))
        if body == "villagers_committee" and self.kinds[village] == "community":
            body = "party_branch"  # (a 居委会 has 5 to 9 members: not drawn here)
        posts, rules = BODIES[body]
        stands = STANDS[body]
        meeting = self.county.election(village, body, posts, rules)
        people = self.villages[village]
        while len(people) < len(NAMES):
            people.append(int(ok(meeting.call("POST", "/people", json=self.person_data(
                NAMES[len(people)])), 201)["id"]))
        standing: dict[str, list[str]] = {}
        for i, stand_posts in stands:
            key = meeting.candidate(NAMES[i], stand_posts, person_id=people[i])
            for post in stand_posts:
                standing.setdefault(post, []).append(key)
        self.standing[meeting.eid] = standing
        if body == "party_branch":
            meeting.roll(self.rng.randint(8, 20))
        elif body == "supervisory_committee":  # 村民代表会议: the representatives signed in
            meeting.roll(self.rng.randint(8, 20), status="registered")
        else:
            meeting.roll(self.rng.randint(10, 30), status="registered", present=0)
        self.elections.append((meeting, village))

    def hold_round(self) -> None:
        """The next round an election needs (its first, or what the last result asks for),
        counted from random 正字 totals; sometimes more returned than issued (void)."""
        meeting, _village = self.rng.choice(self.elections)
        rounds = ok(meeting.call("GET", "/rounds"))
        if not rounds:
            rnd = meeting.first_round()
        elif rounds[-1]["state"] in ("counted", "void", "published"):
            made = meeting.call("POST", "/rounds/next", json={})
            if made.status_code != 201:  # complete, or a list the organiser must name
                return
            rnd = made.json()
        else:
            return
        if any(spec.get("needs_nomination") for spec in (rnd["contests"] or {}).values()):
            return
        rid = rnd["id"]
        ok(meeting.call("POST", f"/rounds/{rid}/quorum"))
        present = len(meeting.voters)
        issued = self.rng.randint(max(1, present * 2 // 3), present)
        ok(meeting.call("POST", f"/rounds/{rid}/issue", json={"ballots_issued": issued}))
        returned = issued + 1 if self.rng.random() < 0.1 else self.rng.randint(
            issued * 3 // 4, issued)
        back = ok(meeting.call("POST", f"/rounds/{rid}/return",
                               json={"ballots_returned": returned}))
        if back["state"] == "void":
            return
        if self.rng.random() < 0.5:  # 收回 corrected before the count
            returned = max(1, returned - 1)
            ok(meeting.call("POST", f"/rounds/{rid}/counts",
                            json={"ballots_returned": returned, "reason": "点错了"}))
            if self.rng.random() < 0.5:  # and not counted yet
                return
        contests = ok(meeting.call("GET", f"/rounds/{rid}"))["contests"] or {
            post: {"candidates": cands} for post, cands in self.standing[meeting.eid].items()}
        totals = {}
        for post, spec in contests.items():
            cands = spec["candidates"]
            yes, left = {}, returned
            for c in cands:
                yes[c] = self.rng.randint(0, left)
                left -= yes[c]
            totals[post] = {"invalid": 0, "yes": yes}
        ok(meeting.call("PUT", f"/rounds/{rid}/totals", "teller", json={"totals": totals}))
        ok(meeting.call("POST", f"/rounds/{rid}/count", "scrutineer"))

    def edit_person(self) -> None:
        meeting, village = self.rng.choice(self.elections)
        pid = self.rng.choice(self.villages[village])
        name = ok(meeting.call("GET", f"/people/{pid}"))["name"]
        ok(meeting.call("PUT", f"/people/{pid}", json=self.person_data(name)))

    def toggle_plan(self) -> None:
        village = self.rng.choice(sorted(self.villages))
        planned = ok(self.county.call("GET", f"/{village}"))["one_shoulder_planned"]
        ok(self.county.call("PATCH", f"/{village}", json={"one_shoulder_planned": not planned}))

    def step(self) -> None:
        choices = [self.add_village]
        if self.villages:
            choices += [self.add_election, self.toggle_plan]
        if self.elections:
            choices += [self.hold_round] * 4 + [self.edit_person]
        self.rng.choice(choices)()


def from_scratch(session: Session, root_id: int) -> dict[int, dict[str, int]]:
    """Every unit's rolled-up counts computed again from every election's rounds (their facts
    taken afresh, not as stored) and the people's data."""
    root = get_unit(session=session, unit_id=root_id)
    rows = []
    for row in elections_below(session=session, unit=root):
        election = session.get(Election, row.id)
        assert election is not None
        rounds = list(session.execute(select(Round).where(Round.election_id == row.id)
                                      .order_by(Round.number)).scalars())  # type: ignore[arg-type]
        rows.append(SimpleNamespace(unit_id=row.unit_id, body=row.body, facts=election_facts(
            session=session, election=election, rounds=rounds)))
    units = stats_units(session=session, unit=root, rows=rows)
    return {u: dict(c) for u, c in stats.tree_counts(units).items()}


def from_rows(session: Session, root_id: int) -> dict[int, dict[str, int]]:
    root = get_unit(session=session, unit_id=root_id)
    units = subtree(session=session, unit=root)
    kept = set(session.execute(select(UnitCounts.unit_id)).scalars())
    assert {u.id for u in units} <= kept  # every unit has its row: nothing computed on read
    return {u: dict(c) for u, c in subtree_counts(session=session, root=root,
                                                  units=units).items()}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_counts_equal_a_recomputation_after_random_changes(client: TestClient,
                                                                  seed: int) -> None:
    world = World(client, seed)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    for step in range(60):
        world.step()
        if world.elections:
            with Session(engine) as session:
                assert from_rows(session, world.county.id) == from_scratch(
                    session, world.county.id), f"seed {seed}, step {step}"
    with Session(engine) as session:
        expected = from_scratch(session, world.county.id)[world.county.id]
    api = ok(world.county.call("GET", f"/{world.county.id}/statistics"))
    assert api["counts"] == expected
    held = expected["committee_held"] + expected["party_held"]
    assert held > 0 and expected["two_people"] > 0  # the sequence did count rounds
