"""A torn corner's page placed by its grid: the bold outer frame of every grid row is found
on the image as a quadrilateral, and the homography is fitted by least squares to the frames'
corners and the three corner squares found. Under a photo's perspective the fourth corner
completing the parallelogram of the three others is off; the frames' corners are not
guessed, and they lie where the marks are read."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from ballots.geometry import Box, PageGeometry
from ballots.layout import MM, RULE_BOLD

Gray = NDArray[np.uint8]
Homography = NDArray[np.float64]
Points = NDArray[np.float64]

MATCH = 40 * MM  # pt: a frame may be found this far from where the guess puts it
NEAR = 3 * MM  # pt: … and, fitted to it, every frame within this
FIT = 0.6 * MM  # pt: every corner of the fitted page lies this near where it was found
# A quadrilateral's corners from each corner, either way round.
ORDERS = ((0, 1, 2, 3), (1, 2, 3, 0), (2, 3, 0, 1), (3, 0, 1, 2),
          (0, 3, 2, 1), (3, 2, 1, 0), (2, 1, 0, 3), (1, 0, 3, 2))
AREA = (0.6, 1.6)  # a found quadrilateral's area against the frame's, where guessed


def fit_to_frames(page: PageGeometry, quads: Sequence[Points], to_image: Homography,
                  corners: Sequence[tuple[tuple[float, float], tuple[float, float]]],
                  px_per_pt: float) -> Homography | None:
    """The homography page points (flat page pixels, `px_per_pt`) → image fitted to every
    frame of `page` found among `quads` (see quadrilaterals) and to the `corners` found
    ((flat, image) centre pairs), `to_image` the guess; None unless the frames are found
    and every point fits within FIT (see _fit_all), or unless the fits found agree.

    The guess may be off by more than a frame's height: each frame is taken in turn to be
    each quadrilateral found near its guessed place, and the homography fitted to it and the
    corners must then find every frame, closely."""
    fits: list[Homography] = []
    for frame in page.frames:
        outline = _outline(page, frame, px_per_pt)
        for quad in _near(outline, quads, to_image, MATCH * px_per_pt):
            first = _fitted([*corners, *zip(_pairs(outline), _pairs(quad), strict=True)])
            found = None if first is None else _fit_all(page, quads, first, corners, px_per_pt)
            if found is not None:
                fits.append(found)
    if not fits:
        return None
    probe = np.concatenate([_outline(page, f, px_per_pt) for f in page.frames])[None]
    placed = [cv2.perspectiveTransform(probe, h)[0] for h in fits]
    if any(float(np.max(np.linalg.norm(p - placed[0], axis=1))) > FIT * px_per_pt
           for p in placed[1:]):
        return None  # two readings of the page's place: a person decides
    return fits[0]


def _fit_all(page: PageGeometry, quads: Sequence[Points], to_image: Homography,
             corners: Sequence[tuple[tuple[float, float], tuple[float, float]]],
             px_per_pt: float) -> Homography | None:
    """The homography fitted to the corners and the frames found within NEAR of where
    `to_image` puts them; None unless every point fits within FIT and at least two frames
    (the page's one) are found. A frame may go unfound where print touches it (a post's
    title set close above its grid joins its outline)."""
    pairs = list(corners)
    found = 0
    for frame in page.frames:
        outline = _outline(page, frame, px_per_pt)
        near = _near(outline, quads, to_image, NEAR * px_per_pt)
        if len(near) == 1:
            pairs += zip(_pairs(outline), _pairs(near[0]), strict=True)
            found += 1
    if found < min(2, len(page.frames)):
        return None
    fitted = _fitted(pairs)
    if fitted is None:
        return None
    source = np.array([f for f, _ in pairs], np.float64)
    target = np.array([i for _, i in pairs], np.float64)
    back = cv2.perspectiveTransform(target[None], np.linalg.inv(fitted))[0]
    if float(np.max(np.linalg.norm(back - source, axis=1))) > FIT * px_per_pt:
        return None
    return fitted


def _pairs(points: Points) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in points]


def _fitted(pairs: Sequence[tuple[tuple[float, float], tuple[float, float]]]
            ) -> Homography | None:
    """The least-squares homography flat → image of (flat, image) point pairs."""
    flat = np.array([f for f, _ in pairs], np.float64)
    image = np.array([i for _, i in pairs], np.float64)
    found, _ = cv2.findHomography(flat, image, 0)
    return None if found is None else np.asarray(found, np.float64)


def _outline(page: PageGeometry, frame: Box, px_per_pt: float) -> Points:
    """The outer corners of a frame's bold rule on the flat page, top-left clockwise."""
    half = RULE_BOLD / 2
    left, right = frame.x - half, frame.x + frame.width + half
    top, bottom = page.height - frame.y - frame.height - half, page.height - frame.y + half
    return np.array([(left, top), (right, top), (right, bottom), (left, bottom)],
                    np.float64) * px_per_pt


def quadrilaterals(ink: Gray) -> list[Points]:
    """Every blob outline on `ink` that is a convex quadrilateral, its corners where its
    sides' fitted lines meet."""
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    least = 0.002 * ink.size
    quads = []
    for contour in contours:
        if cv2.contourArea(contour) < least:
            continue
        rough = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(rough) != 4 or not cv2.isContourConvex(rough):
            continue
        sharp = _sharpen(contour[:, 0, :].astype(np.float64),
                         np.asarray(rough[:, 0, :], np.float64))
        if sharp is not None:
            quads.append(sharp)
    return quads


def _sharpen(outline: Points, rough: Points) -> Points | None:
    """The four corners where lines fitted to each side's middle meet (a mark crossing a
    side, or the rounding of a blurred corner, moves a vertex but not a side)."""
    at = [int(np.argmin(np.sum((outline - v) ** 2, axis=1))) for v in rough]
    n = len(outline)
    lines = []
    for i in range(4):
        start, end = at[i], at[(i + 1) % 4]
        length = (end - start) % n
        side = outline[[(start + k) % n for k in range(length // 8, length - length // 8)]]
        if len(side) < 4:
            return None
        vx, vy, x0, y0 = cv2.fitLine(side.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
        lines.append((float(vx[0]), float(vy[0]), float(x0[0]), float(y0[0])))
    corners = []
    for i in range(4):
        (ax, ay, ax0, ay0), (bx, by, bx0, by0) = lines[i - 1], lines[i]
        det = ax * (-by) - ay * (-bx)
        if abs(det) < 1e-6:
            return None
        t = ((bx0 - ax0) * (-by) - (by0 - ay0) * (-bx)) / det
        corners.append((ax0 + t * ax, ay0 + t * ay))
    return np.array(corners, np.float64)


def _near(outline: Points, quads: Sequence[Points], to_image: Homography, within: float
          ) -> list[Points]:
    """The quadrilaterals of about the frame's size whose every corner lies `within` flat
    pixels of where `to_image` puts the frame `outline`: their corners in its order, in
    image pixels."""
    to_flat = np.linalg.inv(to_image)
    guess = cv2.perspectiveTransform(outline[None], to_image)[0]
    area = abs(float(cv2.contourArea(guess.astype(np.float32))))
    near = []
    for quad in quads:
        if not AREA[0] * area <= abs(float(cv2.contourArea(quad.astype(np.float32)))) \
                <= AREA[1] * area:
            continue
        on_flat = cv2.perspectiveTransform(quad[None], to_flat)[0]
        order = min(ORDERS, key=lambda o: float(np.sum(np.linalg.norm(
            on_flat[list(o)] - outline, axis=1))))
        if float(np.max(np.linalg.norm(on_flat[list(order)] - outline, axis=1))) <= within:
            near.append(quad[list(order)])
    return near
