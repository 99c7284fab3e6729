"""The projector's live tally: a Server-Sent Events stream and a one-shot JSON twin."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Engine
from starlette.types import Receive, Scope, Send

from app.deps import ElectionId, Reader, RoundId, SessionDep, StreamReader
from app.elections.service import get_election
from app.errors import Conflict, responses
from app.live.broadcast import Broadcaster, Screen, round_state
from app.live.service import snapshot
from app.rounds.service import get_round

router = APIRouter(prefix="/api/v1/elections/{election_id}/rounds/{round_id}", tags=["live"],
                   responses=responses(400, 401, 403, 404, 422))

SERVER_SEND = "jipiao.server_send"
public_router = APIRouter(prefix="/api/v1/public/elections/{election_id}/rounds/{round_id}",
                          tags=["public"], responses=responses(400, 404, 422))
SSE = {200: {"content": {"text/event-stream": {}},
             "description": "event: tally / data: 与 live.json 相同的对象"}}


@router.get("/live.json", summary="当前计票情况（一次）")
def live_json(election_id: ElectionId, round_id: RoundId, session: SessionDep,
              _actor: Reader) -> dict[str, Any]:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return snapshot(session=session, election=election, rnd=rnd)


class LiveStream(Response):
    """The SSE answer of one screen: headers now, then whatever the round's producer writes
    (broadcast.Screen) until the final picture or until the screen goes."""

    media_type = None  # (set in the headers: the 4xx answers of this route are JSON)

    def __init__(self, broadcaster: Broadcaster, screen: Screen) -> None:
        super().__init__()
        self.raw_headers = [(b"content-type", b"text/event-stream; charset=utf-8"),
                            (b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]
        self.broadcaster, self.screen = broadcaster, screen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": 200,
                        "headers": self.raw_headers})
            # The pictures skip the middleware: every layer has seen the response start, and
            # 500 screens × every picture through each of them cost the clerks (issue 12).
            self.broadcaster.open(self.screen, scope.get(SERVER_SEND, send))
            async with anyio.create_task_group() as group:
                async def gone() -> None:
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    group.cancel_scope.cancel()

                group.start_soon(gone)
                await self.screen.finished.wait()
                await self.screen.drained()
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                group.cancel_scope.cancel()
        finally:
            self.broadcaster.unsubscribe(self.screen)


def keep_server_send(scope: Scope, send: Send) -> None:
    """Called by the app before any middleware: a live stream keeps the server's own `send`."""
    if scope["type"] == "http" and scope["path"].endswith("/live"):
        scope[SERVER_SEND] = send


@router.get("/live", response_class=LiveStream, status_code=200,
            responses={**SSE, **responses(429)},
            summary="大屏实时计票（SSE；可用 ?token= 传口令）")
async def live(election_id: ElectionId, round_id: RoundId, request: Request,
               actor: StreamReader) -> LiveStream:
    # 404 and, over the per-token cap, 429 now, before the answer has begun.
    engine: Engine = request.app.state.engine
    await anyio.to_thread.run_sync(round_state, engine, election_id, round_id)
    return _stream(request, election_id, round_id, f"{actor.election_id}:{actor.name}")


@public_router.get("/live", response_class=LiveStream, status_code=200,
                   responses={**SSE, **responses(409, 429)},
                   summary="公开的实时计票（SSE，无需口令；仅在计票中）")
async def public_live(election_id: ElectionId, round_id: RoundId,
                      request: Request) -> LiveStream:
    # 公开唱票、计票 (RULES.md): the phones in the hall read the public page. The same
    # broadcast serves them; the cap is per device address instead of per token.
    engine: Engine = request.app.state.engine
    state = await anyio.to_thread.run_sync(round_state, engine, election_id, round_id)
    if state != "counting":
        raise Conflict("本轮不在计票中，请查看公布的结果", code="not_counting")
    client = (request.client.host if request.client else "-")
    return _stream(request, election_id, round_id, f"public:{client}")


def _stream(request: Request, election_id: int, round_id: int, token_key: str) -> LiveStream:
    broadcaster: Broadcaster = request.app.state.broadcaster
    return LiveStream(broadcaster, broadcaster.subscribe(election_id, round_id, token_key))
