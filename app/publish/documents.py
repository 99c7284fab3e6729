"""The printed documents of a round: 选举结果报告单 and 当选公告 (from `ballots`)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response

from app.errors import Conflict, InvalidInput
from app.papers.models import PaperDetailsPublic
from app.papers.service import announcement_options, report_options
from app.rounds.models import Round
from ballots.documents.announcement import render_announcement
from ballots.documents.report import render_election_report, render_report
from ballots.errors import DocumentError

PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "PDF 文件"}}


def _frozen_or_current(rnd: Round, record: dict[str, Any] | None) -> tuple[dict[str, Any],
                                                                           dict[str, Any]]:
    if rnd.state == "published" and rnd.published_record and rnd.published_result:
        return json.loads(rnd.published_record), json.loads(rnd.published_result)
    if rnd.state != "counted" or rnd.result is None or record is None:
        raise Conflict("本轮尚未计票完毕，没有结果可以印制", code="not_counted")
    return record, rnd.result


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


def report_pdf(rnd: Round, record: dict[str, Any] | None, *, url: str | None = None,
               details: PaperDetailsPublic | None = None,
               anchor: tuple[int, str] | None = None) -> Response:
    """The 报告单; `anchor` (seq, hash) is the audit chain's head it is signed at."""
    doc, result = _frozen_or_current(rnd, record)
    try:
        data = render_report(doc, result, round_id=rnd.key,
                             options=report_options(details or PaperDetailsPublic(), url=url,
                                                    anchor=anchor))
    except DocumentError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return _pdf(data, f"report-{rnd.election_id}-{rnd.key}.pdf")


def announcement_pdf(rnd: Round, record: dict[str, Any] | None, *,
                     details: PaperDetailsPublic | None = None) -> Response:
    doc, result = _frozen_or_current(rnd, record)
    try:
        data = render_announcement(
            doc, result, options=announcement_options(details or PaperDetailsPublic()))
    except DocumentError as err:
        status = Conflict if err.code == "outcome_incomplete" else InvalidInput
        raise status(err.zh, code=err.code, detail={"en": err.en}) from None
    return _pdf(data, f"announcement-{rnd.election_id}-{rnd.key}.pdf")


def election_report_pdf(rnd: Round, record: dict[str, Any] | None, *, url: str | None = None,
                        details: PaperDetailsPublic | None = None) -> Response:
    """The 报告单 of every round up to `rnd` (its record holds them all) on one form."""
    doc, result = _frozen_or_current(rnd, record)
    try:
        data = render_election_report(
            doc, result, options=report_options(details or PaperDetailsPublic(), url=url))
    except DocumentError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return _pdf(data, f"report-{rnd.election_id}-all.pdf")


frozen_or_current = _frozen_or_current  # the record and result a counted round prints
