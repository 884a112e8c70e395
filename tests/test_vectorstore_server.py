"""Index + search against a real Chroma server started with `chroma run` (HttpClient)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from agent.errors import StoreError
from agent.ingest import load_document
from vectorstore.embeddings import HashingEmbedder
from vectorstore.store import Retriever, Store

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip(f"the chroma server binary is missing ({CHROMA}); install chromadb in the venv")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}: {(data / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("chroma run did not answer its heartbeat within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=30)
        log.close()


def test_server_index_search_idempotent(chroma_url, seeds):
    store = Store(url=chroma_url, collection="test_server")
    emb = HashingEmbedder()
    docs = [load_document(p) for p in seeds]
    first = [store.index_document(d, emb) for d in docs]
    assert all(not o.skipped for o in first)
    n = store.collection().count()
    assert n == sum(o.added for o in first)
    assert all(store.index_document(d, emb).skipped for d in docs)
    assert store.collection().count() == n

    r = Retriever(Store(url=chroma_url, collection="test_server"))
    hits = r.search("住房公积金决算数与预算数差异原因", k=5)
    assert any("住房公积金" in h.text for h in hits)
    d = next(d for d in docs if d.id == hits[0].doc)
    assert d.text[hits[0].start : hits[0].end] == hits[0].text
    with pytest.raises(StoreError, match="built with embedder"):
        Retriever(Store(url=chroma_url, collection="test_server"), embedder=HashingEmbedder(dim=512))


def test_server_cli(chroma_url, seeds, tmp_path):
    import json
    import os

    env = {**os.environ, "HOME": str(tmp_path)}
    base = [sys.executable, "-m", "agent.cli.main"]
    r = subprocess.run([*base, "index", str(seeds[0]), "--chroma-url", chroma_url], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*base, "search", "预算", "--chroma-url", chroma_url, "--format", "json", "--k", "3"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["hits"]) == 3
