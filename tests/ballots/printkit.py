"""Records to print and poppler helpers for the PDF tests (imported by name: a unique module,
unlike `conftest`, which several test folders have)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import pytest

from ballots.strokes import stroke_key
from counting import count, parse_record, result_to_json

Record = dict[str, Any]


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:  # scripts/install-system.sh installs poppler-utils and zbar-tools
        pytest.fail(f"{tool} is not installed: run `bash scripts/install-system.sh`")
    return path


def run_tool(args: Sequence[str]) -> str:
    done = subprocess.run([need(args[0]), *args[1:]], capture_output=True, check=True,
                          timeout=60)
    return done.stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    """Pages of the PDF as poppler's pdfinfo counts them."""
    done = subprocess.run([need("pdfinfo"), "-"], input=pdf, capture_output=True, check=True,
                          timeout=60)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def name_key(name: str, surname: str | None, single_given_name_first: bool) -> tuple[int, ...]:
    return stroke_key(name, surname, single_given_name_first=single_given_name_first)


def result_of(record: Record) -> dict[str, Any]:
    return result_to_json(count(parse_record(record), name_key))


# Candidates whose 姓氏笔画 order RULES.md §7 fixes: 丁 < 马 < 王 < 文 < 方 < 叶 < 田 < 冯.
IN_STROKE_ORDER = ("丁一", "马力", "王建国", "文明", "方圆", "叶红", "田野", "冯雪")
SHUFFLED = ("田野", "王建国", "冯雪", "丁一", "方圆", "马力", "叶红", "文明")


def party_record(
    *, names: Sequence[str] = SHUFFLED, seats: int = 5, secretary: bool = False,
    rules: dict[str, Any] | None = None, present: int = 55,
) -> Record:
    """A 党支部 record with one empty round r1 (ballots not yet cast)."""
    posts = [{"id": "member", "name": "委员", "seats": seats}]
    if secretary:
        posts.insert(0, {"id": "secretary", "name": "书记", "seats": 1})
    candidates = [
        {"id": f"c{i + 1:02d}", "name": n, "posts": ["member"] + (["secretary"] if secretary
                                                                   and i == 1 else [])}
        for i, n in enumerate(names)
    ]
    return {
        "format": "jipiao.record/1",
        "election": {"id": "xingfu-2026", "title": "中共幸福社区支部委员会换届选举",
                     "body": "party_branch", "rules": rules or {}},
        "posts": posts,
        "candidates": candidates,
        "rounds": [{"id": "r1", "kind": "regular",
                    "attendance": {"entitled": 60, "present": present}, "ballots": []}],
    }


def counted_party_record() -> Record:
    """8 candidates for 5 seats, hand-counted: 王建国 (c02) and 方圆 (c05) tie for the last seat."""
    record = party_record()
    yes = {"c01": 35, "c02": 30, "c03": 40, "c04": 38, "c05": 30, "c06": 45, "c07": 20,
           "c08": 10}
    record["rounds"][0] = {
        "id": "r1", "kind": "regular", "attendance": {"entitled": 60, "present": 55},
        "ballots_issued": 55, "ballots_returned": 55,
        "totals": {"member": {"invalid": 2, "yes": yes, "no": {"c07": 30}}},
    }
    return record


@dataclass(frozen=True, slots=True)
class Word:
    """A word as `pdftotext -bbox` places it: page (from 1), box in points from the top left."""

    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def pdf_words(pdf: bytes) -> list[Word]:
    """Every word of the PDF with its box (poppler groups glyphs set close together)."""
    done = subprocess.run([need("pdftotext"), "-bbox", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)
    root = ElementTree.fromstring(done.stdout.decode("utf-8"))
    words: list[Word] = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            words.append(Word(number, float(w.attrib["xMin"]), float(w.attrib["yMin"]),
                              float(w.attrib["xMax"]), float(w.attrib["yMax"]), w.text or ""))
    return words


def pdf_lines(pdf: bytes) -> list[tuple[int, str]]:
    """(page, text) of each printed line: words on one baseline joined (no spaces)."""
    rows: dict[tuple[int, int], list[Word]] = {}
    for w in pdf_words(pdf):
        rows.setdefault((w.page, round(w.y_max)), []).append(w)
    return [(page, "".join(w.text for w in sorted(ws, key=lambda w: w.x_min)))
            for (page, _), ws in sorted(rows.items())]
