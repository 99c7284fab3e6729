"""Synthetic marked sheets for the reader's tests: the records of tests/ballots/printkit, and
the drawing and degrading of bench/omr_corpus.py (the bench's corpus is drawn by the same
code). (Imported by name, like tests/ballots/printkit.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ballots"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "bench"))
from omr_corpus import (
    KINDS,
    Printer,
    degrade,
    draw_marks,
    hand_mark,
    make_sheet,
    printed_page,
    render_page,
    tear_corner,
)
from printkit import counted_party_record, need, party_record, result_of

__all__ = ["KINDS", "Printer", "counted_party_record", "degrade", "draw_marks", "hand_mark",
           "make_sheet", "need", "party_record",
           "printed_page", "render_page", "result_of", "tear_corner"]
