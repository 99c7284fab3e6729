"""The shipped stroke table (``table.txt``, built by ``scripts/build_strokes.py``).

Each character gets one integer, its *character key*; comparing keys compares characters
by RULES.md §7: stroke count, then the 横竖撇点折 sequence (§7.3), then the structure
左右 < 上下 < 整体, then the code point (§7.4). The table file lists every character in
that order on one line, so a character's key is its rank (times a spacing that leaves
room for the election's override characters); the per-character details load only when
asked for (explanations, overrides).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("table.txt")
SPACING = 1 << 20  # room between two table characters for overriding characters
SEQUENCE = re.compile(r"[1-5]+")
STRUCTURES = ("左右", "上下", "整体")
_STRUCTURE_RANK = {"L": 0, "T": 1, "W": 2}
SOURCES = {
    "A": "cnchar-order 与 bh.txt 一致",
    "B": "bh.txt（GF 3002）",
    "X": "两个来源不一致，已裁决",
    "M": "人工核定",
    "D": "按部件推导",
    "O": "本次选举补录",
}
_HEADER_LINES = 4


@dataclass(frozen=True, slots=True)
class CharStrokes:
    """What the table says about one character."""

    char: str
    sequence: str  # digits 1-5: 横 竖 撇 点 折
    structure: str  # 左右 / 上下 / 整体
    form: str  # "s" simplified form, "t" traditional form, "-" neither
    source: str  # a key of SOURCES

    @property
    def strokes(self) -> int:
        return len(self.sequence)

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"


@cache
def _lines() -> list[str]:
    return TABLE_PATH.read_text(encoding="utf-8").split("\n", _HEADER_LINES + 3)


@cache
def char_keys() -> dict[str, int]:
    """Character -> character key, for every character in the table."""
    ordered = _lines()[_HEADER_LINES]
    return {char: (rank + 1) * SPACING for rank, char in enumerate(ordered)}


_NUL = chr(0)


def as_text(key: int) -> str:
    """A character key as two code points; strings of these compare like the key tuples.

    `sort_names` sorts these strings rather than tuples of integers: same order, faster.
    """
    return chr(key >> 20) + chr(key & (SPACING - 1))


@cache
def char_texts() -> dict[int, str]:
    """Code point -> the character's key as text (see `as_text`): a `str.translate` table.

    Table characters have keys (rank + 1) * SPACING, whose text is chr(rank + 1) + NUL.
    """
    ordered = _lines()[_HEADER_LINES]
    return {ord(char): chr(rank) + _NUL for rank, char in enumerate(ordered, start=1)}


@cache
def traditional_chars() -> frozenset[str]:
    return frozenset(_lines()[_HEADER_LINES + 1])


@cache
def simplified_chars() -> frozenset[str]:
    return frozenset(_lines()[_HEADER_LINES + 2])


@cache
def _rows() -> dict[str, tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}
    for line in _lines()[_HEADER_LINES + 3].splitlines():
        char, sequence, structure, form, source = line.split("\t")
        rows[char] = (sequence, structure, form, source)
    return rows


def full_key(char: str, sequence: str, structure_rank: int) -> tuple[int, str, int, int]:
    """RULES.md §7.2–7.4 for one character, as a tuple (count, sequence, structure, code point).

    Sequences of equal length compare as strings of digits 1-5, i.e. 横 < 竖 < 撇 < 点 < 折.
    """
    return (len(sequence), sequence, structure_rank, ord(char))


@cache
def _sorted_full_keys() -> list[tuple[int, str, int, int]]:
    rows = _rows()
    return [
        full_key(char, rows[char][0], _STRUCTURE_RANK[rows[char][1]])
        for char in _lines()[_HEADER_LINES]
    ]


def override_keys(overrides: Mapping[str, str], structure_rank: int) -> dict[str, int]:
    """Character keys for operator-supplied sequences, placed among the table's characters."""
    ranked = sorted(full_key(c, s, structure_rank) for c, s in overrides.items())
    table = _sorted_full_keys()
    keys: dict[str, int] = {}
    slot, offset = -1, 0
    for key in ranked:
        position = bisect_left(table, key)  # table characters before this one
        offset = offset + 1 if position == slot else 1
        slot = position
        keys[chr(key[3])] = position * SPACING + offset
    return keys


def lookup(char: str) -> CharStrokes | None:
    """The table's entry for ``char``, or None when the table does not know it."""
    row = _rows().get(char)
    if row is None:
        return None
    sequence, structure, form, source = row
    return CharStrokes(char, sequence, STRUCTURES[_STRUCTURE_RANK[structure]], form, source)


def table_chars() -> str:
    """Every character of the table, in 姓氏笔画 order."""
    return _lines()[_HEADER_LINES]
