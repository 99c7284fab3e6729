"""扫描计票 at the meeting: sheets uploaded and kept with the round, read by `scan/`, and
confirmed one by one by a clerk into the ordinary ballot entry (issue 13).

The reader is a channel: in a round counted by one clerk its confirmed sheets are channel A;
in a double-entry round they are channel B, a clerk types the paper by hand as A, and the
two are compared position by position like any two clerks (differences go to the 监票人).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import AuditNote, append_many
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.entry.models import EntryIn, WriteInIn
from app.errors import Conflict, InvalidInput, NotFound
from app.reading import duplicates, images
from app.reading.models import (
    CellView,
    ConfirmIn,
    PageView,
    PaperPublic,
    ScanSheet,
    SetAsideReason,
    SheetDetail,
    SheetPublic,
    UploadResult,
    WriteInReview,
    WriteInView,
)
from app.reading.papers import Paper, papers
from app.rounds.models import Round
from app.rounds.record import record_upto
from app.rounds.states import require_action
from app.rounds.versioned import PerRoundVersion
from ballots.documents.ballot import ballot_geometry
from ballots.errors import DocumentError
from ballots.geometry import BallotGeometry, PageGeometry
from scan import ScanError, read_sheet
from scan.sheet import Flag, SheetRead

MAX_PAGES = 300  # one upload: a scanner's batch
# Flags on a cell that a person must settle before the sheet is stored (scan/sheet.py).
CHECK_FLAGS = ("marginal_mark", "unreadable_mark", "write_in")
REFUSALS = ("wrong_election", "wrong_round", "wrong_template")

_geometries: PerRoundVersion[BallotGeometry] = PerRoundVersion(32)

log = logging.getLogger(__name__)


def round_geometry(*, session: Session, election: Election, rnd: Round) -> BallotGeometry:
    """Where every cell of the round's printed ballot is: the same drawing `ballot.pdf`
    prints (cached per round version, like the judging record)."""
    def build() -> BallotGeometry:
        doc = record_upto(session=session, election=election, rnd=rnd, open_=True)
        try:
            return ballot_geometry(doc, rnd.key)
        except DocumentError as err:
            raise InvalidInput(err.zh, code=err.code) from None
    return _geometries.get(session, rnd, build)


def safe_name(name: str | None) -> str:
    """A file name fit to show and to write into a temporary folder."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if ch.isalnum() or ch in "._- ")[:80].strip(" .")
    return kept or "upload"


def upload(*, session: Session, election: Election, rnd: Round, data: bytes,
           name: str | None, actor: Actor) -> UploadResult:
    """Keep every page of an uploaded file with the round (unread); a page already kept from
    the same file is not kept twice."""
    require_action(rnd, "enter")  # before the file is rendered; again once locked
    if not data:
        raise InvalidInput("上传的文件是空的", code="empty_file")
    name = safe_name(name)
    try:
        pages = images.split_pages(data, name)
    except ScanError as err:
        if err.code != "unreadable_file":
            raise InvalidInput(err.zh, code=err.code) from None
        raise InvalidInput("上传的文件不是可识读的照片（JPEG、PNG、TIFF）或 PDF 扫描件",
                           code="not_a_scan") from None
    if len(pages) > MAX_PAGES:
        raise InvalidInput(f"一次最多上传{MAX_PAGES}页，这个文件有{len(pages)}页，请分批上传",
                           code="too_many_pages")
    file_sha = images.sha256(data)
    begin_write(session, rnd)
    require_action(rnd, "enter")
    assert rnd.id is not None
    known = set(session.execute(select(ScanSheet.file_page).where(
        ScanSheet.round_id == rnd.id, ScanSheet.file_sha256 == file_sha)).scalars())
    rows = [ScanSheet(round_id=rnd.id, source=page.source[:200], file_sha256=file_sha,
                      file_page=page.number, sha256=images.sha256(page.image),
                      image=page.image, media_type=page.media_type, uploaded_by=actor.name)
            for page in pages if page.number not in known]
    if not rows:
        session.rollback()
        return UploadResult(sheets=[], repeated=len(pages))
    for row in rows:
        session.add(row)
    session.flush()
    append_many(session=session, election_id=rnd.election_id, notes=[
        AuditNote(actor=actor.name, action="sheet.add", target=f"round:{rnd.key}",
                  data={"sheet": row.id, "source": row.source, "sha256": row.sha256,
                        "file_sha256": file_sha})
        for row in rows])
    session.commit()
    kept = sheet_list(session=session, election=election, rnd=rnd)
    return UploadResult(sheets=[kept.public(row) for row in rows],
                        repeated=len(pages) - len(rows))


def get_sheet(*, session: Session, rnd: Round, sheet_id: int) -> ScanSheet:
    sheet = session.get(ScanSheet, sheet_id)
    if sheet is None or sheet.round_id != rnd.id:
        raise NotFound("找不到这张扫描的选票", code="sheet_not_found")
    return sheet


def _read_or_fail(gray: Any, geometry: BallotGeometry, source: str) -> SheetRead:
    """The reader's answer; a sheet the reader fails on (a bug, an image it cannot take) is
    left unread with a flag for the clerk to enter it by hand, not a 500 for the batch."""
    try:
        return read_sheet(gray, geometry, source)
    except Exception:
        log.exception("reading %s failed", source)
        return SheetRead(source, None, flags=(Flag(
            "read_failed", "这一页识读时出错，请按纸质选票手工录入"),))


def read(*, session: Session, election: Election, rnd: Round, sheet_id: int) -> SheetPublic:
    """Read a kept sheet (once: a sheet already read answers what was read). The reading is
    done outside any transaction; two tablets reading the same page store it once. A sheet
    whose hand marks match an earlier sheet's is flagged `possible_duplicate`."""
    sheet = get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    if sheet.state == "unread":
        geometry = round_geometry(session=session, election=election, rnd=rnd)
        image, source = sheet.image, sheet.source
        session.rollback()
        gray = images.decode(image)
        found = _read_or_fail(gray, geometry, source)
        state, flat, marks = "unlocated", None, None
        seen = found.to_json()
        if found.ballot is not None:
            if found.flat is not None:
                flat = images.encode_jpeg(found.flat)
                if found.page is not None:
                    marks = duplicates.mark_print(found.flat, geometry.pages[found.page - 1],
                                                  seen)
            state = "read"
        elif {f.code for f in found.flags} & set(REFUSALS):
            state = "refused"
        begin_write(session, sheet)
        if sheet.state == "unread":
            sheet.read, sheet.flat, sheet.state = seen, flat, state
            sheet.page = found.page if state == "read" else None
            if marks is not None:
                sheet.marks_key, sheet.marks_print = marks.key, marks.to_bytes()
                sheet.duplicate_of = _same_marks(session, sheet, marks)
            session.add(sheet)
        session.commit()
    return sheet_list(session=session, election=election, rnd=rnd).public(sheet)


def _same_marks(session: Session, sheet: ScanSheet,
                marks: duplicates.MarkPrint) -> int | None:
    """The first sheet of the round read before with the same hand marks, if any."""
    rows = session.execute(select(ScanSheet.id, ScanSheet.marks_print).where(
        ScanSheet.round_id == sheet.round_id, ScanSheet.marks_key == marks.key,
        ScanSheet.id != sheet.id).order_by(ScanSheet.id))
    for sid, kept in rows:
        if kept is not None and duplicates.likeness(
                marks.cells, duplicates.from_bytes(kept)) >= duplicates.SAME_PAPER:
            return int(sid)
    return None


@dataclass(frozen=True, slots=True)
class SheetList:
    """The round's sheets as the clerk's list shows them: each one's place, and the paper
    ballot each read page belongs to."""

    numbers: dict[int, int]
    papers: dict[int, Paper]

    def public(self, sheet: ScanSheet) -> SheetPublic:
        assert sheet.id is not None
        return self.row(sheet.id, sheet.source, sheet.sha256, sheet.state, sheet.read,
                        sheet.entry_id, sheet.created_at, sheet.page, sheet.duplicate_of,
                        sheet.set_aside)

    def row(self, sheet_id: int, source: str, sha: str, state: str,
            read: dict[str, Any] | None, entry_id: str | None, created: Any, page: int | None,
            duplicate_of: int | None, set_aside: str | None) -> SheetPublic:
        flags = list(read["flags"]) if read else []
        if duplicate_of is not None:
            flags.append({"code": "possible_duplicate", "zh": (
                f"手写符号与第{self.numbers.get(duplicate_of, '?')}张几乎完全相同，"
                "可能是同一张选票拍了两次：须核对纸质选票后确认是另一张选票")})
        paper = self.papers.get(sheet_id)
        return SheetPublic(
            id=sheet_id, number=self.numbers[sheet_id], source=source, sha256=sha,
            state=state,  # type: ignore[arg-type]
            flags=flags, to_check=len(_to_check(read)), entry_id=entry_id, created_at=created,
            page=page, duplicate_of=self.numbers.get(duplicate_of) if duplicate_of else None,
            set_aside=set_aside,  # type: ignore[arg-type]
            paper=None if paper is None else PaperPublic(
                sheets=list(paper.sheets), numbers=[self.numbers[s] for s in paper.sheets],
                pages=list(paper.pages), count=paper.count, code=paper.code, zh=paper.zh))


def sheet_list(*, session: Session, election: Election, rnd: Round) -> SheetList:
    rows = session.execute(select(ScanSheet.id, ScanSheet.state, ScanSheet.page)
                           .where(ScanSheet.round_id == rnd.id).order_by(ScanSheet.id)).all()
    count = len(round_geometry(session=session, election=election, rnd=rnd).pages)
    return SheetList({row.id: n for n, row in enumerate(rows, start=1)},
                     papers([(row.id, row.state, row.page) for row in rows], count))


def sheets_of(*, session: Session, election: Election, rnd: Round) -> list[SheetPublic]:
    kept = sheet_list(session=session, election=election, rnd=rnd)
    rows = session.execute(
        select(ScanSheet.id, ScanSheet.source, ScanSheet.sha256, ScanSheet.state,
               ScanSheet.read, ScanSheet.entry_id, ScanSheet.created_at, ScanSheet.page,
               ScanSheet.duplicate_of, ScanSheet.set_aside)
        .where(ScanSheet.round_id == rnd.id).order_by(ScanSheet.id))
    return [kept.row(*row) for row in rows]


def paper_sheets(*, session: Session, rnd: Round, kept: SheetList,
                 sheet: ScanSheet) -> list[ScanSheet]:
    """The sheets of the paper ballot `sheet` is a page of (itself alone when it is no page
    of a whole paper)."""
    paper = kept.papers.get(sheet.id or 0)
    if paper is None:
        return [sheet]
    return [sheet if sid == sheet.id else get_sheet(session=session, rnd=rnd, sheet_id=sid)
            for sid in paper.sheets]


def detail(*, session: Session, election: Election, rnd: Round, sheet_id: int) -> SheetDetail:
    """The sheet as the clerk confirms it: the flattened page (every page of a whole paper
    ballot), each cell's box and reading, the 另选他人 name crops, and the names typed so
    far."""
    sheet = get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    kept = sheet_list(session=session, election=election, rnd=rnd)
    summary = kept.public(sheet)
    paper = kept.papers.get(sheet_id)
    members = [sheet]
    if paper is not None and paper.code is None:
        members = paper_sheets(session=session, rnd=rnd, kept=kept, sheet=sheet)
    twice = next((m for m in members if m.duplicate_of is not None), None)
    if twice is not None and twice is not sheet:  # another page's marks match: say so here
        summary = summary.model_copy(update={
            "duplicate_of": kept.numbers.get(twice.duplicate_of or 0),
            "flags": summary.flags + kept.public(twice).flags[-1:]})
    views: list[PageView] = []
    write_ins: list[WriteInView] = []
    for member in members:
        view, typed_in = _page_view(session, election, rnd, member, kept)
        views.append(view)
        write_ins += typed_in
    return SheetDetail(**summary.model_dump(), image=views[0].image, aspect=views[0].aspect,
                       pages=views, cells=[c for v in views for c in v.cells],
                       write_in_cells=write_ins, known_names=known_names(session=session, rnd=rnd))


def _page_view(session: Session, election: Election, rnd: Round, sheet: ScanSheet,
               kept: SheetList) -> tuple[PageView, list[WriteInView]]:
    assert sheet.id is not None
    page = _page(session, election, rnd, sheet)
    cells: list[CellView] = []
    write_ins: list[WriteInView] = []
    if page is not None and sheet.flat is not None and sheet.read is not None:
        flat = images.decode(sheet.flat)
        check = _to_check(sheet.read)
        typed = {(w["post"], w["column"]): w["name"] for w in sheet.write_ins or []}
        by_place = {(c.post_id, c.column): c for c in page.cells}
        for read_cell in sheet.read["cells"]:
            place = (read_cell["post"], read_cell["column"])
            cell = by_place[place]
            cells.append(CellView(
                post=cell.post_id, candidate=cell.candidate_id, column=cell.column,
                mark=read_cell["mark"], guess=read_cell["guess"],
                definite=read_cell["definite"], confidence=read_cell["confidence"],
                check=place in check, box=images.page_fraction(page, cell.mark)))
            if cell.candidate_id is None and place in check:
                write_ins.append(WriteInView(
                    post=cell.post_id, column=cell.column,
                    crop=images.name_crop(flat, page, cell.name),
                    mark=_write_in_mark(read_cell), name=typed.get(place)))
        image, aspect = images.data_url(sheet.flat), page.height / page.width
    else:
        image, aspect = images.data_url(sheet.image, sheet.media_type), 1.414
    return PageView(sheet_id=sheet.id, number=kept.numbers[sheet.id], source=sheet.source,
                    page=sheet.page, image=image, aspect=aspect, cells=cells), write_ins


def known_names(*, session: Session, rnd: Round) -> list[str]:
    """Write-in names typed on this round's sheets, most used first (for autocomplete)."""
    counts: dict[str, int] = {}
    for typed in session.execute(select(ScanSheet.write_ins).where(
            ScanSheet.round_id == rnd.id, ScanSheet.state == "confirmed")).scalars():
        for w in typed or []:
            counts[w["name"]] = counts.get(w["name"], 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


def already_confirmed(entry_id: str) -> Conflict:
    """409 for a sheet confirmed before (from this tablet or another)."""
    return Conflict(f"这张选票已经确认并计入（录入编号 {entry_id}），不能再次确认",
                    code="sheet_confirmed", detail={"entry_id": entry_id})


def entry_for(*, session: Session, election: Election, rnd: Round, sheet_id: int,
              data: ConfirmIn) -> EntryIn:
    """The ballot entry a confirmed paper ballot becomes (its pages, one to a sheet), once
    every doubtful cell of every page was touched."""
    require_action(rnd, "enter")
    sheet = get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    _require_open(sheet)
    if sheet.state != "read" or sheet.read is None:
        raise Conflict("这张选票未能识读（不是本轮选票或找不到选票），请按纸质选票手工录入",
                       code="sheet_not_read")
    kept = sheet_list(session=session, election=election, rnd=rnd)
    paper = kept.papers.get(sheet_id)
    if paper is None:
        raise Conflict("这张选票未能识读，请按纸质选票手工录入", code="sheet_not_read")
    if paper.code is not None:
        raise Conflict(paper.zh, code=paper.code,
                       detail={"sheets": [kept.numbers[s] for s in paper.sheets]})
    members = paper_sheets(session=session, rnd=rnd, kept=kept, sheet=sheet)
    for member in members:
        _require_open(member)
    doubles = [m for m in members if m.duplicate_of is not None]
    if doubles and not data.another_paper:
        earlier = kept.numbers.get(doubles[0].duplicate_of or 0)
        raise Conflict(f"这张选票的手写符号与第{earlier}张几乎完全相同，可能是同一张选票拍了两次："
                       "请核对纸质选票，确认是另一张选票后再计入，否则将其搁置",
                       code="possible_duplicate", detail={"sheet": earlier})
    missing: set[tuple[str, int]] = set()
    for member in members:
        missing |= _to_check(member.read)
    missing -= {(c.post, c.column) for c in data.checked}
    if missing:
        raise InvalidInput(f"还有{len(missing)}个存疑栏没有核对，请逐一点选后再确认",
                           code="unchecked_cells",
                           detail=[{"post": p, "column": c} for p, c in sorted(missing)])
    geometry = round_geometry(session=session, election=election, rnd=rnd)
    blank = {(c.post_id, c.column) for p in geometry.pages for c in p.cells
             if c.candidate_id is None}
    names: dict[str, list[WriteInIn]] = {}
    for w in data.write_ins:
        if (w.post, w.column) not in blank:
            raise InvalidInput(f"选票上没有“{w.post}”的第{w.column}栏另选他人",
                               code="unknown_cell", detail={"post": w.post, "column": w.column})
        names.setdefault(w.post, []).append(WriteInIn(name=w.name, mark=w.mark))
    return EntryIn(entry_id=f"scan-{members[0].id}", channel="B" if rnd.double_entry else "A",
                   marks=data.marks, write_ins=names, void=data.void)


def _require_open(sheet: ScanSheet) -> None:
    """409 unless the sheet is still to be confirmed or set aside."""
    if sheet.state == "confirmed":
        raise already_confirmed(str(sheet.entry_id))
    if sheet.state == "unread":
        raise Conflict("这张选票还没有识读，请稍候", code="sheet_unread")
    if sheet.state == "set_aside":
        raise Conflict("这张选票已搁置，按纸质选票手工录入，不能再确认", code="sheet_set_aside")


def mark_confirmed(*, session: Session, election: Election, rnd: Round, sheet_id: int,
                   entry_id: str, data: ConfirmIn, actor: Actor) -> SheetPublic:
    """The paper ballot is stored as entry `entry_id`: say so on each of its sheets (each
    keeps the write-ins typed from its page), and in the audit log."""
    sheet = get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    kept = sheet_list(session=session, election=election, rnd=rnd)
    members = paper_sheets(session=session, rnd=rnd, kept=kept, sheet=sheet)
    if sheet.state != "confirmed":
        for member in members:
            places = {(c["post"], c["column"]) for c in (member.read or {}).get("cells", [])}
            member.state, member.entry_id, member.confirmed_by = "confirmed", entry_id, actor.name
            member.write_ins = [w.model_dump() for w in data.write_ins
                                if (w.post, w.column) in places]
            session.add(member)
        note: dict[str, Any] = {
            "sheet": members[0].id, "sheets": [m.id for m in members],
            "sha256": members[0].sha256, "entry_id": entry_id,
            "checked": [[c.post, c.column] for c in data.checked]}
        if any(m.duplicate_of is not None for m in members):
            note["another_paper"] = data.another_paper
        append_many(session=session, election_id=rnd.election_id, notes=[AuditNote(
            actor=actor.name, action="sheet.confirm", target=f"round:{rnd.key}", data=note)])
        session.commit()
    return kept.public(sheet)


def set_aside(*, session: Session, election: Election, rnd: Round, sheet_id: int,
              reason: SetAsideReason, actor: Actor) -> list[SheetPublic]:
    """Put a sheet aside (every page of its paper ballot): its paper is entered by hand, or
    it is the same paper photographed again. Audited; setting it aside again changes
    nothing."""
    require_action(rnd, "enter")
    begin_write(session, rnd)
    require_action(rnd, "enter")
    sheet = get_sheet(session=session, rnd=rnd, sheet_id=sheet_id)
    kept = sheet_list(session=session, election=election, rnd=rnd)
    members = paper_sheets(session=session, rnd=rnd, kept=kept, sheet=sheet)
    if sheet.state != "set_aside":
        for member in members:
            _require_open(member)
        if reason == "duplicate" and sheet.duplicate_of is None:
            raise InvalidInput("这张选票没有与之相同的选票，不能作为重复拍摄搁置",
                               code="not_a_duplicate")
        for member in members:
            member.state, member.set_aside, member.confirmed_by = "set_aside", reason, actor.name
            session.add(member)
        append_many(session=session, election_id=rnd.election_id, notes=[AuditNote(
            actor=actor.name, action="sheet.set_aside", target=f"round:{rnd.key}",
            data={"sheets": [m.id for m in members], "reason": reason,
                  "sha256": [m.sha256 for m in members]})])
        session.commit()
    return [kept.public(m) for m in members]


def write_in_reviews(*, session: Session, election: Election, rnd: Round) -> list[WriteInReview]:
    """Every typed write-in of the round's confirmed sheets beside the crop it was typed from
    (the 监票人 looks them over before the count)."""
    geometry = round_geometry(session=session, election=election, rnd=rnd)
    pages = {p.number: p for p in geometry.pages}
    out: list[WriteInReview] = []
    rows = session.execute(select(ScanSheet.id, ScanSheet.page, ScanSheet.flat,
                                  ScanSheet.write_ins)
                           .where(ScanSheet.round_id == rnd.id).order_by(ScanSheet.id))
    for number, row in enumerate(rows, start=1):
        if not row.write_ins or row.flat is None or row.page is None:
            continue
        page = pages.get(row.page)
        if page is None:
            continue
        flat = images.decode(row.flat)
        cells = {(c.post_id, c.column): c for c in page.cells}
        for w in row.write_ins:
            cell = cells[(w["post"], w["column"])]
            out.append(WriteInReview(post=w["post"], column=w["column"], mark=w["mark"],
                                     name=w["name"], sheet=number, sheet_id=row.id,
                                     crop=images.name_crop(flat, page, cell.name)))
    return out


def _page(session: Session, election: Election, rnd: Round,
          sheet: ScanSheet) -> PageGeometry | None:
    if sheet.page is None:
        return None
    geometry = round_geometry(session=session, election=election, rnd=rnd)
    return next((p for p in geometry.pages if p.number == sheet.page), None)


def _to_check(read: dict[str, Any] | None) -> set[tuple[str, int]]:
    """The cells the reader left to a person (post, column)."""
    if read is None:
        return set()
    return {(f["post"], f["column"]) for f in read["flags"]
            if f["code"] in CHECK_FLAGS and "column" in f}


def _write_in_mark(read_cell: dict[str, Any]) -> str:
    guess = read_cell["guess"]
    return "none" if guess == "abstain" else "no" if guess == "no" else "yes"
