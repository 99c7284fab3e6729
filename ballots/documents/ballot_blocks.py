"""The ballot face as blocks for a given width: section headings, candidate grids, 说明.

A grid row is a strip of columns, each a name cell over a mark cell (the 符号 row), with
the post's blank 另选他人 columns after the candidates. Rows wrap when a post has more
columns than the width holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ballots.blocks import Block, Draw
from ballots.content import BallotContent, Section
from ballots.layout import LEADING, MM, RULE_BOLD, RULE_THIN, SIZE_4, SIZE_S4, hline, vline
from ballots.text import Canvas, draw_centred, draw_text, fit_size, text_width, wrap

LABEL_WIDTH = 13 * MM
MIN_COLUMN = 17 * MM
MAX_COLUMN = 30 * MM
NAME_PART_SIZE = 10.0  # the least size a name part is fitted at before columns widen
MIN_NAME_SIZE = 6.0  # a name part shrinks no further: its column is wide enough by then
NAME_HEIGHT = 12 * MM
MARK_HEIGHT = 12 * MM
ROW_GAP = 2.5 * MM
SECTION_GAP = 3 * MM
WRITE_IN_LABEL = "另选他人"
WRITE_IN_LABEL_SIZE = 7.5
NUMBER_SIZE = 7.0  # a candidate's number, top left of its name cell (the 计票人 page's too)


def body_blocks(content: BallotContent, width: float, font: str) -> list[Block]:
    blocks: list[Block] = []
    first = 1  # candidates are numbered through the sheet, as on the 计票人 page
    for i, section in enumerate(content.sections):
        if i:
            blocks.append(Block(SECTION_GAP, _nothing))
        blocks.append(_section_heading(section, font))
        resume = _section_heading(section, font, continued=True)
        blocks.extend(replace(row, resume=resume)
                      for row in _grid_rows(section, width, font, first))
        first += len(section.names)
    blocks.extend(_instruction_blocks(content.instructions, width, font))
    return blocks


def _nothing(c: Canvas, x: float, top: float, width: float) -> None:
    return None


def _section_heading(section: Section, font: str, *, continued: bool = False) -> Block:
    women = "限女性，" if section.women_only else ""
    text = f"{section.post_name}（{women}应选{section.seats}名{'，续' if continued else ''}）"
    height = SIZE_4 * LEADING

    def draw(c: Canvas, x: float, top: float, width: float) -> None:
        draw_text(c, x, top - SIZE_4 * 1.1, text, font, SIZE_4, bold=True)

    return Block(height, draw, keep_with_next=True)


def row_length(section: Section, width: float, font: str | None) -> int:
    """Columns in one grid row of `section` (candidates, then its 另选他人 columns) on a
    ballot `width` wide: where the printed rows break, and the 计票人 page's rows with them.
    Without a `font` to measure names with, every column is the narrowest."""
    # Columns widen for long name parts (a minority name, an identical name's note).
    widest = 0.0 if font is None else max(
        (text_width(part, font, NAME_PART_SIZE) for name in section.names
         for part in name_parts(name)), default=0.0)
    least = min(MAX_COLUMN, max(MIN_COLUMN, widest + 2 * MM))
    return max(1, int((width - LABEL_WIDTH) // least))


def _grid_rows(section: Section, width: float, font: str, first: int) -> list[Block]:
    cells: list[str | None] = [*section.names, *([None] * section.write_in_columns)]
    per_row = row_length(section, width, font)
    shown = min(per_row, len(cells))
    column = min(MAX_COLUMN, (width - LABEL_WIDTH) / shown)
    grid_width = LABEL_WIDTH + column * shown
    return [_grid_row(cells[i : i + per_row], first + i, column, grid_width, font)
            for i in range(0, len(cells), per_row)]


def _grid_row(row: Sequence[str | None], first: int, column: float, grid_width: float,
              font: str) -> Block:
    """One strip of the grid; its candidates are numbered from `first`."""
    height = NAME_HEIGHT + MARK_HEIGHT

    def draw(c: Canvas, x: float, top: float, width: float) -> None:
        left = x + (width - grid_width) / 2  # a short grid sits in the middle
        right = left + LABEL_WIDTH + column * len(row)
        bottom, middle = top - height, top - NAME_HEIGHT
        draw_centred(c, left + LABEL_WIDTH / 2, middle + NAME_HEIGHT / 2 - SIZE_S4 * 0.35,
                     "姓名", font, SIZE_S4)
        draw_centred(c, left + LABEL_WIDTH / 2, bottom + MARK_HEIGHT / 2 - SIZE_S4 * 0.35,
                     "符号", font, SIZE_S4)
        hline(c, left, right, middle, RULE_THIN)
        for i, name in enumerate(row):
            cx = left + LABEL_WIDTH + column * (i + 0.5)
            vline(c, left + LABEL_WIDTH + column * i, bottom, top, RULE_THIN)
            if name is None:
                draw_centred(c, cx, top - WRITE_IN_LABEL_SIZE * 1.3, WRITE_IN_LABEL, font,
                             WRITE_IN_LABEL_SIZE)
            else:
                draw_text(c, left + LABEL_WIDTH + column * i + 1 * MM,
                          top - NUMBER_SIZE * 1.1, str(first + i), font, NUMBER_SIZE)
                _draw_name(c, cx, middle, column - 2 * MM, name, font)
        c.saveState()
        c.setLineWidth(RULE_BOLD)
        c.rect(left, bottom, right - left, height, stroke=1, fill=0)
        c.restoreState()

    return Block(height + ROW_GAP, draw)


def _draw_name(c: Canvas, cx: float, cell_bottom: float, room: float, name: str, font: str) -> None:
    """Centred in the name cell, never broken inside a name (see `name_lines`)."""
    size, lines = name_lines(name, font, room)
    step = size * 1.15
    first = cell_bottom + NAME_HEIGHT / 2 + (len(lines) - 1) * step / 2 - size * 0.35
    for i, line in enumerate(lines):
        draw_centred(c, cx, first - i * step, line, font, size)


def name_lines(name: str, font: str, room: float) -> tuple[float, list[str]]:
    """(size, lines) of a name in a cell `room` wide: one line at 四号 shrinking to 10 pt;
    else one line per part (after a separator ·, before an identical name's note) at up to
    小四; else one line shrunk until it fits. A line never breaks inside a name (欧阳建|华)."""
    size = fit_size(name, font, SIZE_4, room, NAME_PART_SIZE)
    if text_width(name, font, size) <= room:
        return size, [name]
    parts = name_parts(name)
    if len(parts) > 1:
        size = SIZE_S4
        while size > MIN_NAME_SIZE and (
            max(text_width(p, font, size) for p in parts) > room
            or len(parts) * size * 1.15 > NAME_HEIGHT - 2 * MM
        ):
            size -= 0.5
        return size, parts
    return min(size, room / text_width(name, font, 1.0)), [name]


def name_parts(name: str) -> list[str]:
    """Where a name may break: after a separator (艾尔肯·/吐尼亚孜, RULES.md §7.6) and before
    an identical name's note (王伟/（1965年生））."""
    return [p for p in re.split(r"(?<=[·•・．])|(?=（)", name) if p]


def _instruction_blocks(instructions: Sequence[str], width: float, font: str) -> list[Block]:
    size = SIZE_S4  # 小四
    step = size * 1.4
    blocks = [Block(step, _text_line("说明：", 0.0, size, font, bold=True), keep_with_next=True)]
    for item in instructions:
        number, _, sentence = item.partition(" ")
        indent = text_width(number + " ", font, size)
        lines = wrap(sentence, font, size, width - indent)
        for j, line in enumerate(lines):
            text = f"{number} {line}" if j == 0 else line
            blocks.append(Block(step, _text_line(text, 0.0 if j == 0 else indent, size, font)))
    return blocks


def _text_line(text: str, indent: float, size: float, font: str, *, bold: bool = False) -> Draw:
    def draw(c: Canvas, x: float, top: float, width: float) -> None:
        draw_text(c, x + indent, top - size * 1.1, text, font, size, bold=bold)

    return draw
