"""Issue 14's speed targets, measured on material every worktree has (../shared only):

* size: review cost against text size (seed 003 repeated to 0.5 / 1.4 / 3 MB; target 3 MB ≤ 5 s),
  and a 14 MB text reviewed in a child process with its peak memory (it used to exhaust memory);
* pdf: the two published 决算 PDFs in ../shared/real, load + review in-process (target ≤ 0.3 s for a
  25-page one), best of N, wall and CPU time;
* batch: ``budget-review batch --jobs 2`` over a folder of copies of those PDFs plus the seeds
  (target ≥ 300 reports/min), start-up included, with the CPU seconds of every process;
* seed: review of seed 003 (a 20 k-character report) in-process (issue 15: ≤ 0.1 s).

Wall-clock figures depend on what else the machine runs: the load average is recorded with each,
and CPU seconds are given where they can be (they vary less).  Writes
benchmarks/results/perf_size.json, perf_pdf.json, perf_batch.json and perf_seed.json.

Usage: .venv/bin/python benchmarks/bench_perf.py [--only size,pdf,batch,seed] [--big-mb 14] [--copies 12]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"

# figures before the issue-14 performance work (README "Measured", same machine)
BEFORE = {
    "size": "0.46 MB 6.2 s, 1.37 MB 41.7 s, 2.97 MB 252 s; 14 MB exhausted memory",
    "pdf": "25-page 决算 PDF ≈ 0.2 s load + 0.23 s review = 0.45 s",
    "batch": "89 reports/min with --jobs 2 (17 real PDFs)",
    "seed": "seed 003 (20 322 chars): review 0.25 s CPU (2026-12-04 21:45, commit 4413d19)",
}


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _seed_text() -> str:
    seed = next(iter(sorted((SHARED / "seeds").glob("003_*.txt"))))
    return seed.read_text(encoding="utf-8")


def _big_file(tmp: Path, mb: float) -> Path:
    text = _seed_text()
    n = max(1, int(mb * 1024 * 1024 / len(text.encode("utf-8"))))
    p = tmp / f"big_{mb}.txt"
    p.write_text("\n".join([text] * n), encoding="utf-8")
    return p


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from agent.ingest import load_document
from agent.pipeline import review_document
t0, c0 = time.perf_counter(), time.process_time()
doc = load_document(sys.argv[1])
t1 = time.perf_counter()
result = review_document(doc)
t2 = time.perf_counter()
print(json.dumps({{"load_s": round(t1 - t0, 2), "review_s": round(t2 - t1, 2), "cpu_s": round(time.process_time() - c0, 2),
                  "findings": len(result.findings), "checked": result.coverage.checked,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  # the text-only readers' forked child on a large report (copy-on-write: mostly pages shared)
                  "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}}))
"""


def _review_in_child(path: Path, timeout: float) -> dict:
    """Load + review in a fresh interpreter, so its peak memory is its own."""
    try:
        p = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT)), str(path)], capture_output=True,
                           text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0:
        return {"error": f"exit {p.returncode}: {p.stderr.strip().splitlines()[-1:]}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def bench_size(big_mb: float) -> dict:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (0.5, 1.4, 3.0, *([big_mb] if big_mb else [])):
            p = _big_file(Path(tmp), mb)
            r = {"mb": round(p.stat().st_size / 1024 / 1024, 2), **_review_in_child(p, timeout=1800),
                 "load_average": _load()}
            rows.append(r)
            print(f"text {r['mb']:6.2f} MB: {r}")
    return {"benchmark": "size", "target": "3 MB reviewed in ≤ 5 s; 14 MB within memory", "before": BEFORE["size"],
            "rows": rows}


def _best(fn, n: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of n runs."""
    walls, cpus = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def bench_pdf(n: int = 7) -> dict:
    from agent.ingest import load_document
    from agent.pipeline import review_document

    rows = []
    for p in sorted((SHARED / "real").glob("p0*.pdf")):
        load_w, load_c = _best(lambda p=p: load_document(p), n)
        doc = load_document(p)
        rev_w, rev_c = _best(lambda doc=doc: review_document(doc), n)
        pages = max((b.page or 0) for b in doc.blocks)
        r = {"file": p.name, "pages": pages, "load_s": round(load_w, 3), "review_s": round(rev_w, 3),
             "total_s": round(load_w + rev_w, 3), "load_cpu_s": round(load_c, 3), "review_cpu_s": round(rev_c, 3),
             "total_cpu_s": round(load_c + rev_c, 3), "load_average": _load()}
        rows.append(r)
        print(f"{p.name[:44]:44} {pages} pages: load {load_w:.3f}s + review {rev_w:.3f}s = {load_w + rev_w:.3f}s "
              f"(CPU {load_c + rev_c:.3f}s)")
    return {"benchmark": "pdf", "target": "a 25-page 决算 PDF in ≤ 0.3 s in-process", "before": BEFORE["pdf"],
            "best_of": n, "rows": rows}


# Runs a command as a child subreaper (Linux), waits for every descendant (the fork server and the
# workers outlive their parents) and prints the CPU seconds of all of them: throughput on a shared
# machine depends on what else runs, CPU seconds much less.
_ALL_CPU = """
import ctypes, json, os, resource, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
rc = subprocess.run(sys.argv[1:], capture_output=True, check=False).returncode
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "cpu_s": round(ru.ru_utime + ru.ru_stime, 2)}))
"""


def bench_seed(n: int = 9) -> dict:
    """Issue 15: ``review`` of a 20 k-character report in-process (seed 003), best of n."""
    from agent.ingest import load_document
    from agent.pipeline import review_document

    p = next(iter(sorted((SHARED / "seeds").glob("003_*.txt"))))
    doc = load_document(p)
    review_document(doc)
    wall, cpu = _best(lambda: review_document(doc), n)
    print(f"{p.name}: {len(doc.text)} chars, review {wall:.3f}s (CPU {cpu:.3f}s)")
    return {"benchmark": "seed", "target": "review of a 20 k-character report ≤ 0.1 s in-process (issue 15)",
            "before": BEFORE["seed"], "best_of": n, "file": p.name, "chars": len(doc.text),
            "review_s": round(wall, 3), "review_cpu_s": round(cpu, 3), "load_average": _load()}


def bench_batch(copies: int, repeat: int = 3) -> dict:
    pdfs = sorted((SHARED / "real").glob("p0*.pdf"))
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    trials = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i in range(copies):
            for p in pdfs:
                shutil.copy(p, src / f"{p.stem[:3]}_{i:03d}.pdf")
        for p in seeds:
            shutil.copy(p, src / p.name)
        n = len(list(src.iterdir()))
        for k in range(repeat):
            out = Path(tmp) / f"out{k}"
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", _ALL_CPU, sys.executable, "-m", "agent.cli.main", "batch",
                                   str(src), "--out", str(out), "--jobs", "2", "--formats", "json", "-q"],
                                  capture_output=True, text=True, cwd=ROOT, check=False)
            wall = time.perf_counter() - t0
            ran = json.loads(proc.stdout.strip().splitlines()[-1])
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            trials.append({"seconds": round(wall, 2), "reports_per_min": round(n / wall * 60, 1),
                           "exit_code": ran["rc"], "failed": summary["totals"]["failed"],
                           "cpu_seconds_all_processes": ran["cpu_s"], "load_average": _load()})
            print(f"batch --jobs 2: {n} reports in {wall:.1f}s = {n / wall * 60:.0f}/min, CPU {ran['cpu_s']} s "
                  f"in all processes (load {_load()})")
    best = max(trials, key=lambda t: t["reports_per_min"])
    cpu = sorted(t["cpu_seconds_all_processes"] for t in trials)
    med = sorted(t["reports_per_min"] for t in trials)[len(trials) // 2]
    return {"benchmark": "batch", "target": "≥ 300 reports/min with --jobs 2", "before": BEFORE["batch"],
            "reports": n, "corpus": f"{copies} copies of each of {len(pdfs)} PDFs in ../shared/real + {len(seeds)} seeds",
            "cpus": os.cpu_count(), "best_reports_per_min": best["reports_per_min"], "median_reports_per_min": med,
            "median_cpu_seconds_all_processes": cpu[len(cpu) // 2],
            "reports_per_min_if_cpu_bound_on_2_idle_cores": round(n / (cpu[len(cpu) // 2] / 2) * 60, 1),
            "trials": trials}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="size,pdf,batch,seed")
    ap.add_argument("--big-mb", type=float, default=14.0, help="size of the memory run (0: skip)")
    ap.add_argument("--copies", type=int, default=12, help="copies of each shared PDF in the batch folder")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    runs = {"pdf": bench_pdf, "seed": bench_seed, "batch": lambda: bench_batch(args.copies), "size": lambda: bench_size(args.big_mb)}
    for name in args.only.split(","):
        result = {"date": stamp, "python": sys.version.split()[0], **runs[name]()}
        out = RESULTS / f"perf_{name}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
