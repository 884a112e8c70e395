"""Scripted replies written per document: the provider behind ``--provider scripted --replies DIR``.

Why: the recall an LLM adds on the frozen blind set has to be measured without a live model and
without anyone who has seen the labels writing the replies.  A writer reads each document and
writes ``DIR/<document file stem>.yaml`` holding ``relations:`` in exactly the ``RelationsOut``
schema (agent/extract/llm_models.py); see docs/llm.md, "Scripted replies".

The provider answers like a model that sees only what it is shown: a relation-proposal prompt is
answered with the relations whose ``sentence`` (or every quote) lies inside the passage(s) of
that prompt; every other prompt (fact-group extraction) gets an empty, schema-valid reply so the
rule facts stand.  Replies go through the same code path as a real model's (validation,
grounding, Python's arithmetic, the SQLite log), so nothing is trusted because it was scripted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.errors import ConfigError
from agent.extract.align import _ignorable
from agent.extract.llm_models import RelationOut, RelationsOut
from agent.ingest.normalize import normalize

RELATIONS_GROUP = "relations"
SUFFIXES = (".yaml", ".yml", ".json")
_REPORT = re.compile(r"<report>\n(.*)\n</report>", re.S)
_ABSENT = {"null", "~", "none", ""}


def compact(text: str) -> str:
    """Text as the grounding gate compares it: widths folded, thousands separators, spacing and
    quote marks dropped (agent.extract.align.Grounder.locate)."""
    return "".join(ch for ch in normalize(text).text if not _ignorable(ch))


def _clean(node: Any) -> Any:
    """YAML read as text (so 120.00 stays "120.00"): optional fields written null/~ are absent."""
    if isinstance(node, dict):
        return {k: _clean(v) for k, v in node.items() if not (isinstance(v, str) and v.strip().lower() in _ABSENT)}
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def reply_file(directory: Path, stem: str) -> Path | None:
    for suffix in SUFFIXES:
        p = directory / f"{stem}{suffix}"
        if p.is_file():
            return p
    return None


def load_relations(path: Path) -> list[RelationOut]:
    """The relations of one reply file, validated against ``RelationsOut``; a bad file is a ConfigError
    naming the file and the field, not a model reply that silently fails validation later."""
    import yaml

    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw) if path.suffix == ".json" else yaml.load(raw, Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read scripted replies: {e}", path) from e
    data = _clean(data) if path.suffix != ".json" else data
    if data in (None, "", {}):
        return []
    if not isinstance(data, dict) or "relations" not in data:
        raise ConfigError("a scripted reply file holds one key, relations: [...]", path)
    try:
        return RelationsOut.model_validate({"relations": data["relations"] or []}).relations
    except ValidationError as e:
        errs = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()[:5])
        raise ConfigError(f"invalid scripted replies ({errs})", path) from e


def shown(relation: RelationOut, passage: str) -> bool:
    """The relation lies in what the prompt showed: its sentence, else every one of its quotes."""
    if relation.sentence.strip() and compact(relation.sentence) in passage:
        return True
    quotes = [n.quote for n in [relation.result, *relation.operands, *relation.minus]]
    return all(q.strip() and compact(q) in passage for q in quotes)


def _passage(messages: list[Any]) -> str:
    for m in reversed(messages):
        content = m.content if hasattr(m, "content") else m[1]
        hit = _REPORT.search(str(content))
        if hit:
            return hit.group(1)
    return ""


class DocumentReplies:
    """Answers the prompts of one document from its reply file (a ``ReplyQueue`` look-alike)."""

    def __init__(self, relations: list[RelationOut], source: Path | None = None) -> None:
        self.relations = relations
        self.source = source
        self.requests: list[dict[str, Any]] = []
        self.served: list[int] = []  # indexes into relations, in serving order

    @classmethod
    def for_document(cls, directory: str | Path, doc_path: str) -> DocumentReplies:
        directory = Path(directory)
        if not directory.is_dir():
            raise ConfigError("--replies must name a folder of <document stem>.yaml files", directory)
        path = reply_file(directory, Path(doc_path).stem)
        return cls(load_relations(path) if path else [], path)

    def next_reply(self, messages: list[Any], group: str | None) -> str:
        self.requests.append({"group": group, "messages": messages})
        if group != RELATIONS_GROUP:
            return json.dumps({"figures": [], "claims": []})  # validates as every fact-group schema
        passage = compact(_passage(messages))
        picked = [i for i, r in enumerate(self.relations) if passage and shown(r, passage)]
        self.served += picked
        out = {"relations": [self.relations[i].model_dump(exclude_none=True) for i in picked]}
        return json.dumps(out, ensure_ascii=False)
