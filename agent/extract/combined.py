"""Rules ∪ LLM: the extraction a provider with a chat model runs.

It lives with extraction, not with the providers: a provider only supplies a chat model (and a
name), and the extraction code decides what to do with it. The providers import this module;
nothing under ``agent.extract`` imports a provider (``providers/base.py`` used to import
``extract.llm`` lazily while ``extract.llm`` imported ``agent.providers``: a cycle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.extract import extract_rules
from agent.extract.llm import extract_llm, extract_relations
from agent.extract.merge import merge_facts

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.providers.base import Provider
    from agent.schemas import Document, Facts


def extract_with_model(provider: Provider, doc: Document, settings: Settings, *,
                       known: Facts | None = None) -> Facts:
    """Rules ∪ LLM facts for providers with a chat model; on endpoint failure, rules plus notices.

    ``known``: the rule extractor's facts if the caller has them (not extracted again).
    ``provenance.extractor`` names what actually ran: ``rules`` when no fact group was answered.
    The merge follows the one policy of ``agent.checks.merge`` (the rules are the reference).
    """
    rule_facts = known if known is not None else extract_rules(doc, settings)
    chat_model = provider.chat_model(settings)
    llm_facts = extract_llm(doc, settings, chat_model=chat_model, provider=provider.name, known=rule_facts)
    merged = merge_facts(rule_facts, llm_facts)
    prov = merged.provenance
    update: dict[str, Any] = {"notices": list(llm_facts.provenance.notices)}
    if llm_facts.provenance.extractor != "llm":  # no group answered usably: say what actually ran
        update |= {"extractor": rule_facts.provenance.extractor, "version": rule_facts.provenance.version}
    merged = merged.model_copy(update={"provenance": prov.model_copy(update=update)})
    if any(n.kind == "llm_unavailable" for n in merged.provenance.notices):
        return merged  # the endpoint is down: do not knock again for the relations
    return extract_relations(doc, merged, settings, chat_model, provider=provider.name)
