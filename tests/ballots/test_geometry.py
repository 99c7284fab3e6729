"""The ballot geometry (docs/ballot-geometry.md) is where the printed ballot has its parts: a
layout change that moves what is drawn away from what the reader is told fails here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from printkit import need, party_record

from ballots.documents.ballot import ballot_geometry, render_ballots
from ballots.geometry import Box, PageGeometry
from ballots.layout import MM

DPI = 150
SCALE = DPI / 72


def rendered_pages(pdf: bytes, tmp_path: Path) -> list[np.ndarray]:
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run([need("pdftoppm"), "-r", str(DPI), "-gray", str(tmp_path / "b.pdf"),
                    str(tmp_path / "p")], check=True, timeout=60)
    return [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE) for p in sorted(tmp_path.glob("p*.pgm"))]


def pixels(image: np.ndarray, page: PageGeometry, box: Box, inset: float = 0.0) -> np.ndarray:
    """The pixels of `box` (ballot-page points, lower-left origin) on the first ballot of the
    printed sheet, which sits at the top-left of the A4 page."""
    top = round((page.height - box.y - box.height + inset) * SCALE)
    bottom = round((page.height - box.y - inset) * SCALE)
    left = round((box.x + inset) * SCALE)
    right = round((box.x + box.width - inset) * SCALE)
    return image[top:bottom, left:right]


@pytest.mark.parametrize("seats,secretary", [(2, False), (5, True)])
def test_every_part_is_where_the_geometry_says(tmp_path: Path, seats: int,
                                               secretary: bool) -> None:
    record = party_record(seats=seats, secretary=secretary,
                          rules={"secretary_mode": "direct"} if secretary else None)
    geometry = ballot_geometry(record, "r1")
    image = rendered_pages(render_ballots(record, "r1"), tmp_path)[0]
    page = geometry.pages[0]
    for fiducial in page.fiducials:
        assert pixels(image, page, fiducial, inset=0.5 * MM).max() < 64  # solid black
        for side in (Box(fiducial.x - 1.3 * MM, fiducial.y, 1 * MM, fiducial.height),
                     Box(fiducial.x + fiducial.width + 0.3 * MM, fiducial.y, 1 * MM,
                         fiducial.height),
                     Box(fiducial.x, fiducial.y - 1.3 * MM, fiducial.width, 1 * MM),
                     Box(fiducial.x, fiducial.y + fiducial.height + 0.3 * MM, fiducial.width,
                         1 * MM)):
            assert pixels(image, page, side).min() > 200  # white around: a square apart
    expected = {(p.post_id, cid) for p in geometry.posts for cid in p.candidate_ids}
    assert {(c.post_id, c.candidate_id) for c in page.cells if c.candidate_id} == expected
    for cell in page.cells:
        assert pixels(image, page, cell.mark, inset=1 * MM).min() > 200  # an empty box
        for edge in (Box(cell.mark.x - 0.5 * MM, cell.mark.y, 1 * MM, cell.mark.height),
                     Box(cell.mark.x, cell.mark.y + cell.mark.height - 0.5 * MM,
                         cell.mark.width, 1 * MM)):
            ruled = pixels(image, page, edge, inset=0.0)
            assert (ruled.min(axis=1 if edge.width < edge.height else 0) < 128).mean() > 0.9
        ink = pixels(image, page, cell.name, inset=1 * MM) < 128
        assert ink.any()  # the printed name, or 另选他人
    assert page.qr is not None
    assert (pixels(image, page, page.qr, inset=3 * MM) < 128).mean() > 0.3


def test_geometry_lists_each_post_column_once_in_ballot_order() -> None:
    record = party_record(seats=5)
    geometry = ballot_geometry(record, "r1")
    cells = [c for p in geometry.pages for c in p.cells]
    post = geometry.posts[0]
    assert [c.column for c in cells] == list(range(1, 1 + len(post.candidate_ids) + 5))
    assert [c.candidate_id for c in cells] == [*post.candidate_ids, *[None] * 5]
    assert geometry.to_json()["fingerprint"] == geometry.fingerprint
