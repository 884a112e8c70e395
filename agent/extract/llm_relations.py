"""LLM-proposed relations for the passages where the rules found numbers but verified no relation.

Why: the rule extractor abstains when a pairing is ambiguous and records the passage as a
``not_verified`` coverage item (``Facts.unchecked``).  That is exactly where a model adds recall:
it is shown the passage and asked which relations the passage states (sum, ratio, change,
balance, comparison, target), quoting every number with its label.  It decides nothing:

* every number must be found verbatim in the passage (the grounding gate of agent.extract.align),
  inside the paragraph or table of the item — an invented or misplaced number rejects the relation;
* the sentence must carry the wording of the relation it claims (其中/合计 for a sum, 大于 for a
  comparison …), so a model cannot pair unrelated numbers into a false finding;
* the arithmetic is Python's: the relation becomes a claim (label ``llm-relation``) that the
  ordinary checks verify under the catalogue's interval tolerance (agent.checks.tolerance).  A
  proposed ``target`` is grounded but not turned into a claim: no claim type states "met", and
  targets are checked on the 绩效自评表 (TARGET_NOT_MET) — the item stays not verified.

Verified relations replace their coverage item; findings on them carry ``origin="llm"``.  Rejected
proposals are notices (a reviewer sees them), never findings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agent.checks.coverage import _anchor
from agent.extract.align import Grounder
from agent.extract.llm_models import NumberOut, RelationOut, RelationsOut
from agent.schemas import (
    BalanceClaim,
    ChangeClaim,
    CoverageItem,
    CoverageStatus,
    DirectionClaim,
    Facts,
    Figure,
    RatioClaim,
    ReviewResult,
    SumClaim,
)

if TYPE_CHECKING:
    from agent.schemas import Document

LABEL = "llm-relation"
MAX_ITEMS = 12
# wording a sentence must carry for the relation it is said to state
_CUES = {
    "sum": re.compile(r"其中|合计|共计|总计|小计|累计|包括|包含|分别|构成|组成|由|含|计|共"),
    "ratio": re.compile(r"率|占|比例|比重|%|％|百分"),
    "change": re.compile(r"增|减|降|升|上涨|下跌|比上年|同比|较上年|较去年|变动"),
    "balance": re.compile(r"结余|结转|余额|调整后|变更后|=|＝|加|减"),
}


def region(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) or the table holding [start, end): the only place a relation may take numbers."""
    for t in doc.tables:
        if t.start <= start <= t.end:
            return t.start, t.end
    nl = doc.text.find("\n", end)
    return doc.text.rfind("\n", 0, start) + 1, len(doc.text) if nl < 0 else nl


def candidates(facts: Facts) -> list[CoverageItem]:
    """The coverage items the model is asked about: not verified, with a span to show it."""
    return [i for i in facts.unchecked if i.status == CoverageStatus.NOT_VERIFIED and i.span is not None][:MAX_ITEMS]


class _Verifier:
    def __init__(self, doc: Document, region: tuple[int, int]) -> None:
        self.doc = doc
        self.region = region
        self.g = Grounder(doc, prefer=[region])
        self.reasons: list[str] = []

    def number(self, n: NumberOut) -> Figure | None:
        hit = self.g.ground_value(n.quote, n.value)
        if isinstance(hit, str):
            self.reasons.append(f"{n.label}={n.value}: {hit}")
            return None
        s, e, value = hit
        if not (self.region[0] <= s and e <= self.region[1]):
            self.reasons.append(f"{n.label}={n.value}: not in the passage")
            return None
        unit = self.g._unit_after(e)[0] or ""
        return self.g.make_figure(s, e, value, key=f"misc:{LABEL}:{n.label}", label=n.label, unit=unit)

    def claim(self, r: RelationOut) -> Any | None:
        span = self.g.span(r.sentence)
        if span is None or not (self.region[0] <= span.start and span.end <= self.region[1]):
            self.reasons.append(f"{r.type}: sentence not in the passage")
            return None
        cue = _CUES.get(r.type)
        if cue is not None and not cue.search(span.quote):
            self.reasons.append(f"{r.type}: the sentence does not state a {r.type}")
            return None
        result = self.number(r.result)
        operands = [self.number(n) for n in r.operands]
        minus = [self.number(n) for n in r.minus]
        if result is None or any(f is None for f in operands + minus):
            return None
        ops: list[Figure] = [f for f in operands if f is not None]
        sub: list[Figure] = [f for f in minus if f is not None]
        if r.type == "sum" and len(ops) >= 2:
            return SumClaim(span=span, total=result, parts=ops, label=LABEL)
        if r.type == "ratio" and len(ops) == 2 and result.unit in ("%", "％"):
            return RatioClaim(span=span, stated=result, numerator=ops[0], denominator=ops[1], label=LABEL)
        if r.type == "change" and len(ops) == 2 and r.direction in ("increase", "decrease"):
            pct = result.unit in ("%", "％")
            return ChangeClaim(span=span, current=ops[0], prior=ops[1], direction=r.direction,
                               amount=None if pct else result, rate=result if pct else None, label=LABEL)
        if r.type == "balance" and ops:
            return BalanceClaim(span=span, result=result, plus=ops, minus=sub, label=LABEL)
        if r.type == "comparison" and len(ops) == 1 and r.direction in ("gt", "lt"):
            words = self.g.span_within(span, r.wording or "")
            if words is None or not (r.wording or "").strip():
                self.reasons.append(f"comparison: wording {r.wording!r} not in the sentence")
                return None
            return DirectionClaim(span=span, left=result, right=ops[0], relation=r.direction, wording=words,
                                  label=LABEL)
        if r.type == "target":  # no claim type holds "met": the self-evaluation table checks targets
            self.reasons.append("target: grounded, but a stated target is checked on the 绩效自评表 only")
            return None
        self.reasons.append(f"{r.type}: incomplete relation")
        return None


def verify(doc: Document, item: CoverageItem, reply: RelationsOut) -> tuple[list[Any], list[str]]:
    """(grounded claims, reasons for every rejected proposal) for one coverage item."""
    assert item.span is not None
    v = _Verifier(doc, region(doc, item.span.start, item.span.end))
    claims: list[Any] = []
    for r in reply.relations:
        c = v.claim(r)
        if c is not None:
            claims.append(c)
    return claims, v.reasons


# --------------------------------------------------------------------------- after the checks
def _anchors(facts: Facts, llm: bool) -> set[tuple[int, int]]:
    out = set()
    for c in facts.claims:
        if (c.label == LABEL) == llm:
            a = _anchor(c)
            if a is not None:
                out.add((a.span.start, a.span.end))
    return out


def mark_origin(result: ReviewResult, facts: Facts) -> ReviewResult:
    """Findings and coverage items resting on a verified LLM-proposed relation say so (origin="llm")."""
    llm = _anchors(facts, True)
    if not llm:
        return result
    rules = _anchors(facts, False)

    def from_llm(spans: list) -> bool:  # noqa: ANN001
        keys = {(s.start, s.end) for s in spans}
        return bool(keys & llm) and not keys & rules

    findings = [f.model_copy(update={"origin": "llm"}) if from_llm(f.evidence) else f for f in result.findings]
    items = [i.model_copy(update={"origin": "llm"}) if i.span is not None and (i.span.start, i.span.end) in llm
             else i for i in result.coverage.items]
    return result.model_copy(update={"findings": findings,
                                     "coverage": result.coverage.model_copy(update={"items": items})})
