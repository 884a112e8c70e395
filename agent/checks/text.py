"""Checks on what the text says: contradictions, other-year references, residue, missing items,
repeated text, personal data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from agent.checks.arithmetic import opposite_direction_prior
from agent.checks.base import finding, money, quoted, spans_of
from agent.checks.messages import MISSING_ZH, pair, say
from agent.checks.registry import check
from agent.checks.tolerance import Interval, fmt, half_unit, pct, ratio_interval
from agent.config import CheckSettings
from agent.schemas import ChangeClaim, DirectionClaim, DocumentKind, Facts, Finding, RatioClaim, StatementKind


def _grew_more_than_it_is(c: ChangeClaim) -> bool:
    """'X预算0万元，比上年增加1421.25万元': a non-negative quantity cannot have grown by more than it is."""
    assert c.amount is not None and c.current is not None
    if c.current.unit != c.amount.unit or c.current.value < 0 or any(w in (c.current.label or "") for w in
                                                                       ("结余", "差额", "赤字", "结转")):
        return False
    return c.amount.value - c.current.value > half_unit(c.current.value) + half_unit(c.amount.value)


@check("TEXT_CONTRADICTION")
def check_contradictions(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    for c in facts.claims:
        if not isinstance(c, DirectionClaim):
            continue
        left, right = Interval.of(c.left.value), Interval.of(c.right.value)
        truth_gt = left.lo > right.hi
        truth_lt = left.hi < right.lo
        if (c.relation == "gt" and truth_lt) or (c.relation == "lt" and truth_gt) or \
                (c.relation == "eq" and (truth_lt or truth_gt)):
            real = "小于" if truth_lt else "大于"
            zh, en, tip = say("TEXT_CONTRADICTION", "direction", wording=c.wording.quote,
                              left_label=c.left.label or "决算数", left=money(c.left),
                              relation=(real, "smaller" if truth_lt else "greater"),
                              right_label=c.right_name or c.right.label or "预算数", right=money(c.right),
                              said={"gt": "greater than", "lt": "smaller than", "eq": "equal to"}[c.relation])
            if c.item:  # the item the line is about, named first: the sentence itself says only '决算数小于…'
                zh, en = f"{c.item}：{zh}", f"{c.item}: {en}"
            context = [c.span] if len(c.span.quote) <= 160 and c.span.start <= c.wording.start else []
            out.append(finding(
                "TEXT_CONTRADICTION", zh, en,
                spans_of(c.left, c.right, c.wording, *context), stated=c.wording.quote,
                recomputed=f"{c.left.value} {real} {c.right.value}",
                suggestion=tip,
            ))
    for c in facts.claims:
        if not isinstance(c, ChangeClaim) or c.current is None or c.prior is None or \
                (c.amount is None and c.rate is None):
            continue
        up = c.direction == "increase"
        delta = c.current.value - c.prior.value
        tol = half_unit(c.current.value) + half_unit(c.prior.value)
        stated = c.amount if c.amount is not None else c.rate
        if (up and delta < -tol) or (not up and delta > tol):
            real = "增加" if delta > 0 else "减少"
            zh, en, tip = say("TEXT_CONTRADICTION", "change_direction", label=c.label, stated=money(stated),
                              current=money(c.current), prior_label=c.prior.label or "对比数", prior=money(c.prior),
                              real=(real, "a decrease" if delta < 0 else "an increase"), delta=fmt(abs(delta)),
                              unit=c.current.unit, said="an increase" if up else "a decrease/saving")
            # the statement as written ('比上年X万元增加Y万元') and the reason it gives
            said = ([c.span] if len(c.span.quote) <= 160 else []) + ([c.explanation] if c.explanation else [])
            out.append(finding(
                "TEXT_CONTRADICTION", zh, en,
                spans_of(c.current, c.prior, stated, *said), stated=c.label, recomputed=f"{fmt(delta)}",
                suggestion=tip,
            ))
    for c in facts.claims:
        if isinstance(c, ChangeClaim) and (prior := opposite_direction_prior(c)) is not None:
            assert c.current is not None and c.amount is not None and c.rate is not None
            up = c.direction == "increase"
            zh, en, tip = say("TEXT_CONTRADICTION", "change_direction_implied", label=c.label, amount=money(c.amount),
                              word="增长" if up else "下降", stated=fmt(c.rate.value), prior=fmt(prior),
                              unit=c.current.unit, current=money(c.current), real="减少" if up else "增加",
                              said="an increase" if up else "a decrease")
            zh = zh if up else zh.replace("大于本年", "小于本年")
            said = ([c.span] if len(c.span.quote) <= 160 else []) + ([c.explanation] if c.explanation else [])
            out.append(finding("TEXT_CONTRADICTION", zh, en, spans_of(c.current, c.amount, c.rate, *said),
                               stated=c.label, recomputed=f"上年{fmt(prior)}", suggestion=tip))
    for c in facts.claims:
        if isinstance(c, RatioClaim) and c.denominator.value == 0 and c.stated.value > 0 and c.numerator.value > 0:
            zh, en, tip = say("TEXT_CONTRADICTION", "zero_base", label=c.label, stated=money(c.stated),
                              base_label=c.denominator.label or "预算数", base=money(c.denominator))
            out.append(finding("TEXT_CONTRADICTION", zh, en, spans_of(c.stated, c.denominator, c.numerator),
                               stated=f"{fmt(c.stated.value)}%", suggestion=tip))
    for c in facts.claims:
        if isinstance(c, ChangeClaim) and c.current is not None and c.prior is None and c.amount is not None \
                and c.direction == "increase" \
                and _grew_more_than_it_is(c):
            zh, en, tip = say("TEXT_CONTRADICTION", "grew_more_than_it_is", current_label=c.current.label or "本年数",
                              current=money(c.current), label=c.label, amount=money(c.amount))
            out.append(finding("TEXT_CONTRADICTION", zh, en, spans_of(c.current, c.amount), stated=c.label,
                               recomputed=fmt(c.current.value - c.amount.value), suggestion=tip))
    for s in facts.statements:
        if s.kind == StatementKind.GRADE and s.value is not None:
            grade, lo = s.detail.split("|")
            zh, en, tip = say("TEXT_CONTRADICTION", "grade_scale", score=fmt(s.value), grade=grade, floor=lo)
            out.append(finding("TEXT_CONTRADICTION", zh, en, [*s.related, s.span], stated=grade,
                               recomputed=f"{fmt(s.value)}分 < {lo}分", suggestion=tip))
    for s in facts.statements:
        if s.kind == StatementKind.REASON_CONTRADICTS:
            zh, en, tip = say("TEXT_CONTRADICTION", "reason", stated=s.related[0].quote, reason=s.span.quote,
                              figures="，".join(r.quote for r in s.related[1:]))
            out.append(finding("TEXT_CONTRADICTION", zh, en, spans_of(*s.related, s.span), stated=s.related[0].quote,
                               suggestion=tip))
        if s.kind == StatementKind.EMPTY_TABLE_NOTE:
            zh, en, tip = say("TEXT_CONTRADICTION", "empty_table", note=s.detail,
                              shown="、".join(r.quote for r in s.related[:3]))
            out.append(finding("TEXT_CONTRADICTION", zh, en, spans_of(s.span, *s.related), stated=s.detail,
                               suggestion=tip))
    out += _fully_spent_against_figures(facts)
    out += _good_progress_against_figures(facts, cfg)
    zero_rates = [s for s in facts.statements if s.kind == StatementKind.ADJUST_RATE_ZERO]
    for s in zero_rates[:1]:
        adjustments = [r for r in s.related if any(ch.isdigit() for ch in r.quote)]
        problems = [r for r in s.related if r not in adjustments]
        if not adjustments and s.detail == "no_exclusion":
            out += _zero_rate_against_budgets(facts, s, zero_rates)
            continue
        if not adjustments or (s.detail == "exclusion_stated" and not problems):
            continue
        if s.detail == "exclusion_stated":
            why = pair("TEXT_CONTRADICTION", "exclusion_contradicted", problem=problems[0].quote)
        else:
            why = pair("TEXT_CONTRADICTION", "no_exclusion_basis")
        zh, en, tip = say("TEXT_CONTRADICTION", "zero_adjustment", statement=s.span.quote,
                          adjustment=adjustments[0].quote, why=why)
        out.append(finding("TEXT_CONTRADICTION", zh, en,
                           spans_of(*(z.span for z in zero_rates), *adjustments, *problems), stated=s.span.quote,
                           suggestion=tip))
    min_rate = cfg.excellent_grade_min_rate
    for line in facts.budget_lines:
        if line.grade is None or line.grade.quote != "优秀" or line.actual is None:
            continue
        budget = line.full_budget or line.initial_budget
        if budget is None or budget.value <= 0:
            continue
        rate = pct(line.actual.value, budget.value)
        if rate < min_rate:
            zh, en, tip = say("TEXT_CONTRADICTION", "grade", subject=(quoted(line.subject), line.subject),
                              rate=fmt(rate), actual=money(line.actual), budget=money(budget))
            out.append(finding(
                "TEXT_CONTRADICTION", zh, en,
                spans_of(line.actual, budget, line.grade), stated="优秀", recomputed=f"{fmt(rate)}%",
                suggestion=tip,
            ))
    return out


def _zero_rate_against_budgets(facts: Facts, s, zero_rates: list) -> list[Finding]:
    """'预算调整率为0' while the report's own 年初预算 and 调整后预算 differ (5,420.00 → 6,108.75): the
    budget was adjusted whether or not the amount is stated."""
    first: dict[str, list] = {}
    for f in facts.figures:
        if f.key in ("total.initial_budget", "total.full_budget"):
            first.setdefault(f.key, []).append(f)
    if len(first) != 2 or any(len({f.value for f in v}) != 1 for v in first.values()):
        return []  # both stated, each one way: otherwise which budgets differ cannot be told
    initial = min(first["total.initial_budget"], key=lambda f: f.span.start)
    full = min(first["total.full_budget"], key=lambda f: f.span.start)
    if initial.unit != full.unit or abs(full.value - initial.value) <= half_unit(full.value) + half_unit(initial.value):
        return []
    why = pair("TEXT_CONTRADICTION", "no_exclusion_basis")
    # the amount that made the difference, when the report states it ('追加…等资金3,120,480.00元')
    lo, hi = sorted((initial.span.start, full.span.start))
    gap = full.value - initial.value
    added = [f for f in facts.figures if lo < f.span.start < hi and f.unit == full.unit and abs(f.value) == abs(gap)]
    zh, en, tip = say("TEXT_CONTRADICTION", "zero_adjustment", statement=s.span.quote,
                      adjustment=f"年初预算{money(initial)}、调整后预算{money(full)}", why=why)
    return [finding("TEXT_CONTRADICTION", zh, en, spans_of(*(z.span for z in zero_rates), initial, *added[:1], full),
                    stated=s.span.quote, suggestion=tip)]


@check("YEAR_MISMATCH")
def check_years(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    if facts.year is None:
        return out
    bases: list = []
    for s in sorted(facts.statements, key=lambda s: (s.span.start, -s.span.end)):
        if s.kind != StatementKind.YEAR_REFERENCE or s.value is None:
            continue
        if s.detail.startswith("比较基期"):
            if int(s.value) >= facts.year:
                bases.append(s)
            continue
        if int(s.value) == facts.year:
            continue
        if facts.kind == DocumentKind.BUDGET and int(s.value) == facts.year - 1 and s.detail.startswith("截"):
            continue  # a budget reports its assets as at the end of the year before it
        if any(f.evidence[0].start < s.span.end and s.span.start < f.evidence[0].end for f in out):
            continue  # '截至2023年12月31日' and '2023年12月31日，绩效自评得分' read one year twice: one finding
        zh, en, tip = say("YEAR_MISMATCH", "reference", year=facts.year, quote=s.span.quote, cited=int(s.value))
        out.append(finding(
            "YEAR_MISMATCH", zh, en,
            [s.span, *s.related], stated=str(int(s.value)), recomputed=str(facts.year),
            suggestion=tip,
        ))
    if bases:
        out.append(_comparison_base(facts.year, bases))
    return out


def _comparison_base(year: int, bases: list) -> Finding:
    """'2026年预算 … 比2026年预算增加X': a budget compares with the year before it; every place that
    does not is one finding (the same slip repeated)."""
    first = bases[0]
    more = pair("YEAR_MISMATCH", "more_places", count=len(bases)) if len(bases) > 1 else ""
    zh, en, tip = say("YEAR_MISMATCH", "comparison_base", year=year, quote=first.span.quote, more=more,
                      base=int(first.value), expected=year - 1, count=len(bases))
    return finding(
        "YEAR_MISMATCH", zh, en, [b.span for b in bases], stated=str(int(first.value)), recomputed=str(year - 1),
        suggestion=tip,
    )


@check("TEMPLATE_RESIDUE")
def check_template(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    by_text: dict[str, list] = defaultdict(list)
    for s in facts.statements:
        if s.kind == StatementKind.TEMPLATE_RESIDUE:
            by_text[s.detail].append(s.span)
    return [finding("TEMPLATE_RESIDUE", *say("TEMPLATE_RESIDUE", "residue", text=text, count=len(spans))[:2], spans,
                    stated=text)
            for text, spans in by_text.items()]


@check("MISSING_ITEM")
def check_missing(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out = []
    for s in facts.statements:
        if s.kind != StatementKind.MISSING:
            continue
        if s.detail.startswith("table:"):
            what = pair("MISSING_ITEM", "table", table=s.detail[6:])[0]
        else:
            what = MISSING_ZH.get(s.detail) or pair("MISSING_ITEM", "partial", quote=s.span.quote, detail=s.detail)[0]
        zh, en, _ = say("MISSING_ITEM", "missing", what=what, detail=s.detail)
        out.append(finding("MISSING_ITEM", zh, en, [s.span], stated=s.detail))
    return out


@check("DUPLICATE_TEXT")
def check_duplicates(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out = []
    for s in facts.statements:
        if s.kind != StatementKind.DUPLICATE or not s.related:
            continue
        if len(s.span.quote.replace(" ", "")) < cfg.duplicate_min_chars:
            continue
        preview = s.span.quote[:30] + ("…" if len(s.span.quote) > 30 else "")
        zh, en, _ = say("DUPLICATE_TEXT", "repeated", count=len(s.related) + 1, preview=preview)
        out.append(finding("DUPLICATE_TEXT", zh, en, [s.span, *s.related]))
    return out


@check("PRIVACY")
def check_privacy(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out = []
    for s in facts.statements:
        if s.kind != StatementKind.PRIVACY:
            continue
        what = ("手机号码", "mobile number") if s.detail == "mobile" else ("身份证号码", "ID number")
        masked = s.span.quote[:3] + "*" * (len(s.span.quote) - 7) + s.span.quote[-4:]
        zh, en, _ = say("PRIVACY", "personal", what=what, masked=masked)
        out.append(finding("PRIVACY", zh, en, [s.span], stated=masked))
    return out


def _fully_spent_against_figures(facts: Facts) -> list[Finding]:
    """'项目资金已全部支付完毕' while the report's own spending falls short of its full-year budget (70.15%): the
    words say the opposite of the figures.  Only when the budget is stated one way throughout, and the spending
    falls short of it however it is stated."""
    from agent.checks.budget import _first

    claims = [s for s in facts.statements if s.kind == StatementKind.FULLY_SPENT]
    if not claims:
        return []
    values = _values_by_key(facts)
    actual, budget = _first(facts, "total.actual"), _first(facts, "total.full_budget")
    if actual is None or budget is None or budget.value <= 0 or actual.unit != budget.unit or \
            len(values["total.full_budget"]) != 1:
        return []
    gap = budget.value - actual.value
    most = max(values["total.actual"])  # stated two ways (a FIGURE_INCONSISTENT of its own): short either way
    if budget.value - most <= half_unit(budget.value) + half_unit(most):
        return []
    rate = pct(actual.value, budget.value)
    zh, en, tip = say("TEXT_CONTRADICTION", "fully_spent", claim=claims[0].span.quote, actual_label=actual.label or "实际支出",
                      actual=money(actual), budget_label=budget.label or "全年预算", budget=money(budget), rate=fmt(rate),
                      gap=fmt(gap), unit=actual.unit)
    # its own fault whatever else those figures break (it holds against every stated value of the spending)
    return [finding("TEXT_CONTRADICTION", zh, en, spans_of(actual, budget, claims[0].span), stated=claims[0].detail,
                    recomputed=f"{fmt(rate)}%", suggestion=tip, details={"claim": "fully_spent"})]


def _good_progress_against_figures(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    """'资金支出进度总体较快' while the report's spending is below the low-execution threshold of its full-year budget
    (298.46 of 420.00, 71.06%): a judgement the figures do not bear.  Same conditions as a fully-spent claim."""
    from agent.checks.budget import _first

    claims = [s for s in facts.statements if s.kind == StatementKind.GOOD_PROGRESS]
    if not claims or any(s.kind == StatementKind.FULLY_SPENT for s in facts.statements):
        return []  # a fully-spent claim in the same report says it more strongly: one finding
    values = _values_by_key(facts)
    actual, budget = _first(facts, "total.actual"), _first(facts, "total.full_budget")
    if actual is None or budget is None or budget.value <= 0 or actual.unit != budget.unit or \
            len(values["total.full_budget"]) != 1:
        return []
    threshold = Decimal(str(cfg.low_execution_threshold))
    rng = ratio_interval(max(values["total.actual"]), budget.value)
    if rng is None or not rng.hi < threshold:
        return []
    rate = pct(actual.value, budget.value)
    zh, en, tip = say("TEXT_CONTRADICTION", "good_progress", claim=claims[0].span.quote,
                      actual_label=actual.label or "实际支出", actual=money(actual), budget_label=budget.label or "全年预算",
                      budget=money(budget), rate=fmt(rate), threshold=fmt(threshold.normalize()))
    return [finding("TEXT_CONTRADICTION", zh, en, spans_of(actual, budget, claims[0].span), stated=claims[0].detail,
                    recomputed=f"{fmt(rate)}%", suggestion=tip, details={"claim": "fully_spent"})]


def _values_by_key(facts: Facts) -> defaultdict[str, set]:
    """The values stated under each key of the spending and budget figures these claims are held against."""
    values: defaultdict[str, set] = defaultdict(set)
    for f in facts.all_figures():
        if f.key in ("total.actual", "total.full_budget"):
            values[f.key].add(f.value)
    return values
