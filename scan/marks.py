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

from ballots.geometry import Box, PageGeometry
from scan.locate import window
from scan.strokes import two_lines

Mark = Literal["yes", "no", "abstain", "unreadable"]
Shape = Literal["filled", "circle", "cross", "empty", "other"]

DEFINITE_INK = 0.40  # darkness (0 paper … 1 black) of definite ink
FAINT_INK = 0.15  # darkness of any ink a person should look at
TRACE_INK = 0.08  # above the paper, once smoothed: a stroke, not grain or JPEG noise
DEFINITE_SHARE = 0.015  # of the cell covered by definite ink: a mark
EMPTY_SHARE = 0.004  # of the cell covered by faint ink: below it, the cell is empty
SPECK = 0.6  # mm: a dot of ink smaller than this across is dust or noise
RING_HOLE = 0.25  # of the ink's hull: the paper inside a ring
SMALL_HOLE = 0.02  # of the hull: smaller enclosed paper is the overlap of a pen's stroke
SECOND_HOLE = 0.05  # of the hull: a second hole this big means strokes drawn over a mark
CLEAN_HOLE = 0.9  # a ring's hole fills this much of its hull: nothing drawn into it
PLAIN_CROSS = 0.8  # of a ×'s skeleton on its two lines: read alone from here
CROSS_THROUGH = 0.2  # each stroke of a × runs on past the other at least this far (shorter
# side over longer): strokes that only meet (a V) or bend (an arc) are no ×
SCRIBBLE = 0.65  # … and below this, too many strokes to be a × at all
CROSS_NEAR = 0.7  # mm: a hand's straight stroke bows this far off its line
RING_SAMPLES = 72  # points on the ring that counts a ×'s arms
SOLID = 0.88  # ink over this share of its hull: a filled blob
NOTCH = 0.8  # mm: a notch this deep in a blob's outline is a gap between strokes
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


class PageDarkness:
    """The darkness of a flat page, worked out only where it is read (the cells, the name
    areas, the blank zones: a fraction of the page)."""

    def __init__(self, flat: NDArray[np.uint8], paper: NDArray[np.float32],
                 page: PageGeometry) -> None:
        self.flat, self.paper, self.page = flat, paper, page

    def of(self, box: Box, inset: float = 0.0) -> NDArray[np.uint8]:
        rows, cols = window(self.page, box, inset)
        return darkness(self.flat[rows, cols], self.paper[rows, cols])


def read_cell(dark: NDArray[np.uint8], px_per_mm: float) -> CellRead:
    """Read one cell's interior (`darkness` values, ruled edges already cut off)."""
    dark = np.asarray(cv2.medianBlur(dark, 3), np.uint8)
    speck = (SPECK * px_per_mm) ** 2
    strong = without_specks(dark >= DEFINITE_INK * 255, speck)
    faint = without_specks(dark >= FAINT_INK * 255, speck)
    strong_share, faint_share = float(strong.mean()), float(faint.mean())
    if faint_share < EMPTY_SHARE:
        trace = _trace(dark, speck)
        if trace is not None:  # paler than faint ink, yet drawn: a person looks
            shape, _ = _shape(trace, px_per_mm)
            return CellRead(shape, False, 0.2, round(faint_share, 4))
        return CellRead("empty", True, round(1 - 0.5 * faint_share / EMPTY_SHARE, 2),
                        round(faint_share, 4))
    definite_ink = strong_share >= DEFINITE_SHARE
    shape, shape_confidence = _shape(strong if definite_ink else faint, px_per_mm)
    strength = min(1.0, strong_share / (2 * DEFINITE_SHARE))
    definite = bool(definite_ink and shape != "other" and shape_confidence >= 0.5)
    if shape == "other" and definite_ink:
        definite = True  # plainly inked, plainly no ○ or ×: unreadable (RULES.md §5)
    confidence = min(strength, shape_confidence) if definite else min(
        0.49, strength, shape_confidence)
    return CellRead(shape, definite, round(float(confidence), 2), round(faint_share, 4))


def _trace(dark: NDArray[np.uint8], speck: float) -> NDArray[np.bool_] | None:
    """Strokes paler than `FAINT_INK` but darker than any paper (noise, grain, JPEG) once
    smoothed, or None: a cell is empty only when it holds no such trace."""
    smooth = cv2.GaussianBlur(dark, (0, 0), 1.0)
    paper = float(np.median(smooth))
    trace = without_specks(smooth >= paper + TRACE_INK * 255, speck)
    return trace if trace.any() else None


def without_specks(mask: NDArray[np.bool_], least: float) -> NDArray[np.bool_]:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8),
                                                               connectivity=8)
    keep = np.zeros(count, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= least
    return np.asarray(keep[labels], bool)


@dataclass(frozen=True, slots=True)
class Hole:
    area: float  # px of paper
    # Its area over its convex hull's: about 1 inside a ring; less when strokes drawn over
    # the ring reach into it.
    solidity: float
    inked: float  # px of ink the hole surrounds (a mark drawn inside the ring)


def _holes(ink: NDArray[np.uint8], least: float) -> list[Hole]:
    """The paper regions the ink encloses, largest first, those of `least` px or more."""
    paper = (np.pad(ink, 1) == 0).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    outside = labels[0, 0]
    holes = []
    for i in range(1, count):
        area = float(stats[i, cv2.CC_STAT_AREA])
        if i == outside or area < least:
            continue
        x, y, w, h = (int(v) for v in stats[i, :4])
        region = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        outline = max(contours, key=cv2.contourArea)
        filled = np.zeros_like(region)
        cv2.drawContours(filled, [outline], -1, 1, thickness=-1)
        hull = float(cv2.contourArea(cv2.convexHull(outline))) or 1.0
        holes.append(Hole(area, min(1.0, float(filled.sum()) / hull),
                          float(np.count_nonzero(filled & (region == 0)))))
    return sorted(holes, key=lambda h: h.area, reverse=True)


def _notches(ink: NDArray[np.uint8], deep: float) -> int:
    """How many notches at least `deep` px deep the outline of the largest ink has."""
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(outline, returnPoints=False)
    if len(hull) < 4:
        return 0
    try:
        defects = cv2.convexityDefects(outline, hull)
    except cv2.error:  # an outline that crosses itself ("hull indices not monotonous"):
        return 2  # no plain filled ○ has one, so it goes to a person as a notched blob
    if defects is None:
        return 0
    return int(np.count_nonzero(defects.reshape(-1, 4)[:, 3] >= deep * 256))


def _arms(ink: NDArray[np.uint8], cx: float, cy: float, radius: float) -> int:
    """How many strokes leave (cx, cy): runs of ink on a ring of `radius` around it (a × has
    four; an arc, a tick or a line passing by has fewer)."""
    angles = np.linspace(0, 2 * np.pi, RING_SAMPLES, endpoint=False)
    xs = np.clip(np.round(cx + radius * np.cos(angles)).astype(int), 0, ink.shape[1] - 1)
    ys = np.clip(np.round(cy + radius * np.sin(angles)).astype(int), 0, ink.shape[0] - 1)
    on = ink[ys, xs] > 0
    if on.all():
        return 0
    return int(np.count_nonzero(on & ~np.roll(on, 1)))


def _shape(mask: NDArray[np.bool_], px_per_mm: float) -> tuple[Shape, float]:
    """The mark's shape and how sure: a ring (one hole inside), a solid blob, or two crossing
    strokes (ink where they cross and in all four quarters around it, no hole). Ink that
    encloses several holes is a mark scribbled over (a correction): neither ○ nor ×."""
    ink = mask.astype(np.uint8)
    points = cv2.findNonZero(ink)
    if points is None:
        return "empty", 1.0
    area = float(ink.sum())
    hull = float(cv2.contourArea(cv2.convexHull(points))) or 1.0
    x, y, w, h = cv2.boundingRect(points)
    if min(w, h) < 0.35 * max(w, h):
        return "other", 0.8  # a stroke, not a ○ or ×
    holes = _holes(ink, max(4.0, SMALL_HOLE * hull))
    if len(holes) >= 2 and holes[1].area >= SECOND_HOLE * hull:
        return "other", 0.8  # enclosed pieces: a mark scribbled over
    if holes and holes[0].area >= RING_HOLE * hull:
        ring = holes[0]
        if ring.solidity < CLEAN_HOLE or ring.inked >= (SPECK * px_per_mm) ** 2:
            return "circle", 0.4  # strokes inside the ring (a correction?): a person looks
        return "circle", min(1.0, ring.area / (0.5 * hull))
    solidity = area / hull
    if solidity >= SOLID:  # paper enclosed in a blob, or notches in its outline: strokes
        # drawn over each other (a thick scribble), not one filled ○
        plain = not holes and not _holes(ink, (SPECK * px_per_mm) ** 2) and _notches(
            ink, NOTCH * px_per_mm) < 2
        return "filled", 1.0 if plain else 0.4
    if solidity >= 0.7:
        return "filled", 0.4  # a blob with gaps: a person looks
    moments = cv2.moments(ink, binaryImage=True)
    cx, cy = round(moments["m10"] / moments["m00"]), round(moments["m01"] / moments["m00"])
    r = max(1, min(w, h) // 6)
    centre = bool(ink[max(0, cy - r):cy + r + 1, max(0, cx - r):cx + r + 1].any())
    quarters = [ink[y:cy, x:cx].sum(), ink[y:cy, cx:x + w].sum(),
                ink[cy:y + h, x:cx].sum(), ink[cy:y + h, cx:x + w].sum()]
    balance = float(min(quarters)) / max(1.0, area / 4)
    arms = _arms(ink, cx, cy, 0.35 * min(w, h))
    if centre and balance >= 0.2 and solidity < 0.7 and (arms == 4 or balance >= 0.4):
        # Two straight strokes: their skeleton lies on two lines; a mark drawn over, or a
        # scribble, has more strokes off them.
        lines = two_lines(mask, CROSS_NEAR * px_per_mm)
        if lines.share < SCRIBBLE:
            return "other", 0.8
        sure = min(1.0, balance / 0.6)
        # … that cross: four arms leave where the lines cross (an arc or a V, which two
        # lines also fit, is met twice by a ring around that point).
        plain = (arms == 4 and not holes and lines.share >= PLAIN_CROSS
                 and lines.through >= CROSS_THROUGH
                 and _arms(ink, *lines.crossing, 0.85 * lines.reach) == 4)
        return "cross", sure if plain else min(0.45, sure)
    if balance >= 0.4 and not centre and solidity < 0.6:
        return "circle", 0.4  # round but open: a person looks
    return "other", 0.8
