"""OVER_BUDGET and LOW_EXECUTION: spending against its budget, including widened denominators."""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.checks.base import finding, money, quoted, spans_of
from agent.checks.merge import absorb
from agent.checks.messages import pair, say
from agent.checks.registry import check
from agent.checks.tolerance import Interval, fmt, pct, ratio_interval
from agent.config import CheckSettings
from agent.extract.rules import lexicon
from agent.extract.rules.labels import subject_of
from agent.extract.rules.numbers import to_wan
from agent.schemas import BudgetLine, DocumentKind, Facts, Figure, Finding, RatioClaim

# Components first: when 项目支出 is over budget, the department total usually is too — one problem, one finding.
_MONEY = ("万元", "元", "亿元")
_DEPT_SUBJECTS = {"project": "项目支出", "basic": "基本支出", "sangong": "“三公”经费",
                  "sangong.reception": "公务接待费", "sangong.vehicle": "公务用车购置及运行维护费",
                  "sangong.vehicle_run": "公务用车运行维护费", "sangong.abroad": "因公出国（境）费",
                  "total": "部门整体支出"}


def _first(facts: Facts, key: str) -> Figure | None:
    return _first_by_key(facts).get(key)


_CACHE: dict[int, tuple[Facts, dict[str, Figure]]] = {}


def _first_by_key(facts: Facts) -> dict[str, Figure]:
    """The first figure of each key, indexed once per Facts object (checks ask for many keys)."""
    hit = _CACHE.get(id(facts))
    if hit is None or hit[0] is not facts:
        _CACHE.clear()
        first: dict[str, Figure] = {}
        for f in facts.all_figures():
            first.setdefault(f.key, f)
        hit = (facts, first)
        _CACHE[id(facts)] = hit
    return hit[1]


def _line_budget(line: BudgetLine) -> Figure | None:
    if line.full_budget is not None:
        return line.full_budget
    if line.key.startswith(("account:", "sangong")) or line.initial_budget is None:
        return None
    if line.adjustment is not None:
        return None  # budget after adjustment is not stated as one figure; handled via the adjustment
    return line.initial_budget


def _effective(line: BudgetLine) -> tuple[Decimal, list[Figure]] | None:
    """Budget the actual must be compared with, and the figures it comes from."""
    b = _line_budget(line)
    if b is not None:
        return b.value, [b]
    if line.initial_budget is not None and line.adjustment is not None and not line.key.startswith("account:"):
        sign = -1 if "调减" in line.adjustment.label else 1
        return line.initial_budget.value + sign * line.adjustment.value, [line.initial_budget, line.adjustment]
    return None


# a 科目 named by its code or level: '防汛（2130314）', '行政运行(2040601)', '住房公积金（项）'
_ACCOUNT_NAME = fastre.compile(r"[（(]\s*(\d{3}|\d{5}|\d{7})\s*[)）]|[（(][类款项][)）]|"
                           rf"^[“\"]?({lexicon.FUNCTION_CLASSES})支出[”\"]?$")


def _is_sangong(line: BudgetLine) -> bool:
    """A 三公 item however the line was keyed ('“公务接待费”预算35000.00元，实际支出25200.00元'): spending
    under a 三公 budget is the point of the control, never a low execution."""
    return line.key.startswith("sangong") or subject_of(line.subject or "") is not None and \
        (subject_of(line.subject or "") or "").startswith("sangong")


def _lines_with_budget(facts: Facts, skip_keys: tuple[str, ...]):
    """Budget lines with spending and a budget to compare it with: (line, budget value, budget figures).
    决算 科目 lines (vs 年初预算) are never compared: 年初预算 is not the budget after adjustment."""
    for line in facts.budget_lines:
        if line.actual is None or line.key in skip_keys or line.key.startswith(("account:", "misc:")) or \
                _ACCOUNT_NAME.search(line.subject):
            continue  # a line whose item could not be named is not judged: the reviewer could not act on it
        eff = _effective(line)
        if eff is not None and eff[0] > 0:
            yield line, eff[0], eff[1]


def _over(actual: Decimal, budget: Decimal, threshold: float) -> bool:
    actual = actual.quantize(Decimal("0.01")) if actual.as_tuple().exponent > -2 else actual
    budget = budget.quantize(Decimal("0.01")) if budget.as_tuple().exponent > -2 else budget
    rng = ratio_interval(actual, budget)
    return rng is not None and rng.lo > Decimal(str(threshold))


def _masking_ratio(facts: Facts, actual: Figure, budget: Figure) -> RatioClaim | None:
    for c in facts.claims:
        if isinstance(c, RatioClaim) and c.numerator.value == actual.value and c.denominator.value != budget.value \
                and c.stated.value <= 100:
            return c
    return None


_AGGREGATE_ROW = fastre.compile(r"^其他|^其余|[（(]\s*\d+\s*个\s*[)）]")


def _rate_within_budget(facts: Facts, actual: Figure) -> RatioClaim | None:
    """A rate of this spending the report states at or under 100% ('部门整体预算执行率为98.90%')."""
    return next((c for c in facts.claims if isinstance(c, RatioClaim) and c.numerator.value == actual.value
                 and c.stated.value <= 100), None)


def _name(facts: Facts, subj: str, default: str) -> str:
    """'部门整体支出' is the project itself in a 项目支出绩效自评报告."""
    if subj == "total" and facts.kind == DocumentKind.PROJECT_SELF_EVAL:
        return "本项目支出"
    return default


def _budget_text(figs: list[Figure], value: Decimal, line: BudgetLine) -> str:
    if len(figs) == 1:
        return money(figs[0])
    sign = "−" if line.adjustment is not None and "调减" in line.adjustment.label else "+"
    return f"{fmt(value)}{figs[0].unit}（{money(figs[0])}{sign}{money(figs[1])}）"


def _denominator_words(formula: str) -> str:
    """'（实际支出÷（全年预算＋上年结转））' → '全年预算＋上年结转': what the report divided by."""
    after = re.split(r"[÷/]", formula, maxsplit=1)[-1].strip()
    if after[:1] in "（(" and after[-2:] in ("））", "))", "）)", ")）"):
        after = after[1:-2]  # the denominator's own brackets and the formula's closing one
    return after.strip("（）() ") or formula


@check("OVER_BUDGET")
def check_over_budget(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    if facts.kinds == [DocumentKind.BUDGET] and "执行" not in (facts.title or ""):
        return out  # a 部门预算 plans the year: its '支出' are budgets, there is no spending yet to over-run them
    done: set[tuple[Decimal, Decimal]] = set()  # (actual, budget): one over-spend, one finding
    for subj, name in _DEPT_SUBJECTS.items():
        name = _name(facts, subj, name)
        actual = _first(facts, f"{subj}.actual")
        budget = _first(facts, f"{subj}.full_budget") or _first(facts, f"{subj}.budget") or \
            (_first(facts, f"{subj}.initial_budget") if subj.startswith("sangong") else None)  # 三公: the 预算安排数
        if actual is None or budget is None or budget.value <= 0 or actual.unit not in _MONEY \
                or budget.unit not in _MONEY:
            continue
        if not _over(to_wan(actual.value, actual.unit), to_wan(budget.value, budget.unit), cfg.over_budget_threshold):
            continue
        own_basis = _first(facts, f"{subj}.rate_own_basis")  # '执行率99.62%（实际支出÷（全年预算＋上年结转））'
        if own_basis is not None and own_basis.value > 100:
            own_basis = None
        if subj == "total" and own_basis is None and _rate_within_budget(facts, actual) is None and \
                any(f.values.details.get("subject") in ("project", "basic") for f in out):
            continue  # the items' overspend is the finding — unless a rate of the whole hides the whole's
        if subj.startswith("sangong.") and any(f.values.details.get("subject") == "sangong" for f in out):
            continue  # the 三公 total is over: its items are the same problem, already reported
        rate = pct(to_wan(actual.value, actual.unit), to_wan(budget.value, budget.unit))
        done.add((actual.value, budget.value))
        masked = _masking_ratio(facts, actual, budget)
        budget_name = budget.label if "预算" in (budget.label or "") else f"{name}预算"
        ev = spans_of(actual, budget)
        masked_text: str | tuple[str, str] = ""
        if masked is not None:
            masked_text = pair("OVER_BUDGET", "masked", denominator=money(masked.denominator),
                               stated=fmt(masked.stated.value))
            ev += spans_of(masked.denominator, masked.stated)
        elif (stated_rate := _rate_within_budget(facts, actual)) is not None:
            # '部门整体预算执行率为98.90%' on a spending over its budget: the rate's figures join the evidence, so the
            # wrong rate and the overspend it hides are one finding (merge policy)
            ev += spans_of(stated_rate.numerator, stated_rate.denominator, stated_rate.stated)
        if masked is None and own_basis is not None:  # the widened base is the report's own formula, not a stated amount
            masked_text = pair("OVER_BUDGET", "masked", denominator=_denominator_words(own_basis.label),
                               stated=fmt(own_basis.value))
            ev += spans_of(own_basis)
        zh, en, tip = say("OVER_BUDGET", "subject", name=name, actual=money(actual), budget_name=budget_name,
                          budget=money(budget), rate=fmt(rate), masked=masked_text)
        shown = masked.stated.value if masked else own_basis.value if own_basis is not None else None
        found = finding("OVER_BUDGET", zh, en, ev,
                        stated=f"{fmt(shown)}%" if shown is not None else None, recomputed=f"{fmt(rate)}%",
                        details={"actual": str(actual.value), "budget": str(budget.value), "subject": subj},
                        suggestion=tip)
        if subj == "total":  # the items' overspends are how the whole came to be over: one finding names them
            for part in [f for f in out if f.values.details.get("subject") in ("project", "basic")]:
                absorb(found, part)
                out.remove(part)
        out.append(found)
    seen: set[str] = set()
    for line, budget_value, figs in _lines_with_budget(facts, ("project", "basic", "sangong", "total", "fiscal")):
        if not _over(line.actual.value, budget_value, cfg.over_budget_threshold) or line.key in seen \
                or (line.actual.value, budget_value) in done:
            continue
        seen.add(line.key)
        done.add((line.actual.value, budget_value))
        rate = pct(line.actual.value, budget_value)
        budget_txt = _budget_text(figs, budget_value, line)
        zh, en, tip = say("OVER_BUDGET", "line", subject=(quoted(line.subject), line.subject),
                          actual=money(line.actual), budget=budget_txt, rate=fmt(rate))
        found = finding(
            "OVER_BUDGET", zh, en,
            spans_of(line.actual, *figs, line.stated_rate),
            stated=f"{fmt(line.stated_rate.value)}%" if line.stated_rate else None, recomputed=f"{fmt(rate)}%",
            details={"actual": str(line.actual.value), "budget": fmt(budget_value)},
            suggestion=tip,
        )
        parents = ("sangong",) if _is_sangong(line) else ("project", "total") if line.key.startswith("project:") else ()
        whole = next((f for f in out if (f.values.details.get("subject") or "").startswith(parents)), None) \
            if parents else None
        if whole is not None:  # the whole is over (三公, 项目支出): an item over its own budget is how, named there
            absorb(whole, found)
            continue
        out.append(found)
    return out


@check("LOW_EXECUTION")
def check_low_execution(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    threshold = Decimal(str(cfg.low_execution_threshold))
    seen: set[str] = set()
    done: set[tuple[Decimal, Decimal]] = set()
    for line, budget_value, figs in _lines_with_budget(facts, ()):
        if _is_sangong(line) or line.key in seen or _AGGREGATE_ROW.search(line.subject or ""):
            continue  # '其他项目（7个）': several small projects together — which one lags is not told
        rng = ratio_interval(line.actual.value, budget_value)
        if rng is None or not rng.hi < threshold or (line.actual.value, budget_value) in done:
            continue
        seen.add(line.key)
        done.add((line.actual.value, budget_value))
        rate = pct(line.actual.value, budget_value)
        budget_txt = _budget_text(figs, budget_value, line)
        zh, en, tip = say("LOW_EXECUTION", "line", subject=(quoted(line.subject), line.subject), budget=budget_txt,
                          actual=money(line.actual), rate=fmt(rate), threshold=fmt(threshold.normalize()))
        out.append(finding(
            "LOW_EXECUTION", zh, en,
            spans_of(line.actual, *figs, line.stated_rate),
            recomputed=f"{fmt(rate)}%", stated=f"{fmt(line.stated_rate.value)}%" if line.stated_rate else None,
            details={"threshold": f"{fmt(threshold.normalize())}%"},
            suggestion=tip,
        ))
    for subj, name in (("total", "部门整体支出"), ("project", "项目支出")):
        name = _name(facts, subj, name)
        actual = _first(facts, f"{subj}.actual")
        budget = _first(facts, f"{subj}.full_budget")
        if actual is None or budget is None or budget.value <= 0 or subj in seen \
                or (actual.value, budget.value) in done:
            continue
        rng = ratio_interval(actual.value, budget.value)
        if rng is not None and rng.hi < threshold and Interval.of(actual.value).hi > 0:
            rate = pct(actual.value, budget.value)
            zh, en, _ = say("LOW_EXECUTION", "subject", name=name, budget=money(budget), actual=money(actual),
                            rate=fmt(rate), threshold=fmt(threshold.normalize()))
            out.append(finding(
                "LOW_EXECUTION", zh, en,
                spans_of(actual, budget), recomputed=f"{fmt(rate)}%",
            ))
            done.add((actual.value, budget.value))
    out += _low_stated_rates(facts, threshold, done)
    return out


_EXECUTION_RATE = fastre.compile(r"执行率|完成率|支出率|支付率")
# a 三公 item or a funding source of an item is not an item whose low execution needs explaining
_NOT_AN_ITEM = fastre.compile(r"控制|三公|公务接待|公务用车|因公出国|当年财政拨款|上年结转|其他资金|财政拨款资金|自筹")


def _low_stated_rates(facts: Facts, threshold: Decimal, done: set[tuple[Decimal, Decimal]]) -> list[Finding]:
    """'全年预算85.00万元，执行59.20万元，执行率69.65%': an execution rate stated as a relation of spending to
    its budget (not a budget line) that is low by its own figures.  A 控制率 (三公) is meant to be low."""
    out: list[Finding] = []
    if facts.kind not in (DocumentKind.DEPT_SELF_EVAL, DocumentKind.PROJECT_SELF_EVAL):
        return out  # a 决算's 科目 and 三公 rates compare with 年初预算: spending less is no finding there
    for c in facts.claims:
        words = f"{c.label}{c.numerator.label}{c.denominator.label}" if isinstance(c, RatioClaim) else ""
        if not isinstance(c, RatioClaim) or not _EXECUTION_RATE.search(c.label or "") or _NOT_AN_ITEM.search(words) \
                or _AGGREGATE_ROW.search(c.label or "") \
                or "预算" not in (c.denominator.label or "") or (c.numerator.value, c.denominator.value) in done:
            continue
        rng = ratio_interval(c.numerator.value, c.denominator.value)
        if rng is None or not rng.hi < threshold or c.numerator.value <= 0:
            continue
        done.add((c.numerator.value, c.denominator.value))
        rate = pct(c.numerator.value, c.denominator.value)
        zh, en, tip = say("LOW_EXECUTION", "stated_rate", budget_label=c.denominator.label, budget=money(c.denominator),
                          actual_label=c.numerator.label or "实际支出", actual=money(c.numerator), name=c.label,
                          rate=fmt(rate), threshold=fmt(threshold.normalize()))
        out.append(finding("LOW_EXECUTION", zh, en, spans_of(c.numerator, c.denominator, c.stated),
                           recomputed=f"{fmt(rate)}%", stated=f"{fmt(c.stated.value)}%",
                           details={"threshold": f"{fmt(threshold.normalize())}%"}, suggestion=tip))
    return out
