"""`jipiao nominate RECORD.json`: the 两推/海推 result JSON, or with --explain a Chinese summary."""

from __future__ import annotations

import argparse
import sys

from app.calculator import name_key
from app.cli.count import InputError, print_problems, read_json
from ballots.strokes import StrokeError
from counting import RecordError, dumps
from counting.campaign import nominate, nomination_result_to_json, parse_nomination_record
from counting.campaign.explain import explain_nomination


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "nominate",
        help="提名计票：读取两推或海推记录，输出结果 JSON",
        description="读取提名记录（docs/nomination-record.md 格式），按 CAMPAIGN.md §1 计票，"
        "输出结果 JSON。",
    )
    p.add_argument("record", help="提名记录 JSON 文件（- 表示标准输入）")
    p.add_argument("--explain", action="store_true", help="输出可读的中文说明，而不是 JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        record = parse_nomination_record(read_json(args.record))
        result = nominate(record, name_key)
    except InputError as exc:
        print(f"错误：{exc.zh}\nerror: {exc.en}", file=sys.stderr)
        return 2
    except RecordError as exc:
        print_problems("提名记录有误 / invalid nomination record:", exc)
        return 2
    except StrokeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.explain:
        sys.stdout.write(explain_nomination(record, result))
    else:
        sys.stdout.write(dumps(nomination_result_to_json(result)))
    return 0
