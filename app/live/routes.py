"""The projector's live tally: a Server-Sent Events stream and a one-shot JSON twin."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from app.deps import ElectionId, Reader, RoundId, SessionDep, StreamReader
from app.elections.service import get_election
from app.errors import responses
from app.live.service import marker, snapshot
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


def _poll(engine: Engine, election_id: int, round_id: int,
          last: tuple[Any, ...] | None) -> tuple[tuple[Any, ...], dict[str, Any] | None]:
    with Session(engine) as session:
        rnd = get_round(session=session, election_id=election_id, round_id=round_id)
        now = marker(session=session, rnd=rnd)
        if now == last:
            return now, None
        election = get_election(session=session, election_id=election_id)
        return now, snapshot(session=session, election=election, rnd=rnd)


@router.get("/live", response_class=StreamingResponse, responses=SSE,
            summary="大屏实时计票（SSE；可用 ?token= 传口令）")
async def live(election_id: ElectionId, round_id: RoundId, request: Request,
               _actor: StreamReader) -> StreamingResponse:
    engine: Engine = request.app.state.engine
    interval: float = request.app.state.settings.live_poll_interval
    # Fail fast (404) before the stream starts.
    await anyio.to_thread.run_sync(_poll, engine, election_id, round_id, None)

    async def events() -> AsyncIterator[str]:
        last: tuple[Any, ...] | None = None
        quiet = 0.0
        while not await request.is_disconnected():
            last, data = await anyio.to_thread.run_sync(_poll, engine, election_id, round_id, last)
            if data is not None:
                quiet = 0.0
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                yield f"event: tally\nid: {last[0]}-{last[2]}-{last[4]}\ndata: {text}\n\n"
                if data["final"]:
                    return
            elif quiet >= KEEP_ALIVE_SECONDS:
                quiet = 0.0
                yield ": keep-alive\n\n"
            await anyio.sleep(interval)
            quiet += interval

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
