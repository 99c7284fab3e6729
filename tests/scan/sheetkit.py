"""Synthetic marked sheets for the reader's tests: the real ballot PDF rendered by poppler,
marks drawn by hand-like strokes with opencv, then turned, warped and noised like a scan or
a photo. (Imported by name, like tests/ballots/printkit.)"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ballots"))
from printkit import counted_party_record, need, party_record, result_of

from ballots.content import BallotOptions
from ballots.documents.ballot import render_ballots
from ballots.geometry import BallotGeometry, MarkCell

__all__ = ["counted_party_record", "degrade", "draw_marks", "need", "party_record",
           "printed_page", "render_page", "result_of"]


def render_page(pdf: bytes, dpi: int, folder: Path) -> np.ndarray:
    """The first page of `pdf` in grey at `dpi`, as poppler renders it."""
    (folder / "ballot.pdf").write_bytes(pdf)
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-gray", "-f", "1", "-l", "1",
                    str(folder / "ballot.pdf"), str(folder / "page")], check=True, timeout=60)
    page = next(folder.glob("page*.pgm"))
    image = cv2.imread(str(page), cv2.IMREAD_GRAYSCALE)
    page.unlink()
    return image


def printed_page(record: Mapping[str, Any], round_id: str, dpi: int, folder: Path,
                 geometry: BallotGeometry, options: BallotOptions = BallotOptions()
                 ) -> np.ndarray:
    """One ballot as cut from the printed sheet (the first cell of its page)."""
    image = render_page(render_ballots(record, round_id, options=options), dpi, folder)
    page = geometry.pages[0]
    return image[: round(page.height * dpi / 72), : round(page.width * dpi / 72)].copy()


def _centre(cell: MarkCell, geometry: BallotGeometry, dpi: int) -> tuple[int, int]:
    x, y = cell.mark.centre()
    return round(x * dpi / 72), round((geometry.pages[0].height - y) * dpi / 72)


def draw_marks(image: np.ndarray, geometry: BallotGeometry, dpi: int,
               marks: Mapping[tuple[str, int], str]) -> np.ndarray:
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


def _draw_variant(out: np.ndarray, kind: str, cx: int, cy: int, mm: float) -> None:
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


def degrade(image: np.ndarray, *, angle: float, warp: float, noise: float, seed: int,
            jpeg: int | None = None, shadow: float = 1.0) -> np.ndarray:
    """Turned by `angle` degrees, corners pulled by up to `warp` of the size (perspective),
    laid on a grey table with room around, Gaussian noise of `noise` grey levels; `shadow`:
    the light falls from 1 on the right to this on the left (a photo)."""
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
    light = np.linspace(shadow, 1.0, cw, dtype=np.float32)[None, :]
    noisy = out.astype(np.float32) * light + rng.normal(0, noise, out.shape)
    out = np.clip(noisy, 0, 255).astype(np.uint8)
    if jpeg is not None:
        _, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out
