"""`jipiao audit verify`: the chain, replayed and compared with what the database holds.

A chain whose links all hold proves only that the log was not edited row by row. Here the
log is also replayed, event by event, into what the meeting's tables must hold — every
ballot entry and its place, every correction, resolution, set of totals, ballot count,
result and published file, every token, the 资格联审's conditions, sign-offs and
exceptions, the nomination's ballots, meetings, lists and decision, and the appraisal's
settings, 测评表 and totals — and compared with what they do hold. Every election must
have its chain, and every chain its election. An anchor (a hash copied out of the
database: onto the signed 报告单, the published round, the public page) proves the log up
to it was not rewritten with every later hash recomputed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.appraisal.audit import LoggedAppraisal
from app.appraisal.audit import compare as compare_appraisal
from app.appraisal.audit import replay_event as replay_appraisal
from app.audit.models import AuditEvent, AuditHead
from app.audit.service import ChainReport, canonical, events, verify_chain
from app.auth.models import Token
from app.elections.models import Election
from app.entry.models import BallotEntry, Resolution
from app.nomination.audit import LoggedNomination
from app.nomination.audit import compare as compare_nomination
from app.nomination.audit import replay_event as replay_nomination
from app.reading.audit import LoggedSheets
from app.reading.audit import compare as compare_sheets
from app.reading.audit import replay_event as replay_sheets
from app.roll.models import Voter
from app.rounds.models import Round
from app.units.audit import LoggedProgress, compare_tree
from app.units.audit import compare as compare_progress
from app.units.audit import replay_event as replay_progress
from app.vetting.audit import LoggedVetting
from app.vetting.audit import compare as compare_vetting
from app.vetting.audit import replay_event as replay_vetting
from counting import dumps

MAX_PROBLEMS = 20  # per election: the first ones name the tampering well enough


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class _LoggedEntry:
    channel: str
    ballot: str  # canonical JSON
    voided: bool = False
    replaces: str | None = None


@dataclass
class _LoggedRound:
    entries: dict[str, _LoggedEntry] = field(default_factory=dict)
    order: dict[str, list[str]] = field(default_factory=dict)  # channel → active entry ids
    resolutions: dict[int, str] = field(default_factory=dict)
    totals: tuple[str, int] | None = None
    issued: int | None = None
    returned: int | None = None
    result_sha256: str | None = None
    published: tuple[str, str] | None = None


@dataclass
class _LoggedVoter:
    name: str
    note: str | None
    status: str
    excluded: bool = False
    signed_in: bool = False


@dataclass
class _Log:
    rounds: dict[str, _LoggedRound] = field(default_factory=dict)
    tokens: dict[int, dict[str, Any]] = field(default_factory=dict)
    tokens_logged: bool = False
    vetting: LoggedVetting = field(default_factory=LoggedVetting)
    progress: LoggedProgress = field(default_factory=LoggedProgress)
    nomination: LoggedNomination = field(default_factory=LoggedNomination)
    appraisal: LoggedAppraisal = field(default_factory=LoggedAppraisal)
    sheets: LoggedSheets = field(default_factory=LoggedSheets)
    voters: dict[int, _LoggedVoter] = field(default_factory=dict)
    voters_logged: bool = True  # false for a log written before roll events carried ids


def _replay_roll(log: _Log, event: AuditEvent) -> bool:
    """The roll's events (names, corrections, removals, exclusions, sign-ins); False for any
    other event."""
    data, action = event.data, event.action
    voter = (log.voters.get(int(event.target.removeprefix("voter:")))
             if event.target.startswith("voter:") else None)
    if action == "roll.add":
        if "ids" not in data:
            log.voters_logged = False
            return True
        for vid, v in zip(data["ids"], data["voters"], strict=True):
            log.voters[int(vid)] = _LoggedVoter(v["name"], v.get("note"), v["status"])
    elif action == "roll.correct" and voter is not None:
        voter.name, voter.note = data["name"], data.get("note")
    elif action == "roll.remove":
        log.voters.pop(int(event.target.removeprefix("voter:")), None)
    elif action in ("roll.exclude", "roll.include") and voter is not None:
        voter.excluded = action == "roll.exclude"
    elif action in ("roll.sign_in", "roll.sign_out"):
        for vid in data.get("voter_ids", []):
            if int(vid) in log.voters:
                log.voters[int(vid)].signed_in = action == "roll.sign_in"
    else:
        return False
    return True


def _round_key(target: str) -> str:
    return target.removeprefix("round:")


def replay(chain: list[AuditEvent]) -> _Log:
    """What the tables must hold after the logged events."""
    log = _Log()
    for event in chain:
        data, action = event.data, event.action
        if _replay_roll(log, event):
            continue
        if action == "election.create":
            if "voters" in data and "roll" not in data:
                log.voters_logged = False
            for v in data.get("roll", []):
                log.voters[int(v["id"])] = _LoggedVoter(v["name"], v.get("note"), v["status"])
            if "tokens" in data:
                log.tokens_logged = True
                for t in data["tokens"]:
                    log.tokens[int(t["id"])] = {**t, "revoked": False}
            continue
        if action == "token.issue" and "token_hash" in data:
            tid = int(event.target.removeprefix("token:"))
            log.tokens[tid] = {"id": tid, "role": data["role"], "label": data["label"],
                               "token_hash": data["token_hash"], "revoked": False}
            continue
        if action == "token.revoke":
            tid = int(event.target.removeprefix("token:"))
            if tid in log.tokens:
                log.tokens[tid]["revoked"] = True
            continue
        if (replay_vetting(log.vetting, event) or replay_progress(log.progress, event)
                or replay_nomination(log.nomination, event)
                or replay_appraisal(log.appraisal, event) or replay_sheets(log.sheets, event)
                or not event.target.startswith("round:")):
            continue
        rnd = log.rounds.setdefault(_round_key(event.target), _LoggedRound())
        if action in ("entry.add", "entry.replace"):
            entry = _LoggedEntry(data["channel"], canonical(data["ballot"]),
                                 replaces=data.get("replaces"))
            rnd.entries[data["entry_id"]] = entry
            order = rnd.order.setdefault(data["channel"], [])
            old = data.get("replaces")
            if old is not None and old in rnd.entries:
                rnd.entries[old].voided = True
                if old in order:
                    order[order.index(old)] = data["entry_id"]
                    continue
            order.append(data["entry_id"])
        elif action == "entry.void":
            voided = rnd.entries.get(data["entry_id"])
            if voided is not None:
                voided.voided = True
                order = rnd.order.get(voided.channel, [])
                if data["entry_id"] in order:
                    order.remove(data["entry_id"])
        elif action == "entry.resolve":
            rnd.resolutions[int(data["position"])] = canonical(data["ballot"])
        elif action == "round.totals":
            rnd.totals = (canonical(data["totals"]), int(data.get("ballots_void", 0)))
        elif action == "round.issue":
            rnd.issued = int(data["ballots_issued"])
        elif action == "round.return":
            rnd.returned = int(data["ballots_returned"])
            rnd.result_sha256 = data.get("result_sha256", rnd.result_sha256)
        elif action == "round.correct_counts":
            rnd.issued = int(data["ballots_issued"])
            returned = data.get("ballots_returned")
            rnd.returned = None if returned is None else int(returned)
            rnd.result_sha256 = data.get("result_sha256")  # a void round's result, or none
        elif action in ("round.count", "round.decisions"):
            rnd.result_sha256 = data.get("result_sha256", rnd.result_sha256)
        elif action == "round.publish":
            rnd.published = (data["record_sha256"], data["result_sha256"])
    return log


def compare(*, session: Session, election_id: int, log: _Log) -> list[str]:
    """Where the tables differ from the replayed log (Chinese sentences, first ones only)."""
    problems: list[str] = []
    rounds = {r.key: r for r in session.execute(
        select(Round).where(Round.election_id == election_id)).scalars()}
    for key in sorted(set(log.rounds) - set(rounds)):
        problems.append(f"日志中的轮次 {key} 在数据库中不存在（被删除）")
    for key, rnd in sorted(rounds.items()):
        logged = log.rounds.get(key)
        if logged is None:
            problems.append(f"轮次{key}没有任何日志记录（被插入）")
            continue
        problems += _compare_round(session, rnd, logged)
    if log.tokens_logged:
        stored = {t.id: t for t in session.execute(
            select(Token).where(Token.election_id == election_id)).scalars()}
        for tid in sorted(set(stored) | set(log.tokens)):
            token, entry = stored.get(tid), log.tokens.get(tid)
            if token is None:
                problems.append(f"口令{tid}在日志中签发，数据库中却没有（被删除）")
            elif entry is None:
                problems.append(f"口令{tid}（{token.role}）没有签发记录（被插入）")
            elif (token.role, token.label, token.token_hash, bool(token.revoked)) != (
                    entry["role"], entry["label"], entry["token_hash"], entry["revoked"]):
                problems.append(f"口令{tid}与日志不符（角色、名称、哈希或吊销状态被改动）")
    problems += compare_vetting(session=session, election_id=election_id, log=log.vetting)
    problems += compare_progress(session=session, election_id=election_id, log=log.progress)
    problems += compare_nomination(session=session, election_id=election_id,
                                   log=log.nomination)
    problems += compare_appraisal(session=session, election_id=election_id, log=log.appraisal)
    problems += compare_sheets(session=session, election_id=election_id, log=log.sheets)
    if log.voters_logged:
        problems += _compare_roll(session, election_id, log.voters)
    return problems[:MAX_PROBLEMS]


def _compare_roll(session: Session, election_id: int,
                  logged: dict[int, _LoggedVoter]) -> list[str]:
    problems = []
    stored = {v.id: v for v in session.execute(
        select(Voter).where(Voter.election_id == election_id)).scalars()}
    for vid in sorted(set(stored) | set(logged)):
        row, entry = stored.get(vid), logged.get(vid)
        if row is None:
            assert entry is not None
            problems.append(f"名册中的“{entry.name}”在日志中没有删除记录，数据库中却没有（被删除）")
        elif entry is None:
            problems.append(f"名册中的“{row.name}”没有录入记录（被插入）")
        elif (row.name, row.note, row.status) != (entry.name, entry.note, entry.status):
            problems.append(f"名册中的“{row.name}”的姓名、备注或身份与日志不符（被改动）")
        elif (row.exclusion_reason is not None, row.signed_in_at is not None) != (
                entry.excluded, entry.signed_in):
            problems.append(f"名册中的“{row.name}”的签到或不计入应到与日志不符（被改动）")
    return problems


def _compare_round(session: Session, rnd: Round, logged: _LoggedRound) -> list[str]:
    key, problems = rnd.key, []
    rows = list(session.execute(select(BallotEntry).where(BallotEntry.round_id == rnd.id)
                                .order_by(BallotEntry.sort_key, BallotEntry.id)).scalars())
    by_id = {row.id: row.entry_id for row in rows}
    stored_ids = set()
    for row in rows:
        stored_ids.add(row.entry_id)
        entry = logged.entries.get(row.entry_id)
        where = f"轮次 {key} 录入“{row.entry_id}”"
        if entry is None:
            problems.append(f"{where}没有日志记录（被插入）")
        elif canonical(row.ballot) != entry.ballot:
            problems.append(f"{where}的选票内容与日志不符（被改动）")
        elif (row.channel, bool(row.voided), by_id.get(row.replaces_id)) != (
                entry.channel, entry.voided, entry.replaces):
            problems.append(f"{where}的通道、作废或更正关系与日志不符（被改动）")
    for missing in sorted(set(logged.entries) - stored_ids):
        problems.append(f"轮次 {key} 录入“{missing}”在日志中，数据库中却没有（被删除）")
    for channel in sorted({row.channel for row in rows} | set(logged.order)):
        active = [row.entry_id for row in rows if row.channel == channel and not row.voided]
        if active != logged.order.get(channel, []) and not problems:
            problems.append(f"轮次 {key} {channel}通道的选票顺序与日志不符（被改动）")
    resolutions = {r.position: canonical(r.ballot) for r in session.execute(
        select(Resolution).where(Resolution.round_id == rnd.id)).scalars()}
    if resolutions != logged.resolutions:
        problems.append(f"轮次 {key} 监票人的裁定与日志不符")
    totals = (None if rnd.totals is None
              else (canonical(rnd.totals), int(rnd.ballots_void or 0)))
    if totals != logged.totals:
        problems.append(f"轮次 {key} 的汇总票数与日志不符（被改动）")
    if (rnd.ballots_issued, rnd.ballots_returned) != (logged.issued, logged.returned):
        problems.append(f"轮次 {key} 的发出或收回选票数与日志不符（被改动）")
    result_sha = None if rnd.result is None else _sha(dumps(rnd.result))
    if result_sha != logged.result_sha256:
        problems.append(f"轮次 {key} 的计票结果与日志记录的哈希值不符（被改动）")
    if logged.published is not None or rnd.record_sha256 is not None:
        published = (rnd.record_sha256, rnd.result_sha256)
        files = (_sha(rnd.published_record or ""), _sha(rnd.published_result or ""))
        if logged.published is None or published != logged.published or files != published:
            problems.append(f"轮次 {key} 公布的记录或结果与日志记录的哈希值不符（被改动）")
    return problems


@dataclass(frozen=True, slots=True)
class ElectionReport:
    election_id: int
    chain: ChainReport
    problems: list[str]  # where the tables and the replayed log differ
    anchor_seq: int | None = None  # the anchor's place in this chain, when it is in it

    @property
    def intact(self) -> bool:
        return self.chain.broken_at is None and not self.problems


def verify_election(*, session: Session, election_id: int, exists: bool,
                    head: AuditHead | None) -> ElectionReport:
    chain = events(session=session, election_id=election_id)
    report = verify_chain(election_id, chain, head)
    if election_id < 0:  # an organisation tree's chain (app.units.audit)
        if not chain or head is None:
            return ElectionReport(election_id, report, ["单位树的审计日志整条缺失（被删除）"])
        if report.broken_at is not None:
            return ElectionReport(election_id, report, [])
        return ElectionReport(election_id, report, compare_tree(
            session=session, chain_id=election_id, chain=chain))
    if not chain or head is None:
        return ElectionReport(election_id, report, ["这场选举的审计日志整条缺失（被删除）"])
    if not exists:
        return ElectionReport(election_id, report, ["审计日志所属的选举在数据库中不存在（被删除）"])
    if chain[0].action != "election.create":
        return ElectionReport(election_id, report, ["审计日志不是从建立选举开始的"])
    if report.broken_at is not None:
        return ElectionReport(election_id, report, [])
    return ElectionReport(election_id, report,
                          compare(session=session, election_id=election_id, log=replay(chain)))


def verify_database(*, session: Session, election_id: int | None = None) -> list[ElectionReport]:
    """Every election and every chain (or only `election_id`'s), replayed and compared."""
    heads = {h.election_id: h for h in session.execute(select(AuditHead)).scalars()}
    elections = set(session.execute(select(Election.id)).scalars())
    logged = set(session.execute(select(AuditEvent.election_id).distinct()).scalars())
    ids = sorted(elections | set(heads) | logged)
    if election_id is not None:
        ids = [election_id]
    return [verify_election(session=session, election_id=eid, exists=eid in elections,
                            head=heads.get(eid)) for eid in ids]


def find_anchor(*, session: Session, anchor: str) -> tuple[int, int] | None:
    """(election id, seq) of the event whose hash is `anchor`, if the log holds it."""
    row = session.execute(select(AuditEvent.election_id, AuditEvent.seq)
                          .where(AuditEvent.hash == anchor.strip().lower())).first()
    return None if row is None else (int(row[0]), int(row[1]))


def chain_head(*, session: Session, election_id: int) -> tuple[int, str] | None:
    """The election's chain head (seq, hash): the anchor printed on its documents."""
    head = session.get(AuditHead, election_id)
    return None if head is None or head.seq == 0 else (head.seq, head.hash)


def publish_anchor(*, session: Session, election_id: int, round_key: str) -> tuple[int, str] | None:
    """(seq, hash) of the event that published the round: its anchor on the public record."""
    row = session.execute(select(AuditEvent.seq, AuditEvent.hash).where(
        AuditEvent.election_id == election_id, AuditEvent.action == "round.publish",
        AuditEvent.target == f"round:{round_key}").order_by(AuditEvent.seq.desc())  # type: ignore[attr-defined]
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))
