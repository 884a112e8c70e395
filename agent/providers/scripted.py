"""A provider that replays queued replies instead of calling a model (tests, deterministic demos).

As simonw/llm's mock model: ``enqueue()`` replies, then every request pops the next one.  A
reply is a string (sent as the model's text), a dict/list (sent as JSON), an exception
instance (raised, to simulate endpoint failures) or a callable ``(messages, group) -> reply``.
Replies can also be queued per fact group (``enqueue(..., group="sangong")``); a request takes
its group's queue first, then the shared one, and an empty queue answers "nothing found".

For demos, BUDGET_REVIEW_SCRIPTED_REPLIES may name a JSON file holding either a list of
replies or an object ``{group: [replies]}``.

With ``settings.llm.replies_dir`` (``--replies DIR``) the provider answers each document from
``DIR/<document stem>.yaml`` instead (agent.providers.scripted_replies; docs/llm.md).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.extract.combined import extract_with_model
from agent.extract.token_estimate import estimate_tokens
from agent.providers.base import Provider
from agent.providers.scripted_replies import DocumentReplies

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.schemas import Document, Facts

# Function-local imports in this module are deliberate: LangChain loads only when a scripted chat model is created
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

EMPTY_REPLY = {"figures": [], "claims": []}
SCRIPT_ENV = "BUDGET_REVIEW_SCRIPTED_REPLIES"


class ReplyQueue:
    """FIFO replies, optionally per group; records every request for assertions."""

    def __init__(self) -> None:
        self.shared: deque[Any] = deque()
        self.by_group: dict[str, deque[Any]] = {}
        self.requests: list[dict[str, Any]] = []

    def enqueue(self, *replies: Any, group: str | None = None) -> None:
        target = self.shared if group is None else self.by_group.setdefault(group, deque())
        target.extend(replies)

    def clear(self) -> None:
        self.shared.clear()
        self.by_group.clear()
        self.requests.clear()

    def next_reply(self, messages: list[Any], group: str | None) -> str:
        self.requests.append({"group": group, "messages": messages})
        queue = self.by_group.get(group or "")
        if queue:
            reply = queue.popleft()
        elif self.shared:
            reply = self.shared.popleft()
        else:
            reply = EMPTY_REPLY
        if callable(reply) and not isinstance(reply, type):
            reply = reply(messages, group)
        if isinstance(reply, BaseException):
            raise reply
        return reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)

    def load_file(self, path: str | Path) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if isinstance(data, dict):
            for group, replies in data.items():
                self.enqueue(*replies, group=group)
        else:
            self.enqueue(*data)


DEFAULT_QUEUE = ReplyQueue()


def enqueue(*replies: Any, group: str | None = None) -> None:
    """Queue replies for providers created through the registry (``get_provider('scripted')``)."""
    DEFAULT_QUEUE.enqueue(*replies, group=group)


def make_scripted_chat_model(queue: ReplyQueue) -> Any:
    """A LangChain chat model answering from ``queue`` (so extraction runs the same code path)."""
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    class ScriptedChatModel(BaseChatModel):
        model_config = {"arbitrary_types_allowed": True}
        replies: Any = None
        model_name: str = "scripted"

        @property
        def _llm_type(self) -> str:
            return "scripted"

        def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:  # noqa: ANN001
            fmt = kwargs.get("response_format") or {}
            group = (fmt.get("json_schema") or {}).get("name") if isinstance(fmt, dict) else None
            text = self.replies.next_reply(messages, group)
            sent = sum(estimate_tokens(str(m.content)) for m in messages)
            got = estimate_tokens(text)
            usage = {"input_tokens": sent, "output_tokens": got, "total_tokens": sent + got}
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text, usage_metadata=usage))])

    return ScriptedChatModel(replies=queue)


class ScriptedProvider(Provider):
    name = "scripted"

    def __init__(self, settings: Settings | None = None, queue: Any = None) -> None:
        super().__init__(settings)
        self.queue = queue or DEFAULT_QUEUE
        self.model_name = "scripted"
        script = os.environ.get(SCRIPT_ENV)
        if script and queue is None and not self.queue.shared and not self.queue.by_group:
            self.queue.load_file(script)

    @property
    def model(self) -> str | None:
        return self.model_name

    def chat_model(self, settings: Settings | None = None) -> Any:
        model = make_scripted_chat_model(self.queue)
        model.model_name = self.model_name
        return model

    def extract(self, doc: Document, settings: Settings | None = None, *, known: Facts | None = None) -> Facts:
        settings = settings or self.settings
        if settings.llm.replies_dir:
            self.use_reply_files(settings.llm.replies_dir, doc.path)
        return extract_with_model(self, doc, settings, known=known)

    def use_reply_files(self, directory: str | Path, doc_path: str) -> None:
        """Answer from ``directory/<stem of doc_path>.yaml``; the model name carries the file's hash,
        so the reply cache never serves replies of an edited (or another) reply file."""
        self.queue = DocumentReplies.for_document(directory, doc_path)
        digest = hashlib.sha256(self.queue.source.read_bytes()).hexdigest()[:12] if self.queue.source else "none"
        self.model_name = f"scripted-replies:{digest}"
