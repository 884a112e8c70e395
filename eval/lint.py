"""Lint the labels: a required label must pin the problem it names, or the scorer credits any
finding of its rule that happens to quote a common number.

Checks, per required label (``budget-review eval --lint``):
- ``no_keys``: no ``keys`` at all (``any_keys`` alone is a disjunction, not the stated figure) —
  except DUPLICATE_TEXT, whose ``any_keys`` are clauses of the one repeated passage (a reviewer
  may quote any sentence of it), none of them a number;
- ``not_in_document``: none of its ``keys`` occurs in the document, so the figure the document
  states (the wrong one) is not among them (MISSING_ITEM names what is absent and is exempt);
- ``ambiguous_key``: a single numeric key that ``many`` (2) or more numbers in the document equal, so
  a finding on another sentence quoting the same number matches it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from eval.dataset import Dataset, Sample, sample_file
from eval.normalize import NUM as _NUM
from eval.normalize import NUMERIC_KEY as _NUMERIC_KEY
from eval.normalize import dec as _dec
from eval.normalize import normalize

MANY = 2
_ABSENT_RULES = {"MISSING_ITEM"}
_PASSAGE_RULES = {"DUPLICATE_TEXT"}


@dataclass(frozen=True)
class LintIssue:
    set: str
    sample: str
    label: int  # index in the sample's ``expected``
    rule: str
    code: str  # no_keys | not_in_document | ambiguous_key | unreadable
    detail: str

    def line(self) -> str:
        return f"{self.set or '-'} {self.sample} #{self.label} {self.rule}: {self.code} — {self.detail}"


def document_text(sample: Sample) -> str | None:
    """The loaded text of a sample's document, as the reviewer sees it (.txt/.docx/.pdf/.xlsx)."""
    from agent.ingest import load_document

    path = Path(sample_file(sample))
    if not path.exists():
        return None
    try:
        return load_document(path).text
    except Exception:  # noqa: BLE001 - a document the loader rejects is reported, not fatal
        return None


def _numbers(text: str) -> Counter[Decimal]:
    return Counter(d for m in _NUM.findall(normalize(text)) if (d := _dec(m)) is not None)


def _occurs(key: str, text: str, numbers: Counter[Decimal]) -> int:
    k = normalize(key).strip()
    if _NUMERIC_KEY.match(k):
        d = _dec(k.rstrip("%"))
        return numbers[d] if d is not None else 0
    return text.count(k)


def lint_sample(sample: Sample, text: str | None, many: int = MANY) -> list[LintIssue]:
    issues: list[LintIssue] = []

    def add(i: int, rule: str, code: str, detail: str) -> None:
        issues.append(LintIssue(sample.set or "", sample.id, i, rule, code, detail))

    required = [(i, lb) for i, lb in enumerate(sample.expected) if lb.required]
    if required and text is None:
        add(0, "-", "unreadable", f"cannot load {sample.path}")
        return issues
    norm = normalize(text or "")
    numbers = _numbers(norm)
    for i, lb in required:
        passage = lb.rule in _PASSAGE_RULES and lb.any_keys and not any(
            _NUMERIC_KEY.match(normalize(k).strip()) for k in lb.any_keys)
        if not lb.keys and passage:
            if not any(_occurs(k, norm, numbers) >= 2 for k in lb.any_keys):
                add(i, lb.rule, "not_in_document", f"no clause of {lb.any_keys} is repeated in the document")
            continue
        if not lb.keys:
            add(i, lb.rule, "no_keys", f"no keys (any_keys: {lb.any_keys or '-'}); give the stated figure")
            continue
        counts = [_occurs(k, norm, numbers) for k in lb.keys]
        if lb.rule not in _ABSENT_RULES and not any(counts):
            add(i, lb.rule, "not_in_document", f"none of {lb.keys} occurs in the document")
        if len(lb.keys) == 1 and _NUMERIC_KEY.match(normalize(lb.keys[0]).strip()) and counts[0] >= many:
            add(i, lb.rule, "ambiguous_key", f"single key {lb.keys[0]!r} equals {counts[0]} numbers in the document")
    return issues


def lint_dataset(dataset: Dataset, many: int = MANY) -> list[LintIssue]:
    out: list[LintIssue] = []
    for s in dataset.samples:
        needs_text = any(lb.required for lb in s.expected)
        out += lint_sample(s, document_text(s) if needs_text else None, many)
    return out
