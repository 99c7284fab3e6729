"""计票单 / 唱票记录表: candidates in ballot order with 正字 grids, totals boxes, signatures.

Each candidate has two grids, 赞成 and 不赞成 (RECORD.md `totals` has both), one 正 (five
strokes) to a square, and a box for each total; then blank rows for 另选他人 and a grid for
the post's invalid sections.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from ballots.content import BallotContent, BallotOptions, Section, ballot_content, round_contests
from ballots.flow import Column, Flow, Painter
from ballots.layout import MM, RULE_THIN, SIZE_4, SIZE_5, SIZE_S4
from ballots.pdf import PdfMeta, document_font, new_canvas
from ballots.text import Canvas, draw_centred
from counting import parse_record
from counting.model import Record

SQUARE = 6.5 * MM
VOTES_PER_SQUARE = 5  # one 正 character
GRID_SHARE = 0.62  # of the table width


@dataclass(frozen=True, slots=True)
class TallyOptions:
    voters: int | None = None  # squares for this many votes; default: the round's attendance
    ballot: BallotOptions = field(default_factory=BallotOptions)
    meta: PdfMeta = field(default_factory=PdfMeta)


def render_tally_sheet(
    record: Mapping[str, object], round_id: str, *, options: TallyOptions = TallyOptions()
) -> bytes:
    parsed = parse_record(record)
    kind, contests = round_contests(parsed, round_id)
    content = ballot_content(record, parsed, round_id, kind, contests, options.ballot)
    voters = options.voters or _round_voters(parsed, round_id)
    return render_tally_content(content, voters=voters, meta=options.meta)


def _round_voters(record: Record, round_id: str) -> int:
    r = next(r for r in record.rounds if r.id == round_id)
    a = r.attendance
    known = [v for v in (a.present, r.ballots_issued, r.ballots_returned) if v]
    return max(known) if known else 100


def tally_title(ballot_title: str) -> str:
    """…委员选举票 → …委员选举唱票记录表; …重新投票选票 → …重新投票唱票记录表."""
    base = ballot_title
    for ending in ("选票", "票"):
        if base.endswith(ending):
            base = base[: -len(ending)]
            break
    return f"{base}唱票记录表"


def render_tally_content(content: BallotContent, *, voters: int, meta: PdfMeta) -> bytes:
    font = document_font(meta)
    title = tally_title(content.title)
    font.require([title, *(n for s in content.sections for n in (s.post_name, *s.names))])
    buffer = io.BytesIO()
    c = new_canvas(buffer, meta, title, numbered=True, running=True)
    flow = Flow(c, font)
    per_line = _per_line(flow.width)
    # A candidate's two grids must fit on one page; beyond that, counting continues overleaf.
    most_lines = int((flow.top - flow.bottom - 60 * MM) // (2 * SQUARE))
    wanted = max(1, -(-voters // VOTES_PER_SQUARE))
    squares = min(wanted, most_lines * per_line)
    for i, section in enumerate(content.sections):
        if i:
            flow.new_page()
        flow.title(title)
        flow.paragraph(f"轮次：{content.round_id}　　职位：{section.post_name}"
                       f"（应选{section.seats}名）", SIZE_4, bold=True, align="center")
        flow.paragraph("发出选票______张　收回选票______张　本栏有效______张　本栏无效______张",
                       SIZE_S4)
        overleaf = "；方格不够时在背面续记" if squares < wanted else ""
        flow.paragraph(f"每一方格记一个“正”字（5票），每行可记"
                       f"{per_line * VOTES_PER_SQUARE}票{overleaf}。", SIZE_5)
        flow.space(2 * MM)
        _section_table(flow, section, squares)
        flow.signatures(["唱票人", "计票人", "监票人", "总监票人"])
        flow.space(6 * MM)
        flow.paragraph("　　　　年　　月　　日", SIZE_S4, align="right")
    flow.finish()
    c.save()
    return buffer.getvalue()


def _per_line(table_width: float) -> int:
    return max(1, int((table_width * GRID_SHARE - 2 * MM) // SQUARE))


def _section_table(flow: Flow, section: Section, squares: int) -> None:
    per_line = _per_line(flow.width)
    lines = -(-squares // per_line)
    font = flow.font.name
    grid_h = lines * SQUARE + 2 * MM
    columns = [
        Column("序号", 0.07), Column("姓名", 0.15), Column("票别", 0.08),
        Column("正字计票", GRID_SHARE), Column("合计", 0.08),
    ]
    rows: list[list[str | Painter]] = []
    heights: list[float] = []
    names = [*section.names, *([""] * _write_in_rows(section))]
    for number, name in enumerate(names, start=1):
        label = name if name else "另选他人："
        rows.append([str(number), label, _stacked(["赞成", "不赞成"], font),
                     _grids(2, squares, per_line), _boxes(2)])
        heights.append(2 * grid_h)
    rows.append(["", "本栏无效", _stacked(["无效"], font), _grids(1, squares, per_line), _boxes(1)])
    heights.append(grid_h)
    signed = Flow.signatures_height(4) + 6 * MM + SIZE_S4 * 2  # signatures and the date
    flow.table(columns, rows, row_heights=heights, size=SIZE_S4, reserve_after=signed)


def _write_in_rows(section: Section) -> int:
    """Blank rows for write-in names: two or three (further names go on the back)."""
    return section.write_in_columns and max(2, min(3, section.write_in_columns))


def _stacked(labels: list[str], font: str) -> Painter:
    def paint(c: Canvas, x: float, bottom: float, w: float, h: float) -> None:
        part = h / len(labels)
        for i, label in enumerate(labels):
            top = bottom + h - i * part
            if i:
                c.line(x, top, x + w, top)
            draw_centred(c, x + w / 2, top - part / 2 - SIZE_5 * 0.35, label,
                         font, SIZE_5)

    return paint


def _grids(parts: int, squares: int, per_line: int) -> Painter:
    def paint(c: Canvas, x: float, bottom: float, w: float, h: float) -> None:
        part = h / parts
        c.saveState()
        c.setLineWidth(RULE_THIN * 0.6)
        for p in range(parts):
            top = bottom + h - p * part
            if p:
                c.setLineWidth(RULE_THIN)
                c.line(x, top, x + w, top)
                c.setLineWidth(RULE_THIN * 0.6)
            for k in range(squares):
                row, col = divmod(k, per_line)
                c.rect(x + 1 * MM + col * SQUARE, top - 1 * MM - (row + 1) * SQUARE,
                       SQUARE, SQUARE, stroke=1, fill=0)
        c.restoreState()

    return paint


def _boxes(parts: int) -> Painter:
    def paint(c: Canvas, x: float, bottom: float, w: float, h: float) -> None:
        part = h / parts
        for p in range(1, parts):
            c.line(x, bottom + p * part, x + w, bottom + p * part)

    return paint
