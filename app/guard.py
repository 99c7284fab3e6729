"""The door of the service: every request passes here before a route sees it.

- Bodies are capped per route and refused early (413): by `Content-Length` before anything
  is read, and by counting while reading a body sent without it.
- A JSON body is parsed strictly once here: a duplicate key (400), `NaN`/`Infinity`, a NUL
  character, a lone surrogate or an integer beyond the database's range (422) never reach
  a route. Paths and query strings are checked the same way (an id beyond the range is 404).
- Failed tokens are counted per client: after `auth_failure_limit` 401 answers within
  `auth_failure_window` seconds, the client's API requests get 429 until the window passes.

Per request this is O(size of the body), with no database access.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Refusal = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, headers, body

# Every integer column is a 32-bit INTEGER on PostgreSQL: no id or count may exceed it.
INT_MAX = 2**31 - 1
KB = 1024
# Body caps (bytes) by route, first match wins. A ballot is a few hundred bytes; 16 KB holds
# a sheet of 300 candidates with every mark and write-in. The calculator: see docs/api.md.
CALCULATOR_MAX_BYTES = 2 * KB * KB
SCAN_MAX_BYTES = 64 * KB * KB  # some 100 pages of a 200-dpi grey scan
BODY_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^/api/v1/count$"), CALCULATOR_MAX_BYTES),
    (re.compile(r"/rounds/\d+/(entries(/[^/]+/correct)?|differences/\d+/resolve)$"), 16 * KB),
    (re.compile(r"/voters$"), 1024 * KB),  # a roll of up to 5,000 voters
    # A scanner's batch (PDF) or a tablet's photo: 扫描计票 (app/reading).
    (re.compile(r"/rounds/\d+/sheets$"), SCAN_MAX_BYTES),
)
DEFAULT_BODY_LIMIT = 256 * KB
_DIGITS = re.compile(r"^[0-9]+$")

# No inline script anywhere (a page's data is <script type="application/json">); inline
# styles are allowed (style attributes in the templates, htmx's indicator style).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


def csp_with_scripts(html: bytes) -> str:
    """The CSP for a page whose inline scripts are fixed text: each allowed by its hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in re.findall(rb"<script>(.*?)</script>", html, re.S))
    return CSP.replace("script-src 'self'", f"script-src 'self' {hashes}")


def body_limit(path: str) -> int:
    for pattern, limit in BODY_LIMITS:
        if pattern.search(path):
            return limit
    return DEFAULT_BODY_LIMIT


class BadJson(Exception):
    def __init__(self, status: int, code: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise BadJson(400, "duplicate_key", "JSON 中同一对象里有重复的字段名，请删去重复项",
                          {"key": safe_text(key)})
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise BadJson(422, "validation_error", "数值必须是有限的数（不能是 NaN 或 Infinity）",
                  [{"loc": ["body"], "msg": f"{name} is not allowed", "type": "finite_number"}])


def text_problem(text: str) -> str | None:
    """Why a text cannot be stored (NUL, a lone surrogate), or None."""
    if "\x00" in text:
        return "nul_character"
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return "lone_surrogate"
    return None


_PROBLEM_ZH = {
    "nul_character": "文字中不能含有空字符（U+0000）",
    "lone_surrogate": "文字中含有无效的 Unicode 字符（孤立代理项）",
    "integer_range": f"整数超出允许范围（绝对值不超过 {INT_MAX}）",
    "finite_number": "数值必须是有限的数",
}


def check_value(value: Any, loc: list[str | int]) -> tuple[list[str | int], str] | None:
    """The first place in a parsed JSON value that no route may receive, with its problem."""
    stack: list[tuple[Any, list[str | int]]] = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return where, problem
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if not -INT_MAX <= item <= INT_MAX:
                return where, "integer_range"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return where, "finite_number"
        elif isinstance(item, dict):
            for key, sub in item.items():
                problem = text_problem(key)
                if problem:
                    return [*where, safe_text(key)], problem
                stack.append((sub, [*where, key]))
        elif isinstance(item, list):
            stack.extend((sub, [*where, i]) for i, sub in enumerate(item))
    return None


def _int(text: str) -> int:
    value = int(text)
    if not -INT_MAX <= value <= INT_MAX:
        raise BadJson(422, "validation_error", "请求格式有误，请检查所填内容",
                      [{"loc": ["body"], "msg": _PROBLEM_ZH["integer_range"],
                        "type": "integer_range"}])
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _constant(text)
    return value


# A NUL or a surrogate can reach a parsed string only through a `\u` escape (the raw
# characters are not valid JSON or UTF-8): only a body with such an escape is walked.
_SUSPECT_ESCAPE = re.compile(rb"\\u(0000|[dD][89abcdefABCDEF])")


def parse_json(body: bytes) -> Any:
    """A request's JSON, strictly: raises BadJson for what no route may receive.

    Integers and floats are checked as they are parsed; strings are walked only when the
    body holds an escape that could make a NUL or a surrogate (O(1) extra work per ballot).
    """
    try:
        value = json.loads(body, object_pairs_hook=_no_duplicates, parse_constant=_constant,
                           parse_int=_int, parse_float=_float)
    except BadJson:
        raise
    except json.JSONDecodeError:
        return None  # not JSON at all: the route's own answer (422 json_invalid)
    except (ValueError, RecursionError):  # 4,300 digits or more; nested thousands deep
        raise BadJson(422, "validation_error", "请求格式有误，请检查所填内容",
                      [{"loc": ["body"], "msg": "数值过长或嵌套过深", "type": "too_complex"}]
                      ) from None
    found = check_value(value, ["body"]) if _SUSPECT_ESCAPE.search(body) else None
    if found is not None:
        where, problem = found
        raise BadJson(422, "validation_error", "请求格式有误，请检查所填内容",
                      [{"loc": [safe_text(str(p)) for p in where], "msg": _PROBLEM_ZH[problem],
                        "type": problem}])
    return value


def safe_text(text: str) -> str:
    """`text` with anything UTF-8 cannot carry (a lone surrogate) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_json(headers: dict[bytes, bytes]) -> bool:
    kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return kind == b"application/json" or kind.endswith(b"+json")


class FailureCounter:
    """401 answers per client within a sliding window (in this process)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float] | None:
        times = self._failures.get(client)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times

    def retry_after(self, client: str) -> int:
        """Seconds until this client may try again; 0 when it may now."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            if times is None or len(times) < self.limit:
                return 0
            return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:  # a flood of addresses: forget the oldest
                self._failures.pop(next(iter(self._failures)))
            times = self._recent(client, now)
            if times is None:
                times = self._failures[client] = deque()
            times.append(now)
            if len(times) > self.limit:
                times.popleft()


def _error(status: int, code: str, message: str, detail: Any = None,
           headers: list[tuple[bytes, bytes]] | None = None) -> Refusal:
    body = json.dumps({"code": code, "message": message, "detail": detail},
                      ensure_ascii=False).encode()
    return status, [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])], body


class Guard:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app: ASGIApp, *, failures: FailureCounter) -> None:
        self.app = app
        self.failures = failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._check_address(scope)
        client = (scope.get("client") or ("-", 0))[0]
        if refusal is None and scope["path"].startswith("/api/"):
            wait = self.failures.retry_after(client)
            if wait:
                refusal = _error(429, "too_many_attempts",
                                 f"口令错误次数过多，请 {wait} 秒后再试",
                                 {"retry_after": wait}, [(b"retry-after", str(wait).encode())])
        if refusal is None and scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            refusal, receive = await self._read_body(scope, receive)
        if refusal is not None:
            status, headers, body = refusal
            await self._send(send, scope, {"type": "http.response.start", "status": status,
                                           "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                self.failures.failed(client)
            await self._send(send, scope, message)

        await self.app(scope, receive, guarded_send)

    async def _send(self, send: Send, scope: Scope, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            names = {name.lower() for name, _ in headers}
            headers += [h for h in SECURITY_HEADERS if h[0] not in names]
            if b"cache-control" not in names and _private(scope["path"]):
                headers.append((b"cache-control", b"no-store"))
            message = {**message, "headers": headers}
        await send(message)

    @staticmethod
    def _check_address(scope: Scope) -> Refusal | None:
        path: str = scope["path"]
        if text_problem(path):
            return _error(404, "not_found", "找不到所请求的内容")
        for segment in path.split("/"):
            if _DIGITS.match(segment) and (len(segment) > 10 or int(segment) > INT_MAX):
                return _error(404, "not_found", "找不到所请求的内容")
        raw_query = scope.get("query_string", b"")
        if not path.startswith("/api/") and re.search(rb"(^|&)token=", raw_query):
            return _error(400, "token_in_address",
                          "口令不能放在网址的“?”之后（会被记入服务器日志）；请使用“#token=”形式的链接")
        query = unquote(raw_query.decode("latin-1"), errors="surrogateescape")
        problem = text_problem(query)
        if problem:
            return _error(422, "validation_error", "请求格式有误，请检查所填内容",
                          [{"loc": ["query"], "msg": _PROBLEM_ZH[problem], "type": problem}])
        return None

    @staticmethod
    async def _read_body(scope: Scope, receive: Receive) -> tuple[Refusal | None, Receive]:
        limit = body_limit(scope["path"])
        too_large = _error(413, "body_too_large",
                           f"提交的内容过大（此处最多 {limit // KB} KB），请检查后重试",
                           {"limit_bytes": limit})
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                if int(declared) > limit:
                    return too_large, receive
            except ValueError:
                return _error(400, "bad_request", "请求无法解析（Content-Length 有误）"), receive
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return _error(400, "bad_request", "请求未完整送达"), receive
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return too_large, receive
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body and _is_json(headers):
            try:
                parse_json(body)
            except BadJson as err:
                return _error(err.status, err.code, err.message, err.detail), receive
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return None, replay


def _private(path: str) -> bool:
    """Responses that may carry a token or a meeting's data: never kept by a cache."""
    return path.startswith(("/api/v1/elections", "/api/v1/units", "/e/", "/u/"))
