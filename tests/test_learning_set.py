"""Every phrasing of the learning set (eval/data/learning) fires on its wrong version, in every number
style, and stays silent on its consistent counterpart."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.ingest import load_document
from agent.ingest.normalize import normalize
from agent.pipeline import review_document

ROOT = Path(__file__).resolve().parents[1]
LABELS = yaml.safe_load((ROOT / "eval/data/learning/labels.yaml").read_text(encoding="utf-8"))["samples"]


def _numbers(text: str) -> set[str]:
    import re
    from decimal import Decimal

    return {str(Decimal(n)) for n in re.findall(r"\d+(?:\.\d+)?", normalize(text).text)}


@pytest.mark.parametrize("sample", LABELS, ids=[s["id"] for s in LABELS])
def test_learning_phrasing(sample: dict) -> None:
    result = review_document(load_document(ROOT / sample["path"]))
    serious = [f for f in result.findings if f.severity in ("error", "warning")]
    if sample["clean"]:
        assert serious == [], [f.message for f in serious]
        return
    for want in sample["expected"]:
        hits = [f for f in serious if f.rule == want["rule"]]
        assert hits, f"{want['rule']} not reported"
        from decimal import Decimal

        keys = {str(Decimal(k)) for k in want["keys"]}
        assert any(keys <= _numbers(" ".join(e.quote for e in f.evidence)) for f in hits)
