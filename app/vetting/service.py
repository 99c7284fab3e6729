"""资格联审 of an election (CAMPAIGN.md §3): its conditions, the departments' sign-offs, the
organiser's exceptions, each in the audit log; and the gate that keeps a candidate who is
not 审核通过 off the ballot."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Candidate, Election
from app.elections.service import candidates_of
from app.errors import Forbidden, GateFailed, InvalidInput, InvalidState
from app.people.models import EDUCATION_LEVELS, Person
from app.people.service import people_of, relations_of, unit_of
from app.vetting.models import (
    REVIEW_ZH,
    CandidateVetting,
    ExceptionIn,
    Exemption,
    FindingOut,
    Review,
    ReviewIn,
    SignOffOut,
    TellerIn,
    Vetting,
    VettingIn,
    VettingItem,
    VettingPublic,
)
from app.vetting.rules import COMMITTEE, condition_findings, relation_findings, teller_findings
from counting.rules import PARTY_BODIES


def get_rules(*, session: Session, election_id: int) -> Vetting | None:
    return session.get(Vetting, election_id)


def rules_in(rules: Vetting) -> VettingIn:
    return VettingIn(reference_date=rules.reference_date, max_age=rules.max_age,
                     min_education=rules.min_education, party_member=rules.party_member,
                     min_party_years=rules.min_party_years,
                     items=[VettingItem.model_validate(i) for i in rules.items],
                     tellers=[TellerIn.model_validate(t) for t in rules.tellers])


def departments(rules: Vetting) -> list[str]:
    """Every department named by an item, in the order first named."""
    return list(dict.fromkeys(d for item in rules.items for d in item["departments"]))


def set_rules(*, session: Session, election: Election, data: VettingIn, actor: Actor) -> Vetting:
    assert election.id is not None
    if data.min_education is not None and data.min_education not in EDUCATION_LEVELS:
        raise InvalidInput(f"最低文化程度“{data.min_education}”无法识别，应为："
                           + "、".join(EDUCATION_LEVELS), code="unknown_education")
    ids = [i.id for i in data.items]
    if len(set(ids)) != len(ids):
        raise InvalidInput("负面清单条目编号重复", code="duplicate_item")
    begin_write(session, election)
    unit_id = unit_of(election)
    for t in data.tellers:
        person = session.get(Person, t.person_id)
        if person is None or person.unit_id != unit_id:
            raise InvalidInput(f"工作人员（编号{t.person_id}）不在本村（社区）的人员信息中",
                               code="unknown_person")
    party_member = (election.body in PARTY_BODIES if data.party_member is None
                    else data.party_member)
    rules = session.get(Vetting, election.id) or Vetting(election_id=election.id,
                                                          reference_date=data.reference_date,
                                                          items=[], tellers=[])
    rules.reference_date, rules.max_age = data.reference_date, data.max_age
    rules.min_education, rules.party_member = data.min_education, party_member
    rules.min_party_years = data.min_party_years
    rules.items = [i.model_dump() for i in data.items]
    rules.tellers = [t.model_dump() for t in data.tellers]
    session.add(rules)
    append(session=session, election_id=election.id, actor=actor.name, action="vetting.rules",
           target=f"election:{election.id}",
           data={**data.model_dump(mode="json"), "party_member": party_member})
    session.commit()
    return rules


def _require_rules(session: Session, election_id: int) -> Vetting:
    rules = get_rules(session=session, election_id=election_id)
    if rules is None:
        raise InvalidState("本场选举还没有设置资格联审条件", code="vetting_not_set")
    return rules


def ensure_department(*, session: Session, election_id: int, department: str) -> None:
    """A reviewer's token is labelled with its department, one the negative list names."""
    rules = _require_rules(session, election_id)
    if department not in departments(rules):
        raise InvalidInput(f"负面清单中没有由“{department}”审核的条目，应为："
                           + "、".join(departments(rules)), code="unknown_department")


def _candidate_person(session: Session, election: Election, person_id: int) -> Person:
    assert election.id is not None
    linked = {c.person_id for c in candidates_of(session=session, election_id=election.id)}
    person = session.get(Person, person_id)
    if person is None or person_id not in linked:
        raise InvalidInput(f"编号{person_id}的人不是本场选举的候选人，不在联审之列",
                           code="not_a_candidate")
    return person


def record_review(*, session: Session, election: Election, data: ReviewIn,
                  actor: Actor) -> Review:
    """One department's sign-off of one item for one person (CAMPAIGN.md §3)."""
    assert election.id is not None
    begin_write(session, election)
    rules = _require_rules(session, election.id)
    person = _candidate_person(session, election, data.person_id)
    item = next((i for i in rules.items if i["id"] == data.item), None)
    if item is None:
        raise InvalidInput(f"负面清单中没有编号为“{data.item}”的条目", code="unknown_item")
    if actor.role == "reviewer":
        department = actor.label
        if data.department is not None and data.department != department:
            raise Forbidden(f"此口令属于{department}，只能登记本部门的审核意见",
                            code="wrong_department")
        if department not in item["departments"]:
            raise Forbidden(f"“{item['text']}”不由{department}审核", code="wrong_department")
    else:
        department = data.department or ""
        if department not in item["departments"]:
            listed = "、".join(item["departments"])
            raise InvalidInput(f"“{item['text']}”由{listed}审核，请选择其中一个部门",
                               code="wrong_department")
    review = session.execute(select(Review).where(
        Review.election_id == election.id, Review.person_id == person.id,
        Review.item == data.item, Review.department == department)).scalar_one_or_none()
    if review is None:
        review = Review(election_id=election.id, person_id=data.person_id, item=data.item,
                        department=department, status=data.status, reviewer=data.reviewer,
                        reviewed_on=data.reviewed_on, note=data.note)
    else:
        review.status, review.reviewer = data.status, data.reviewer
        review.reviewed_on, review.note = data.reviewed_on, data.note
    session.add(review)
    append(session=session, election_id=election.id, actor=actor.name, action="vetting.review",
           target=f"person:{person.id}",
           data={**data.model_dump(mode="json"), "department": department})
    session.commit()
    return review


def grant_exception(*, session: Session, election: Election, data: ExceptionIn,
                    actor: Actor) -> Exemption:
    """The organiser's exception to a failing condition, with its reason (CAMPAIGN.md §3)."""
    assert election.id is not None
    begin_write(session, election)
    _require_rules(session, election.id)
    _candidate_person(session, election, data.person_id)
    row = next((c for c in evaluate(session=session, election=election).candidates
                if c.person_id == data.person_id), None)
    finding = next((f for f in (row.findings if row else []) if f.code == data.condition), None)
    if finding is None:
        raise InvalidInput("此人没有这项未符合的条件，无需豁免", code="no_such_finding")
    if not finding.exemptable:
        raise InvalidInput(f"“{finding.text}”是法定不得担任的情形，不能豁免",
                           code="not_exemptable")
    found = session.execute(select(Exemption).where(
        Exemption.election_id == election.id, Exemption.person_id == data.person_id,
        Exemption.condition == data.condition)).scalar_one_or_none()
    exemption = found or Exemption(election_id=election.id, person_id=data.person_id,
                                   condition=data.condition, reason=data.reason,
                                   granted_by=actor.name)
    exemption.reason, exemption.granted_by = data.reason, actor.name
    session.add(exemption)
    append(session=session, election_id=election.id, actor=actor.name,
           action="vetting.exception", target=f"person:{data.person_id}",
           data=data.model_dump(mode="json"))
    session.commit()
    return exemption


def evaluate(*, session: Session, election: Election) -> VettingPublic:
    """Every candidate's findings, sign-offs and verdict; 审核通过 only when linked to a
    person, every finding is exempted and every department cleared every item."""
    assert election.id is not None
    rules = get_rules(session=session, election_id=election.id)
    candidates = candidates_of(session=session, election_id=election.id)
    if rules is None:
        return VettingPublic(enabled=False, rules=None, departments=[], candidates=[],
                             teller_findings=[], passed=True)
    unit_id = unit_of(election)
    people = {p.id: p for p in people_of(session=session, unit_id=unit_id)}
    relations = relations_of(session=session, unit_id=unit_id)
    standing = _standing(session, unit_id)
    reviews = {(r.person_id, r.item, r.department): r for r in session.execute(
        select(Review).where(Review.election_id == election.id)).scalars()}
    exemptions = {(e.person_id, e.condition): e.reason for e in session.execute(
        select(Exemption).where(Exemption.election_id == election.id)).scalars()}
    rows = [_candidate_row(c, rules, election.body, people, relations, standing, reviews,
                           exemptions) for c in candidates]  # type: ignore[arg-type]
    linked = {c.person_id: c.name for c in candidates if c.person_id is not None}
    tellers = teller_findings(rules.tellers, linked, people=people,  # type: ignore[arg-type]
                              relations=relations)
    return VettingPublic(enabled=True, rules=rules_in(rules), departments=departments(rules),
                         candidates=rows, teller_findings=tellers,
                         passed=all(r.passed for r in rows) and not tellers)


def _standing(session: Session, unit_id: int) -> dict[int, set[str]]:
    """person id → the committees they stand for in any election of the unit."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = session.execute(select(Candidate.person_id, Election.body).join(
        Election, Candidate.election_id == Election.id).where(  # type: ignore[arg-type]
        Election.unit_id == unit_id, Candidate.person_id.is_not(None)))  # type: ignore[union-attr]
    for person_id, body in rows:
        out[int(person_id)].add(COMMITTEE[body])
    return out


def _candidate_row(c: Candidate, rules: Vetting, body: str, people: dict[int, Person],
                   relations: list, standing: dict[int, set[str]],  # type: ignore[type-arg]
                   reviews: dict[tuple[int, str, str], Review],
                   exemptions: dict[tuple[int, str], str]) -> CandidateVetting:
    if c.person_id is None or c.person_id not in people:
        return CandidateVetting(candidate=c.key, name=c.name, person_id=None, passed=False,
                                reasons=["未关联人员信息，无法联审"], findings=[], sign_offs=[])
    person = people[c.person_id]
    found = [*condition_findings(person, rules),
             *relation_findings(person, body, people=people, relations=relations,
                                standing=standing)]
    findings = [FindingOut(code=f.code, text=f.text, exemptable=f.exemptable,
                           exception=exemptions.get((c.person_id, f.code)) if f.exemptable
                           else None) for f in found]
    reasons = [f.text for f in findings if f.exception is None]
    sign_offs: list[SignOffOut] = []
    waiting: dict[str, int] = defaultdict(int)
    for item in rules.items:
        for dept in item["departments"]:
            r = reviews.get((c.person_id, item["id"], dept))
            sign_offs.append(SignOffOut(item=item["id"], department=dept,
                                        status=None if r is None else r.status,  # type: ignore[arg-type]
                                        reviewer=r and r.reviewer,
                                        reviewed_on=r and r.reviewed_on, note=r and r.note))
            if r is None:
                waiting[dept] += 1
            elif r.status == "flagged":
                reasons.append(f"{dept}审核“{item['text']}”：{REVIEW_ZH['flagged']}"
                               + (f"（{r.note}）" if r.note else ""))
    reasons += [f"待{dept}审核（{n}项）" for dept, n in waiting.items()]
    return CandidateVetting(candidate=c.key, name=c.name, person_id=c.person_id,
                            passed=not reasons, reasons=reasons, findings=findings,
                            sign_offs=sign_offs)


def ensure_vetted(*, session: Session, election: Election) -> None:
    """CAMPAIGN.md §3 — no ballot while a candidate is not 审核通过 (or a teller conflicts)."""
    found = evaluate(session=session, election=election)
    if found.passed:
        return
    blocked = [c for c in found.candidates if not c.passed]
    lines = [f"{c.name}：{'；'.join(c.reasons)}" for c in blocked] + found.teller_findings
    raise GateFailed("资格联审未通过，不能印制或发出选票。" + "　".join(lines),
                     code="vetting_not_passed",
                     detail={"candidates": [{"id": c.candidate, "name": c.name,
                                             "reasons": c.reasons} for c in blocked],
                             "tellers": found.teller_findings})
