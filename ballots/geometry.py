"""Where things are on a ballot page, for a reader (docs/ballot-geometry.md).

Coordinates are PDF points with the origin at the lower-left corner of one ballot page (one
cell of the printed sheet: what a voter holds once the sheet is cut). The boxes come from the
same placement functions that draw the ballot, so the reader never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ballots.layout import MM
from ballots.text import Canvas

FIDUCIAL_SIZE = 4 * MM
FIDUCIAL_INSET = 2.5 * MM  # from the cut edge: a sheet cut a little off keeps its corners


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle with its lower-left corner at (x, y)."""

    x: float
    y: float
    width: float
    height: float

    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def to_json(self) -> list[float]:
        return [round(v, 2) for v in (self.x, self.y, self.width, self.height)]


@dataclass(frozen=True, slots=True)
class MarkCell:
    """One column of a post's grid: the name cell over the mark cell (符号)."""

    post_id: str
    candidate_id: str | None  # None: a blank 另选他人 column
    column: int  # 1-based within the post: candidates in ballot order, then write-ins
    name: Box
    mark: Box


@dataclass(frozen=True, slots=True)
class GridPlacement:
    """A grid row as drawn: its bold outer frame and its columns."""

    frame: Box
    cells: tuple[MarkCell, ...]


@dataclass(frozen=True, slots=True)
class PageGeometry:
    number: int
    width: float
    height: float
    fiducials: tuple[Box, Box, Box, Box]  # top-left, top-right, bottom-right, bottom-left
    qr: Box | None
    frames: tuple[Box, ...]
    cells: tuple[MarkCell, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "size": [round(self.width, 2), round(self.height, 2)],
            "fiducials": [f.to_json() for f in self.fiducials],
            "qr": self.qr.to_json() if self.qr else None,
            "frames": [f.to_json() for f in self.frames],
            "cells": [
                {"post": c.post_id, "candidate": c.candidate_id, "column": c.column,
                 "name": c.name.to_json(), "mark": c.mark.to_json()}
                for c in self.cells
            ],
        }


@dataclass(frozen=True, slots=True)
class PostGeometry:
    post_id: str
    seats: int
    candidate_ids: tuple[str, ...]
    write_in_columns: int


@dataclass(frozen=True, slots=True)
class BallotGeometry:
    """Every page of one round's ballot, and what its template QR says."""

    election_id: str
    round_id: str
    fingerprint: str  # "" when the ballot carries no QR
    posts: tuple[PostGeometry, ...]
    pages: tuple[PageGeometry, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "unit": "pt",
            "origin": "lower-left of the ballot page",
            "election": self.election_id,
            "round": self.round_id,
            "fingerprint": self.fingerprint,
            "posts": [
                {"id": p.post_id, "seats": p.seats, "candidates": list(p.candidate_ids),
                 "write_in_columns": p.write_in_columns}
                for p in self.posts
            ],
            "pages": [p.to_json() for p in self.pages],
        }


def fiducial_boxes(width: float, height: float) -> tuple[Box, Box, Box, Box]:
    """The four solid corner squares of a ballot page `width` × `height`."""
    near, s = FIDUCIAL_INSET, FIDUCIAL_SIZE
    far_x, far_y = width - near - s, height - near - s
    return (Box(near, far_y, s, s), Box(far_x, far_y, s, s), Box(far_x, near, s, s),
            Box(near, near, s, s))


def draw_fiducials(c: Canvas, width: float, height: float) -> None:
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    for f in fiducial_boxes(width, height):
        c.rect(f.x, f.y, f.width, f.height, stroke=0, fill=1)
    c.restoreState()
