"""Marks outside every cell: ink where the ballot prints nothing. The reader looks beside the
grid rows (left and right of a row narrower than the widest one), where a voter who misses
a cell leaves a mark; ink over the printed text is not looked for."""

from __future__ import annotations

import numpy as np

from ballots.geometry import Box, PageGeometry
from ballots.layout import MM
from scan.marks import DEFINITE_INK, PageDarkness, without_specks

ZONE_GAP = 3 * MM  # kept off a frame's rule, and off the widest row's ends
LEAST_ZONE = 12 * MM  # a narrower gap beside a row is not looked at
STRAY_SIDE = 1.5  # mm: ink at least this much across (as a square) is a mark, not dust


def blank_zones(page: PageGeometry) -> list[Box]:
    """The blank paper beside each grid row that is narrower than the widest row."""
    if not page.frames:
        return []
    left = min(f.x for f in page.frames)
    right = max(f.x + f.width for f in page.frames)
    zones = []
    for f in page.frames:
        for start, end in ((left, f.x), (f.x + f.width, right)):
            if end - start >= LEAST_ZONE:
                zones.append(Box(start + ZONE_GAP, f.y, end - start - 2 * ZONE_GAP, f.height))
    return zones


def has_stray_mark(dark: PageDarkness, px_per_mm: float) -> bool:
    """Whether a mark lies in a blank zone of the page."""
    least = (STRAY_SIDE * px_per_mm) ** 2
    for zone in blank_zones(dark.page):
        area = dark.of(zone)
        if area.size and np.any(without_specks(area >= DEFINITE_INK * 255, least)):
            return True
    return False
