"""Deterministic verification of Facts: every catalogue rule as a pure check, then one finding per problem."""

from __future__ import annotations

from agent.checks import arithmetic, budget, consistency, selfeval, text  # noqa: F401 - each registers its checks
from agent.checks.merge import merge_findings
from agent.checks.registry import RULES, RULES_VERSION, registered
from agent.config import CheckSettings
from agent.schemas import Facts, Finding

__all__ = ["RULES", "RULES_VERSION", "registered", "run_checks"]


def run_checks(facts: Facts, cfg: CheckSettings | None = None, rules: list[str] | None = None) -> list[Finding]:
    cfg = cfg or CheckSettings()
    wanted = set(rules) if rules else None
    findings: list[Finding] = []
    for rule_id, fn in registered().items():
        if rule_id in cfg.disabled_rules or (wanted is not None and rule_id not in wanted):
            continue
        findings.extend(fn(facts, cfg))
    return merge_findings(findings)
