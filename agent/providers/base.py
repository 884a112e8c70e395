"""The provider interface: a name, ``extract(doc, settings) -> Facts`` and a ``chat`` hook.

Kept deliberately small (as simonw/llm's ``Model``): a provider is how facts are obtained for a
document; the checks never depend on which provider ran.  ``chat_model`` exposes the LangChain
chat model for the chat agent and for ``agent.extract.llm``; providers without a model return None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.schemas import Document, Facts


class Provider:
    """Base class: subclasses set ``name`` and override ``extract`` (and ``chat_model`` if any)."""

    name: str = "base"

    def __init__(self, settings: Settings | None = None) -> None:
        from agent.config import Settings

        self.settings = settings or Settings()

    @property
    def model(self) -> str | None:
        return None

    def extract(self, doc: Document, settings: Settings | None = None) -> Facts:
        raise NotImplementedError

    def chat_model(self, settings: Settings | None = None) -> Any | None:
        """A LangChain ``BaseChatModel`` for this provider, or None when it has no model."""
        return None

    def chat(self, messages: list[dict[str, str]], settings: Settings | None = None, **kwargs: Any) -> str:
        """One chat turn: ``messages`` as [{"role": ..., "content": ...}] -> the reply text."""
        model = self.chat_model(settings)
        if model is None:
            from agent.errors import ConfigError

            raise ConfigError(f"provider {self.name!r} has no chat model; use --provider openai")
        reply = model.invoke([(m["role"], m["content"]) for m in messages], **kwargs)
        content = reply.content
        return content if isinstance(content, str) else str(content)


class RulesProvider(Provider):
    """The default: the deterministic rule extractor, no model at all."""

    name = "rules"

    def extract(self, doc: Document, settings: Settings | None = None) -> Facts:
        from agent.extract import extract_rules

        return extract_rules(doc, settings or self.settings)


def extract_with_model(provider: Provider, doc: Document, settings: Settings) -> Facts:
    """Rules ∪ LLM facts for providers with a chat model; on endpoint failure, rules plus notices.

    ``provenance.extractor`` names what actually ran: ``rules`` when no fact group was answered.
    """
    from agent.extract import extract_rules
    from agent.extract.llm import extract_llm
    from agent.extract.merge import merge_facts

    rule_facts = extract_rules(doc, settings)
    chat_model = provider.chat_model(settings)
    llm_facts = extract_llm(doc, settings, chat_model=chat_model, provider=provider.name, known=rule_facts)
    merged = merge_facts(rule_facts, llm_facts)
    prov = merged.provenance
    update: dict = {"notices": list(llm_facts.provenance.notices)}
    if llm_facts.provenance.extractor != "llm":  # no group answered usably: say what actually ran
        update |= {"extractor": rule_facts.provenance.extractor, "version": rule_facts.provenance.version}
    merged = merged.model_copy(update={"provenance": prov.model_copy(update=update)})
    if any(n.kind == "llm_unavailable" for n in merged.provenance.notices):
        return merged  # the endpoint is down: do not knock again for the relations
    from agent.extract.llm import extract_relations

    return extract_relations(doc, merged, settings, chat_model, provider=provider.name)
