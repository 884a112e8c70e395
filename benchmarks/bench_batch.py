"""Batch throughput (reports/min) for --jobs 1 and --jobs 2, offline, start-up included.

Generates N distinct reports (with the eval generator, eval/generator/build.py, when present; else
copies of the seed reports with one amount varied per copy, so every file has its own sha256
and nothing is skipped), then runs `budget-review batch IN --out OUT --jobs J` as a user would,
timing the whole process.  Also reports the runner's own in-run rate (summary.json), the rate
of a resumed run with everything done (manifest hits only), one run with --no-fsync, and one run with
every output format.

Usage: .venv/bin/python benchmarks/bench_batch.py [--n 300] [--jobs 1,2] [--all-formats-n 60]
Writes benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "benchmarks" / "results" / "batch.json"
CLI = [sys.executable, "-m", "agent.cli.main"]


def seed_variants(n: int, dest: Path) -> str:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed reports in {SEEDS}")
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for i in range(n):
        text = re.sub(r"(\d+)\.(\d\d)", lambda m, k=i: f"{int(m.group(1)) + k + 1}.{m.group(2)}",
                      texts[i % len(texts)], count=1)
        folder = dest / f"unit{i % 10:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"report_{i:04d}.txt").write_text(text, encoding="utf-8")
    return f"seed variants ({len(seeds)} seeds, one amount varied per copy)"


def make_corpus(n: int, dest: Path) -> str:
    """The eval generator's consistent reports (80 % with planted errors, every 4th a .docx) when present."""
    try:
        from eval.generator.build import generate
    except ImportError:
        return seed_variants(n, dest)
    planted = n * 4 // 5
    generate(7, dest, planted=planted, clean=n - planted, docx_every=4)
    return f"eval generator (seed 7: {planted} with planted errors, {n - planted} clean; every 4th a .docx)"


def run(inp: Path, out: Path, jobs: int, formats: str = "json", *extra: str) -> dict:
    t0 = time.perf_counter()
    p = subprocess.run([*CLI, "batch", str(inp), "--out", str(out), "--jobs", str(jobs), "--formats", formats,
                        "-q", *extra], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"batch failed ({p.returncode}): {p.stderr[-2000:]}")
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    done = s["reviewed_this_run"] + s["failed_this_run"]
    return {
        "jobs": jobs, "formats": formats, "flags": " ".join(extra), "reports": s["discovered"], "reviewed": done, "skipped": s["skipped"],
        "failed": s["totals"]["failed"], "wall_seconds": round(wall, 2),
        "reports_per_min_wall": round((done or s["discovered"]) / wall * 60, 1),
        "reports_per_min_in_run": s["reports_per_min"], "findings": s["totals"]["findings"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--all-formats-n", type=int, default=60, help="reports for the all-formats run (0: skip)")
    ap.add_argument("--repeat", type=int, default=3, help="trials per --jobs setting (median reported)")
    ap.add_argument("--no-dask", action="store_true", help="skip the run on a local Dask cluster (2 workers)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        inp = work / "in"
        source = make_corpus(args.n, inp)
        jobs_list = [int(x) for x in args.jobs.split(",")]
        trials: dict[int, list[dict]] = {j: [] for j in jobs_list}
        for rep in range(args.repeat):  # interleaved, so a busy spell on the machine hits every setting
            for j in jobs_list:
                r = run(inp, work / f"out-j{j}-{rep}", j)
                trials[j].append(r)
                print(f"  trial {rep + 1} --jobs {j}: {r['reports_per_min_wall']:.0f} reports/min (wall)")
        runs = []
        for j in jobs_list:
            rs = sorted(trials[j], key=lambda r: r["reports_per_min_wall"])
            med = dict(rs[len(rs) // 2])
            med["trials_reports_per_min_wall"] = [r["reports_per_min_wall"] for r in trials[j]]
            runs.append(med)
            print(f"--jobs {j}: median {med['reports_per_min_wall']:.0f} reports/min (wall, start-up included), "
                  f"{med['reports_per_min_in_run']:.0f}/min in-run; trials {med['trials_reports_per_min_wall']}")
        last = max(int(x) for x in args.jobs.split(","))
        nofsync = run(inp, work / "out-nofsync", last, "json", "--no-fsync")
        print(f"--jobs {last} --no-fsync: {nofsync['reports_per_min_wall']:.0f} reports/min (wall)")
        dask_run = None
        if not args.no_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster:
                dask_run = run(inp, work / "out-dask", 2, "json", "--dask-scheduler", cluster.scheduler_address)
            print(f"Dask LocalCluster (2 worker processes): {dask_run['reports_per_min_wall']:.0f} reports/min (wall)")
        resume = run(inp, work / f"out-j{last}-0", last)
        print(f"resume with all done: {resume['skipped']} skipped in {resume['wall_seconds']} s")
        extra = None
        if args.all_formats_n:
            inp2 = work / "in-small"
            inp2.mkdir()
            for p in sorted(inp.rglob("*.txt"))[: args.all_formats_n]:
                shutil.copy(p, inp2 / p.name)
            extra = run(inp2, work / "out-all", last, "json,markdown,docx,xlsx")
            print(f"--jobs {last} --formats json,markdown,docx,xlsx: {extra['reports']} reports in "
                  f"{extra['wall_seconds']} s = {extra['reports_per_min_wall']:.0f} reports/min (wall)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "benchmark": "batch", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "n": args.n,
        "corpus": source, "cpus": os.cpu_count(), "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(), "runs": runs, "no_fsync": nofsync, "dask_local_cluster": dask_run,
        "resume_all_done": resume, "all_formats": extra,
        "target_reports_per_min": 300,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
