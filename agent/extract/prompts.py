"""Versioned extraction prompts loaded from ``prompts/extraction/*.yaml``.

Prompts are files, not string constants, so wording changes are reviewed as diffs and every
output names the exact prompt (``id@version``) that produced it.  BUDGET_REVIEW_PROMPTS_DIR
overrides the directory.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from agent import fastre
from agent.errors import ConfigError
from agent.extract import llm_models

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts" / "extraction"
GROUPS = ("budget", "sangong", "projects", "score_table", "final_accounts", "reasons")


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    group: str
    template: str
    response_model: str = "FactsOut"
    query: str = ""
    keywords: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    max_chars: int = 1200
    claim_kinds: tuple[str, ...] = ()
    examples: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    vocabulary: tuple[str, ...] = ()  # other words for the group's quantities (synonyms, regional terms)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def prompts_dir() -> Path:
    return Path(os.environ.get("BUDGET_REVIEW_PROMPTS_DIR") or PROMPTS_DIR)


@lru_cache(maxsize=32)
def load_prompt_file(path: Path) -> Prompt:
    """Any versioned prompt file (extraction, or the chat prompts under prompts/chat/)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read prompt: {e}", path) from e
    try:
        return Prompt(
            id=data["id"],
            version=int(data["version"]),
            group=data.get("group", path.stem),
            template=data["template"].strip(),
            response_model=data.get("response_model", "FactsOut"),
            query=data.get("query", ""),
            keywords=tuple(data.get("keywords", ())),
            require_any=tuple(data.get("require_any", ())),
            max_chars=int(data.get("max_chars", 1200)),
            claim_kinds=tuple(data.get("claim_kinds", ())),
            examples=tuple(data.get("examples", ())),
            vocabulary=tuple(data.get("vocabulary", ())),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"invalid prompt file: {e}", path) from e


def load_prompt(name: str) -> Prompt:
    return load_prompt_file(prompts_dir() / f"{name}.yaml")


_CJK_TERM = fastre.compile(r"[（(]([\u4e00-\u9fff（）()/、]{2,20})[）)]")


def group_queries(prompt: Prompt) -> list[str]:
    """Retrieval queries for a fact group: its query line, each vocabulary entry, and the Chinese
    names the prompt's key list and the reply schema's field descriptions give its quantities
    ("sangong.abroad (因公出国（境）)", "分值 as written")."""
    out = [prompt.query] if prompt.query else []
    out += [v for v in prompt.vocabulary if v]
    terms = _CJK_TERM.findall(prompt.template)
    model = getattr(llm_models, prompt.response_model, None)
    if model is not None:
        terms += re.findall(r"[\u4e00-\u9fff]{2,12}", " ".join(_descriptions(model.model_json_schema())))
    extra = " ".join(dict.fromkeys(t for t in terms if t not in " ".join(out)))
    if extra:
        out.append(extra)
    return list(dict.fromkeys(q.strip() for q in out if q.strip()))


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def system_message(common: Prompt, prompt: Prompt) -> str:
    """The system message: common rules, group instructions, compact few-shot examples."""
    parts = [common.template, prompt.template]
    for ex in prompt.examples:
        parts.append("Example <report>" + str(ex["input"]) + "</report> ->\n"
                     + json.dumps(ex["output"], ensure_ascii=False, separators=(",", ":")))
    return "\n".join(parts)
