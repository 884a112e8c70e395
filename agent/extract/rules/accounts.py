"""决算说明: the 年初预算 and 决算 of each 功能分类科目, which must add up to the stated totals.

A 说明 usually describes only the main 项, so the listed items are summed against the total
only when the list is complete: it names at least as many items as the 一般公共预算财政拨款
支出决算表 has 项 rows, or one of its two measures (年初预算, 决算) adds up to its total — then
the other must too.  Otherwise the list goes to the review's coverage as not verified.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.checks.tolerance import precise, sum_mismatch
from agent.extract.national.catalog import table_name
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.tokens import money_tokens
from agent.schemas import CoverageItem, CoverageStatus, Figure, SumClaim

_HEAD = fastre.compile(r"年初预算数?为?\s*[\d.]+\s*万元[,，]\s*支出决算数?为?\s*[\d.]+\s*万元[^\n]*其中[:：]?\s*$", re.M)
_STOP = fastre.compile(r"^\s*([一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十]+[)])")
_ITEM = fastre.compile(r"年初预算(数)?(为)?\s*[\d.]+\s*万元[,，]?\s*支出决算(数)?(为)?\s*[\d.]+")


def _figure_at(ctx: Ctx, fb: FactsBuilder, tok, key: str, label: str) -> Figure:
    s, _ = ctx.nt.to_source(tok.start, tok.end)
    f = fb.figure_starting_at(s)
    if f is not None:
        return f
    return fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=key, label=label))


def extract_account_lists(ctx: Ctx, fb: FactsBuilder) -> None:
    counted: list[int] = []

    def table_items() -> int:  # once per document: counting the tables' rows per list was quadratic
        if not counted:
            counted.append(_table_items(ctx))
        return counted[0]

    for m in _HEAD.finditer(ctx.text):
        head_toks = money_tokens(ctx, m.start(), m.end())
        if len(head_toks) < 2:
            continue
        general = "一般公共预算财政拨款" in ctx.text[max(0, m.start() - 60): m.start()]
        total_budget = _figure_at(ctx, fb, head_toks[0], "gpb.initial_budget" if general else "misc:财政拨款支出年初预算数",
                                  "一般公共预算财政拨款支出年初预算数" if general else "财政拨款支出年初预算数")
        total_actual = _figure_at(ctx, fb, head_toks[1], "gpb.actual" if general else "misc:财政拨款支出决算数",
                                  "一般公共预算财政拨款支出决算数" if general else "财政拨款支出决算数")
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
        if len(budgets) >= 2 and len(budgets) < table_items() and not _adds_up(total_actual, actuals) and \
                not _adds_up(total_budget, budgets):
            fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label="各科目年初预算及决算合计",
                span=ctx.span(m.start(), m.end()),
                reason=f"说明列出{len(budgets)}个项级科目，少于决算表的{table_items()}个，视为仅列主要科目，未核对合计"))
        elif len(budgets) >= 2:
            span = ctx.span(m.start(), m.end())
            fb.claims.append(SumClaim(total=total_budget, parts=budgets, label="各科目年初预算合计", span=span))
            fb.claims.append(SumClaim(total=total_actual, parts=actuals, label="各科目决算合计", span=span))


def _adds_up(total: Figure, parts: list[Figure]) -> bool:
    return not sum_mismatch(precise(total), [precise(p) for p in parts])


def _table_items(ctx: Ctx) -> int:
    """How many 项 (7-digit 科目) rows the 一般公共预算财政拨款支出决算表 has; 0 when there is none
    (then a 说明 list cannot be shown incomplete and is summed as before)."""
    best = 0
    heads: set[str] = set()
    codes: set[str] = set()
    for t in ctx.doc.tables:
        if t.continued_from in heads or ("一般公共预算财政拨款支出" in table_name(t) and "基本" not in table_name(t)):
            if t.continued_from not in heads:
                codes = set()
            heads.add(t.id)
            for row in t.rows:
                joined = "".join(re.sub(r"\s+", "", c.text) for c in row[:3])
                m = re.match(r"^(\d{7})", joined)
                if m:
                    codes.add(m.group(1))
            best = max(best, len(codes))
    return best
