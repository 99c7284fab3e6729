"""Finding a ballot page on a scan or photo: its four corner squares, which way up it is, and
the page warped flat onto the printed geometry (docs/ballot-geometry.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from ballots.geometry import Box, PageGeometry

Gray = NDArray[np.uint8]
DPI = 150  # the flat page is drawn at this resolution, whatever the scan's
PX_PER_PT = DPI / 72
LEAST_FIDUCIAL = 0.008  # of the image's shorter side: smaller squares are print, not corners
FRAME_INK = 0.75  # share of a grid frame's outline that must fall on ink


@dataclass(frozen=True, slots=True)
class Located:
    page: PageGeometry
    flat: Gray  # the page at DPI, top row first, as printed
    fit: float  # share of the grid frames found on ink


def canonical(page: PageGeometry, x: float, y: float) -> tuple[float, float]:
    """Ballot-page points (lower-left origin) → pixels of the flat page (top-left origin)."""
    return x * PX_PER_PT, (page.height - y) * PX_PER_PT


def crop(flat: Gray, page: PageGeometry, box: Box, inset: float = 0.0) -> Gray:
    """The pixels of `box` on the flat page, `inset` points in from each side."""
    left, top = canonical(page, box.x + inset, box.y + box.height - inset)
    right, bottom = canonical(page, box.x + box.width - inset, box.y + inset)
    return flat[round(top):round(bottom), round(left):round(right)]


def ink_mask(gray: Gray) -> Gray:
    """Ink as 255 on 0, against the local paper level (uneven light in a photo)."""
    side = min(gray.shape[:2])
    block = max(31, (side // 8) | 1)
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    return np.asarray(cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY_INV, block, 25), np.uint8)


def find_fiducials(ink: Gray) -> list[tuple[float, float]] | None:
    """Centres of the four corner squares in image pixels, in the image's order top-left,
    top-right, bottom-right, bottom-left; None when four are not found."""
    side = min(ink.shape[:2])
    least = (LEAST_FIDUCIAL * side) ** 2
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    squares: list[tuple[float, float, float]] = []  # (area, x, y)
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < least:
            continue
        (cx, cy), (w, h), _ = cv2.minAreaRect(contour)
        if min(w, h) < 0.7 * max(w, h) or area < 0.85 * w * h:  # a photo skews squares
            continue
        if len(cv2.approxPolyDP(contour, 0.06 * cv2.arcLength(contour, True), True)) != 4:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        inside = np.zeros((bh, bw), np.uint8)
        cv2.drawContours(inside, [contour - [x, y]], -1, 255, thickness=-1)
        solid = ink[y:y + bh, x:x + bw][inside > 0]
        if solid.mean() < 0.95 * 255:
            continue
        squares.append((area, cx, cy))
    best: tuple[float, list[tuple[float, float]]] | None = None
    for area, _, _ in squares:  # squares of one size, spread the widest: the corners
        alike = [(x, y) for a, x, y in squares if 0.6 * area <= a <= 1.6 * area]
        if len(alike) < 4:
            continue
        corners = _corners(alike)
        spread = abs(float(cv2.contourArea(np.array(corners, np.float32))))
        if best is None or spread > best[0]:
            best = (spread, corners)
    return None if best is None or best[0] < 0.03 * ink.size else best[1]


def _corners(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    return [min(points, key=lambda p: p[0] + p[1]), max(points, key=lambda p: p[0] - p[1]),
            max(points, key=lambda p: p[0] + p[1]), min(points, key=lambda p: p[0] - p[1])]


def locate(gray: Gray, pages: Sequence[PageGeometry]) -> Located | None:
    """The page and orientation whose grid frames best fall on ink, warped flat; None when
    the corners are not found or no page of the ballot fits."""
    ink = ink_mask(gray)
    found = find_fiducials(ink)
    if found is None:
        return None
    thick = np.asarray(cv2.dilate(ink, np.ones((3, 3), np.uint8)), np.uint8)
    best: tuple[float, float, PageGeometry, NDArray[np.float64]] | None = None
    source = np.array(found, np.float32)
    for page in pages:
        targets = [canonical(page, *f.centre()) for f in page.fiducials]
        for turn in range(4):
            target = np.array([targets[(i + turn) % 4] for i in range(4)], np.float32)
            to_flat = np.asarray(cv2.getPerspectiveTransform(source, target), np.float64)
            to_image = np.asarray(np.linalg.inv(to_flat), np.float64)
            fit = _share_on_ink(thick, page, _frame_points(page), to_image)
            # The QR, half ink, tells a sheet whose grid is symmetric which way up it is.
            score = fit + 0.25 * _share_on_ink(ink, page, _qr_points(page), to_image)
            if best is None or score > best[0]:
                best = (score, fit, page, to_flat)
    assert best is not None
    _, fit, page, to_flat = best
    if fit < FRAME_INK:
        return None
    size = (round(page.width * PX_PER_PT), round(page.height * PX_PER_PT))
    flat = cv2.warpPerspective(gray, to_flat, size, flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return Located(page, np.asarray(flat, np.uint8), fit)


def _frame_points(page: PageGeometry) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for frame in page.frames:
        for i in range(24):
            t = (i + 0.5) / 24
            points += [(frame.x + t * frame.width, frame.y),
                       (frame.x + t * frame.width, frame.y + frame.height),
                       (frame.x, frame.y + t * frame.height),
                       (frame.x + frame.width, frame.y + t * frame.height)]
    return points


def _qr_points(page: PageGeometry) -> list[tuple[float, float]]:
    if page.qr is None:
        return []
    q = page.qr
    return [(q.x + q.width * (0.25 + 0.5 * i / 9), q.y + q.height * (0.25 + 0.5 * j / 9))
            for i in range(10) for j in range(10)]


def _share_on_ink(ink: Gray, page: PageGeometry, points: Sequence[tuple[float, float]],
                  to_image: NDArray[np.float64]) -> float:
    """Share of `points` (ballot-page points) that land on ink in the image."""
    if not points:
        return 0.0
    flat = np.array([[canonical(page, x, y) for x, y in points]], np.float32)
    mapped = cv2.perspectiveTransform(flat, to_image)[0]
    h, w = ink.shape[:2]
    hits = 0
    for x, y in mapped:
        col, row = round(float(x)), round(float(y))
        if 0 <= row < h and 0 <= col < w and ink[row, col]:
            hits += 1
    return hits / len(points)
