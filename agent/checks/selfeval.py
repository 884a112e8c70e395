"""SCORE_MISMATCH and TARGET_NOT_MET on 绩效自评表 rows."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from agent import fastre
from agent.checks.base import finding, spans_of
from agent.checks.messages import say
from agent.checks.registry import check
from agent.checks.tolerance import HUNDRED, Interval, fmt, ratio_mismatch
from agent.config import CheckSettings
from agent.schemas import Comparator, Facts, Finding, RatioClaim, ScoreRow, ScoreTable


def score_iv(v: Decimal) -> Interval:
    """Scores and weights are exact at one decimal ('得分精确到小数点后一位'): 10 means 10.0."""
    h = Decimal("0.05") if v.as_tuple().exponent < 0 else Decimal("0.005")
    return Interval(v - h, v + h)


def _scores_sum(values: list[Decimal]) -> Interval:
    out = Interval(Decimal(0), Decimal(0))
    for v in values:
        out = out + score_iv(v)
    return out


def _sum_check(stated, values_figs, label_zh: str, label_en: str) -> Finding | None:
    values = [f.value for f in values_figs]
    if _scores_sum(values).overlaps(score_iv(stated.value)):
        return None
    total = sum(values, Decimal(0))
    zh, en, _ = say("SCORE_MISMATCH", "sum", label=(label_zh, label_en), stated=fmt(stated.value), total=fmt(total))
    return finding(
        "SCORE_MISMATCH", zh, en,
        spans_of(stated, *values_figs), stated=stated.value, recomputed=total,
    )


@check("SCORE_MISMATCH")
def check_scores(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    wrong_rates = {(c.stated.span.start, c.stated.span.end) for c in facts.claims
                   if isinstance(c, RatioClaim) and ratio_mismatch(c.stated.value, c.numerator.value, c.denominator.value)}
    for t in facts.score_tables:
        out += _table_scores(t, wrong_rates)
    return out


def _group_deficit(t: ScoreTable) -> Decimal:
    """What the groups whose rows do not add up to their stated weight miss, together."""
    missing = Decimal(0)
    for g in t.groups:
        figs = [t.rows[i].weight for i in g.row_indexes if t.rows[i].weight is not None]
        if figs and not _scores_sum([f.value for f in figs]).overlaps(score_iv(g.stated_weight.value)):
            missing += g.stated_weight.value - sum((f.value for f in figs), Decimal(0))
    return missing


def _unscored_funds_weight(t: ScoreTable, weights: list) -> Decimal | None:  # noqa: ANN001 - Figures
    """'年度资金总额 | 380.00 | 380.00 | 100%' scored nowhere in the table, indicator rows of 90 under a 总分值 of 100: the
    rest (at most 20) is the 资金 block's weight, not a wrong total."""
    if not t.unscored_funds or t.total_weight is None or not weights:
        return None
    rest = t.total_weight.value - sum((w.value for w in weights), Decimal(0))
    return rest if 0 < rest <= 20 else None


def _table_scores(t: ScoreTable, wrong_rates: set[tuple[int, int]] | None = None) -> list[Finding]:
    out: list[Finding] = []
    weights = [r.weight for r in t.rows if r.weight is not None]
    scores = [r.score for r in t.rows if r.score is not None]
    if any(r.weight is None and r.score is not None for r in t.rows):
        weights = []  # a scored row whose 分值 the table does not give: the weights cannot be added up
    funds_weight = _unscored_funds_weight(t, weights)
    if t.total_weight is not None and weights and funds_weight is None:
        f = _sum_check(t.total_weight, weights, "分值合计", "the total weight")
        deficit = _group_deficit(t)
        if f and not (deficit and t.total_weight.value - sum((w.value for w in weights), Decimal(0)) == deficit):
            out.append(f)  # (a total short by exactly what a group misses is that group's finding, below)
    elif weights and t.total_weight is None and len(weights) >= 5 and not t.excerpt:
        total = sum((w.value for w in weights), Decimal(0))
        deficit = _group_deficit(t)
        if not _scores_sum([w.value for w in weights]).overlaps(score_iv(HUNDRED)) and \
                not (deficit and HUNDRED - total == deficit):  # short by what a group misses: that group's finding
            zh, en, _ = say("SCORE_MISMATCH", "weights", total=fmt(total))
            out.append(finding("SCORE_MISMATCH", zh, en, spans_of(*weights),
                               stated="100", recomputed=total))
    if t.total_score is not None and scores:
        f = _sum_check(t.total_score, scores, "总分（得分）", "the total score")
        gap = t.total_score.value - sum((x.value for x in scores), Decimal(0))
        if f and not (funds_weight is not None and 0 <= gap <= funds_weight):
            out.append(f)  # (the 资金 block's score, within its weight, is the rest of the 总分)
    # a 总分值 short of 100 by exactly what a group misses ('产出指标（50分）' over rows of 45, 总分值 95) is that
    # group's finding: it names the total as evidence rather than being reported twice
    short_by_group = t.total_weight is not None and _group_deficit(t) != 0 and \
        HUNDRED - t.total_weight.value == _group_deficit(t)
    if t.total_weight is not None and t.total_weight.value != HUNDRED and not short_by_group:
        zh, en, _ = say("SCORE_MISMATCH", "total_weight", total=fmt(t.total_weight.value))
        out.append(finding("SCORE_MISMATCH", zh, en, spans_of(t.total_weight),
                           stated=t.total_weight.value, recomputed="100"))
    for g in t.groups:
        figs = [t.rows[i].weight for i in g.row_indexes if t.rows[i].weight is not None]
        if not figs:
            continue
        if not _scores_sum([f.value for f in figs]).overlaps(score_iv(g.stated_weight.value)):
            total = sum((f.value for f in figs), Decimal(0))
            zh, en, tip = say("SCORE_MISMATCH", "group", group=g.name, weight=fmt(g.stated_weight.value),
                              total=fmt(total))
            out.append(finding(
                "SCORE_MISMATCH", zh, en,
                spans_of(g.stated_weight, *figs, *([t.total_weight] if short_by_group else [])),
                stated=g.stated_weight.value, recomputed=total,
                suggestion=tip,
            ))
    for r in t.rows:
        if r.weight is not None and r.score is not None and r.score.value > r.weight.value:
            zh, en, _ = say("SCORE_MISMATCH", "over_weight", indicator=r.level3, score=fmt(r.score.value),
                            weight=fmt(r.weight.value))
            # a 总分 above the full marks it makes ('总分100.5') is the same fault: quoted with it
            over = [t.total_score] if t.total_score is not None and t.total_weight is not None and \
                t.total_score.value > t.total_weight.value else []
            out.append(finding(
                "SCORE_MISMATCH", zh, en,
                spans_of(r.score, r.weight, *over), stated=r.score.value, recomputed=r.weight.value,
            ))
        if r.level3 == "预算执行率" and r.actual is not None and r.weight is not None and r.score is not None \
                and (r.actual.span.start, r.actual.span.end) not in (wrong_rates or set()) and not _threshold(r):
            # (a 执行率 that does not recompute is its own finding: its 得分 may well follow the true rate)
            rate = Interval.of(r.actual.value)
            w = r.weight.value
            # scores kept to one decimal ('得分精确到小数点后一位'), or — a table scoring in whole points only —
            # rounded to a whole point (82.93% of 10 is scored 8)
            whole = not t.one_decimal and all(x.score.value.as_tuple().exponent >= 0 for x in t.rows
                                              if x.score is not None)
            slack = Decimal("0.5") if whole else Decimal("0.05")
            lo = min(rate.lo / HUNDRED * w, w) - slack  # 执行率 above 100% earns the full 分值, no more
            hi = min(rate.hi / HUNDRED * w, w) + slack
            if not Interval(lo, hi).overlaps(score_iv(r.score.value)):
                expected = min(r.actual.value / HUNDRED * r.weight.value, r.weight.value)
                zh, en, _ = say("SCORE_MISMATCH", "execution_score", rate=fmt(r.actual.value),
                                weight=fmt(r.weight.value), expected=fmt(expected, 1), score=fmt(r.score.value))
                out.append(finding(
                    "SCORE_MISMATCH", zh, en,
                    spans_of(r.actual, r.weight, r.score), stated=r.score.value, recomputed=fmt(expected, 1),
                ))
    return out


_DEADLINE = fastre.compile(r"(?:(?P<y>20\d\d)\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?\s*(?:底|末)?\s*(?:前|以前|之前)")
_DATE = fastre.compile(r"(?:(?P<y>20\d\d)\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?")


def _date_met(target: str | None, actual: str | None) -> bool | None:
    """A 时效指标 given as a deadline ('2024年9月底前') against the date it was done ('2024年11月'): missed when
    done after it; a month without a day is judged by the month only."""
    t = _DEADLINE.fullmatch(unicodedata.normalize("NFKC", target or "").strip())
    a = _DATE.fullmatch(unicodedata.normalize("NFKC", actual or "").strip().rstrip("完成上线竣工"))
    if t is None or a is None:
        return None
    ty, ay = t.group("y") or a.group("y"), a.group("y") or t.group("y")
    if ty is None or ay is None:
        return None
    deadline = (int(ty), int(t.group("m")), int(t.group("d") or 31))
    done = (int(ay), int(a.group("m")), int(a.group("d") or 1))
    if a.group("d") is None:
        return (done[0], done[1]) <= (deadline[0], deadline[1])
    return done <= deadline


def _met(row: ScoreRow) -> bool | None:
    if row.target is None or row.actual is None or row.target_comparator is None:
        return _date_met(row.target_text, row.actual_text)
    if row.target.unit != row.actual.unit:
        return None
    a, t = row.actual.value, row.target.value
    # a 成本指标's bare target is a ceiling ('控制在50万元'); a written comparator says itself ('部门预算执行率 ≥90%')
    cost = any("成本" in (x or "") for x in (row.level1, row.level2)) and row.target_comparator == Comparator.EQ
    cmp_ = Comparator.LE if cost else row.target_comparator
    return {
        Comparator.GE: a >= t, Comparator.GT: a > t, Comparator.LE: a <= t, Comparator.LT: a < t,
        Comparator.EQ: Interval.of(a).overlaps(Interval.of(t)),
    }[cmp_]


@check("TARGET_NOT_MET")
def check_targets(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    for t in facts.score_tables:
        for r in t.rows:
            if _met(r) is not False or r.score is None or r.weight is None or r.score.value < r.weight.value:
                continue
            zh, en, tip = say("TARGET_NOT_MET", "full_score", indicator=r.level3, target=r.target_text,
                              actual=r.actual_text, score=fmt(r.score.value), weight=fmt(r.weight.value))
            out.append(finding(
                "TARGET_NOT_MET", zh, en,
                spans_of(r.target, r.actual, r.score) + ([] if r.target and r.actual else [r.span]),  # a date's row
                stated=r.target_text, recomputed=r.actual_text,
                suggestion=tip,
            ))
    return out


def _threshold(r: ScoreRow) -> bool:
    """A 预算执行率 row whose target is a bar under 100 % ('≥90%', as a 成本指标): it is scored by the bar it clears,
    not in proportion to the rate (the 资金 row's '100%' target is the proportional one)."""
    return r.target is not None and r.target.unit == "%" and r.target.value < 100 and \
        r.target_comparator in (Comparator.GE, Comparator.GT)
