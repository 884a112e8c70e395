"""SUM_MISMATCH, RATIO_MISMATCH, CHANGE_MISMATCH, BALANCE_MISMATCH: the report's own arithmetic."""

from __future__ import annotations

from decimal import Decimal

from agent import fastre
from agent.checks.base import finding, money, quoted, spans_of
from agent.checks.messages import pair, say
from agent.checks.registry import check
from agent.checks.tolerance import (
    Interval,
    change_rate_interval,
    decimals,
    fmt,
    half_unit,
    pct,
    precise,
    precise_together,
    ratio_interval,
    ratio_mismatch,
    sum_interval,
    sum_mismatch,
    sum_tolerance,
    truncated,
)
from agent.config import CheckSettings
from agent.schemas import BalanceClaim, ChangeClaim, Facts, Finding, RatioClaim, Severity, SumClaim


@check("SUM_MISMATCH")
def check_sums(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    for c in facts.claims:
        if not isinstance(c, SumClaim) or not c.parts:
            continue
        values = [precise(p) for p in c.parts]
        total_v = precise(c.total)
        if not sum_mismatch(total_v, values):
            continue
        total = sum(values, Decimal(0))
        diff = total_v - total
        tol = sum_tolerance(total_v, values)
        parts_zh = " + ".join(money(p) for p in c.parts)
        if c.note_rounding and abs(diff) <= tol + Decimal("0.02"):
            continue  # '尾数误差' noted and within a cent or two: not an arithmetic error
        k = _prefix_length(c)
        scope: str | tuple[str, str] = ""
        if k:  # the first k parts make the total: say so, the extra parts may lie outside its scope
            scope = pair("SUM_MISMATCH", "scope", k=k, total=money(c.total),
                         extra="、".join(money(p) for p in c.parts[k:]))
        zh, en, tip = say("SUM_MISMATCH", "sum", label=c.total.label or c.label, total=money(c.total),
                          parts_total=fmt(total), unit=c.total.unit, parts=parts_zh, diff=fmt(diff), scope=scope)
        row = _ROW_CLAIM.match(c.label or "")
        out.append(finding(
            "SUM_MISMATCH", zh, en,
            spans_of(c.total, *c.parts),
            stated=c.total.value, recomputed=total, tolerance=tol,
            suggestion=tip, details={"row": f"{row.group('table')} {row.group('code')}"} if row else None,
        ))
    return out


# a table row's cell against the rows below it: '支出决算表（公开03表） 20801 人力资源…（项目支出）= Σ下级科目'
_ROW_CLAIM = fastre.compile(r"^(?P<table>.+?) (?P<code>\d{3,7}) \S+（[^）]*）= Σ下级科目$")


def _prefix_length(c: SumClaim) -> int:
    """k when the first k parts (k ≥ 2, fewer than all) already add up to the total, else 0."""
    vals = [precise(p) for p in c.parts]
    for k in range(2, len(vals)):
        if not sum_mismatch(precise(c.total), vals[:k]):
            return k
    return 0


@check("RATIO_MISMATCH")
def check_ratios(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    by_values: dict[tuple[Decimal, Decimal, Decimal], Finding] = {}
    wrong_totals = {(s.total.span.start, s.total.span.end): sum((precise(p) for p in s.parts), Decimal(0))
                    for s in facts.claims if isinstance(s, SumClaim) and s.parts and
                    sum_mismatch(precise(s.total), [precise(p) for p in s.parts])}
    for c in facts.claims:
        if not isinstance(c, RatioClaim) or c.denominator.value <= 0:
            continue
        key = (c.stated.span.start, c.numerator.span.start)
        if key in seen:
            continue
        seen.add(key)
        same = by_values.get((c.stated.value, c.numerator.value, c.denominator.value))
        if same is not None:  # the same wrong ratio restated elsewhere: more evidence, not a new finding
            have = {(e.start, e.end) for e in same.evidence}
            same.evidence.extend(s for s in spans_of(c.numerator, c.denominator, c.stated) if (s.start, s.end) not in have)
            same.evidence.sort(key=lambda e: e.start)
            continue
        if c.numerator.unit != c.denominator.unit:
            continue
        if _implausible_share(c):
            continue
        if c.bound is not None:
            out += _bound_contradicted(c)
            continue
        if not ratio_mismatch(c.stated.value, precise(c.numerator), precise(c.denominator)):
            continue
        whole = wrong_totals.get((c.denominator.span.start, c.denominator.span.end))
        if whole is not None and not ratio_mismatch(c.stated.value, precise(c.numerator), whole):
            continue  # the share holds on its parts' sum: the stated total is what is wrong (SUM_MISMATCH says so)
        name = c.label or "比率"
        if truncated(c.stated.value, precise(c.numerator), precise(c.denominator)):
            out.append(_ratio_finding(c, name, truncation=True))
            continue
        by_values[(c.stated.value, c.numerator.value, c.denominator.value)] = _ratio_finding(c, name)
        out.append(by_values[(c.stated.value, c.numerator.value, c.denominator.value)])
    out += _adjusted_line_rates(facts, seen)
    return out


def _bound_contradicted(c: RatioClaim) -> list[Finding]:
    """'预算执行率达到90%以上' while 917.92 ÷ 1286.50 = 71.35%: the words claim a bound the figures miss — a
    contradiction, not a miscomputed rate.  An estimate ('95%左右') is not judged."""
    iv = ratio_interval(precise(c.numerator), precise(c.denominator))
    if iv is None or c.bound == "about":
        return []
    if not ((c.bound == "at_least" and iv.hi < c.stated.value) or (c.bound == "at_most" and iv.lo > c.stated.value)):
        return []
    true = pct(c.numerator.value, c.denominator.value)
    zh, en, tip = say("TEXT_CONTRADICTION", "bound", name=c.label or "比率", stated=fmt(c.stated.value),
                      said=("以上", "at least") if c.bound == "at_least" else ("以下", "at most"),
                      numerator=money(c.numerator), denominator=money(c.denominator), true=fmt(true))
    return [finding("TEXT_CONTRADICTION", zh, en, spans_of(c.stated, c.numerator, c.denominator),
                    stated=f"{fmt(c.stated.value)}%", recomputed=f"{fmt(true)}%", suggestion=tip)]


def _implausible_share(c: RatioClaim) -> bool:
    """A share ('占比', '占…的') of more than the whole, or of itself, stated under 100%: the pairing is wrong
    (a table's 项目支出 column read as the 类 total), not the report — no finding.  (An 执行率 of a budget
    spent in full is 100% and stays checked.)"""
    if c.stated.value >= 100:
        return False
    share = "占" in (c.label or "") or "比重" in (c.label or "")
    itself = c.numerator.span.start == c.denominator.span.start or (share and c.numerator.value == c.denominator.value)
    return itself or (share and c.numerator.value > c.denominator.value + half_unit(c.denominator.value))


def _ratio_finding(c: RatioClaim, name: str, *, truncation: bool = False) -> Finding:
    """A stated ratio against its recomputation; a last digit cut off instead of rounded (99.86% for
    99.868%) is only an info note ('尾数处理'), as the catalogue says."""
    true = pct(c.numerator.value, c.denominator.value)
    zh, en, tip = say("RATIO_MISMATCH", "truncated" if truncation else "ratio", name=name, numerator=money(c.numerator),
                      denominator=money(c.denominator), true=fmt(true), stated=fmt(c.stated.value))
    details = {"numerator": str(c.numerator.value), "denominator": str(c.denominator.value)}
    if truncation:
        details["truncated"] = "true"
    f = finding(
        "RATIO_MISMATCH", zh, en,
        spans_of(c.numerator, c.denominator, c.stated),
        stated=f"{fmt(c.stated.value)}%", recomputed=f"{fmt(true)}%", tolerance=f"±{half_unit(c.stated.value)}%",
        details=details,
        suggestion=tip,
    )
    if truncation:
        f.severity = Severity.INFO
    return f


def _adjusted_line_rates(facts: Facts, seen: set[tuple[int, int]]) -> list[Finding]:
    """'专项资金A万元，年中执行调增B万元，实际支出C万元，…执行率D%': D against C / (A ± B)."""
    out: list[Finding] = []
    for line in facts.budget_lines:
        if line.stated_rate is None or line.adjustment is None or line.initial_budget is None or line.actual is None:
            continue
        if any(k[0] == line.stated_rate.span.start for k in seen):
            continue
        down = "调减" in line.adjustment.label
        budget_iv = Interval.of(line.initial_budget.value) - Interval.of(line.adjustment.value) if down else \
            Interval.of(line.initial_budget.value) + Interval.of(line.adjustment.value)
        budget = line.initial_budget.value + (-1 if down else 1) * line.adjustment.value
        if budget_iv.lo <= 0:
            continue
        a = Interval.of(line.actual.value)
        rng = Interval(a.lo / budget_iv.hi * 100, a.hi / budget_iv.lo * 100)
        if rng.overlaps(Interval.of(line.stated_rate.value)):
            continue
        true = pct(line.actual.value, budget)
        sign = "−" if down else "+"
        zh, en, _ = say("RATIO_MISMATCH", "adjusted_rate", subject=(quoted(line.subject), line.subject),
                        actual=money(line.actual), initial=money(line.initial_budget), sign=sign,
                        adjustment=money(line.adjustment), true=fmt(true), stated=fmt(line.stated_rate.value))
        out.append(finding(
            "RATIO_MISMATCH", zh, en,
            spans_of(line.initial_budget, line.adjustment, line.actual, line.stated_rate),
            stated=f"{fmt(line.stated_rate.value)}%", recomputed=f"{fmt(true)}%",
        ))
    return out


@check("CHANGE_MISMATCH")
def check_changes(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    for c in facts.claims:
        if not isinstance(c, ChangeClaim):
            continue
        if c.current is None:
            out += [f for f in [_rate_of_stated_change(c)] if f is not None]
            continue
        if c.prior is not None and c.rate is not None:
            rate_finding = _rate_against_prior(c)
            if c.amount is None:
                out += [rate_finding] if rate_finding else []
                continue
        else:
            rate_finding = None
        if c.amount is None:
            continue
        increase = c.direction == "increase"
        word = "增加" if increase else "减少"
        if c.prior is not None:
            expected = (c.current.value - c.prior.value) if increase else (c.prior.value - c.current.value)
            tol = half_unit(c.current.value) + half_unit(c.prior.value) + half_unit(c.amount.value)
            if expected < -tol:
                continue  # the change goes the other way: a wrong direction word (TEXT_CONTRADICTION)
            if abs(expected - c.amount.value) > tol:
                zh, en, _ = say("CHANGE_MISMATCH", "amount", label=c.label, current=money(c.current),
                                prior=money(c.prior), word=word, expected=fmt(expected), unit=c.current.unit,
                                amount=money(c.amount))
                out.append(finding(
                    "CHANGE_MISMATCH", zh, en,
                    spans_of(c.current, c.prior, c.amount), stated=c.amount.value, recomputed=expected, tolerance=tol,
                ))
            elif rate_finding is not None:
                out.append(rate_finding)
            continue
        if c.rate is None:
            continue
        cur_v, amt_v = precise_together(c.current, c.amount)
        rng = change_rate_interval(cur_v, amt_v, increase)
        if rng is None or rng.overlaps(Interval.of(c.rate.value)) or _cut_short(rng, c.rate.value):
            continue
        if opposite_direction_prior(c) is not None:
            continue  # amount and rate agree with each other the other way round: the direction word is wrong
        prior = c.current.value - c.amount.value if increase else c.current.value + c.amount.value
        true = pct(c.amount.value, prior)
        zh, en, _ = say("CHANGE_MISMATCH", "rate", label=c.label, current=money(c.current), word=word,
                        amount=money(c.amount), prior=fmt(prior), unit=c.current.unit, true=fmt(true),
                        stated=fmt(c.rate.value))
        out.append(finding(
            "CHANGE_MISMATCH", zh, en,
            spans_of(c.current, c.amount, c.rate),
            stated=f"{fmt(c.rate.value)}%", recomputed=f"{fmt(true)}%",
            details={"implied_prior": fmt(prior)},
        ))
    return out


def opposite_direction_prior(c: ChangeClaim) -> Decimal | None:
    """'三公经费18.64万元，比上年增加2.38万元，增长11.32%': 2.38 on a prior of 16.26 is 14.64%, but 2.38 on 21.02 is
    11.32% — amount and rate agree on a decrease.  The prior they imply, when only the opposite direction fits
    the stated rate (this year's amount stated, last year's not)."""
    if c.current is None or c.prior is not None or c.amount is None or c.rate is None or c.amount.value <= 0:
        return None
    increase = c.direction == "increase"
    cur_v, amt_v = precise_together(c.current, c.amount)
    said = change_rate_interval(cur_v, amt_v, increase)
    other = change_rate_interval(cur_v, amt_v, not increase)
    stated = Interval.of(c.rate.value)
    if said is None or other is None or said.overlaps(stated) or _cut_short(said, c.rate.value) or \
            not other.overlaps(stated):
        return None
    return c.current.value + c.amount.value if increase else c.current.value - c.amount.value


def _cut_short(rng: Interval, stated: Decimal) -> bool:
    """A change rate truncated after its last digit (4.10% for 4.109%): the catalogue's '尾数处理', no error."""
    return rng.overlaps(Interval(stated, stated + Decimal(1).scaleb(-decimals(stated))))


def _rate_of_stated_change(c: ChangeClaim) -> Finding | None:
    """'比上年2,312.40万元增加144.40万元，增长5.8%' with this year's amount not stated: the rate is the stated
    change over the stated prior."""
    if c.prior is None or c.amount is None or c.rate is None or c.prior.unit != c.amount.unit:
        return None
    if not ratio_mismatch(c.rate.value, c.amount.value, c.prior.value):
        return None
    true = pct(c.amount.value, c.prior.value)
    word = "增长" if c.direction == "increase" else "下降"
    zh, en, _ = say("CHANGE_MISMATCH", "rate_of_change", label=c.label, prior=money(c.prior), amount=money(c.amount),
                    word=word, true=fmt(true), stated=fmt(c.rate.value))
    return finding("CHANGE_MISMATCH", zh, en, spans_of(c.prior, c.amount, c.rate),
                   stated=f"{fmt(c.rate.value)}%", recomputed=f"{fmt(true)}%", tolerance=f"±{half_unit(c.rate.value)}%")


def _rate_against_prior(c: ChangeClaim) -> Finding | None:
    """'比上年801.20万元增长8.88%': the rate against (current − prior) / prior over the stated intervals."""
    assert c.prior is not None and c.rate is not None
    cur_v, prior_v = precise_together(c.current, c.prior)
    cur, prior = Interval.of(cur_v), Interval.of(prior_v)
    if prior.lo <= 0 or c.current.unit != c.prior.unit:
        return None
    if c.direction == "increase":
        rng = Interval((cur.lo / prior.hi - 1) * 100, (cur.hi / prior.lo - 1) * 100)
    else:
        rng = Interval((1 - cur.hi / prior.lo) * 100, (1 - cur.lo / prior.hi) * 100)
    if rng.hi < 0 or rng.overlaps(Interval.of(c.rate.value)) or _cut_short(rng, c.rate.value):
        return None  # agrees, or the change goes the other way (a wrong direction word: TEXT_CONTRADICTION)
    true = pct(abs(c.current.value - c.prior.value), c.prior.value)
    word = "增长" if c.direction == "increase" else "下降"
    zh, en, _ = say("CHANGE_MISMATCH", "rate_against_prior", label=c.label, current=money(c.current),
                    prior=money(c.prior), word=word, true=fmt(true), stated=fmt(c.rate.value))
    return finding(
        "CHANGE_MISMATCH", zh, en,
        spans_of(c.current, c.prior, c.amount, c.rate),
        stated=f"{fmt(c.rate.value)}%", recomputed=f"{fmt(true)}%", tolerance=f"±{half_unit(c.rate.value)}%",
    )


@check("BALANCE_MISMATCH")
def check_balances(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    for c in facts.claims:
        if not isinstance(c, BalanceClaim):
            continue
        plus = sum_interval([precise(f) for f in c.plus])
        minus = sum_interval([precise(f) for f in c.minus]) if c.minus else Interval(Decimal(0), Decimal(0))
        expected_iv = plus - minus
        if expected_iv.overlaps(Interval.of(precise(c.result))):
            continue
        expected = sum((f.value for f in c.plus), Decimal(0)) - sum((f.value for f in c.minus), Decimal(0))
        formula = " + ".join(money(f) for f in c.plus) + "".join(f" − {money(f)}" for f in c.minus)
        zh, en, _ = say("BALANCE_MISMATCH", "identity", label=c.label, formula=formula, expected=fmt(expected),
                        unit=c.result.unit, result=money(c.result), diff=fmt(c.result.value - expected))
        out.append(finding(
            "BALANCE_MISMATCH", zh, en,
            spans_of(*c.plus, *c.minus, c.result),
            stated=c.result.value, recomputed=expected,
            tolerance=(expected_iv.hi - expected_iv.lo) / 2 + half_unit(c.result.value),
        ))
    return out
