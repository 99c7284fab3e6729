"""The skeleton of a mark: its strokes worn down to lines one pixel wide, whose length tells
two crossing strokes (a ×) from a mark drawn over with more strokes."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
from numpy.typing import NDArray

Mask = NDArray[np.bool_]


# The eight neighbours of a pixel as the bits of a byte, clockwise from the one above (P2 … P9
# in Zhang and Suen's paper); filter2D sums them into one code per pixel.
_BITS = np.array([[128, 1, 2], [64, 0, 4], [32, 16, 8]], np.float32)


def _removable(step: int) -> NDArray[np.bool_]:
    """For each neighbourhood code, whether Zhang–Suen thinning removes the pixel in `step`."""
    table = np.zeros(256, bool)
    for code in range(256):
        p = [(code >> i) & 1 for i in range(8)]  # p[0] = P2 … p[7] = P9
        count = sum(p)
        turns = sum(1 for a, b in itertools.pairwise([*p, p[0]]) if a == 0 and b == 1)
        p2, p4, p6, p8 = p[0], p[2], p[4], p[6]
        first, second = (p2 * p4 * p6, p4 * p6 * p8) if step == 0 else (p2 * p4 * p8,
                                                                          p2 * p6 * p8)
        table[code] = 2 <= count <= 6 and turns == 1 and first == 0 and second == 0
    return table


_REMOVABLE = (_removable(0), _removable(1))


def skeleton(mask: Mask) -> Mask:
    """Zhang–Suen thinning: the ink worn down to lines one pixel wide."""
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
