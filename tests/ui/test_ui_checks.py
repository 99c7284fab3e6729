"""The clerk page's instant checks (static/checks.js) say what the counting core says.

Random ballots are judged in the browser and by `counting.judge_ballot`: per section, the
same validity and the same rule code, and the same sentence."""

from __future__ import annotations

import random
from typing import Any

import pytest
from uikit import TABLET, Meeting, make_meeting, make_village, open_round_for_counting

from counting import judge_ballot, parse_record

pytestmark = pytest.mark.browser

MARKS = ("yes", "yes", "no", "abstain", "unreadable")


def random_ballot(rng: random.Random, sheet: dict[str, Any]) -> dict[str, Any]:
    if rng.random() < 0.05:
        return {"marks": {}, "write_ins": {}, "void": True}
    marks: dict[str, dict[str, str]] = {}
    write_ins: dict[str, list[dict[str, str]]] = {}
    for post in sheet["posts"]:
        section = {c["id"]: rng.choice(MARKS) for c in post["candidates"] if rng.random() < 0.7}
        marks[post["id"]] = {k: v for k, v in section.items() if v != "abstain"}
        if rng.random() < 0.3:
            # names printed in this section or another one, and names of nobody on the list
            pool = [c["name"] for p in sheet["posts"] for c in p["candidates"]] + ["赵六", "钱七"]
            write_ins[post["id"]] = [{"name": rng.choice(pool),
                                      "mark": rng.choice(("yes", "no", "none"))}
                                     for _ in range(rng.randint(1, 2))]
    return {"marks": marks, "write_ins": write_ins, "void": False}


def party(server: str) -> tuple[Meeting, set[str | None]]:
    """书记 and 委员 on one sheet, direct mode: 书记须选委员 (RULES.md §2)."""
    return make_meeting(server), {None, "overvote", "secretary_not_member", "void"}


def village(server: str) -> tuple[Meeting, set[str | None]]:
    """主任/副主任/委员, a write-in without a mark counts YES, over-vote voids the sheet."""
    return (make_village(server, rules={"overvote_scope": "sheet"}),
            {None, "overvote", "sheet_overvote", "void"})


def village_after_no(server: str) -> tuple[Meeting, set[str | None]]:
    """另选他人 only after a NO mark in the section (RULES.md §5), one post a person (§3)."""
    return (make_village(server, rules={"writein_requires_no_mark": True}),
            {None, "overvote", "void"})


@pytest.mark.parametrize("make", [party, village, village_after_no])
def test_browser_checks_agree_with_the_counting_core(server: str, browser: Any, make: Any) -> None:
    meeting, expected_codes = make(server)
    rnd = open_round_for_counting(meeting, returned=5, issued=25)
    doc = meeting.call("GET", f"/rounds/{rnd['id']}/record")
    for key in ("ballots_issued", "ballots_returned"):  # judged as an open round
        doc["rounds"][-1].pop(key, None)
    record = parse_record(doc)
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("clerk", "teller"))
    page.wait_for_selector(".cand")
    sheet = page.evaluate("JSON.parse(document.getElementById('sheet-data').textContent)")
    rng = random.Random(20261123)
    ballots = [random_ballot(rng, sheet) for _ in range(400)]
    in_browser = page.evaluate(
        "([sheet, ballots]) => ballots.map(b => JipiaoChecks.judge(sheet, b))", [sheet, ballots])
    codes_seen = set()
    for ballot, mine in zip(ballots, in_browser, strict=True):
        core = judge_ballot(record, f"r{rnd['number']}", {k: v for k, v in ballot.items()
                                                           if k != "void" or v})
        for post, verdict in core.sections.items():
            got = mine["sections"][post]
            assert (got["valid"], got["code"], got["text"]) == (
                verdict.valid, verdict.code, verdict.text), (ballot, post)
            codes_seen.add(verdict.code)
    # The sample reaches every rule the page warns about.
    assert expected_codes <= codes_seen
    page.close()
