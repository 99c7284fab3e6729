"""The same paper photographed twice. Every copy of a ballot is printed alike, but the hand
marks on one paper are its own: each inked 符号 cell of the flattened page, against its paper
level, is kept small, and a sheet whose inked cells and their marks match an earlier sheet's
closely is flagged `possible_duplicate` (bench/omr_duplicates.py measures it)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from ballots.geometry import PageGeometry
from scan.locate import Gray
from scan.marks import DEFINITE_INK, PageDarkness
from scan.sheet import CELL_INSET, paper_level

SIDE = 48  # px a side of each cell as kept: about 0.25 mm a pixel
SHIFT = 1  # px the two pages may be off each other (their corners found apart)
INKED = 0.01  # of the cell with definite ink (scan.marks.DEFINITE_INK): a mark; a smudge is not
SAME_PAPER = 0.95  # least likeness of every inked cell, same paper (bench/omr_duplicates.py)


@dataclass(frozen=True, slots=True)
class MarkPrint:
    key: str  # the page and its inked cells: only sheets with the same key are compared
    cells: NDArray[np.uint8]  # (inked cells, SIDE, SIDE), darkness

    def to_bytes(self) -> bytes:
        return self.cells.tobytes()


def mark_print(flat: Gray, page: PageGeometry, read: dict[str, Any]) -> MarkPrint | None:
    """The hand marks of a read sheet (`SheetRead.to_json()`); None without a mark in a cell
    (blank sheets are alike: nothing tells one paper from another)."""
    dark = PageDarkness(flat, paper_level(flat), page)
    boxes = {(c.post_id, c.column): c.mark for c in page.cells}
    inked, cells = [], []
    for c in read["cells"]:
        if c["shape"] == "empty":
            continue
        cell = dark.of(boxes[c["post"], c["column"]], CELL_INSET)
        if float((cell >= DEFINITE_INK * 255).mean()) >= INKED:
            inked.append(c)
            cells.append(cv2.resize(cell, (SIDE, SIDE), interpolation=cv2.INTER_AREA))
    if not inked:
        return None
    places = ";".join(f"{c['post']}/{c['column']}" for c in inked)
    key = hashlib.sha256(f"{page.number}:{places}".encode()).hexdigest()[:32]
    return MarkPrint(key, np.stack(cells).astype(np.uint8))


def from_bytes(data: bytes) -> NDArray[np.uint8]:
    return np.frombuffer(data, np.uint8).reshape(-1, SIDE, SIDE)


def likeness(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> float:
    """How alike two sheets' inked cells are: the least, over the cells, of the best
    correlation of one cell's marks with the other's moved by up to SHIFT px."""
    if a.shape != b.shape:
        return 0.0
    least = 1.0
    for one, other in zip(a, b, strict=True):
        inner = _smooth(one)[SHIFT:-SHIFT, SHIFT:-SHIFT]
        if float(inner.std()) < 1.0 or float(other.std()) < 1.0:
            return 0.0  # a cell without marks in it to compare
        found = cv2.matchTemplate(_smooth(other), inner, cv2.TM_CCOEFF_NORMED)
        least = min(least, float(found.max()))
    return least


def _smooth(cell: NDArray[np.uint8]) -> NDArray[np.float32]:
    return np.asarray(cv2.GaussianBlur(cell.astype(np.float32), (0, 0), 1.0), np.float32)
