"""姓氏笔画 sort of 100,000 generated names (target ≤ 0.5 s); also the table's load time.

Run: .venv/bin/python bench/sort.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ballots.strokes import lookup, sort_names, stroke_key
from ballots.strokes.table import table_chars

NAMES = 100_000
TARGET_SECONDS = 0.5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "东方"]


def generated_names(count: int, seed: int = 20261123) -> list[tuple[str, str | None]]:
    rng = random.Random(seed)
    # Given-name characters: 3,000 of the fewest-stroke simplified or neutral characters;
    # one name in 200 has a traditional surname (陳/劉/張), which makes a warning.
    given_chars = [c for c in table_chars()[:5000] if lookup(c).form != "t"][:3000]  # type: ignore[union-attr]
    people: list[tuple[str, str | None]] = []
    for i in range(count):
        surname = rng.choice(COMPOUND) if i % 50 == 0 else rng.choice(SURNAMES)
        if i % 200 == 1:
            surname = rng.choice("陳劉張")
        given = "".join(rng.choice(given_chars) for _ in range(rng.choice((1, 2, 2, 2))))
        if i % 97 == 0:
            given = given[:1] + "·" + given  # minority-style separator
        people.append((surname + given, surname if i % 3 == 0 else None))
    return people


def cold_load_seconds() -> tuple[float, float]:
    """In a fresh interpreter: import of ballots.strokes, then the first key (table load)."""
    code = (
        "import time; t0=time.perf_counter(); from ballots.strokes import stroke_key; "
        "t1=time.perf_counter(); stroke_key('王毅'); t2=time.perf_counter(); print(t1-t0, t2-t1)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    imported, loaded = out.stdout.split()
    return float(imported), float(loaded)


def main() -> int:
    imported, load = min(cold_load_seconds() for _ in range(3))
    people = generated_names(NAMES)
    stroke_key("王毅")  # warm: the table is loaded once per process
    runs, cpu = [], []
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = sort_names(people)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    start = time.perf_counter()
    for name, surname in people:
        stroke_key(name, surname)
    keys_only = time.perf_counter() - start
    best = min(runs)
    print(
        f"fresh process: import ballots.strokes {imported * 1000:.1f} ms, "
        f"table load (first key) {load * 1000:.1f} ms"
    )
    print(f"stroke_key x {NAMES:,}: {keys_only:.3f} s")
    print(
        f"sort_names x {NAMES:,}: best {best:.3f} s wall, {min(cpu):.3f} s CPU of {len(runs)} "
        f"(target ≤ {TARGET_SECONDS} s) — {'ok' if best <= TARGET_SECONDS else 'OVER TARGET'}"
    )
    print(f"duplicates reported: {len(result.duplicates)} groups; warnings: {len(result.warnings)}")
    return 0  # a figure to read, not a gate: timings on a shared machine are noisy


if __name__ == "__main__":
    sys.exit(main())
