"""Canonical keys: which quantity a figure states, from the words around it.

Keys are ``<subject>.<measure>``.  Subjects: total, basic (基本支出), project (项目支出),
personnel (人员经费), public (公用经费), sangong (三公经费) and its parts, or ``project:<name>``.
Measures: initial_budget (年初预算), full_budget (全年/调整后预算), budget (预算, unqualified),
adjustment, actual (执行数/实际支出/决算数).  A figure whose key cannot be told is keyed
``misc:<label>`` and never compared across places — an ambiguous pairing is no finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent import fastre
from agent.extract.rules import lexicon

_SUBJECTS = [(name, fastre.compile(p)) for name, p in lexicon.SUBJECTS]
_MEASURES = [(name, fastre.compile(p)) for name, p in lexicon.MEASURES]
_PRIOR = fastre.compile(lexicon.PRIOR)


_INCLUDES = fastre.compile(r"[（(](?:含|包括|不含)[^（）()]*[)）]")


@lru_cache(maxsize=8192)
def subject_of(label: str) -> str | None:
    if _SUM_OF.search(label):
        return None  # '可用资金（全年预算与上年结转之和）925.20万元' is neither part
    label = _INCLUDES.sub("", label)  # '一般公共预算支出(含上年结转)': what the amount includes names no subject
    for name, pat in _SUBJECTS:
        if m := pat.search(label):
            if name == "carryover" and _TOTAL_AFTER.search(label, m.end()):
                return "total"  # '结合上年结转资金调整后全年预算': the carry-over says what the budget includes
            return name
    return None


def subject_words(label: str) -> str:
    """The words of ``label`` that name its subject ('三公' of '三公经费全年预算'), or ''."""
    for _, pat in _SUBJECTS:
        if m := pat.search(label):
            return m.group(0)
    return ""


_TOTAL_AFTER = fastre.compile(r"调整后[^，,。]{0,10}预算|全年预算|全年总预算")
_SUM_OF = fastre.compile(r"[与和及加][^，,。；;]{1,12}(之和|总和|合计|共计)|(结转|结余)(和|及|与|、)[^，,。；;]{0,6}(收入|资金)")


_FUND_NAMES = fastre.compile(lexicon.FUND_NAMES)


_DIFFERENCE = fastre.compile(r"(存在|相差|差额为?|尾差为?|差异为?|误差为?|之差为?)\s*$|比[^，,。；;]{1,14}(少|多)了?\s*$")


@lru_cache(maxsize=8192)
def measure_of(context: str, fallback: bool = True) -> str | None:
    """The measure named in ``context``; ``fallback`` lets a bare '…支出' mean actual spending.
    Fund names such as 一般公共预算 say which money, not that the figure is a budget."""
    context = _FUND_NAMES.sub("", context)
    # '决算数小于预算数25.00万元': the number is what follows the comparison word
    context = re.split(r"大于|小于|高于|低于|超过|少于|多于", context)[-1]
    if _DIFFERENCE.search(context):
        return None  # '项目支出合计数与分项加总存在0.01万元差额': a difference, not the quantity
    for name, pat in _MEASURES if fallback else _MEASURES[:-1]:
        if pat.search(context):
            return name
    return None


_YEAR = fastre.compile(r"((?:19|20)\d\d)\s*年")


def is_prior_year(context: str, year: int | None = None) -> bool:
    """上年/去年/比上年 …, or (given the report's year) the clause's last year is an earlier one:
    '较2022年决算数688.84万元' in a 2023 report."""
    if _PRIOR.search(context):
        return True
    years = _YEAR.findall(context) if year else []
    return bool(years) and int(years[-1]) < year  # type: ignore[operator]


_SPENT_FROM_CARRY = fastre.compile(r"结转[^，,。；;\d]{0,6}(支出|使用|执行|拨付)")


def make_key(subject: str | None, measure: str | None, label: str) -> str:
    if subject == "carryover" and _SPENT_FROM_CARRY.search(label):
        return f"misc:{label}"  # '上年结转资金支出58.00万元': what was spent out of the carry-over, not the carry-over
    if subject and measure:
        return f"{subject}.{measure}"
    return f"misc:{label}"


_SHORT_PAREN = fastre.compile(r"[（(][^（）()]{0,4}[）)]")
_LABEL_CUT = fastre.compile(r"[，,。；;：:、（）()\n]|其中|分别为|主要包括")
_ENUM_HEAD = fastre.compile(r"^(一是|二是|三是|四是|五是|六是|七是|八是|九是|\d+[、.]|[（(]\d+[）)])")
_LINK_TAIL = fastre.compile(r"(为|是|达|共计|合计为)$")


@lru_cache(maxsize=8192)
def clean_label(text: str, limit: int = 24) -> str:
    """The words naming a figure: the tail of the text before it, cut at punctuation (cached: a pure function
    asked again and again for the same clauses)."""
    text = _SHORT_PAREN.sub("", text)  # 调增（减）, （类）: not label boundaries
    text = _LABEL_CUT.split(text)[-1]
    text = text.replace("“", "").replace("”", "").replace('"', "")
    text = _ENUM_HEAD.sub("", text)
    text = _LINK_TAIL.sub("", text.strip())
    return text.strip()[-limit:]


_PROJECT_STRIP = fastre.compile(r"^(年初预算项目|年中追加项目|项目)")


def project_name(raw: str) -> str:
    """A comparable project name: quotes, leading markers and trailing 项目/专项/经费 dropped."""
    name = re.sub(r"\s+", "", raw).strip("“”\"'")
    name = _PROJECT_STRIP.sub("", name).strip("“”\"'")
    name = re.sub(r"^\d{4}\s*年度?\s*", "", name).replace("“", "").replace("”", "").replace('"', "")
    short = re.sub(r"(专项资金|专项经费|项目|专项|经费)$", "", name)
    return short if len(short) >= 4 else name  # '业务性专项经费' stays whole: '业务性' names nothing


def same_project(a: str, b: str) -> bool:
    a2, b2 = project_name(a), project_name(b)
    if not a2 or not b2:
        return False
    short, long_ = sorted((a2, b2), key=len)
    if len(short) >= 4 and short in long_:
        return True
    # '电子政务网租赁专项' and '株洲市电子政务外网线路租赁', '行政审批局业务性支出' and '行政审批业务性支出': one name
    # written with words added — every character of the shorter, in order, and not much more
    return len(short) >= 6 and len(long_) <= 2 * len(short) and in_order(short, long_)


def in_order(short: str, long_: str) -> bool:
    """Every character of ``short`` in ``long_``, in order."""
    it = iter(long_)
    return all(ch in it for ch in short)
