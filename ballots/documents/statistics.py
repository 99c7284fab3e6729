"""The 换届 statistics on paper (CAMPAIGN.md §4): the county summary, the 民政 roster of the
elected and the weekly progress report, each a title, paragraphs and ruled tables.

    render_statistics(title, paragraphs, tables, *, options) -> bytes

Plain data in (text and `ballots.spreadsheets.Table`), PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence

from ballots.documents.forms import FormOptions, _end, _sign_off, _start
from ballots.flow import Column
from ballots.layout import MM, SIZE_4, SIZE_S5
from ballots.spreadsheets import Ratio, Table, TableCell


def cell_text(value: TableCell) -> str:
    """A cell as printed: a ratio with one decimal, rounded half up from the exact fraction."""
    if value is None:
        return ""
    if isinstance(value, Ratio):
        if value.whole == 0:
            return "—"
        scale = 1000 if value.percent else 10
        tenths = (2 * scale * value.part + value.whole) // (2 * value.whole)
        return f"{tenths // 10}.{tenths % 10}" + ("%" if value.percent else "")
    return str(value)


def render_statistics(title: str, paragraphs: Sequence[str], tables: Sequence[Table], *,
                      options: FormOptions) -> bytes:
    texts = [*paragraphs, *(t.title for t in tables),
             *(h for t in tables for h in t.header),
             *(cell_text(v) for t in tables for row in t.rows for v in row)]
    buffer, flow = _start(options, title, texts)
    for text in paragraphs:
        flow.paragraph(text, SIZE_4, indent=0)
        flow.space(2 * MM)
    for table in tables:
        flow.ensure(20 * MM)
        flow.paragraph(table.title, SIZE_4, bold=True)
        flow.space(1 * MM)
        # a share per column: its longest cell, a wrapped header taking two lines
        widths = [max(3, (len(h) + 1) // 2 + 1,
                      *(len(cell_text(r[i])) + 1 for r in table.rows))
                  for i, h in enumerate(table.header)]
        columns = [Column(h, min(w, 14), "left" if i == 0 else "center")
                   for i, (h, w) in enumerate(zip(table.header, widths, strict=True))]
        rows = [[cell_text(v) for v in row] for row in table.rows]
        flow.table(columns, rows or [[""] * len(columns)], size=SIZE_S5, min_row=7 * MM)
    _sign_off(flow, options)
    return _end(buffer, flow)
