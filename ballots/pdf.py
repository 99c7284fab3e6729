"""Creating canvases whose output is byte-for-byte the same for the same input.

reportlab's invariant mode fixes the document ID and the timestamp; `PdfMeta.created` sets
the creation date written into the file (default: reportlab's fixed 2000-01-01).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas as RLCanvas

from ballots.fonts import Font, default_font
from ballots.text import draw_centred, draw_right


@dataclass(frozen=True, slots=True)
class PdfMeta:
    """What a PDF says about itself, and which font it embeds."""

    created: datetime | None = None
    author: str = "jipiao"
    font_path: str | None = None  # None: JIPIAO_FONT, then the Debian font paths


def new_canvas(
    buffer: io.BytesIO, meta: PdfMeta, title: str, *, numbered: bool = False,
    running: bool = False,
) -> Any:
    """A canvas writing to `buffer` in invariant mode; `numbered` adds 第n页 共m页 footers.

    `running` (a multi-page form): a page without the big title carries `title` small at the
    top, and every page has a line for the 监票人's initials by its number."""
    font = default_font(meta.font_path)
    cls = NumberedCanvas if numbered else RLCanvas
    c = cls(buffer, pagesize=A4, invariant=1, pageCompression=1, initialFontName=font.name)
    if numbered:
        c.footer_font = font
        c.running_title = title if running else None
    c.setTitle(title)
    c.setAuthor(meta.author)
    c.setCreator("jipiao")
    c.setProducer("jipiao (reportlab)")
    if meta.created is not None:
        stamp = meta.created.strftime("D:%Y%m%d%H%M%S")
        offset = meta.created.strftime("%z")
        suffix = f"{offset[:3]}'{offset[3:]}'" if offset else "Z"
        c.setDateFormatter(lambda *_: stamp + suffix)
    return c


def document_font(meta: PdfMeta) -> Font:
    return default_font(meta.font_path)


class NumberedCanvas(RLCanvas):  # type: ignore[misc]
    """Holds pages back until `save` so every page can say 第n页 共m页 (forms are counted)."""

    footer_font: Font
    running_title: str | None = None
    titled = False  # set by a page that prints the document's title in full

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self.titled = False
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            width, height = self._pagesize
            font = self.footer_font.name
            draw_centred(self, width / 2, 24, f"第 {number} 页  共 {total} 页", font, 9)
            if self.running_title and total > 1:
                if not self.titled:
                    draw_centred(self, width / 2, height - 30, self.running_title, font, 9)
                label = "监票人签字："
                right = width - 51
                draw_right(self, right - 28 * 2.835, 24, label, font, 9)
                self.setLineWidth(0.6)
                self.line(right - 28 * 2.835, 22, right, 22)
            super().showPage()
        super().save()
