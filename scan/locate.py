"""Finding a ballot page on a scan or photo: its four corner squares, which way up it is, and
the page warped flat onto the printed geometry (docs/ballot-geometry.md)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from ballots.geometry import Box, PageGeometry
from scan.frames import fit_to_frames, quadrilaterals

Gray = NDArray[np.uint8]
DPI = 150  # the flat page is drawn at this resolution, whatever the scan's
PX_PER_PT = DPI / 72
WORK_SIDE = 2100  # px: the corners and the grid are looked for on the image halved below this
LEAST_FIDUCIAL = 0.008  # of the image's shorter side: smaller squares are print, not corners
FRAME_INK = 0.75  # share of a grid frame's outline that must fall on ink
FRAME_INK_INFERRED = 0.9  # … when a corner is inferred: the grid must confirm the fit
LEAST_SPREAD = 0.03  # of the image: corners closer together are not a ballot page's
PAGE_MARGIN = 0.03  # pages whose grids fit within this of the best cannot be told apart
MOST_SQUARES = 20  # the largest squares looked at for three corners
THREE_OVER_FOUR = 0.8  # three corners are preferred when they span this much more
OBLIQUE_COS = 0.45  # |cos| of a page corner's angle in a photo: up to about 27° off square
SKEW = 0.15  # of the diagonal: how far a photo's perspective moves a corner off the
# parallelogram of the three others
OBLIQUE_AREAS = 2.2  # the largest of three corners seen obliquely against the smallest
RIGHT_ANGLE_COS = 0.12  # |cos| of the angle at the middle one of three corners: about 90°


@dataclass(frozen=True, slots=True)
class Located:
    page: PageGeometry
    flat: Gray  # the page at DPI, top row first, as printed
    fit: float  # share of the grid frames found on ink
    corner_missing: bool = False  # one corner square inferred from the three others
    # The pages of the ballot that fit as well (their grids are drawn alike): more than one,
    # and the reader cannot tell which page this is.
    pages_alike: tuple[int, ...] = ()


def canonical(page: PageGeometry, x: float, y: float) -> tuple[float, float]:
    """Ballot-page points (lower-left origin) → pixels of the flat page (top-left origin)."""
    return x * PX_PER_PT, (page.height - y) * PX_PER_PT


def window(page: PageGeometry, box: Box, inset: float = 0.0) -> tuple[slice, slice]:
    """The rows and columns of `box` on the flat page, `inset` points in from each side."""
    left, top = canonical(page, box.x + inset, box.y + box.height - inset)
    right, bottom = canonical(page, box.x + box.width - inset, box.y + inset)
    return slice(round(top), round(bottom)), slice(round(left), round(right))


def crop(flat: Gray, page: PageGeometry, box: Box, inset: float = 0.0) -> Gray:
    """The pixels of `box` on the flat page, `inset` points in from each side."""
    return flat[window(page, box, inset)]


def ink_mask(gray: Gray) -> Gray:
    """Ink as 255 on 0, against the local paper level (uneven light in a photo)."""
    side = min(gray.shape[:2])
    block = max(31, (side // 8) | 1)
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    return np.asarray(cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY_INV, block, 25), np.uint8)


@dataclass(frozen=True, slots=True)
class Corners:
    """Centres of the four corner squares in image pixels, in the image's order top-left,
    top-right, bottom-right, bottom-left; `missing`: the one not found (torn, covered),
    its centre guessed from the three others; `square`: they are at a right angle, so the
    guess is close enough for the grid to be checked on it (a scan, not a photo)."""

    points: list[tuple[float, float]]
    missing: int | None = None
    square: bool = True


def find_fiducials(ink: Gray) -> list[Corners]:
    """The four corner squares: solid squares of one size, spread the widest; three of them
    at a right angle when the fourth is gone. The likeliest first: four squares, unless three
    spread much wider (four close together may be bold print); then the other, for when the
    grid does not fit the first (a torn corner's place taken by a square of the QR or print).
    Empty when fewer than three are found."""
    squares = _solid_squares(ink)
    best: tuple[float, list[tuple[float, float]]] | None = None
    for area, _, _ in squares:  # squares of one size, spread the widest: the corners
        alike = [(x, y) for a, x, y in squares if 0.6 * area <= a <= 1.6 * area]
        if len(alike) < 4:
            continue
        corners = _corners(alike)
        spread = abs(float(cv2.contourArea(np.array(corners, np.float32))))
        if _square_enough(corners) and (best is None or spread > best[0]):
            best = (spread, corners)
    three = _three_corners(sorted(squares, reverse=True)[:MOST_SQUARES])
    found = []
    if best is not None and best[0] >= LEAST_SPREAD * ink.size:
        found.append((best[0], Corners(best[1])))
    if three is not None and three[0] >= LEAST_SPREAD * ink.size:
        spread, points, missing, square = three
        found.append((spread * THREE_OVER_FOUR, Corners(points, missing, square)))
    return [corners for _, corners in sorted(found, key=lambda f: -f[0])]


def _square_enough(corners: Sequence[tuple[float, float]]) -> bool:
    """Whether four corners in order make a page seen at most obliquely (a photo): every
    angle near a right one."""
    points = np.array(corners, np.float64)
    diagonal = float(np.linalg.norm(points[2] - points[0]))
    for i in range(4):
        u, v = points[i - 1] - points[i], points[(i + 1) % 4] - points[i]
        norm = float(np.linalg.norm(u) * np.linalg.norm(v))
        if norm == 0 or abs(float(u @ v)) / norm > OBLIQUE_COS:
            return False
        # Each corner near where its three neighbours' parallelogram puts it.
        if float(np.linalg.norm(points[i] + v + u - points[(i + 2) % 4])) > SKEW * diagonal:
            return False
    return True


def _solid_squares(ink: Gray) -> list[tuple[float, float, float]]:
    """(area, x, y) of every solid, square blob of ink large enough to be a corner."""
    side = min(ink.shape[:2])
    least = (LEAST_FIDUCIAL * side) ** 2
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    squares: list[tuple[float, float, float]] = []
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
    return squares


def _three_corners(squares: Sequence[tuple[float, float, float]]
                   ) -> tuple[float, list[tuple[float, float]], int, bool] | None:
    """Three squares of one size at about a right angle (a photo skews it), spread the
    widest, and the fourth corner that completes their parallelogram (exact for a page seen
    straight on: a scan): their spread, the four, the fourth's place, whether at a right
    angle."""
    best: tuple[float, list[tuple[float, float]], int, bool] | None = None
    for trio in itertools.combinations(squares, 3):
        areas = [a for a, _, _ in trio]
        if max(areas) > OBLIQUE_AREAS * min(areas):
            continue
        points = [np.array([x, y]) for _, x, y in trio]
        for i in range(3):
            vertex, p, q = points[i], points[(i + 1) % 3], points[(i + 2) % 3]
            u, v = p - vertex, q - vertex
            cosine = float(u @ v) / max(1e-9, float(np.linalg.norm(u) * np.linalg.norm(v)))
            if abs(cosine) > OBLIQUE_COS:
                continue
            spread = abs(float(u[0] * v[1] - u[1] * v[0]))
            if best is None or spread > best[0]:
                fourth = p + q - vertex
                found = _corners([(float(x), float(y)) for x, y in (*points, fourth)])
                inferred = (float(fourth[0]), float(fourth[1]))
                square = abs(cosine) <= RIGHT_ANGLE_COS and max(areas) <= 1.6 * min(areas)
                best = (spread, found, found.index(inferred), square)
    return best


def _corners(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    return [min(points, key=lambda p: p[0] + p[1]), max(points, key=lambda p: p[0] - p[1]),
            max(points, key=lambda p: p[0] + p[1]), min(points, key=lambda p: p[0] - p[1])]


def locate(gray: Gray, pages: Sequence[PageGeometry], *, confirmed: bool = False
           ) -> Located | None:
    """The page and orientation whose grid frames best fall on ink, warped flat; None when
    the corners are not found or no page of the ballot fits. With a corner torn, the page is
    placed by its grid frames (see scan.frames); failing that, by the corner guessed from
    three at a right angle (a scan), the grid fitting closely unless the template QR
    (`confirmed`) matched. Three corners seen obliquely (a photo) put the guess too far off
    to be read by: that sheet is left to a person."""
    small, scale = gray, 1.0
    while max(small.shape[:2]) > WORK_SIDE:  # halved (fast, and keeps thin rules visible)
        small, scale = np.asarray(cv2.pyrDown(small), np.uint8), scale / 2
    ink = ink_mask(small)
    thick = np.asarray(cv2.dilate(ink, np.ones((3, 3), np.uint8)), np.uint8)
    for corners in find_fiducials(ink):  # the likeliest first; the next if the grid fails
        source = np.array(corners.points, np.float32)
        fit, page, to_flat, page_scores = _best_fit(source, pages, ink, thick)
        if corners.missing is None:
            if fit >= FRAME_INK:
                break
            continue
        refined = _fit_to_frames(corners.missing, source, pages, ink, thick)
        if refined is not None:
            fit, page, to_flat, page_scores = refined
            break
        if corners.square and fit >= (FRAME_INK if confirmed else FRAME_INK_INFERRED):
            break
    else:
        return None
    size = (round(page.width * PX_PER_PT), round(page.height * PX_PER_PT))
    to_flat = to_flat @ np.diag([scale, scale, 1.0])  # from the image itself, not its copy
    flat = cv2.warpPerspective(gray, to_flat, size, flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    alike = tuple(sorted(n for n, score in page_scores.items()
                         if score >= page_scores[page.number] - PAGE_MARGIN))
    return Located(page, np.asarray(flat, np.uint8), fit, corners.missing is not None, alike)


def _placings(pages: Sequence[PageGeometry]
              ) -> Iterator[tuple[PageGeometry, NDArray[np.float32]]]:
    """Each page in each of its four turns, with its corner squares' centres on the flat page
    in the order the image's corners are found."""
    for page in pages:
        targets = [canonical(page, *f.centre()) for f in page.fiducials]
        for turn in range(4):
            yield page, np.array([targets[(i + turn) % 4] for i in range(4)], np.float32)


def _fit_to_frames(missing: int, source: NDArray[np.float32], pages: Sequence[PageGeometry],
                   ink: Gray, thick: Gray
                   ) -> tuple[float, PageGeometry, NDArray[np.float64], dict[int, float]] | None:
    """A torn corner's page placed by its grid frames and its three corners found (see
    scan.frames), on the page and turn whose grid then fits closely and best (the guessed
    fourth corner may favour a wrong turn): as _best_fit's."""
    quads = quadrilaterals(ink)
    best: tuple[float, float, PageGeometry, NDArray[np.float64]] | None = None
    page_scores: dict[int, float] = {}
    for page, target in _placings(pages):
        guess = np.asarray(cv2.getPerspectiveTransform(target, source), np.float64)
        if abs(float(np.linalg.det(guess))) < 1e-9:  # the corners' order mirrored
            continue
        pairs = [((float(target[i][0]), float(target[i][1])),
                  (float(source[i][0]), float(source[i][1]))) for i in range(4) if i != missing]
        to_image = fit_to_frames(page, quads, guess, pairs, PX_PER_PT)
        if to_image is None:
            continue
        fit = _share_on_ink(thick, page, _frame_points(page), to_image)
        if fit < FRAME_INK_INFERRED:
            continue
        score = fit + 0.25 * _share_on_ink(ink, page, _qr_points(page), to_image)
        page_scores[page.number] = max(score, page_scores.get(page.number, 0.0))
        if best is None or score > best[0]:
            best = (score, fit, page, np.asarray(np.linalg.inv(to_image), np.float64))
    if best is None:
        return None
    return best[1], best[2], best[3], page_scores


def _best_fit(source: NDArray[np.float32], pages: Sequence[PageGeometry], ink: Gray,
              thick: Gray) -> tuple[float, PageGeometry, NDArray[np.float64], dict[int, float]]:
    """The page and turn whose grid frames best fall on ink with the corners at `source`:
    its fit, page, homography to the flat page, and each page's best score."""
    best: tuple[float, float, PageGeometry, NDArray[np.float64]] | None = None
    page_scores: dict[int, float] = {}
    for page, target in _placings(pages):
        to_flat = np.asarray(cv2.getPerspectiveTransform(source, target), np.float64)
        to_image = np.asarray(np.linalg.inv(to_flat), np.float64)
        fit = _share_on_ink(thick, page, _frame_points(page), to_image)
        # The QR, half ink, tells a sheet whose grid is symmetric which way up it is.
        score = fit + 0.25 * _share_on_ink(ink, page, _qr_points(page), to_image)
        page_scores[page.number] = max(score, page_scores.get(page.number, 0.0))
        if best is None or score > best[0]:
            best = (score, fit, page, to_flat)
    assert best is not None
    return best[1], best[2], best[3], page_scores


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
    mapped = np.rint(cv2.perspectiveTransform(flat, to_image)[0]).astype(np.int64)
    h, w = ink.shape[:2]
    cols, rows = mapped[:, 0], mapped[:, 1]
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    hits = np.count_nonzero(ink[rows[inside], cols[inside]])
    return hits / len(points)
