"""部门预算 说明 item paragraphs: one 科目's amount, its prior-year figure and the stated change.

A 预算 说明 explains every 项 the same way: "6、公共安全支出（204类）司法（06款）其他司法支出（99项）
3845.49万元。主要用于：…。2025年当年预算执行数为3269.3万元，2026年预算安排3845.49万元，比2025年
预算执行数增加17.62%。"  (or "“类-款-项”科目X万元").  That gives three relations, each checked by the
ordinary checks: the heading amount and the "预算安排" are the same quantity, and the same as the
item's row of the 一般公共预算支出功能分类预算表 (key ``budgetitem:<code>.budget``); the stated change
(rate and direction) must follow from 预算安排 against the prior-year figure; and the comparison
must be with the year before the budget year.
"""

from __future__ import annotations

import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import ChangeClaim, DocumentKind, Statement, StatementKind

_HEAD = re.compile(
    rf"(?:[\u4e00-\u9fff]+[（(](?P<c>\d{{3}})类[）)][\u4e00-\u9fff]+[（(](?P<k>\d{{2}})款[）)]"
    rf"(?P<name>[\u4e00-\u9fff]+)[（(](?P<x>\d{{2}})项[）)]|[“\"](?P<path>[^”\"\n]{{4,60}})[”\"]科目)"
    rf"\s*(?P<v>{NUM})\s*万元")
_PRIOR = re.compile(rf"(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)为?\s*(?P<v>{NUM})\s*万元")
_CURRENT = re.compile(rf"(?P<y>20\d\d)年预算安排\s*(?P<v>{NUM})\s*万元")
_CHANGE = re.compile(rf"比(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)?(?P<dir>增加|增长|减少|下降|降低)\s*(?P<r>{NUM})\s*%")


_BASE = re.compile(r"(?:比|与)(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)?(?:相比)?[,，]?\s*"
                   rf"(?:(?:增加|增长|减少|下降|降低)\s*(?:{NUM}\s*(?:万元|元|%))?|持平)")


def budget_item_key(code: str) -> str:
    return f"budgetitem:{code}.budget"


def _comparison_bases(ctx: Ctx, fb: FactsBuilder, year: int) -> None:
    """Every '比YYYY年预算增加/持平' of a budget names its comparison year: it must be before the budget year."""
    for m in _BASE.finditer(ctx.text):
        if int(m.group("y")) >= year:
            fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start(), m.end()),
                                           detail="比较基期" + m.group(0), value=int(m.group("y"))))


def extract_budget_items(ctx: Ctx, fb: FactsBuilder, year: int | None) -> None:
    text = ctx.text
    if year is not None and DocumentKind.BUDGET in ctx.kinds:
        _comparison_bases(ctx, fb, year)
    for head in _HEAD.finditer(text):
        end = text.find("\n", head.end())
        end = len(text) if end < 0 else end
        nxt = _HEAD.search(text, head.end(), end)
        stop = nxt.start() if nxt else end
        code = head.group("c") + head.group("k") + head.group("x") if head.group("c") else None
        name = head.group("name") or head.group("path")
        key = budget_item_key(code) if code else f"budgetitem:{name}.budget"
        fb.add_figure(ctx.figure(head.start("v"), head.end(), value=head.group("v"), unit="万元", key=key,
                                          label=f"{name}预算数"))
        cur = _CURRENT.search(text, head.end(), stop)
        prior = _PRIOR.search(text, head.end(), stop)
        if cur is None:
            continue
        current = fb.add_figure(ctx.figure(cur.start("v"), cur.end(), value=cur.group("v"), unit="万元", key=key,
                                           label=f"{name}{cur.group('y')}年预算安排"))
        change = _CHANGE.search(text, cur.end(), stop)
        if change is None or prior is None or prior.start() > cur.start():
            continue
        base = fb.add_figure(ctx.figure(prior.start("v"), prior.end(), value=prior.group("v"), unit="万元",
                                        key=f"misc:{name}:上年", label=f"{name}{prior.group('y')}年预算执行数"))
        rate = fb.add_figure(ctx.figure(change.start("r"), change.end(), value=change.group("r"), unit="%",
                                        key=f"misc:{name}:增减率", label=f"{name}增减率"))
        up = change.group("dir") in ("增加", "增长")
        fb.claims.append(ChangeClaim(current=current, prior=base, rate=rate, direction="increase" if up else "decrease",
                                     label=f"{name}比{change.group('y')}年{change.group('dir')}",
                                     span=ctx.span(head.start(), change.end())))
