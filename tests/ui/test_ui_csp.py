"""Every page under its Content-Security-Policy in Chromium (issue 12 §5): no inline script
refused, no script error, and each page's data read from its JSON block. The other UI tests
bypass the CSP only because Playwright's `wait_for_function` uses `eval`."""

from __future__ import annotations

from typing import Any

import pytest
from uikit import TABLET, make_meeting, open_round_for_counting

pytestmark = pytest.mark.browser


def test_every_page_runs_under_its_csp(server: str, browser: Any) -> None:
    meeting = make_meeting(server, present=40)
    open_round_for_counting(meeting, returned=40)
    meeting.tokens["signin"] = meeting.call("POST", "/tokens",
                                            json={"role": "signin", "label": "东门"})["token"]
    pages = [(meeting.page(name, role), True) for name, role in (
        ("organiser", "organiser"), ("clerk", "teller"), ("scrutineer", "scrutineer"),
        ("board", "observer"), ("totals", "teller"), ("signin", "signin"))]
    pages += [(f"{server}/", False), (f"{server}/new", False),
              (f"{server}/p/{meeting.eid}", False), (f"{server}/docs", False)]
    for url, has_config in pages:
        page = browser.new_page(viewport=TABLET, bypass_csp=False)
        refused: list[str] = []
        # Any console error fails (a CSP refusal, a missing file, an invalid `pattern`).
        page.on("console", lambda m, out=refused: out.append(m.text)
                if m.type == "error" or "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e, out=refused: out.append(str(e)))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if has_config:
            assert page.evaluate("window.JIPIAO && window.JIPIAO.electionId") == meeting.eid
        if url.endswith("/docs"):
            page.wait_for_selector(".swagger-ui .info")  # Swagger UI ran: its script is allowed
        assert refused == [], (url, refused)
        page.close()
