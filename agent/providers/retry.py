"""One retry policy for every model call (extraction, chat, polishing), owned here and not by the SDK.

Why not the SDK's own retries: the OpenAI SDK retries *every* connection error with backoff, so
a refused connection (nothing listening, a wrong port) cost ≈ 8 s before the review fell back,
silently.  Here the chat model is built with ``max_retries=0`` and a short connect timeout, and
this loop retries only what can get better by waiting — 429, 5xx and read timeouts — with
exponential backoff that honours the server's ``retry-after`` headers.  A refused connection,
a failed DNS lookup or a connect timeout fails at once.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TypeVar

# Function-local imports in this module are deliberate: the OpenAI SDK and its HTTP library (httpx or httpx2) load only to classify an endpoint failure
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

log = logging.getLogger(__name__)
T = TypeVar("T")

CONNECT_TIMEOUT = 2.0  # seconds to open a TCP connection; a local or cloud endpoint answers far sooner
MAX_RETRY_AFTER = 30.0


def backoff_seconds() -> float:
    """First pause between attempts (doubles each time); BUDGET_REVIEW_LLM_BACKOFF overrides (tests: 0)."""
    return float(os.environ.get("BUDGET_REVIEW_LLM_BACKOFF", "1.0"))


def _transport_errors() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """(ConnectTimeout, ConnectError, TimeoutException) classes of every HTTP library the OpenAI SDK may sit on:
    httpx for older SDKs, httpx2 for newer ones."""
    import importlib

    connect_timeout: list[type] = []
    connect_error: list[type] = []
    timeout: list[type] = []
    for name in ("httpx", "httpx2"):
        try:
            lib = importlib.import_module(name)
        except ImportError:
            continue
        connect_timeout.append(lib.ConnectTimeout)
        connect_error.append(lib.ConnectError)
        timeout.append(lib.TimeoutException)
    return tuple(connect_timeout), tuple(connect_error), tuple(timeout)


def classify(e: BaseException) -> str:
    """'refused' | 'rate_limit' | 'server' | 'timeout' | 'client' | 'other' for an exception of a model call."""
    try:
        import openai
    except ImportError:  # pragma: no cover - a dependency
        return "other"
    connect_timeout, connect_error, timeout = _transport_errors()
    if isinstance(e, openai.APITimeoutError):
        cause = e.__cause__
        return "refused" if isinstance(cause, connect_timeout) else "timeout"
    if isinstance(e, openai.APIConnectionError):
        cause = e.__cause__
        if isinstance(cause, connect_error + connect_timeout) or "connect" in str(cause).lower():
            return "refused"
        return "other"
    if isinstance(e, connect_error):
        return "refused"
    if isinstance(e, timeout):
        return "timeout"
    status = getattr(e, "status_code", None)
    if status == 429:
        return "rate_limit"
    if isinstance(status, int) and status >= 500:
        return "server"
    if isinstance(status, int):
        return "client"
    return "other"


TRANSIENT = ("rate_limit", "server", "timeout")

REASON_ZH = {"refused": "无法连接到服务", "rate_limit": "请求过多（429）", "server": "服务器错误（5xx）",
             "timeout": "响应超时", "client": "请求被拒绝", "other": "调用失败"}
REASON_EN = {"refused": "connection refused", "rate_limit": "rate limited (429)", "server": "server error (5xx)",
             "timeout": "timed out", "client": "request rejected", "other": "call failed"}


def _retry_after(e: BaseException) -> float | None:
    headers = getattr(getattr(e, "response", None), "headers", None)
    if not headers:
        return None
    try:
        if headers.get("retry-after-ms"):
            return min(float(headers["retry-after-ms"]) / 1000, MAX_RETRY_AFTER)
        if headers.get("retry-after"):
            return min(float(headers["retry-after"]), MAX_RETRY_AFTER)
    except ValueError:
        return None
    return None


def call_with_retries(fn: Callable[[], T], retries: int, *, backoff: float | None = None,
                      sleep: Callable[[float], None] = time.sleep) -> T:
    """``fn()``; transient failures are retried up to ``retries`` times, anything else is raised at once."""
    delay = backoff_seconds() if backoff is None else backoff
    for attempt in range(retries + 1):
        try:
            return fn()
        except Exception as e:
            kind = classify(e)
            if kind not in TRANSIENT or attempt == retries:
                raise
            after = _retry_after(e)
            wait = delay if after is None else after
            log.info("model call failed (%s: %s); retry %d/%d in %.2fs", kind, e, attempt + 1, retries, wait)
            if wait > 0:
                sleep(wait)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover
