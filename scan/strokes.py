"""The skeleton of a mark: its strokes worn down to lines one pixel wide, whose lines tell
two strokes crossing at their middles (a ×) from a mark drawn over with more strokes, and
from strokes that only meet or bend (a V, a tick, part of a ring)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

Mask = NDArray[np.bool_]


# The eight neighbours of a pixel as the bits of a byte, clockwise from the one above (P2 … P9
# in Zhang and Suen's paper); filter2D sums them into one code per pixel.
_BITS = np.array([[128, 1, 2], [64, 0, 4], [32, 16, 8]], np.float32)


def _removable(step: int) -> NDArray[np.bool_]:
    """For each neighbourhood code, whether Zhang–Suen thinning removes the pixel in `step`,
    with Lu and Wang's condition (at least three neighbours): Zhang–Suen's own (two) wears a
    diagonal stroke two pixels wide away entirely."""
    table = np.zeros(256, bool)
    for code in range(256):
        p = [(code >> i) & 1 for i in range(8)]  # p[0] = P2 … p[7] = P9
        count = sum(p)
        turns = sum(1 for a, b in itertools.pairwise([*p, p[0]]) if a == 0 and b == 1)
        p2, p4, p6, p8 = p[0], p[2], p[4], p[6]
        first, second = (p2 * p4 * p6, p4 * p6 * p8) if step == 0 else (p2 * p4 * p8,
                                                                          p2 * p6 * p8)
        table[code] = 3 <= count <= 6 and turns == 1 and first == 0 and second == 0
    return table


_REMOVABLE = (_removable(0), _removable(1))


def skeleton(mask: Mask) -> Mask:
    """Zhang–Suen thinning (Lu–Wang): the ink worn down to lines about one pixel wide."""
    img = mask.astype(np.uint8)
    changed = True
    while changed:
        changed = False
        for table in _REMOVABLE:
            codes = cv2.filter2D(img, cv2.CV_32F, _BITS, borderType=cv2.BORDER_CONSTANT)
            remove = table[codes.astype(np.uint8)] & (img == 1)
            if remove.any():
                img[remove] = 0
                changed = True
    return np.asarray(img > 0, bool)


@dataclass(frozen=True, slots=True)
class TwoLines:
    """How a mark's skeleton lies on the two straight lines that cover most of it."""

    share: float  # of the skeleton near the two lines: about 1 for a ×, less for more strokes
    # How evenly each line's skeleton runs on both sides of where the lines cross (the
    # shorter side over the longer, the smaller of the two lines): about 1 for strokes that
    # cross at their middles, 0 for strokes that only meet (a V, a tick) or bend (an arc).
    through: float
    crossing: tuple[float, float] = (0.0, 0.0)  # where the two lines cross (x, y)
    reach: float = 0.0  # px: the shortest of the four arms from the crossing


def two_lines(mask: Mask, near: float) -> TwoLines:
    """The two straight lines, at least 30° apart, that cover most of the skeleton, and how
    the skeleton lies on them (`near`: pixels off a line that still count as on it)."""
    bones = skeleton(mask).astype(np.uint8)
    ys, xs = np.nonzero(bones)
    if xs.size < 4:
        return TwoLines(0.0, 0.0)
    lines = cv2.HoughLines(bones, 1, np.pi / 90, max(3, xs.size // 10))
    if lines is None:
        return TwoLines(0.0, 0.0)
    found: list[tuple[float, float]] = []
    for rho, theta in lines[:, 0, :]:
        if not found or all(_apart(theta, t) >= np.pi / 6 for _, t in found):
            found.append((float(rho), float(theta)))
        if len(found) == 2:
            break
    close = [np.abs(xs * np.cos(theta) + ys * np.sin(theta) - rho) <= near
             for rho, theta in found]
    share = float(np.logical_or.reduce(close).mean())
    if len(found) < 2:
        return TwoLines(share, 0.0)
    normals = np.array([[np.cos(t), np.sin(t)] for _, t in found])
    crossing = np.linalg.solve(normals, np.array([rho for rho, _ in found]))
    through, reach = 1.0, np.inf
    for (_, theta), on in zip(found, close, strict=True):
        along = (xs[on] - crossing[0]) * -np.sin(theta) + (ys[on] - crossing[1]) * np.cos(theta)
        if along.size == 0:
            return TwoLines(share, 0.0)
        before, after = max(0.0, -float(along.min())), max(0.0, float(along.max()))
        through = min(through, min(before, after) / max(1.0, before, after))
        reach = min(reach, before, after)
    return TwoLines(share, through, (float(crossing[0]), float(crossing[1])), float(reach))


def _apart(a: float, b: float) -> float:
    """The angle between two lines' normals, 0 … π/2."""
    d = abs(a - b) % np.pi
    return min(d, np.pi - d)
