"""Checks on what the text says: contradictions, other-year references, residue, missing items,
repeated text, personal data."""

from __future__ import annotations

from collections import defaultdict

from agent.checks.base import finding, money, quoted, spans_of
from agent.checks.registry import check
from agent.checks.tolerance import Interval, fmt, half_unit, pct
from agent.config import CheckSettings
from agent.schemas import ChangeClaim, DirectionClaim, DocumentKind, Facts, Finding, RatioClaim, StatementKind

_REL_ZH = {"gt": "大于", "lt": "小于"}


def _grew_more_than_it_is(c: ChangeClaim) -> bool:
    """'X预算0万元，比上年增加1421.25万元': a non-negative quantity cannot have grown by more than it is."""
    assert c.amount is not None
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
            said = {"gt": "greater than", "lt": "smaller than", "eq": "equal to"}[c.relation]
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"报告称“{c.wording.quote}”，但{c.left.label or '决算数'}{money(c.left)}{real}{c.right.label or '预算数'}"
                f"{money(c.right)}，文字说明与数据矛盾，请修改。",
                f"The report says the final figure is {said} the "
                f"budget, but {money(c.left)} is {'smaller' if truth_lt else 'greater'} than {money(c.right)}.",
                spans_of(c.left, c.right, c.wording), stated=c.wording.quote, recomputed=f"{c.left.value} {real} {c.right.value}",
                suggestion="请按实际数据修改增减方向的表述及原因说明。",
            ))
    for c in facts.claims:
        if not isinstance(c, ChangeClaim) or c.prior is None or (c.amount is None and c.rate is None):
            continue
        up = c.direction == "increase"
        delta = c.current.value - c.prior.value
        tol = half_unit(c.current.value) + half_unit(c.prior.value)
        stated = c.amount if c.amount is not None else c.rate
        if (up and delta < -tol) or (not up and delta > tol):
            real = "增加" if delta > 0 else "减少"
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"报告称{c.label}{money(stated)}，但{money(c.current)}与{c.prior.label or '对比数'}{money(c.prior)}相比实际"
                f"{real}{fmt(abs(delta))}{c.current.unit}，增减方向与数据矛盾，请修改。",
                f"The report says {'an increase' if up else 'a decrease/saving'} of {money(stated)}, but "
                f"{money(c.current)} against {money(c.prior)} is {'a decrease' if delta < 0 else 'an increase'}.",
                spans_of(c.current, c.prior, stated), stated=c.label, recomputed=f"{fmt(delta)}",
                suggestion="请按实际数据修改增减（节约/超支）的表述。",
            ))
    for c in facts.claims:
        if isinstance(c, RatioClaim) and c.denominator.value == 0 and c.stated.value > 0 and c.numerator.value > 0:
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"报告称{c.label}为{money(c.stated)}，但其分母{c.denominator.label or '预算数'}为{money(c.denominator)}，"
                "以0为基数的比率不成立，请核实所用口径（如应为全年预算）。",
                f"The report states {money(c.stated)} against a base of {money(c.denominator)}: no such rate exists.",
                spans_of(c.stated, c.denominator, c.numerator), stated=f"{fmt(c.stated.value)}%",
                suggestion="请核实比率的计算口径，并修改表述。",
            ))
    for c in facts.claims:
        if isinstance(c, ChangeClaim) and c.prior is None and c.amount is not None and c.direction == "increase" \
                and _grew_more_than_it_is(c):
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"{c.current.label or '本年数'}{money(c.current)}，报告却称{c.label}{money(c.amount)}：增加额大于本年数"
                "（上年数将为负），增减表述与数据矛盾，请核实。",
                f"The report says {money(c.current)} grew by {money(c.amount)}: the prior figure would be negative.",
                spans_of(c.current, c.amount), stated=c.label, recomputed=fmt(c.current.value - c.amount.value),
                suggestion="请核实本年数与增加额，疑为沿用其他项目的表述。",
            ))
    for s in facts.statements:
        if s.kind == StatementKind.REASON_CONTRADICTS:
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"报告称“{s.related[0].quote}”（{'，'.join(r.quote for r in s.related[1:])}），"
                f"但其原因说明为“{s.span.quote}”，原因说明与数据矛盾，请核实。",
                f"The report states '{s.related[0].quote}' but explains it by '{s.span.quote}': the reason says the opposite.",
                spans_of(*s.related, s.span), stated=s.related[0].quote,
                suggestion="请按实际增减方向修改原因说明。",
            ))
        if s.kind == StatementKind.EMPTY_TABLE_NOTE:
            shown = "、".join(r.quote for r in s.related[:3])
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"表下注明“{s.detail}”，但表中列有{shown}等数据，表格与说明矛盾，请核实是表格数据有误还是说明有误。",
                f"The note under the table says it is empty ('{s.detail}'), but the table shows {shown} among others.",
                spans_of(s.span, *s.related), stated=s.detail,
                suggestion="请核实该表数据；如确无相关预算（决算），应清空表格，否则删除“本表为空”的说明。",
            ))
    zero_rates = [s for s in facts.statements if s.kind == StatementKind.ADJUST_RATE_ZERO and s.related]
    for s in zero_rates[:1]:
        adjustments = [r for r in s.related if any(ch.isdigit() for ch in r.quote)]
        problems = [r for r in s.related if r not in adjustments]
        if not adjustments or (s.detail == "exclusion_stated" and not problems):
            continue
        zh = f"报告称“{s.span.quote}”，但同时列示{adjustments[0].quote}"
        if s.detail == "exclusion_stated":
            zh += "；虽称系除外调整，问题部分又称“" + problems[0].quote + "”，前后矛盾"
        else:
            zh += "，且未说明剔除政策性调整的依据"
        out.append(finding("TEXT_CONTRADICTION", zh + "，请核实预算调整率。",
                           f"The report states a zero budget adjustment rate while reporting {adjustments[0].quote}.",
                           spans_of(*(z.span for z in zero_rates), *adjustments, *problems), stated=s.span.quote,
                           suggestion="请按预算调整数/年初预算数重新计算预算调整率，或说明除外调整的依据。"))
    min_rate = cfg.excellent_grade_min_rate
    for line in facts.budget_lines:
        if line.grade is None or line.grade.quote != "优秀" or line.actual is None:
            continue
        budget = line.full_budget or line.initial_budget
        if budget is None or budget.value <= 0:
            continue
        rate = pct(line.actual.value, budget.value)
        if rate < min_rate:
            out.append(finding(
                "TEXT_CONTRADICTION",
                f"{quoted(line.subject)}预算执行率仅{fmt(rate)}%（{money(line.actual)}/{money(budget)}），评价等级却为“优秀”，"
                f"评价结论与数据不符，请核实。",
                f"'{line.subject}' executed only {fmt(rate)}% of its budget but is graded 优秀 (excellent).",
                spans_of(line.actual, budget, line.grade), stated="优秀", recomputed=f"{fmt(rate)}%",
                suggestion="请结合预算执行情况重新评定等级。",
            ))
    return out


@check("YEAR_MISMATCH")
def check_years(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out: list[Finding] = []
    if facts.year is None:
        return out
    bases: list = []
    for s in facts.statements:
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
        out.append(finding(
            "YEAR_MISMATCH",
            f"本报告为{facts.year}年度，但引用了“{s.span.quote}”（{int(s.value)}年度），疑为沿用往年文本，请核实。",
            f"This is a {facts.year} report but it refers to '{s.span.quote}' ({int(s.value)}).",
            [s.span], stated=str(int(s.value)), recomputed=str(facts.year),
            suggestion=f"请将引用改为{facts.year}年度的对应文件。",
        ))
    if bases:
        out.append(_comparison_base(facts.year, bases))
    return out


def _comparison_base(year: int, bases: list) -> Finding:
    """'2026年预算 … 比2026年预算增加X': a budget compares with the year before it; every place that
    does not is one finding (the same slip repeated)."""
    first = bases[0]
    more = f"等{len(bases)}处" if len(bases) > 1 else ""
    return finding(
        "YEAR_MISMATCH",
        f"本报告为{year}年度，但“{first.span.quote}”{more}以{int(first.value)}年为比较基期，应与{year - 1}年比较，请核实。",
        f"This {year} report compares with {int(first.value)} ('{first.span.quote}', {len(bases)} place(s)); the base "
        f"should be {year - 1}.", [b.span for b in bases], stated=str(int(first.value)), recomputed=str(year - 1),
        suggestion=f"请将比较基期改为{year - 1}年。",
    )


@check("TEMPLATE_RESIDUE")
def check_template(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    by_text: dict[str, list] = defaultdict(list)
    for s in facts.statements:
        if s.kind == StatementKind.TEMPLATE_RESIDUE:
            by_text[s.detail].append(s.span)
    return [finding("TEMPLATE_RESIDUE", f"报告中残留模板文字“{text}”（{len(spans)}处），请删除或按实际情况填写。",
                    f"Template text '{text}' left in the report ({len(spans)} place(s)).", spans, stated=text)
            for text, spans in by_text.items()]


_MISSING_ZH = {
    "三公经费": "未说明“三公”经费预算及支出情况", "自评得分": "未给出绩效自评得分", "存在的问题": "未说明存在的问题",
    "改进措施": "未提出改进措施", "实际支出": "未列示实际支出数", "三公经费说明": "决算说明中缺少“三公”经费支出情况说明",
}


@check("MISSING_ITEM")
def check_missing(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out = []
    for s in facts.statements:
        if s.kind != StatementKind.MISSING:
            continue
        if s.detail.startswith("table:"):
            what = f"公开表不全：目录列有“{s.detail[6:]}”，但正文中没有该表"
        else:
            what = _MISSING_ZH.get(s.detail, f"仅列示“{s.span.quote}”，未列示{s.detail}")
        out.append(finding("MISSING_ITEM", f"报告{what}，请补充。", f"The report lacks: {s.detail}.", [s.span],
                           stated=s.detail))
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
        out.append(finding("DUPLICATE_TEXT", f"以下文字在报告中重复出现{len(s.related) + 1}次：“{preview}”，请删除重复内容。",
                           f"Text repeated {len(s.related) + 1} times: '{preview}'.", [s.span, *s.related]))
    return out


@check("PRIVACY")
def check_privacy(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    out = []
    for s in facts.statements:
        if s.kind != StatementKind.PRIVACY:
            continue
        what = "手机号码" if s.detail == "mobile" else "身份证号码"
        masked = s.span.quote[:3] + "*" * (len(s.span.quote) - 7) + s.span.quote[-4:]
        out.append(finding("PRIVACY", f"公开文本中含有个人{what}（{masked}），请删除或改为单位办公电话。",
                           f"A personal {'mobile number' if s.detail == 'mobile' else 'ID number'} ({masked}) "
                           f"appears in a document meant for publication.", [s.span], stated=masked))
    return out
