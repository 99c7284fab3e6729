"""A scanner's batch for the 扫描计票 tests: the round's real ballot PDF (as the service
prints it), one page per voter with hand-like marks drawn (tests/scan/sheetkit.py), turned
and noised a little like a sheet-fed scanner, bound into one PDF. (Imported by name.)"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sheetkit import degrade, draw_marks, need, render_page

from ballots.documents.ballot import ballot_geometry
from ballots.geometry import BallotGeometry

Drawn = Mapping[tuple[str, int], str]  # (post, column) → a sheetkit mark kind
# What the voter meant by each kind: a faint ○ is still a ○ (the reader leaves it to a
# person, who sees it); a tick means nothing the rules accept.
MEANING = {"filled": "yes", "circle": "yes", "cross": "no", "faint": "yes",
           "tick": "unreadable", "small_circle": "yes", "small_cross": "no"}


def printed_geometry(record: dict[str, Any], round_key: str) -> BallotGeometry:
    """The geometry of a round's ballot from its record (`GET …/record`) as it was printed:
    the round still open, its ballots not yet back."""
    last = record["rounds"][-1]
    last["ballots"] = []
    for key in ("ballots_returned", "ballots_issued", "totals", "ballots_void", "boxes"):
        last.pop(key, None)
    return ballot_geometry(record, round_key)


def ballot_page(pdf: bytes, geometry: BallotGeometry, dpi: int, folder: Path) -> np.ndarray:
    """The first ballot of the printed sheet, cut out, in grey at `dpi`."""
    image = render_page(pdf, dpi, folder)
    page = geometry.pages[0]
    return image[: round(page.height * dpi / 72), : round(page.width * dpi / 72)].copy()


def ballot_pages(pdf: bytes, geometry: BallotGeometry, dpi: int, folder: Path
                 ) -> list[np.ndarray]:
    """Every page of a ballot longer than one page (one copy printed), in grey at `dpi`."""
    (folder / "ballot.pdf").write_bytes(pdf)
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-gray", str(folder / "ballot.pdf"),
                    str(folder / "page")], check=True, timeout=60)
    files = sorted(folder.glob("page*.pgm"), key=lambda f: int(f.stem.split("-")[-1]))
    images = [np.asarray(Image.open(f)) for f in files]
    for f in files:
        f.unlink()
    return [image[: round(page.height * dpi / 72), : round(page.width * dpi / 72)].copy()
            for image, page in zip(images, geometry.pages, strict=False)]


def scanned_batch(blank: np.ndarray | Sequence[np.ndarray], geometry: BallotGeometry,
                  dpi: int, sheets: Sequence[Drawn], *, seed: int = 0,
                  pages: Sequence[int] | None = None) -> bytes:
    """One PDF page per sheet, each as a scanner would have it (a slight turn, noise). A
    ballot of several pages: `blank` holds each page, `pages` says which page each sheet
    is, and each sheet's marks are drawn on the cells of its page."""
    blanks = [blank] if isinstance(blank, np.ndarray) else list(blank)
    scans = []
    for i, drawn in enumerate(sheets):
        number = pages[i] if pages is not None else 1
        one = dataclasses.replace(geometry, pages=(geometry.pages[number - 1],))
        places = {(c.post_id, c.column) for c in one.pages[0].cells}
        marked = draw_marks(blanks[number - 1], one, dpi,
                            {k: v for k, v in drawn.items() if k in places})
        angle = (-1.5, 0.8, 2.0, -0.5)[i % 4]
        scanned = degrade(marked, angle=angle, warp=0.004, noise=4.0, seed=seed + i)
        scans.append(Image.fromarray(scanned))
    out = io.BytesIO()
    scans[0].save(out, format="PDF", save_all=True, append_images=scans[1:], resolution=dpi)
    return out.getvalue()


def meant(geometry: BallotGeometry, drawn: Drawn) -> dict[str, Any]:
    """The ballot entry (RECORD.md) the voter meant: every printed candidate."""
    marks: dict[str, dict[str, str]] = {}
    for cell in (c for page in geometry.pages for c in page.cells):
        if cell.candidate_id is not None:
            kind = drawn.get((cell.post_id, cell.column))
            marks.setdefault(cell.post_id, {})[cell.candidate_id] = (
                MEANING[kind] if kind else "abstain")
    return {"marks": marks}
