"""Two photos of the same paper ballot (app/reading/duplicates.py), measured on the corpus's
sheets (bench/omr_corpus.py): papers marked alike by different hands must not be flagged as
the same paper; the same paper scanned or photographed again must be.

For each ballot shape, groups of papers share one vote (the same kind of mark in the same
cells, each drawn by its own hand); every pair in a group is a "different paper, same votes"
pair. Each paper is also taken a second time (a tablet photo after a scan, or a second
photo): a "same paper" pair. One group in three holds a single ○ (the hardest: little to
tell two hands apart).

Run: .venv/bin/python bench/omr_duplicates.py [--groups 12] [--size 12] [--seed 13]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from omr_corpus import KINDS, SHAPES, Printer, degrade, hand_mark, to_pixels

from app.reading.duplicates import SAME_PAPER, MarkPrint, likeness, mark_print
from ballots.geometry import BallotGeometry
from scan import read_sheet

Image = np.ndarray
DPI = 200


def photo(image: Image, rng: np.random.Generator) -> Image:
    return degrade(image, angle=rng.uniform(-10, 10), warp=rng.uniform(0.02, 0.06),
                   noise=rng.uniform(3, 8), shadow=rng.uniform(0.5, 1.0),
                   blur=rng.uniform(0.3, 1.4), jpeg=int(rng.integers(60, 90)),
                   seed=int(rng.integers(1 << 30)))


def scan(image: Image, rng: np.random.Generator) -> Image:
    return degrade(image, angle=rng.uniform(-3, 3), warp=rng.uniform(0, 0.004),
                   noise=rng.uniform(1.5, 6), seed=int(rng.integers(1 << 30)))


def printed(image: Image, geometry: BallotGeometry) -> MarkPrint | None:
    read = read_sheet(image, geometry, "bench")
    if read.ballot is None or read.flat is None or read.page is None:
        return None
    return mark_print(read.flat, geometry.pages[read.page - 1], read.to_json())


def flagged(a: MarkPrint | None, b: MarkPrint | None, threshold: float) -> bool:
    return (a is not None and b is not None and a.key == b.key
            and likeness(a.cells, b.cells) >= threshold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=12)
    parser.add_argument("--size", type=int, default=12, help="papers a group")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    printer = Printer()
    kinds = [k for k in KINDS if k != "blank"]
    weights = np.array([KINDS[k][2] for k in kinds])
    tally: Counter[str] = Counter()
    same_scores: list[float] = []
    other_scores: list[float] = []
    for group in range(args.groups):
        rng = np.random.default_rng([args.seed, group])
        shape = list(SHAPES)[group % len(SHAPES)]
        geometry = printer.geometries[shape]
        page = geometry.pages[0]
        if group % 3 == 0:  # one ○
            cell = page.cells[int(rng.integers(len(page.cells)))]
            vote = {(cell.post_id, cell.column): "circle"}
        else:
            vote = {(c.post_id, c.column): str(rng.choice(kinds, p=weights / weights.sum()))
                    for c in page.cells if rng.random() < 0.55}
        firsts, seconds = [], []
        for _ in range(args.size):
            paper = printer.page(shape, DPI).copy()
            for c in page.cells:
                kind = vote.get((c.post_id, c.column))
                if kind is not None:
                    hand_mark(paper, rng, kind, *to_pixels(page, DPI, *c.mark.centre()),
                              DPI / 25.4)
            first = (scan if rng.random() < 0.5 else photo)(paper, rng)
            firsts.append(printed(first, geometry))
            seconds.append(printed(photo(paper, rng), geometry))
        for a, b in zip(firsts, seconds, strict=True):
            tally["same"] += 1
            tally["same_flagged"] += flagged(a, b, SAME_PAPER)
            tally["same_key"] += a is not None and b is not None and a.key == b.key
            if a is not None and b is not None and a.key == b.key:
                same_scores.append(likeness(a.cells, b.cells))
        for a, b in itertools.combinations(firsts + seconds, 2):
            if (a is b) or any(a is f and b is s for f, s in zip(firsts, seconds, strict=True)):
                continue
            tally["other"] += 1
            if a is not None and b is not None and a.key == b.key:
                other_scores.append(likeness(a.cells, b.cells))
            tally["other_flagged"] += flagged(a, b, SAME_PAPER)
    print(f"threshold {SAME_PAPER}: likeness of every inked cell, same inked cells")
    print(f"same paper taken again: {tally['same_flagged']}/{tally['same']} flagged "
          f"({tally['same_key']} with the same inked cells)")
    print(f"different papers, same votes: {tally['other_flagged']}/{tally['other']} pairs "
          f"flagged (false-flag rate {tally['other_flagged'] / max(1, tally['other']):.4%})")
    if same_scores and other_scores:
        print(f"likeness, same paper: min {min(same_scores):.3f} "
              f"p5 {np.percentile(same_scores, 5):.3f}; "
              f"different papers: max {max(other_scores):.3f} "
              f"p99 {np.percentile(other_scores, 99):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
