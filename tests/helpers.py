"""Small helpers for tests: build a Document from inline text the way the loader would."""

from __future__ import annotations

import hashlib

from agent.ingest.sections import build_sections
from agent.ingest.tables import find_tables
from agent.schemas import Document


def doc_from_text(text: str, path: str = "inline.txt") -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=sha[:16], path=path, format="txt", sha256=sha, encoding="utf-8", text=text,
                    sections=build_sections(text), tables=find_tables(text))


def review_text(text: str, **kw):
    from agent.pipeline import review_document

    return review_document(doc_from_text(text), **kw)


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


def word_table(rows) -> str:
    """Rows of cells in Word's plain-text export: one '\\t<cell>' line per cell, a blank line after each row."""
    return "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows)
