"""The 联审表 printed (ballots.documents.forms) and exported (ballots.spreadsheets)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Response
from sqlmodel import Session

from app.elections.models import Election
from app.errors import InvalidInput
from app.papers.forms import form_options
from app.papers.spreadsheets import xlsx_response
from app.people.models import Person
from app.people.service import people_of, unit_of
from app.vetting.models import REVIEW_ZH, CandidateVetting, VettingIn, VettingPublic
from app.vetting.rules import full_years
from ballots.documents.forms import FormOptions, VettedPerson, render_vetting_table
from ballots.errors import DocumentError
from ballots.spreadsheets import SignOffRow, write_vetting
from ballots.strokes import StrokeError

GENDER_ZH = {"F": "女", "M": "男"}


@dataclass(frozen=True, slots=True)
class VettingTable:
    election_id: int
    options: FormOptions
    conditions: str
    departments: list[str]
    people: list[VettedPerson]
    sign_offs: list[SignOffRow]


def conditions_text(rules: VettingIn) -> str:
    on = rules.reference_date
    parts = []
    if rules.max_age is not None:
        parts.append(f"至{on.year}年{on.month}月{on.day}日不超过{rules.max_age}周岁")
    if rules.min_education is not None:
        parts.append(f"{rules.min_education}及以上文化程度")
    if rules.party_member:
        parts.append("中共正式党员")
    if rules.min_party_years is not None:
        parts.append(f"党龄{rules.min_party_years}年以上")
    return "；".join(parts) or "无"


def _row(c: CandidateVetting, person: Person | None, rules: VettingIn) -> VettedPerson:
    on = rules.reference_date
    conditions = tuple(f.text + (f"（例外：{f.exception}）" if f.exception else "")
                       for f in c.findings)
    if person is None:
        conditions = ("未关联人员信息",)
    by_department: dict[str, list[str | None]] = {}
    for s in c.sign_offs:
        by_department.setdefault(s.department, []).append(s.status)
    reviews = tuple((d, REVIEW_ZH["flagged"] if "flagged" in statuses
                     else "待审核" if None in statuses else REVIEW_ZH["clear"])
                    for d, statuses in by_department.items())
    birth = person.birth_date if person else None
    joined = person.party_joined_on if person else None
    return VettedPerson(
        name=c.name, surname=person.surname if person else None,
        gender=GENDER_ZH.get(person.gender or "", "") if person else "",
        birth=f"{birth.year}年{birth.month}月" if birth else "",
        age=full_years(birth, on) if birth else None,
        education=(person.education or "") if person else "",
        political_status=(person.political_status or "") if person else "",
        party_years=full_years(joined, on) if joined else None,
        conditions=conditions, reviews=reviews, passed=c.passed)


def table(*, session: Session, election: Election, found: VettingPublic) -> VettingTable:
    assert election.id is not None and found.rules is not None
    people = {p.id: p for p in people_of(session=session, unit_id=unit_of(election))}
    texts = {i.id: i.text for i in found.rules.items}
    rows, sign_offs = [], []
    for c in found.candidates:
        person = people.get(c.person_id) if c.person_id is not None else None
        rows.append(_row(c, person, found.rules))
        sign_offs += [SignOffRow(c.name, texts.get(s.item, s.item), s.department,
                                 REVIEW_ZH[s.status] if s.status else "待审核", s.reviewer or "",
                                 s.reviewed_on.isoformat() if s.reviewed_on else "",
                                 s.note or "") for s in c.sign_offs]
    return VettingTable(election.id, form_options(session, election),
                        conditions_text(found.rules), found.departments, rows, sign_offs)


def table_pdf(t: VettingTable) -> Response:
    try:
        data = render_vetting_table(t.people, options=t.options, conditions=t.conditions,
                                    departments=t.departments)
    except (StrokeError, DocumentError) as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="vetting-{t.election_id}.pdf"'})


def table_xlsx(t: VettingTable) -> Response:
    try:
        data = write_vetting(t.people, t.sign_offs, t.departments)
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return xlsx_response(data, f"vetting-{t.election_id}.xlsx")
