"""python -m eval.generator --seed 7 --out eval/data/generated"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.generator.build import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.generator", description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("eval/data/generated"))
    ap.add_argument("--planted", type=int, default=54, help="documents with planted errors")
    ap.add_argument("--clean", type=int, default=12, help="clean documents")
    args = ap.parse_args(argv)
    data = generate(args.seed, args.out, args.planted, args.clean)
    samples = data["samples"]
    labels = sum(len(s.get("expected", [])) for s in samples)
    print(f"wrote {len(samples)} documents ({sum(s['clean'] for s in samples)} clean), {labels} labels to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
