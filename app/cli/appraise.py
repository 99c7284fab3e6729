"""`jipiao appraise RECORD.json`: the 民主测评/信任票 result JSON, or with --explain a
Chinese summary."""

from __future__ import annotations

import argparse
import sys

from app.cli.count import InputError, print_problems, read_json
from counting import RecordError, dumps
from counting.campaign import appraisal_result_to_json, appraise, parse_appraisal_record
from counting.campaign.explain import explain_appraisal


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "appraise",
        help="测评计票：读取民主测评、入户调查、信任票记录，输出结果 JSON",
        description="读取测评记录（docs/appraisal-record.md 格式），按 CAMPAIGN.md §2 计票，"
        "输出结果 JSON。",
    )
    p.add_argument("record", help="测评记录 JSON 文件（- 表示标准输入）")
    p.add_argument("--explain", action="store_true", help="输出可读的中文说明，而不是 JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        record = parse_appraisal_record(read_json(args.record))
    except InputError as exc:
        print(f"错误：{exc.zh}\nerror: {exc.en}", file=sys.stderr)
        return 2
    except RecordError as exc:
        print_problems("测评记录有误 / invalid appraisal record:", exc)
        return 2
    result = appraise(record)
    if args.explain:
        sys.stdout.write(explain_appraisal(record, result))
    else:
        sys.stdout.write(dumps(appraisal_result_to_json(result)))
    return 0
