"""`jipiao audit verify`: re-check every meeting's hash chain, replay it against the stored
state, and (with `--anchor`) prove the log up to a hash copied out of the database."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.audit.replay import ElectionReport, find_anchor, verify_database
from app.db import existing_engine
from app.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="审计日志", description="审计日志工具")
    actions = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = actions.add_parser(
        "verify", help="核验审计日志",
        description="重新计算每场选举审计日志的哈希链，按日志重演并与数据库中的录入、更正、汇总、"
                    "结果和口令逐项比对，报告第一处断链和每一处不符。")
    verify.add_argument("--database-url", help="数据库地址（默认：环境变量 DATABASE_URL）")
    verify.add_argument("--election", type=int, help="只核验这一场选举（编号）")
    verify.add_argument("--anchor", metavar="HASH",
                        help="报告单、公布记录或公开页面上印的审计锚点（哈希值）：证明到此为止的日志未被改写")
    verify.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = (Settings(database_url=args.database_url)  # type: ignore[call-arg]
                    if args.database_url else Settings())
        engine = existing_engine(settings)
        with Session(engine) as session:
            anchored = find_anchor(session=session, anchor=args.anchor) if args.anchor else None
            election = args.election
            if anchored is not None and election is None:
                election = anchored[0]
            reports = verify_database(session=session, election_id=election)
        engine.dispose()
    except (SQLAlchemyError, ValueError) as err:
        print(f"无法读取审计日志：{err}\nCannot read the audit log: {err}", file=sys.stderr)
        return 2
    failed = any(not r.intact for r in reports)
    for r in reports:
        _print(r)
    if not reports:
        print("没有审计记录 (no audit events)")
    if args.anchor:
        failed = _check_anchor(args.anchor, anchored, args.election, reports) or failed
    return 1 if failed else 0


def _print(r: ElectionReport) -> None:
    # A negative chain id is an organisation tree's, named by its root unit (app.units.audit).
    zh, en = ((f"选举 {r.election_id}", f"election {r.election_id}") if r.election_id > 0
              else (f"单位树 {-r.election_id}", f"unit tree {-r.election_id}"))
    if r.chain.broken_at is not None:
        print(f"{zh}：第 {r.chain.broken_at} 条记录处断链——{r.chain.reason} "
              f"({en}: chain broken at event {r.chain.broken_at})")
    for problem in r.problems:
        print(f"{zh}：{problem} ({en}: stored state differs from the log)")
    if r.intact:
        print(f"{zh}：{r.chain.events} 条记录，哈希链完整，与数据库一致")


def _check_anchor(anchor: str, anchored: tuple[int, int] | None, election: int | None,
                  reports: list[ElectionReport]) -> bool:
    """True when the anchor does not prove the log (printed why)."""
    if anchored is None or (election is not None and anchored[0] != election):
        print(f"锚点 {anchor} 不在审计日志中：锚点之前的日志已被改写或删除 "
              "(anchor not found: the log up to it was rewritten)")
        return True
    eid, seq = anchored
    chain = next(r.chain for r in reports if r.election_id == eid)
    if chain.broken_at is not None and chain.broken_at <= seq:
        print(f"选举 {eid}：锚点（第 {seq} 条）之前的日志已断链 (broken before the anchor)")
        return True
    print(f"选举 {eid}：到锚点（第 {seq} 条）为止的日志完整 "
          f"(election {eid}: the log up to the anchor, event {seq}, is intact)")
    return False
