"""Published lists 按姓氏笔画为序 are reproduced exactly (fixtures/published_lists.txt)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ballots.strokes import sort_names

FIXTURE = Path(__file__).parent / "fixtures" / "published_lists.txt"


def published() -> list[tuple[str, list[tuple[str, str | None]]]]:
    lists: list[tuple[str, list[tuple[str, str | None]]]] = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            lists.append((line[3:], []))
        elif line and not line.startswith("#"):
            surname, bar, given = line.partition("|")
            lists[-1][1].append((surname + given, surname if bar else None))
    return lists


@pytest.mark.parametrize(("title", "people"), published(), ids=lambda v: str(v)[:12])
def test_published_list_is_reproduced(title: str, people: list[tuple[str, str | None]]) -> None:
    assert len(people) >= 20, title
    for seed in range(5):
        shuffled = people[:]
        random.Random(seed).shuffle(shuffled)
        order = sort_names(shuffled).order
        assert [shuffled[i] for i in order] == people, title
