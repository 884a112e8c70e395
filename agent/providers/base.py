"""The provider interface: a name, ``extract(doc, settings) -> Facts`` and a ``chat`` hook.

Kept deliberately small (as simonw/llm's ``Model``): a provider is how facts are obtained for a
document; the checks never depend on which provider ran.  ``chat_model`` exposes the LangChain
chat model for the chat agent and for extraction (``agent.extract.combined.extract_with_model``,
which model-backed providers call); providers without a model return None.  Providers depend on
extraction, never the reverse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.config import Settings
from agent.errors import ConfigError
from agent.extract import extract_rules

if TYPE_CHECKING:
    from agent.schemas import Document, Facts


class Provider:
    """Base class: subclasses set ``name`` and override ``extract`` (and ``chat_model`` if any)."""

    name: str = "base"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @property
    def model(self) -> str | None:
        return None

    def extract(self, doc: Document, settings: Settings | None = None, *, known: Facts | None = None) -> Facts:
        """Facts for ``doc``. ``known``: the rule extractor's facts when the caller already has them
        (the pipeline runs the rule extractor once and keeps them as the reference)."""
        raise NotImplementedError

    def chat_model(self, settings: Settings | None = None) -> Any | None:
        """A LangChain ``BaseChatModel`` for this provider, or None when it has no model."""
        return None

    def chat(self, messages: list[dict[str, str]], settings: Settings | None = None, **kwargs: Any) -> str:
        """One chat turn: ``messages`` as [{"role": ..., "content": ...}] -> the reply text."""
        model = self.chat_model(settings)
        if model is None:
            raise ConfigError(f"provider {self.name!r} has no chat model; use --provider openai")
        reply = model.invoke([(m["role"], m["content"]) for m in messages], **kwargs)
        content = reply.content
        return content if isinstance(content, str) else str(content)


class RulesProvider(Provider):
    """The default: the deterministic rule extractor, no model at all."""

    name = "rules"

    def extract(self, doc: Document, settings: Settings | None = None, *, known: Facts | None = None) -> Facts:
        return known if known is not None else extract_rules(doc, settings or self.settings)

