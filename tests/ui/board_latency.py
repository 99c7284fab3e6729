"""How long the projector board takes to show a ballot once the server has accepted it.

    .venv/bin/python tests/ui/board_latency.py [ballots]

A real server (default settings: the live stream looks for new entries every 0.1 s) and
the board page in headless chromium. The board page itself posts each ballot (as a clerk
would) and notes when the bars change: one clock, no cross-process timing. Prints figures;
asserts nothing (timings belong outside the test suite).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from uikit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECTOR,
    make_meeting,
    open_round_for_counting,
    running_server,
)

MEASURE = """async ([url, token, body]) => {
  const before = window.__changes.length;
  const res = await fetch(url, {method: "POST", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token}});
  const answered = performance.now();
  if (!res.ok) throw new Error(await res.text());
  for (let i = 0; i < 400; i++) {
    const later = window.__changes.slice(before).find(t => t >= answered);
    if (later !== undefined) return later - answered;
    await new Promise(r => setTimeout(r, 5));
  }
  throw new Error("the board did not change within 2 s");
}"""

WATCH = """() => {
  window.__changes = [];
  new MutationObserver(() => window.__changes.push(performance.now()))
    .observe(document.getElementById("posts"), {childList: true, subtree: true});
}"""


def main(ballots: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, \
            running_server(Path(tmp) / "bench.db", live_poll_interval=0.1) as base, \
            sync_playwright() as pw:
        meeting = make_meeting(base)
        rnd = open_round_for_counting(meeting, returned=40)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        board = browser.new_page(viewport=PROJECTOR)
        board.goto(meeting.page("board", "observer"))
        board.wait_for_selector(".bar-row")
        board.wait_for_function(
            "document.getElementById('live-status').textContent.startsWith('实时 ·')")
        board.evaluate(WATCH)
        url = meeting.url(f"/rounds/{rnd['id']}/entries")
        latencies = []
        for i in range(ballots):
            body = {"entry_id": f"bench-{i}",
                    "marks": {"member": {meeting.ids["欧阳丽"]: "yes"}}}
            latencies.append(board.evaluate(MEASURE, [url, meeting.tokens["teller"], body]))
            board.wait_for_timeout(50)
        browser.close()
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"board update after an accepted ballot (SSE, poll 0.1 s), {len(latencies)} ballots:")
    print(f"  median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
          f"max {latencies[-1]:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
