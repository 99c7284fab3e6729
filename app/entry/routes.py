"""Ballot entry routes: one ballot at a time, corrections, totals, double-entry differences."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.deps import ElectionId, Reader, RoundId, Scrutineer, SessionDep, Teller, bearer
from app.elections.service import get_election
from app.entry import service
from app.entry.ballots import differences
from app.entry.models import (
    Channel,
    CorrectionIn,
    Difference,
    EntryIn,
    EntryPublic,
    EntryResult,
    ResolveIn,
    TotalsIn,
)
from app.entry.writer import EntryRequest, EntryWriter
from app.errors import responses
from app.rounds.models import RoundPublic
from app.rounds.service import get_round, round_public

router = APIRouter(prefix="/api/v1/elections/{election_id}/rounds/{round_id}", tags=["entry"],
                   responses=responses(400, 401, 403, 404, 409, 422))

EntryKey = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


@router.post("/entries", status_code=status.HTTP_201_CREATED, response_model=EntryResult,
             responses={200: {"model": EntryResult,
                              "description": "重发的同一录入：原样返回，不重复计入"}},
             summary="录入一张选票（按唱票顺序）")
async def enter(election_id: ElectionId, round_id: RoundId, data: EntryIn, request: Request,
                response: Response) -> EntryResult:
    # Checked and written with the other ballots arriving now (group commit, see writer.py):
    # the token and the round too, so a ballot costs no database round-trip of its own.
    writer: EntryWriter = request.app.state.entry_writer
    answer, created = await writer.enter(EntryRequest(
        election_id=election_id, round_id=round_id, secret=bearer(request), data=data))
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.get("/entries", response_model=list[EntryPublic], summary="已录入的选票（含已更正的）")
def list_entries(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                 _actor: Reader, channel: Annotated[Channel | None, Query()] = None,
                 ) -> list[EntryPublic]:
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    entries = service.entries_of(session=session, rnd=rnd, channel=channel)
    ids = {e.id: e.entry_id for e in entries}
    return [EntryPublic(entry_id=e.entry_id, channel=e.channel, ballot=e.ballot,  # type: ignore[arg-type]
                        valid=e.valid, voided=e.voided, void_reason=e.void_reason,
                        voided_by=e.voided_by,
                        replaces=ids.get(e.replaces_id) if e.replaces_id else None,
                        clerk=e.clerk, created_at=e.created_at) for e in entries]


@router.post("/entries/{entry_id}/correct", response_model=EntryResult | None,
             summary="更正录入（作废原录入并可录入替代的选票；须说明理由）")
def correct(election_id: ElectionId, round_id: RoundId, entry_id: EntryKey, data: CorrectionIn,
            session: SessionDep, actor: Teller) -> EntryResult | None:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return service.correct_entry(session=session, election=election, rnd=rnd, entry_id=entry_id,
                                 data=data, actor=actor)


@router.put("/totals", response_model=RoundPublic, summary="录入手工汇总票数（正字统计表）")
def put_totals(election_id: ElectionId, round_id: RoundId, data: TotalsIn, session: SessionDep,
               actor: Teller) -> RoundPublic:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    service.put_totals(session=session, election=election, rnd=rnd, data=data, actor=actor)
    return round_public(session=session, rnd=rnd)


@router.get("/differences", response_model=list[Difference], summary="双人录入的差异")
def list_differences(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                     _actor: Reader) -> list[Difference]:
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return [Difference(position=p, a=a, b=b, resolved=r)
            for p, a, b, r in differences(session=session, rnd=rnd)]


@router.post("/differences/{position}/resolve", response_model=Difference,
             summary="监票人裁定一处差异")
def resolve(election_id: ElectionId, round_id: RoundId,
            position: Annotated[int, Path(ge=1, le=1_000_000)], data: ResolveIn,
            session: SessionDep, actor: Scrutineer) -> Difference:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    service.resolve_difference(session=session, election=election, rnd=rnd, position=position,
                               data=data, actor=actor)
    return next(Difference(position=p, a=a, b=b, resolved=r)
                for p, a, b, r in differences(session=session, rnd=rnd) if p == position)
