"""`jipiao read RECORD.json --round r1 FILES... [-o reads.json]`: read marked ballots from
scans (PDF, one page per sheet) and photos (PNG, JPEG, TIFF) — issue 13, docs/ballot-geometry.md.

Prints `{"sheets": [{"source": "file#page", "ballot": {...}, "cells": [...], "flags": [...]}]}`;
a flagged cell or sheet is for a person to confirm, never counted as read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.count import InputError, print_problems, read_json
from ballots.content import BallotOptions
from ballots.documents.ballot import ballot_geometry
from ballots.errors import DocumentError
from ballots.pdf import PdfMeta
from ballots.strokes import StrokeError
from counting import RecordError
from scan import ScanError, read_sheets, sheets


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("read", help="识读扫描或拍照的选票",
                       description="按选举记录识读某一轮选票的扫描件（PDF）或照片（PNG/JPEG/TIFF），"
                       "输出每张选票的识读结果 JSON；存疑之处须由人确认。")
    p.add_argument("record", help="选举记录 JSON 文件（RECORD.md 格式）")
    p.add_argument("--round", required=True, dest="round_id", help="轮次编号，如 r1")
    p.add_argument("files", nargs="+", metavar="FILE", help="扫描件 PDF 或图片")
    p.add_argument("-o", "--output", help="输出 JSON 文件（默认：标准输出）")
    p.add_argument("--jobs", type=_jobs, default=None,
                   help="同时识读的进程数（默认：本机 CPU 核数）")
    p.add_argument("--title", help="印制选票时指定的标题（须与印制时相同）")
    p.add_argument("--font", help="印制选票时用的中文字体文件（须与印制时相同）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        options = BallotOptions(title=args.title, meta=PdfMeta(font_path=args.font))
        geometry = ballot_geometry(read_json(args.record), args.round_id, options=options)
        pages = (page for path in args.files for page in sheets(path))
        reads = [read.to_json() for read in read_sheets(pages, geometry, args.jobs)]
    except InputError as exc:
        return _fail(exc.zh, exc.en)
    except RecordError as exc:
        print_problems("选举记录有误 / invalid record:", exc)
        return 2
    except (DocumentError, ScanError) as exc:
        return _fail(f"[{exc.code}] {exc.zh}", exc.en)
    except StrokeError as exc:
        return _fail(f"姓名排序失败：{exc}", f"cannot order names: {exc}")
    text = json.dumps({"sheets": reads}, ensure_ascii=False, indent=1) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"无法写入“{args.output}”：{exc}", f"cannot write {args.output}: {exc}")
    return 0


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"进程数须为 1–64 的整数，不是“{text}”")
    return int(text)


def _fail(zh: str, en: str) -> int:
    print(f"错误：{zh}\nerror: {en}", file=sys.stderr)
    return 2
