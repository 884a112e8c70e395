"""Hybrid ranking: BM25 over jieba tokens fused with vector similarity by reciprocal rank fusion.

Why both: BM25 nails the exact terms a reviewer types (住房公积金, 中小企业, 执行率) and the
figures; vectors rescue paraphrases and character-level variants ("三公经费" vs "“三公”经费").
RRF fuses ranks, not scores, so the two scales never have to be calibrated against each other.

``retrieve(doc, query, k)`` is the pure in-memory path (no Chroma): the LLM extractor and the chat
agent call it to see only the part of one report they need.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from agent.schemas import Document
from vectorstore.models import Chunk, Hit

RRF_K = 60
CANDIDATES = 50  # depth of each ranked list fed to the fusion


class BM25Index:
    """bm25s over pre-tokenised texts; ``scores`` returns one score per indexed text."""

    def __init__(self, token_lists: Sequence[Sequence[str]]):
        import bm25s

        self.size = len(token_lists)
        self._empty = self.size == 0 or not any(token_lists)
        if not self._empty:
            self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
            self._bm25.index([list(t) for t in token_lists], show_progress=False)
            self._vocab = set(self._bm25.vocab_dict)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        toks = [t for t in query_tokens if not self._empty and t in self._vocab]
        if not toks:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(toks), dtype=np.float32)


def ranked(scores: np.ndarray, allowed: np.ndarray | None = None, depth: int = CANDIDATES,
           positive_only: bool = False) -> list[int]:
    """Indices of the best ``depth`` scores (restricted to ``allowed``), best first."""
    s = scores.astype(np.float64).copy()
    if allowed is not None:
        s[~allowed] = -np.inf
    if positive_only:
        s[s <= 0] = -np.inf
    order = np.argsort(-s, kind="stable")[:depth]
    return [int(i) for i in order if np.isfinite(s[i])]


def rrf(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: Σ 1/(k + rank), rank from 1; ties keep first-list order."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, idx in enumerate(ranking, start=1):
            fused[idx] = fused.get(idx, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda kv: -kv[1])


def hit_from_chunk(c: Chunk, score: float) -> Hit:
    return Hit(doc=c.doc_id, section=c.section, text=c.text, score=round(float(score), 6), start=c.start,
               end=c.end, page=c.page, kind=c.kind, path=c.path, chunk_id=c.id)


def section_mask(sections: Sequence[str | None], section: str | None) -> np.ndarray | None:
    """Chunks whose section path contains ``section`` (a substring, e.g. '三公')."""
    if not section:
        return None
    return np.array([bool(s) and section in s for s in sections], dtype=bool)


class ChunkIndex:
    """BM25 + vectors over a list of chunks held in memory (one report, or a benchmark corpus)."""

    def __init__(self, chunks: Sequence[Chunk], embedder=None):
        from vectorstore.embeddings import HashingEmbedder
        from vectorstore.tokenize import tokenize

        self.chunks = list(chunks)
        self.embedder = embedder or HashingEmbedder()
        texts = [c.search_text for c in self.chunks]
        self._bm25 = BM25Index([tokenize(t) for t in texts])
        self._vectors = self.embedder.embed_documents(texts)
        self._docs = np.array([c.doc_id for c in self.chunks])

    def search(self, query: str, k: int = 5, doc_id: str | None = None, section: str | None = None,
               method: str = "hybrid") -> list[Hit]:
        from vectorstore.tokenize import tokenize

        if not self.chunks:
            return []
        allowed = section_mask([c.section for c in self.chunks], section)
        if doc_id:
            by_doc = self._docs == doc_id
            allowed = by_doc if allowed is None else (allowed & by_doc)
        lists: list[tuple[list[int], np.ndarray]] = []
        if method in ("hybrid", "bm25"):
            s = self._bm25.scores(tokenize(query))
            lists.append((ranked(s, allowed, positive_only=True), s))
        if method in ("hybrid", "vector"):
            s = self._vectors @ self.embedder.embed_query(query)
            lists.append((ranked(s, allowed), s))
        if method == "hybrid":
            fused = rrf([r for r, _ in lists])[:k]
        elif method in ("bm25", "vector"):
            order, s = lists[0]
            fused = [(i, float(s[i])) for i in order[:k]]
        else:
            raise ValueError(f"unknown method {method!r} (hybrid, bm25 or vector)")
        return [hit_from_chunk(self.chunks[i], score) for i, score in fused]


class DocumentIndex(ChunkIndex):
    """The chunks of one document, indexed in memory."""

    def __init__(self, doc: Document, embedder=None):
        from vectorstore.chunking import chunk_document

        super().__init__(chunk_document(doc), embedder)


_CACHE: OrderedDict[tuple[str, str], DocumentIndex] = OrderedDict()
_CACHE_SIZE = 16


def retrieve(doc: Document, query: str, k: int = 5, section: str | None = None,
             method: str = "hybrid", embedder=None) -> list[Hit]:
    """Top-k chunks of ``doc`` for ``query`` — no Chroma, no network; indexes are cached per document."""
    key = (doc.sha256, getattr(embedder, "name", "hash-default"))
    index = _CACHE.get(key)
    if index is None:
        index = DocumentIndex(doc, embedder)
        _CACHE[key] = index
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return index.search(query, k=k, section=section, method=method)
