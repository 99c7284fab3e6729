"""选票: one round's ballot, N identical copies, 1, 2 or 4 to an A4 page with cut marks.

Each ballot page is drawn once as a PDF form XObject and placed `copies` times, so every
copy is the same object on paper and in the file (RULES.md §5: nothing differs between
ballots of a round). A ballot too long for one A4 page continues on the next (第n页 共m页).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ballots.blocks import Block, paginate
from ballots.content import (
    BallotContent,
    BallotOptions,
    ballot_content,
    next_round_contests,
    page_payload,
    round_contests,
)
from ballots.documents.ballot_blocks import body_blocks, row_length
from ballots.errors import DocumentError
from ballots.fonts import Font
from ballots.geometry import (
    BallotGeometry,
    Box,
    PageGeometry,
    PostGeometry,
    draw_fiducials,
    fiducial_boxes,
)
from ballots.layout import (
    FULL,
    MM,
    RULE_BOLD,
    RULE_THIN,
    SHEETS,
    SIZE_3,
    SIZE_S2,
    SIZE_S5,
    Sheet,
    box,
    draw_cut_marks,
    hline,
)
from ballots.pdf import PdfMeta, document_font, new_canvas
from ballots.qr import draw_qr
from ballots.text import Canvas, draw_centred, draw_text, wrap
from counting import parse_record

MAX_COPIES = 100_000
QR_SIZE = 16 * MM
STAMP_WIDTH, STAMP_HEIGHT = 32 * MM, 16 * MM
FOOTER_HEIGHT = 18 * MM


@dataclass(frozen=True, slots=True)
class BallotLayout:
    sheet: Sheet
    margin: float
    title_lines: tuple[str, ...]
    title_size: float
    pages: tuple[tuple[Block, ...], ...]


def render_ballots(
    record: Mapping[str, object],
    round_id: str,
    *,
    copies: int = 1,
    options: BallotOptions = BallotOptions(),
) -> bytes:
    """PDF of `copies` identical ballots for the round `round_id` of a RECORD.md document."""
    parsed = parse_record(record)
    kind, contests = round_contests(parsed, round_id)
    content = ballot_content(record, parsed, round_id, kind, contests, options)
    return render_ballot_content(content, copies=copies, meta=options.meta)


def render_next_round_ballots(
    record: Mapping[str, object],
    result: Mapping[str, object],
    *,
    round_id: str | None = None,
    copies: int = 1,
    options: BallotOptions = BallotOptions(),
) -> bytes:
    """Ballots for the tie-break or 另行选举 round that `result` (RECORD.md result) asks for."""
    parsed = parse_record(record)
    kind, contests = next_round_contests(parsed, result)
    rid = round_id or f"r{len(parsed.rounds) + 1}"
    content = ballot_content(record, parsed, rid, kind, contests, options)
    return render_ballot_content(content, copies=copies, meta=options.meta)


def render_ballot_content(
    content: BallotContent, *, copies: int, meta: PdfMeta, sheet: Sheet | None = None
) -> bytes:
    """The ballots on the smallest sheet that holds one on a page, or on `sheet` when given
    (DocumentError `sheet_too_small` when the ballot needs more than one such cell)."""
    if not 1 <= copies <= MAX_COPIES:
        raise DocumentError(
            "invalid_copies",
            f"份数应在 1 到 {MAX_COPIES} 之间，而不是 {copies}",
            f"copies must be between 1 and {MAX_COPIES}, not {copies}",
        )
    font = document_font(meta)
    font.require([content.title, *content.instructions, *(n for s in content.sections
                                                           for n in (s.post_name, *s.names))])
    layout = choose_layout(content, font.name, (sheet,) if sheet else SHEETS)
    buffer = io.BytesIO()
    c = new_canvas(buffer, meta, content.title)
    forms = []
    for number, page in enumerate(layout.pages, start=1):
        name = f"ballot-page-{number}"
        c.beginForm(name, lowerx=0, lowery=0, upperx=layout.sheet.width,
                    uppery=layout.sheet.height)
        _draw_ballot_page(c, content, layout, page, number, font)
        c.endForm()
        forms.append(name)
    _impose(c, layout.sheet, forms, copies)
    c.save()
    return buffer.getvalue()


def choose_layout(
    content: BallotContent, font: str, sheets: Sequence[Sheet] = SHEETS
) -> BallotLayout:
    """The smallest cell (¼, ½, whole A4) that holds the ballot on one page, else A4 pages."""
    for sheet in sheets:
        layout = _layout_on(content, font, sheet)
        if layout is not None and (len(layout.pages) == 1 or sheet is FULL):
            return layout
    if FULL not in sheets:
        raise DocumentError(
            "sheet_too_small", "选票内容一页排不下，请选用更大的纸张",
            "the ballot does not fit one cell of this sheet: choose a larger one",
        )
    raise DocumentError(  # only a single grid row taller than an A4 page could get here
        "ballot_too_large", "选票内容无法排入A4纸", "the ballot does not fit on A4 paper"
    )


def grid_row_lengths(content: BallotContent, meta: PdfMeta = PdfMeta()) -> dict[str, int]:
    """Post id → columns a grid row holds on the printed ballot (the sheet `render_ballot_content`
    chooses), so that the 计票人 page breaks its rows where the paper does."""
    try:
        font: str | None = document_font(meta).name
    except DocumentError:  # no font to print with: rows of the narrowest columns
        font = None
    width = FULL.width - 2 * 12 * MM  # a whole A4 page, unless a smaller cell holds the sheet
    if font is not None:
        try:
            layout = choose_layout(content, font)
            width = layout.sheet.width - 2 * layout.margin
        except DocumentError:
            pass
    return {s.post_id: row_length(s, width, font) for s in content.sections}


def _layout_on(content: BallotContent, font: str, sheet: Sheet) -> BallotLayout | None:
    margin = (12 if sheet is FULL else 7) * MM
    width = sheet.width - 2 * margin
    size = SIZE_S2
    lines = wrap(content.title, font, size, width)
    if len(lines) > 1:
        size = SIZE_3
        lines = wrap(content.title, font, size, width)
    head = len(lines) * size * 1.3 + 5 * MM
    room = sheet.height - 2 * margin - head - FOOTER_HEIGHT
    try:
        pages = paginate(body_blocks(content, width, font), room)
    except ValueError:
        return None
    return BallotLayout(sheet, margin, tuple(lines), size, tuple(tuple(p) for p in pages))


def _draw_ballot_page(
    c: Canvas, content: BallotContent, layout: BallotLayout, page: Sequence[Block],
    number: int, font: Font,
) -> None:
    sheet, margin, size = layout.sheet, layout.margin, layout.title_size
    width = sheet.width - 2 * margin
    y = sheet.height - margin
    for line in layout.title_lines:
        y -= size * 1.3
        draw_centred(c, sheet.width / 2, y + size * 0.3, line, font.name, size, bold=True)
    y -= 2 * MM
    hline(c, margin, margin + width, y, RULE_BOLD)  # the bold double rule under the title
    hline(c, margin, margin + width, y - 1.2 * MM, RULE_THIN)
    for block, top in _block_tops(layout, page):
        block.draw(c, margin, top, width)
    _draw_footer(c, content, layout, number, font)
    draw_fiducials(c, sheet.width, sheet.height)


def _block_tops(layout: BallotLayout, page: Sequence[Block]) -> list[tuple[Block, float]]:
    """Each block of the page with the y of its top edge, below the title and its rule."""
    y = layout.sheet.height - layout.margin - len(layout.title_lines) * layout.title_size * 1.3
    y -= 2 * MM + 3.5 * MM
    placed = []
    for block in page:
        placed.append((block, y))
        y -= block.height
    return placed


def ballot_geometry(
    record: Mapping[str, object], round_id: str, *, options: BallotOptions = BallotOptions()
) -> BallotGeometry:
    """Where every mark cell of round `round_id`'s ballot is (ballots.geometry)."""
    parsed = parse_record(record)
    kind, contests = round_contests(parsed, round_id)
    content = ballot_content(record, parsed, round_id, kind, contests, options)
    return content_geometry(content, options.meta)


def content_geometry(content: BallotContent, meta: PdfMeta) -> BallotGeometry:
    """The geometry of the pages `render_ballot_content` draws for `content`."""
    layout = choose_layout(content, document_font(meta).name)
    sheet, margin = layout.sheet, layout.margin
    width = sheet.width - 2 * margin
    pages = []
    for number, page in enumerate(layout.pages, start=1):
        placed = [block.place(margin, top, width) for block, top in _block_tops(layout, page)
                  if block.place is not None]
        pages.append(PageGeometry(
            number=number, width=sheet.width, height=sheet.height,
            fiducials=fiducial_boxes(sheet.width, sheet.height),
            qr=_qr_box(layout) if content.fingerprint else None,
            frames=tuple(p.frame for p in placed),
            cells=tuple(cell for p in placed for cell in p.cells),
        ))
    posts = tuple(PostGeometry(s.post_id, s.seats, s.candidate_ids, s.write_in_columns)
                  for s in content.sections)
    return BallotGeometry(content.election_id, content.round_id, content.fingerprint, posts,
                          tuple(pages))


def _qr_box(layout: BallotLayout) -> Box:
    return Box(layout.margin - 1.5 * MM, layout.margin, QR_SIZE, QR_SIZE)


def _draw_footer(
    c: Canvas, content: BallotContent, layout: BallotLayout, number: int, font: Font
) -> None:
    sheet, margin = layout.sheet, layout.margin
    bottom = margin
    if content.fingerprint:
        qr = _qr_box(layout)
        payload = page_payload(content.fingerprint, number, len(layout.pages))
        draw_qr(c, payload, qr.x, qr.y, qr.width)
        draw_text(c, margin + QR_SIZE, bottom + 9 * MM, "选票模板校验码", font.name, SIZE_S5)
        draw_text(c, margin + QR_SIZE, bottom + 4.5 * MM, "各张选票完全相同", font.name,
                  SIZE_S5)
    stamp_x = sheet.width - margin - STAMP_WIDTH
    box(c, stamp_x, bottom, STAMP_WIDTH, STAMP_HEIGHT, RULE_THIN)
    draw_centred(c, stamp_x + STAMP_WIDTH / 2, bottom + STAMP_HEIGHT - SIZE_S5 * 1.3,
                 "监票人签章", font.name, SIZE_S5)
    if len(layout.pages) > 1:
        draw_centred(c, sheet.width / 2, bottom + 2 * MM,
                     f"第 {number} 页  共 {len(layout.pages)} 页", font.name, SIZE_S5)


def _impose(c: Canvas, sheet: Sheet, forms: Sequence[str], copies: int) -> None:
    """Place the forms: a one-page ballot `per_page` to a sheet, a longer one page by page."""
    if len(forms) > 1:
        for _ in range(copies):
            for form in forms:
                c.doForm(form)
                c.showPage()
        return
    origins = sheet.origins()
    for first in range(0, copies, sheet.per_page):
        for x, y in origins[: min(sheet.per_page, copies - first)]:
            c.saveState()
            c.translate(x, y)
            c.doForm(forms[0])
            c.restoreState()
        draw_cut_marks(c, sheet)
        c.showPage()
