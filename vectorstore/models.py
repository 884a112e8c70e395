"""The two records retrieval passes around: a Chunk (what is indexed) and a Hit (what a search returns).

Both keep offsets into ``Document.text`` so a caller can ground a quote exactly; ``Chunk.text`` is
always the verbatim slice, and everything added to help search (heading path, repeated table
header) lives in ``search_text`` instead, so the slice invariant never breaks.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Chunk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="deterministic: document sha + offsets")
    doc_id: str
    doc_sha: str
    path: str
    section: str | None = Field(default=None, description="section path, outermost first, ' > '-joined")
    start: int
    end: int
    page: int | None = None
    kind: Literal["text", "table"] = "text"
    text: str = Field(description="exactly Document.text[start:end]")
    search_text: str = Field(description="what is embedded and BM25-indexed: heading path + text/table rows")


class Hit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="document id")
    section: str | None = None
    text: str
    score: float
    start: int
    end: int
    page: int | None = None
    kind: Literal["text", "table"] = "text"
    path: str | None = None
    chunk_id: str | None = None


class SearchResults(BaseModel):
    """What ``budget-review search --format json`` prints."""

    model_config = ConfigDict(extra="forbid")

    query: str
    embedder: str
    method: str = "hybrid"
    hits: list[Hit]
