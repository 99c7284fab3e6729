"""`jipiao ballot`, `jipiao tally-sheet`, `jipiao report`, `jipiao announcement`: the PDFs.

    jipiao ballot RECORD.json --round r1 --copies 60 -o ballots.pdf
    jipiao ballot RECORD.json --round next --copies 60 -o tiebreak.pdf  # the round asked for
    jipiao tally-sheet RECORD.json --round r1 -o tally.pdf
    jipiao report RECORD.json -o report.pdf --url https://…/record.json
    jipiao announcement RECORD.json -o notice.pdf --organisation … --date 2026-11-23
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.calculator import count_document
from app.cli.count import InputError, read_json
from ballots.content import BallotOptions
from ballots.documents.announcement import AnnouncementOptions, render_announcement
from ballots.documents.ballot import render_ballots, render_next_round_ballots
from ballots.documents.report import ReportOptions, render_election_report, render_report
from ballots.documents.tally_sheet import TallyOptions, render_tally_sheet
from ballots.errors import DocumentError
from ballots.pdf import PdfMeta
from ballots.strokes import StrokeError
from counting import RecordError, candidate_checks, parse_record

NEXT_ROUND = "next"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ballot", help="印制选票 PDF",
                       description="按选举记录印制某一轮的选票（每张相同）。")
    _common(p)
    p.add_argument("--round", required=True, dest="round_id",
                   help=f"轮次编号，如 r1；“{NEXT_ROUND}”表示计票结果要求的下一轮"
                   "（重新投票或另行选举）")
    p.add_argument("--copies", type=int, default=1, help="份数（默认 1）")
    p.add_argument("--title", help="选票标题（默认由选举名称、职位和轮次生成）")
    p.add_argument("--no-qr", action="store_true", help="不印选票模板校验码")
    p.add_argument("--ignore-checks", action="store_true",
                   help="候选人名单未通过差额等检查时仍然印制（默认拒绝）")
    p.set_defaults(func=run_ballot)

    p = sub.add_parser("tally-sheet", help="印制唱票记录表（计票单）PDF")
    _common(p)
    p.add_argument("--round", required=True, dest="round_id", help="轮次编号，如 r1")
    p.add_argument("--voters", type=int, help="按多少票准备正字方格（默认：本轮实到/发出选票数）")
    p.set_defaults(func=run_tally_sheet)

    p = sub.add_parser("report", help="印制选举结果报告单 PDF")
    _common(p)
    p.add_argument("--round", dest="round_id", help="轮次编号（默认：最后一轮）")
    p.add_argument("--all", action="store_true", dest="all_rounds",
                   help="全部轮次印在一份报告单上（首轮、重新投票、另行选举及最终当选名单）")
    p.add_argument("--url", help="选举记录公布的网址（印入二维码）")
    p.add_argument("--organisation", help="单位名称")
    p.add_argument("--date", type=_date, help="会议日期 YYYY-MM-DD")
    p.set_defaults(func=run_report)

    p = sub.add_parser("announcement", help="印制当选公告 PDF")
    _common(p)
    p.add_argument("--organisation", help="公告单位（落款）")
    p.add_argument("--date", type=_date, help="公告日期，即公示期第一天 YYYY-MM-DD")
    p.add_argument("--days", type=int, default=5, help="公示期工作日数（默认 5）")
    p.add_argument("--until", type=_date, help="公示期最后一天（遇节假日时指定）")
    p.add_argument("--contact", help="联系方式，如 “街道党工委组织办，电话 …”")
    p.set_defaults(func=run_announcement)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", help="选举记录 JSON 文件（RECORD.md 格式）")
    p.add_argument("-o", "--output", required=True, help="输出 PDF 文件（- 表示标准输出）")
    p.add_argument("--font",
                   help="中文 TrueType 字体文件（默认：环境变量 JIPIAO_FONT，再找系统字体）")
    p.add_argument("--created", type=datetime.fromisoformat,
                   help="写入 PDF 的创建时间（ISO 格式；默认固定为 2000-01-01，便于比对哈希）")


def _date(text: str) -> date:
    return date.fromisoformat(text)


def _meta(args: argparse.Namespace) -> PdfMeta:
    return PdfMeta(created=args.created, font_path=args.font)


def run_ballot(args: argparse.Namespace) -> int:
    def make(record: Any) -> bytes:
        options = BallotOptions(title=args.title, fingerprint_qr=not args.no_qr, meta=_meta(args))
        if args.round_id == NEXT_ROUND:
            return render_next_round_ballots(record, count_document(record), copies=args.copies,
                                             options=options)
        if not args.ignore_checks:
            _refuse_failed_checks(record, args.round_id)
        return render_ballots(record, args.round_id, copies=args.copies, options=options)

    return _produce(args, make)


def _refuse_failed_checks(record: Any, round_id: str) -> None:
    """RULES.md §2/§3: no ballots for a regular round whose list fails 差额 or women-only."""
    parsed = parse_record(record)
    rnd = next((r for r in parsed.rounds if r.id == round_id), None)
    if rnd is None or rnd.kind != "regular":
        return  # an unknown round is reported by the renderer; tie-breaks have no 差额 rule
    failed = [c for c in candidate_checks(parsed) if not c.ok]
    if failed:
        texts = "；".join(c.text for c in failed)
        codes = ", ".join(c.code for c in failed)
        raise DocumentError(
            "checks_failed",
            f"候选人名单未通过检查，不能印制选票：{texts}（确需印制请加 --ignore-checks）",
            f"the candidate list fails {codes}: no ballots printed (use --ignore-checks to force)",
        )


def run_tally_sheet(args: argparse.Namespace) -> int:
    def make(record: Any) -> bytes:
        options = TallyOptions(voters=args.voters, meta=_meta(args))
        return render_tally_sheet(record, args.round_id, options=options)

    return _produce(args, make)


def run_report(args: argparse.Namespace) -> int:
    def make(record: Any) -> bytes:
        options = ReportOptions(
            organisation=args.organisation, meeting_date=args.date, published_url=args.url,
            record_sha256=_file_sha256(args.record), meta=_meta(args),
        )
        if args.all_rounds:
            return render_election_report(record, count_document(record), options=options)
        return render_report(record, count_document(record), round_id=args.round_id,
                             options=options)

    return _produce(args, make)


def run_announcement(args: argparse.Namespace) -> int:
    def make(record: Any) -> bytes:
        options = AnnouncementOptions(
            organisation=args.organisation, announced_on=args.date,
            publicity_working_days=args.days, publicity_end=args.until, contact=args.contact,
            meta=_meta(args),
        )
        return render_announcement(record, count_document(record), options=options)

    return _produce(args, make)


def _file_sha256(path: str) -> str | None:
    """SHA-256 of the record file as published (None for standard input: hash the JSON)."""
    if path == "-":
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _produce(args: argparse.Namespace, make: Callable[[Any], bytes]) -> int:
    try:
        pdf = make(read_json(args.record))
    except InputError as exc:
        return _fail(exc.zh, exc.en)
    except RecordError as exc:
        lines = [f"{p.pointer or '/'}: {p.zh}" for p in exc.problems]
        lines_en = [f"{p.pointer or '/'}: {p.en}" for p in exc.problems]
        return _fail("选举记录有误：\n  " + "\n  ".join(lines),
                     "invalid record:\n  " + "\n  ".join(lines_en))
    except DocumentError as exc:
        return _fail(f"[{exc.code}] {exc.zh}", exc.en)
    except StrokeError as exc:
        return _fail(f"姓名排序失败：{exc}", f"cannot order names: {exc}")
    try:
        if args.output == "-":
            sys.stdout.buffer.write(pdf)
        else:
            Path(args.output).write_bytes(pdf)
    except OSError as exc:
        return _fail(f"无法写入“{args.output}”：{exc}", f"cannot write {args.output}: {exc}")
    return 0


def _fail(zh: str, en: str) -> int:
    print(f"错误：{zh}\nerror: {en}", file=sys.stderr)
    return 2
