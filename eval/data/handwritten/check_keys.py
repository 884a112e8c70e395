"""Check that every key / any_key of labels.yaml occurs verbatim in its document.

Exception: MISSING_ITEM labels name what is absent (e.g. "三公"), which by definition cannot be
quoted from the document; their keys are listed but not required to occur.

    python eval/data/handwritten/check_keys.py
"""
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def main() -> int:
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    bad = 0
    for s in data["samples"]:
        text = (HERE / Path(s["path"]).name).read_text(encoding="utf-8")
        for kind in ("expected", "near_misses"):
            for lab in s.get(kind, []):
                for field in ("keys", "any_keys"):
                    for k in lab.get(field, []):
                        n = text.count(str(k))
                        if n == 0 and lab["rule"] == "MISSING_ITEM":
                            print(f"absent  {s['id']} {kind:11} {lab['rule']:20} {field:8} {k!r} (names the missing item)")
                        elif n == 0:
                            bad += 1
                            print(f"MISSING {s['id']} {kind} {lab['rule']} {field}={k!r}")
                        else:
                            print(f"ok      {s['id']} {kind:11} {lab['rule']:20} {field:8} {k!r} ×{n}")
    print("all keys found" if not bad else f"{bad} keys missing")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
