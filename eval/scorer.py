"""Match a sample's findings against its labels and aggregate precision / recall / F1.

Matching is deliberately lenient about wording and strict about substance: the rule must be the
label's rule (or an accepted alternative) and every key must occur in the finding's evidence,
values or message.  Numbers compare numerically after normalising full-width digits and
thousands separators, so "1,220.20" satisfies key "1220.2" but "15.5" does not satisfy "5.5".

Near misses (values within rounding tolerance) are checked only for findings that match no label:
an error/warning on one, or an info where even info is not allowed, is a violation.

Counting (for the error/warning figures; the "incl. info" figures use every severity):
- a finding matching a required label is a true positive; one matching only optional labels or a
  tolerated near miss is neutral; any other finding is a false alarm;
- a required label is found when any finding (of any severity) matches it; optional labels never
  count as misses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Protocol

from eval.dataset import Dataset, ExpectedFinding, NearMiss, Sample
from eval.log import (
    Counts,
    EvalLog,
    FindingResult,
    FoundFigure,
    FoundFinding,
    LabelResult,
    SampleRun,
    SampleScore,
    Scores,
)

_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_NUMERIC_KEY = re.compile(r"^-?\d+(?:\.\d+)?%?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


def normalize(text: str) -> str:
    """Full-width → ASCII, thousands separators dropped."""
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


class _Haystack:
    def __init__(self, text: str) -> None:
        self.text = normalize(text)
        self.numbers = {d for m in _NUM.findall(self.text) if (d := _dec(m)) is not None}

    def has(self, key: str) -> bool:
        k = normalize(key).strip()
        if _NUMERIC_KEY.match(k):
            d = _dec(k.rstrip("%"))
            return d is not None and d in self.numbers
        return k in self.text


def matches(finding: FoundFinding, rules: Iterable[str], keys: list[str], any_keys: list[str] | None = None) -> bool:
    if finding.rule not in set(rules):
        return False
    hay = _Haystack(finding.haystack())
    if not all(hay.has(k) for k in keys):
        return False
    return not any_keys or any(hay.has(k) for k in any_keys)


def label_matches(f: FoundFinding, label: ExpectedFinding) -> bool:
    return matches(f, label.rules, label.keys, label.any_keys)


def near_miss_matches(f: FoundFinding, nm: NearMiss) -> bool:
    return matches(f, [nm.rule], nm.keys)


class Scorer(Protocol):
    def __call__(self, sample: Sample, run: SampleRun) -> SampleScore: ...


def score_sample(sample: Sample, run: SampleRun, figure_labels: list[dict] | None = None) -> SampleScore:
    labels = [
        LabelResult(rule=lb.rule, alternatives=lb.alternatives, severity=lb.severity, required=lb.required,
                    keys=lb.keys + ([f"any:{'|'.join(lb.any_keys)}"] if lb.any_keys else []),
                    found=False, note=lb.note)
        for lb in sample.expected
    ]
    results: list[FindingResult] = []
    violations: list[str] = []
    for f in run.findings:
        hit_required = hit_optional = False
        for lb, res in zip(sample.expected, labels, strict=True):
            if label_matches(f, lb):
                res.found = True
                res.matched_by.append(f.id)
                hit_required |= lb.required
                hit_optional |= not lb.required
        tolerated = False
        # a finding that is a labelled problem is judged by that label, never as a near miss
        for nm in [] if hit_required or hit_optional else sample.near_misses:
            if near_miss_matches(f, nm):
                if nm.max_severity == "info" and f.severity == "info":
                    tolerated = True
                else:
                    violations.append(f"{f.rule}/{f.severity} on near miss {nm.keys}: {nm.note}")
        if hit_required:
            outcome = "tp"
        elif hit_optional:
            outcome = "optional"
        elif tolerated:
            outcome = "tolerated"
        else:
            outcome = "false_alarm"
        results.append(FindingResult(id=f.id, rule=f.rule, severity=f.severity, outcome=outcome,
                                     message=f.message, quotes=f.quotes[:3]))
    score = SampleScore(id=sample.id, path=sample.path, kind=sample.kind, clean=sample.clean, error=run.error,
                        labels=labels, findings=results, near_miss_violations=violations)
    if figure_labels is not None:
        from eval.figures import score_figures

        (score.figures_total, score.figures_matched, score.figures_missed, score.figures_money_total,
         score.figures_money_matched) = score_figures(figure_labels, run.figures or [])
    return score


def _finish(c: Counts) -> Counts:
    c.precision = round(c.tp / (c.tp + c.fp), 4) if c.tp + c.fp else None
    c.recall = round(c.found / c.expected, 4) if c.expected else None
    if c.precision is not None and c.recall is not None:
        c.f1 = round(2 * c.precision * c.recall / (c.precision + c.recall), 4) if c.precision + c.recall else 0.0
    return c


def aggregate(samples: list[SampleScore]) -> Scores:
    """Overall and per-rule counts; per-rule precision is by the finding's rule, recall by the label's."""
    overall, overall_all = Counts(), Counts()
    per_rule: dict[str, Counts] = {}
    per_rule_all: dict[str, Counts] = {}
    clean_docs = clean_fa = nm = 0
    fig_total = fig_matched = failed = money_total = money_matched = 0
    for s in samples:
        failed += s.error is not None
        nm += len(s.near_miss_violations)
        fig_total += s.figures_total
        fig_matched += s.figures_matched
        money_total += s.figures_money_total
        money_matched += s.figures_money_matched
        if s.clean:
            clean_docs += 1
        for f in s.findings:
            serious = f.severity in ("error", "warning")
            buckets = [(overall_all, per_rule_all)] + ([(overall, per_rule)] if serious else [])
            for tot, pr in buckets:
                r = pr.setdefault(f.rule, Counts())
                if f.outcome == "tp":
                    tot.tp += 1
                    r.tp += 1
                elif f.outcome == "false_alarm":
                    tot.fp += 1
                    r.fp += 1
            if s.clean and serious and f.outcome == "false_alarm":
                clean_fa += 1
        for lb in s.labels:
            if not lb.required:
                continue
            serious = lb.severity in ("error", "warning")
            for tot, pr in [(overall_all, per_rule_all)] + ([(overall, per_rule)] if serious else []):
                r = pr.setdefault(lb.rule, Counts())
                tot.expected += 1
                r.expected += 1
                if lb.found:
                    tot.found += 1
                    r.found += 1
    return Scores(
        overall=_finish(overall),
        overall_incl_info=_finish(overall_all),
        per_rule={k: _finish(v) for k, v in sorted(per_rule.items())},
        per_rule_incl_info={k: _finish(v) for k, v in sorted(per_rule_all.items())},
        clean_documents=clean_docs,
        clean_false_alarms=clean_fa,
        false_alarms_per_clean_document=round(clean_fa / clean_docs, 4) if clean_docs else None,
        near_miss_violations=nm,
        figures_total=fig_total,
        figures_matched=fig_matched,
        figure_accuracy=round(fig_matched / fig_total, 4) if fig_total else None,
        figure_money_accuracy=round(money_matched / money_total, 4) if money_total else None,
        samples_failed=failed,
        samples=samples,
    )


def score_log(log: EvalLog, dataset: Dataset) -> Scores:
    """(Re-)score a log's stored runs against ``dataset``; samples absent from the log are skipped."""
    from eval.figures import load_figure_labels

    runs = {r.id: r for r in log.runs}
    scored = []
    for sample in dataset.samples:
        run = runs.get(sample.id)
        if run is None:
            continue
        scored.append(score_sample(sample, run, load_figure_labels(sample)))
    return aggregate(scored)


__all__ = ["FoundFigure", "Scorer", "aggregate", "label_matches", "matches", "normalize", "score_log", "score_sample"]
