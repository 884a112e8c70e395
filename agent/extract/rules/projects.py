"""Per-project budget lines written as prose ('年初预算项目“X”专项资金A万元，年中执行调增B万元，实际支出C万元')."""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import project_name, subject_of
from agent.extract.rules.tokens import depth_at, money_tokens
from agent.schemas import BudgetLine


def actual_end(actual, ctx: Ctx) -> int:
    """Normalised offset just after the actual-spending figure."""
    origin = ctx.nt.origin
    lo, hi = 0, len(origin) - 1
    while lo < hi:  # first normalised index whose source offset >= span end
        mid = (lo + hi) // 2
        if origin[mid] < actual.span.end:
            lo = mid + 1
        else:
            hi = mid
    return lo


_NAMED = fastre.compile(r"(?:年初预算项目|年中追加项目)\s*(?P<name>[^，,。；;]{2,50}?)(?=专项资金|金额|年初预算)")
_RATE = fastre.compile(r"执行率(为|达)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%")
_QUOTED = fastre.compile(r"[“\"](?P<name>[^”\"]{2,40})[”\"]")
_ENUM_NAME = fastre.compile(r"(?:[一二三四五六七八九十]是|^\d+[、.])\s*(?P<name>[^，,。；;]{2,40}?)[，,]\s*年初预算")
_INITIAL = fastre.compile(r"年初预算(金额|安排|数)?(为|是)?\s*$|专项资金\s*$|金额\s*$")
_ADJUST = fastre.compile(r"(调增|调减|追加|调整)[^，,。\d]{0,6}$")
_ACTUAL = fastre.compile(r"(实际支出|使用|执行数|支出)(为|是)?\s*$")


_HEADED = fastre.compile(
    r"^\s*(?:\d{1,2}\s*[．.、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*"
    r"(?P<name>[^。，,:：\n]{2,30}?)[。：:]\s*(全年|年度)?预算(数|资金)?(为)?\s*(?P<b>\d+(?:\.\d+)?)\s*万元"
    r"[，,]\s*(全年|年度)?(实际支出|执行数|实际执行|支出)(为)?\s*(?P<a>\d+(?:\.\d+)?)\s*万元", re.M)
# '从主要项目看，大气污染防治专项支出1268.40万元': a named 专项/项目's spending stated in passing
_NAMED_SPENDING = fastre.compile(
    r"(?:^|[，,；;：:。看])(?P<name>[\u4e00-\u9fff]{2,20}?(?:专项|项目))(?:资金)?(?:实际)?支出(?:为)?\s*(?P<a>\d+(?:\.\d+)?)\s*万元")
_NOT_A_PROJECT = fastre.compile(r"预算|基本|部门|整体|合计|总|其中|本年|全年|当年|一般|财政")


def extract_named_project_spending(ctx: Ctx, fb: FactsBuilder) -> None:
    """A named 专项/项目 and its spending in one phrase: keyed so a restatement elsewhere is compared."""
    for m in _NAMED_SPENDING.finditer(ctx.text):
        raw = m.group("name")
        if _NOT_A_PROJECT.search(raw):
            continue
        name = project_name(raw)
        if len(name) < 4:
            continue
        fb.add_figure(ctx.figure(m.start("a"), m.end("a") + 2, value=m.group("a"), unit="万元",
                                 key=f"project:{name}.actual", label=f"{name}支出"))


def extract_headed_project_lines(ctx: Ctx, fb: FactsBuilder) -> None:
    """'4．地质灾害隐患点防治经费。全年预算120.00万元，实际支出131.12万元。': a numbered project paragraph."""
    for m in _HEADED.finditer(ctx.text):
        name = project_name(m.group("name"))
        if len(name) < 2:
            continue
        key = f"project:{name}"
        budget = fb.add_figure(ctx.figure(m.start("b"), m.end("b") + 2, value=m.group("b"), unit="万元",
                                          key=f"{key}.full_budget", label=f"{name}全年预算"))
        actual = fb.add_figure(ctx.figure(m.start("a"), m.end("a") + 2, value=m.group("a"), unit="万元",
                                          key=f"{key}.actual", label=f"{name}实际支出"))
        fb.budget_lines.append(BudgetLine(subject=name, key=key, full_budget=budget, actual=actual, rate_basis="full",
                                          span=ctx.span(m.start(), m.end())))


def extract_project_lines(ctx: Ctx, fb: FactsBuilder) -> None:
    for sent in ctx.sentences():
        text = sent.text
        if "年初预算" not in text and "追加项目" not in text:
            continue
        if not re.search(r"实际支出|使用", text):
            continue
        name_m = _NAMED.search(text) or _QUOTED.search(text) or _ENUM_NAME.search(text)
        if not name_m:
            continue
        name = project_name(name_m.group("name"))
        if len(name) < 2 or subject_of(name) is not None:
            continue  # '“三公”经费年初预算12.00万元，实际支出13.26万元': a subject of its own, not a project
        key = f"project:{name}"
        initial = adjustment = actual = None
        added = False  # a project added during the year: its amount is its whole budget (its 年初预算 was 0)
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
                added = "年初预算" not in text and "追加项目" in text
                initial = fb.add_figure(ctx.figure(
                    t.start, t.end, value=t.num, unit=t.unit,
                    key=f"{key}.full_budget" if added else f"{key}.initial_budget",
                    label=f"{name}全年预算（年中追加）" if added else f"{name}年初预算"))
        if initial is None or actual is None:
            continue
        stated = None
        rate_m = _RATE.search(ctx.text, actual_end(actual, ctx), sent.end)
        if rate_m and depth_at(ctx, rate_m.start()) == 0:
            stated = fb.add_figure(ctx.figure(rate_m.start("pct"), rate_m.end(), value=rate_m.group("pct"), unit="%",
                                              key=f"{key}.rate", label=f"{name}执行率"))
        fb.budget_lines.append(BudgetLine(subject=name, key=key, initial_budget=None if added else initial,
                                          full_budget=initial if added else None, adjustment=adjustment,
                                          actual=actual, stated_rate=stated, rate_basis="full" if added else "initial",
                                          span=ctx.span(sent.start, sent.end)))


_LISTED = fastre.compile(r"^\s*\d{1,2}\s*[、.．]\s*(?P<name>[^，,。；;:：\d\n]{3,60}?项目)支出(为|是)?\s*"
                     r"(?P<amt>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)[。；;]?\s*$", re.M)


def extract_listed_projects(ctx: Ctx, fb: FactsBuilder) -> None:
    """'（2）项目支出情况 / 1、深化改革…建设项目支出49.41万元。': one numbered line per project under a
    heading that names 项目支出 — each line is that project's spending."""
    for m in _LISTED.finditer(ctx.text):
        section = ctx.doc.section_path(ctx.nt.to_source(m.start(), m.start() + 1)[0]) or ""
        if "项目支出" not in section.split(" > ")[-1]:
            continue
        name = re.sub(r"\s+", "", m.group("name"))
        fb.add_figure(ctx.figure(m.start("amt"), m.end("unit"), value=m.group("amt"), unit=m.group("unit"),
                                 key=f"project:{name}.actual", label=f"{name}支出"))
