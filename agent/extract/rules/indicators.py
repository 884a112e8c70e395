"""The catalogue's common indicators stated without their arithmetic ('预算调整率为12.01%').

预算执行率 = 实际支出 / 全年预算数; 预算调整率 = 调整数 / 年初预算数; 基本/项目支出预算控制率 =
实际支出 / 对应预算数; “三公”经费控制率 = 实际支出 / 预算安排数; 结转结余率 = 结转结余 / 支出预算数.
When the report states such a rate and elsewhere states both of its terms (as keyed figures),
the pair becomes a RatioClaim for RATIO_MISMATCH.  A rate written as a formula is already a claim.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules import lexicon
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import CoverageItem, CoverageStatus, DocumentKind, Figure, RatioClaim

_INDICATORS: list[tuple[str, str, str, tuple[str, ...]]] = [
    # name pattern, label, numerator key, denominator keys (first found wins)
    # not an item's ('项目支出预算执行率为92.6%' is 项目支出's, not the department's)
    (r"(?<!支出)(?<!项目)(?<!经费)(?<!资金)(部门)?(整体)?预算执行率", "预算执行率", "total.actual", ("total.full_budget",)),
    (r"预算调整率", "预算调整率", "total.adjustment", ("total.initial_budget",)),
    (r"基本支出预算控制率", "基本支出预算控制率", "basic.actual", ("basic.full_budget", "basic.budget")),
    (r"项目支出预算控制率", "项目支出预算控制率", "project.actual", ("project.full_budget", "project.budget")),
    (r"[“\"]?三公[”\"]?经费控制率", "“三公”经费控制率", "sangong.actual",
     ("sangong.budget", "sangong.full_budget", "sangong.initial_budget")),
    (r"结转结余率", "结转结余率", "balance.actual", ("total.full_budget",)),
    # project reports: the project's own execution progress
    (r"(项目)?(资金|预算)?执行进度", "执行进度", "total.actual", ("total.full_budget",)),
]
_PROJECT_ONLY = {"执行进度"}
# a rate followed by its formula in words, with a widened denominator ('（实际支出÷（全年预算＋上年结转））')
_OWN_FORMULA = fastre.compile(lexicon.OWN_FORMULA)


def _bracketed(text: str, start: int) -> str:
    """The bracketed formula opening at or after ``start``, brackets balanced ('（实际支出÷（全年预算＋上年结转））')."""
    depth, begin = 0, None
    for i in range(start, min(len(text), start + 60)):
        if text[i] in "（(":
            depth, begin = depth + 1, i if begin is None else begin
        elif text[i] in "）)" and depth:
            depth -= 1
            if depth == 0 and begin is not None:
                return text[begin : i + 1]
    return text[start : start + 30].strip()


def _first(fb: FactsBuilder, key: str) -> Figure | None:
    return next((f for f in fb.with_key(key) if f.unit in ("万元", "元")), None)


_EXCLUDING = fastre.compile(r"(剔除|扣除|不含|不考虑|排除)[^。；;\n]{1,24}(后|外)[，,]?[^。；;\n，,]{0,6}$")


# '项目支出预算执行率按“实际支出÷（全年项目预算＋上年结转68.30万元）”计算为97.80%': the 口径 stated before the rate
_FORMULA_FIRST = fastre.compile(rf"(?P<subj>[\u4e00-\u9fff“”]{{0,10}}?)(?:预算)?(?:执行率|控制率)按[“\"]?(?P<f>[^”\"。；;\n]{{2,40}}"
                            rf"[÷/][^”\"。；;\n]{{2,50}}?)[”\"]?计算(?:为|是|得)?\s*(?P<pct>{NUM})\s*%")


_FORMULA_ANCHOR = fastre.compile(r"(?:执行率|控制率)按")


def _formula_first(ctx: Ctx, fb: FactsBuilder) -> None:
    """Tried only where '执行率按'/'控制率按' stands (the lazy subject tried at every offset was a tenth of a
    second on a 3 MB report)."""
    text, done = ctx.text, -1
    for anchor in _FORMULA_ANCHOR.finditer(text):
        m = _FORMULA_FIRST.search(text, max(done + 1, anchor.start() - 12), anchor.end() + 120)
        if m is None or m.start() > anchor.start():
            continue
        done = m.end()
        denominator = re.split(r"[÷/]", m.group("f"), maxsplit=1)[-1]
        if not re.search(r"[＋+]|加上", denominator):
            continue  # a plain 实际支出÷全年预算 is the catalogue's own rate
        subject = ctx.subject(m.group("subj"), m.start()) or "total"
        fb.add_figure(ctx.figure(m.start("pct"), m.end(), value=m.group("pct"), unit="%",
                                 key=f"{subject}.rate_own_basis", label=f"（{m.group('f')}）"))


def extract_indicators(ctx: Ctx, fb: FactsBuilder) -> None:
    _formula_first(ctx, fb)
    stated_spans = {c.stated.span.start for c in fb.claims if c.kind == "ratio"}
    for pattern, label, num_key, den_keys in _INDICATORS:
        if label in _PROJECT_ONLY and DocumentKind.PROJECT_SELF_EVAL not in ctx.kinds:
            continue
        for m in re.finditer(rf"{pattern}[ ]*(为|是|达|达到)?[ ]*(?P<pct>{NUM})[ ]*%", ctx.text):
            if "=" in ctx.text[m.start() : m.start("pct")] or _of_another_year(ctx, m.start()):
                continue
            if own := _OWN_FORMULA.match(ctx.text, m.end()):
                # '预算执行率为99.62%（实际支出÷（全年预算＋上年结转））': the report states its own 口径 — not checked as
                # the catalogue's rate, but kept: a rate at or under 100% on a widened base may hide an overspend
                formula = _bracketed(ctx.text, own.start())
                fb.add_figure(ctx.figure(m.start("pct"), m.end(), value=m.group("pct"), unit="%",
                                         key=f"{num_key.split('.')[0]}.rate_own_basis", label=formula))
                continue
            if _EXCLUDING.search(ctx.text, max(0, m.start() - 40), m.start()):
                # '剔除政策性调资因素后，预算调整率为1.55%': a 口径 that leaves out what the report's figures hold
                fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="ratio", label=label,
                                                 span=ctx.span(m.start(), m.end()),
                                                 reason="stated on a 口径 that excludes part of the figures (剔除…后)"))
                continue
            stated = ctx.figure(m.start("pct"), m.end(), value=m.group("pct"), unit="%", key=f"misc:{label}",
                                label=label)
            if stated.span.start in stated_spans:
                continue
            numerator = _first(fb, num_key)
            if numerator is None and label == "预算调整率":
                numerator = _adjustment_before(ctx, fb, m.start())
            denominator = next((f for k in den_keys if (f := _first(fb, k)) is not None), None)
            if numerator is None or denominator is None or (label == "预算调整率" and not _net_adjustment(fb, numerator)):
                continue
            stated = fb.add_figure(stated)
            fb.claims.append(RatioClaim(stated=stated, numerator=numerator, denominator=denominator, label=label,
                                        span=ctx.span(m.start(), m.end())))
    _score_table_rates(fb, stated_spans | {c.stated.span.start for c in fb.claims if c.kind == "ratio"})


# rates a 自评表 row reports as its 实际完成值 and the figures the report states elsewhere ('“三公”经费控制率 | ≤100% |
# 88.14%' against 三公 7.15 of 8.60): the 资金 row's 预算执行率 is read with its own row
_ROW_RATES = [x for x in _INDICATORS if x[1] in ("“三公”经费控制率", "基本支出预算控制率", "项目支出预算控制率")]


def _score_table_rates(fb: FactsBuilder, stated_spans: set[int]) -> None:
    """A 自评表 row naming one of the catalogue's rates, its 实际完成值 a percentage: recomputed from the figures."""
    for table in fb.score_tables:
        for row in table.rows:
            actual = row.actual
            if actual is None or actual.unit != "%" or actual.span.start in stated_spans:
                continue
            for pattern, label, num_key, den_keys in _ROW_RATES:
                if not re.fullmatch(pattern, re.sub(r"\s", "", row.level3 or "")):
                    continue
                numerator = _first(fb, num_key)
                denominator = next((f for k in den_keys if (f := _first(fb, k)) is not None), None)
                if numerator is None or denominator is None:
                    break
                fb.claims.append(RatioClaim(stated=actual, numerator=numerator, denominator=denominator, label=label,
                                            span=row.span))
                break


def _of_another_year(ctx: Ctx, pos: int) -> bool:
    """'2023年我局预算执行率为93.8%' in the 2024 report: last year's rate, not one to recompute from this year's figures."""
    clause = re.split(r"[，,。；;\n]", ctx.text[max(0, pos - 24) : pos])[-1]
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", clause)]
    return bool(re.search(r"上年|去年|上一年", clause)) or any(y != ctx.year for y in years if ctx.year)


_ADJUSTING = fastre.compile(r"追加|调增|调减|追减|调整")


def _adjustment_before(ctx: Ctx, fb: FactsBuilder, pos: int) -> Figure | None:
    """'年中追加人民调解员案件补贴和法律援助办案补贴共24.60万元，预算调整率为6.19%': the amount added, stated right before
    the rate in its sentence, is the adjustment the rate divides — when it is the whole change between the two
    budgets the report states (年初 + it = 全年)."""
    from agent.checks.tolerance import sum_mismatch
    from agent.extract.rules.mentions import mentions_between

    start = max(ctx.text.rfind(ch, 0, pos) for ch in "。\n") + 1
    money = [m for m in mentions_between(ctx, start, pos) if m.kind == "money" and m.depth == 0]
    full, initial = fb.with_key("total.full_budget"), fb.with_key("total.initial_budget")
    if not money or not _ADJUSTING.search(money[-1].clause + ctx.text[start : money[-1].start]) or \
            len({f.value for f in full}) != 1 or len({f.value for f in initial}) != 1 or \
            {full[0].unit, initial[0].unit} != {money[-1].unit} or \
            sum_mismatch(full[0].value, [initial[0].value, money[-1].value]):
        return None
    m = money[-1]
    return fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=m.unit, key="misc:预算调整数", label="预算调整数"))


def _net_adjustment(fb: FactsBuilder, adjustment: Figure) -> bool:
    """The adjustment is the whole change of the budget: stated once, and (when both budgets are stated)
    equal to 全年预算 − 年初预算 — '调增612.35万元、调减88.20万元' nets to 524.15, which the rate divides."""
    from agent.checks.tolerance import sum_mismatch

    if len({f.value for f in fb.with_key("total.adjustment")}) > 1:
        return False
    full, initial = fb.with_key("total.full_budget"), fb.with_key("total.initial_budget")
    if len({f.value for f in full}) != 1 or len({f.value for f in initial}) != 1:
        return True
    return not sum_mismatch(full[0].value, [initial[0].value, adjustment.value])
