"""Public, read-only routes (no token): published results, frozen records and their hashes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from app.addresses import record_url
from app.audit.replay import publish_anchor
from app.deps import ElectionId, RoundId, SessionDep
from app.elections.models import Election
from app.elections.service import get_election
from app.errors import NotFound, responses
from app.papers.service import get_details
from app.publish.documents import PDF_RESPONSE, announcement_pdf, report_pdf
from app.publish.models import PublicElection, PublicRound
from app.rounds.models import Round

router = APIRouter(prefix="/api/v1/public", tags=["public"],
                   responses=responses(400, 404, 409, 422))

JSON_FILE = {200: {"content": {"application/json": {}},
                   "description": "冻结的 JSON 文件（逐字节不变），X-Content-SHA256 为其哈希值"}}


def _published(session: SessionDep, election_id: int) -> list[Round]:
    return list(session.execute(
        select(Round).where(Round.election_id == election_id, Round.state == "published")
        .order_by(Round.number)).scalars())


def _public_round(session: SessionDep, r: Round) -> PublicRound:
    assert r.id is not None and r.published_at is not None
    anchor = publish_anchor(session=session, election_id=r.election_id, round_key=r.key)
    return PublicRound(id=r.id, number=r.number, key=r.key, kind=r.kind,  # type: ignore[arg-type]
                       published_at=r.published_at, signed_off_by=r.signed_off_by,
                       record_sha256=r.record_sha256 or "", result_sha256=r.result_sha256 or "",
                       result=r.result or {}, audit_seq=anchor[0] if anchor else None,
                       audit_anchor=anchor[1] if anchor else None)


def _public_election(session: SessionDep, e: Election, rounds: list[Round]) -> PublicElection:
    assert e.id is not None
    return PublicElection(id=e.id, title=e.title, body=e.body,
                          rounds=[_public_round(session, r) for r in rounds])


@router.get("/elections", response_model=list[PublicElection], summary="已公布结果的选举")
def list_published(session: SessionDep) -> list[PublicElection]:
    ids = list(session.execute(select(Round.election_id).where(Round.state == "published")
                               .distinct()).scalars())
    out = []
    for eid in sorted(ids):
        election = session.get(Election, eid)
        assert election is not None
        out.append(_public_election(session, election, _published(session, eid)))
    return out


@router.get("/elections/{election_id}", response_model=PublicElection, summary="公布的选举结果")
def read_published(election_id: ElectionId, session: SessionDep) -> PublicElection:
    rounds = _published(session, election_id)
    if not rounds:
        raise NotFound("这场选举还没有公布结果", code="not_published")
    return _public_election(session, get_election(session=session, election_id=election_id),
                            rounds)


def _frozen(session: SessionDep, election_id: int, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.election_id != election_id or rnd.state != "published":
        raise NotFound("这一轮还没有公布", code="not_published")
    return rnd


def _file(session: SessionDep, rnd: Round, text: str, digest: str, name: str) -> Response:
    headers = {"X-Content-SHA256": digest,
               "Content-Disposition": f'attachment; filename="{name}"'}
    anchor = publish_anchor(session=session, election_id=rnd.election_id, round_key=rnd.key)
    if anchor is not None:
        headers["X-Audit-Anchor"] = anchor[1]
    return Response(text.encode(), media_type="application/json", headers=headers)


@router.get("/elections/{election_id}/rounds/{round_id}/record.json", response_class=Response,
            responses=JSON_FILE, summary="下载完整选举记录（可用 jipiao count 复核）")
def published_record(election_id: ElectionId, round_id: RoundId, session: SessionDep) -> Any:
    rnd = _frozen(session, election_id, round_id)
    assert rnd.published_record is not None and rnd.record_sha256 is not None
    return _file(session, rnd, rnd.published_record, rnd.record_sha256,
                 f"jipiao-{election_id}-{rnd.key}-record.json")


@router.get("/elections/{election_id}/rounds/{round_id}/result.json", response_class=Response,
            responses=JSON_FILE, summary="下载计票结果")
def published_result(election_id: ElectionId, round_id: RoundId, session: SessionDep) -> Any:
    rnd = _frozen(session, election_id, round_id)
    assert rnd.published_result is not None and rnd.result_sha256 is not None
    return _file(session, rnd, rnd.published_result, rnd.result_sha256,
                 f"jipiao-{election_id}-{rnd.key}-result.json")


@router.get("/elections/{election_id}/rounds/{round_id}/report.pdf", response_class=Response,
            responses=PDF_RESPONSE, summary="选举结果报告单（公布版）")
def published_report(election_id: ElectionId, round_id: RoundId, session: SessionDep,
                     request: Request) -> Response:
    rnd = _frozen(session, election_id, round_id)
    url = record_url(request, "published_record", election_id=election_id, round_id=round_id)
    anchor = publish_anchor(session=session, election_id=election_id, round_key=rnd.key)
    return report_pdf(rnd, None, url=url, anchor=anchor,
                      details=get_details(session=session, election_id=election_id))


@router.get("/elections/{election_id}/rounds/{round_id}/announcement.pdf",
            response_class=Response, responses=PDF_RESPONSE, summary="当选公告（公布版）")
def published_announcement(election_id: ElectionId, round_id: RoundId,
                           session: SessionDep) -> Response:
    return announcement_pdf(_frozen(session, election_id, round_id), None,
                            details=get_details(session=session, election_id=election_id))
