"""The meeting service: `create_app(settings)` builds everything; `uvicorn app.main:app` serves it.

Nothing is built at import: `app.main.app` is made on first access (PEP 562), so tests and
tools can call `create_app` with their own settings.
"""

from __future__ import annotations

import gc
import importlib.util
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import configure_mappers
from starlette.types import Receive, Scope, Send

from app import calculator_routes
from app.appraisal import routes as appraisal_routes
from app.audit import routes as audit_routes
from app.db import make_engine
from app.elections import routes as election_routes
from app.entry import routes as entry_routes
from app.entry.writer import EntryWriter
from app.errors import install_error_handlers, responses
from app.guard import FailureCounter, Guard, csp_with_scripts
from app.live import routes as live_routes
from app.live.broadcast import Broadcaster
from app.nomination import routes as nomination_routes
from app.papers import routes as paper_routes
from app.people import routes as people_routes
from app.publish import routes as publish_routes
from app.reading import routes as reading_routes
from app.roll import routes as roll_routes
from app.rounds import routes as round_routes
from app.settings import Settings
from app.timing import Timing
from app.units import routes as unit_routes
from app.vetting import routes as vetting_routes

STATIC = Path(__file__).parent / "static"


class Service(FastAPI):
    """The app, outside every middleware: a live stream's pictures are written with the
    server's own `send` (app/live), not through each layer (issue 12)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        live_routes.keep_server_send(scope, send)
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = Service(
        title="jipiao 计票",
        version="1.0",
        description="两委换届选举计票服务：选举设置、名册与签到、逐张录入、实时计票、公布结果。",
        docs_url=None,
        redoc_url=None,
        # Any route: 400 (duplicate keys), 413 (body too large), 429 (too many failed tokens).
        responses=responses(400, 413, 429, 500, 503),
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.broadcaster = Broadcaster(app.state.engine, settings.live_poll_interval,
                                        settings.live_streams_per_token)
    # A committed batch of ballots is announced at once to the screens watching its round.
    app.state.entry_writer = EntryWriter(app.state.engine,
                                         on_commit=app.state.broadcaster.changed)
    install_error_handlers(app)
    app.add_middleware(Guard, failures=FailureCounter(settings.auth_failure_limit,
                                                      settings.auth_failure_window))
    if settings.timing_dir:
        app.add_middleware(Timing, folder=settings.timing_dir)
    for module in (calculator_routes, election_routes, roll_routes, round_routes, entry_routes,
                   live_routes, publish_routes, audit_routes, paper_routes, people_routes,
                   vetting_routes, nomination_routes, appraisal_routes, unit_routes,
                   reading_routes):
        app.include_router(module.router)
    app.include_router(live_routes.public_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/v1/health", tags=["health"], summary="服务是否在运行（不访问数据库）")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI served from our own static files: the meeting may have no Internet.
        page = get_swagger_ui_html(
            openapi_url="/openapi.json", title="jipiao API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon.svg",
        )
        # Its one inline script (the set-up call) is allowed by its hash, nothing else.
        page.headers["content-security-policy"] = csp_with_scripts(bytes(page.body))
        return page

    # ---- UI (the UI helper's package) -------------------------------------------------
    # The Chinese pages live in app/ui/; their router (which owns "/") is mounted here
    # when app/ui/routes.py exists.
    if importlib.util.find_spec("app.ui.routes") is not None:
        from app.ui.routes import error_page
        from app.ui.routes import router as ui_router

        app.include_router(ui_router)
        app.state.error_page = error_page
        from app.ui.county import router as county_router

        app.include_router(county_router)
    return app


# The cyclic GC's first threshold (Python's default is 700 allocations): a board or
# statistics read builds tens of thousands of short-lived objects, and each young collection
# promotes what is alive at that moment towards the full collections.
GC_YOUNG_THRESHOLD = 10_000


@cache
def _default_app() -> FastAPI:
    """The served app (`uvicorn app.main:app`, once per worker process). Everything built
    at start-up (modules, routes, mappers) lives as long as the process: it is moved out of
    the cyclic GC's reach (gc.freeze), so a full collection walks only what requests left
    behind (bench/county.py measured full collections of 100–170 ms, each one a pause of the
    worker's event loop and of its entry writer)."""
    app = create_app()
    configure_mappers()
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)
    return app


def __getattr__(name: str) -> FastAPI:
    if name == "app":
        return _default_app()
    raise AttributeError(name)
