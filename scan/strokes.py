"""The skeleton of a mark: its strokes worn down to lines one pixel wide, whose length tells
two crossing strokes (a ×) from a mark drawn over with more strokes."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
from numpy.typing import NDArray

Mask = NDArray[np.bool_]


def _neighbours(img: NDArray[np.uint8]) -> list[NDArray[np.uint8]]:
    """The eight neighbours of every inner pixel, clockwise from the one above (P2 … P9)."""
    return [img[:-2, 1:-1], img[:-2, 2:], img[1:-1, 2:], img[2:, 2:], img[2:, 1:-1],
            img[2:, :-2], img[1:-1, :-2], img[:-2, :-2]]


def skeleton(mask: Mask) -> Mask:
    """Zhang–Suen thinning: the ink worn down to lines one pixel wide."""
    img = np.pad(mask, 1).astype(np.uint8)
    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            p2, p3, p4, p5, p6, p7, p8, p9 = _neighbours(img)
            around = [p2, p3, p4, p5, p6, p7, p8, p9, p2]
            count = sum(n.astype(np.int8) for n in around[:8])
            turns = sum(((a == 0) & (b == 1)).astype(np.int8)
                        for a, b in itertools.pairwise(around))
            if step == 0:
                keep = (p2 * p4 * p6 != 0) | (p4 * p6 * p8 != 0)
            else:
                keep = (p2 * p4 * p8 != 0) | (p2 * p6 * p8 != 0)
            centre = img[1:-1, 1:-1]
            remove = (centre == 1) & (count >= 2) & (count <= 6) & (turns == 1) & ~keep
            if remove.any():
                centre[remove] = 0
                changed = True
    return np.asarray(img[1:-1, 1:-1] > 0, bool)


def two_lines_share(mask: Mask, near: float) -> float:
    """Share of the skeleton within `near` pixels of the two straight lines that cover most of
    it, at least 30° apart: about 1 for a ×, less for curves and for more strokes."""
    bones = skeleton(mask).astype(np.uint8)
    ys, xs = np.nonzero(bones)
    if xs.size < 4:
        return 0.0
    lines = cv2.HoughLines(bones, 1, np.pi / 90, max(3, xs.size // 10))
    if lines is None:
        return 0.0
    found: list[tuple[float, float]] = []
    for rho, theta in lines[:, 0, :]:
        if not found or all(_apart(theta, t) >= np.pi / 6 for _, t in found):
            found.append((float(rho), float(theta)))
        if len(found) == 2:
            break
    close = np.zeros(xs.size, bool)
    for rho, theta in found:
        close |= np.abs(xs * np.cos(theta) + ys * np.sin(theta) - rho) <= near
    return float(close.mean())


def _apart(a: float, b: float) -> float:
    """The angle between two lines' normals, 0 … π/2."""
    d = abs(a - b) % np.pi
    return min(d, np.pi - d)
