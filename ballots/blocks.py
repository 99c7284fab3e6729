"""Vertical layout: blocks of known height, split into pages (used by the ballot)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ballots.geometry import GridPlacement
from ballots.text import Canvas

# draw(canvas, left x, top y, width): the block paints itself downwards from `top`.
Draw = Callable[[Canvas, float, float, float], None]
# place(left x, top y, width): where a grid block's frame and mark cells land (ballots.geometry).
Place = Callable[[float, float, float], GridPlacement]


@dataclass(frozen=True, slots=True)
class Block:
    height: float
    draw: Draw
    keep_with_next: bool = False  # a heading stays on the page of what follows it
    resume: Block | None = None  # drawn first when this block opens a page (…（续）)
    place: Place | None = None  # a grid row: its cells, for the reader


def paginate(blocks: Sequence[Block], room: float) -> list[list[Block]]:
    """Greedy page filling; a heading moves to the next page with its first follower.

    Raises ValueError when a single block (with its kept followers) is taller than `room`:
    the caller then chooses a larger sheet.
    """
    pages: list[list[Block]] = [[]]
    used = 0.0
    i = 0
    while i < len(blocks):
        group = [blocks[i]]
        while group[-1].keep_with_next and i + len(group) < len(blocks):
            group.append(blocks[i + len(group)])
        i += len(group)  # before a （续） heading is inserted: it is not one of `blocks`
        height = sum(b.height for b in group)
        resumed = group[0].resume.height if group[0].resume is not None else 0.0
        if height + resumed > room:  # it must fit a page even under its （续） heading
            raise ValueError("block taller than the page")
        if used + height > room and pages[-1]:
            pages.append([])
            used = 0.0
            if group[0].resume is not None:
                group.insert(0, group[0].resume)
                height += group[0].height
        pages[-1].extend(group)
        used += height
    return [page for page in pages if page]
