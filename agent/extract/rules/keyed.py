"""Figures named outright: '项目支出全年预算560.20万元', '基本支出实际支出为623.09万元'.

A money figure whose own clause names both a subject (基本支出, 项目支出, 三公经费 …) and a measure
(年初预算, 全年预算, 实际支出 …) gets that canonical key, so restatements elsewhere can be compared
and budgets found for OVER_BUDGET.  Figures already keyed by a more specific pattern keep their key.
"""

from __future__ import annotations

import re

from agent.extract.rules import lexicon
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import is_prior_year, measure_of
from agent.extract.rules.tokens import clause_before, label_before, money_tokens

_DIFFERENCE = re.compile(
    r"(超出|超支|节约|节余|增加|减少|增长|下降|降低|调增|调减|追加|多支出|少支出|大于|小于|高于|低于)[^\d，,。；;]{0,6}$")
_NARROW = re.compile(lexicon.NARROW_SCOPE)
_SPENDING_CONTEXT = re.compile(r"支出结构|支出构成|实际支出情况|资金使用情况|支出执行情况|执行结果|执行情况看")
_BUDGETS = {"initial_budget", "full_budget"}
_LISTED = re.compile(r"其中|包括|分别|含")
_SUBJECTS = ("basic", "project", "personnel", "public", "sangong", "total", "carryover", "balance")


def extract_keyed(ctx: Ctx, fb: FactsBuilder) -> None:
    last_subject: tuple[int, str] | None = None  # (sentence start, subject) of the previous keyed figure
    sibling: tuple[int, str, str] | None = None  # (paragraph start, subject, measure) of the last keyed figure
    topic: tuple[str, str, str] | None = None  # (part of the report, subject, measure) of the last budget stated
    for tok in money_tokens(ctx, 0, len(ctx.text)):
        window = ctx.text[max(0, tok.start - 8) : tok.start]
        if tok.depth or (_DIFFERENCE.search(window) and "调整后" not in window):  # '追加调整后预算为X': the budget
            continue  # '超出全年预算33.20万元', '较预算节约28.36万元': a difference, not the quantity itself
        line_start = ctx.text.rfind("\n", 0, tok.start) + 1
        sentence_start = max(line_start, ctx.text.rfind("。", 0, tok.start) + 1)
        clause = clause_before(ctx, tok.start, line_start)
        known = fb.figure_starting_at(ctx.nt.to_source(tok.start, tok.end)[0])
        if known is not None and not known.key.startswith(("misc:", "project:")) and known.key.count(".") >= 1:
            sibling = (line_start, *known.key.rsplit(".", 1))  # keyed by a list before: its measure goes on
        subj = ctx.subject(clause, tok.start)
        if subj is not None:  # the newest item named, even when its own figure is not keyed (a prior year's)
            last_subject = (sentence_start, subj)
        elif last_subject and last_subject[0] == sentence_start and \
                measure_of(clause, fallback=False) == "actual":
            subj = last_subject[1]  # '“三公”经费预算5.00万元，实际支出4.00万元': the same item's spending
        if subj is None and topic and topic[0] == _part(ctx, tok.start) and \
                measure_of(clause, fallback=False) in _BUDGETS - {topic[2]}:
            subj = topic[1]  # '年初预算1,846.30万元，其中…。年中调增…，全年预算数为2,061.90万元': the same budget, adjusted
        if subj is None or subj.split(".")[0] not in _SUBJECTS or is_prior_year(clause, ctx.year):
            continue
        measure = measure_of(clause, fallback=False)
        if measure is None and sibling and sibling[0] == line_start and _siblings(sibling[1], subj) and \
                not _LISTED.search(ctx.text[sentence_start : tok.start]):  # a new 其中 list is another whole's
            measure = sibling[2]  # '其中：公务接待费6.47万元，批次136次。公车运行维护费3.13万元': the list goes on
        if measure is None and re.match(r"\s*[,，]\s*占[^,，。;；]{0,8}支出", ctx.text[tok.end : tok.end + 16]):
            measure = "actual"  # '项目支出1,162.11万元，占总支出的47.11%': a share of spending is spending
        if subj == "balance" and ("年末" not in clause or "“" in ctx.text[sentence_start : tok.start]
                                  or _NARROW.search(ctx.text[sentence_start : tok.start])):
            continue  # only the department's year-end balance; a project's 结余结转 is its own figure
        if measure is None and subj.startswith("sangong") and re.search(r"支出\s*(为|是)?$", clause):
            measure = "actual"  # '（三）公务接待费支出3.62万元': a 三公 item's 支出 is its spending
        if subj in ("carryover", "balance"):
            measure = "actual"  # '年初预算情况：上年结转30.55万元' is an amount carried over, not a budget
        if measure is None and subj == "total" and re.search(r"(全年|本年度?|当年)(实际)?支出\s*(为|是)?$", clause):
            measure = "actual"  # '全年支出8,912,450.60元' in a 项目 report: the project's spending
        if measure is None and _SPENDING_CONTEXT.search(ctx.text[line_start : tok.start]) and \
                not re.search(r"预算|计划|安排", ctx.text[line_start : tok.start]) and \
                not re.search(r"用于|包括|其中|含", clause):  # '项目支出主要用于抽检215.60万元': a part
            measure = "actual"  # '2.支出结构。从支出结构看，基本支出1256.08万元': spending, by its heading
        if measure is None or (measure == "income" and subj != "total"):
            continue
        label = label_before(ctx, tok.start, line_start)
        fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=f"{subj}.{measure}",
                                 label=label))
        last_subject = (sentence_start, subj)
        sibling = (line_start, subj, measure)
        if measure in _BUDGETS and not _LISTED.search(ctx.text[sentence_start : tok.start]):
            topic = (_part(ctx, tok.start), subj, measure)  # a budget stated outright, not one of a list's parts


def _part(ctx: Ctx, pos: int) -> str:
    """The section holding pos: '（一）年初预算。…（三）全年预算。经上述调整，全年预算数为…' paragraphs under one
    heading speak of one budget."""
    return ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or ""


def _siblings(a: str, b: str) -> bool:
    """Two parts of one whole in the lexicon's composition (公务接待费 and 公车运行维护费 of 三公)."""
    return a != b and any(a in parts and b in parts for options in lexicon.COMPOSITION.values() for parts in options)
