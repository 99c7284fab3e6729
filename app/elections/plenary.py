"""The new committee's first plenary (`party_plenary`), made from a party_branch result.

RULES.md §2, indirect mode: the members' meeting elects 委员; their first plenary elects
书记/副书记 from among them. The plenary is created in one step from the branch election's
last result: its committee and roll are the elected 委员, its candidates the ones the
organiser chose per post (copied, never retyped).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.auth.service import token_facts
from app.db import begin_write
from app.deps import Actor
from app.elections.models import (
    Candidate,
    ElectedMember,
    Election,
    PlenaryCreate,
    PlenaryPreview,
)
from app.elections.service import candidates_of, check_posts, check_rules, new_election, post_role
from app.errors import Conflict, InvalidInput
from app.roll.models import Voter
from app.rounds.record import committee_member
from app.rounds.service import rounds_of
from ballots.strokes import StrokeError, stroke_key
from counting.rules import rules_for

TITLE_SUFFIX = "第一次全体会议"
# The ⚙ settings of RULES.md that still mean something in the plenary (the branch's
# secretary_mode, surplus for 委员 and 村/居 settings do not).
PLENARY_RULES = ("quorum_allow_equal", "plenary_quorum", "writein_without_mark",
                 "overvote_scope", "tiebreak_requires_majority", "party_supplementary_candidates",
                 "allow_reduce_seats", "single_given_name_first")
PLENARY_ROLES = ("secretary", "deputy_secretary")


def plenary_of(*, session: Session, branch_id: int) -> Election | None:
    """The plenary already created from this party_branch election, if any."""
    return session.execute(
        select(Election).where(Election.plenary_of == branch_id)).scalar_one_or_none()


def elected_members(*, session: Session, branch: Election) -> list[ElectedMember]:
    """The 委员 the members' meeting elected, or the reason there is no plenary to hold."""
    assert branch.id is not None
    if branch.body != "party_branch":
        raise Conflict("只有党员大会（党支部选举）的结果可以建立第一次全体会议",
                       code="not_party_branch")
    if rules_for("party_branch", branch.rules).secretary_mode != "indirect":
        raise Conflict("本次党员大会直接选举书记、副书记（secretary_mode = direct），"
                       "不需要第一次全体会议", code="secretary_elected_directly")
    rounds = rounds_of(session=session, election_id=branch.id)
    last = rounds[-1] if rounds else None
    outcome = (last.result or {}).get("outcome", {}) if last is not None else {}
    if last is None or last.state not in ("counted", "published") \
            or outcome.get("status") != "complete":
        raise Conflict("党员大会的选举尚未完成（最后一轮的计票结果不是“选举完成”），"
                       "不能建立第一次全体会议", code="outcome_incomplete")
    by_key = {c.key: c for c in candidates_of(session=session, election_id=branch.id)}
    members: list[ElectedMember] = []
    seen: set[str] = set()
    for elected in outcome.get("elected", {}).values():
        for who in elected:
            if isinstance(who, str):
                if who in seen:
                    continue
                seen.add(who)
                c = by_key[who]
                members.append(ElectedMember(id=c.key, name=c.name, surname=c.surname,
                                             gender=c.gender))  # type: ignore[arg-type]
            else:  # a write-in winner: {"name", "write_in": true}
                members.append(ElectedMember(id=None, name=who["name"], write_in=True))
    return members


def preview(*, session: Session, branch: Election) -> PlenaryPreview:
    assert branch.id is not None
    members = elected_members(session=session, branch=branch)
    existing = plenary_of(session=session, branch_id=branch.id)
    return PlenaryPreview(members=members, plenary_id=existing.id if existing else None)


def _member_for(members: list[ElectedMember], ref: str, post_name: str,
                names: dict[str, str]) -> int:
    """The index of the elected 委员 `ref` names: a candidate id, else a unique name."""
    for i, m in enumerate(members):
        if m.id is not None and m.id == ref:
            return i
    named = [i for i, m in enumerate(members) if m.name == ref]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise InvalidInput(f"当选委员中有同名的“{ref}”，请用候选人编号指明是哪一位",
                           code="ambiguous_member")
    who = f"{names[ref]}（{ref}）" if ref in names else f"“{ref}”"
    raise InvalidInput(f"{who}不是本次党员大会选出的委员，不能作为{post_name}候选人"
                       "（书记、副书记从新当选的委员中选举）", code="not_elected_member")


def _check_plenary_posts(data: PlenaryCreate) -> None:
    check_posts(data.posts)
    roles = [post_role(p.id, p.role) for p in data.posts]
    for p, role in zip(data.posts, roles, strict=True):
        if role not in PLENARY_ROLES:
            raise InvalidInput(f"第一次全体会议只选举书记、副书记，“{p.name}”不是这两种职位"
                               "（role 应为 secretary 或 deputy_secretary）", code="invalid_post")
    secretaries = [p for p, role in zip(data.posts, roles, strict=True) if role == "secretary"]
    if len(secretaries) != 1 or secretaries[0].seats != 1:
        raise InvalidInput("第一次全体会议须选举书记1名（一个 role 为 secretary、名额为1的职位）",
                           code="invalid_post")


def create_plenary(*, session: Session, branch: Election, data: PlenaryCreate,
                   actor: Actor) -> tuple[Election, dict[str, str]]:
    """The plenary election with posts, candidates, committee, roll and tokens: one write."""
    assert branch.id is not None
    begin_write(session, branch)
    members = elected_members(session=session, branch=branch)
    _check_plenary_posts(data)
    existing = plenary_of(session=session, branch_id=branch.id)
    if existing is not None:
        raise Conflict(f"已经为本次党员大会建立了第一次全体会议（选举编号{existing.id}），"
                       "不能重复建立", code="plenary_exists", detail={"plenary_id": existing.id})
    source = {c.key: c for c in candidates_of(session=session, election_id=branch.id)}
    names = {key: c.name for key, c in source.items()}
    stands: dict[int, list[str]] = {}
    for p in data.posts:
        chosen = [_member_for(members, ref, p.name, names) for ref in p.candidates]
        if len(set(chosen)) != len(chosen):
            raise InvalidInput(f"{p.name}的候选人重复", code="duplicate_candidate")
        for i in chosen:
            stands.setdefault(i, []).append(p.id)
    rules = {k: v for k, v in branch.rules.items() if k in PLENARY_RULES}
    check_rules("party_plenary", rules)
    committee = [committee_member(m.model_dump()) for m in members]
    title = data.title or (branch.title + TITLE_SUFFIX)[:200]
    posts = [p.model_dump(mode="json", exclude={"candidates"}) for p in data.posts]
    plenary, tokens = new_election(
        session=session, title=title, body="party_plenary", rules=rules, posts=data.posts,
        committee=committee, plenary_of=branch.id, unit_id=branch.unit_id)
    assert plenary.id is not None
    added: list[dict[str, Any]] = []
    for number, i in enumerate(sorted(stands), start=1):
        m = members[i]
        copied = source[m.id] if m.id is not None else None
        candidate = Candidate(
            election_id=plenary.id, key=f"c{number:02d}", name=m.name, posts=stands[i],
            surname=copied.surname if copied else None, gender=copied.gender if copied else None,
            member_status=copied.member_status if copied else None,
            note=copied.note if copied else None,
            # the same person in the unit (CAMPAIGN.md §4: 一肩挑, 交叉任职 are computed)
            person_id=copied.person_id if copied else None)
        try:
            # RULES.md §7.7 — a character the stroke table lacks fails now, not at printing.
            stroke_key(candidate.name, candidate.surname)
        except StrokeError as err:
            raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
        session.add(candidate)
        added.append({"id": candidate.key, "name": m.name, "posts": stands[i],
                      "from": m.id or "write_in"})
    notes = {m.id: source[m.id].note for m in members if m.id is not None}
    roll = [Voter(election_id=plenary.id, name=m.name, status="full",
                  note=notes.get(m.id) if m.id else None) for m in members]
    session.add_all(roll)
    session.flush()
    append(session=session, election_id=plenary.id, actor=actor.name, action="election.create",
           target=f"election:{plenary.id}",
           data={"title": title, "body": "party_plenary", "rules": rules, "posts": posts,
                 "plenary_of": branch.id, "committee": committee, "candidates": added,
                 "voters": [m.name for m in members],
                 "roll": [{"id": v.id, "name": v.name, "status": v.status, "note": v.note}
                          for v in roll],
                 "tokens": token_facts(session=session, election_id=plenary.id)})
    append(session=session, election_id=branch.id, actor=actor.name, action="election.plenary",
           target=f"election:{plenary.id}",
           data={"plenary_id": plenary.id, "title": title, "posts": posts, "candidates": added})
    session.commit()
    return plenary, tokens
