"""Any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen/DashScope, vLLM, Ollama) via LangChain.

``langchain-openai``'s ``ChatOpenAI`` keeps the chat agent and the extractor on one model
interface, and it drives the real ``openai`` SDK underneath; retries are ours
(agent.providers.retry), so a refused connection fails at once.  Settings: ``[llm]`` in budget-review.toml, or
OPENAI_BASE_URL / OPENAI_API_KEY in the environment; the model name comes from ``--model``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from agent.errors import ConfigError
from agent.extract.combined import extract_with_model
from agent.providers.base import Provider
from agent.providers.retry import CONNECT_TIMEOUT

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.schemas import Document, Facts

# Function-local imports in this module are deliberate: LangChain and the OpenAI SDK load only when an OpenAI-compatible model is created
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

# Reasoning models reject a temperature other than the default.
_NO_TEMPERATURE = ("o1", "o3", "o4", "gpt-5")


def endpoint(settings: Settings) -> tuple[str | None, str]:
    """(base_url, api_key) from settings, else the standard OpenAI environment variables."""
    base_url = settings.llm.base_url or os.environ.get("OPENAI_BASE_URL") or None
    api_key = settings.llm.api_key or os.environ.get("OPENAI_API_KEY")
    if not api_key:
        if base_url is None:
            raise ConfigError(
                "provider 'openai' needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local endpoint, "
                "or [llm] api_key/base_url in budget-review.toml)"
            )
        api_key = "not-needed"  # local servers (vLLM, Ollama) accept any key
    return base_url, api_key


def make_chat_model(settings: Settings) -> Any:
    """A ``ChatOpenAI`` bound to the configured endpoint, with a short connect timeout and no SDK retries.

    Retries are agent.providers.retry's (transient failures only): the SDK would retry a refused
    connection for seconds before anyone learnt the endpoint is down.
    """
    import openai
    from langchain_openai import ChatOpenAI

    base_url, api_key = endpoint(settings)
    model = settings.llm.model
    kwargs: dict[str, Any] = {}
    if not model.lower().startswith(_NO_TEMPERATURE):
        kwargs["temperature"] = 0
    return ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=api_key,
        # the SDK's own Timeout: newer SDKs moved from httpx to httpx2 and refuse the other library's class
        timeout=openai.Timeout(settings.llm.timeout, connect=min(settings.llm.timeout, CONNECT_TIMEOUT)),
        max_retries=0,  # agent.providers.retry.call_with_retries retries 429/5xx/timeouts, never a refusal
        use_responses_api=False,  # chat.completions is what every compatible server implements
        **kwargs,
    )


class OpenAIProvider(Provider):
    name = "openai"

    @property
    def model(self) -> str | None:
        return self.settings.llm.model

    def chat_model(self, settings: Settings | None = None) -> Any:
        return make_chat_model(settings or self.settings)

    def extract(self, doc: Document, settings: Settings | None = None, *, known: Facts | None = None) -> Facts:
        return extract_with_model(self, doc, settings or self.settings, known=known)
