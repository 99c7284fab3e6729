"""A small top-to-bottom writer for the A4 forms (tally sheet, report, announcement).

It keeps a cursor, breaks pages when the next piece does not fit, repeats a table's header
row on the new page, and leaves 第n页 共m页 to `NumberedCanvas`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ballots.fonts import Font
from ballots.layout import (
    LEADING,
    MM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE_BOLD,
    RULE_THIN,
    SIZE_S2,
    SIZE_S4,
    hline,
)
from ballots.text import (
    Canvas,
    draw_centred,
    draw_right,
    draw_text,
    fit_size,
    text_width,
    wrap,
)

# paint(canvas, x, bottom, width, height): draws inside a table cell.
Painter = Callable[[Canvas, float, float, float, float], None]
Cell = str | Painter


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float  # a share of the table width (the shares are normalised)
    align: str = "center"  # "left", "center" or "right"


# Where a long title may break: after the body that elects (…委员会 | 换届选举结果报告单).
_TITLE_BREAKS = ("委员会", "代表大会", "党员大会", "选民会议", "代表会议", "换届选举", "选举")


def title_lines(text: str, font: str, size: float, room: float) -> list[str]:
    """A title in lines: at the last sensible break that leaves both halves fitting, else
    wrapped with at least four characters on its last line (no lone 单)."""
    if text_width(text, font, size) <= room:
        return [text]
    for word in _TITLE_BREAKS:
        at = text.rfind(word)
        while at > 0:
            cut = at + len(word)
            head, tail = text[:cut], text[cut:]
            if len(tail) >= 4 and text_width(head, font, size) <= room and text_width(
                tail, font, size
            ) <= room:
                return [head, tail]
            at = text.rfind(word, 0, at)
    lines = wrap(text, font, size, room)
    if len(lines) > 1 and len(lines[-1]) < 4:
        moved = 4 - len(lines[-1])
        lines[-2:] = [lines[-2][:-moved], lines[-2][-moved:] + lines[-1]]
    return lines


class Flow:
    def __init__(self, c: Canvas, font: Font, *, margin: float = 18 * MM) -> None:
        self.c = c
        self.font = font
        self.left = margin
        self.width = PAGE_WIDTH - 2 * margin
        self.top = PAGE_HEIGHT - margin
        self.bottom = margin + 8 * MM  # room for the page number
        self.y = self.top

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.top

    def ensure(self, height: float) -> None:
        if self.y - height < self.bottom and self.y < self.top:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def finish(self) -> None:
        self.c.showPage()

    def title(self, text: str, size: float = SIZE_S2, *, room: float | None = None) -> None:
        """Centred bold title: one line, shrinking by up to 4 pt, else broken at a sensible
        point (`title_lines`: never leaving a character or two alone on a line)."""
        room = room or self.width
        self.c.titled = True  # NumberedCanvas: no running title on this page
        size = fit_size(text, self.font.name, size, room, size - 4)
        for line in title_lines(text, self.font.name, size, room):
            self.ensure(size * 1.5)
            self.y -= size * 1.4
            draw_centred(self.c, self.left + self.width / 2, self.y + size * 0.25, line,
                         self.font.name, size, bold=True)
        self.y -= 2 * MM

    def paragraph(
        self, text: str, size: float = SIZE_S4, *, indent: float = 0.0, bold: bool = False,
        align: str = "left", room: float | None = None, keep: Sequence[str] = (),
    ) -> None:
        """Wrapped text; the strings of `keep` (names) are never broken across lines."""
        for line in wrap(text, self.font.name, size, (room or self.width) - indent, keep=keep):
            self.ensure(size * LEADING)
            self.y -= size * LEADING
            baseline = self.y + size * 0.3
            if align == "right":
                draw_right(self.c, self.left + self.width, baseline, line, self.font.name, size)
            elif align == "center":
                draw_centred(self.c, self.left + self.width / 2, baseline, line,
                             self.font.name, size, bold=bold)
            else:
                draw_text(self.c, self.left + indent, baseline, line, self.font.name, size,
                          bold=bold)

    def paragraph_height(
        self, text: str, size: float = SIZE_S4, *, indent: float = 0.0,
        room: float | None = None, keep: Sequence[str] = (),
    ) -> float:
        """How far `paragraph` with the same arguments moves the cursor."""
        lines = wrap(text, self.font.name, size, (room or self.width) - indent, keep=keep)
        return len(lines) * size * LEADING

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        size: float = SIZE_S4,
        min_row: float = 8 * MM,
        row_heights: Sequence[float] | None = None,
        reserve_after: float = 0.0,
        header: bool = True,
    ) -> None:
        """A ruled table; its header row is repeated at the top of each new page (none when
        `header` is False: a grid of names).

        `reserve_after` keeps that much room below the last row (e.g. for the signatures,
        which must not stand alone on a page without the figures they sign).
        """
        total = sum(col.width for col in columns)
        widths = [self.width * col.width / total for col in columns]
        titles = [col.title for col in columns]
        header_h = self._row_height(titles, widths, size, min_row) if header else 0.0
        first = self._row_height(rows[0], widths, size, min_row) if rows else min_row
        if rows and row_heights is not None:
            first = max(first, row_heights[0])
        self.ensure(header_h + first + (reserve_after if len(rows) == 1 else 0.0))
        frame_top = self.y
        if header:
            self._row(titles, columns, widths, size, header_h, header=True)
        on_page = 0  # rows drawn below the header on this page
        for i, row in enumerate(rows):
            height = self._row_height(row, widths, size, min_row)
            if row_heights is not None:
                height = max(height, row_heights[i])
            needed = height + (reserve_after if i == len(rows) - 1 else 0.0)
            if self.y - needed < self.bottom and on_page:
                self._frame(frame_top, widths)
                self.new_page()
                frame_top = self.y
                if header:
                    self._row(titles, columns, widths, size, header_h, header=True)
                on_page = 0
            self._row(row, columns, widths, size, height)
            on_page += 1
        self._frame(frame_top, widths)
        self.y -= 3 * MM

    def table_height(
        self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *,
        size: float = SIZE_S4, min_row: float = 8 * MM, header: bool = True,
    ) -> float:
        """How far `table` with the same arguments moves the cursor when it is on one page."""
        total = sum(col.width for col in columns)
        widths = [self.width * col.width / total for col in columns]
        header_h = (self._row_height([col.title for col in columns], widths, size, min_row)
                    if header else 0.0)
        return header_h + sum(self._row_height(row, widths, size, min_row) for row in rows) + 3 * MM

    def _row_height(
        self, row: Sequence[Cell], widths: Sequence[float], size: float, least: float
    ) -> float:
        lines = max(
            (len(wrap(cell, self.font.name, size, w - 2 * MM)) for cell, w in zip(row, widths,
                                                                                  strict=True)
             if isinstance(cell, str)),
            default=1,
        )
        return max(least, lines * size * 1.3 + 2.5 * MM)

    def _row(
        self, row: Sequence[Cell], columns: Sequence[Column], widths: Sequence[float],
        size: float, height: float, *, header: bool = False,
    ) -> None:
        c, top, x = self.c, self.y, self.left
        bottom = top - height
        c.saveState()
        c.setLineWidth(RULE_THIN)
        for cell, col, w in zip(row, columns, widths, strict=True):
            c.rect(x, bottom, w, height, stroke=1, fill=0)
            if isinstance(cell, str):
                self._cell_text(cell, col.align, x, bottom, w, height, size, header)
            else:
                cell(c, x, bottom, w, height)
            x += w
        c.restoreState()
        if header:
            hline(c, self.left, self.left + self.width, bottom, RULE_BOLD)
        self.y = bottom

    def _cell_text(
        self, text: str, align: str, x: float, bottom: float, w: float, h: float, size: float,
        bold: bool,
    ) -> None:
        lines = wrap(text, self.font.name, size, w - 2 * MM)
        step = size * 1.3
        y = bottom + h / 2 + (len(lines) - 1) * step / 2 - size * 0.35
        for line in lines:
            if align == "left":
                draw_text(self.c, x + 1 * MM, y, line, self.font.name, size, bold=bold)
            elif align == "right":
                draw_right(self.c, x + w - 1 * MM, y, line, self.font.name, size, bold=bold)
            else:
                draw_centred(self.c, x + w / 2, y, line, self.font.name, size, bold=bold)
            y -= step

    def _frame(self, top: float, widths: Sequence[float]) -> None:
        """The bold outer frame of the part of the table on this page."""
        self.c.saveState()
        self.c.setLineWidth(RULE_BOLD)
        self.c.rect(self.left, self.y, sum(widths), top - self.y, stroke=1, fill=0)
        self.c.restoreState()

    @staticmethod
    def signatures_height(count: int, per_line: int = 2) -> float:
        return 12 * MM * -(-count // per_line)

    def signatures(self, labels: Sequence[str], size: float = SIZE_S4, per_line: int = 2) -> None:
        """Signature lines: 总监票人（签名）：________ two to a line, kept together."""
        column = self.width / per_line
        self.ensure(self.signatures_height(len(labels), per_line) + 2 * MM)
        for i in range(0, len(labels), per_line):
            self.y -= 12 * MM
            for j, label in enumerate(labels[i : i + per_line]):
                x = self.left + j * column
                text = f"{label}（签名）："
                draw_text(self.c, x, self.y + 1 * MM, text, self.font.name, size)
                start = x + text_width(text, self.font.name, size)
                hline(self.c, start, x + column - 6 * MM, self.y, RULE_THIN)
