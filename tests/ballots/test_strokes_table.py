"""The shipped stroke table against the official 8105 order and an independent count source.

Fixtures are written by scripts/build_strokes.py (gf8105_order.txt, unihan_counts.txt,
unihan_count_disagreements.tsv, source_disagreements.tsv) except the hand-written
gf8105_order_exceptions.tsv; PROVENANCE.md explains each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ballots.strokes import lookup
from ballots.strokes.table import table_chars

FIXTURES = Path(__file__).parent / "fixtures"


def rows(name: str) -> list[list[str]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def sequence(char: str) -> str:
    entry = lookup(char)
    assert entry is not None, f"{char} U+{ord(char):04X} is not in the table"
    return entry.sequence


@pytest.fixture(scope="module")
def official() -> dict[int, str]:
    return {int(i): c for i, c in rows("gf8105_order.txt")}


def level(index: int) -> int:
    """一级 1–3500, 二级 3501–6500, 三级 6501–8105."""
    return 1 if index <= 3500 else 2 if index <= 6500 else 3


def test_all_8105_characters_are_covered(official: dict[int, str]) -> None:
    assert sorted(official) == list(range(1, 8106))
    missing = [c for c in official.values() if lookup(c) is None]
    assert missing == []


def test_unified_ideographs_are_covered_but_for_the_listed_drops() -> None:
    dropped = {r[0] for r in rows("unihan_count_disagreements.tsv") if r[4] == "dropped"}
    uro = {chr(cp) for cp in range(0x4E00, 0x9FA6)}  # the 20,902 of GF 3003-1999
    known = set(table_chars())
    assert uro - known == dropped
    assert len(uro & known) == 20902 - len(dropped)


def test_official_order_is_non_decreasing_inside_each_level(official: dict[int, str]) -> None:
    exceptions = {(int(r[0]), r[1], r[2]) for r in rows("gf8105_order_exceptions.tsv")}
    found = set()
    for i in range(1, 8105):
        if level(i) != level(i + 1):
            continue
        a, b = sequence(official[i]), sequence(official[i + 1])
        if (len(a), a) > (len(b), b):
            found.add((i, official[i], official[i + 1]))
    assert found == exceptions


def test_every_count_disagreement_with_unihan_is_listed_and_explained() -> None:
    unihan = {c: int(n) for n, chars in rows("unihan_counts.txt") for c in chars}
    outcomes = rows("unihan_count_disagreements.tsv")
    kept = {r[0]: r for r in outcomes if r[4] == "kept"}
    found = {c for c in table_chars() if c in unihan and len(sequence(c)) != unihan[c]}
    assert found == set(kept)
    for char, row in kept.items():
        assert int(row[2]) == len(sequence(char)) and int(row[3]) == unihan[char]
    for row in outcomes:
        assert row[4] in ("kept", "derived", "dropped") and row[5].strip(), row
        if row[4] == "derived":  # bh.txt's count was wrong; the derived sequence agrees
            assert len(sequence(row[0])) == unihan[row[0]] != int(row[2])
    # The check has teeth: the sources' known errors are among the agreeing ones now.
    assert len(sequence("达")) == unihan["达"] == 6


def test_source_disagreements_were_settled_as_listed() -> None:
    table = rows("source_disagreements.tsv")
    assert len(table) == 15
    for char, _cp, cnchar, bh, chosen, why in table:
        assert chosen in (cnchar, bh) and why
        assert sequence(char) == chosen


def test_sequences_are_digits_one_to_five_and_forms_are_marked() -> None:
    for char in table_chars():
        entry = lookup(char)
        assert entry is not None and set(entry.sequence) <= set("12345")
    assert lookup("陳").form == "t" and lookup("陈").form == "s"  # type: ignore[union-attr]
    assert lookup("王").form == "-"  # type: ignore[union-attr]
