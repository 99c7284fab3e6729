"""`POST /api/v1/count`: the stateless calculator, the same code path as `jipiao count`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from app.calculator import MAX_BALLOTS, CalculatorBusy, ballots_in, count_bounded
from app.errors import AppError, InvalidInput, responses
from app.guard import CALCULATOR_MAX_BYTES
from ballots.strokes import StrokeError
from counting import RecordError, dumps

router = APIRouter(prefix="/api/v1", tags=["calculator"])


class TooManyBallots(AppError):
    status, code = 413, "too_many_ballots"
    message = f"选举记录中的选票超过 {MAX_BALLOTS} 张，计票器不予计算；请用 jipiao count 在本机计算"


class Busy(AppError):
    status, code = 429, "calculator_busy"
    message = "计票器正忙，请稍后重试"


@router.post(
    "/count",
    response_class=Response,
    responses={
        200: {"description": "RECORD.md 计票结果，与 `jipiao count` 输出的字节完全相同",
              "content": {"application/json": {"schema": {"type": "object"}}}},
        **responses(400, 413, 422, 429),
    },
    summary="计票器：提交选举记录，返回计票结果",
    description=f"选举记录最大 {CALCULATOR_MAX_BYTES // 1024 // 1024} MB、{MAX_BALLOTS} 张选票；"
                "同一时间只计算一份记录，其余排队，等待过久则返回 429。",
)
def count(record: Annotated[Any, Body(description="RECORD.md 选举记录")]) -> Response:
    # RECORD.md: the canonical bytes are what `jipiao count` prints, so the SHA-256 on a
    # signed report can be reproduced through the API.
    if ballots_in(record) > MAX_BALLOTS:
        raise TooManyBallots(detail={"max_ballots": MAX_BALLOTS})
    try:
        text = dumps(count_bounded(record))
    except CalculatorBusy:
        raise Busy() from None
    except RecordError as err:
        raise InvalidInput("选举记录有误：" + "；".join(p.zh for p in err.problems[:5]),
                           code="invalid_record",
                           detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                                for p in err.problems]}) from None
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return Response(text.encode(), media_type="application/json")
