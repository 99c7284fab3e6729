"""`jipiao audit verify`: re-check every meeting's hash chain and name the first broken link."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.audit.service import verify_all
from app.db import make_engine
from app.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="审计日志", description="审计日志工具")
    actions = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="核验审计日志的哈希链",
                                description="重新计算每场选举审计日志的哈希链，报告第一处断链。")
    verify.add_argument("--database-url", help="数据库地址（默认：环境变量 DATABASE_URL）")
    verify.add_argument("--election", type=int, help="只核验这一场选举（编号）")
    verify.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = (Settings(database_url=args.database_url)  # type: ignore[call-arg]
                    if args.database_url else Settings())
        engine = make_engine(settings)
        with Session(engine) as session:
            reports = verify_all(session=session)
        engine.dispose()
    except (SQLAlchemyError, ValueError) as err:
        print(f"无法读取审计日志：{err}\nCannot read the audit log: {err}", file=sys.stderr)
        return 2
    if args.election is not None:
        reports = [r for r in reports if r.election_id == args.election]
    broken = [r for r in reports if r.broken_at is not None]
    for r in reports:
        if r.broken_at is None:
            print(f"选举 {r.election_id}：{r.events} 条记录，哈希链完整")
        else:
            print(f"选举 {r.election_id}：第 {r.broken_at} 条记录处断链——{r.reason} "
                  f"(election {r.election_id}: chain broken at event {r.broken_at})")
    if not reports:
        print("没有审计记录 (no audit events)")
    return 1 if broken else 0
