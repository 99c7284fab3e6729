"""当选公告: the elected by post in 姓氏笔画 order (RULES.md §6.5), the 公示 period, a contact.

The 公示 period counts working days (Monday to Friday; public holidays are not known here,
so the end date can be moved with `AnnouncementOptions.publicity_end`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ballots.documents.result_view import bad_result, get_field, names_in_stroke_order
from ballots.errors import DocumentError
from ballots.flow import Flow
from ballots.layout import MM, SIZE_3, SIZE_4
from ballots.pdf import PdfMeta, document_font, new_canvas
from counting import parse_record


@dataclass(frozen=True, slots=True)
class AnnouncementOptions:
    organisation: str | None = None  # who announces, signed at the bottom
    announced_on: date | None = None  # the first day of the 公示 period
    publicity_working_days: int = 5
    publicity_end: date | None = None  # overrides the computed end (holidays)
    contact: str | None = None  # e.g. "街道党工委组织办，电话 0571-12345678"
    meta: PdfMeta = field(default_factory=PdfMeta)


def working_days_end(start: date, days: int) -> date:
    """The last day of a period of `days` working days (Mon–Fri) beginning on `start`."""
    day, left = start, days
    while True:
        if day.weekday() < 5:
            left -= 1
            if left <= 0:
                return day
        day += timedelta(days=1)


def render_announcement(
    record: Mapping[str, object],
    result: Mapping[str, object],
    *,
    options: AnnouncementOptions = AnnouncementOptions(),
) -> bytes:
    parsed = parse_record(record)
    outcome = get_field(result, "outcome", "")
    status = get_field(outcome, "status", "/outcome")
    if status != "complete":
        raise DocumentError(
            "outcome_incomplete",
            "选举尚未结束（还需再次投票或选举无效），不能印制当选公告",
            "the election is not complete (another round is needed or it is not valid): "
            "no announcement can be printed",
        )
    elected = get_field(outcome, "elected", "/outcome")
    vacant = outcome.get("vacant") or {}
    if not isinstance(elected, Mapping) or not isinstance(vacant, Mapping):
        raise bad_result("/outcome/elected")
    font = document_font(options.meta)
    title = f"{parsed.title or '选举'}当选公告"
    by_post = [(p, names_in_stroke_order(parsed, elected.get(p.id) or []))
               for p in parsed.posts]
    font.require([title, options.organisation or "", options.contact or "",
                  *(n for _, names in by_post for n in names)])
    buffer = io.BytesIO()
    c = new_canvas(buffer, options.meta, title, numbered=True)
    flow = Flow(c, font, margin=25 * MM)
    flow.space(8 * MM)
    flow.title(title)
    flow.space(6 * MM)
    who = parsed.title or "本次选举"
    flow.paragraph(f"　　{who}已经结束。现将当选人员名单公告如下（按姓氏笔画为序）：", SIZE_4)
    flow.space(4 * MM)
    for post, names in by_post:
        seats_left = vacant.get(post.id)
        line = f"　　{post.name}：{'、'.join(names) if names else '无'}"
        if isinstance(seats_left, int) and seats_left > 0:
            line += f"（暂缺{seats_left}名）"
        flow.paragraph(line, SIZE_3, keep=names)  # never 尹/兰芳
        flow.space(2 * MM)
    flow.space(4 * MM)
    flow.paragraph("　　" + _publicity(options), SIZE_4)
    if options.contact:
        flow.paragraph(f"　　联系方式：{options.contact}", SIZE_4)
    flow.space(16 * MM)
    if options.organisation:
        flow.paragraph(options.organisation, SIZE_4, align="right")
    day = options.announced_on
    flow.paragraph(_date_zh(day) if day else "　　　　年　　月　　日",
                   SIZE_4, align="right")
    flow.finish()
    c.save()
    return buffer.getvalue()


def _date_zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _publicity(options: AnnouncementOptions) -> str:
    days = options.publicity_working_days
    span = f"公示期为{days}个工作日"
    start = options.announced_on
    if start is not None:
        end = options.publicity_end or working_days_end(start, days)
        span += f"（{_date_zh(start)}至{_date_zh(end)}）"
    else:
        span += "（自公告之日起）"
    return f"{span}。公示期间，对当选人员有异议的，可以书面或当面向选举工作机构反映。"
