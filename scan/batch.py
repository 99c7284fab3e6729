"""Many sheets read at once: each on its own process (the work is per sheet, and OpenCV's
own threads gain little on images this size)."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult

import cv2

from ballots.geometry import BallotGeometry
from scan.locate import Gray
from scan.sheet import SheetRead, read_sheet

_geometry: BallotGeometry | None = None  # each worker's, set once by _start


def read_sheets(pages: Iterable[tuple[str, Gray]], geometry: BallotGeometry,
                processes: int | None = None) -> Iterator[SheetRead]:
    """Each (source, page image) read against `geometry`, in their order, on `processes`
    processes (default: one per CPU); one process reads them here, in turn."""
    processes = processes or os.cpu_count() or 1
    if processes == 1:
        yield from (read_sheet(image, geometry, source) for source, image in pages)
        return
    # Spawned, not forked: a fork copies OpenCV's thread pool mid-use and the child may hang.
    # Pages are taken here, not by the pool: a file that cannot be read raises here, and
    # at most two pages a process wait in memory.
    with multiprocessing.get_context("spawn").Pool(processes, _start, (geometry,)) as pool:
        waiting: deque[AsyncResult[SheetRead]] = deque()
        for page in pages:
            waiting.append(pool.apply_async(_read, (page,)))
            if len(waiting) >= 2 * processes:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()


def _start(geometry: BallotGeometry) -> None:
    global _geometry
    _geometry = geometry
    cv2.setNumThreads(1)


def _read(page: tuple[str, Gray]) -> SheetRead:
    assert _geometry is not None
    source, image = page
    return read_sheet(image, _geometry, source)
