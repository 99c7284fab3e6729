"""One sheet in, one ballot entry out (RECORD.md ballot format), with what a person must
look at: marginal marks, over-votes, write-ins to type, a blank sheet, a refused sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import cv2
import numpy as np
import zxingcpp
from numpy.typing import NDArray

from ballots.content import FINGERPRINT_SCHEME, split_page
from ballots.geometry import BallotGeometry, Box, MarkCell
from ballots.layout import MM
from scan.locate import PX_PER_PT, Gray, Located, crop, locate
from scan.marks import CellRead, PageDarkness, read_cell
from scan.strays import has_stray_mark

CELL_INSET = 1.5 * MM  # the ruled edges, and a little misregistration, are not read
NAME_INK = 0.01  # share of a 另选他人 name cell covered by ink: a name is written there
PAPER_WINDOW = 81  # px at the flat page's resolution: wider than any mark, so paper shows
PAPER_SHRINK = 4


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # marginal_mark, unreadable_mark, over_vote, write_in, blank_sheet, …
    zh: str
    post: str | None = None
    column: int | None = None

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {"code": self.code, "zh": self.zh}
        if self.post is not None:
            found["post"] = self.post
        if self.column is not None:
            found["column"] = self.column
        return found


@dataclass(frozen=True, slots=True)
class CellResult:
    cell: MarkCell
    read: CellRead
    name_ink: float  # a 另选他人 column's name cell; 0 for a printed candidate

    def to_json(self) -> dict[str, object]:
        r = self.read
        return {"post": self.cell.post_id, "candidate": self.cell.candidate_id,
                "column": self.cell.column, "mark": r.mark, "guess": r.guess, "shape": r.shape,
                "definite": r.definite, "confidence": r.confidence, "ink": r.ink,
                **({"name_ink": round(self.name_ink, 4)} if self.cell.candidate_id is None
                   else {})}


@dataclass(frozen=True, slots=True)
class SheetRead:
    source: str
    ballot: dict[str, object] | None  # None: the sheet was refused (see flags)
    cells: tuple[CellResult, ...] = ()
    flags: tuple[Flag, ...] = ()
    page: int | None = None
    # matched | unread | none (the ballot has no QR) | other (another ballot's: refused)
    template: str = "unread"
    flat: Gray | None = field(default=None, repr=False, compare=False)  # the page as read

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "page": self.page, "template": self.template,
                "ballot": self.ballot, "cells": [c.to_json() for c in self.cells],
                "flags": [f.to_json() for f in self.flags]}


def read_sheet(gray: Gray, geometry: BallotGeometry, source: str) -> SheetRead:
    """Read one scanned or photographed ballot page against the round's geometry."""
    located = locate(gray, geometry.pages)
    payload = None
    if located is not None and located.page.qr is not None:
        payload = read_qr(_qr_area(located, located.page.qr))
    if payload is None and geometry.fingerprint:
        payload = read_qr(gray)  # another layout's sheet, or a QR the warp did not give
    refused = _refusal(payload, geometry)
    if refused is not None:
        return SheetRead(source, None, flags=(refused,), template="other")
    ours, named = False, None
    if payload is not None and geometry.fingerprint:
        fingerprint, named, _ = split_page(payload)
        ours = fingerprint == geometry.fingerprint
    if ours and named is not None and (located is None or located.page.number != named
                                       or len(located.pages_alike) > 1):
        # The QR names the page (pages whose grids are alike, or a torn corner).
        located = locate(gray, (geometry.pages[named - 1],), confirmed=True)
    elif located is None and ours:
        located = locate(gray, geometry.pages, confirmed=True)  # a torn corner, the QR read
    if located is None:
        return SheetRead(source, None, flags=(Flag(
            "no_ballot_found",
            "未找到选票的四个角标或表格，无法识读（角被撕去、遮挡，或不是本轮选票）"),))
    template = ("none" if not geometry.fingerprint else "matched" if ours else "unread")
    if named is None and len(located.pages_alike) > 1:  # read as one, its marks go to others
        pages = "、".join(f"第{n}页" for n in located.pages_alike)
        return SheetRead(source, None, flags=(Flag(
            "page_unknown", f"无法确定这是选票的哪一页（{pages}的表格相同），须由人识读"),),
            template=template)
    dark = PageDarkness(located.flat, paper_level(located.flat), located.page)
    cells = _read_cells(located, dark)
    flags = _flags(cells, geometry)
    if has_stray_mark(dark, PX_PER_PT * MM):
        flags += (Flag("stray_mark", "选票上格子以外有符号，须由监票人查看"),)
    if located.corner_missing:
        flags += (Flag("corner_missing",
                       "选票缺一个角标（撕去或遮挡），已按其余三角和表格识读，请核对"),)
    return SheetRead(source, _ballot(cells), cells, flags, page=located.page.number,
                     template=template, flat=located.flat)


def read_qr(gray: Gray) -> str | None:
    """The first QR payload found on the image, if any."""
    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for found in zxingcpp.read_barcodes(gray, formats=qr):
        if found.valid and found.text:
            return str(found.text)
    return None


def _qr_area(located: Located, qr: Box) -> Gray:
    """The QR's place on the flat page, enlarged: read there first (a small image, and a
    blurred photo's QR is read there when the whole image's is not)."""
    area = crop(located.flat, located.page, qr, inset=-2 * MM)
    return np.asarray(cv2.resize(area, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), np.uint8)


def _refusal(payload: str | None, geometry: BallotGeometry) -> Flag | None:
    if payload is None or not geometry.fingerprint:
        return None
    fingerprint, page, count = split_page(payload)
    if fingerprint == geometry.fingerprint:
        if page is None or (count == len(geometry.pages) and page <= count):
            return None  # the page named, or not (one page, or printed before pages were)
        return Flag("wrong_template", "这张选票的页数与本轮选票不同（校验码不符）")
    if not payload.startswith(FINGERPRINT_SCHEME + "?"):
        return None  # some other code on the paper: not ours to judge
    query = parse_qs(urlsplit(payload).query)
    election, rnd = query.get("e", ["?"])[0], query.get("r", ["?"])[0]
    if election != geometry.election_id:
        return Flag("wrong_election",
                    f"这张选票属于另一次选举（{election}），不是本次选举（{geometry.election_id}）")
    if rnd != geometry.round_id:
        return Flag("wrong_round",
                    f"这张选票属于轮次“{rnd}”，不是本轮“{geometry.round_id}”")
    return Flag("wrong_template", "这张选票的候选人名单或样式与本轮选票不同（校验码不符）")


def _read_cells(located: Located, dark: PageDarkness) -> tuple[CellResult, ...]:
    px_per_mm = PX_PER_PT * MM
    results = []
    for cell in located.page.cells:
        read = read_cell(dark.of(cell.mark, CELL_INSET), px_per_mm)
        name_ink = 0.0
        if cell.candidate_id is None:
            name = dark.of(cell.name, CELL_INSET)
            # The printed 另选他人 label sits at the top of the cell; below it is the name.
            lower = name[name.shape[0] // 3:, :]
            name_ink = float((lower >= 0.4 * 255).mean())
        results.append(CellResult(cell, read, name_ink))
    return tuple(results)


def paper_level(flat: Gray) -> NDArray[np.float32]:
    """The paper's brightness around each pixel: the brightest within PAPER_WINDOW, smoothed
    (computed a quarter size: the light changes slowly)."""
    small = cv2.resize(flat, None, fx=1 / PAPER_SHRINK, fy=1 / PAPER_SHRINK,
                       interpolation=cv2.INTER_AREA)
    side = PAPER_WINDOW // PAPER_SHRINK | 1
    level = cv2.GaussianBlur(cv2.dilate(small, np.ones((side, side), np.uint8)), (0, 0),
                             side / 4)
    return np.asarray(cv2.resize(level, (flat.shape[1], flat.shape[0]),
                                 interpolation=cv2.INTER_LINEAR), np.float32)


def _ballot(cells: tuple[CellResult, ...]) -> dict[str, object]:
    """RECORD.md's ballot entry; write-in names are typed by a person, so the write-in
    columns are in `cells` and `flags`, not here."""
    marks: dict[str, dict[str, str]] = {}
    for c in cells:
        if c.cell.candidate_id is not None:
            marks.setdefault(c.cell.post_id, {})[c.cell.candidate_id] = c.read.mark
    return {"marks": marks}


def _flags(cells: tuple[CellResult, ...], geometry: BallotGeometry) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    for c in cells:
        post, column = c.cell.post_id, c.cell.column
        if not c.read.definite:
            flags.append(Flag("marginal_mark", "符号过淡或过小，须由人确认", post, column))
        elif c.read.shape == "other":
            flags.append(Flag("unreadable_mark", "符号不是“○”或“×”，须由监票人认定", post, column))
        if c.cell.candidate_id is None and (c.read.shape != "empty" or c.name_ink >= NAME_INK):
            flags.append(Flag("write_in", "另选他人栏有字迹或符号，须由人录入姓名", post, column))
    for section in geometry.posts:
        yes = sum(1 for c in cells
                  if c.cell.post_id == section.post_id and c.read.mark == "yes")
        if yes > section.seats:  # RULES.md §5 Over-vote: the section is invalid
            flags.append(Flag("over_vote", f"赞成{yes}人，多于应选{section.seats}名",
                              section.post_id))
    if all(c.read.shape == "empty" and c.name_ink < NAME_INK for c in cells):
        flags.append(Flag("blank_sheet", "整张选票没有任何符号"))
    return tuple(flags)
