"""`POST /api/v1/count`: the stateless calculator, the same code path as `jipiao count`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from app.calculator import count_document
from app.errors import InvalidInput, responses
from ballots.strokes import StrokeError
from counting import RecordError

router = APIRouter(prefix="/api/v1", tags=["calculator"])


@router.post("/count", responses=responses(400, 422), summary="计票器：提交选举记录，返回计票结果")
def count(record: Annotated[Any, Body(description="RECORD.md 选举记录")]) -> dict[str, Any]:
    try:
        return count_document(record)
    except RecordError as err:
        raise InvalidInput("选举记录有误：" + "；".join(p.zh for p in err.problems[:5]),
                           code="invalid_record",
                           detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                                for p in err.problems]}) from None
    except StrokeError as err:
        raise InvalidInput(err.zh, code=err.code, detail={"en": err.en}) from None
