"""load → extract → check → ReviewResult: the one path every command (review, batch, eval, chat) uses."""

from __future__ import annotations

import logging
import time
from collections import Counter

from agent import __version__
from agent.checks import RULES, RULES_VERSION, run_checks
from agent.checks.coverage import coverage_of
from agent.config import Settings, with_model
from agent.schemas import Document, DocumentInfo, Facts, ReviewResult, ReviewSummary, Severity, ToolInfo

log = logging.getLogger(__name__)


def extract(doc: Document, settings: Settings | None = None, *, provider: str | None = None,
            model: str | None = None) -> Facts:
    """Facts from the rule extractor, or from an LLM provider merged with it."""
    settings = with_model(settings or Settings(), model)  # a copy: the caller's settings stay as given
    name = provider or settings.llm.provider
    if name == "rules":
        from agent.extract import extract_rules

        return extract_rules(doc, settings)
    from agent.providers import get_provider

    return get_provider(name, settings).extract(doc, settings)


def review_document(doc: Document, settings: Settings | None = None, *, provider: str | None = None,
                    model: str | None = None, rules: list[str] | None = None,
                    min_severity: Severity | str | None = None, facts: Facts | None = None) -> ReviewResult:
    settings = settings or Settings()
    if rules:
        unknown = [r for r in rules if r not in RULES]
        if unknown:
            from agent.errors import ConfigError

            raise ConfigError(f"unknown rule id(s): {', '.join(unknown)} (see `budget-review rules`)")
    t0 = time.perf_counter()
    facts = facts or extract(doc, settings, provider=provider, model=model)
    log.debug("%s: %d figures, %d claims, %d budget lines extracted by %s in %.2f s", doc.path, len(facts.figures),
              len(facts.claims), len(facts.budget_lines), facts.provenance.provider, time.perf_counter() - t0)
    findings = run_checks(facts, settings.checks, rules)
    log.debug("%s: %d findings from the checks", doc.path, len(findings))
    if facts.provenance.provider != "rules":
        findings = _never_fewer(doc, settings, rules, findings)
    if min_severity is not None:
        floor = Severity(min_severity).rank
        findings = [f for f in findings if f.severity.rank >= floor]
    by_sev = Counter(f.severity.value for f in findings)
    result = ReviewResult(
        document=DocumentInfo(id=doc.id, path=doc.path, format=doc.format, sha256=doc.sha256, title=facts.title,
                              unit_name=facts.unit_name, year=facts.year, kind=facts.kind),
        findings=findings,
        summary=ReviewSummary(total=len(findings),
                              by_severity={s.value: by_sev.get(s.value, 0) for s in Severity},
                              by_rule=dict(sorted(Counter(f.rule for f in findings).items()))),
        tool=ToolInfo(version=__version__, rules_version=RULES_VERSION,
                      extractor=f"{facts.provenance.extractor}/{facts.provenance.version}",
                      provider=facts.provenance.provider, model=facts.provenance.model,
                      prompt_ids=facts.provenance.prompt_ids, tokens=facts.provenance.tokens,
                      warnings=facts.provenance.warnings, degraded=bool(facts.provenance.notices),
                      notices=facts.provenance.notices),
        coverage=coverage_of(facts, findings),
    )
    from agent.extract.llm_relations import mark_origin

    return mark_origin(result, facts)  # findings on LLM-proposed, Python-verified relations say so


def _never_fewer(doc: Document, settings: Settings, rules: list[str] | None, findings: list) -> list:
    """An LLM adds recall, never removes it: findings of the rule-only facts are always kept."""
    from agent.checks.merge import merge_findings
    from agent.extract import extract_rules

    have = {(f.rule, f.evidence[0].start) for f in findings} | {f.id for f in findings}
    extra = [f for f in run_checks(extract_rules(doc, settings), settings.checks, rules)
             if f.id not in have and (f.rule, f.evidence[0].start) not in have]
    return merge_findings(findings + extra) if extra else findings
