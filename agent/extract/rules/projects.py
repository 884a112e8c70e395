"""Per-project budget lines written as prose ('年初预算项目“X”专项资金A万元，年中执行调增B万元，实际支出C万元')."""

from __future__ import annotations

import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import project_name
from agent.extract.rules.tokens import money_tokens
from agent.schemas import BudgetLine

_QUOTED = re.compile(r"[“\"](?P<name>[^”\"]{2,40})[”\"]")
_ENUM_NAME = re.compile(r"(?:[一二三四五六七八九十]是|^\d+[、.])\s*(?P<name>[^，,。；;]{2,40}?)[，,]\s*年初预算")
_INITIAL = re.compile(r"年初预算(金额|安排|数)?(为|是)?\s*$|专项资金\s*$|金额\s*$")
_ADJUST = re.compile(r"(调增|调减|追加|调整)[^，,。\d]{0,6}$")
_ACTUAL = re.compile(r"(实际支出|使用|执行数|支出)(为|是)?\s*$")


def extract_project_lines(ctx: Ctx, fb: FactsBuilder) -> None:
    for sent in ctx.sentences():
        text = sent.text
        if "年初预算" not in text and "追加项目" not in text:
            continue
        if not re.search(r"实际支出|使用", text):
            continue
        name_m = _QUOTED.search(text) or _ENUM_NAME.search(text)
        if not name_m:
            continue
        name = project_name(name_m.group("name"))
        if len(name) < 2:
            continue
        key = f"project:{name}"
        initial = adjustment = actual = None
        for t in money_tokens(ctx, sent.start + name_m.start(), sent.end):
            if t.depth:
                continue
            before = ctx.text[max(sent.start, t.start - 14) : t.start]
            if actual is None and _ACTUAL.search(before) and "结余" not in before:
                actual = fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit,
                                                  key=f"{key}.actual", label=f"{name}实际支出"))
            elif adjustment is None and _ADJUST.search(before) and initial is not None and actual is None:
                if "(减)" in before:
                    continue
                word = "调减" if "调减" in before else "调增"
                adjustment = fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit,
                                                      key=f"{key}.adjustment", label=f"{name}年中{word}"))
            elif initial is None and (_INITIAL.search(before) or "追加项目" in text) and actual is None:
                initial = fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit,
                                                   key=f"{key}.initial_budget", label=f"{name}年初预算"))
        if initial is None or actual is None:
            continue
        fb.budget_lines.append(BudgetLine(subject=name, key=key, initial_budget=initial, adjustment=adjustment,
                                          actual=actual, rate_basis="initial",
                                          span=ctx.span(sent.start, sent.end)))
