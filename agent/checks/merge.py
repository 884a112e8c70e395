"""One underlying problem is one finding: a wrong execution rate on an over-spent project is reported
once (RATIO_MISMATCH, error) with OVER_BUDGET as a related rule and all the evidence."""

from __future__ import annotations

from agent.schemas import Finding

# (kept rule, absorbed rule): when both fire on the same figures, the first carries the finding.
_ABSORB = [("RATIO_MISMATCH", "OVER_BUDGET"), ("SUM_MISMATCH", "FIGURE_INCONSISTENT")]


def _overlap(a: Finding, b: Finding) -> bool:
    sa = {(e.start, e.end) for e in a.evidence}
    sb = {(e.start, e.end) for e in b.evidence}
    return len(sa & sb) >= 2


def merge_findings(findings: list[Finding]) -> list[Finding]:
    out = list(findings)
    for keep_rule, absorb_rule in _ABSORB:
        keepers = [f for f in out if f.rule == keep_rule]
        for f in [f for f in out if f.rule == absorb_rule]:
            host = next((k for k in keepers if _overlap(k, f)), None)
            if host is None:
                continue
            out.remove(f)
            seen = {(e.start, e.end) for e in host.evidence}
            host.evidence.extend(e for e in f.evidence if (e.start, e.end) not in seen)
            host.evidence.sort(key=lambda e: e.start)
            if absorb_rule not in host.related_rules:
                host.related_rules.append(absorb_rule)
            host.message = host.message.rstrip("。") + "；" + f.message
            host.message_en = host.message_en.rstrip(".") + "; " + f.message_en
    rank = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (rank[f.severity.value], f.evidence[0].start))
    return out
