"""Retrieval over budget reports: heading-aware chunks, offline embeddings, Chroma, BM25 + vectors.

Public API (imports are lazy so ``import vectorstore`` stays cheap for the CLI):

* ``chunk_document(doc) -> list[Chunk]``              (vectorstore.chunking)
* ``retrieve(doc, query, k) -> list[Hit]``            in-memory, no Chroma (vectorstore.hybrid)
* ``Store(path=... | url=...)``, ``Retriever(store).search(query, k, doc_id=, section=)``
* ``get_embedder(name)``                              (vectorstore.embeddings)
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Chunk": "vectorstore.models",
    "Hit": "vectorstore.models",
    "SearchResults": "vectorstore.models",
    "chunk_document": "vectorstore.chunking",
    "get_embedder": "vectorstore.embeddings",
    "DEFAULT_EMBEDDER": "vectorstore.embeddings",
    "retrieve": "vectorstore.hybrid",
    "DocumentIndex": "vectorstore.hybrid",
    "Store": "vectorstore.store",
    "Retriever": "vectorstore.store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
