"""Fixtures of the UI tests: one live server (uvicorn on 127.0.0.1, temp SQLite) and one
headless Debian chromium per session; every test makes its own meeting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from uikit import CHROMIUM, CHROMIUM_ARGS, migrate, running_server

from app.main import create_app
from app.settings import Settings

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("ui") / "jipiao.db") as base:
        yield base


class HarnessBrowser:
    """The launched browser, whose pages let the tests wait on JavaScript expressions:
    Playwright evaluates `wait_for_function` predicates with `eval`, which the pages' CSP
    forbids, so pages bypass it unless asked (`bypass_csp=False`: test_ui_csp.py opens every
    page under its CSP)."""

    def __init__(self, launched: Any) -> None:
        self._launched = launched

    def new_page(self, **options: Any) -> Any:
        options.setdefault("bypass_csp", True)
        return self._launched.new_page(**options)

    def new_context(self, **options: Any) -> Any:
        options.setdefault("bypass_csp", True)
        return self._launched.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._launched, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (scripts/install-system.sh installs it)")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield HarnessBrowser(launched)
        launched.close()


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The service in-process (no browser): for the server-rendered pages."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'jipiao.db'}"
    migrate(url)
    app = create_app(Settings(database_url=url))  # type: ignore[call-arg]
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()
