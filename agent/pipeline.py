"""load → extract → check → ReviewResult: the one path every command (review, batch, eval, chat) uses."""

from __future__ import annotations

import logging
import time
from collections import Counter

from agent import __version__
from agent.checks import RULES, RULES_VERSION, run_checks
from agent.checks.coverage import coverage_of
from agent.checks.merge import with_reference
from agent.config import Settings, with_model
from agent.errors import ConfigError
from agent.extract import extract_rules
from agent.extract.llm_relations import mark_origin
from agent.gcpause import without_gc
from agent.providers import get_provider
from agent.schemas import Document, DocumentInfo, Facts, ReviewResult, ReviewSummary, Severity, ToolInfo

log = logging.getLogger(__name__)


def extract_with_reference(doc: Document, settings: Settings | None = None, *, provider: str | None = None,
                           model: str | None = None) -> tuple[Facts, Facts]:
    """(facts, rule facts): the rule extractor runs once; an LLM provider is handed its facts and
    merges with them, and the pipeline keeps them as the reference (merge policy: agent.checks.merge)."""
    settings = with_model(settings or Settings(), model)  # a copy: the caller's settings stay as given
    name = provider or settings.llm.provider
    rule_facts = extract_rules(doc, settings)
    if name == "rules":
        return rule_facts, rule_facts
    return get_provider(name, settings).extract(doc, settings, known=rule_facts), rule_facts


def extract(doc: Document, settings: Settings | None = None, *, provider: str | None = None,
            model: str | None = None) -> Facts:
    """Facts from the rule extractor, or from an LLM provider merged with it."""
    return extract_with_reference(doc, settings, provider=provider, model=model)[0]


@without_gc
def review_document(doc: Document, settings: Settings | None = None, *, provider: str | None = None,
                    model: str | None = None, rules: list[str] | None = None,
                    min_severity: Severity | str | None = None, facts: Facts | None = None,
                    reference: Facts | None = None) -> ReviewResult:
    """``facts``: already extracted (then ``reference``, the rule extractor's facts for the same
    document, spares extracting them again when ``facts`` came from an LLM provider)."""
    settings = settings or Settings()
    if rules:
        unknown = [r for r in rules if r not in RULES]
        if unknown:
            raise ConfigError(f"unknown rule id(s): {', '.join(unknown)} (see `budget-review rules`)")
    t0 = time.perf_counter()
    if facts is None:
        facts, reference = extract_with_reference(doc, settings, provider=provider, model=model)
    log.debug("%s: %d figures, %d claims, %d budget lines extracted by %s in %.2f s", doc.path, len(facts.figures),
              len(facts.claims), len(facts.budget_lines), facts.provenance.provider, time.perf_counter() - t0)
    findings = run_checks(facts, settings.checks, rules)
    log.debug("%s: %d findings from the checks", doc.path, len(findings))
    if facts.provenance.provider != "rules":  # merge policy 2: never fewer findings than the rules alone
        reference = reference if reference is not None else extract_rules(doc, settings)
        findings = with_reference(findings, run_checks(reference, settings.checks, rules))
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

    return mark_origin(result, facts)  # findings on LLM-proposed, Python-verified relations say so

