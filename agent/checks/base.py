"""Building findings: evidence from grounded spans, stable ids, values as strings."""

from __future__ import annotations

from decimal import Decimal

from agent.checks.registry import RULES
from agent.schemas import Figure, Finding, FindingValues, Span


def spans_of(*items: Figure | Span | None) -> list[Span]:
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for it in items:
        if it is None:
            continue
        span = it.span if isinstance(it, Figure) else it
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append(span)
    return out


def finding(
    rule: str,
    message: str,
    message_en: str,
    evidence: list[Span],
    *,
    stated: str | Decimal | None = None,
    recomputed: str | Decimal | None = None,
    tolerance: str | Decimal | None = None,
    details: dict[str, str] | None = None,
    suggestion: str | None = None,
    related: list[str] | None = None,
) -> Finding:
    ev = sorted(evidence, key=lambda s: s.start)
    return Finding(
        id=Finding.make_id(rule, ev),
        rule=rule,
        severity=RULES[rule].severity,
        message=message,
        message_en=message_en,
        evidence=ev,
        values=FindingValues(
            stated=None if stated is None else str(stated),
            recomputed=None if recomputed is None else str(recomputed),
            tolerance=None if tolerance is None else str(tolerance),
            details=details or {},
        ),
        related_rules=related or [],
        section=ev[0].section if ev else None,
        suggestion=suggestion,
    )


def quoted(name: str) -> str:
    """“name”, with quotes already inside it turned to ‘’ so they do not double up."""
    inner = name.strip("“”\"").replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def money(f: Figure) -> str:
    return f"{format(f.value, 'f')}{f.unit}"
