"""Extraction accuracy: hand-labelled key figures per document vs. the extractor's Facts figures.

Labels live in eval/data/figures/<sample id>.yaml (for seeds the id is the 3-digit prefix, e.g.
000.yaml) as ``{version: "1", items: [{key, label, value, unit}]}``; key or label may be omitted.
A label is matched when some extracted figure has the same value (as a Decimal) and unit and
either the same canonical key, a label that contains / is contained in the labelled one, or — when
the label carries the ``quote`` it was read from — stands at that quote (the quote occurs in the
text around the figure).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from eval.dataset import FIGURES_DIR, Sample, resolve_path
from eval.log import FoundFigure
from eval.normalize import normalize


def figure_label_file(sample: Sample) -> Path | None:
    if sample.figures:
        return resolve_path(sample.figures)
    for name in (sample.id, Path(sample.path).stem, Path(sample.path).name[:3]):
        p = FIGURES_DIR / f"{name}.yaml"
        if p.exists():
            return p
    return None


def load_figure_labels(sample: Sample) -> list[dict] | None:
    path = figure_label_file(sample)
    if path is None or not path.exists():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = raw.get("items", raw if isinstance(raw, list) else [])
    return [dict(i) for i in items if isinstance(i, dict) and "value" in i]


def _dec(v: object) -> Decimal | None:
    try:
        return Decimal(normalize(str(v)).replace("%", "").strip())
    except InvalidOperation:
        return None


def _unit(u: object) -> str:
    return normalize(str(u or "")).strip().replace("％", "%")


def _label_ok(want: str, got: str) -> bool:
    a, b = normalize(want).replace(" ", ""), normalize(got).replace(" ", "")
    return bool(a) and bool(b) and (a in b or b in a)


def figure_matches(label: dict, fig: FoundFigure) -> bool:
    if _dec(label["value"]) != _dec(fig.value) or _unit(label.get("unit")) != _unit(fig.unit):
        return False
    key, text, quote = label.get("key"), label.get("label"), label.get("quote")
    if not key and not text and not quote:
        return True
    if quote and fig.context and normalize(str(quote)) in normalize(fig.context):
        return True
    return (bool(key) and key == fig.key) or (bool(text) and _label_ok(str(text), fig.label))


MONEY_UNITS = {"万元", "元", "亿元"}


def score_figures(labels: list[dict], figures: list[FoundFigure]) -> tuple[int, int, list[str], int, int]:
    """(labelled, matched, descriptions of the missed labels, money labelled, money matched)."""
    missed = []
    matched = money = money_matched = 0
    for lb in labels:
        is_money = _unit(lb.get("unit")) in MONEY_UNITS
        money += is_money
        if any(figure_matches(lb, f) for f in figures):
            matched += 1
            money_matched += is_money
        else:
            missed.append(f"{lb.get('key') or lb.get('label')} = {lb['value']} {lb.get('unit', '')}".strip())
    return len(labels), matched, missed, money, money_matched
