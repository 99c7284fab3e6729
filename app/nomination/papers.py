"""The nomination's forms: the 推荐票 (提名票) to print, and the 推荐结果统计表 as PDF and xlsx,
served from the counted result (ballots.documents.nomination, ballots.spreadsheets)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from sqlmodel import Session

from app.elections.models import Election
from app.errors import InvalidInput, InvalidState
from app.nomination.models import MEETING_ZH, NominationPublic
from app.nomination.record import linked_people, load, nomination_posts, require_kind
from app.papers.forms import form_options
from app.papers.spreadsheets import xlsx_response
from ballots.documents.forms import Person
from ballots.documents.nomination import (
    BallotSection,
    SummaryTable,
    render_naming_ballot,
    render_summary_sheet,
)
from ballots.errors import DocumentError
from ballots.spreadsheets import write_summary
from ballots.strokes import StrokeError

OUT_ZH = {"below_threshold": "未过半数", "below_cut": "名额之外"}
DIRECT_ZH = {"candidate": "候选人", "preselection": "参加预选", "out": "未入选"}
PRESELECTION_ZH = {**DIRECT_ZH, "preselection": "参加再次预选"}


def pdf_response(render: Callable[[], bytes], name: str) -> Response:
    try:
        data = render()
    except (StrokeError, DocumentError) as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


def ballot_pdf(*, session: Session, election: Election, printed: bool) -> Response:
    """推荐票 (两推) or 提名票 (海推); `printed`: the 党委's list printed on it to mark."""
    assert election.id is not None
    require_kind(election)
    stored = load(session=session, election=election)
    linked = linked_people(stored.people)
    listed = stored.nomination.committee_list if printed else {}

    def person(name: str) -> Person:
        found = linked.get(name)
        return Person(name, surname=found.surname if found else None)

    sections = [BallotSection(p.name, p.seats, p.limit,
                              tuple(person(n) for n in listed.get(p.id, ())))
                for p in nomination_posts(stored)]
    kind = "推荐票" if election.body == "party_branch" else "提名票"
    options = form_options(session, election)
    return pdf_response(lambda: render_naming_ballot(sections, options=options, kind=kind),
                f"nomination-ballot-{election.id}.pdf")


def tally_tables(found: NominationPublic) -> tuple[list[str], list[SummaryTable]]:
    """The 推荐结果统计表: the meetings and the threshold, then a ranked table per post."""
    result = found.result
    if result is None:
        raise InvalidState("推荐结果还不能统计：" + "；".join(found.problems[:3]),
                           code="nomination_incomplete")
    lines = [c["text"] for m in result.get("meetings", []) for c in m["checks"]]
    threshold = result.get("threshold") or {}
    if "least_score" in threshold:
        lines.append(f"综合得票须超过推荐票的一半，即至少{threshold['least_score']}票")
    if result["kind"] == "direct":
        lines.append(f"收回提名票{result['ballots_returned']}张")
    tables = []
    posts = found.post_names
    for post, p in result["posts"].items():
        head = f"{posts.get(post, post)}：应选{p['seats']}名，" + (
            f"初步人选{p['wanted']}名" if result["kind"] == "recommendation"
            else f"候选人{p['wanted']}名")
        notes = (f"还差{p['missing']}名",) if p["missing"] else ()
        if result["kind"] == "recommendation":
            columns = ("名次", "姓名", MEETING_ZH["representatives"], MEETING_ZH["members"],
                       "综合得票", "过半数", "党委名单", "结果")
            rows = tuple((r["rank"], r["name"], r["votes"].get("representatives", 0),
                          r["votes"].get("members", 0), r["score"],
                          "—" if r["over_threshold"] is None else
                          "是" if r["over_threshold"] else "否",
                          "是" if r["on_committee_list"] else "",
                          "初步人选" if r["status"] == "nominee" else OUT_ZH[r["out_reason"]])
                         for r in p["ranking"])
        else:
            columns = ("名次", "姓名", "得票", "结果")
            rows = tuple((r["rank"], r["name"], r["votes"], DIRECT_ZH[r["status"]])
                         for r in p["tally"])
            notes += (f"有效{p['sections_valid']}张，无效{p['sections_invalid']}张",)
        tables.append(SummaryTable(head, columns, rows, notes))
        for i, h in enumerate(p.get("preselections_held", []), start=1):
            # CAMPAIGN.md §1 — each 预选 held, as counted: the most votes win.
            tables.append(SummaryTable(
                f"{posts.get(post, post)}第{i}次预选：取{h['places']}名",
                ("名次", "姓名", "预选得票", "结果"),
                tuple((r["rank"], r["name"], r["votes"], PRESELECTION_ZH[r["status"]])
                      for r in h["tally"]),
                (f"收回{h['ballots_returned']}张，有效{h['sections_valid']}张，"
                 f"无效{h['sections_invalid']}张",)))
    if found.decision:
        d = found.decision
        lines.append(f"初步人选由{d['decided_by']}确定：" + "；".join(
            f"{posts.get(k, k)} {'、'.join(v)}" for k, v in d["posts"].items()))
    return lines, tables


def tally_pdf(*, session: Session, election: Election, found: NominationPublic) -> Response:
    lines, tables = tally_tables(found)
    options = form_options(session, election)
    return pdf_response(lambda: render_summary_sheet(
        tables, options=options, lines=lines,
        title="推荐结果统计表" if election.body == "party_branch" else "提名结果统计表",
        signers=("计票人", "监票人")), f"nomination-tally-{election.id}.pdf")


def tally_xlsx(*, found: NominationPublic, election_id: int) -> Response:
    lines, tables = tally_tables(found)
    return xlsx_response(write_summary(tables, lines), f"nomination-tally-{election_id}.xlsx")
