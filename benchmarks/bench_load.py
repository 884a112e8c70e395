"""Time the CLI's start-up and document loading; print the figures and write results/load.json.

Measures (best of N, wall clock):
  * ``budget-review --help`` in a fresh process (the issue's ≤ 0.5 s budget);
  * ``load_document`` per seed report, in-process (libraries already imported);
  * ``budget-review load <seed>`` per seed in a fresh process (what a user waits for);
  * ``load_document`` on the .docx / .txt samples.

Usage:  .venv/bin/python benchmarks/bench_load.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLES = ROOT / "samples"
RESULTS = ROOT / "benchmarks" / "results" / "load.json"


def cli() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "budget-review"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("budget-review")
    return [found] if found else [sys.executable, "-m", "agent.cli.main"]


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def child_cpu_best_of(n: int, cmd: list[str]) -> float:
    """Best user+sys CPU seconds of a subprocess: less sensitive than wall time to a busy machine."""
    best = float("inf")
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run(cmd)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from agent.ingest import load_document

    base = cli()
    n = args.repeat
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "repeat": n,
        "help_seconds": round(best_of(n, lambda: run([*base, "--help"])), 4),
        "help_cpu_seconds": round(child_cpu_best_of(n, [*base, "--help"]), 4),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "seeds": [],
        "samples": [],
    }
    print(f"budget-review --help: {results['help_seconds'] * 1000:.0f} ms wall, "
          f"{results['help_cpu_seconds'] * 1000:.0f} ms CPU (best of {n}; load average {results['load_average']})")
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        print(f"(no seeds in {SEEDS})")
    for path in seeds:
        doc = load_document(path)
        in_proc = best_of(n, lambda p=path: load_document(p))
        via_cli = best_of(n, lambda p=path: run([*base, "load", str(p)]))
        row = {
            "file": path.name,
            "bytes": path.stat().st_size,
            "chars": len(doc.text),
            "sections": sum(1 for _ in doc.iter_sections()),
            "tables": len(doc.tables),
            "load_seconds": round(in_proc, 5),
            "cli_load_seconds": round(via_cli, 4),
        }
        results["seeds"].append(row)  # type: ignore[union-attr]
        print(f"{path.name}: load {in_proc * 1000:.1f} ms in-process, {via_cli * 1000:.0f} ms via CLI "
              f"({row['bytes']} bytes, {row['sections']} sections, {row['tables']} tables)")
    if seeds:  # a 3 MB report: the largest seed repeated
        import tempfile

        text = max(seeds, key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "big.txt"
            big.write_text("\n".join([text] * (3_000_000 // len(text.encode()) + 1)), encoding="utf-8")
            t = best_of(min(n, 3), lambda: load_document(big))
            results["big_3mb"] = {"bytes": big.stat().st_size, "load_seconds": round(t, 3)}
            print(f"3 MB report ({big.stat().st_size} bytes): load {t:.2f} s in-process")
    for path in sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.txt")):
        load_document(path)
        t = best_of(n, lambda p=path: load_document(p))
        results["samples"].append({"file": path.name, "load_seconds": round(t, 5)})  # type: ignore[union-attr]
        print(f"samples/{path.name}: load {t * 1000:.1f} ms in-process")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
