"""One resolver for all candidate relations: merge, deduplicate, decide checked vs not verified.

Candidates that cite the same stated figure (a total, a stated rate, a stated change) are one
relation: the most confident, then the most specific (most figures), is kept.  A relation the
earlier passes already hold as a claim is not added twice; a change claim is replaced when the
candidate ties more figures (e.g. states the prior value).  Confident relations become claims
(checked, findings when they fail); the others become ``Facts.unchecked`` items, status
``not_verified``, with the span and the reason — a reviewer sees what was not checked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import ratio_mismatch
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import measure_of, subject_of
from agent.extract.rules.mentions import Label, Mention, money_unit
from agent.extract.rules.relations.model import Relation
from agent.schemas import (
    BalanceClaim,
    BudgetLine,
    ChangeClaim,
    CoverageItem,
    CoverageStatus,
    DirectionClaim,
    Figure,
    RatioClaim,
    SumClaim,
)

_DECREASE = fastre.compile(r"调减|减少|压减|核减|扣减|收回|追减")


def _claimed(fb: FactsBuilder) -> dict[tuple[str, int], int]:
    """(kind, source offset of the stated figure) → index of the claim, for every claim so far."""
    out: dict[tuple[str, int], int] = {}
    for i, c in enumerate(fb.claims):
        figs = [getattr(c, n, None) for n in ("total", "stated", "amount", "rate", "result", "right")]
        for f in figs:
            if f is not None:
                out.setdefault((c.kind, f.span.start), i)
    return out


def resolve(ctx: Ctx, fb: FactsBuilder, candidates: list[Relation]) -> None:
    best: dict[tuple[str, int], Relation] = {}
    unanchored: list[Relation] = []
    for r in candidates:
        a = r.anchor
        if a is None:
            if r.kind == "direction" and r.subject and r.wording is not None and r.confident:
                unanchored.append(r)  # '项目支出决算数小于年初预算数': both sides keyed elsewhere
            continue
        k = (r.kind, a.start)
        have = best.get(k)
        if have is None or (r.confidence, r.size) > (have.confidence, have.size):
            best[k] = r
    claimed = _claimed(fb)
    worded = {(c.wording.start, c.wording.end): i for i, c in enumerate(fb.claims) if isinstance(c, DirectionClaim)}
    worded_spans = sorted((s, e, i) for (s, e), i in worded.items())
    worded_starts = [s for s, _, _ in worded_spans]
    longest = max((e - s for s, e, _ in worded_spans), default=0)
    for r in sorted(best.values(), key=lambda r: r.start):
        anchor = r.anchor
        assert anchor is not None
        src = ctx.nt.to_source(anchor.start, anchor.end)[0]
        kind = "direction" if r.kind == "change" and r.amount is None and r.rate is None else r.kind
        if r.kind == "direction" and r.wording is not None:
            w = ctx.nt.to_source(*r.wording)
            same = _first_overlapping(worded_starts, worded_spans, longest, w)
            if same is not None:  # the same comparison words already read ('决算数大于年初预算数' by its line)
                _reread(ctx, fb, r, same)
                continue
        taken = _taken(ctx, r, claimed, src, kind)
        if taken is not None and not _more_specific(r, fb.claims[taken]):
            continue
        if not r.confident:
            if taken is None:
                fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind=r.kind, label=r.label,
                                                 reason=r.reason, span=ctx.span(r.start, r.end)))
            continue
        claim = _claim(ctx, fb, r)
        if claim is None:
            continue
        if taken is not None:
            fb.claims[taken] = claim
        else:
            fb.claims.append(claim)
            claimed[(claim.kind, src)] = len(fb.claims) - 1
    for r in unanchored:
        w = ctx.nt.to_source(*r.wording)  # type: ignore[misc]
        if _first_overlapping(worded_starts, worded_spans, longest, w) is not None:
            continue  # the line reading has it
        # quoted from its clause's start, so the subject it names is read with it ('项目支出决算数小于…')
        start = max(ctx.text.rfind(ch, 0, r.start) for ch in "。；;，,\n") + 1
        claim = _compared(ctx, fb, r, ctx.span(min(start, r.start), r.end))
        if claim is not None:
            fb.claims.append(claim)


def _first_overlapping(starts: list[int], spans: list[tuple[int, int, int]], longest: int,
                       w: tuple[int, int]) -> int | None:
    """The earliest claim (by index) whose wording overlaps w, found by bisection over the wordings sorted by
    start (a scan of all of them per candidate was quadratic on a long report)."""
    found = None
    j = bisect_left(starts, w[1]) - 1  # wordings starting before w ends
    while j >= 0 and spans[j][0] > w[0] - longest - 1:
        s, e, i = spans[j]
        if w[0] < e and (found is None or i < found):
            found = i
        j -= 1
    return found


def _taken(ctx: Ctx, r: Relation, claimed: dict[tuple[str, int], int], src: int, kind: str) -> int | None:
    if (kind, src) in claimed:
        return claimed[(kind, src)]
    if r.kind == "change":  # a change claim anchored on its rate, or the direction of the same amounts
        for m in (r.rate, r.amount, r.prior):
            if m is not None:
                s = ctx.nt.to_source(m.start, m.end)[0]
                if (kind, s) in claimed:  # a direction claim on the same amounts stays beside a change claim
                    return claimed[(kind, s)]
    return None


def _more_specific(r: Relation, c) -> bool:  # noqa: ANN001 - any Claim
    """Replace an earlier change claim only when the candidate ties more figures (prior, rate)."""
    if r.kind != "change" or not isinstance(c, ChangeClaim) or not r.confident:
        return False
    have = sum(1 for f in (c.current, c.prior, c.amount, c.rate) if f is not None)
    return r.size > have and r.current is not None


def _budget_line(fb: FactsBuilder, r: Relation, num: Figure, den: Figure, stated: Figure, span) -> None:  # noqa: ANN001
    """An item's spending against its own budget is a budget line (OVER_BUDGET / LOW_EXECUTION), named by
    the item: '公务接待费3.42万元，预算为3.00万元，完成预算的114.00%'."""
    words = r.numerator.label.words if r.numerator else ""
    subject = subject_of(words) if words else None
    if not words or subject in (None, "total", "fiscal", "carryover", "balance"):
        return
    fb.budget_lines.append(BudgetLine(subject=words, key=subject, full_budget=den, actual=num, stated_rate=stated,
                                      rate_basis="full", span=span))


def _keyed(fb: FactsBuilder, subject: str | None, measures: tuple[str, ...], unique: bool = False) -> Figure | None:
    """The first figure keyed ``subject.<measure>``, trying the measures in order; with ``unique``, only when
    every figure under that key states the same value (else which one a rate used cannot be told)."""
    for measure in measures if subject else ():
        hits = fb.with_key(f"{subject}.{measure}")
        if hits:
            return hits[0] if not unique or len({f.value for f in hits}) == 1 else None
    return None


def _unverified(ctx: Ctx, fb: FactsBuilder, r: Relation, reason: str) -> None:
    """A relation the reading could not pair with its figures: listed in the coverage, never a finding."""
    fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind=r.kind, label=r.label, reason=reason,
                                     span=ctx.span(r.start, r.end)))


def _rate(ctx: Ctx, fb: FactsBuilder, r: Relation, num: Figure, den: Figure) -> RatioClaim:
    assert r.stated is not None
    return RatioClaim(stated=_figure(ctx, fb, r.stated, r.label), numerator=num, denominator=den, label=r.label,
                      span=ctx.span(r.start, r.end))


def _stated_change(ctx: Ctx, fb: FactsBuilder, r: Relation, span) -> ChangeClaim:  # noqa: ANN001 - a Span
    """'比上年2,312.40万元增加144.40万元，增长5.8%' with this year's amount stated nowhere: prior, change and rate."""
    assert r.prior is not None and r.amount is not None and r.rate is not None
    label = r.label
    return ChangeClaim(current=None, direction=r.direction, prior=_figure(ctx, fb, r.prior, f"上年{label}"),
                       amount=_figure(ctx, fb, r.amount, f"{label}变动额", key=f"misc:{label}变动额"),
                       rate=_figure(ctx, fb, r.rate, f"{label}变动率", key=f"misc:{label}变动率"),
                       label=label, span=span)


def _keyed_for_ratio(fb: FactsBuilder, key: str, stated: Decimal, numerator: Decimal) -> Figure | None:
    """The whole a share divides by, when the report states that whole more than once with different
    values (a FIGURE_INCONSISTENT of its own): the one the share holds with, else the first stated —
    a share that fits none of them is wrong whichever the writer meant."""
    hits = next((h for h in map(fb.with_key, key.split("|")) if h), [])
    # 'total.full_budget|total.budget': the first key the report states
    if len({f.value for f in hits}) <= 1:
        return hits[0] if hits else None
    fits = [f for f in hits if not ratio_mismatch(stated, numerator, f.value)]
    return (fits or hits)[0]


def _split(key: str | None) -> tuple[str | None, tuple[str, ...]]:
    subject, _, measure = (key or "").partition(".")
    return (subject or None), ((measure,) if measure else ())


def _inherit(label: Label, subject: str | None, measure: str | None, total: bool = False) -> str | None:
    """A key from the list's lead words: parts without a measure take the lead's ('实际支出数为：公务接待费
    A，公车运行维护费B，合计T'); a bare 合计 takes the lead's subject too."""
    if label.prior or not label.key.startswith("misc:"):
        return None
    own_subject = label.subject if not total or label.subject else subject
    key = Label(own_subject, label.measure or measure, False, label.words).key
    return None if key.startswith("misc:") else key


def _figure(ctx: Ctx, fb: FactsBuilder, m: Mention, label: str | None = None, key: str | None = None) -> Figure:
    words = label or m.label.words or m.unit
    key = key or (m.label.key if m.kind == "money" else f"misc:{words}")
    unit = m.unit or (money_unit(ctx, m.start) if m.kind in ("number", "code") else "万元")
    return fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=unit, key=key, label=words))


def _keyed_measure(m: Mention, fig: Figure) -> str | None:
    """The measure the total stands keyed with when its own words name none ('年初预算459.60万元。其中：基本支出
    327.60万元，包括人员经费A、公用经费B': the 基本支出 is the 年初预算's part, and so are A and B)."""
    if measure_of(m.clause, fallback=False) is not None or fig.key.startswith("misc:"):
        return None
    return fig.key.rpartition(".")[2] or None


def _claim(ctx: Ctx, fb: FactsBuilder, r: Relation):  # noqa: ANN202 - a Claim
    span = ctx.span(r.start, r.end)
    if r.kind == "sum" and r.total is None and r.total_key:
        subject, measure = r.total_key.split(".", 1)
        whole = _keyed(fb, subject, (measure,), unique=True)
        if whole is None:
            fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="sum", label=r.label,
                                             reason=f"{r.label}: its whole ({r.total_key}) is not stated once",
                                             span=span))
            return None
        parts = [_figure(ctx, fb, p) for p in r.parts]
        if any(p.unit != whole.unit for p in parts):
            return None
        return SumClaim(total=whole, parts=parts, label=r.label, span=span)
    if r.kind == "sum" and r.total is not None:
        subject, measure = subject_of(r.lead), measure_of(r.lead, fallback=False)
        total = _figure(ctx, fb, r.total, r.total.label.words or r.label,
                        key=_inherit(r.total.label, subject, measure, total=True))
        if len(r.names) == len(r.parts):  # '基本支出、项目支出分别为a、b，全年支出合计T': each part by its name
            of_total = measure or r.total.label.measure
            parts = [_figure(ctx, fb, p, label=n, key=_inherit(Label(subject_of(n), None, p.label.prior, n), None,
                                                                of_total)) for p, n in zip(r.parts, r.names, strict=True)]
        else:
            # '2024年部门年初预算3268.45万元。按支出类别分，基本支出1412.36万元…'; '年初预算5,628.44万元，由基本支出
            # 3,104.27万元和项目支出2,524.17万元构成': parts without a measure of their own are the total's (年初预算),
            # not spending by default
            of_total = measure or _keyed_measure(r.total, total) or r.total.label.measure
            parts = [_figure(ctx, fb, p, key=_inherit(p.label, None, measure) or (
                Label(p.label.subject, of_total, p.label.prior, p.label.words).key
                if of_total and measure_of(p.clause, fallback=False) is None else None)) for p in r.parts]
        down = [f for f, p in zip(parts, r.parts, strict=True) if _DECREASE.search(p.clause)]
        if down and len(down) < len(parts):  # '调整数33.70万元（追加52.40万元，调减18.70万元）': signed parts
            return BalanceClaim(result=total, plus=[f for f in parts if f not in down], minus=down, label=r.label,
                                span=span)
        return SumClaim(total=total, parts=parts, label=r.label, span=span)
    if r.kind == "ratio" and r.stated and (r.denominator_key or r.numerator_key):
        num = _figure(ctx, fb, r.numerator) if r.numerator else _keyed(fb, *_split(r.numerator_key), unique=True)
        den = _figure(ctx, fb, r.denominator) if r.denominator else \
            _keyed_for_ratio(fb, r.denominator_key or "", r.stated.value, num.value) if num else None
        if num is None or den is None or num.unit != den.unit or num.span.start == den.span.start:
            return _unverified(ctx, fb, r, f"{r.label}: the amounts it divides are not each stated once")
        return _rate(ctx, fb, r, num, den)
    if r.kind == "ratio" and r.stated and r.numerator is None and r.denominator is None and r.subject:
        num = _keyed(fb, r.subject, ("actual",), unique=True)
        den = _keyed(fb, r.subject, ("full_budget", "budget"), unique=True)
        if num is None or den is None or num.unit != den.unit:
            return _unverified(ctx, fb, r, "执行率: its spending and budget are not both stated once")
        return _rate(ctx, fb, r, num, den)
    if r.kind == "ratio" and r.stated and r.numerator and r.denominator is None and r.subject:
        num = _figure(ctx, fb, r.numerator)
        den = _keyed(fb, r.subject, ("full_budget", "budget"))
        if den is None or den.unit != num.unit or den.span.start == num.span.start:
            return _unverified(ctx, fb, r, "执行率: the budget it is computed on is not stated")
        return _rate(ctx, fb, r, num, den)
    if r.kind == "ratio" and r.stated and r.numerator and r.denominator:
        num, den = _figure(ctx, fb, r.numerator), _figure(ctx, fb, r.denominator)
        if num.unit != den.unit:
            return None
        stated = _figure(ctx, fb, r.stated, r.label)
        if r.source == "share:completion-of-budget":
            _budget_line(fb, r, num, den, stated, span)
        return RatioClaim(stated=stated, numerator=num, denominator=den, label=r.label, span=span,
                          explicit_formula=r.source.startswith("share:division") or r.source == "share:rate-formula")
    if r.kind == "direction":
        return _compared(ctx, fb, r, span)
    if r.kind == "change" and r.source == "change:stated-prior" and r.prior and r.amount and r.rate:
        return _stated_change(ctx, fb, r, span)
    if r.kind == "change":
        # the subject's figure in the measure the change names: '本年收入与上年相比增加…' is of the income
        named = re.split(r"与|比|较|同比", r.label)[0]
        measure = "income" if measure_of(named, fallback=False) == "income" else "actual"
        current = _figure(ctx, fb, r.current) if r.current else _keyed(fb, r.subject, (measure,))
        if r.current is None and current is not None and r.amount is not None and r.amount.unit != current.unit:
            # the 说明's own restatement, in the change's unit, before a table's in 元
            current = next((f for f in fb.with_key(f"{r.subject}.{measure}") if f.unit == r.amount.unit), current)
        if current is None and r.prior and r.amount and r.rate:
            return _stated_change(ctx, fb, r, span)  # this year's amount unstated: the rate over the stated prior
        if current is None:
            return None
        if r.current is None and r.amount is not None and r.amount.unit != current.unit:
            # '本年支出与2023年度相比增加77.00万元' against a 本年支出 keyed from a table in 元: not put side by side
            return _unverified(ctx, fb, r, f"{r.label}: this year's amount is stated in another unit")
        prior = _figure(ctx, fb, r.prior, "上年" + re.sub(r"^\d{4}年度?", "", current.label)) if r.prior else None
        if r.budget_base and prior is None:  # '较年初预算减少A': the base is the subject's budget stated elsewhere
            measures = ("initial_budget",) if r.budget_base == "initial" else ("full_budget", "budget", "initial_budget")
            prior = _keyed(fb, r.subject or ctx.subject(current.label), measures)
        if prior is not None and prior.unit != current.unit:
            prior = None
        if r.amount is None and r.rate is None:
            if prior is None:
                return None
            wording = ctx.span(*r.wording) if r.wording else span
            return DirectionClaim(left=current, right=prior, relation="gt" if r.direction == "increase" else "lt",
                                  label=r.label, wording=wording, span=span)
        # a change is never the quantity itself: '本年支出合计增加152.36万元' is no 本年支出合计
        amount = _figure(ctx, fb, r.amount, f"{current.label}变动额", key=f"misc:{current.label}变动额") if r.amount else None
        rate = _figure(ctx, fb, r.rate, f"{current.label}变动率", key=f"misc:{current.label}变动率") if r.rate else None
        return ChangeClaim(current=current, direction=r.direction, amount=amount, rate=rate, prior=prior,
                           label=r.label, span=span)
    return None


_BUDGET_BASES = {"initial": ("initial_budget",), "full": ("full_budget", "budget"),
                 "any": ("full_budget", "budget", "initial_budget")}


def _compared(ctx: Ctx, fb: FactsBuilder, r: Relation, span) -> DirectionClaim | None:  # noqa: ANN001 - a Span
    """'决算数小于预算数' with a side stated elsewhere: the subject's figure of that measure, only when every
    figure of the measure(s) it could mean states one value (else which one was compared cannot be told)."""
    left = _figure(ctx, fb, r.current) if r.current else _keyed(fb, r.subject, ("actual",), unique=True)
    if r.prior is not None:
        right = _figure(ctx, fb, r.prior)
    else:
        keyed = [f for m in _BUDGET_BASES.get(r.budget_base or "", ()) for f in fb.with_key(f"{r.subject}.{m}")]
        right = keyed[0] if r.subject and keyed and len({f.value for f in keyed}) == 1 else None
    if left is None or right is None or left.unit != right.unit or r.wording is None:
        return None
    named = re.search(r"(?:大于|高于|超过|多于|小于|低于|少于)(.+)$", r.label)
    return DirectionClaim(left=left, right=right, relation="gt" if r.direction == "increase" else "lt",
                          label=r.label, wording=ctx.span(*r.wording), span=span,
                          right_name=named.group(1) if r.prior is None and named else None)


def _reread(ctx: Ctx, fb: FactsBuilder, r: Relation, at: int) -> None:
    """A comparison read twice: the line reading takes the last amount of each measure, the relation reading
    the amounts of the statement's own subject ('…支出1239.93万元，其中：基本支出498.80万元，项目支出740.13万元。
    年初预算为1180.00万元，…决算数大于年初预算数' compares the 1239.93).  Where they differ, the subject's wins."""
    old = fb.claims[at]
    if not r.confident or not isinstance(old, DirectionClaim):
        return
    if r.current is None or r.prior is None:  # one side keyed elsewhere: the line reading stands, quoted in full
        new = _compared(ctx, fb, r, ctx.span(r.start, r.end))
        if new is not None and (new.left.value, new.right.value) == (old.left.value, old.right.value) and \
                len(new.wording.quote) > len(old.wording.quote):
            old.wording = new.wording
        return
    new = _compared(ctx, fb, r, ctx.span(r.start, r.end))
    if new is not None and (new.left.value, new.right.value) != (old.left.value, old.right.value):
        fb.claims[at] = new
    elif new is not None and len(new.wording.quote) > len(old.wording.quote):
        old.wording = new.wording  # the same reading: quote the claim with the reason given for it
