"""Ballot PDF speed: 1,000 ballots of 15 candidates, against plain reportlab drawing the same text;
and the 签到表 of a 2,000-person roll (target ≤ 1 s).

The baseline draws, for every ballot, the same strings (title, heading, names, 说明 lines,
labels) with the same embedded font and the same 2-to-a-page imposition, but no QR code, no
ruled grid and no vector marks. Target: jipiao takes at most 1.5 × the baseline's time.
Run: .venv/bin/python bench/pdf.py
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from ballots.content import BallotContent, BallotOptions, ballot_content, round_contests
from ballots.documents.ballot import choose_layout, render_ballots
from ballots.documents.forms import FormOptions, Person, render_sign_in_sheet
from ballots.fonts import default_font
from ballots.layout import MM, SIZE_4, SIZE_S2, SIZE_S4, Sheet
from ballots.text import wrap
from counting import parse_record

COPIES = 1000
RUNS = 3
NAMES = ("王建国", "李秀英", "张伟", "刘芳", "陈静", "杨磊", "赵军", "黄丽", "周敏", "吴强",
         "徐明", "孙丽", "马超", "朱红", "胡斌")


def record() -> dict[str, object]:
    return {
        "format": "jipiao.record/1",
        "election": {"id": "bench", "title": "中共幸福社区委员会换届选举", "body": "party_branch"},
        "posts": [{"id": "member", "name": "委员", "seats": 11}],
        "candidates": [{"id": f"c{i:02d}", "name": n, "posts": ["member"]}
                       for i, n in enumerate(NAMES)],
        "rounds": [{"id": "r1", "attendance": {"entitled": 300, "present": 280}, "ballots": []}],
    }


def baseline(content: BallotContent, sheet: Sheet) -> bytes:
    """Plain reportlab: every string of the ballot drawn again for every copy, no QR."""
    font = default_font().name
    per_page, cell_w, cell_h = sheet.per_page, sheet.width, sheet.height
    section = content.sections[0]
    lines = [line for item in content.instructions
             for line in wrap(item, font, SIZE_S4, cell_w - 16 * MM)]
    buffer = io.BytesIO()
    c = Canvas(buffer, invariant=1, initialFontName=font)
    origins = sheet.origins()
    for first in range(0, COPIES, per_page):
        for x, y in origins[: min(per_page, COPIES - first)]:
            top = y + cell_h - 15 * MM
            c.setFont(font, SIZE_S2)
            c.drawCentredString(x + cell_w / 2, top, content.title)
            c.setFont(font, SIZE_4)
            c.drawString(x + 8 * MM, top - 10 * MM, f"{section.post_name}（应选{section.seats}名）")
            for i, name in enumerate(section.names):
                row, col = divmod(i, 10)
                c.drawCentredString(x + 30 * MM + col * 17 * MM, top - 20 * MM - row * 26 * MM,
                                    name)
            c.setFont(font, SIZE_S4)
            for i, line in enumerate(lines):
                c.drawString(x + 8 * MM, top - 75 * MM - i * 6 * MM, line)
            c.drawString(x + 25 * MM, y + 10 * MM, "选票模板校验码")
            c.drawString(x + cell_w - 40 * MM, y + 20 * MM, "监票人签章")
        c.showPage()
    c.save()
    return buffer.getvalue()


def timed(make: Callable[[], bytes]) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        out = make()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    rec = record()
    parsed = parse_record(rec)
    kind, contests = round_contests(parsed, "r1")
    content = ballot_content(rec, parsed, "r1", kind, contests, BallotOptions())
    layout = choose_layout(content, default_font().name)
    sheet = layout.sheet
    ours, pdf = timed(lambda: render_ballots(rec, "r1", copies=COPIES))
    base, base_pdf = timed(lambda: baseline(content, sheet))
    pages = -(-COPIES // sheet.per_page) * len(layout.pages)
    print(f"{COPIES} ballots of {len(NAMES)} candidates, {sheet.per_page} to an A4 page, "
          f"{pages} pages (median of {RUNS} runs)")
    print(f"  jipiao render_ballots : {ours:7.3f} s  {pages / ours:9.0f} pages/s  "
          f"{len(pdf) / 1024:7.0f} KiB")
    print(f"  reportlab text, no QR : {base:7.3f} s  {pages / base:9.0f} pages/s  "
          f"{len(base_pdf) / 1024:7.0f} KiB")
    ratio = ours / base
    verdict = "met" if ratio <= 1.5 else "NOT met"
    print(f"  ratio jipiao/baseline : {ratio:.2f}× (target ≤ 1.5×: {verdict})")
    sign_in_sheet()


ROLL = 2000


def roll() -> list[Person]:
    """2,000 distinct names from common surnames and given-name characters, some 预备."""
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅"
    given = "建国华明伟芳秀英军丽强敏静磊杰涛"
    names = [s + a + b for s in surnames for a in given for b in given if a != b][:ROLL]
    return [Person(n, kind="预备党员" if i % 17 == 0 else "正式党员", votes=i % 17 != 0)
            for i, n in enumerate(names)]


def sign_in_sheet() -> None:
    people = roll()
    options = FormOptions(title="中共幸福街道委员会换届选举")
    took, pdf = timed(lambda: render_sign_in_sheet(people, options=options))
    verdict = "met" if took <= 1.0 else "NOT met"
    print(f"签到表 of a {len(people)}-person roll in 姓氏笔画 order (median of {RUNS} runs)")
    print(f"  render_sign_in_sheet  : {took:7.3f} s  {len(pdf) / 1024:7.0f} KiB "
          f"(target ≤ 1 s: {verdict})")


if __name__ == "__main__":
    main()
