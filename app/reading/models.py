"""Scanned and photographed ballot sheets kept with their round (issue 13, 扫描计票).

A sheet is kept as it arrived (the evidence, its SHA-256 in the audit log), never linked to
a voter: the round, the upload's file and page, what the reader saw, and once a clerk has
confirmed it, the ballot entry it became.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.dbtypes import UTCDateTime
from app.entry.models import EntryResult, MarkName, WriteInIn
from app.timeutil import utcnow

# unread: kept, not yet read · read: waits for a clerk · refused: another election's, round's
# or list's ballot (by its QR) · unlocated: no ballot found on it (enter it by hand) ·
# confirmed: stored as a ballot entry · set_aside: a clerk put it aside (the paper is entered
# by hand, or it was the same paper photographed again)
SheetState = Literal["unread", "read", "refused", "unlocated", "confirmed", "set_aside"]
SetAsideReason = Literal["by_hand", "duplicate"]


class ScanSheet(SQLModel, table=True):
    __tablename__ = "scan_sheet"
    # An upload sent again (a reload mid-batch) adds nothing: its pages are known by the
    # file's hash and the page's number in it.
    __table_args__ = (UniqueConstraint("round_id", "file_sha256", "file_page"),
                      Index("ix_scan_sheet_marks", "round_id", "marks_key"))
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    source: str = Field(max_length=200)  # "scan.pdf#3": the file's name and the page
    file_sha256: str = Field(max_length=64)
    file_page: int
    sha256: str = Field(max_length=64)  # of `image`, as kept
    image: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    media_type: str = Field(max_length=40)
    state: str = Field(default="unread", max_length=16)
    # What the reader saw (scan.SheetRead.to_json) and the page it flattened (JPEG, 150 dpi).
    read: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    flat: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    entry_id: str | None = Field(default=None, max_length=64)
    # The write-ins the clerk typed, by column: [{"post", "column", "name", "mark"}].
    write_ins: list[dict[str, Any]] | None = Field(default=None,
                                                   sa_column=Column(JSON, nullable=True))
    # The ballot page the reader found (a ballot of several pages is confirmed as one entry
    # from its pages uploaded in order: app/reading/papers.py).
    page: int | None = None
    # The hand marks, small (app/reading/duplicates.py): the inked cells' key and images.
    marks_key: str | None = Field(default=None, max_length=32)
    marks_print: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    duplicate_of: int | None = None  # an earlier sheet whose hand marks are the same
    set_aside: str | None = Field(default=None, max_length=16)  # SetAsideReason
    uploaded_by: str = Field(max_length=100)
    confirmed_by: str | None = Field(default=None, max_length=100)  # or who set it aside
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))


class CellRef(SQLModel):
    post: str = Field(min_length=1, max_length=64)
    column: int = Field(ge=1, le=1000)


class SheetWriteIn(CellRef, WriteInIn):
    pass


class ConfirmIn(SQLModel):
    """What the clerk confirms: the marks (as read, or as set), the 另选他人 names typed beside
    their crops, and every cell the reader left to a person, touched."""

    marks: dict[str, dict[str, MarkName]] = Field(default_factory=dict, max_length=20)
    write_ins: list[SheetWriteIn] = Field(default_factory=list, max_length=100)
    void: bool = False
    checked: list[CellRef] = Field(default_factory=list, max_length=1000,
                                   description="确认时逐一核对过的存疑栏（每个存疑栏都须在此）")
    another_paper: bool = Field(default=False, description=(
        "手写符号与此前一张相同（possible_duplicate）时，计票人核对后确认这是另一张选票"))


class SetAsideIn(SQLModel):
    reason: SetAsideReason = Field(default="by_hand", description=(
        "by_hand：按纸质选票手工录入；duplicate：同一张选票重复拍摄，不计入"))


class PaperPublic(SQLModel):
    """The paper ballot a sheet is a page of: its pages' sheets in upload order."""

    sheets: list[int]  # sheet ids
    numbers: list[int]  # their SheetPublic.number
    pages: list[int]  # the page each is
    count: int  # pages of the round's ballot
    code: str | None  # None: the pages 1…count in order, confirmed as one ballot
    zh: str


class SheetPublic(SQLModel):
    id: int
    number: int  # the sheet's place among the round's sheets, from 1
    source: str
    sha256: str
    state: SheetState
    flags: list[dict[str, Any]]
    to_check: int  # cells the reader left to a person
    entry_id: str | None
    created_at: datetime
    page: int | None = None
    paper: PaperPublic | None = None  # None: no ballot page read on it
    duplicate_of: int | None = None  # SheetPublic.number of the sheet its marks match
    set_aside: SetAsideReason | None = None


class UploadResult(SQLModel):
    sheets: list[SheetPublic]  # the pages kept now, to be read
    repeated: int  # pages of this file already kept (the upload was sent before)


class CellView(SQLModel):
    post: str
    candidate: str | None
    column: int
    mark: str
    guess: str
    definite: bool
    confidence: float
    check: bool  # the reader leaves it to a person: it must be touched
    box: list[float]  # the 符号 cell on the page: [left, top, width, height], fractions


class WriteInView(SQLModel):
    post: str
    column: int
    crop: str  # the 另选他人 name cell, as a data: URL (JPEG)
    mark: str  # as read: yes / no / none
    name: str | None = None  # as typed (a confirmed sheet)


class PageView(SQLModel):
    sheet_id: int
    number: int
    source: str
    page: int | None
    image: str  # the flattened page (or the sheet as kept, when none was found), data: URL
    aspect: float  # height / width of `image`'s page
    cells: list[CellView]


class SheetDetail(SheetPublic):
    image: str  # the first page's image (as in `pages`)
    aspect: float
    # Every page of the paper ballot (one for a one-page ballot); `cells` and
    # `write_in_cells` are all its pages' (a post's columns are numbered across pages).
    pages: list[PageView]
    cells: list[CellView]
    write_in_cells: list[WriteInView]
    known_names: list[str]  # write-in names already typed in this round


class WriteInReview(WriteInView):
    sheet: int  # SheetPublic.number
    sheet_id: int


class ConfirmOut(SQLModel):
    sheet: SheetPublic
    entry: EntryResult  # the ballot entry's answer, as `POST …/entries` gives it
