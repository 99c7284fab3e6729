"""`jipiao count RECORD.json`: the result JSON, or with --explain a Chinese summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.calculator import name_key
from ballots.strokes import StrokeError
from counting import RecordError, count, dumps, parse_record, result_to_json
from counting.explain import explain


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "count",
        help="计票：读取选举记录，输出结果 JSON",
        description="读取选举记录（RECORD.md 格式），按 RULES.md 计票，输出结果 JSON。",
    )
    p.add_argument("record", help="选举记录 JSON 文件（- 表示标准输入）")
    p.add_argument("--explain", action="store_true", help="输出可读的中文说明，而不是 JSON")
    p.set_defaults(func=run)


def read_json(path: str) -> Any:
    """The JSON document at `path` ("-": standard input); raises `InputError`."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取文件“{path}”：{exc}", f"cannot read {path}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"“{path}”不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}",
            f"{path} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}",
        ) from exc


class InputError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def print_problems(head: str, exc: RecordError) -> None:
    """A refused record on stderr: each problem's JSON pointer, in Chinese and English."""
    print(head, file=sys.stderr)
    for p in exc.problems:
        print(
            f"  {p.pointer or '/'}: {p.zh}\n  {' ' * len(p.pointer or '/')}  {p.en}",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    try:
        record = parse_record(read_json(args.record))
        result = count(record, name_key)
    except InputError as exc:
        print(f"错误：{exc.zh}\nerror: {exc.en}", file=sys.stderr)
        return 2
    except RecordError as exc:
        print_problems("选举记录有误 / invalid record:", exc)
        return 2
    except StrokeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    out = explain(record, result) if args.explain else dumps(result_to_json(result))
    sys.stdout.write(out)
    return 0
