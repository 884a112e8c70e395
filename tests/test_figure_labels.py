"""The hand-labelled seed figures (eval/data/figures/*.yaml) are grounded in the seed text.

Every label's quote must occur verbatim in its seed, and the labelled value must be one of the
numbers in that quote (after NFKC — full-width digits to ASCII — and dropping thousands
separators).  Each file labels at least 30 figures, or says in ``note:`` why it has fewer.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FIGURES = REPO / "eval" / "data" / "figures"
SEEDS = REPO.parent / "shared" / "seeds"
MIN_FIGURES = 30

_NUM = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

LABEL_FILES = sorted(FIGURES.glob("*.yaml"))


def _norm(s: str) -> str:
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", s))


def _numbers(s: str) -> set[Decimal]:
    return {Decimal(m) for m in _NUM.findall(_norm(s))}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_label_files_exist() -> None:
    assert len(LABEL_FILES) >= 5, f"expected one label file per seed in {FIGURES}"


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_label_file_shape(path: Path) -> None:
    raw = _load(path)
    assert str(raw.get("version")) == "1"
    assert raw["document"] == f"seeds/{path.stem}.txt"
    items = raw["items"]
    assert len(items) >= MIN_FIGURES or str(raw.get("note", "")).strip(), (
        f"{path.name}: {len(items)} figures (< {MIN_FIGURES}) and no note explaining why"
    )
    for i, it in enumerate(items):
        for field in ("label", "value", "unit", "quote"):
            assert isinstance(it.get(field), str) and it[field].strip(), f"{path.name} item {i}: {field}"
        assert "," not in it["value"], f"{path.name} item {i}: thousands separator in value"
        Decimal(it["value"])  # a plain number
        key = it.get("key")
        assert key is None or (isinstance(key, str) and key.strip())


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_quotes_grounded_in_seed(path: Path) -> None:
    raw = _load(path)
    seed = SEEDS / Path(raw["document"]).name
    if not seed.exists():
        pytest.skip(f"seed {seed} not present (../shared/seeds is outside the repository)")
    text = seed.read_text(encoding="utf-8")
    bad = []
    for it in raw["items"]:
        quote, value = it["quote"], Decimal(it["value"])
        if quote not in text:
            bad.append(f"quote not in seed: {it['label']}: {quote!r}")
        elif value not in _numbers(quote):
            bad.append(f"value {it['value']} not in quote: {it['label']}: {quote!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_no_duplicate_labels(path: Path) -> None:
    items = _load(path)["items"]
    seen: set[tuple[str, str, str]] = set()
    dups = []
    for it in items:
        k = (it["label"], it.get("key") or "", it["value"])
        if k in seen:
            dups.append(k)
        seen.add(k)
    assert not dups, dups
