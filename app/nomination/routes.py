"""Nomination routes (CAMPAIGN.md §1): 两推 meetings or 海推, the 党委's list, the ranked
table, the organiser's decision of the 初步人选."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.deps import CampaignClerk, ElectionId, Organiser, Reader, SessionDep
from app.elections.service import get_election
from app.errors import responses
from app.nomination import decision, papers, service
from app.nomination.models import (
    CommitteeListIn,
    DecisionIn,
    JointFormIn,
    MeetingIn,
    MeetingKind,
    NamingBallotIn,
    NamingEntryPublic,
    NamingEntryResult,
    NominationPublic,
    NominationRulesIn,
    PreselectionIn,
    SignersIn,
    UndoIn,
)
from app.papers.spreadsheets import XLSX_RESPONSE
from app.publish.documents import PDF_RESPONSE

router = APIRouter(prefix="/api/v1/elections/{election_id}/nomination", tags=["nomination"],
                   responses=responses(400, 401, 403, 404, 409, 422))

EntryKey = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Kind = Annotated[MeetingKind, Path(description="representatives 群众推荐、members 党员推荐、"
                                               "direct 海推")]


@router.get("", response_model=NominationPublic,
            summary="推荐（提名）情况：各会议、党委名单、推荐结果统计（排序表）、初步人选")
def read_nomination(election_id: ElectionId, session: SessionDep,
                    _actor: Reader) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    return service.evaluate(session=session, election=election)


@router.post("/meetings/{kind}/entries", status_code=status.HTTP_201_CREATED,
             response_model=NamingEntryResult,
             responses={200: {"model": NamingEntryResult,
                              "description": "重发的同一录入：原样返回，不重复计入"}},
             summary="录入一张推荐票（提名票）")
def enter_ballot(election_id: ElectionId, kind: Kind, data: NamingBallotIn,
                 session: SessionDep, actor: CampaignClerk,
                 response: Response) -> NamingEntryResult:
    election = get_election(session=session, election_id=election_id)
    answer, created = service.enter_ballot(session=session, election=election, kind=kind,
                                           data=data, actor=actor)
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.get("/meetings/{kind}/entries", response_model=list[NamingEntryPublic],
            summary="已录入的推荐票（含已撤销的）")
def list_entries(election_id: ElectionId, kind: Kind, session: SessionDep,
                 _actor: Reader) -> list[NamingEntryPublic]:
    election = get_election(session=session, election_id=election_id)
    return service.entries_of(session=session, election=election, kind=kind)


@router.post("/meetings/{kind}/entries/{entry_id}/undo", response_model=NominationPublic,
             summary="撤销录错的一张票（须说明理由；保留记录，不再计入）")
def undo_entry(election_id: ElectionId, kind: Kind, entry_id: EntryKey, data: UndoIn,
               session: SessionDep, actor: CampaignClerk) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.undo_entry(session=session, election=election, kind=kind, entry_id=entry_id,
                       data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.put("/meetings/{kind}", response_model=NominationPublic,
            summary="录入会议的应到、实到人数，或手工汇总的推荐票")
def put_meeting(election_id: ElectionId, kind: Kind, data: MeetingIn, session: SessionDep,
                actor: CampaignClerk) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_meeting(session=session, election=election, kind=kind, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.put("/rules", response_model=NominationPublic, summary="推荐规则设置（权重、门槛、差额）")
def put_rules(election_id: ElectionId, data: NominationRulesIn, session: SessionDep,
              actor: Organiser) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_rules(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.put("/committee-list", response_model=NominationPublic,
            summary="录入乡镇（街道）党委提出的名单")
def put_committee_list(election_id: ElectionId, data: CommitteeListIn, session: SessionDep,
                       actor: Organiser) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_committee_list(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.put("/signers", response_model=NominationPublic,
            summary="居委会：登记可以联名的户代表、居民小组代表（选民以选民名册为准）")
def put_signers(election_id: ElectionId, data: SignersIn, session: SessionDep,
                actor: Organiser) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.put_signers(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.post("/forms", response_model=NominationPublic, status_code=status.HTTP_201_CREATED,
             summary="居委会：登记一份联名推荐或自荐表（联名人须在名册中）")
def add_form(election_id: ElectionId, data: JointFormIn, session: SessionDep,
             actor: Organiser) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.add_form(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.post("/preselections", response_model=NominationPublic,
             status_code=status.HTTP_201_CREATED,
             summary="海推：录入一次预选的结果（名额处得票相等时，在并列者和名次在前者中预选）")
def add_preselection(election_id: ElectionId, data: PreselectionIn, session: SessionDep,
                     actor: CampaignClerk) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    service.add_preselection(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.put("/decision", response_model=NominationPublic,
            summary="确定初步人选（成为本场选举的候选人名单）")
def decide(election_id: ElectionId, data: DecisionIn, session: SessionDep,
           actor: Organiser) -> NominationPublic:
    election = get_election(session=session, election_id=election_id)
    decision.decide(session=session, election=election, data=data, actor=actor)
    return service.evaluate(session=session, election=election)


@router.get("/ballot.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="打印推荐票（两推）或提名票（海推）")
def ballot_pdf(election_id: ElectionId, session: SessionDep, _actor: Reader,
               printed: Annotated[bool, Query(description="印上党委名单（按姓氏笔画为序）供划○"
                                                          )] = False) -> Response:
    election = get_election(session=session, election_id=election_id)
    return papers.ballot_pdf(session=session, election=election, printed=printed)


@router.get("/tally.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="推荐结果统计表")
def tally_pdf(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    found = service.evaluate(session=session, election=election)
    return papers.tally_pdf(session=session, election=election, found=found)


@router.get("/tally.xlsx", response_class=Response, responses=XLSX_RESPONSE,
            summary="导出推荐结果统计表（Excel）")
def tally_xlsx(election_id: ElectionId, session: SessionDep, _actor: Reader) -> Response:
    election = get_election(session=session, election_id=election_id)
    found = service.evaluate(session=session, election=election)
    return papers.tally_xlsx(found=found, election_id=election_id)
