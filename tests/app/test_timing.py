"""Bench timing (app/timing.py): off unless JIPIAO_TIMING_DIR is set; on, every request and
every entry-writer batch is logged with its time."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from meetingkit import Meeting

from app import timing
from app.main import create_app
from app.settings import Settings


def test_route_kinds() -> None:
    assert timing.route_kind("/api/v1/elections/3/rounds/7/entries") == "entries"
    assert timing.route_kind("/api/v1/units/1/board") == "board"
    assert timing.route_kind("/api/v1/units/1/statistics") == "statistics"
    assert timing.route_kind("/api/v1/elections/3/rounds/7/entries/k1/correct") == "other"


def test_off_without_a_folder(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timing, "_log", None)
    assert client.get("/api/v1/health").status_code == 200
    assert not timing.timing_on()


def test_requests_and_entry_batches_are_logged(settings: Settings, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timing, "_log", None)
    app = create_app(settings.model_copy(update={"timing_dir": str(tmp_path)}))
    with TestClient(app) as client:
        m = Meeting.create(client)
        for name in ("王一", "李二", "张三", "刘四"):
            m.candidate(name)
        m.roll(1)
        rid = m.open_counting(m.first_round(), issued=1, returned=1)["id"]
        entered = client.post(f"/api/v1/elections/{m.eid}/rounds/{rid}/entries",
                              headers={"Authorization": f"Bearer {m.tokens['teller']}"},
                              json={"entry_id": "b1", "marks": {"member": {}}})
        assert entered.status_code == 201, entered.text
    app.state.engine.dispose()
    assert timing._log is not None
    timing._log.flush()
    lines = [line.split("\t") for path in tmp_path.glob("*.tsv")
             for line in path.read_text().splitlines()]
    kinds = {(line[0], line[3] if len(line) > 3 else "") for line in lines}
    assert ("request", "POST entries") in kinds
    assert ("request", "GET board") not in kinds  # no board was read
    assert ("writer batch", "1") in kinds
    assert all(float(line[2]) >= 0 for line in lines)
