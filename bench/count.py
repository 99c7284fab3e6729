"""How fast is a count? A 10,000-ballot record against `json.loads` of the same file.

Two records, 3 posts and 20 candidates each, ballot by ballot:
- villagers_committee, 主任 1 / 副主任 1 / 委员 5 (3 / 3 / 14 candidates), section over-votes;
- party_branch in direct mode, 书记 1 / 副书记 2 / 委员 15 on one sheet (2 / 4 / 20
  candidates), which checks 书记须选委员 on every ballot.
Prints the best of several runs of `json.loads` of the file and of
`parse_record` + `count` + `result_to_json` on the loaded data, and their ratio
(target: ≤ 3× json.loads).

Run: .venv/bin/python bench/count.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counting import count, parse_record, result_to_json

BALLOTS = 10_000
RUNS = 5
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英伟芳静磊军丽敏强明华平红波山海文玉东"


def name_key() -> Callable[[str, str | None, bool], tuple[int, ...]]:
    """The 姓氏笔画 key of the CLI when it is there, else code points."""
    try:
        from app.calculator import name_key as strokes

        return strokes
    except ImportError:
        return lambda name, surname, single_first: tuple(map(ord, name))


def people(n: int) -> list[str]:
    return [SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + GIVEN[(i * 3 + 1) % 20] for i in range(n)]


def section(
    rng: random.Random, ids: list[str], seats: int, favourites: list[str]
) -> dict[str, str]:
    """YES for about `seats` candidates (favourites likelier), NO or nothing for the rest."""
    k = seats + (1 if rng.random() < 0.01 else 0) - (1 if rng.random() < 0.1 else 0)
    pool = favourites + ids if rng.random() < 0.8 else ids
    chosen: list[str] = []
    for cid in pool:
        if len(chosen) == k:
            break
        if cid not in chosen and rng.random() < 0.7:
            chosen.append(cid)
    marks = dict.fromkeys(chosen, "yes")
    for cid in ids:
        if cid not in marks and rng.random() < 0.3:
            marks[cid] = "no"
    return marks


def village_record(rng: random.Random) -> dict[str, Any]:
    names = people(20)
    sizes = {"chair": (1, 3), "vice_chair": (1, 3), "member": (5, 14)}
    cands, contests, i = [], {}, 0
    for post, (seats, n) in sizes.items():
        ids = [f"c{j:02}" for j in range(i + 1, i + n + 1)]
        cands += [{"id": c, "name": names[int(c[1:]) - 1], "posts": [post]} for c in ids]
        contests[post] = (seats, ids)
        i += n
    ballots: list[dict[str, Any]] = []
    for _ in range(BALLOTS):
        if rng.random() < 0.01:
            ballots.append({"void": True})
            continue
        b: dict[str, Any] = {
            "marks": {p: section(rng, ids, s, ids[: s + 1]) for p, (s, ids) in contests.items()}
        }
        if rng.random() < 0.01:
            b["write_ins"] = {"member": [{"name": "方小红", "mark": "yes"}]}
        ballots.append(b)
    return {
        "format": "jipiao.record/1",
        "election": {"title": "基准：村民委员会选举", "body": "villagers_committee", "rules": {}},
        "posts": [{"id": p, "name": p, "seats": s} for p, (s, _) in contests.items()],
        "candidates": cands,
        "rounds": [
            {
                "id": "r1",
                "kind": "regular",
                "attendance": {"registered": 12_000},
                "ballots_issued": BALLOTS,
                "ballots_returned": BALLOTS,
                "ballots": ballots,
            }
        ],
    }


def party_record(rng: random.Random) -> dict[str, Any]:
    names = people(20)
    ids = [f"c{j:02}" for j in range(1, 21)]
    stands = {c: ["member"] for c in ids}
    for c in ids[:2]:
        stands[c].insert(0, "secretary")
    for c in ids[2:6]:
        stands[c].insert(0, "deputy_secretary")
    ballots: list[dict[str, Any]] = []
    for _ in range(BALLOTS):
        if rng.random() < 0.01:
            ballots.append({"void": True})
            continue
        member = section(rng, ids, 15, ids[:16])
        secretary = ids[0] if rng.random() < 0.7 else ids[1]
        deputies = [ids[2], ids[3]] if rng.random() < 0.6 else rng.sample(ids[2:6], 2)
        for c in (secretary, *deputies):  # 书记须选委员: most voters follow the instructions
            if rng.random() < 0.995:
                member[c] = "yes"
        ballots.append(
            {
                "marks": {
                    "secretary": {secretary: "yes"},
                    "deputy_secretary": dict.fromkeys(deputies, "yes"),
                    "member": member,
                }
            }
        )
    return {
        "format": "jipiao.record/1",
        "election": {
            "title": "基准：党支部委员会换届选举",
            "body": "party_branch",
            "rules": {"secretary_mode": "direct"},
        },
        "posts": [
            {"id": "secretary", "name": "书记", "seats": 1},
            {"id": "deputy_secretary", "name": "副书记", "seats": 2},
            {"id": "member", "name": "委员", "seats": 15},
        ],
        "candidates": [{"id": c, "name": names[i], "posts": stands[c]} for i, c in enumerate(ids)],
        "rounds": [
            {
                "id": "r1",
                "kind": "regular",
                "attendance": {"entitled": 10_500, "excluded": 100, "present": BALLOTS},
                "ballots_issued": BALLOTS,
                "ballots_returned": BALLOTS,
                "ballots": ballots,
            }
        ],
    }


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(label: str, doc: dict[str, Any]) -> None:
    key = name_key()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
        path = f.name
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
        result = result_to_json(count(parse_record(data), key))
        assert result["rounds"][0]["status"] == "counted", result["rounds"][0]["checks"]
        t_json = best(lambda: json.loads(text))
        t_count = best(lambda: result_to_json(count(parse_record(data), key)))
    finally:
        os.unlink(path)
    ratio = t_count / t_json
    elected = {p: len(v) for p, v in result["outcome"]["elected"].items()}
    print(
        f"{label}: {BALLOTS} ballots, {len(doc['posts'])} posts, "
        f"{len(doc['candidates'])} candidates, file {len(text.encode()) / 1e6:.1f} MB, "
        f"elected {elected}"
    )
    print(f"  json.loads of the file               {t_json * 1000:8.1f} ms")
    print(f"  parse_record + count + result_to_json {t_count * 1000:7.1f} ms")
    verdict = "within the target" if ratio <= 3 else "OVER the target"
    print(f"  ratio                                 {ratio:7.2f}×  (target ≤ 3×: {verdict})")


def main() -> int:
    rng = random.Random(2026)
    print(f"best of {RUNS} runs, Python {sys.version.split()[0]}")
    bench("villagers_committee (separate sections)", village_record(rng))
    bench("party_branch direct mode (书记须选委员)", party_record(rng))
    return 0


if __name__ == "__main__":
    sys.exit(main())
