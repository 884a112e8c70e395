"""Check that every key of eval/data/real/labels.yaml occurs in its document's extracted text.

Labeller's aid, independent of the project's extractor: text comes from pypdfium2 and pdfplumber
(either is enough).  Numeric keys compare as numbers after dropping thousands separators (as the
scorer does: "1220.2" matches "1,220.20"); other keys are substrings, checked verbatim first and
then with whitespace removed (reported as "nospace": the PDF breaks or spaces the phrase).

    python eval/data/real/check_keys.py            # needs pypdfium2, pdfplumber, pyyaml
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def texts(path: Path) -> list[str]:
    out = []
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        out.append("\n".join(p.get_textpage().get_text_range() for p in pdf))
    except Exception as exc:  # noqa: BLE001 - report and go on with the other reader
        print(f"  pypdfium2 failed on {path.name}: {exc}")
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            out.append("\n".join(p.extract_text() or "" for p in pdf.pages))
    except Exception as exc:  # noqa: BLE001
        print(f"  pdfplumber failed on {path.name}: {exc}")
    return out


def as_number(s: str) -> Decimal | None:
    s = s.replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def occurs(key: str, docs: list[str]) -> str | None:
    n = as_number(key)
    for t in docs:
        if n is not None:
            if any(as_number(m) == n for m in NUM.findall(t)):
                return "number"
        elif key in t:
            return "verbatim"
    if n is None:
        k = re.sub(r"\s+", "", key)
        if any(k in re.sub(r"\s+", "", t) for t in docs):
            return "nospace"
    return None


def main() -> int:
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    bad = 0
    for s in data["samples"]:
        path = ROOT / s["path"]
        if not path.exists():
            print(f"{s['id']}: MISSING FILE {path}")
            bad += 1
            continue
        docs = texts(path)
        labels = [("expected", e) for e in s.get("expected", [])] + [("near", n) for n in s.get("near_misses", [])]
        for kind, lab in labels:
            for field in ("keys", "any_keys"):
                keys = [str(k) for k in lab.get(field, [])]
                found = {k: occurs(k, docs) for k in keys}
                missing = [k for k, v in found.items() if v is None]
                if field == "keys" and missing:
                    print(f"{s['id']} {kind} {lab['rule']}: key(s) not in text: {missing}")
                    bad += 1
                if field == "any_keys" and keys and len(missing) == len(keys):
                    print(f"{s['id']} {kind} {lab['rule']}: none of any_keys in text: {keys}")
                    bad += 1
                for k, v in found.items():
                    if v == "nospace":
                        print(f"{s['id']} {kind} {lab['rule']}: {k!r} only matches with whitespace removed")
    print("all keys found" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
