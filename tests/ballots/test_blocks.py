"""`paginate`: every block exactly once, in order, whatever the page breaks (issue: a row of
candidates after each （续） heading was lost)."""

from __future__ import annotations

from hypothesis import given, reject
from hypothesis import strategies as st

from ballots.blocks import Block, paginate


def noop(*_args: object) -> None:
    return None


@given(st.lists(st.tuples(st.integers(1, 40), st.booleans(), st.booleans()), max_size=60),
       st.integers(60, 200))
def test_every_block_once_in_order(specs: list[tuple[int, bool, bool]], room: int) -> None:
    resume = Block(10, noop)
    blocks = [Block(h, noop, keep_with_next=keep, resume=resume if cont else None)
              for h, keep, cont in specs]
    try:
        pages = paginate(blocks, room)
    except ValueError:  # a kept group taller than a page: the caller picks a larger sheet
        reject()
    drawn = [b for page in pages for b in page if b is not resume]
    assert [id(b) for b in drawn] == [id(b) for b in blocks]
    assert all(sum(b.height for b in page) <= room for page in pages)


def test_the_block_after_a_continued_heading_is_kept() -> None:
    resume = Block(5, noop)
    rows = [Block(30, noop, resume=resume) for _ in range(7)]
    pages = paginate(rows, 100)
    assert sum(b is not resume for page in pages for b in page) == 7
    assert all(page[0] is resume for page in pages[1:])
