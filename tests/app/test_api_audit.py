"""The hash-chained audit log and `jipiao audit verify`: a changed, removed or reordered event
is found, and the first broken link is named."""

from __future__ import annotations

import argparse

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import delete, update
from sqlmodel import Session

from app.audit.models import AuditEvent
from app.cli.audit import register, run
from app.settings import Settings


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
