"""The 民主测评表 to print, and the result of the 民主测评 and 信任票 as PDF and xlsx
(ballots.documents.nomination, ballots.spreadsheets), from the counted result."""

from __future__ import annotations

from fastapi import Response
from sqlmodel import Session

from app.appraisal.models import AppraisalPublic
from app.elections.models import Election
from app.errors import InvalidState
from app.nomination.papers import pdf_response
from app.papers.forms import form_options
from app.papers.spreadsheets import xlsx_response
from ballots.documents.nomination import (
    SummaryTable,
    render_appraisal_ballot,
    render_summary_sheet,
)
from ballots.spreadsheets import write_summary


def form_pdf(*, session: Session, election: Election, found: AppraisalPublic) -> Response:
    subjects = [s["name"] for s in found.settings.get("subjects", [])]
    if not subjects:
        raise InvalidState("尚未设置民主测评对象", code="appraisal_not_set")
    options = form_options(session, election)
    return pdf_response(lambda: render_appraisal_ballot(subjects, options=options,
                                                        marks=found.options),
                        f"appraisal-form-{election.id}.pdf")


def result_tables(found: AppraisalPublic) -> tuple[list[str], list[SummaryTable]]:
    """民主测评: counts per option, rates, the flag; 信任票: 信任/不信任/弃权 and the verdict."""
    result = found.result
    if result is None:
        raise InvalidState("民主测评结果还不能统计：" + "；".join(found.problems[:3]),
                           code="appraisal_incomplete")
    lines, tables = [], []
    evaluation = result.get("evaluation")
    if evaluation:
        lines.append(f"民主测评收回测评表{evaluation['ballots_returned']}张")
        columns = ("测评对象", *found.options, "无效", "弃权", "满意率", "不满意率", "结论")
        rows = tuple((s["name"], *(s["counts"].get(o, 0) for o in found.options), s["invalid"],
                      s["blank"], s["satisfied_rate"] or "—", s["dissatisfied_rate"] or "—",
                      "不满意超过规定比例" if s["dissatisfied_flag"] else "")
                     for s in evaluation["subjects"])
        tables.append(SummaryTable("民主测评（满意率、不满意率按有效票计）", columns, rows))
    survey = result.get("survey")
    if survey:
        lines.append(survey["text"])
    for vote in result.get("trust_votes", []):
        rows = tuple((p["name"], p["trust"], p["distrust"], p["abstain"], p["trust_rate"] or "—",
                      "信任票过半" if p["trusted"] else "信任票未过半")
                     for p in vote["people"])
        tables.append(SummaryTable(f"{vote['name']}：收回{vote['ballots_returned']}张",
                                   ("姓名", "信任", "不信任", "弃权", "信任率", "结论"), rows))
    return lines, tables


def result_pdf(*, session: Session, election: Election, found: AppraisalPublic) -> Response:
    lines, tables = result_tables(found)
    options = form_options(session, election)
    return pdf_response(lambda: render_summary_sheet(
        tables, options=options, title="民主测评和信任投票结果", lines=lines,
        signers=("计票人", "监票人")), f"appraisal-result-{election.id}.pdf")


def result_xlsx(*, found: AppraisalPublic, election_id: int) -> Response:
    lines, tables = result_tables(found)
    return xlsx_response(write_summary(tables, lines), f"appraisal-result-{election_id}.xlsx")
