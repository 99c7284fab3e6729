"""The organiser's decision of the 初步人选 (CAMPAIGN.md §1), recorded with who made it; it
becomes the election's candidate list with nobody retyped, each linked to the 村/社区's
person of that name, and still checked as any candidate is (RULES.md §2–4, 差额)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import CandidateCreate, Election
from app.elections.service import (
    candidates_of,
    ensure_unlocked,
    insert_candidate,
    remove_candidate,
)
from app.errors import InvalidInput, InvalidState
from app.nomination.models import DecisionIn
from app.nomination.record import (
    DIRECT_BODIES,
    Stored,
    linked_people,
    load,
    require_kind,
    result_of,
)
from app.timeutil import iso, utcnow
from counting.rules import PARTY_BODIES


def _choices(stored: Stored, result: dict[str, Any], data: DecisionIn) -> dict[str, list[str]]:
    """Each post's choice, checked: named in the ranking or on the 党委's list (两推), or
    exactly the 海推's candidates."""
    names = {p.key: p.name for p in stored.posts}
    direct = stored.election.body in DIRECT_BODIES
    for post, chosen in data.posts.items():
        if post not in names:
            raise InvalidInput(f"没有编号为“{post}”的职位", code="unknown_post")
        if len(set(chosen)) != len(chosen):
            raise InvalidInput(f"{names[post]}的初步人选中有重复的姓名", code="duplicate_name")
        found = result["posts"][post]
        if direct:
            if found["preselection"] is not None:
                # CAMPAIGN.md §1 — a tie at the cut that would exceed the number: 预选 first.
                raise InvalidState(f"{names[post]}在候选人名额处得票相等，须先进行预选",
                                   code="preselection_needed")
            if sorted(chosen) != sorted(found["candidates"]):
                raise InvalidInput(f"{names[post]}的候选人按提名票多少依次确定，应为："
                                   + "、".join(found["candidates"]), code="not_the_most_named")
            continue
        known = {r["id"] for r in found["ranking"]} | set(found["committee_list"])
        stray = [n for n in chosen if n not in known]
        if stray:
            raise InvalidInput(f"{names[post]}：{'、'.join(stray)}既未被推荐，也不在党委名单中，"
                               "不能列为初步人选", code="not_recommended")
    return {p.key: data.posts.get(p.key, []) for p in stored.posts}


def decide(*, session: Session, election: Election, data: DecisionIn, actor: Actor) -> None:
    """Record the 初步人选 and make them the candidate list (replacing the one there was)."""
    assert election.id is not None
    require_kind(election)
    begin_write(session, election)
    ensure_unlocked(session=session, election_id=election.id)
    stored = load(session=session, election=election)
    result, problems = result_of(stored)
    if result is None:
        raise InvalidState("推荐结果还不能计算：" + "；".join(problems[:3]),
                           code="nomination_incomplete")
    if result["outcome"]["status"] == "not_valid":
        texts = [c["text"] for m in result["meetings"] for c in m["checks"] if not c["ok"]]
        raise InvalidState("推荐会议无效，不能确定初步人选：" + "；".join(texts),
                           code="meeting_not_valid")
    choices = _choices(stored, result, data)
    for old in candidates_of(session=session, election_id=election.id):
        remove_candidate(session=session, election=election, candidate=old, actor=actor)
    linked = linked_people(stored.people)
    people: dict[str, list[str]] = {}
    for post, chosen in choices.items():
        for name in chosen:
            people.setdefault(name, []).append(post)
    for name, posts in people.items():
        person = linked.get(name)
        # CAMPAIGN.md §1 — 两推 recommends among 党员; a linked person's status is theirs.
        status = "full" if election.body in PARTY_BODIES and person is None else None
        insert_candidate(session=session, election=election, actor=actor, data=CandidateCreate(
            name=name, posts=posts, person_id=None if person is None else person.id,
            member_status=status))  # type: ignore[arg-type]
    decision = {"posts": choices, "decided_by": data.decided_by, "actor": actor.name,
                "decided_at": iso(utcnow()), "status": result["outcome"]["status"]}
    stored.nomination.decision = decision
    session.add(stored.nomination)
    append(session=session, election_id=election.id, actor=actor.name,
           action="nomination.decision", target=f"election:{election.id}", data=decision)
    session.commit()
