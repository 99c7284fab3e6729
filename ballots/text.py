"""Measuring, wrapping and drawing Chinese text on a reportlab canvas.

Lines break between any two Chinese characters, never inside a run of Latin letters or digits,
never before closing punctuation nor after opening punctuation. The marks ○ and × inside a
sentence are drawn as vector shapes one em wide, never as glyphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

# Type of a reportlab canvas (the package ships no type information).
Canvas = Any

MARK_YES = "○"
MARK_NO = "×"
_MARKS = MARK_YES + MARK_NO
_CLOSING = set("，。、；：？！）》」』”’%…·")
_OPENING = set("（《「『“‘")
_TOKEN = re.compile(r"[A-Za-z0-9._:/#=@+\-]+|.", re.DOTALL)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points; each vector mark counts as one em."""
    marks = sum(text.count(m) for m in _MARKS)
    plain = text.translate({ord(m): None for m in _MARKS})
    return float(stringWidth(plain, font, size)) + marks * size


def wrap(
    text: str, font: str, size: float, width: float, *, keep: Sequence[str] = ()
) -> list[str]:
    """Greedy line breaking of `text` into lines no wider than `width` (one line at least).

    Each string of `keep` (people's names) is never broken, unless it alone is wider than a
    line."""
    pattern = _TOKEN
    whole = sorted({k for k in keep if len(k) > 1}, key=len, reverse=True)
    if whole:
        pattern = re.compile("|".join(map(re.escape, whole)) + "|" + _TOKEN.pattern, re.DOTALL)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(pattern.findall(paragraph), font, size, width))
    return lines


def _wrap_paragraph(found: list[str], font: str, size: float, width: float) -> list[str]:
    tokens = _split_long(found, font, size, width)
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in tokens:
        w = text_width(token, font, size)
        line = lines[-1]
        if used + w <= width or not line:
            line.append(token)
            used += w
            continue
        carried: list[str] = []
        # Closing punctuation may not start a line, opening may not end one: carry tokens down.
        while len(line) > 1 and (
            (carried[0] if carried else token)[0] in _CLOSING or line[-1][-1] in _OPENING
        ):
            carried.insert(0, line.pop())
        lines.append([*carried, token])
        used = sum(text_width(t, font, size) for t in lines[-1])
    return ["".join(line).rstrip(" ") for line in lines]


def _split_long(tokens: list[str], font: str, size: float, width: float) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if len(token) > 1 and text_width(token, font, size) > width:
            out.extend(token)
        else:
            out.append(token)
    return out


def fit_size(text: str, font: str, size: float, width: float, least: float) -> float:
    """The largest size from `size` down to `least` (in half points) at which `text` fits."""
    while size > least and text_width(text, font, size) > width:
        size -= 0.5
    return size


def draw_text(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, *, bold: bool = False
) -> None:
    """Draw one line with its baseline at y, marks ○/× as vector shapes; `bold` strokes glyphs."""
    c.saveState()
    if bold:
        # The CJK font has one weight: fill and stroke the outlines (text render mode 2).
        c.setLineWidth(size * 0.035)
        c.setStrokeColorRGB(0, 0, 0)
    for run in re.split(f"([{_MARKS}])", text):
        if not run:
            continue
        if run in _MARKS:
            draw_mark(c, run, x + size / 2, y + size * 0.36, size * 0.38)
            x += size
            continue
        t = c.beginText(x, y)
        t.setFont(font, size)
        if bold:
            t.setTextRenderMode(2)
        t.textOut(run)
        c.drawText(t)
        x += float(stringWidth(run, font, size))
    c.restoreState()


def draw_centred(
    c: Canvas, cx: float, y: float, text: str, font: str, size: float, *, bold: bool = False
) -> None:
    draw_text(c, cx - text_width(text, font, size) / 2, y, text, font, size, bold=bold)


def draw_right(
    c: Canvas, rx: float, y: float, text: str, font: str, size: float, *, bold: bool = False
) -> None:
    draw_text(c, rx - text_width(text, font, size), y, text, font, size, bold=bold)


def draw_mark(c: Canvas, mark: str, cx: float, cy: float, radius: float) -> None:
    """A 赞成 circle or a 不赞成 cross as strokes (RULES.md §5 marks)."""
    c.saveState()
    c.setLineWidth(max(0.6, radius * 0.16))
    if mark == MARK_YES:
        c.circle(cx, cy, radius, stroke=1, fill=0)
    else:
        d = radius * 0.8
        c.line(cx - d, cy - d, cx + d, cy + d)
        c.line(cx - d, cy + d, cx + d, cy - d)
    c.restoreState()
