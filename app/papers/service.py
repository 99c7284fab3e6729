"""Reading and setting a meeting's paper details (each change in the audit log)."""

from __future__ import annotations

from sqlmodel import Session

from app.audit.service import append
from app.deps import Actor
from app.papers.models import PaperDetails, PaperDetailsIn, PaperDetailsPublic
from ballots.documents.announcement import AnnouncementOptions
from ballots.documents.report import ReportOptions


def get_details(*, session: Session, election_id: int) -> PaperDetailsPublic:
    found = session.get(PaperDetails, election_id)
    return PaperDetailsPublic.model_validate(found) if found else PaperDetailsPublic()


def set_details(*, session: Session, election_id: int, data: PaperDetailsIn,
                actor: Actor) -> PaperDetailsPublic:
    found = session.get(PaperDetails, election_id) or PaperDetails(election_id=election_id)
    for key, value in data.model_dump().items():
        setattr(found, key, value)
    session.add(found)
    append(session=session, election_id=election_id, actor=actor.name,
           action="papers.details", target=f"election:{election_id}",
           data=data.model_dump(mode="json"))
    session.commit()
    return get_details(session=session, election_id=election_id)


def announcement_options(details: PaperDetailsPublic) -> AnnouncementOptions:
    return AnnouncementOptions(organisation=details.organisation, contact=details.contact,
                               announced_on=details.announced_on,
                               publicity_working_days=details.publicity_working_days)


def report_options(details: PaperDetailsPublic, *, url: str | None = None,
                   anchor: tuple[int, str] | None = None) -> ReportOptions:
    """`anchor` (seq, hash): the audit chain's head the report is signed at."""
    return ReportOptions(organisation=details.organisation, meeting_date=details.meeting_date,
                         published_url=url,
                         audit_anchor=f"{anchor[1]}（第{anchor[0]}条）" if anchor else None)
