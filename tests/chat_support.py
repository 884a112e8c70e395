"""Helpers for the chat tests: the scripted OpenAI-compatible server, taught to send tool calls.

``tests/llm_server.py`` answers with assistant text; the agent loop also needs assistant turns
that call tools.  ``ToolCallServer`` keeps that server (queue, errors, request log) and only
changes how a reply is shaped: an action made by ``tool_calls(...)`` becomes an OpenAI
``tool_calls`` message (arguments may be a dict or a raw, possibly broken, JSON string).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llm_server import ScriptedLLMServer

from agent.extract.token_estimate import estimate_tokens

MARK = "__tool_calls__"


def call(name: str, args: dict[str, Any] | str | None = None, call_id: str | None = None) -> dict[str, Any]:
    return {"name": name, "args": {} if args is None else args, "id": call_id}


def tool_calls(*calls: dict[str, Any]) -> dict[str, Any]:
    """One assistant turn that calls these tools (in parallel, as OpenAI allows)."""
    return {MARK: list(calls)}


class ToolCallServer(ScriptedLLMServer):
    def _completion(self, body: dict[str, Any], text: str) -> dict[str, Any]:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError):
            data = None
        if not (isinstance(data, dict) and MARK in data):
            return super()._completion(body, text)
        calls = []
        for i, c in enumerate(data[MARK]):
            args = c["args"] if isinstance(c["args"], str) else json.dumps(c["args"], ensure_ascii=False)
            calls.append({"id": c.get("id") or f"call_{len(self.requests)}_{i}", "type": "function",
                          "function": {"name": c["name"], "arguments": args}})
        sent = sum(estimate_tokens(str(m.get("content", ""))) + 4 for m in body.get("messages", []))
        return {
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
            "model": body.get("model", "test"),
            "choices": [{"index": 0, "finish_reason": "tool_calls",
                         "message": {"role": "assistant", "content": None, "tool_calls": calls}}],
            "usage": {"prompt_tokens": sent, "completion_tokens": 10, "total_tokens": sent + 10},
        }


def tool_messages(body: dict[str, Any]) -> list[str]:
    """Contents of the tool results a request carried back to the model."""
    return [m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "tool"]


def chat_settings(base_url: str, tmp: Path):
    from llm_support import llm_settings

    return llm_settings(base_url, tmp, max_retries=0)
