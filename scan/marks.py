"""Reading one mark cell: ○ (filled or drawn round: yes), × (no), nothing (abstain), or
something else (unreadable), each with a confidence.

Two thresholds, as open ballot scanners use: ink at least `DEFINITE_INK` dark over at least
`DEFINITE_SHARE` of the cell is a definite mark; fainter or smaller ink above `EMPTY_SHARE` is
marginal and goes to a person, never decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

Mark = Literal["yes", "no", "abstain", "unreadable"]
Shape = Literal["filled", "circle", "cross", "empty", "other"]

DEFINITE_INK = 0.40  # darkness (0 paper … 1 black) of definite ink
FAINT_INK = 0.15  # darkness of any ink a person should look at
DEFINITE_SHARE = 0.015  # of the cell covered by definite ink: a mark
EMPTY_SHARE = 0.004  # of the cell covered by faint ink: below it, the cell is empty
SPECK = 0.6  # mm: a dot of ink smaller than this across is dust or noise
SHAPE_MARK: dict[Shape, Mark] = {"filled": "yes", "circle": "yes", "cross": "no",
                                 "empty": "abstain", "other": "unreadable"}


@dataclass(frozen=True, slots=True)
class CellRead:
    shape: Shape
    definite: bool  # False: marginal, a person decides
    confidence: float  # 0 … 1
    ink: float  # share of the cell covered by faint-or-darker ink

    @property
    def mark(self) -> Mark:
        """What the cell says on its own; a marginal cell says `unreadable` until a person
        has looked (its `guess` is the shape's mark)."""
        return SHAPE_MARK[self.shape] if self.definite else "unreadable"

    @property
    def guess(self) -> Mark:
        return SHAPE_MARK[self.shape]


def darkness(gray: NDArray[np.uint8], paper: NDArray[np.float32]) -> NDArray[np.uint8]:
    """0 (paper) … 255 (black) against the paper level around each pixel."""
    ratio = 1.0 - gray.astype(np.float32) / np.maximum(paper, 1.0)
    return np.asarray(np.clip(ratio * 255, 0, 255), np.uint8)


def read_cell(dark: NDArray[np.uint8], px_per_mm: float) -> CellRead:
    """Read one cell's interior (`darkness` values, ruled edges already cut off)."""
    dark = np.asarray(cv2.medianBlur(dark, 3), np.uint8)
    speck = (SPECK * px_per_mm) ** 2
    strong = _without_specks(dark >= DEFINITE_INK * 255, speck)
    faint = _without_specks(dark >= FAINT_INK * 255, speck)
    strong_share, faint_share = float(strong.mean()), float(faint.mean())
    if faint_share < EMPTY_SHARE:
        return CellRead("empty", True, round(1 - 0.5 * faint_share / EMPTY_SHARE, 2),
                        round(faint_share, 4))
    definite_ink = strong_share >= DEFINITE_SHARE
    shape, shape_confidence = _shape(strong if definite_ink else faint)
    strength = min(1.0, strong_share / (2 * DEFINITE_SHARE))
    definite = bool(definite_ink and shape != "other" and shape_confidence >= 0.5)
    if shape == "other" and definite_ink:
        definite = True  # plainly inked, plainly no ○ or ×: unreadable (RULES.md §5)
    confidence = min(strength, shape_confidence) if definite else min(
        0.49, strength, shape_confidence)
    return CellRead(shape, definite, round(float(confidence), 2), round(faint_share, 4))


def _without_specks(mask: NDArray[np.bool_], least: float) -> NDArray[np.bool_]:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8),
                                                               connectivity=8)
    keep = np.zeros(count, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= least
    return np.asarray(keep[labels], bool)


def _shape(mask: NDArray[np.bool_]) -> tuple[Shape, float]:
    """The mark's shape and how sure: a ring (hole inside), a solid blob, or two crossing
    strokes (ink at the centre and in all four quarters, no hole)."""
    ink = mask.astype(np.uint8)
    points = cv2.findNonZero(ink)
    if points is None:
        return "empty", 1.0
    area = float(ink.sum())
    hull = float(cv2.contourArea(cv2.convexHull(points))) or 1.0
    x, y, w, h = cv2.boundingRect(points)
    padded = np.pad(ink, 1)
    outside = padded.copy()
    cv2.floodFill(outside, None, (0, 0), 2)
    hole = float((outside == 0).sum())
    solidity = area / hull
    if min(w, h) < 0.35 * max(w, h):
        return "other", 0.8  # a stroke, not a ○ or ×
    if hole >= 0.25 * hull:
        return "circle", min(1.0, hole / (0.5 * hull))
    if solidity >= 0.75:
        return "filled", min(1.0, solidity)
    cx, cy, r = x + w // 2, y + h // 2, max(1, min(w, h) // 8)
    centre = ink[cy - r:cy + r + 1, cx - r:cx + r + 1].any()
    quarters = [ink[y:cy, x:cx].sum(), ink[y:cy, cx:x + w].sum(),
                ink[cy:y + h, x:cx].sum(), ink[cy:y + h, cx:x + w].sum()]
    balance = min(quarters) / max(1.0, area / 4)
    if centre and balance >= 0.4 and solidity < 0.6:
        return "cross", min(1.0, balance)
    if balance >= 0.4 and not centre and solidity < 0.6:
        return "circle", 0.4  # round but open: a person looks
    return "other", 0.8
