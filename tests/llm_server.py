"""A small OpenAI-compatible HTTP server that replays scripted replies (no network beyond 127.0.0.1).

Start it, point OPENAI_BASE_URL (or ChatOpenAI's base_url) at ``server.base_url`` and queue
actions; each POST /v1/chat/completions takes the next one:

* a str / dict / list  -> 200 with that text (dicts and lists as JSON) as the assistant message
* ``Error(status)``    -> that HTTP status with an OpenAI-style error body
* ``Sleep(seconds, reply)`` -> waits (longer than the client timeout, to provoke one), then replies
* a callable ``(request_json) -> action``

Actions can be queued per fact group (the response_format's json_schema name); ``sticky`` makes
the last action repeat forever.  Token usage is estimated over everything the client sent
(messages and response schema), so benchmarks measure real request sizes.  /v1/embeddings
returns deterministic hash vectors.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.extract.token_estimate import estimate_tokens

EMPTY = {"figures": [], "claims": []}


@dataclass
class Error:
    status: int
    message: str = "scripted error"


@dataclass
class Sleep:
    seconds: float
    reply: Any = None


class ScriptedLLMServer:
    def __init__(self, default: Any = None) -> None:
        self.default = EMPTY if default is None else default
        self.queue: deque[Any] = deque()
        self.by_group: dict[str, deque[Any]] = {}
        self.sticky: Any = None
        self.requests: list[dict[str, Any]] = []
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ scripting
    def enqueue(self, *actions: Any, group: str | None = None) -> None:
        with self._lock:
            (self.queue if group is None else self.by_group.setdefault(group, deque())).extend(actions)

    def always(self, action: Any) -> None:
        self.sticky = action

    def _next(self, body: dict[str, Any]) -> Any:
        group = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
        with self._lock:
            self.requests.append(body)
            q = self.by_group.get(group or "")
            if q:
                return q.popleft()
            if self.queue:
                return self.queue.popleft()
            return self.sticky if self.sticky is not None else self.default

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def start(self) -> ScriptedLLMServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.endswith("/embeddings"):
                    self._send(200, server._embeddings(body))
                    return
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                action = server._next(body)
                if callable(action) and not isinstance(action, type):
                    action = action(body)
                if isinstance(action, Sleep):
                    time.sleep(action.seconds)
                    action = action.reply if action.reply is not None else server.default
                if isinstance(action, Error):
                    self._send(action.status, {"error": {"message": action.message, "type": "server_error"}})
                    return
                text = action if isinstance(action, str) else json.dumps(action, ensure_ascii=False)
                self._send(200, server._completion(body, text))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.send_header("retry-after-ms", "5")  # keep the SDK's retry pauses short
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ payloads
    def _completion(self, body: dict[str, Any], text: str) -> dict[str, Any]:
        sent = sum(estimate_tokens(str(m.get("content", ""))) + 4 for m in body.get("messages", []))
        if body.get("response_format"):
            sent += estimate_tokens(json.dumps(body["response_format"], ensure_ascii=False, separators=(",", ":")))
        got = estimate_tokens(text)
        with self._lock:
            self.prompt_tokens += sent
            self.completion_tokens += got
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "test"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": sent, "completion_tokens": got, "total_tokens": sent + got},
        }

    @staticmethod
    def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
        inputs = body.get("input") or []
        inputs = [inputs] if isinstance(inputs, str) else inputs
        data = []
        for i, text in enumerate(inputs):
            digest = hashlib.sha256(str(text).encode()).digest()
            data.append({"object": "embedding", "index": i, "embedding": [b / 255 for b in digest[:16]]})
        return {"object": "list", "data": data, "model": body.get("model", "test"),
                "usage": {"prompt_tokens": 0, "total_tokens": 0}}
