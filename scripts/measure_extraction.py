"""Field-level precision and recall of the rule extractor against the hand-labelled seed figures.

Labels: eval/data/figures/<seed>.yaml (label, key, value, unit, quote — the quote locates the figure).
- recall: labelled figures for which the extractor produced a figure at that place with the same
  value and unit;
- precision: of the extracted figures standing on a labelled figure, the share whose value and unit
  are right (a misread number or unit counts against it);
- key accuracy: of the labelled figures that carry a canonical key and were found, the share the
  extractor keyed identically.
Prints a table and writes benchmarks/results/extraction.json; ``--misses`` lists every wrongly keyed figure.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.extract import extract_rules  # noqa: E402
from agent.extract.rules.labels import same_project  # noqa: E402
from agent.ingest import load_document  # noqa: E402
from agent.ingest.normalize import normalize  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
LABELS = ROOT / "eval" / "data" / "figures"


def locate(text: str, quote: str, value: str) -> tuple[int, int] | None:
    """Offsets of the labelled number: the last occurrence of the value inside the quote."""
    pos = text.find(quote)
    if pos < 0:
        return None
    nq = normalize(quote)
    hits = [m for m in re.finditer(r"\d+(?:\.\d+)?", nq.text) if Decimal(m.group()) == Decimal(value)]
    if not hits:
        return None
    s, e = nq.to_source(hits[-1].start(), hits[-1].end())
    return pos + s, pos + e


def same_key(got: str, want: str) -> bool:
    """Equal keys; for projects, the same measure and the same project however its name is written."""
    if got == want:
        return True
    if got.startswith("project:") and want.startswith("project:"):
        (gn, _, gm), (wn, _, wm) = got[8:].rpartition("."), want[8:].rpartition(".")
        return gm == wm and same_project(gn, wn)
    return False


def unit_of(u: object) -> str:
    return normalize(str(u or "")).text.strip()


def main() -> int:
    rows = []
    totals = {"labelled": 0, "found": 0, "judged": 0, "correct": 0, "keyed": 0, "key_ok": 0}
    for path in sorted(SEEDS.glob("*.txt")):
        label_file = LABELS / f"{path.stem}.yaml"
        if not label_file.exists():
            continue
        items = (yaml.safe_load(label_file.read_text(encoding="utf-8")) or {}).get("items", [])
        doc = load_document(path)
        figs = extract_rules(doc).all_figures()
        c = {k: 0 for k in totals}
        for it in items:
            where = locate(doc.text, str(it["quote"]), str(it["value"]))
            if where is None:
                continue
            c["labelled"] += 1
            at = [f for f in figs if f.span.start < where[1] and where[0] < f.span.end]
            good = [f for f in at if f.value == Decimal(str(it["value"])) and unit_of(f.unit) == unit_of(it.get("unit"))]
            c["judged"] += len(at)
            c["correct"] += len(good)
            if good:
                c["found"] += 1
                if it.get("key"):
                    c["keyed"] += 1
                    ok = any(same_key(f.key, str(it["key"])) for f in good)
                    c["key_ok"] += ok
                    if not ok and "--misses" in sys.argv:
                        print(f"  {path.name[:3]} want {it['key']:40} got {', '.join(f.key for f in good):40} "
                              f"{it.get('label', '')} «{str(it['quote'])[:40]}»")
        for k in totals:
            totals[k] += c[k]
        rows.append({"seed": path.name, **c,
                     "recall": round(c["found"] / c["labelled"], 3) if c["labelled"] else None,
                     "precision": round(c["correct"] / c["judged"], 3) if c["judged"] else None,
                     "key_accuracy": round(c["key_ok"] / c["keyed"], 3) if c["keyed"] else None})
    overall = {"recall": round(totals["found"] / totals["labelled"], 3),
               "precision": round(totals["correct"] / totals["judged"], 3),
               "key_accuracy": round(totals["key_ok"] / totals["keyed"], 3) if totals["keyed"] else None,
               **totals}
    for r in rows:
        print(f"{r['seed']:28} labelled={r['labelled']:4} recall={r['recall']} precision={r['precision']} "
              f"key_accuracy={r['key_accuracy']}")
    print(f"{'overall':28} labelled={overall['labelled']:4} recall={overall['recall']} "
          f"precision={overall['precision']} key_accuracy={overall['key_accuracy']}")
    out = ROOT / "benchmarks" / "results" / "extraction.json"
    out.write_text(json.dumps({"overall": overall, "per_seed": rows}, ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
