"""The pages of one paper ballot. A ballot longer than one page is scanned or photographed
page after page: the round's sheets, in the order they were kept, are cut into papers
before each page 1 (and after a whole ballot); a paper is confirmed as one entry only when
its sheets are pages 1…n in order. A sheet with no page read (not read yet, refused, not
found) ends a paper. The papers depend only on what was read, never on what the clerks did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paper:
    sheets: tuple[int, ...]  # sheet ids, in the order kept
    pages: tuple[int, ...]
    count: int  # pages of the round's ballot
    code: str | None  # None: complete
    zh: str


def papers(rows: Sequence[tuple[int, str, int | None]], count: int) -> dict[int, Paper]:
    """Each sheet (id, state, page read) → the paper it is a page of; `rows` in the order
    kept, `count` the pages of the round's ballot."""
    found: dict[int, Paper] = {}
    run: list[tuple[int, int]] = []

    def close(after: tuple[int, str, int | None] | None) -> None:
        if run:
            paper = _judge(run, count, waiting=after is None or after[1] == "unread")
            found.update((sid, paper) for sid, _ in run)
        run.clear()

    for row in rows:
        sid, _, page = row
        if page is None:
            close(row)
            continue
        if run and (page == 1 or len(run) == count):
            close(row)
        run.append((sid, page))
    close(None)
    return found


def _judge(run: list[tuple[int, int]], count: int, *, waiting: bool) -> Paper:
    sheets, pages = tuple(s for s, _ in run), tuple(p for _, p in run)
    listed = "、".join(f"第{p}页" for p in pages)
    if pages == tuple(range(1, count + 1)):
        return Paper(sheets, pages, count, None,
                     "一张选票" if count == 1 else f"同一张选票的第1–{count}页")
    if len(set(pages)) < len(pages):
        return Paper(sheets, pages, count, "page_twice",
                     f"同一张选票的页面重复（{listed}，共{count}页），不能作为一张选票确认，"
                     "请按纸质选票手工录入")
    if pages == tuple(range(1, len(pages) + 1)):
        if waiting:
            return Paper(sheets, pages, count, "pages_waiting",
                         f"已有{listed}（共{count}页），等待后续页面")
        return Paper(sheets, pages, count, "pages_incomplete",
                     f"这张选票只有{listed}，缺少其余页面（共{count}页），不能作为一张选票确认，"
                     "请按纸质选票手工录入")
    return Paper(sheets, pages, count, "pages_out_of_order",
                 f"页面顺序不对（{listed}，共{count}页），不能作为一张选票确认，"
                 "请按纸质选票手工录入")
