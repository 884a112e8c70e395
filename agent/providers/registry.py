"""Lazy provider registry (as google/langextract's router): names map to import paths, so
nothing heavy loads until a provider is actually requested."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from agent.config import Settings
from agent.errors import ConfigError

if TYPE_CHECKING:
    from agent.providers.base import Provider

_REGISTRY: dict[str, str] = {
    "rules": "agent.providers.base:RulesProvider",
    "openai": "agent.providers.openai:OpenAIProvider",
    "scripted": "agent.providers.scripted:ScriptedProvider",
}


def register_provider(name: str, target: str) -> None:
    """Add a provider as ``"package.module:ClassName"`` (plugins call this)."""
    _REGISTRY[name] = target


def available_providers() -> list[str]:
    return sorted(_REGISTRY)


def get_provider(name: str | None, settings: Settings | None = None) -> Provider:
    """The provider called ``name`` (default: settings.llm.provider, else 'rules')."""
    settings = settings or Settings()
    name = (name or settings.llm.provider or "rules").strip().lower()
    target = _REGISTRY.get(name)
    if target is None:
        raise ConfigError(f"unknown provider {name!r} (available: {', '.join(available_providers())})")
    module_name, _, cls_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(settings)
