"""Chroma persistence (embedded ``PersistentClient`` or a ``chroma run`` server) and the store-backed Retriever.

Why these rules:
* vectors are always computed by our own offline embedders and passed in; the collection is
  opened with ``embedding_function=None`` so Chroma never fetches its default ONNX model;
* the embedder's name is written into the collection metadata, and a query embedded by another
  embedder is refused (cosine scores across two vector spaces are meaningless);
* indexing is idempotent by content: a report whose sha256 is already in the store adds nothing,
  and chunk ids are deterministic (sha + offsets), so a retried batch upserts the same rows;
* BM25 tokens are stored with each chunk, so a search re-tokenises only the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from agent.errors import StoreError
from agent.schemas import Document
from vectorstore.models import Chunk, Hit

COLLECTION = "budget_review_chunks"


def default_store_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("budget-review")) / "store"


@dataclass
class IndexOutcome:
    path: str
    doc_id: str
    added: int
    skipped: bool
    reason: str = ""


def _wrap(what: str, e: Exception) -> StoreError:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return StoreError(f"{what}: {msg}")


class Store:
    """One Chroma collection of report chunks; ``path`` for embedded, ``url`` for a server."""

    def __init__(self, path: str | Path | None = None, url: str | None = None, collection: str = COLLECTION,
                 ephemeral: bool = False):
        if path and url:
            raise StoreError("give either --store DIR or --chroma-url URL, not both")
        self.url = url
        self.ephemeral = ephemeral and not (path or url)  # in-process Chroma: nothing written to disk
        self.path = None if (url or self.ephemeral) else Path(path) if path else default_store_dir()
        self.collection_name = collection
        self._client = None
        self._col = None
        self._corpus_cache: dict[Any, tuple[int, Any]] = {}

    @classmethod
    def from_settings(cls, store: str | None = None, chroma_url: str | None = None, settings=None) -> Store:
        """Flags win over settings (BUDGET_REVIEW_STORE / BUDGET_REVIEW_CHROMA_URL), then the default dir."""
        if store or chroma_url:
            return cls(path=store, url=chroma_url)
        return cls(path=getattr(settings, "store", None), url=getattr(settings, "chroma_url", None))

    @classmethod
    def for_run(cls, settings=None, store: str | None = None, chroma_url: str | None = None) -> Store:
        """The configured store (flags, then settings), else an in-process embedded Chroma: what LLM
        extraction and chat index a report into for the length of one run."""
        path = store or getattr(settings, "store", None)
        url = chroma_url or getattr(settings, "chroma_url", None)
        return cls(path=path, url=url) if (path or url) else cls(ephemeral=True)

    @property
    def location(self) -> str:
        return self.url or ("(in-memory)" if self.ephemeral else str(self.path))

    # ----------------------------------------------------------------- connection
    def client(self):
        if self._client is not None:
            return self._client
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        cs = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.url:
                u = urlparse(self.url if "://" in self.url else f"http://{self.url}")
                if not u.hostname:
                    raise StoreError(f"bad --chroma-url {self.url!r} (expected http://host:port)")
                ssl = u.scheme == "https"
                port = u.port or (443 if ssl else 8000)
                self._client = chromadb.HttpClient(host=u.hostname, port=port, ssl=ssl, settings=cs)
                self._client.heartbeat()
            elif self.ephemeral:
                self._client = chromadb.EphemeralClient(settings=cs)
            else:
                assert self.path is not None
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.path), settings=cs)
        except StoreError:
            raise
        except Exception as e:  # connection refused, unreadable directory, version mismatch …
            raise _wrap(f"cannot open Chroma store at {self.location}", e) from e
        return self._client

    def collection(self, create_for=None):
        """The collection, or None when it does not exist and ``create_for`` (an embedder) is not given."""
        if self._col is not None:
            return self._col
        client = self.client()
        try:
            names = {getattr(c, "name", c) for c in client.list_collections()}
            if self.collection_name in names:
                self._col = client.get_collection(self.collection_name, embedding_function=None)
            elif create_for is not None:
                from vectorstore.chunking import CHUNKER_VERSION

                self._col = client.create_collection(
                    self.collection_name,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedder": create_for.name, "dim": int(create_for.dim),
                              "chunker": CHUNKER_VERSION, "created_by": "budget-review"},
                )
        except Exception as e:
            raise _wrap(f"Chroma collection {self.collection_name!r} at {self.location}", e) from e
        return self._col

    def embedder_name(self) -> str | None:
        col = self.collection()
        return None if col is None else (col.metadata or {}).get("embedder")

    def check_embedder(self, embedder) -> None:
        recorded = self.embedder_name()
        if recorded is not None and recorded != embedder.name:
            raise StoreError(
                f"the store at {self.location} was built with embedder {recorded!r}, not {embedder.name!r}; "
                f"search it with --embedder {recorded} (or index into a new store)"
            )

    # ----------------------------------------------------------------- indexing
    def has_document(self, sha256: str) -> str | None:
        """The path a report with this content was indexed under, if any."""
        col = self.collection()
        if col is None:
            return None
        try:
            got = col.get(where={"doc_sha": sha256}, limit=1, include=["metadatas"])
        except Exception as e:
            raise _wrap("Chroma lookup failed", e) from e
        return got["metadatas"][0]["path"] if got["ids"] else None

    def index_document(self, doc: Document, embedder) -> IndexOutcome:
        from vectorstore.chunking import chunk_document
        from vectorstore.tokenize import tokenize

        self.check_embedder(embedder)
        seen = self.has_document(doc.sha256)
        if seen is not None:
            return IndexOutcome(doc.path, doc.id, 0, True, f"same content already indexed ({seen})")
        chunks = chunk_document(doc)
        if not chunks:
            return IndexOutcome(doc.path, doc.id, 0, True, "no text to index")
        vectors = embedder.embed_documents([c.search_text for c in chunks])
        col = self.collection(create_for=embedder)
        metas = [_meta(c, tokenize(c.search_text)) for c in chunks]
        try:
            step = max(1, min(len(chunks), self.client().get_max_batch_size()))
            for i in range(0, len(chunks), step):
                col.upsert(
                    ids=[c.id for c in chunks[i : i + step]],
                    embeddings=np.asarray(vectors[i : i + step], dtype=np.float32),
                    documents=[c.text for c in chunks[i : i + step]],
                    metadatas=metas[i : i + step],
                )
        except Exception as e:
            raise _wrap(f"Chroma write failed for {doc.path}", e) from e
        return IndexOutcome(doc.path, doc.id, len(chunks), False)

    # ----------------------------------------------------------------- reading
    def corpus(self, doc: str | None = None) -> tuple[list[Chunk], list[list[str]]]:
        """Chunks (and their BM25 tokens) under an optional document filter, cached until the store changes."""
        col = self.collection()
        if col is None:
            return [], []
        where = _doc_where(doc)
        key = repr(where)
        try:
            count = col.count()
            cached = self._corpus_cache.get(key)
            if cached and cached[0] == count:
                return cached[1]
            got = col.get(where=where, include=["metadatas", "documents"])
        except Exception as e:
            raise _wrap("Chroma read failed", e) from e
        chunks = [_chunk(i, m, t) for i, m, t in zip(got["ids"], got["metadatas"], got["documents"], strict=True)]
        tokens = [(m.get("tokens") or "").split(" ") for m in got["metadatas"]]
        self._corpus_cache[key] = (count, (chunks, tokens))
        return chunks, tokens

    def vector_ranking(self, qvec: np.ndarray, n: int, doc: str | None, ids: list[str] | None) -> list[tuple[str, float]]:
        col = self.collection()
        try:
            res = col.query(query_embeddings=[np.asarray(qvec, dtype=np.float32)], n_results=n,
                            where=_doc_where(doc), ids=ids, include=["distances"])
        except Exception as e:
            raise _wrap("Chroma query failed", e) from e
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]


def _doc_where(doc: str | None) -> dict | None:
    if not doc:
        return None
    return {"$or": [{"doc_id": doc}, {"doc_sha": doc}, {"path": doc}]}


def _meta(c: Chunk, tokens: list[str]) -> dict:
    return {"doc_id": c.doc_id, "doc_sha": c.doc_sha, "path": c.path, "section": c.section or "",
            "start": c.start, "end": c.end, "page": -1 if c.page is None else c.page, "kind": c.kind,
            "tokens": " ".join(tokens)}


def _chunk(cid: str, m: dict, text: str) -> Chunk:
    page = m.get("page", -1)
    return Chunk(id=cid, doc_id=m["doc_id"], doc_sha=m["doc_sha"], path=m["path"], section=m.get("section") or None,
                 start=int(m["start"]), end=int(m["end"]), page=None if page in (-1, None) else int(page),
                 kind=m.get("kind", "text"), text=text or "", search_text="")


class Retriever:
    """Hybrid search over a Store: BM25 (stored tokens) + Chroma vectors, fused by RRF.

    ``embedder`` defaults to the one recorded in the store; passing a different one raises StoreError.
    """

    def __init__(self, store: Store, embedder=None, settings=None):
        self.store = store
        recorded = store.embedder_name()
        if embedder is None:
            from vectorstore.embeddings import DEFAULT_EMBEDDER, get_embedder

            embedder = get_embedder(recorded or DEFAULT_EMBEDDER, settings)
        self.embedder = embedder
        store.check_embedder(embedder)
        self._bm25: tuple[int, Any] | None = None  # (id of the token lists it was built from, index)

    def search(self, query: str, k: int = 5, doc_id: str | None = None, section: str | None = None,
               method: str = "hybrid") -> list[Hit]:
        from vectorstore.hybrid import CANDIDATES, BM25Index, hit_from_chunk, ranked, rrf, section_mask
        from vectorstore.tokenize import tokenize

        if method not in ("hybrid", "bm25", "vector"):
            raise StoreError(f"unknown search method {method!r} (hybrid, bm25 or vector)")
        chunks, tokens = self.store.corpus(doc_id)
        if not chunks:
            return []
        allowed = section_mask([c.section for c in chunks], section)
        if allowed is not None and not allowed.any():
            return []
        lists: list[list[int]] = []
        scores: dict[int, float] = {}
        if method in ("hybrid", "bm25"):
            if self._bm25 is None or self._bm25[0] != id(tokens):
                self._bm25 = (id(tokens), BM25Index(tokens))
            s = self._bm25[1].scores(tokenize(query))
            order = ranked(s, allowed, positive_only=True)
            lists.append(order)
            scores.update({i: float(s[i]) for i in order})
        if method in ("hybrid", "vector"):
            pos = {c.id: i for i, c in enumerate(chunks)}
            ids = [c.id for c, ok in zip(chunks, allowed, strict=True) if ok] if allowed is not None else None
            n = min(CANDIDATES, len(ids) if ids is not None else len(chunks))
            vr = self.store.vector_ranking(self.embedder.embed_query(query), n, doc_id, ids)
            order = [pos[i] for i, _ in vr if i in pos]
            lists.append(order)
            if method == "vector":
                scores = {pos[i]: sim for i, sim in vr if i in pos}
        fused = rrf(lists)[:k] if method == "hybrid" else [(i, scores[i]) for i in lists[0][:k]]
        return [hit_from_chunk(chunks[i], score) for i, score in fused]
