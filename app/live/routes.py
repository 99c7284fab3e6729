"""The projector's live tally: a Server-Sent Events stream and a one-shot JSON twin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from starlette.background import BackgroundTask

from app.deps import ElectionId, Reader, RoundId, SessionDep, StreamReader
from app.elections.service import get_election
from app.errors import responses
from app.live.broadcast import Broadcaster, first_snapshot
from app.live.service import snapshot
from app.rounds.service import get_round

router = APIRouter(prefix="/api/v1/elections/{election_id}/rounds/{round_id}", tags=["live"],
                   responses=responses(400, 401, 403, 404, 422))

KEEP_ALIVE_SECONDS = 15.0
SSE = {200: {"content": {"text/event-stream": {}},
             "description": "event: tally / data: 与 live.json 相同的对象"}}


@router.get("/live.json", summary="当前计票情况（一次）")
def live_json(election_id: ElectionId, round_id: RoundId, session: SessionDep,
              _actor: Reader) -> dict[str, Any]:
    election = get_election(session=session, election_id=election_id)
    rnd = get_round(session=session, election_id=election_id, round_id=round_id)
    return snapshot(session=session, election=election, rnd=rnd)


@router.get("/live", response_class=StreamingResponse,
            responses={**SSE, **responses(429)},
            summary="大屏实时计票（SSE；可用 ?token= 传口令）")
async def live(election_id: ElectionId, round_id: RoundId, request: Request,
               actor: StreamReader) -> StreamingResponse:
    engine: Engine = request.app.state.engine
    broadcaster: Broadcaster = request.app.state.broadcaster
    # Fail fast (404) before the stream starts.
    await anyio.to_thread.run_sync(first_snapshot, engine, election_id, round_id)
    token_key = f"{actor.election_id}:{actor.name}"
    # Refused over the per-token cap now (429), before the answer has begun.
    subscription = broadcaster.subscribe(election_id, round_id, token_key)

    async def events() -> AsyncIterator[bytes]:
        try:
            while True:
                event = await subscription.next(KEEP_ALIVE_SECONDS)
                if event is None:
                    yield b": keep-alive\n\n"
                    continue
                yield event.chunk  # encoded once for every screen
                if event.final:
                    return
        finally:
            broadcaster.unsubscribe(subscription)

    # (also when the screen went before the first event: the generator never ran)
    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
                             background=BackgroundTask(broadcaster.unsubscribe, subscription))
