"""Group commit of ballot entries (`app.entry.writer`): one transaction per batch, yet every
entry is decided exactly as if it came alone, and writers of several processes keep one order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import event, func, select
from sqlmodel import Session

from app.audit.models import AuditHead
from app.audit.service import events, verify_chain
from app.db import make_engine
from app.entry import writer
from app.entry.models import BallotEntry, EntryIn
from app.entry.service import Verdict
from app.entry.writer import EntryRequest, Prejudged, write_entries
from app.errors import AppError
from app.settings import Settings


def counting_round(client: TestClient, returned: int) -> tuple[Meeting, int]:
    m = Meeting.create(client)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(returned)
    rnd = m.open_counting(m.first_round(), issued=returned, returned=returned)
    return m, int(rnd["id"])


def request(m: Meeting, rid: int, entry_id: str, marks: dict[str, str], *,
            role: str = "teller", secret: str | None = None) -> EntryRequest:
    return EntryRequest(election_id=m.eid, round_id=rid,
                        secret=m.tokens[role] if secret is None else secret,
                        data=EntryIn(entry_id=entry_id, marks={"member": marks}))


def codes(outcomes: list[Any]) -> list[Any]:
    return [o.code if isinstance(o, AppError) else (o[0].position, o[1]) for o in outcomes]


def active_entries(client: TestClient, rid: int) -> int:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return int(session.execute(select(func.count()).select_from(BallotEntry).where(
            BallotEntry.round_id == rid, BallotEntry.voided == False)).scalar_one())  # noqa: E712


def test_each_entry_of_a_batch_is_answered_as_if_it_came_alone(client: TestClient) -> None:
    m, rid = counting_round(client, returned=3)
    other, other_rid = counting_round(client, returned=1)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    outcomes = write_entries(engine, [
        request(m, rid, "w-1", {"c01": "yes"}),
        request(m, rid, "w-1", {"c01": "yes"}),               # sent twice: the same answer
        request(m, rid, "w-1", {"c02": "yes"}),               # the id of another ballot
        request(m, rid, "w-2", {"c02": "yes"}, secret="jp_nonsense"),
        request(m, rid, "w-2", {"c02": "yes"}, secret=other.tokens["teller"]),
        request(m, rid, "w-2", {"c02": "yes"}, role="observer"),
        request(m, other_rid, "w-2", {"c02": "yes"}),         # a round of another meeting
        request(m, rid, "w-2", {"c99": "yes"}),               # no such candidate
        request(m, rid, "w-2", {"c01": "yes", "c02": "yes", "c03": "yes", "c04": "yes"}),
        request(m, rid, "w-3", {"c03": "yes"}),
        request(m, rid, "w-4", {"c04": "yes"}),               # more than were returned
    ])
    assert codes(outcomes) == [
        (1, True), (1, False), "entry_id_reused", "unauthorized", "wrong_meeting", "wrong_role",
        "round_not_found", "invalid_ballot", (2, True), (3, True), "too_many_ballots"]
    assert outcomes[8][0].valid is False  # type: ignore[union-attr]
    listed = ok(m.call("GET", f"/rounds/{rid}/entries"))
    assert [e["entry_id"] for e in listed] == ["w-1", "w-2", "w-3"]
    assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 3 == active_entries(client, rid)
    assert ok(other.call("GET", f"/rounds/{other_rid}"))["entered"] == 0


def test_a_batch_meeting_an_entry_already_stored_answers_it_as_stored(
        client: TestClient) -> None:
    m, rid = counting_round(client, returned=3)
    first = m.enter(rid, {"member": {"c01": "yes"}}, entry_id="s-1")
    engine = client.app.state.engine  # type: ignore[attr-defined]
    outcomes = write_entries(engine, [request(m, rid, "s-2", {"c02": "yes"}),
                                      request(m, rid, "s-1", {"c01": "yes"}),
                                      request(m, rid, "s-3", {"c03": "yes"})])
    assert codes(outcomes) == [(2, True), (1, False), (3, True)]
    assert outcomes[1][0].model_dump() == first  # type: ignore[union-attr]
    assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 3 == active_entries(client, rid)


def test_writers_in_two_processes_keep_one_order(client: TestClient, settings: Settings) -> None:
    """Two engines stand for two worker processes, each writing batches at the same time."""
    m, rid = counting_round(client, returned=60)
    engines = [make_engine(settings) for _ in range(2)]
    results: list[list[Any]] = [[], []]

    def clerk(k: int) -> None:
        for start in range(0, 30, 5):
            results[k] += write_entries(engines[k], [
                request(m, rid, f"p{k}-{i}", {f"c0{1 + i % 4}": "yes"})
                for i in range(start, start + 5)])

    threads = [threading.Thread(target=clerk, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for engine in engines:
        engine.dispose()
    positions = sorted(o[0].position for batch in results for o in batch)
    assert positions == list(range(1, 61))
    assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 60 == active_entries(client, rid)
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        report = verify_chain(m.eid, events(session=session, election_id=m.eid),
                              session.get(AuditHead, m.eid))
    assert report.broken_at is None and report.events >= 60


def test_corrections_keep_the_entry_count(client: TestClient) -> None:
    m, rid = counting_round(client, returned=3)
    for k in (1, 2, 3):
        m.enter(rid, {"member": {"c01": "yes"}}, entry_id=f"c-{k}")
    ok(m.call("POST", f"/rounds/{rid}/entries/c-1/correct", "teller",
              json={"reason": "重复录入"}))
    replacement = {"entry_id": "c-2b", "marks": {"member": {"c02": "yes"}}}
    ok(m.call("POST", f"/rounds/{rid}/entries/c-2/correct", "teller",
              json={"reason": "录错", "replacement": replacement}))
    assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 2 == active_entries(client, rid)
    again = m.enter(rid, {"member": {"c03": "yes"}}, entry_id="c-4")
    assert again["position"] == 3
    full = m.enter(rid, {"member": {"c03": "yes"}}, entry_id="c-5", expect=409)
    assert full["code"] == "too_many_ballots"


def between_judging_and_locking(monkeypatch: pytest.MonkeyPatch, change: Callable[[], Any]
                                ) -> None:
    """`change` is made after a batch has judged its ballots and before it locks their rounds
    (as another process's batch, a correction or the scrutineer would make it)."""
    original = writer.prejudge

    def prejudge_then_change(engine: Any, requests: list[EntryRequest]
                             ) -> list[Prejudged | None]:
        judged = original(engine, requests)
        change()
        return judged
    monkeypatch.setattr(writer, "prejudge", prejudge_then_change)


def test_a_correction_before_the_lock_moves_the_positions(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    m, rid = counting_round(client, returned=3)
    for k in (1, 2):
        m.enter(rid, {"member": {"c01": "yes"}}, entry_id=f"x-{k}")
    between_judging_and_locking(monkeypatch, lambda: ok(m.call(
        "POST", f"/rounds/{rid}/entries/x-1/correct", "teller", json={"reason": "重复录入"})))
    outcomes = write_entries(client.app.state.engine,  # type: ignore[attr-defined]
                             [request(m, rid, "x-3", {"c02": "yes"}),
                              request(m, rid, "x-4", {"c03": "yes"})])
    # As read before the correction the round held 2 of 3: x-3 would be 3rd and x-4 refused.
    assert codes(outcomes) == [(2, True), (3, True)]
    assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 3 == active_entries(client, rid)


@pytest.mark.parametrize(("returned", "expected"), [
    (1, [(1, True), "too_many_ballots"]),     # fewer ballots returned than judged against
    (4, ["invalid_state", "invalid_state"]),  # more returned than issued: the round is void
])
def test_corrected_counts_before_the_lock_are_obeyed(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, returned: int,
        expected: list[Any]) -> None:
    m, rid = counting_round(client, returned=3)
    between_judging_and_locking(monkeypatch, lambda: ok(m.call(
        "POST", f"/rounds/{rid}/counts", json={"ballots_returned": returned,
                                               "reason": "点错了"})))
    outcomes = write_entries(client.app.state.engine,  # type: ignore[attr-defined]
                             [request(m, rid, "y-1", {"c01": "yes"}),
                              request(m, rid, "y-2", {"c02": "yes"})])
    assert codes(outcomes) == expected
    assert active_entries(client, rid) == expected.count((1, True))


def test_a_ballot_is_judged_again_when_its_round_moved_before_the_lock(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    m, rid = counting_round(client, returned=3)
    m.enter(rid, {"member": {"c01": "yes"}}, entry_id="j-1")  # the record of r1 is built
    real_judge, real_record = writer.judge, writer.judging_record
    built_under_lock: list[tuple[int, str]] = []  # (round version, record) judged with

    def judge_naming_record(record: Any, round_key: str, ballot: dict[str, Any]) -> Verdict:
        valid, void, sections, _ = real_judge(record, round_key, ballot)
        return valid, void, sections, f"record {id(record)}"

    def record_noting_version(*, session: Any, election: Any, rnd: Any) -> Any:
        record = real_record(session=session, election=election, rnd=rnd)
        built_under_lock.append((rnd.version, f"record {id(record)}"))
        return record
    monkeypatch.setattr(writer, "judge", judge_naming_record)
    monkeypatch.setattr(writer, "judging_record", record_noting_version)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    (calm,) = write_entries(engine, [request(m, rid, "j-2", {"c02": "yes"})])
    assert built_under_lock == []  # nothing moved: judged before the lock only
    version, record = writer.newest_record(engine, rid)  # type: ignore[misc]
    assert calm[0].message == f"record {id(record)}"  # type: ignore[index]
    between_judging_and_locking(monkeypatch, lambda: ok(m.call(
        "POST", f"/rounds/{rid}/entries/j-1/correct", "teller", json={"reason": "录错"})))
    (moved,) = write_entries(engine, [request(m, rid, "j-3", {"c03": "yes"})])
    assert [v for v, _ in built_under_lock] == [version + 1]
    assert moved[0].message == built_under_lock[0][1]  # type: ignore[index]
    assert moved[0].position == 2  # type: ignore[index]


def test_a_token_revoked_in_another_process_is_refused_at_once(
        client: TestClient, settings: Settings) -> None:
    """Engine `here` stands for a worker process that has seen the clerk's token live; the
    token is revoked through another process (the test client's)."""
    m, rid = counting_round(client, returned=3)
    made = ok(m.call("POST", "/tokens", json={"role": "teller", "label": "计票人乙"}), 201)
    here = make_engine(settings)
    try:
        first = write_entries(here, [
            request(m, rid, "r-1", {"c01": "yes"}, secret=made["token"]),
            request(m, rid, "r-2", {"c02": "yes"})])
        ok(m.call("DELETE", f"/tokens/{made['id']}"), 204)
        then = write_entries(here, [
            request(m, rid, "r-3", {"c03": "yes"}, secret=made["token"]),
            request(m, rid, "r-4", {"c03": "yes"})])
    finally:
        here.dispose()
    assert codes(first) == [(1, True), (2, True)]
    assert codes(then) == ["unauthorized", (3, True)]


def test_a_batch_of_known_clerks_asks_the_database_only_to_lock_and_write(
        client: TestClient) -> None:
    """Tokens seen before are checked by the statement that locks the rounds, and the audit
    heads are locked before anything is written: no other read is made."""
    m, rid = counting_round(client, returned=3)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    write_entries(engine, [request(m, rid, "q-1", {"c01": "yes"})])
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))
    event.listen(engine, "before_cursor_execute", note)
    try:
        outcomes = write_entries(engine, [request(m, rid, "q-2", {"c02": "yes"}),
                                          request(m, rid, "q-3", {"c03": "yes"})])
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert codes(outcomes) == [(2, True), (3, True)]
    assert [s for s in statements if not s.startswith("BEGIN")] == [
        "SELECT round.id, round.election_id,", "SELECT audit_head.election_id, audit_head.seq,",
        "INSERT INTO ballot_entry", "UPDATE round SET", "UPDATE audit_head SET",
        "INSERT INTO audit_event"]
