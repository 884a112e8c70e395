"""决算说明: the 年初预算 and 决算 of each 功能分类科目, which must add up to the stated totals."""

from __future__ import annotations

import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.tokens import money_tokens
from agent.schemas import Figure, SumClaim

_HEAD = re.compile(r"年初预算数?为?\s*[\d.]+\s*万元[,，]\s*支出决算数?为?\s*[\d.]+\s*万元[^\n]*其中[:：]?\s*$", re.M)
_STOP = re.compile(r"^\s*([一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十]+[)])")
_ITEM = re.compile(r"年初预算(数)?(为)?\s*[\d.]+\s*万元[,，]?\s*支出决算(数)?(为)?\s*[\d.]+")


def _figure_at(ctx: Ctx, fb: FactsBuilder, tok, key: str, label: str) -> Figure:
    s, _ = ctx.nt.to_source(tok.start, tok.end)
    for f in fb.figures:
        if f.span.start == s:
            return f
    return fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=key, label=label))


def extract_account_lists(ctx: Ctx, fb: FactsBuilder) -> None:
    for m in _HEAD.finditer(ctx.text):
        head_toks = money_tokens(ctx, m.start(), m.end())
        if len(head_toks) < 2:
            continue
        total_budget = _figure_at(ctx, fb, head_toks[0], "total.initial_budget", "财政拨款支出年初预算数")
        total_actual = _figure_at(ctx, fb, head_toks[1], "total.actual", "财政拨款支出决算数")
        budgets: list[Figure] = []
        actuals: list[Figure] = []
        pos = m.end()
        while pos < len(ctx.text):
            nxt = ctx.text.find("\n", pos + 1)
            end = len(ctx.text) if nxt < 0 else nxt
            line = ctx.text[pos:end].strip("\n")
            if _STOP.match(line):
                break
            item = _ITEM.search(ctx.text, pos, end)
            if item:
                toks = money_tokens(ctx, item.start(), item.end() + 3)
                if len(toks) >= 2:
                    budgets.append(_figure_at(ctx, fb, toks[0], "misc:科目年初预算", "科目年初预算"))
                    actuals.append(_figure_at(ctx, fb, toks[1], "misc:科目决算", "科目决算"))
            if nxt < 0:
                break
            pos = nxt
        if len(budgets) >= 2:
            span = ctx.span(m.start(), m.end())
            fb.claims.append(SumClaim(total=total_budget, parts=budgets, label="各科目年初预算合计", span=span))
            fb.claims.append(SumClaim(total=total_actual, parts=actuals, label="各科目决算合计", span=span))
