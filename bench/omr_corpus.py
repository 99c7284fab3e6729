"""Synthetic marked ballots for the reader (scan/): the real ballot PDF rendered by poppler,
hand-like marks drawn with opencv, then degraded as a document scanner or a tablet's camera
would. Every sheet comes with its ground truth: what each mark cell holds, what it means and
whether a reader must decide it alone (`clear`) or may leave it to a person.

Deterministic from a seed. Used by bench/omr.py (the measured corpus) and tests/scan/sheetkit.py.

Write a corpus to a folder (a PNG and a JSON of ground truth per sheet):
    .venv/bin/python bench/omr_corpus.py --sheets 200 --out /tmp/omr-corpus
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ballots.content import BallotOptions
from ballots.documents.ballot import ballot_geometry, render_ballots
from ballots.geometry import BallotGeometry, Box, MarkCell, PageGeometry
from ballots.layout import MM

Record = dict[str, Any]
Image = np.ndarray

# ----------------------------------------------------------------------------- ballot shapes

STROKE_ORDER = ("丁一", "马力", "王建国", "文明", "方圆", "叶红", "田野", "冯雪", "李明", "张伟",
                "刘芳")


def party_branch(names: tuple[str, ...], seats: int) -> Record:
    """A 党支部 ballot: `names` for `seats` 委员 (write-in columns: one per seat)."""
    return {
        "format": "jipiao.record/1",
        "election": {"id": "xingfu-2026", "title": "中共幸福社区支部委员会换届选举",
                     "body": "party_branch", "rules": {}},
        "posts": [{"id": "member", "name": "委员", "seats": seats}],
        "candidates": [{"id": f"c{i + 1:02d}", "name": n, "posts": ["member"]}
                       for i, n in enumerate(names)],
        "rounds": [{"id": "r1", "kind": "regular",
                    "attendance": {"entitled": 60, "present": 55}, "ballots": []}],
    }


def village_committee() -> Record:
    """A 村委会 ballot: 主任 1 of 2, 副主任 1 of 2, 委员 3 of 5, each with write-in columns."""
    record = party_branch(STROKE_ORDER[:9], 3)
    record["election"].update(id="xingfu-village-2026", title="幸福村第十二届村民委员会选举",
                              body="villagers_committee")
    record["posts"] = [{"id": "chair", "name": "主任", "seats": 1},
                       {"id": "vice", "name": "副主任", "seats": 1},
                       {"id": "member", "name": "委员", "seats": 3}]
    for candidate, post in zip(record["candidates"],
                               ["chair"] * 2 + ["vice"] * 2 + ["member"] * 5, strict=True):
        candidate["posts"] = [post]
    record["rounds"][0]["attendance"] = {"registered": 900}
    return record


def tie_break() -> Record:
    """A 重新投票 between two tied candidates for one seat: a quarter-A4 ballot, no write-in."""
    record = party_branch(STROKE_ORDER[:8], 5)
    record["rounds"][0] = {
        "id": "r1", "kind": "regular", "attendance": {"entitled": 60, "present": 55},
        "ballots_issued": 55, "ballots_returned": 55,
        "totals": {"member": {"invalid": 2, "yes": {"c01": 35, "c02": 30, "c03": 40,
                                                    "c04": 38, "c05": 30, "c06": 45,
                                                    "c07": 20, "c08": 10}}}}
    record["rounds"].append({"id": "r2", "kind": "tie_break",
                             "attendance": record["rounds"][0]["attendance"],
                             "posts": {"member": {"seats": 1, "candidates": ["c03", "c05"]}},
                             "ballots": []})
    return record


# name → (record, round): the shapes the corpus fills, in turn.
SHAPES: dict[str, tuple[Callable[[], Record], str]] = {
    "party_7_for_5": (lambda: party_branch(STROKE_ORDER[:7], 5), "r1"),
    "village_write_in": (village_committee, "r1"),
    "long_11_for_9": (lambda: party_branch(STROKE_ORDER, 9), "r1"),
    "tie_break_quarter": (tie_break, "r2"),
}


# ----------------------------------------------------------------------------- rendering


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:  # scripts/install-system.sh installs poppler-utils
        raise SystemExit("pdftoppm is not installed: run `bash scripts/install-system.sh`")
    return found


def render_page(pdf: bytes, dpi: int, folder: Path) -> Image:
    """The first page of `pdf` in grey at `dpi`, as poppler renders it."""
    (folder / "ballot.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm(), "-r", str(dpi), "-gray", "-f", "1", "-l", "1",
                    str(folder / "ballot.pdf"), str(folder / "page")], check=True, timeout=60)
    page = next(folder.glob("page*.pgm"))
    image = cv2.imread(str(page), cv2.IMREAD_GRAYSCALE)
    page.unlink()
    return image


def printed_page(record: Mapping[str, Any], round_id: str, dpi: int, folder: Path,
                 geometry: BallotGeometry, options: BallotOptions = BallotOptions()) -> Image:
    """One ballot as cut from the printed sheet (the first cell of its page)."""
    image = render_page(render_ballots(record, round_id, options=options), dpi, folder)
    page = geometry.pages[0]
    return image[: round(page.height * dpi / 72), : round(page.width * dpi / 72)].copy()


def to_pixels(page: PageGeometry, dpi: int, x: float, y: float) -> tuple[int, int]:
    """Ballot-page points (lower-left origin) → pixels of the page image at `dpi`."""
    return round(x * dpi / 72), round((page.height - y) * dpi / 72)


def _centre(cell: MarkCell, geometry: BallotGeometry, dpi: int) -> tuple[int, int]:
    return to_pixels(geometry.pages[0], dpi, *cell.mark.centre())


# ----------------------------------------------------------------------------- fixed marks


def draw_marks(image: Image, geometry: BallotGeometry, dpi: int,
               marks: Mapping[tuple[str, int], str]) -> Image:
    """Marks drawn in the mark cells named (post, column): "filled", "circle", "cross",
    "faint" (a pale ○), "tick" (√: neither ○ nor ×), or a hand-like variant (`_draw_variant`)."""
    out = image.copy()
    mm = dpi / 25.4
    cells = {(c.post_id, c.column): c for c in geometry.pages[0].cells}
    for key, kind in marks.items():
        cx, cy = _centre(cells[key], geometry, dpi)
        pen = max(2, round(0.5 * mm))
        if kind == "filled":
            cv2.ellipse(out, (cx, cy), (round(3.4 * mm), round(3.0 * mm)), 10, 0, 360, 25, -1,
                        cv2.LINE_AA)
        elif kind == "circle":
            cv2.ellipse(out, (cx + 2, cy - 1), (round(4.2 * mm), round(3.4 * mm)), -8, 0, 360,
                        30, pen, cv2.LINE_AA)
        elif kind == "faint":
            cv2.ellipse(out, (cx, cy), (round(4 * mm), round(3.3 * mm)), 0, 0, 360, 205, pen,
                        cv2.LINE_AA)
        elif kind == "cross":
            a = round(3.3 * mm)
            cv2.line(out, (cx - a, cy - a + 3), (cx + a, cy + a - 2), 20, pen, cv2.LINE_AA)
            cv2.line(out, (cx + a - 3, cy - a), (cx - a + 1, cy + a), 20, pen, cv2.LINE_AA)
        elif kind == "tick":
            a = round(3.0 * mm)
            cv2.line(out, (cx - a, cy), (cx - a // 3, cy + a), 20, pen, cv2.LINE_AA)
            cv2.line(out, (cx - a // 3, cy + a), (cx + a, cy - a), 20, pen, cv2.LINE_AA)
        else:
            _draw_variant(out, kind, cx, cy, mm)
    return out


def _draw_variant(out: Image, kind: str, cx: int, cy: int, mm: float) -> None:
    """Hand-like variants: sizes, a fine pen, pencil, an open ring, a ring over the rule."""
    fine = max(1, round(0.3 * mm))
    if kind == "small_circle":
        cv2.circle(out, (cx, cy), round(2 * mm), 30, fine, cv2.LINE_AA)
    elif kind == "big_circle":
        cv2.ellipse(out, (cx, cy), (round(6.5 * mm), round(4.3 * mm)), 0, 0, 360, 30,
                    round(0.4 * mm), cv2.LINE_AA)
    elif kind == "pencil_circle":
        cv2.circle(out, (cx, cy), round(3.5 * mm), 120, fine, cv2.LINE_AA)
    elif kind in ("small_cross", "offcentre_cross"):
        a, dx = (round(2 * mm), 0) if kind == "small_cross" else (round(2.5 * mm),
                                                                    -round(3.5 * mm))
        cv2.line(out, (cx + dx - a, cy - a), (cx + dx + a, cy + a), 30, fine)
        cv2.line(out, (cx + dx + a, cy - a), (cx + dx - a, cy + a), 30, fine)
    elif kind == "open_circle":
        cv2.ellipse(out, (cx, cy), (round(4 * mm), round(3.3 * mm)), 0, 20, 340, 30,
                    round(0.4 * mm), cv2.LINE_AA)
    elif kind == "circle_over_rule":
        cv2.circle(out, (cx, cy - round(4 * mm)), round(4.5 * mm), 30, round(0.4 * mm),
                   cv2.LINE_AA)
    elif kind == "dot":
        cv2.circle(out, (cx, cy), round(0.6 * mm), 30, -1)
    elif kind == "line":
        cv2.line(out, (cx - round(4 * mm), cy), (cx + round(4 * mm), cy), 30, round(0.4 * mm))
    else:
        raise ValueError(kind)


# ----------------------------------------------------------------------------- hand-like marks


@dataclass(frozen=True, slots=True)
class Pen:
    width: float  # px
    grey: int  # 0 black … 255 paper: the pressure of the hand, pen or pencil


def _stroke(out: Image, points: np.ndarray, pen: Pen) -> None:
    cv2.polylines(out, [np.round(points).astype(np.int32)], False, pen.grey,
                  max(1, round(pen.width)), cv2.LINE_AA)


def _wobbly_ellipse(rng: np.random.Generator, cx: float, cy: float, rx: float, ry: float,
                    sweep: float) -> np.ndarray:
    """A hand-drawn ring: it starts anywhere, wobbles, and may overshoot its start."""
    start, tilt = rng.uniform(0, 2 * math.pi), rng.uniform(-0.4, 0.4)
    t = np.linspace(0, sweep, max(24, int(sweep * 12)))
    phase, wobble = rng.uniform(0, 2 * math.pi), rng.uniform(0.0, 0.08)
    r = 1 + wobble * np.sin(2 * t + phase) + np.linspace(0, rng.uniform(-0.12, 0.12), t.size)
    x, y = rx * r * np.cos(t + start), ry * r * np.sin(t + start)
    c, s = math.cos(tilt), math.sin(tilt)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], axis=1)


def _line(rng: np.random.Generator, a: tuple[float, float], b: tuple[float, float]
          ) -> np.ndarray:
    """A hand stroke from a to b, slightly bowed."""
    t = np.linspace(0, 1, 16)[:, None]
    points = (1 - t) * np.array(a) + t * np.array(b)
    normal = np.array([a[1] - b[1], b[0] - a[0]]) / max(1.0, math.dist(a, b))
    return points + normal * rng.uniform(-0.06, 0.06) * math.dist(a, b) * np.sin(np.pi * t)


def _circle(out: Image, rng: np.random.Generator, cx: float, cy: float, mm: float, pen: Pen,
            sweep: float | None = None) -> None:
    rx = rng.uniform(2.6, 5.5) * mm
    ry = min(rng.uniform(0.65, 1.0) * rx, 3.9 * mm)
    turn = sweep if sweep is not None else 2 * math.pi + rng.uniform(-0.15, 0.6)
    _stroke(out, _wobbly_ellipse(rng, cx, cy, rx, ry, turn), pen)


def _cross(out: Image, rng: np.random.Generator, cx: float, cy: float, mm: float,
           pen: Pen) -> None:
    for base in (math.pi / 4, 3 * math.pi / 4):
        angle = base + rng.uniform(-0.3, 0.3)
        half = rng.uniform(2.2, 4.4) * mm
        dx, dy = half * math.cos(angle), half * math.sin(angle)
        ox, oy = rng.uniform(-0.6, 0.6, 2) * mm
        _stroke(out, _line(rng, (cx + ox - dx, cy + oy - dy), (cx + ox + dx, cy + oy + dy)), pen)


def _tick(out: Image, rng: np.random.Generator, cx: float, cy: float, mm: float,
          pen: Pen) -> None:
    a = rng.uniform(2.2, 3.6) * mm
    low = (cx - a / 3, cy + a * rng.uniform(0.7, 1.0))
    _stroke(out, _line(rng, (cx - a, cy), low), pen)
    _stroke(out, _line(rng, low, (cx + a, cy - a * rng.uniform(0.8, 1.1))), pen)


def _scribble(out: Image, rng: np.random.Generator, cx: float, cy: float, mm: float,
              pen: Pen) -> None:
    """A mark scribbled over: a zigzag across it."""
    n = int(rng.integers(5, 9))
    xs = np.linspace(cx - 4 * mm, cx + 4 * mm, n) + rng.uniform(-0.5, 0.5, n) * mm
    ys = cy + np.where(np.arange(n) % 2 == 0, -3, 3) * mm + rng.uniform(-0.6, 0.6, n) * mm
    _stroke(out, np.stack([xs, ys], axis=1), pen)


def _smudge(out: Image, rng: np.random.Generator, cx: float, cy: float, mm: float) -> None:
    """A grey finger smudge: soft, pale, no stroke."""
    h, w = out.shape
    radius = rng.uniform(1.5, 4.0) * mm
    peak = rng.uniform(0.10, 0.25)  # of black: clearly paler than any mark
    yy, xx = np.ogrid[:h, :w]
    box = (slice(max(0, int(cy - 3 * radius)), int(cy + 3 * radius)),
           slice(max(0, int(cx - 3 * radius)), int(cx + 3 * radius)))
    blob = np.exp(-((xx[:, box[1]] - cx) ** 2 + (yy[box[0], :] - cy) ** 2) / (2 * radius ** 2))
    region = out[box].astype(np.float32)
    out[box] = np.clip(region * (1 - peak * blob), 0, 255).astype(np.uint8)


def _pen(rng: np.random.Generator, mm: float, faint: bool = False) -> Pen:
    grey = int(rng.integers(175, 212)) if faint else int(
        rng.choice([rng.integers(5, 60), rng.integers(60, 125)], p=[0.75, 0.25]))
    return Pen(max(1.0, rng.uniform(0.25, 0.9) * mm), grey)


@dataclass(frozen=True, slots=True)
class Truth:
    """What a mark cell holds (`kind`), what it means, and whether a reader must decide it
    (clear) or may hand it to a person (not clear: a reader that decides it must say `means`)."""

    post: str
    column: int
    kind: str
    means: str  # yes | no | abstain | unreadable
    clear: bool


# kind → (means, clear, weight): how often a cell holds it.
KINDS: dict[str, tuple[str, bool, float]] = {
    "blank": ("abstain", True, 0.42), "circle": ("yes", True, 0.24),
    "cross": ("no", True, 0.16), "filled": ("yes", True, 0.04),
    "tick": ("unreadable", False, 0.025), "partial": ("yes", False, 0.025),
    "correction": ("unreadable", False, 0.025), "smudge": ("abstain", False, 0.025),
    "faint": ("yes", False, 0.025),
}


def hand_mark(out: Image, rng: np.random.Generator, kind: str, cx: float, cy: float,
              mm: float) -> None:
    """One hand-like mark of `kind` (KINDS) centred near (cx, cy) on a page at `mm` px/mm."""
    cx += rng.uniform(-1.2, 1.2) * mm
    cy += rng.uniform(-0.8, 0.8) * mm
    pen = _pen(rng, mm, faint=kind == "faint")
    if kind in ("circle", "faint"):
        _circle(out, rng, cx, cy, mm, pen)
    elif kind == "partial":
        _circle(out, rng, cx, cy, mm, pen, sweep=rng.uniform(0.35, 0.6) * 2 * math.pi)
    elif kind == "cross":
        _cross(out, rng, cx, cy, mm, pen)
    elif kind == "filled":
        axes = (round(rng.uniform(2.2, 4.0) * mm), round(rng.uniform(2.0, 3.5) * mm))
        cv2.ellipse(out, (round(cx), round(cy)), axes, float(rng.uniform(-30, 30)), 0, 360,
                    pen.grey, -1, cv2.LINE_AA)
    elif kind == "tick":
        _tick(out, rng, cx, cy, mm, pen)
    elif kind == "correction":
        (_circle if rng.random() < 0.5 else _cross)(out, rng, cx, cy, mm, pen)
        _scribble(out, rng, cx, cy, mm, Pen(pen.width * 1.2, pen.grey))
    elif kind == "smudge":
        _smudge(out, rng, cx, cy, mm)
    elif kind != "blank":
        raise ValueError(kind)


def handwritten_name(out: Image, rng: np.random.Generator, box: tuple[int, int, int, int],
                     mm: float) -> None:
    """Two or three hand-written characters (short strokes) in the lower part of `box`
    (x, y, w, h in pixels, top-left origin)."""
    x, y, w, h = box
    chars = int(rng.integers(2, 4))
    size = min(w / (chars + 0.5), h * 0.5)
    pen = Pen(max(1.0, rng.uniform(0.25, 0.5) * mm), int(rng.integers(10, 70)))
    for i in range(chars):
        left, top = x + (i + 0.3) * size, y + h * 0.42
        for _ in range(int(rng.integers(3, 7))):
            a = (left + rng.uniform(0, size), top + rng.uniform(0, size))
            b = (left + rng.uniform(0, size), top + rng.uniform(0, size))
            _stroke(out, _line(rng, a, b), pen)


# ----------------------------------------------------------------------------- degrading


def degrade(image: Image, *, angle: float, warp: float, noise: float, seed: int,
            jpeg: int | None = None, shadow: float = 1.0, blur: float = 0.0) -> Image:
    """Turned by `angle` degrees, corners pulled by up to `warp` of the size (perspective),
    laid on a grey table with room around, Gaussian noise of `noise` grey levels; `shadow`:
    the light falls from 1 on the right to this on the left (a photo); `blur`: a Gaussian of
    that sigma in pixels (a camera slightly out of focus)."""
    rng = np.random.default_rng(seed)
    h, w = image.shape
    side = round(1.15 * max(h, w))  # room to turn the sheet any way
    top, left = (side - h) // 2, (side - w) // 2
    canvas = np.full((side, side), 255, np.uint8)
    canvas[top:top + h, left:left + w] = image
    ch, cw = canvas.shape
    corners = np.array([[left, top], [left + w, top], [left + w, top + h], [left, top + h]],
                       np.float32)
    turn = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
    moved = np.hstack([corners, np.ones((4, 1), np.float32)]) @ turn.T
    moved += rng.uniform(-warp, warp, (4, 2)) * np.array([w, h])
    transform = cv2.getPerspectiveTransform(corners, moved.astype(np.float32))
    out = cv2.warpPerspective(canvas, transform, (cw, ch), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=150)
    if blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    grain = np.empty(out.shape, np.float32)
    cv2.setRNGSeed(seed)
    cv2.randn(grain, 0.0, noise)
    if shadow != 1.0:
        light = np.linspace(shadow, 1.0, cw, dtype=np.float32)[None, :]
        grain += out.astype(np.float32) * light
    else:
        grain += out
    out = np.clip(grain, 0, 255, out=grain).astype(np.uint8)
    if jpeg is not None:
        _, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out


def tear_corner(image: Image, corner: int, size: float) -> Image:
    """The page with corner `corner` (0 top-left, clockwise) torn off: a triangle of legs
    `size` px, its fiducial gone."""
    out = image.copy()
    h, w = out.shape
    x, y = [(0, 0), (w, 0), (w, h), (0, h)][corner]
    sx, sy = (size if x == 0 else -size), (size if y == 0 else -size)
    cv2.fillConvexPoly(out, np.array([[x, y], [x + sx, y], [x, y + sy]], np.int32), 255)
    return out


# ----------------------------------------------------------------------------- the corpus

CONDITIONS = ("scan150", "scan200", "scan300", "photo")


@dataclass
class CorpusSheet:
    """One synthetic sheet and its ground truth."""

    name: str
    shape: str
    condition: str
    dpi: int
    image: Image
    cells: list[Truth]
    written_names: list[tuple[str, int]]  # 另选他人 columns with a name written
    stray: bool = False  # a mark outside every cell
    torn_corner: int | None = None  # 0 top-left, clockwise
    turned: int = 0  # 0, 90, 180, 270: how the sheet was fed
    degrade: dict[str, float] = field(default_factory=dict)

    def truth_json(self) -> dict[str, object]:
        return {"name": self.name, "shape": self.shape, "condition": self.condition,
                "dpi": self.dpi, "cells": [asdict(c) for c in self.cells],
                "written_names": [list(n) for n in self.written_names], "stray": self.stray,
                "torn_corner": self.torn_corner, "turned": self.turned,
                "degrade": self.degrade}


class Printer:
    """Each shape's clean page at each resolution, rendered once."""

    def __init__(self) -> None:
        self.records = {name: (make(), rnd) for name, (make, rnd) in SHAPES.items()}
        self.geometries = {name: ballot_geometry(r, rnd) for name, (r, rnd) in
                           self.records.items()}
        self._pages: dict[tuple[str, int], Image] = {}

    def page(self, shape: str, dpi: int) -> Image:
        if (shape, dpi) not in self._pages:
            record, rnd = self.records[shape]
            with tempfile.TemporaryDirectory() as folder:
                self._pages[shape, dpi] = printed_page(record, rnd, dpi, Path(folder),
                                                       self.geometries[shape])
        return self._pages[shape, dpi]


def _blank_zones(page: PageGeometry) -> list[Box]:
    """Where nothing is printed: the strip right of a frame narrower than the widest one,
    and the page's side margins between the corner squares (see scan.strays)."""
    widest = max(f.x + f.width for f in page.frames)
    return [Box(f.x + f.width + 3 * MM, f.y, widest - f.x - f.width - 6 * MM, f.height)
            for f in page.frames if widest - f.x - f.width > 12 * MM]


def _stray_mark(out: Image, rng: np.random.Generator, page: PageGeometry, dpi: int) -> bool:
    zones = _blank_zones(page)
    if not zones:
        return False
    zone = zones[int(rng.integers(len(zones)))]
    mm = dpi / 25.4
    x, y = to_pixels(page, dpi, zone.x + zone.width * rng.uniform(0.3, 0.7),
                     zone.y + zone.height * rng.uniform(0.3, 0.7))
    hand_mark(out, rng, str(rng.choice(["circle", "cross", "tick"])), x, y, mm)
    return True


def make_sheet(printer: Printer, index: int, seed: int) -> CorpusSheet:
    """Sheet number `index` of the corpus of `seed`: its shape and condition in turn."""
    rng = np.random.default_rng([seed, index])
    shape = list(SHAPES)[index % len(SHAPES)]
    condition = CONDITIONS[(index // len(SHAPES)) % len(CONDITIONS)]
    dpi = {"scan150": 150, "scan200": 200, "scan300": 300, "photo": 200}[condition]
    geometry = printer.geometries[shape]
    page = geometry.pages[0]
    image = printer.page(shape, dpi).copy()
    mm = dpi / 25.4
    kinds, weights = list(KINDS), np.array([w for _, _, w in KINDS.values()])
    cells, names = [], []
    for cell in page.cells:
        kind = str(rng.choice(kinds, p=weights / weights.sum()))
        means, clear, _ = KINDS[kind]
        cx, cy = to_pixels(page, dpi, *cell.mark.centre())
        hand_mark(image, rng, kind, cx, cy, mm)
        cells.append(Truth(cell.post_id, cell.column, kind, means, clear))
        if cell.candidate_id is None and rng.random() < 0.3:
            left, top = to_pixels(page, dpi, cell.name.x, cell.name.y + cell.name.height)
            handwritten_name(image, rng, (left, top, round(cell.name.width * dpi / 72),
                                          round(cell.name.height * dpi / 72)), mm)
            names.append((cell.post_id, cell.column))
    stray = rng.random() < 0.1 and _stray_mark(image, rng, page, dpi)
    torn = int(rng.integers(4)) if rng.random() < 0.04 else None
    if torn is not None:
        image = tear_corner(image, torn, 16 * mm)
    turned = int(rng.choice([0, 90, 180, 270], p=[0.85, 0.05, 0.07, 0.03]))
    if condition == "photo":
        params = {"angle": turned + rng.uniform(-10, 10), "warp": rng.uniform(0.02, 0.06),
                  "noise": rng.uniform(3, 8), "shadow": rng.uniform(0.5, 1.0),
                  "blur": rng.uniform(0.3, 1.4), "jpeg": float(rng.integers(60, 90))}
    else:
        params = {"angle": turned + rng.uniform(-3, 3), "warp": rng.uniform(0, 0.004),
                  "noise": rng.uniform(1.5, 6),
                  **({"jpeg": float(rng.integers(70, 95))} if rng.random() < 0.5 else {})}
    jpeg = params.get("jpeg")
    image = degrade(image, seed=int(rng.integers(1 << 30)),
                    jpeg=None if jpeg is None else int(jpeg),
                    **{k: v for k, v in params.items() if k != "jpeg"})
    return CorpusSheet(f"{index:05d}-{shape}-{condition}", shape, condition, dpi, image, cells,
                       names, stray, torn, turned, params)


def corpus(count: int, seed: int = 13, printer: Printer | None = None
           ) -> Iterator[CorpusSheet]:
    printer = printer or Printer()
    for index in range(count):
        yield make_sheet(printer, index, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the PNGs and ground truth (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out: Path = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        for sheet in corpus(args.sheets, args.seed):
            cv2.imwrite(str(out / f"{sheet.name}.png"), sheet.image)
            (out / f"{sheet.name}.json").write_text(json.dumps(sheet.truth_json()),
                                                    encoding="utf-8")
        print(f"{args.sheets} sheets with ground truth in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
