"""Stated changes ('与上年相比减少A万元，降低B%') and direction sentences ('决算数大于年初预算数')."""

from __future__ import annotations

import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import subject_of
from agent.extract.rules.numbers import NUM
from agent.extract.rules.tokens import label_before, money_tokens
from agent.schemas import ChangeClaim, DirectionClaim, Figure

_CHANGE = re.compile(
    rf"(?P<base>与上年(相比|同期相比)?|比上年(度)?|较上年(度)?|与20\d\d年度?(相比|同期相比)?|[比较]20\d\d年度?|"
    rf"比年初预算数?|较年初预算数?|比预算数?|较预算数?)[,，]?\s*[^。；;，,\d]{{0,8}}?"
    rf"(?P<dir>增加|减少|增长|下降|降低|节约|节余|超支|超出)\s*(?P<amt>{NUM})\s*(?P<unit>万元|元)"
    rf"(?:\s*[,，]\s*(?:同比)?(?P<rdir>增加|减少|增长|下降|降低|增幅|降幅|减幅|增长率|下降率)\s*(?:为|了|达)?\s*(?P<rate>{NUM})\s*%)?"
)
_DIRECTION = re.compile(r"决算数?(?P<rel>大于|小于|高于|低于|超过|多于|少于)(?P<what>年初预算数?|预算数?)")
_UP = ("增加", "增长", "超支", "超出")
_GT = ("大于", "高于", "超过", "多于")


def extract_changes(ctx: Ctx, fb: FactsBuilder) -> None:
    for m in _CHANGE.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, m.start()) + 1
        sentence_start = max(line_start, max(ctx.text.rfind(c, 0, m.start()) for c in "。；;") + 1)
        subject = ctx.subject(ctx.text[sentence_start : m.start()])
        before = [t for t in money_tokens(ctx, line_start, m.start()) if t.depth == 0]
        in_sentence = [t for t in before if t.start >= sentence_start]
        current = None
        if subject and not in_sentence:
            # '…公务接待费1.72万元。“三公”经费比上年度减少0.52万元': the change is about the subject named here
            current = _keyed(fb, subject, ("actual",))
            if current is None:
                continue
        elif before:
            pool = in_sentence or before
            spending = [t for t in pool if "预算" not in ctx.text[max(line_start, t.start - 6) : t.start]]
            cur_tok = (spending or pool)[-1]  # '支出14.26万元，完成预算18.50万元的77.08%，比上年减少…': 14.26
            label = label_before(ctx, cur_tok.start, line_start)
            current = fb.add_figure(ctx.figure(cur_tok.start, cur_tok.end, value=cur_tok.num, unit=cur_tok.unit,
                                               key=f"misc:{label}", label=label))
        if current is None:
            continue
        label = current.label
        prior = None
        if "预算" in m.group("base"):  # '较年初预算减少12.37万元': the base is stated elsewhere as a budget
            subj = subject or ctx.subject(label)
            if subj:
                prior = _keyed(fb, subj, ("initial_budget",) if "年初" in m.group("base") else _BUDGET_MEASURES)
        direction = "increase" if m.group("dir") in _UP else "decrease"
        amount = fb.add_figure(ctx.figure(m.start("amt"), m.end("unit"), value=m.group("amt"), unit=m.group("unit"),
                                          key=f"misc:{label}变动额", label=f"{label}变动额"))
        rate = None
        if m.group("rate"):
            rate = fb.add_figure(ctx.figure(m.start("rate"), m.end(), value=m.group("rate"), unit="%",
                                            key=f"misc:{label}变动率", label=f"{label}变动率"))
        if prior is not None and prior.unit != current.unit:
            prior = None
        fb.claims.append(ChangeClaim(current=current, direction=direction, amount=amount, rate=rate, prior=prior,
                                     label=f"{label}{m.group('base')}{m.group('dir')}",
                                     span=ctx.span(m.start(), m.end())))


def extract_directions(ctx: Ctx, fb: FactsBuilder) -> None:
    """Pair each '决算数大于/小于年初预算数' with the budget and 决算 figures of its own item."""
    for m in _DIRECTION.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, m.start()) + 1
        toks = [t for t in money_tokens(ctx, line_start, m.start()) if t.depth == 0]
        budget = actual = None
        for t in toks:
            words = ctx.text[max(line_start, t.start - 10) : t.start]
            if "决算" in words or "执行" in words or "实际" in words:
                actual = t
            elif "预算" in words:
                budget = t
        subj = subject_of(ctx.text[max(line_start, m.start() - 8) : m.start()])
        if "年初" in m.group("what") and budget is not None and subj in ("basic", "project", "total", "sangong") and \
                "年初" not in ctx.text[max(line_start, budget.start - 10) : budget.start]:
            budget = None  # the sentence compares with 年初预算, not the 全年预算 stated beside it
        if (budget is None or actual is None) and subj in ("basic", "project", "total", "sangong"):
            # '基本支出决算数大于预算数' with the figures stated in another paragraph: use the keyed ones
            measures = ("initial_budget",) if "年初" in m.group("what") else _BUDGET_MEASURES
            b_fig = budget and _find_or_make(ctx, fb, budget, "预算数") or _keyed(fb, subj, measures)
            a_fig = actual and _find_or_make(ctx, fb, actual, "决算数") or _keyed(fb, subj, ("actual",))
            if b_fig is None or a_fig is None:
                continue
            relation = "gt" if m.group("rel") in _GT else "lt"
            gap = re.match(rf"\s*{NUM}\s*万?元", ctx.text[m.end() : m.end() + 20])  # '…小于年初预算数138.41万元'
            fb.claims.append(DirectionClaim(left=a_fig, right=b_fig, relation=relation, label=m.group(0),
                                            wording=ctx.span(m.start(), m.end() + (gap.end() if gap else 0)),
                                            span=ctx.span(line_start, m.end())))
            continue
        if budget is None or actual is None:
            continue
        b = _find_or_make(ctx, fb, budget, "预算数")
        a = _find_or_make(ctx, fb, actual, "决算数")
        relation = "gt" if m.group("rel") in _GT else "lt"
        fb.claims.append(DirectionClaim(left=a, right=b, relation=relation, label=m.group(0),
                                        wording=ctx.span(m.start(), m.end()),
                                        span=ctx.span(line_start, m.end())))


_BUDGET_MEASURES = ("full_budget", "budget", "initial_budget")


def _keyed(fb: FactsBuilder, subject: str, measures: tuple[str, ...]) -> Figure | None:
    for measure in measures:
        hit = next((f for f in fb.figures if f.key == f"{subject}.{measure}"), None)
        if hit is not None:
            return hit
    return None


def _find_or_make(ctx: Ctx, fb: FactsBuilder, tok, suffix: str) -> Figure:
    s, e = ctx.nt.to_source(tok.start, tok.end)
    for f in fb.figures:
        if f.span.start == s:
            return f
    return fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit,
                                    key=f"misc:{suffix}", label=suffix))
