"""Extraction and review speed on the seeds: in-process (best of N) and as a CLI call with start-up.

Targets (issues 4 and 5): extract ≤ 0.2 s per seed in-process; review ≤ 0.3 s in-process and
≤ 1.5 s as a CLI call.  Prints a table and writes benchmarks/results/review.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.extract import extract_rules  # noqa: E402
from agent.ingest import load_document  # noqa: E402
from agent.pipeline import review_document  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    paths = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))
    exe = str(Path(sys.executable).with_name("budget-review"))
    rows = []
    for p in paths:
        doc = load_document(p)
        extract_s = best(lambda doc=doc: extract_rules(doc))
        review_s = best(lambda doc=doc: review_document(doc))
        cli_s = best(lambda p=p: subprocess.run([exe, "review", str(p), "--format", "json"], capture_output=True,
                                                check=False), n=3)
        findings = len(review_document(doc).findings)
        rows.append({"file": p.name, "chars": len(doc.text), "extract_s": round(extract_s, 4),
                     "review_s": round(review_s, 4), "cli_review_s": round(cli_s, 3), "findings": findings})
        print(f"{p.name:40} chars={len(doc.text):6} extract={extract_s:.3f}s review={review_s:.3f}s "
              f"cli={cli_s:.2f}s findings={findings}")
    out = ROOT / "benchmarks" / "results" / "review.json"
    out.write_text(json.dumps({"targets": {"extract_s": 0.2, "review_s": 0.3, "cli_review_s": 1.5}, "rows": rows},
                              ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
