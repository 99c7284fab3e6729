"""Builders for 村/居 committee records (RULES.md §3): 主任 1, 副主任 1, 委员 n."""

from __future__ import annotations

from typing import Any

from recordkit import candidate, name_of, post, record, round_


def committee_people(
    women: tuple[int, ...] = (), chair: int = 2, vice: int = 2, member: int = 5
) -> list[dict[str, Any]]:
    """c01.. stand for 主任, then 副主任, then 委员 (numbers run on); `women` by number."""
    out, i = [], 1
    for pid, n in (("chair", chair), ("vice_chair", vice), ("member", member)):
        for _ in range(n):
            out.append(candidate(f"c{i:02}", name_of(i), [pid], "F" if i in women else "M"))
            i += 1
    return out


def village(
    totals: dict[str, Any],
    *,
    returned: int,
    registered: int = 1000,
    members: int = 3,
    people: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    body: str = "villagers_committee",
    rounds: list[dict[str, Any]] | None = None,
    issued: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One regular round from hand-counted `totals`, then `rounds`."""
    first = round_(
        {"registered": registered}, totals=totals, returned=returned, issued=issued, **extra
    )
    return record(
        body,
        [post("chair", 1), post("vice_chair", 1), post("member", members)],
        people if people is not None else committee_people(),
        [first, *(rounds or [])],
        rules,
    )


def yes(**votes: int) -> dict[str, Any]:
    return {"yes": votes}
