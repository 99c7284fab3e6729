"""One error hierarchy and one handler: every non-2xx body is `{"code", "message", "detail"}`.

`code` is stable (clients match on it), `message` is a Chinese sentence telling the user
what to do, `detail` carries structured data (problem pointers, the failed check, …).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class AppError(Exception):
    status = 400
    code = "bad_request"
    message = "请求有误"

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 detail: Any = None) -> None:
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.detail = detail
        super().__init__(self.message)


class Unauthorized(AppError):
    status, code, message = 401, "unauthorized", "缺少或无效的访问口令，请重新登录"


class Forbidden(AppError):
    status, code, message = 403, "forbidden", "此口令无权进行该操作"


class NotFound(AppError):
    status, code, message = 404, "not_found", "找不到所请求的内容"


class Conflict(AppError):
    status, code, message = 409, "conflict", "与现有数据冲突"


class InvalidState(Conflict):
    """An action the round's or the election's current state does not allow."""

    code, message = "invalid_state", "当前状态不允许此操作"


class GateFailed(Conflict):
    """A rule gate (quorum, 差额, reconciliation) refuses the action; `detail` is the check."""

    code, message = "gate_failed", "不符合选举规则，不能继续"


class InvalidInput(AppError):
    status, code, message = 422, "invalid_input", "提交的数据不符合要求"


class DatabaseUnavailable(AppError):
    """The database cannot be reached (or stays locked): send the request again later."""

    status, code = 503, "database_unavailable"
    message = "数据库暂时无法访问，请稍后重试；已确认的操作不会丢失，重发同一张选票也不会重复计入"


_STATUS_TEXT = {
    400: "请求无法解析（如 JSON 格式错误）",
    401: "缺少或无效的访问口令",
    403: "此口令无权进行该操作",
    404: "找不到所请求的内容",
    409: "与当前状态冲突，操作未执行",
    413: "提交的内容过大",
    422: "提交的数据不符合要求",
    429: "请求过于频繁，请稍后重试",
    500: "服务器内部错误（已记录），请重试或联系管理员",
    503: "数据库暂时无法访问，请稍后重试",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the error statuses a route can return."""
    return {s: {"model": ErrorBody, "description": _STATUS_TEXT.get(s, "错误")} for s in statuses}


def _safe(value: Any) -> Any:
    """`value` with every text UTF-8 can carry: a lone surrogate echoed from the input is
    escaped (an error body must never fail to encode)."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    return value


def _body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"code": code, "message": _safe(message), "detail": _safe(detail)}


def _answer(request: Request, status: int, body: dict[str, Any],
            headers: dict[str, str] | None = None) -> Response:
    """JSON for programs; for a person's browser opening a page (not the API), the same
    message as a Chinese page (`app.state.error_page`, given by app/ui)."""
    error_page = getattr(request.app.state, "error_page", None)
    if (error_page is not None and not request.url.path.startswith(("/api/", "/static/"))
            and "text/html" in request.headers.get("accept", "")):
        response: Response = error_page(request, status, body["message"])
    else:
        response = JSONResponse(body, status_code=status)
    response.headers.update(headers or {})
    return response


async def _app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    return _answer(request, exc.status, _body(exc.code, exc.message, exc.detail))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
         "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    return _answer(request, 422, _body("validation_error", _validation_message(exc.errors()),
                                       problems))


# Field names a person reads in the message (the API's own reason is shown, not hidden).
_FIELD_ZH = {"name": "姓名", "title": "标题", "surname": "姓", "note": "备注", "reason": "理由",
             "posts": "职位", "seats": "名额", "gender": "性别", "status": "身份",
             "lines": "名单"}


def _validation_message(errors: Any) -> str:
    """请求格式有误 with the first problem's own words: a validator's Chinese sentence
    (e.g. 名称不能为空) as it is, and the field it concerns."""
    first = next(iter(errors), None)
    if first is None:
        return "请求格式有误，请检查所填内容"
    msg = str(first.get("msg", "")).removeprefix("Value error, ")
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    field = next((_FIELD_ZH[p] for p in reversed(loc) if p in _FIELD_ZH), None)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in msg):
        msg = "缺少必填内容" if first.get("type") == "missing" else "内容格式不对"
    text = f"请求格式有误：{field + '：' if field else ''}{msg}"
    # a lone surrogate in an echoed value would fail to encode (RFC 8259 text is UTF-8)
    return text.encode("utf-8", "replace").decode("utf-8")


_HTTP_CODES = {
    400: ("bad_request", "请求无法解析，请检查格式（如 JSON）"),
    404: ("not_found", "找不到所请求的内容"),
    405: ("method_not_allowed", "不支持此请求方法"),
}


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", "请求未能完成"))
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return _answer(request, exc.status_code, _body(code, message), headers)


async def _database_error(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", exc)
    return await _app_error(_request, DatabaseUnavailable())


async def _unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    # A bug, not bad input: logged with its traceback (by Starlette, after this answer),
    # while the caller gets the usual body and no traceback.
    return JSONResponse(_body("internal_error", _STATUS_TEXT[500]), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
