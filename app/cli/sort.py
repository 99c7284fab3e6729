"""`jipiao sort [FILE]`: names in 姓氏笔画 order (RULES.md §7), one a line.

Input: one name a line; `姓|名` gives the surname boundary (欧阳|少东); blank lines and
lines starting with # are skipped. `--explain` prints each name's key next to it.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from ballots.strokes import StrokeError, explain, sort_names


class _InputError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sort",
        help="按姓氏笔画为序排列姓名",
        description="按姓氏笔画为序排列姓名（RULES.md §7）。每行一个姓名，"
        "用“姓|名”标明姓与名的分界（如 欧阳|少东）。",
    )
    p.add_argument("file", nargs="?", default="-", help="姓名文件（省略或 - 表示标准输入）")
    p.add_argument("--explain", action="store_true", help="同时输出每个姓名的排序依据")
    p.add_argument(
        "--full-name",
        action="store_true",
        help="按姓名笔画逐字比较（人大代表名单的做法），不把单名排在双名之前",
    )
    p.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="字=笔顺",
        help="补录笔画数据中没有的字，笔顺用 1–5 表示横竖撇点折，如 𬱖=1213545（可重复）",
    )
    p.set_defaults(func=run)


def _read_lines(path: str) -> list[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"无法读取文件“{path}”：{exc}", f"cannot read {path}: {exc}") from exc
    return text.splitlines()


def _people(lines: list[str]) -> tuple[list[tuple[str, str | None]], list[int]]:
    people: list[tuple[str, str | None]] = []
    line_numbers: list[int] = []
    for number, raw in enumerate(lines, start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line or line.startswith("#"):
            continue
        if line.count("|") > 1:
            raise _InputError(
                f"第{number}行“{line}”有多个“|”：只能用一个“|”分开姓和名",
                f"line {number}: more than one '|' in {line!r}",
            )
        surname, bar, given = line.partition("|")
        if bar and not (surname.strip() and given.strip()):
            raise _InputError(
                f"第{number}行“{line}”：“|”两边须分别是姓和名",
                f"line {number}: {line!r} needs a surname and a given name around '|'",
            )
        people.append(((surname + given).strip(), surname.strip() if bar else None))
        line_numbers.append(number)
    return people, line_numbers


def _overrides(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        char, eq, sequence = unicodedata.normalize("NFKC", item).partition("=")
        if not eq or len(char.strip()) != 1:
            raise _InputError(
                f"补录“{item}”格式不对，应为 字=笔顺，如 𬱖=1213545",
                f"--override {item!r}: expected CHAR=DIGITS, e.g. 𬱖=1213545",
            )
        out[char.strip()] = sequence.strip()
    return out


def run(args: argparse.Namespace) -> int:
    single_first = not args.full_name
    try:
        people, line_numbers = _people(_read_lines(args.file))
        overrides = _overrides(args.override)
        result = sort_names(people, single_given_name_first=single_first, overrides=overrides)
        lines = []
        for i in result.order:
            name, surname = people[i]
            if args.explain:
                lines.append(
                    explain(
                        name, surname, single_given_name_first=single_first, overrides=overrides
                    ).text()
                )
            else:
                lines.append(name)
    except _InputError as exc:
        print(f"错误：{exc.zh}\nerror: {exc.en}", file=sys.stderr)
        return 2
    except StrokeError as exc:
        print(f"错误：{exc.zh}\nerror: {exc.en}", file=sys.stderr)
        return 2
    sys.stdout.write("".join(line + "\n" for line in lines))
    for group in result.duplicates:
        where = "、".join(f"第{line_numbers[i]}行" for i in group)
        print(
            f"提示：{where}的姓名“{people[group[0]][0]}”相同，名单上须加注出生年份或单位以区分。",
            file=sys.stderr,
        )
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    return 0
