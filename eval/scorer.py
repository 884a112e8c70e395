"""Match a sample's findings against its labels and aggregate precision / recall / F1.

Matching is deliberately lenient about wording and strict about substance: the rule must be the
label's rule (or an accepted alternative) and every key must occur in the finding's evidence,
values or message.  Numbers compare numerically after normalising full-width digits and
thousands separators, so "1,220.20" satisfies key "1220.2" but "15.5" does not satisfy "5.5".

Near misses (values within rounding tolerance) are checked only for findings that match no label:
an error/warning on one, or an info where even info is not allowed, is a violation.

Counting (for the error/warning figures; the "incl. info" figures use every severity):
- each required label credits at most one finding as a true positive (a maximum matching, serious
  findings first); further findings on an already credited label are ``duplicate`` — counted and
  reported, neither true positive nor false alarm; one matching only optional labels or a
  tolerated near miss is neutral; any other finding is a false alarm;
- a required label is found when any finding (of any severity) matches it; optional labels never
  count as misses;
- severity is scored alongside: a finding on a required label none of whose matching labels has
  its severity is a ``severity_mismatch``; the severity-aware figures (``overall_severity``)
  count it as a false alarm and find a label only through a finding of the labelled severity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from eval.dataset import Dataset, ExpectedFinding, NearMiss, Sample, SetInfo
from eval.figures import load_figure_labels, score_figures
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
    SetScore,
)
from eval.normalize import NUM as _NUM
from eval.normalize import NUMERIC_KEY as _NUMERIC_KEY
from eval.normalize import dec as _dec
from eval.normalize import normalize


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


_RANK = {"error": 0, "warning": 1, "info": 2}


def _assign(edges: list[list[int]], order: list[int]) -> dict[int, int]:
    """Maximum matching of findings to labels (each label credits one finding, each finding one
    label), augmenting in ``order`` so earlier findings keep their credit.  Returns finding -> label."""
    owner: dict[int, int] = {}  # label -> finding

    def augment(fi: int, seen: set[int]) -> bool:
        for li in edges[fi]:
            if li in seen:
                continue
            seen.add(li)
            if li not in owner or augment(owner[li], seen):
                owner[li] = fi
                return True
        return False

    for fi in order:
        augment(fi, set())
    return {fi: li for li, fi in owner.items()}


def score_sample(sample: Sample, run: SampleRun, figure_labels: list[dict] | None = None,
                 set_name: str = "") -> SampleScore:
    """Per finding: tp (credited to a required label), duplicate (a further finding on a credited
    label: reported, neither tp nor false alarm), optional, tolerated or false_alarm — once by rule
    and keys, once more requiring the labelled severity (``outcome_severity``)."""
    labels = [
        LabelResult(rule=lb.rule, alternatives=lb.alternatives, severity=lb.severity, required=lb.required,
                    keys=lb.keys + ([f"any:{'|'.join(lb.any_keys)}"] if lb.any_keys else []),
                    found=False, note=lb.note)
        for lb in sample.expected
    ]
    findings = run.findings
    hits = [[i for i, lb in enumerate(sample.expected) if label_matches(f, lb)] for f in findings]
    required = [[i for i in h if sample.expected[i].required] for h in hits]
    same_sev = [[i for i in req if sample.expected[i].severity == f.severity]
                for f, req in zip(findings, required, strict=True)]
    # serious findings first, so an info note never takes the credit from an error on the same label
    order = sorted(range(len(findings)), key=lambda i: _RANK.get(findings[i].severity, 3))
    credit = _assign(required, order)
    credit_sev = _assign(same_sev, order)
    for fi, f in enumerate(findings):
        for li in hits[fi]:
            res = labels[li]
            res.found = True
            res.matched_by.append(f.id)
            res.found_with_severity |= li in same_sev[fi]
            if li in required[fi] and fi not in credit:
                res.duplicates += 1
    results: list[FindingResult] = []
    violations: list[str] = []
    for fi, f in enumerate(findings):
        hit_optional = any(not sample.expected[i].required for i in hits[fi])
        tolerated = False
        # a finding that is a labelled problem is judged by that label, never as a near miss
        for nm in [] if hits[fi] else sample.near_misses:
            if near_miss_matches(f, nm):
                if nm.max_severity == "info" and f.severity == "info":
                    tolerated = True
                else:
                    violations.append(f"{f.rule}/{f.severity} on near miss {nm.keys}: {nm.note}")
        other = "optional" if hit_optional else "tolerated" if tolerated else "false_alarm"
        if required[fi]:
            outcome = "tp" if fi in credit else "duplicate"
            if same_sev[fi]:
                outcome_sev = "tp" if fi in credit_sev else "duplicate"
            else:
                outcome_sev = "false_alarm"
        else:
            outcome = outcome_sev = other
        results.append(FindingResult(id=f.id, rule=f.rule, severity=f.severity, outcome=outcome,
                                     severity_ok=bool(same_sev[fi]) if required[fi] else None,
                                     outcome_severity=outcome_sev, message=f.message, quotes=f.quotes[:3]))
    score = SampleScore(id=sample.id, set=set_name, path=sample.path, kind=sample.kind, clean=sample.clean,
                        error=run.error, labels=labels, findings=results, near_miss_violations=violations)
    if figure_labels is not None:
        (score.figures_total, score.figures_matched, score.figures_missed, score.figures_money_total,
         score.figures_money_matched) = score_figures(figure_labels, run.figures or [])
    return score


def _finish(c: Counts) -> Counts:
    c.precision = round(c.tp / (c.tp + c.fp), 4) if c.tp + c.fp else None
    c.recall = round(c.found / c.expected, 4) if c.expected else None
    if c.precision is not None and c.recall is not None:
        c.f1 = round(2 * c.precision * c.recall / (c.precision + c.recall), 4) if c.precision + c.recall else 0.0
    return c


def _tally(samples: list[SampleScore]) -> tuple[Counts, Counts, Counts, dict[str, Counts], dict[str, Counts]]:
    """error/warning, all-severity and severity-aware counts, overall and per rule."""
    overall, overall_all, overall_sev = Counts(), Counts(), Counts()
    per_rule: dict[str, Counts] = {}
    per_rule_all: dict[str, Counts] = {}
    for s in samples:
        for f in s.findings:
            serious = f.severity in ("error", "warning")
            buckets = [(overall_all, per_rule_all)] + ([(overall, per_rule)] if serious else [])
            for tot, pr in buckets:
                r = pr.setdefault(f.rule, Counts())
                for c in (tot, r):
                    c.tp += f.outcome == "tp"
                    c.fp += f.outcome == "false_alarm"
                    c.duplicates += f.outcome == "duplicate"
                    c.severity_mismatch += f.severity_ok is False
            if serious:
                overall_sev.tp += f.outcome_severity == "tp"
                overall_sev.fp += f.outcome_severity == "false_alarm"
                overall_sev.duplicates += f.outcome_severity == "duplicate"
                overall_sev.severity_mismatch += f.severity_ok is False
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
            if serious:
                overall_sev.expected += 1
                overall_sev.found += lb.found_with_severity
    return overall, overall_all, overall_sev, per_rule, per_rule_all


def _clean(samples: list[SampleScore]) -> tuple[int, int]:
    docs = [s for s in samples if s.clean]
    fa = sum(f.severity in ("error", "warning") and f.outcome == "false_alarm" for s in docs for f in s.findings)
    return len(docs), fa


def aggregate(samples: list[SampleScore], sets: list[SetInfo] | None = None) -> Scores:
    """Overall and per-rule counts (per-rule precision by the finding's rule, recall by the label's),
    the severity-aware figures, and the same for each named set in ``sets``."""
    overall, overall_all, overall_sev, per_rule, per_rule_all = _tally(samples)
    clean_docs, clean_fa = _clean(samples)
    nm = sum(len(s.near_miss_violations) for s in samples)
    fig_total = sum(s.figures_total for s in samples)
    fig_matched = sum(s.figures_matched for s in samples)
    money_total = sum(s.figures_money_total for s in samples)
    money_matched = sum(s.figures_money_matched for s in samples)
    return Scores(
        overall=_finish(overall),
        overall_incl_info=_finish(overall_all),
        overall_severity=_finish(overall_sev),
        sets=[_set_score(info, [s for s in samples if s.set == info.name]) for info in sets or []],
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
        samples_failed=sum(s.error is not None for s in samples),
        samples=samples,
    )


def _set_score(info: SetInfo, samples: list[SampleScore]) -> SetScore:
    overall, _, overall_sev, _, _ = _tally(samples)
    clean_docs, clean_fa = _clean(samples)
    return SetScore(
        name=info.name, role=info.role, title=info.title, source=info.source or "", frozen=info.frozen,
        regression_check=info.regression_check, first_run=info.first_run, samples=len(samples),
        overall=_finish(overall), overall_severity=_finish(overall_sev),
        clean_documents=clean_docs, clean_false_alarms=clean_fa,
        false_alarms_per_clean_document=round(clean_fa / clean_docs, 4) if clean_docs else None,
        near_miss_violations=sum(len(s.near_miss_violations) for s in samples),
        samples_failed=sum(s.error is not None for s in samples),
    )


def score_log(log: EvalLog, dataset: Dataset) -> Scores:
    """(Re-)score a log's stored runs against ``dataset``; samples absent from the log are skipped."""
    runs = {r.id: r for r in log.runs}
    scored = []
    for sample in dataset.samples:
        run = runs.get(sample.id)
        if run is None:
            continue
        scored.append(score_sample(sample, run, load_figure_labels(sample), sample.set or ""))
    return aggregate(scored, dataset.sets)


__all__ = ["FoundFigure", "Scorer", "aggregate", "label_matches", "matches", "normalize", "score_log", "score_sample"]
