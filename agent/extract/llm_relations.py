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

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from agent import fastre
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
# wording a sentence must carry for the relation it is said to state, looked for in the sentence
# *outside* the numbers it relates (so a label such as 结余结转 or 公共 is not taken for the wording)
_CUES = {
    "sum": fastre.compile(r"其中|合计|共计|总计|小计|累计|包括|包含|分别|构成|组成|相加|之和|总额|总数|共有|一共|含"),
    "ratio": fastre.compile(r"率|占|比例|比重|%|％|百分"),
    "change": fastre.compile(r"增|减|降|升|上涨|下跌|比上年|同比|较上年|较去年|变动"),
    # an operator stated between the figures; not 调减 / 增减 / 调增（减） / 减少 / 追加, which name a change
    "balance": fastre.compile(r"(?<![调增核（(])(?:加上?|减去?|扣除|＋|\+|－|=|＝)(?!少)|相加|相减|结余为|余额为|剩余"),
}
# balance: "=" anywhere, else an operator right before each subtracted (or, without any, each added) item
_EQUALS = fastre.compile(r"=|＝|相加|相减")
_MINUS_OP = fastre.compile(r"减去|扣除|扣减|(?<![调增核（(])减(?![少免半])|－")
_PLUS_OP = fastre.compile(r"加上|(?<![追增参附叠施])加(?![强快大工入班盟速])|＋|\+")
# a list said to be incomplete ("主要用于", "等"): its parts need not add up to the total
_PARTIAL = fastre.compile(r"主要|部分|等[^级次]")
_SUM_TOTAL = fastre.compile(r"合计|共计|总计|之和|相加|构成|组成|分别")
_PART_SHARE = Decimal("0.9")

def region(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) or the table holding [start, end): the only place a relation may take numbers."""
    for t in doc.tables:
        if t.start <= start <= t.end:
            return t.start, t.end
    nl = doc.text.find("\n", end)
    return doc.text.rfind("\n", 0, start) + 1, len(doc.text) if nl < 0 else nl


def candidates(facts: Facts, doc: Document | None = None) -> list[CoverageItem]:
    """The passages the model is asked about: the not-verified coverage items (with a span to show),
    then — given ``doc`` — the silent passages (``silent_passages``), at most MAX_ITEMS in all."""
    items = [i for i in facts.unchecked if i.status == CoverageStatus.NOT_VERIFIED and i.span is not None]
    if doc is None:
        return items[:MAX_ITEMS]
    seen = {region(doc, i.span.start, i.span.end) for i in items if i.span is not None}
    for i in silent_passages(doc, facts):
        assert i.span is not None
        where = region(doc, i.span.start, i.span.end)
        if where not in seen:  # one prompt per paragraph: it shows the whole paragraph anyway
            seen.add(where)
            items.append(i)
    return items[:MAX_ITEMS]


_AMOUNT = fastre.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s*(?:亿元|万元|千元|元|%|％)")
_COMPARE = fastre.compile(r"大于|小于|高于|低于|超过|超出|不足|少于|多于")
_SENTENCE = fastre.compile(r"[^。；;\n]+")


def _claimed(facts: Facts) -> list[tuple[int, int]]:
    """Source spans of every figure some claim of the rules uses."""
    out = []
    for c in facts.claims:
        for name in type(c).model_fields:
            v = getattr(c, name)
            for f in v if isinstance(v, list) else [v]:
                if isinstance(f, Figure):
                    out.append((f.span.start, f.span.end))
    return out


def silent_passages(doc: Document, facts: Facts) -> list[CoverageItem]:
    """Sentences of running text where the rules found neither a relation nor a not-verified item
    although the sentence prints the numbers of one (≥ 3 amounts, or 2 and a comparison word) and
    the wording of one.  Why: the rules are blind to phrasings they were not written for
    ("三项相加为41.80万元"); this is where a model adds recall.  Not coverage items of the review
    (its counts stay the rules'): only what the model is shown."""
    from agent.ingest.normalize import normalize

    claimed = _claimed(facts)
    in_table = [(t.start, t.end) for t in doc.tables]
    cue = fastre.compile("|".join(c.pattern for c in _CUES.values()) + "|" + _COMPARE.pattern)
    out: list[CoverageItem] = []
    for m in _SENTENCE.finditer(doc.text):
        s, e = m.span()
        if any(ts <= s <= te for ts, te in in_table) or any(s <= cs and ce <= e for cs, ce in claimed):
            continue
        text = normalize(m.group()).text
        amounts = len(_AMOUNT.findall(text))
        if (amounts >= 3 or (amounts >= 2 and _COMPARE.search(text))) and cue.search(text):
            out.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="relation", label=m.group().strip()[:40],
                                    reason="numbers without a relation the rules recognise", span=doc.span(s, e)))
    return out


class _Verifier:
    def __init__(self, doc: Document, region: tuple[int, int]) -> None:
        self.doc = doc
        self.region = region
        self.g = Grounder(doc, prefer=[region])
        self.within = region  # where a relation's numbers must lie: its sentence, once located
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
        if not (self.within[0] <= s and e <= self.within[1]):  # a relation relates its own sentence's numbers
            self.reasons.append(f"{n.label}={n.value}: not in the sentence stating the relation")
            return None
        unit = self.g._unit_after(e)[0] or ""
        return self.g.make_figure(s, e, value, key=f"misc:{LABEL}:{n.label}", label=n.label, unit=unit)

    def claim(self, r: RelationOut) -> Any | None:
        self.g.prefer, self.within = [self.region], self.region
        span = self.g.span(r.sentence)
        if span is None or not (self.region[0] <= span.start and span.end <= self.region[1]):
            self.reasons.append(f"{r.type}: sentence not in the passage")
            return None
        self.g.prefer, self.within = [(span.start, span.end)], (span.start, span.end)
        result = self.number(r.result)
        operands = [self.number(n) for n in r.operands]
        minus = [self.number(n) for n in r.minus]
        if result is None or any(f is None for f in operands + minus):
            return None
        ops: list[Figure] = [f for f in operands if f is not None]
        sub: list[Figure] = [f for f in minus if f is not None]
        reason = self.unstated(r.type, span.start, span.end, result, ops, sub)
        if reason:
            self.reasons.append(f"{r.type}: {reason}")
            return None
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


    def unstated(self, kind: str, start: int, end: int, result: Figure, ops: list[Figure],
                 sub: list[Figure]) -> str | None:
        """Why the sentence does not state this relation (None when it does): its wording must stand
        between the numbers, not inside them or their labels; a sum over a list said to be partial
        is not stated."""
        cue = _CUES.get(kind)
        if cue is None:
            return None
        text, last = [], start
        for f in sorted([result, *ops, *sub], key=lambda f: f.span.start):
            if f.span.start >= last:
                text.append(self.doc.text[last:f.span.start])
                last = f.span.end
        text.append(self.doc.text[last:end])
        gaps = "\n".join(text)
        if kind == "balance" and not _EQUALS.search(gaps):
            ordered = sorted([result, *ops, *sub], key=lambda f: f.span.start)
            before = {id(f): self.doc.text[(ordered[i - 1].span.end if i else start):f.span.start]
                      for i, f in enumerate(ordered)}
            if sub:
                if not all(_MINUS_OP.search(before[id(f)]) for f in sub):
                    return "no 减/减去/扣除 before the subtracted items: the sentence lists them, it does not state a balance"
            elif not all(_PLUS_OP.search(before[id(f)]) for f in ops[1:]):
                return "no 加/加上 before the added items: the sentence lists them, it does not state a balance"
        if kind == "ratio":  # the % printed with the stated figure is wording too
            gaps = self.doc.text[start:end]
        if not cue.search(gaps):
            return f"the sentence does not state a {kind}"
        if kind == "sum" and not _SUM_TOTAL.search(gaps):
            if _PARTIAL.search(gaps):
                return "the sentence lists only some of the parts (主要/部分/等)"
            units = {f.unit for f in [result, *ops]}
            if len(units) == 1 and sum(f.value for f in ops) < result.value * _PART_SHARE:
                # "基本支出603.56万元（其中：公务接待6.52万元、公务用车3.2万元）": 其中 introduces a few
                # items of the total, not all of them; an error in a full list is far smaller than this
                return "其中 names only a part of the total (no 合计/共计/之和 says the list is complete)"
        return None


def verify(doc: Document, item: CoverageItem, reply: RelationsOut) -> tuple[list[Any], list[str]]:
    """(grounded claims, reasons for every rejected proposal) for one coverage item."""
    assert item.span is not None
    claims, reasons, _ = verify_passages(doc, [region(doc, item.span.start, item.span.end)], reply)
    return claims, reasons


def batches(doc: Document, items: list[CoverageItem], max_chars: int) -> list[tuple[list[tuple[int, int]], list[CoverageItem]]]:
    """Items grouped so one prompt shows several passages (at most ``max_chars`` of report text, a
    longer passage alone): the fixed instructions, example and schema are paid once per prompt,
    not once per passage.  Passages keep their document order; a paragraph is shown once."""
    out: list[tuple[list[tuple[int, int]], list[CoverageItem]]] = []
    size = 0
    for item in sorted(items, key=lambda i: i.span.start if i.span else 0):
        assert item.span is not None
        where = region(doc, item.span.start, item.span.end)
        if out and where in out[-1][0]:
            out[-1][1].append(item)
            continue
        n = where[1] - where[0]
        if not out or size + n > max_chars:
            out.append(([], []))
            size = 0
        out[-1][0].append(where)
        out[-1][1].append(item)
        size += n
    return out


def verify_passages(doc: Document, regions: list[tuple[int, int]],
                    reply: RelationsOut) -> tuple[list[Any], list[str], set[tuple[int, int]]]:
    """(grounded claims, reasons for every rejected proposal, passages a claim was verified in) for a
    prompt that showed ``regions``: each relation is verified inside the one passage holding its
    sentence, exactly as if that passage had been shown alone."""
    verifiers = {r: _Verifier(doc, r) for r in regions}
    locator = Grounder(doc, prefer=list(regions))
    claims: list[Any] = []
    reasons: list[str] = []
    hit: set[tuple[int, int]] = set()
    for rel in reply.relations:
        where = locator.locate(rel.sentence)
        home = next((r for r in regions if where and r[0] <= where[0] and where[1] <= r[1]), None)
        if home is None:
            reasons.append(f"{rel.type}: sentence not in the passage")
            continue
        c = verifiers[home].claim(rel)
        if c is not None:
            claims.append(c)
            hit.add(home)
    return claims, reasons + [x for v in verifiers.values() for x in v.reasons], hit


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
