"""What a review covered: every checked relation (held or failed) and what the extractor left unchecked.

A reviewer must see what was *not* checked as clearly as what failed, so unread tables and
ambiguous pairings go here, never into findings.
"""

from __future__ import annotations

from agent.schemas import (
    BalanceClaim,
    ChangeClaim,
    Claim,
    Coverage,
    CoverageItem,
    CoverageStatus,
    DirectionClaim,
    Facts,
    Figure,
    Finding,
    RatioClaim,
    SumClaim,
)


def _anchor(c: Claim) -> Figure | None:
    """The figure a finding on this claim always cites (the stated side of the relation)."""
    if isinstance(c, SumClaim):
        return c.total
    if isinstance(c, RatioClaim):
        return c.stated
    if isinstance(c, ChangeClaim):
        return c.amount or c.rate
    if isinstance(c, BalanceClaim):
        return c.result
    if isinstance(c, DirectionClaim):
        return c.left
    return None


def _label(c: Claim, anchor: Figure) -> str:
    return c.label or anchor.label


def coverage_of(facts: Facts, findings: list[Finding]) -> Coverage:
    """Held / failed per claim (failed when a finding cites its stated figure), plus the unchecked list."""
    cited = {(e.start, e.end) for f in findings for e in f.evidence}
    items: list[CoverageItem] = []
    seen: set[tuple[str, int, int]] = set()
    for c in facts.claims:
        anchor = _anchor(c)
        if anchor is None:
            continue
        key = (c.kind, anchor.span.start, anchor.span.end)
        if key in seen:
            continue
        seen.add(key)
        failed = (anchor.span.start, anchor.span.end) in cited
        items.append(CoverageItem(status=CoverageStatus.FAILED if failed else CoverageStatus.HELD,
                                  kind=c.kind, label=_label(c, anchor), span=anchor.span))
    items.extend(facts.unchecked)
    count = {s: sum(1 for i in items if i.status == s) for s in CoverageStatus}
    return Coverage(checked=count[CoverageStatus.HELD] + count[CoverageStatus.FAILED],
                    held=count[CoverageStatus.HELD], failed=count[CoverageStatus.FAILED],
                    not_verified=count[CoverageStatus.NOT_VERIFIED], unread=count[CoverageStatus.UNREAD],
                    items=items)
