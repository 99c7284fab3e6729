"""Paper, type sizes and ruled boxes shared by every document."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from ballots.text import Canvas

PAGE_WIDTH, PAGE_HEIGHT = float(A4[0]), float(A4[1])
MM = float(mm)

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号
SIZE_S2 = 18.0  # 小二
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_S4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号
SIZE_S5 = 9.0  # 小五

RULE_BOLD = 1.6
RULE_THIN = 0.6
LEADING = 1.45  # line height as a multiple of the type size


@dataclass(frozen=True, slots=True)
class Sheet:
    """How ballots sit on an A4 page: `per_page` cells of `width` × `height` points."""

    per_page: int
    width: float
    height: float
    columns: int

    def origins(self) -> list[tuple[float, float]]:
        """Lower-left corners of the cells, top row first, left to right."""
        rows = self.per_page // self.columns
        return [
            (col * self.width, PAGE_HEIGHT - (row + 1) * self.height)
            for row in range(rows)
            for col in range(self.columns)
        ]


QUARTER = Sheet(per_page=4, width=PAGE_WIDTH / 2, height=PAGE_HEIGHT / 2, columns=2)
HALF = Sheet(per_page=2, width=PAGE_WIDTH, height=PAGE_HEIGHT / 2, columns=1)
FULL = Sheet(per_page=1, width=PAGE_WIDTH, height=PAGE_HEIGHT, columns=1)
SHEETS = (QUARTER, HALF, FULL)


def draw_cut_marks(c: Canvas, sheet: Sheet) -> None:
    """Short ticks in the page margin, and crosses inside, where the cells are to be cut."""
    if sheet.per_page == 1:
        return
    tick = 5 * MM
    c.saveState()
    c.setLineWidth(0.4)
    xs = [sheet.width * i for i in range(1, sheet.columns)]
    rows = sheet.per_page // sheet.columns
    ys = [sheet.height * i for i in range(1, rows)]
    for x in xs:
        c.line(x, 0, x, tick)
        c.line(x, PAGE_HEIGHT - tick, x, PAGE_HEIGHT)
    for y in ys:
        c.line(0, y, tick, y)
        c.line(PAGE_WIDTH - tick, y, PAGE_WIDTH, y)
        for x in xs:
            c.line(x - tick / 2, y, x + tick / 2, y)
            c.line(x, y - tick / 2, x, y + tick / 2)
    c.restoreState()


def box(c: Canvas, x: float, y: float, w: float, h: float, line: float = RULE_THIN) -> None:
    """A stroked rectangle with its lower-left corner at (x, y)."""
    c.saveState()
    c.setLineWidth(line)
    c.rect(x, y, w, h, stroke=1, fill=0)
    c.restoreState()


def hline(c: Canvas, x1: float, x2: float, y: float, line: float = RULE_THIN) -> None:
    c.saveState()
    c.setLineWidth(line)
    c.line(x1, y, x2, y)
    c.restoreState()


def vline(c: Canvas, x: float, y1: float, y2: float, line: float = RULE_THIN) -> None:
    c.saveState()
    c.setLineWidth(line)
    c.line(x, y1, x, y2)
    c.restoreState()
