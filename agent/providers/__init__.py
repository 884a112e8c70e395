"""Model providers behind one small interface: ``get_provider(name, settings).extract(doc, settings)``.

Nothing heavy is imported here; LangChain and the OpenAI SDK load only when a provider that
needs them is created.
"""

from __future__ import annotations

from agent.providers.base import Provider
from agent.providers.registry import available_providers, get_provider, register_provider

__all__ = ["Provider", "available_providers", "get_provider", "register_provider"]
