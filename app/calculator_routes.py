"""`POST /api/v1/count`: the stateless calculator, the same code path as `jipiao count`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from app.calculator import count_document
from app.errors import InvalidInput, responses
from ballots.strokes import StrokeError
from counting import RecordError, dumps

router = APIRouter(prefix="/api/v1", tags=["calculator"])


@router.post(
    "/count",
    response_class=Response,
    responses={
        200: {"description": "RECORD.md 计票结果，与 `jipiao count` 输出的字节完全相同",
              "content": {"application/json": {"schema": {"type": "object"}}}},
        **responses(400, 422),
    },
    summary="计票器：提交选举记录，返回计票结果",
)
def count(record: Annotated[Any, Body(description="RECORD.md 选举记录")]) -> Response:
    # RECORD.md: the canonical bytes are what `jipiao count` prints, so the SHA-256 on a
    # signed report can be reproduced through the API.
    try:
        text = dumps(count_document(record))
    except RecordError as err:
        raise InvalidInput("选举记录有误：" + "；".join(p.zh for p in err.problems[:5]),
                           code="invalid_record",
                           detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                                for p in err.problems]}) from None
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
    return Response(text.encode(), media_type="application/json")
