"""The hash-chained audit log and `jipiao audit verify`: a changed, removed or reordered event
is found, and the first broken link is named."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from app.audit.models import AuditEvent, AuditHead
from app.audit.service import event_hash
from app.auth.models import Token
from app.cli.audit import register, run
from app.entry.models import BallotEntry
from app.rounds.models import Round
from app.settings import Settings
from app.timeutil import utcnow


def verify(settings: Settings, election_id: int) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                              "--election", str(election_id)])
    return run(args)


def test_audit_verify_names_the_first_broken_link(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m = Meeting.create(client)
    m.candidate("王一")
    m.candidate("李二")
    log = ok(m.call("GET", "/audit", "scrutineer"))
    assert [e["action"] for e in log] == ["election.create", "candidate.add", "candidate.add"]
    assert ok(m.call("GET", "/audit", "teller"), 403)["code"] == "wrong_role"
    assert verify(settings, m.eid) == 0
    assert "哈希链完整" in capsys.readouterr().out

    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(update(AuditEvent).where(
            AuditEvent.election_id == m.eid, AuditEvent.seq == 2).values(
            data={"name": "李二", "posts": ["member"]}))
        session.commit()
    assert verify(settings, m.eid) == 1
    out = capsys.readouterr().out
    assert "第 2 条记录处断链" in out and "已被改动" in out


def test_audit_verify_finds_a_removed_last_event(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m = Meeting.create(client)
    m.candidate("王一")
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.election_id == m.eid,
                                                 AuditEvent.seq == 2))
        session.commit()
    assert verify(settings, m.eid) == 1
    assert "记录被删除" in capsys.readouterr().out


def test_audit_verify_reports_an_unreadable_database(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["audit", "verify", "--database-url", "nonsense://"])
    assert run(args) == 2
    assert "无法读取审计日志" in capsys.readouterr().err


# ---- issue 12 §2: the log replayed against the stored state, and anchored ----------------

def published_meeting(client: TestClient) -> tuple[Meeting, int]:
    """A counted and published round: c01, c02 and c03 elected to 3 seats, c04 not."""
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(3)
    rid = int(m.open_counting(m.first_round(), issued=3)["id"])
    for _ in range(2):
        m.enter(rid, {"member": {"c01": "yes", "c02": "yes", "c03": "yes"}})
    m.enter(rid, {"member": {"c01": "yes", "c02": "yes", "c04": "yes"}})
    m.count(rid)
    m.publish(rid)
    return m, rid


def verify_args(settings: Settings, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return run(parser.parse_args(["audit", "verify", "--database-url", settings.database_url,
                                  *extra]))


def tamper(client: TestClient, *statements: Any) -> None:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        for statement in statements:
            session.execute(statement)
        session.commit()


def test_an_edited_ballot_row_is_found(client: TestClient, settings: Settings,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    m, rid = published_meeting(client)
    assert verify(settings, m.eid) == 0
    assert "与数据库一致" in capsys.readouterr().out
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        entry = session.execute(select(BallotEntry).where(BallotEntry.round_id == rid)
                                .order_by(BallotEntry.sort_key)).scalars().first()
        assert entry is not None
        entry.ballot = {"marks": {"member": {"c01": "yes", "c02": "yes", "c04": "yes"}}}
        session.add(entry)
        session.commit()
    assert verify(settings, m.eid) == 1
    assert "选票内容与日志不符" in capsys.readouterr().out


def test_an_edited_result_and_an_inserted_token_are_found(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m, rid = published_meeting(client)
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        rnd = session.get(Round, rid)
        assert rnd is not None and rnd.result is not None
        rnd.result = {**rnd.result, "outcome": {"elected": {"member": ["c01", "c02", "c04"]}}}
        session.add(rnd)
        session.commit()
    assert verify(settings, m.eid) == 1
    assert "计票结果与日志记录的哈希值不符" in capsys.readouterr().out

    m2, _ = published_meeting(client)
    tamper(client, insert(Token).values(election_id=m2.eid, role="scrutineer", label="后门",
                                        token_hash="f" * 64, revoked=False, created_at=utcnow()))
    assert verify(settings, m2.eid) == 1
    assert "没有签发记录（被插入）" in capsys.readouterr().out
    m3, _ = published_meeting(client)
    tamper(client, update(Token).where(Token.election_id == m3.eid, Token.role == "observer")
           .values(role="organiser"))
    assert verify(settings, m3.eid) == 1
    assert "口令" in capsys.readouterr().out


def test_a_truncated_tail_with_its_head_and_a_deleted_chain_are_found(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m, _rid = published_meeting(client)
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        last = session.execute(select(AuditHead).where(AuditHead.election_id == m.eid)).scalar_one()
        keep = last.seq - 4  # the publish, sign-off, count and the last ballot's event
        kept = session.execute(select(AuditEvent).where(
            AuditEvent.election_id == m.eid, AuditEvent.seq == keep)).scalar_one()
        session.execute(delete(AuditEvent).where(AuditEvent.election_id == m.eid,
                                                 AuditEvent.seq > keep))
        last.seq, last.hash = keep, kept.hash
        session.add(last)
        session.commit()
    assert verify(settings, m.eid) == 1
    out = capsys.readouterr().out
    assert "被删除" in out or "被插入" in out or "不符" in out

    m2, _ = published_meeting(client)
    tamper(client, delete(AuditEvent).where(AuditEvent.election_id == m2.eid),
           delete(AuditHead).where(AuditHead.election_id == m2.eid))
    assert verify(settings, m2.eid) == 1
    assert "整条缺失" in capsys.readouterr().out
    assert verify_args(settings) == 1  # every chain: the deleted one is found too
    capsys.readouterr()


def test_a_rewritten_log_is_caught_by_its_anchor(
        client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    m, rid = published_meeting(client)
    public = ok(client.get(f"/api/v1/public/elections/{m.eid}"))
    anchor = public["rounds"][0]["audit_anchor"]
    log = ok(m.call("GET", "/audit", "scrutineer"))
    assert anchor == next(e["hash"] for e in log if e["action"] == "round.publish")
    record = client.get(f"/api/v1/public/elections/{m.eid}/rounds/{rid}/record.json")
    assert record.headers["x-audit-anchor"] == anchor
    assert anchor in client.get(f"/p/{m.eid}").text
    assert verify_args(settings, "--anchor", anchor) == 0
    assert "到锚点" in capsys.readouterr().out

    # Rewrite an entry and its logged event, then recompute every later hash and the head.
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        entry = session.execute(select(BallotEntry).where(BallotEntry.round_id == rid)
                                .order_by(BallotEntry.sort_key)).scalars().first()
        assert entry is not None
        forged = {"marks": {"member": {"c01": "yes", "c02": "yes", "c04": "yes"}}}
        entry.ballot = forged
        session.add(entry)
        chain = session.execute(select(AuditEvent).where(AuditEvent.election_id == m.eid)
                                .order_by(AuditEvent.seq)).scalars().all()
        prev = chain[0].prev_hash
        for event in chain:
            if event.action == "entry.add" and event.data["entry_id"] == entry.entry_id:
                event.data = {**event.data, "ballot": forged}
            event.prev_hash = prev
            event.hash = event_hash(m.eid, event.seq, event.at, event.actor, event.action,
                                    event.target, event.data, prev)
            prev = event.hash
            session.add(event)
        head = session.get(AuditHead, m.eid)
        assert head is not None
        head.hash = prev
        session.add(head)
        session.commit()
    assert verify(settings, m.eid) == 0  # consistent in itself: only the anchor shows it
    capsys.readouterr()
    assert verify_args(settings, "--anchor", anchor) == 1
    assert "不在审计日志中" in capsys.readouterr().out


def test_the_signed_report_carries_the_chain_head(client: TestClient,
                                                  tmp_path: Any) -> None:
    m, rid = published_meeting(client)
    pdf = client.get(m.url(f"/rounds/{rid}/report.pdf"), headers=m.auth("organiser"))
    assert pdf.status_code == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "")
    anchor = ok(client.get(f"/api/v1/public/elections/{m.eid}"))["rounds"][0]["audit_anchor"]
    assert "审计日志锚点" in text and anchor[:16] in text


def test_audit_verify_of_a_database_that_is_not_there_makes_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Run from another folder, the default sqlite:///data/jipiao.db is not there: a clear
    # refusal, and no empty database left behind.
    missing = tmp_path / "data" / "jipiao.db"
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    assert run(parser.parse_args(["audit", "verify", "--database-url",
                                  f"sqlite:///{missing}"])) == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not missing.parent.exists()
