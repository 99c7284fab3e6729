"""Where a worker's time goes, for the benches (bench/county.py): on only when
`JIPIAO_TIMING_DIR` is set, and then each worker process writes `<dir>/<pid>.tsv`, one line
per event, with wall-clock times so the bench can keep those of one run:

    request  <end>  <seconds>  <METHOD> <route kind>   (from the app being called to the
                                                       response's last byte handed over)
    lag      <end>  <seconds>                          (a 5 ms tick of the event loop late
                                                       by more than 2 ms)
    gc       <end>  <seconds>  <generation>            (a collection of the cyclic GC)
    <kind>   <end>  <seconds>  [<detail>]              (`note`: a step of the service, e.g.
                                                       the entry writer's batch)
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any, TextIO

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TICK_SECONDS = 0.005
LATE_SECONDS = 0.002
_KINDS = ((re.compile(r"/rounds/\d+/entries$"), "entries"),
          (re.compile(r"/units/\d+/board$"), "board"),
          (re.compile(r"/units/\d+/statistics$"), "statistics"))


def route_kind(path: str) -> str:
    return next((kind for pattern, kind in _KINDS if pattern.search(path)), "other")


class Log:
    """One worker's event file: lines are buffered and written out by the loop's ticker.
    No lock: a GC callback may run in the middle of any `add` (deque appends are atomic)."""

    def __init__(self, folder: Path) -> None:
        self._file: TextIO | None = None
        self._folder = folder
        self._lines: deque[str] = deque()

    def add(self, line: str) -> None:
        self._lines.append(line)

    def flush(self) -> None:
        lines = [self._lines.popleft() for _ in range(len(self._lines))]
        if not lines:
            return
        if self._file is None:
            self._file = (self._folder / f"{os.getpid()}.tsv").open("a", encoding="utf-8")
        self._file.write("".join(lines))
        self._file.flush()


_log: Log | None = None


def note(kind: str, seconds: float, detail: str = "") -> None:
    """Log a step's time, when timing is on (free otherwise)."""
    if _log is not None:
        _log.add(f"{kind}\t{time.time():.6f}\t{seconds:.6f}\t{detail}\n")


def timing_on() -> bool:
    return _log is not None


class Timing:
    """Outermost middleware: times requests, starts the loop ticker and the GC callback."""

    def __init__(self, app: ASGIApp, folder: str) -> None:
        self.app = app
        global _log
        self.log = _log = Log(Path(folder))
        self._ticker: asyncio.Task[None] | None = None
        self._gc_started = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._ticker is None:
            self._ticker = asyncio.get_running_loop().create_task(self._tick())
            gc.callbacks.append(self._on_gc)
        start = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            took = time.perf_counter() - start
            self.log.add(f"request\t{time.time():.6f}\t{took:.6f}\t{scope['method']} "
                         f"{route_kind(scope['path'])}\n")

    async def _tick(self) -> None:
        last_flush = time.monotonic()
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK_SECONDS)
            late = time.perf_counter() - before - TICK_SECONDS
            if late > LATE_SECONDS:
                self.log.add(f"lag\t{time.time():.6f}\t{late:.6f}\n")
            if time.monotonic() - last_flush > 1.0:
                last_flush = time.monotonic()
                self.log.flush()

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            took = time.perf_counter() - self._gc_started
            self.log.add(f"gc\t{time.time():.6f}\t{took:.6f}\t{info['generation']}\n")
