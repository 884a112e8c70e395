"""python -m eval.generator --seed 7 --out eval/data/generated
python -m eval.generator --style project --seed 11 --out eval/data/generated_project"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.generator.build import generate, generate_project


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.generator", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--style", choices=["mixed", "project"], default="mixed",
                    help="mixed: dept/selfeval/accounts (the committed generated/ set); "
                         "project: 项目支出绩效自评报告 with its 自评表 (a separate set)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None,
                    help="default eval/data/generated (mixed) or eval/data/generated_project (project)")
    ap.add_argument("--planted", type=int, default=None, help="documents with planted errors (54 mixed / 20 project)")
    ap.add_argument("--clean", type=int, default=None, help="clean documents (12 mixed / 6 project)")
    args = ap.parse_args(argv)
    if args.style == "project":
        args.out = args.out or Path("eval/data/generated_project")
        data = generate_project(args.seed, args.out, 20 if args.planted is None else args.planted,
                                6 if args.clean is None else args.clean)
    else:
        args.out = args.out or Path("eval/data/generated")
        data = generate(args.seed, args.out, 54 if args.planted is None else args.planted,
                        12 if args.clean is None else args.clean)
    samples = data["samples"]
    labels = sum(len(s.get("expected", [])) for s in samples)
    print(f"wrote {len(samples)} documents ({sum(s['clean'] for s in samples)} clean), {labels} labels to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
