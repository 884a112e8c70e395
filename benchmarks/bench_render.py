"""Time every output format on the seeds' real review results; write benchmarks/results/render.json.

    .venv/bin/python benchmarks/bench_render.py [--repeat 5]

For each seed: the review (agent.pipeline) once, then each renderer ``repeat`` times (median).
The .docx figures are for the .txt seed (a new document is generated) and for a Word version of
the seed (comments added to a copy; built with tests/render_support.seed_to_docx).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up (imports)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 1)


def _time_formats(render, result, doc, wresult, wdoc, out: Path, repeat: int) -> dict[str, float]:
    return {
        "text_ms": _median_ms(lambda: render(result, "text", doc=doc, color=False), repeat),
        "json_ms": _median_ms(lambda: render(result, "json"), repeat),
        "markdown_ms": _median_ms(lambda: render(result, "markdown", doc=doc), repeat),
        "xlsx_ms": _median_ms(lambda: render(result, "xlsx", doc=doc, out=out / "r.xlsx"), repeat),
        "docx_from_txt_ms": _median_ms(lambda: render(result, "docx", doc=doc, out=out / "r.docx"), repeat),
        "docx_comments_on_copy_ms": _median_ms(lambda: render(wresult, "docx", doc=wdoc, out=out / "w.docx"),
                                               repeat),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from render_support import seed_to_docx

    from agent.ingest import load_document
    from agent.pipeline import review_document
    from agent.render import render

    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        sys.exit("no seeds in ../shared/seeds")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for path in seeds:
            doc = load_document(path)
            result = review_document(doc)
            wpath = out / (path.stem + ".docx")
            seed_to_docx(doc.text, wpath)
            wdoc = load_document(wpath)
            wresult = review_document(wdoc)
            row = {"seed": path.name, "chars": len(doc.text), "findings": len(result.findings),
                   "quotes": sum(len(f.evidence) for f in result.findings),
                   **_time_formats(render, result, doc, wresult, wdoc, out, args.repeat)}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False))
    res = {"machine": platform.platform(), "python": platform.python_version(), "repeat": args.repeat,
           "seeds": rows}
    dest = ROOT / "benchmarks" / "results" / "render.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
