"""The roll and the results as spreadsheets (ballots.spreadsheets) for the service."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from sqlmodel import Session, SQLModel

from app.deps import Actor
from app.elections.models import Election
from app.errors import Conflict, InvalidInput
from app.publish.documents import frozen_or_current
from app.roll.models import VoterIn, VotersIn
from app.roll.service import PARTY_STATUSES, add_voters, has_vote, roll_id, voters_of
from app.rounds import service as rounds
from app.rounds.record import record_upto
from ballots.spreadsheets import RollImport, RollOut, SpreadsheetError, read_roll, write_roll
from ballots.spreadsheets import write_results as results_book
from counting.rules import PARTY_BODIES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}}, "description": "Excel 文件（.xlsx）"}}


class RollRowOut(SQLModel):
    row: int
    name: str
    status: str
    note: str | None


class RowErrorOut(SQLModel):
    row: int
    code: str
    message: str


class RollPreview(SQLModel):
    """What an import would add; `ok` is false when any row must be corrected first."""

    ok: bool
    rows: list[RollRowOut]
    errors: list[RowErrorOut]


def xlsx_response(data: bytes, name: str) -> Response:
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def parse(data: bytes, filename: str, election: Election) -> RollImport:
    party = election.body in PARTY_BODIES
    try:
        return read_roll(data, filename, default_status="full" if party else "registered",
                         allowed=PARTY_STATUSES if party else ("registered",))
    except SpreadsheetError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None


def preview(found: RollImport) -> RollPreview:
    return RollPreview(
        ok=found.ok,
        rows=[RollRowOut(row=r.row, name=r.name, status=r.status, note=r.note)
              for r in found.rows],
        errors=[RowErrorOut(row=e.row, code=e.code, message=e.zh) for e in found.errors])


def import_roll(*, session: Session, election: Election, found: RollImport,
                actor: Actor) -> int:
    """Add the rows of a file without errors (all or nothing); returns how many."""
    if not found.ok:
        raise InvalidInput(f"文件中有{len(found.errors)}行须更正，未导入任何人",
                           code="roll_rows_invalid",
                           detail={"errors": preview(found).model_dump()["errors"]})
    if not found.rows:
        raise InvalidInput("文件中没有人员", code="roll_empty")
    added = add_voters(session=session, election=election, actor=actor, data=VotersIn(
        voters=[VoterIn(name=r.name, status=r.status, note=r.note)  # type: ignore[arg-type]
                for r in found.rows]))
    return len(added)


def roll_xlsx(*, session: Session, election: Election) -> Response:
    assert election.id is not None
    rows = [RollOut(v.name, v.status, v.note, signed_in=v.signed_in_at is not None,
                    votes=has_vote(election.body, v.status) and v.exclusion_reason is None)
            for v in voters_of(session=session, election_id=roll_id(election))]
    return xlsx_response(write_roll(rows), f"roll-{election.id}.xlsx")


def results_xlsx(*, session: Session, election: Election) -> Response:
    """Every round up to the last counted or published one (a published one: frozen)."""
    assert election.id is not None
    done = [r for r in rounds.rounds_of(session=session, election_id=election.id)
            if r.state in ("counted", "published")]
    if not done:
        raise Conflict("还没有计票完毕的轮次，没有结果可以导出", code="not_counted")
    last = done[-1]
    record = None if last.state == "published" else record_upto(
        session=session, election=election, rnd=last)
    doc, result = frozen_or_current(last, record)
    return xlsx_response(results_book(doc, result), f"results-{election.id}.xlsx")
