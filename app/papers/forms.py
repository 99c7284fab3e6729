"""The organiser's forms from the stored roll, proxies and candidates (ballots.documents.forms)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import Response
from sqlmodel import Session

from app.elections.models import Election
from app.elections.service import candidates_of, posts_of
from app.errors import InvalidInput
from app.papers.service import get_details
from app.roll.models import STATUS_ZH, Voter
from app.roll.service import has_vote, proxies_of, roll_id, voters_of
from ballots.documents.forms import (
    BallotBox,
    FormOptions,
    Person,
    PostList,
    ProxyPair,
    render_ballot_register,
    render_candidate_notice,
    render_proxy_notice,
    render_proxy_sign_in_sheet,
    render_sign_in_sheet,
    render_voter_notice,
)
from ballots.errors import DocumentError
from ballots.strokes import StrokeError

KINDS = ("sign-in", "proxy-sign-in", "candidate-notice", "voter-notice", "proxy-notice",
         "ballot-register")
DEFAULT_BOXES = ("主会场票箱",)


def form_options(session: Session, election: Election) -> FormOptions:
    assert election.id is not None
    details = get_details(session=session, election_id=election.id)
    return FormOptions(title=election.title, organisation=details.organisation,
                       issued_on=details.announced_on, election_date=details.meeting_date)


def _person(body: str, v: Voter) -> Person:
    return Person(v.name, kind=STATUS_ZH.get(v.status, v.status),
                  votes=has_vote(body, v.status) and v.exclusion_reason is None,
                  note=v.note or "")


def form_pdf(*, session: Session, election: Election, kind: str,
             boxes: Sequence[str] = ()) -> Response:
    """PDF of one form; a name the stroke table cannot order is a 422 naming it."""
    assert election.id is not None
    eid, body = election.id, election.body
    options = form_options(session, election)
    voters = {v.id: v for v in voters_of(session=session, election_id=roll_id(election))}

    def proxies() -> list[ProxyPair]:
        return [ProxyPair(_person(body, voters[p.holder_id]),
                          _person(body, voters[p.grantor_id]))
                for p in proxies_of(session=session, election_id=roll_id(election))]

    def candidates() -> list[PostList]:
        people = candidates_of(session=session, election_id=eid)
        return [PostList(post.name, post.seats,
                         tuple(Person(c.name, surname=c.surname, note=c.note or "")
                               for c in people if post.key in c.posts))
                for post in posts_of(session=session, election_id=eid)]

    makers: dict[str, Callable[[], bytes]] = {
        "sign-in": lambda: render_sign_in_sheet(
            [_person(body, v) for v in voters.values()], options=options),
        "proxy-sign-in": lambda: render_proxy_sign_in_sheet(proxies(), options=options),
        "candidate-notice": lambda: render_candidate_notice(candidates(), options=options),
        "voter-notice": lambda: render_voter_notice(
            [_person(body, v) for v in voters.values()], options=options),
        "proxy-notice": lambda: render_proxy_notice(proxies(), options=options),
        "ballot-register": lambda: render_ballot_register(
            [BallotBox(b) for b in boxes or DEFAULT_BOXES], options=options),
    }
    try:
        data = makers[kind]()
    except (StrokeError, DocumentError) as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{kind}-{eid}.pdf"'})
