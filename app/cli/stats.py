"""`jipiao stats --unit ID -o summary.xlsx`: a unit's 换届 report from the database
(CAMPAIGN.md §4): the summary, the roster of the elected (`--report roster`) or the weekly
progress report (`--report weekly`), as xlsx or PDF by the output's suffix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.db import existing_engine
from app.errors import AppError
from app.settings import Settings
from app.timeutil import utcnow
from app.units.reports import REPORTS, report
from app.units.service import get_unit


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="换届统计报表（汇总、当选人员名册、进度周报；xlsx 或 pdf）")
    p.add_argument("--unit", type=int, required=True, help="单位编号（县、乡镇/街道）")
    p.add_argument("--report", choices=REPORTS, default=None,
                   help="报表：summary（默认，或取输出文件名）、roster、weekly")
    p.add_argument("-o", "--output", required=True, help="输出文件：.xlsx 或 .pdf")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "pdf"):
        print("输出文件须以 .xlsx 或 .pdf 结尾 / the output must end in .xlsx or .pdf",
              file=sys.stderr)
        return 2
    name = args.report or (out.stem if out.stem in REPORTS else "summary")
    try:
        engine = existing_engine(Settings())
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    try:
        with Session(engine) as session:
            unit = get_unit(session=session, unit_id=args.unit)
            data = report(session=session, unit=unit, name=name, fmt=fmt,
                          today=utcnow().date())
    except AppError as err:
        print(err.message, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    out.write_bytes(data)
    print(f"已写入 {out}（{unit.name}，{len(data)} 字节）")
    return 0
