"""Links, QR codes and printed record URLs carry the address tablets reach: JIPIAO_PUBLIC_URL,
else the LAN address when a page was opened on localhost — never localhost on a hall's LAN."""

from __future__ import annotations

import re
import subprocess
from typing import Any

from fastapi.testclient import TestClient
from meetingkit import Meeting
from starlette.requests import Request

from app import addresses
from app.main import create_app
from app.settings import Settings


def request_to(host: str, port: int | None = 8000) -> Request:
    headers = [(b"host", (host if port is None else f"{host}:{port}").encode())]
    return Request({"type": "http", "scheme": "http", "server": (host, port), "path": "/",
                    "headers": headers, "query_string": b""})


def test_the_public_base(monkeypatch: Any) -> None:
    monkeypatch.setattr(addresses, "lan_address", lambda: "192.168.1.20")
    assert addresses.public_base(request_to("localhost"), None) == "http://192.168.1.20:8000"
    assert addresses.public_base(request_to("127.0.0.1"), None) == "http://192.168.1.20:8000"
    assert addresses.public_base(request_to("10.0.0.5"), None) == "http://10.0.0.5:8000"
    configured = "http://hall.example:8000/"
    assert addresses.public_base(request_to("localhost"), configured) == "http://hall.example:8000"
    monkeypatch.setattr(addresses, "lan_address", lambda: None)  # no LAN at all
    assert addresses.public_base(request_to("localhost"), None) == "http://localhost:8000"


def test_pages_and_the_report_use_the_public_url(database_url: str) -> None:
    settings = Settings(database_url=database_url,  # type: ignore[call-arg]
                        public_url="http://192.168.7.7:8000")
    app = create_app(settings)
    with TestClient(app) as client:
        home = client.get("/").text
        assert '<meta name="jipiao-base" content="http://192.168.7.7:8000">' in home
        m = Meeting.create(client)
        for name in ("王一", "李二", "张三", "刘四"):
            m.candidate(name)
        m.roll(3)
        rid = int(m.open_counting(m.first_round(), issued=3)["id"])
        for _ in range(3):
            m.enter(rid, {"member": {"c01": "yes", "c02": "yes", "c03": "yes"}})
        m.count(rid)
        m.publish(rid)
        pdf = m.call("GET", f"/rounds/{rid}/report.pdf").content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        compact = re.sub(r"\s+", "", text)
        # the organiser's copy, once published, carries the record's address like the public one
        assert "公布的选举记录：http://192.168.7.7:8000/" in compact
        assert "localhost" not in compact and "testserver" not in compact
    app.state.engine.dispose()
