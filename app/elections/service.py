"""Setting up an election: rules, posts, candidates (validated on entry), tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.audit.service import append, start_chain
from app.auth.models import MEETING_ROLES, ROLE_ZH
from app.auth.service import issue_token, token_facts
from app.db import begin_write
from app.deps import Actor
from app.elections.models import (
    BallotCreate,
    Candidate,
    CandidateCreate,
    CandidatePublic,
    CheckOut,
    Election,
    ElectionCreate,
    ElectionPublic,
    ElectionUpdate,
    Post,
    PostIn,
)
from app.errors import Conflict, InvalidInput, InvalidState, NotFound
from app.names import namesake_clash
from app.people.models import Person
from app.rounds.models import Round
from app.units.service import unit_for_election
from app.units.stored_counts import refresh_unit_counts
from ballots.strokes import StrokeError, stroke_key
from counting.model import ROLES
from counting.rules import PARTY_BODIES, RuleProblem, rules_for

MAX_CANDIDATES = 300
ISSUED_STATES = ("issued", "counting", "counted", "published", "void")


def check_rules(body: str, rules: dict[str, Any]) -> None:
    try:
        rules_for(body, rules)  # type: ignore[arg-type]
    except RuleProblem as problem:
        raise InvalidInput(problem.zh, code="invalid_rules",
                           detail={"key": problem.key, "en": problem.en}) from None


def check_posts(posts: Sequence[PostIn]) -> None:
    ids = [p.id for p in posts]
    if len(set(ids)) != len(ids):
        raise InvalidInput("职位编号重复", code="duplicate_post")


def create_election(*, session: Session, data: ElectionCreate) -> tuple[Election, dict[str, str]]:
    check_rules(data.body, data.rules)
    check_posts(data.posts)
    begin_write(session)
    unit_id = unit_for_election(session=session, unit_id=data.unit_id, title=data.title)
    election, tokens = new_election(session=session, title=data.title, body=data.body,
                                    rules=data.rules, posts=data.posts, unit_id=unit_id)
    assert election.id is not None
    append(session=session, election_id=election.id, actor="setup", action="election.create",
           target=f"election:{election.id}",
           data={**data.model_dump(mode="json"),
                 "tokens": token_facts(session=session, election_id=election.id)})
    session.commit()
    return election, tokens


def create_ballot(*, session: Session, parent: Election, data: BallotCreate,
                  actor: Actor) -> tuple[Election, dict[str, str]]:
    """One meeting, several ballots: another election on `parent`'s roll and sign-in, with
    its own posts, candidates, rounds, result and announcement (a tie in one holds back
    nothing of the other)."""
    assert parent.id is not None
    if parent.roll_of is not None or parent.body == "party_plenary":
        raise Conflict("只能在会议的第一场选举（名册和签到所在的选举）中增加另一张选票",
                       code="not_roll_owner")
    check_rules(parent.body, data.rules)
    check_posts(data.posts)
    begin_write(session, parent)
    election, tokens = new_election(session=session, title=data.title, body=parent.body,
                                    rules=data.rules, posts=data.posts, roll_of=parent.id,
                                    unit_id=parent.unit_id)  # the same 村/社区's people
    assert election.id is not None
    append(session=session, election_id=election.id, actor=actor.name, action="election.create",
           target=f"election:{election.id}",
           data={**data.model_dump(mode="json"), "body": parent.body, "roll_of": parent.id,
                 "tokens": token_facts(session=session, election_id=election.id)})
    append(session=session, election_id=parent.id, actor=actor.name, action="election.ballot",
           target=f"election:{election.id}", data={"title": data.title})
    session.commit()
    return election, tokens


def ballots_of(*, session: Session, parent_id: int) -> list[Election]:
    """The other elections held on `parent_id`'s roll."""
    return list(session.execute(select(Election).where(Election.roll_of == parent_id)
                                .order_by(Election.id)).scalars())  # type: ignore[arg-type]


def new_election(*, session: Session, title: str, body: str, rules: dict[str, Any],
                 posts: Sequence[PostIn], **columns: Any) -> tuple[Election, dict[str, str]]:
    """Inside a write: the election, its posts, its audit chain and one token per role."""
    election = Election(title=title, body=body, rules=rules, **columns)
    session.add(election)
    session.flush()
    assert election.id is not None
    _replace_posts(session, election.id, posts)
    start_chain(session=session, election_id=election.id)
    # A 村 with one more election to hold is not done (its stored counts move).
    refresh_unit_counts(session=session, unit_ids=[election.unit_id])
    tokens = {}
    for role in MEETING_ROLES:
        zh = ROLE_ZH[role]
        _token, secret = issue_token(session=session, election_id=election.id, role=role, label=zh)
        tokens[role] = secret
    return election, tokens


def _replace_posts(session: Session, election_id: int, posts: Sequence[PostIn]) -> None:
    for old in session.execute(select(Post).where(Post.election_id == election_id)).scalars():
        session.delete(old)
    session.flush()
    for i, p in enumerate(posts):
        session.add(Post(election_id=election_id, key=p.id, name=p.name, seats=p.seats,
                         role=p.role, women_only=p.women_only, position=i))
    session.flush()


def post_role(key: str, role: str | None) -> str:
    """What a post is (RECORD.md): its `role`, else its id when that is a role, else 委员."""
    return role or (key if key in ROLES else "member")


def get_election(*, session: Session, election_id: int) -> Election:
    election = session.get(Election, election_id)
    if election is None:
        raise NotFound("找不到这场选举", code="election_not_found")
    return election


def posts_of(*, session: Session, election_id: int) -> list[Post]:
    return list(session.execute(
        select(Post).where(Post.election_id == election_id).order_by(Post.position)
    ).scalars())


def candidates_of(*, session: Session, election_id: int) -> list[Candidate]:
    return list(session.execute(
        select(Candidate).where(Candidate.election_id == election_id).order_by(Candidate.id)
    ).scalars())


def is_locked(*, session: Session, election_id: int) -> bool:
    """The set-up is frozen once any round has issued ballots."""
    issued = session.execute(
        select(func.count()).select_from(Round).where(
            Round.election_id == election_id, Round.state.in_(ISSUED_STATES))  # type: ignore[attr-defined]
    ).scalar_one()
    return bool(issued)


def ensure_unlocked(*, session: Session, election_id: int) -> None:
    if is_locked(session=session, election_id=election_id):
        raise InvalidState("选票已经发出，不能再修改选举设置和候选人", code="election_locked")


def public_posts(posts: list[Post]) -> list[PostIn]:
    return [PostIn(id=p.key, name=p.name, seats=p.seats, role=p.role,  # type: ignore[arg-type]
                   women_only=p.women_only) for p in posts]


def election_public(*, session: Session, election: Election) -> ElectionPublic:
    from app.rounds.record import setup_checks

    assert election.id is not None
    return ElectionPublic(
        id=election.id, title=election.title, body=election.body, rules=election.rules,
        posts=public_posts(posts_of(session=session, election_id=election.id)),
        committee=election.committee, plenary_of=election.plenary_of, unit_id=election.unit_id,
        roll_of=election.roll_of,
        created_at=election.created_at,
        locked=is_locked(session=session, election_id=election.id),
        checks=setup_checks(session=session, election=election),
    )


def update_election(*, session: Session, election: Election, data: ElectionUpdate,
                    actor: Actor) -> Election:
    assert election.id is not None
    begin_write(session, election)
    ensure_unlocked(session=session, election_id=election.id)
    if data.title is not None:
        election.title = data.title
    if data.rules is not None:
        check_rules(election.body, data.rules)
        election.rules = data.rules
    if data.posts is not None:
        check_posts(data.posts)
        keys = {p.id for p in data.posts}
        for c in candidates_of(session=session, election_id=election.id):
            missing = [p for p in c.posts if p not in keys]
            if missing:
                raise Conflict(f"候选人{c.name}参选的职位“{missing[0]}”不能删除",
                               code="post_in_use")
        _replace_posts(session, election.id, data.posts)
    session.add(election)
    append(session=session, election_id=election.id, actor=actor.name, action="election.update",
           target=f"election:{election.id}", data=data.model_dump(mode="json", exclude_none=True))
    session.commit()
    return election


def candidate_public(c: Candidate) -> CandidatePublic:
    return CandidatePublic(id=c.key, name=c.name, surname=c.surname, gender=c.gender,
                           posts=list(c.posts), member_status=c.member_status,  # type: ignore[arg-type]
                           holds_committee_post=c.holds_committee_post,
                           committee_relative=c.committee_relative, note=c.note,
                           person_id=c.person_id)


def check_candidate(*, session: Session, election: Election, data: CandidateCreate,
                    existing: Candidate | None = None) -> None:
    """Eligibility on entry (RULES.md §2, §3, §4); 差额 is reported by `setup_checks`."""
    assert election.id is not None
    posts = {p.key: p for p in posts_of(session=session, election_id=election.id)}
    if len(set(data.posts)) != len(data.posts):
        raise InvalidInput("参选职位重复", code="duplicate_post")
    for post_id in data.posts:
        if post_id not in posts:
            raise InvalidInput(f"没有编号为“{post_id}”的职位", code="unknown_post")
        if posts[post_id].women_only and data.gender != "F":
            raise InvalidInput(f"{posts[post_id].name}只能由女性候选人竞选",
                               code="ineligible_candidate")
    try:
        # RULES.md §7.7 — a character the stroke table does not know fails now, not at printing.
        stroke_key(data.name, data.surname)
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    if election.body in PARTY_BODIES and data.member_status != "full":
        # RULES.md §2 — only 正式党员 have the right to vote and to stand.
        raise InvalidInput(f"{data.name}：党组织选举的候选人须为正式党员（预备党员、留党察看、"
                           "停止党员权利者没有被选举权）", code="ineligible_candidate")
    if election.body == "supervisory_committee" and (
            data.holds_committee_post or data.committee_relative):
        # RULES.md §4 (组织法 §32) — members of the 村/居民委员会 and their close relatives
        # may not stand; members of the party committee may (the 纪检委员 often chairs it).
        raise InvalidInput(f"{data.name}：村（居）民委员会成员及其近亲属不得担任监督委员会成员"
                           "（党组织委员可以）", code="ineligible_candidate")
    committee = {m.get("name") for m in election.committee or []}
    if election.body == "party_plenary" and committee and data.name not in committee:
        # RULES.md §2 — the plenary elects 书记/副书记 from the newly elected 委员.
        raise InvalidInput(f"{data.name}不是新当选的委员，不能作为书记、副书记候选人",
                           code="not_elected_member")
    clash = namesake_clash(data.name, data.note, [
        (c.name, c.note) for c in candidates_of(session=session, election_id=election.id)
        if c is not existing])
    if clash:
        raise Conflict("候选人中" + clash, code="duplicate_candidate")


# 政治面貌 → the roll's status of a party member (RULES.md §2)
PARTY_STATUS = {"中共党员": "full", "中共预备党员": "probationary"}


def with_person(*, session: Session, election: Election,
                data: CandidateCreate) -> CandidateCreate:
    """The candidate with name, 姓, gender (and party status) from the linked person:
    entered once per 村/社区 (CAMPAIGN.md §3), never retyped."""
    if data.person_id is None:
        if data.name is None:
            raise InvalidInput("请填写候选人姓名，或选择人员信息", code="missing_name")
        return data
    person = session.get(Person, data.person_id)
    if person is None or person.unit_id != election.unit_id:
        raise InvalidInput(f"本村（社区）的人员信息中没有编号为{data.person_id}的人",
                           code="person_not_found")
    status = data.member_status
    if status is None and election.body in PARTY_BODIES:
        status = PARTY_STATUS.get(person.political_status or "")
    return data.model_copy(update={"name": person.name, "surname": person.surname,
                                   "gender": person.gender or data.gender,
                                   "member_status": status})


def add_candidate(*, session: Session, election: Election, data: CandidateCreate,
                  actor: Actor) -> Candidate:
    assert election.id is not None
    begin_write(session, election)
    ensure_unlocked(session=session, election_id=election.id)
    candidate = insert_candidate(session=session, election=election, data=data, actor=actor)
    session.commit()
    return candidate


def insert_candidate(*, session: Session, election: Election, data: CandidateCreate,
                     actor: Actor) -> Candidate:
    """Inside a write: the candidate checked (RULES.md §2–4), numbered, added and audited."""
    assert election.id is not None
    data = with_person(session=session, election=election, data=data)
    check_candidate(session=session, election=election, data=data)
    known = candidates_of(session=session, election_id=election.id)
    if len(known) >= MAX_CANDIDATES:
        raise Conflict(f"候选人不能超过{MAX_CANDIDATES}人", code="too_many_candidates")
    number = max((int(c.key[1:]) for c in known), default=0) + 1
    candidate = Candidate(election_id=election.id, key=f"c{number:02d}",
                          **data.model_dump(exclude={"posts"}), posts=list(data.posts))
    session.add(candidate)
    append(session=session, election_id=election.id, actor=actor.name, action="candidate.add",
           target=f"candidate:{candidate.key}", data=data.model_dump(mode="json"))
    session.flush()
    return candidate


def get_candidate(*, session: Session, election_id: int, key: str) -> Candidate:
    found = session.execute(select(Candidate).where(
        Candidate.election_id == election_id, Candidate.key == key)).scalar_one_or_none()
    if found is None:
        raise NotFound("找不到这位候选人", code="candidate_not_found")
    return found


def update_candidate(*, session: Session, election: Election, candidate: Candidate,
                     data: CandidateCreate, actor: Actor) -> Candidate:
    assert election.id is not None
    begin_write(session, election, candidate)
    ensure_unlocked(session=session, election_id=election.id)
    data = with_person(session=session, election=election, data=data)
    check_candidate(session=session, election=election, data=data, existing=candidate)
    for key, value in data.model_dump().items():
        setattr(candidate, key, value)
    session.add(candidate)
    append(session=session, election_id=election.id, actor=actor.name, action="candidate.update",
           target=f"candidate:{candidate.key}", data=data.model_dump(mode="json"))
    session.commit()
    return candidate


def delete_candidate(*, session: Session, election: Election, candidate: Candidate,
                     actor: Actor) -> None:
    assert election.id is not None
    begin_write(session, election, candidate)
    ensure_unlocked(session=session, election_id=election.id)
    remove_candidate(session=session, election=election, candidate=candidate, actor=actor)
    session.commit()


def remove_candidate(*, session: Session, election: Election, candidate: Candidate,
                     actor: Actor) -> None:
    """Inside a write: the candidate removed and audited."""
    assert election.id is not None
    session.delete(candidate)
    append(session=session, election_id=election.id, actor=actor.name, action="candidate.delete",
           target=f"candidate:{candidate.key}", data={"name": candidate.name})


def checks_out(checks: Any) -> list[CheckOut]:
    return [CheckOut(code=c.code, ok=c.ok, actual=c.actual, required=c.required, text=c.text,
                     post=c.post) for c in checks]
