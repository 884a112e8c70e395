"""SUM_MISMATCH, RATIO_MISMATCH, CHANGE_MISMATCH, BALANCE_MISMATCH: the report's own arithmetic."""

from __future__ import annotations

from decimal import Decimal

from agent.checks.base import finding, money, quoted, spans_of
from agent.checks.registry import check
from agent.checks.tolerance import (
    Interval,
    change_rate_interval,
    fmt,
    half_unit,
    pct,
    precise,
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
        scope_zh = scope_en = ""
        if k:  # the first k parts make the total: say so, the extra parts may lie outside its scope
            extra = "、".join(money(p) for p in c.parts[k:])
            scope_zh = f"前{k}项之和已等于{money(c.total)}，其余分项（{extra}）是否属于该合计的口径，"
            scope_en = f" The first {k} parts alone make the total; are the others ({extra}) within its scope?"
        out.append(finding(
            "SUM_MISMATCH",
            f"{c.total.label or c.label}为{money(c.total)}，但所列分项合计为{fmt(total)}{c.total.unit}（{parts_zh}），"
            f"相差{fmt(diff)}{c.total.unit}，{scope_zh}请核实。",
            f"{c.total.label or c.label} is stated as {money(c.total)} but its parts add up to {fmt(total)}"
            f"{c.total.unit} ({parts_zh}); difference {fmt(diff)}.{scope_en}",
            spans_of(c.total, *c.parts),
            stated=c.total.value, recomputed=total, tolerance=tol,
            suggestion=f"请核对{c.total.label or c.label}及其分项数据，确保合计数等于分项之和。",
        ))
    return out


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
        if not ratio_mismatch(c.stated.value, precise(c.numerator), precise(c.denominator)):
            continue
        name = c.label or "比率"
        if truncated(c.stated.value, precise(c.numerator), precise(c.denominator)):
            out.append(_ratio_finding(c, name, truncation=True))
            continue
        by_values[(c.stated.value, c.numerator.value, c.denominator.value)] = _ratio_finding(c, name)
        out.append(by_values[(c.stated.value, c.numerator.value, c.denominator.value)])
    out += _adjusted_line_rates(facts, seen)
    return out


def _ratio_finding(c: RatioClaim, name: str, *, truncation: bool = False) -> Finding:
    """A stated ratio against its recomputation; a last digit cut off instead of rounded (99.86% for
    99.868%) is only an info note ('尾数处理'), as the catalogue says."""
    true = pct(c.numerator.value, c.denominator.value)
    head_zh = f"{name}：{money(c.numerator)}÷{money(c.denominator)}={fmt(true)}%，报告列为{fmt(c.stated.value)}%，"
    details = {"numerator": str(c.numerator.value), "denominator": str(c.denominator.value)}
    if truncation:
        details["truncated"] = "true"
    f = finding(
        "RATIO_MISMATCH",
        head_zh + ("系尾数截断而非四舍五入（尾数处理），建议统一取舍规则。" if truncation else "计算有误，请核实。"),
        f"{name}: {money(c.numerator)} / {money(c.denominator)} = {fmt(true)}%"
        + (f"; the stated {fmt(c.stated.value)}% truncates instead of rounding (last-digit handling)." if truncation
           else f", but the report states {fmt(c.stated.value)}%."),
        spans_of(c.numerator, c.denominator, c.stated),
        stated=f"{fmt(c.stated.value)}%", recomputed=f"{fmt(true)}%", tolerance=f"±{half_unit(c.stated.value)}%",
        details=details,
        suggestion=None if truncation else f"请按{money(c.numerator)}÷{money(c.denominator)}重新计算{name}。",
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
        out.append(finding(
            "RATIO_MISMATCH",
            f"{quoted(line.subject)}执行率：{money(line.actual)}÷（{money(line.initial_budget)}{sign}{money(line.adjustment)}）"
            f"={fmt(true)}%，报告列为{fmt(line.stated_rate.value)}%，计算有误，请核实。",
            f"'{line.subject}' execution: {money(line.actual)} / ({money(line.initial_budget)} {sign} "
            f"{money(line.adjustment)}) = {fmt(true)}%, stated {fmt(line.stated_rate.value)}%.",
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
                out.append(finding(
                    "CHANGE_MISMATCH",
                    f"{c.label}：本期{money(c.current)}、上期{money(c.prior)}，应{word}{fmt(expected)}{c.current.unit}，"
                    f"报告列为{money(c.amount)}，请核实。",
                    f"{c.label}: current {money(c.current)}, prior {money(c.prior)} imply a change of "
                    f"{fmt(expected)}, the report states {money(c.amount)}.",
                    spans_of(c.current, c.prior, c.amount), stated=c.amount.value, recomputed=expected, tolerance=tol,
                ))
            elif rate_finding is not None:
                out.append(rate_finding)
            continue
        if c.rate is None:
            continue
        rng = change_rate_interval(precise(c.current), precise(c.amount), increase)
        if rng is None or rng.overlaps(Interval.of(c.rate.value)):
            continue
        prior = c.current.value - c.amount.value if increase else c.current.value + c.amount.value
        true = pct(c.amount.value, prior)
        out.append(finding(
            "CHANGE_MISMATCH",
            f"{c.label}：本期{money(c.current)}，{word}{money(c.amount)}，则上期应为{fmt(prior)}{c.current.unit}，"
            f"{word}率应为{fmt(true)}%，报告列为{fmt(c.rate.value)}%，增减额与增减率不符，请核实。",
            f"{c.label}: current {money(c.current)} and a change of {money(c.amount)} imply a prior value of "
            f"{fmt(prior)} and a rate of {fmt(true)}%, but the report states {fmt(c.rate.value)}%.",
            spans_of(c.current, c.amount, c.rate),
            stated=f"{fmt(c.rate.value)}%", recomputed=f"{fmt(true)}%",
            details={"implied_prior": fmt(prior)},
        ))
    return out


def _rate_against_prior(c: ChangeClaim) -> Finding | None:
    """'比上年801.20万元增长8.88%': the rate against (current − prior) / prior over the stated intervals."""
    assert c.prior is not None and c.rate is not None
    cur, prior = Interval.of(precise(c.current)), Interval.of(precise(c.prior))
    if prior.lo <= 0 or c.current.unit != c.prior.unit:
        return None
    if c.direction == "increase":
        rng = Interval((cur.lo / prior.hi - 1) * 100, (cur.hi / prior.lo - 1) * 100)
    else:
        rng = Interval((1 - cur.hi / prior.lo) * 100, (1 - cur.lo / prior.hi) * 100)
    if rng.hi < 0 or rng.overlaps(Interval.of(c.rate.value)):
        return None  # agrees, or the change goes the other way (a wrong direction word: TEXT_CONTRADICTION)
    true = pct(abs(c.current.value - c.prior.value), c.prior.value)
    word = "增长" if c.direction == "increase" else "下降"
    return finding(
        "CHANGE_MISMATCH",
        f"{c.label}：本期{money(c.current)}、上期{money(c.prior)}，{word}率应为{fmt(true)}%，"
        f"报告列为{fmt(c.rate.value)}%，请核实。",
        f"{c.label}: current {money(c.current)} against prior {money(c.prior)} is a change of {fmt(true)}%, "
        f"the report states {fmt(c.rate.value)}%.",
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
        out.append(finding(
            "BALANCE_MISMATCH",
            f"{c.label}不成立：{formula} = {fmt(expected)}{c.result.unit}，报告列为{money(c.result)}，"
            f"相差{fmt(c.result.value - expected)}{c.result.unit}，请核实。",
            f"Identity '{c.label}' fails: {formula} = {fmt(expected)}, the report states {money(c.result)}.",
            spans_of(*c.plus, *c.minus, c.result),
            stated=c.result.value, recomputed=expected,
            tolerance=(expected_iv.hi - expected_iv.lo) / 2 + half_unit(c.result.value),
        ))
    return out
