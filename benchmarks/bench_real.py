"""Real published 决算/预算 PDFs: review speed in-process, batch throughput, and cost against size.

Targets (issue 14): a 25-page 决算 PDF reviewed in ≤ 0.3 s in-process; ``batch`` over a folder of
real PDFs ≥ 300 reports/min with ``--jobs 2``; review cost linear in document size (a 3 MB text
≤ 5 s).  PDFs: ../shared/real/*.pdf plus eval/data/real/*.pdf when restored (see its SOURCES.md).
Prints a table and writes benchmarks/results/real.json.  The figures depend on the machine and on
what else it runs: note the load average printed with them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.ingest import load_document  # noqa: E402
from agent.pipeline import review_document  # noqa: E402

SHARED = ROOT.parent / "shared"


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def pdfs() -> list[Path]:
    found = sorted(p for p in (SHARED / "real").glob("*.pdf") if "template" not in p.name)
    found += sorted((ROOT / "eval" / "data" / "real").glob("*.pdf"))
    return found


def per_document(paths: list[Path]) -> list[dict]:
    rows = []
    for p in paths:
        load_s = best(lambda p=p: load_document(p))
        doc = load_document(p)
        review_s = best(lambda doc=doc: review_document(doc))
        pages = max((b.page or 0) for b in doc.blocks) if doc.blocks else 0
        result = review_document(doc)
        rows.append({"file": p.name, "pages": pages, "load_s": round(load_s, 3), "review_s": round(review_s, 3),
                     "total_s": round(load_s + review_s, 3), "identities_checked": result.coverage.checked,
                     "errors": result.summary.by_severity.get("error", 0)})
        print(f"{p.name[:48]:48} pages={pages:3} load={load_s:.3f}s review={review_s:.3f}s "
              f"checked={result.coverage.checked}")
    return rows


def batch_throughput(paths: list[Path], jobs: int = 2) -> dict:
    exe = str(Path(sys.executable).with_name("budget-review"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i, p in enumerate(paths * max(1, 24 // max(1, len(paths)))):
            shutil.copy(p, src / f"{i:03d}_{p.name}")
        n = len(list(src.iterdir()))
        t0 = time.perf_counter()
        proc = subprocess.run([exe, "batch", str(src), "--out", str(Path(tmp) / "out"), "--jobs", str(jobs),
                               "--formats", "json"], capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
    per_min = n / elapsed * 60
    print(f"batch --jobs {jobs}: {n} PDFs in {elapsed:.1f}s = {per_min:.0f} reports/min (exit {proc.returncode})")
    return {"reports": n, "jobs": jobs, "seconds": round(elapsed, 2), "reports_per_min": round(per_min, 1),
            "exit_code": proc.returncode}


def scaling() -> list[dict]:
    """Review time of text reports of growing size (a seed repeated), to show the cost is linear."""
    seed = next(iter(sorted((SHARED / "seeds").glob("003_*.txt"))), None)
    if seed is None:
        return []
    text = seed.read_text(encoding="utf-8")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for target_mb in (0.5, 1.4, 3.0):
            n = max(1, int(target_mb * 1024 * 1024 / len(text.encode("utf-8"))))
            p = Path(tmp) / f"big_{target_mb}.txt"
            p.write_text("\n".join([text] * n), encoding="utf-8")
            t0 = time.perf_counter()
            review_document(load_document(p))
            elapsed = time.perf_counter() - t0
            mb = p.stat().st_size / 1024 / 1024
            rows.append({"mb": round(mb, 2), "seconds": round(elapsed, 2)})
            print(f"text {mb:.2f} MB: review {elapsed:.2f}s")
    return rows


def main() -> None:
    paths = pdfs()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    docs = per_document(paths)
    batch = batch_throughput(paths) if paths else {}
    sizes = scaling()
    out = ROOT / "benchmarks" / "results" / "real.json"
    out.write_text(json.dumps({
        "targets": {"pdf_total_s": 0.3, "batch_reports_per_min_jobs2": 300, "text_3mb_s": 5.0},
        "load_average_1min": load, "documents": docs, "batch": batch, "scaling": sizes,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
