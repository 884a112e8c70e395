"""Direction sentences ('决算数大于年初预算数') paired with their figures.

Stated changes ('与上年相比减少A万元，降低B%') are relations: agent.extract.rules.relations.change."""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import measure_of, subject_of
from agent.extract.rules.numbers import NUM
from agent.extract.rules.tokens import clause_before, money_tokens
from agent.schemas import DirectionClaim, Figure

_DIRECTION = fastre.compile(r"决算数?(?P<rel>大于|小于|高于|低于|超过|多于|少于|等于)(?P<what>年初预算数?|预算数?)")
_GT = ("大于", "高于", "超过", "多于")


def _relation(word: str) -> str:
    return "eq" if word == "等于" else "gt" if word in _GT else "lt"


def extract_directions(ctx: Ctx, fb: FactsBuilder) -> None:
    """Pair each '决算数大于/小于年初预算数' with the budget and 决算 figures of its own item."""
    for m in _DIRECTION.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, m.start()) + 1
        toks = [t for t in money_tokens(ctx, line_start, m.start()) if t.depth == 0]
        budget = actual = None
        for t in toks:
            # the measure its clause names, fund names aside: '一般公共预算财政拨款支出2,451.09万元' is spending
            measure = measure_of(clause_before(ctx, t.start, line_start))
            if measure == "actual":
                actual = t
            elif measure in ("initial_budget", "full_budget", "budget"):
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
            relation = _relation(m.group("rel"))
            gap = re.match(rf"\s*{NUM}\s*万?元", ctx.text[m.end() : m.end() + 20])  # '…小于年初预算数138.41万元'
            fb.claims.append(DirectionClaim(left=a_fig, right=b_fig, relation=relation, label=m.group(0),
                                            wording=ctx.span(m.start(), m.end() + (gap.end() if gap else 0)),
                                            span=ctx.span(line_start, m.end())))
            continue
        if budget is None or actual is None:
            continue
        b = _find_or_make(ctx, fb, budget, "预算数")
        a = _find_or_make(ctx, fb, actual, "决算数")
        relation = _relation(m.group("rel"))
        fb.claims.append(DirectionClaim(left=a, right=b, relation=relation, label=m.group(0),
                                        wording=ctx.span(m.start(), m.end()),
                                        span=ctx.span(min(budget.start, actual.start), m.end())))


_BUDGET_MEASURES = ("full_budget", "budget", "initial_budget")


def _keyed(fb: FactsBuilder, subject: str, measures: tuple[str, ...]) -> Figure | None:
    for measure in measures:
        hit = next(iter(fb.with_key(f"{subject}.{measure}")), None)
        if hit is not None:
            return hit
    return None


def _find_or_make(ctx: Ctx, fb: FactsBuilder, tok, suffix: str) -> Figure:
    s, _ = ctx.nt.to_source(tok.start, tok.end)
    f = fb.figure_starting_at(s)
    if f is not None:
        return f
    return fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit,
                                    key=f"misc:{suffix}", label=suffix))
