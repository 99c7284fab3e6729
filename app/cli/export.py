"""`jipiao export RECORD.json -o result.xlsx`: an election's results as a spreadsheet.

A sheet per round (each candidate's 赞成/不赞成/弃权, valid/invalid per post, the checks), the
attendance and ballots by round, and the elected in 姓氏笔画 order; the numbers are those of
`jipiao count` on the same record.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.calculator import count_document
from app.cli.ballot import _produce
from ballots.spreadsheets import write_results


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="导出计票结果 Excel（每轮一张表，出席与当选）")
    p.add_argument("record", help="选举记录 JSON 文件（RECORD.md 格式）")
    p.add_argument("-o", "--output", required=True, help="输出 .xlsx 文件（- 表示标准输出）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    def make(record: Any) -> bytes:
        return write_results(record, count_document(record))

    return _produce(args, make)
