"""Canonical keys: which quantity a figure states, from the words around it.

Keys are ``<subject>.<measure>``.  Subjects: total, basic (基本支出), project (项目支出),
personnel (人员经费), public (公用经费), sangong (三公经费) and its parts, or ``project:<name>``.
Measures: initial_budget (年初预算), full_budget (全年/调整后预算), budget (预算, unqualified),
adjustment, actual (执行数/实际支出/决算数).  A figure whose key cannot be told is keyed
``misc:<label>`` and never compared across places — an ambiguous pairing is no finding.
"""

from __future__ import annotations

import re

_SUBJECTS: list[tuple[str, re.Pattern[str]]] = [
    ("sangong.abroad", re.compile(r"因公出国")),
    ("sangong.vehicle_purchase", re.compile(r"(公务用车|公车)购置费(?!及)")),
    ("sangong.vehicle_run", re.compile(r"(公务用车|公车)(运行维护|运行|维护)")),
    ("sangong.vehicle", re.compile(r"(公务用车|公车)购置及运行|公务用车购置费及运行")),
    ("sangong.reception", re.compile(r"公务接待")),
    ("sangong", re.compile(r"三公")),
    ("personnel", re.compile(r"人员经费")),
    ("public", re.compile(r"公用经费")),
    ("basic", re.compile(r"基本支出")),
    ("project", re.compile(r"项目支出(?!绩效)")),
    ("carryover", re.compile(r"上年(年末)?结转|年初结转")),
    # 财政拨款 is one 口径 of spending, not the total: 本年支出合计 may include other funds
    ("fiscal", re.compile(r"财政拨款(支出|收入)|一般公共预算财政拨款")),
    ("balance", re.compile(r"年末结转|结余结转|结转结余")),
    ("total", re.compile(r"^\d{4}年度?支出$|^(我局|本局|我单位|本单位|本部门|我部门)?\d{4}年度?(全年)?(实际)?(支出|执行)$|^(我局|本局|我单位|本单位|本部门|我部门)?\d{4}年度?(年初预算|全年预算数?)$|"
                        r"调整后[^，,。]{0,10}预算|支出合计|收入合计|共计支出|支出总额|总支出|收、?支总计|预算收入|部门预算|总预算|整体支出|年度资金总额")),
]

_MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("adjustment", re.compile(r"调增|调减|追加|调整数")),
    ("initial_budget", re.compile(r"年初")),
    ("full_budget", re.compile(r"全年预算|调整后|总预算|年度总预算|全年总预算")),
    ("actual", re.compile(r"实际支出|执行数|决算数|支出决算|共计支出|支出合计|实际使用|使用|决算")),
    ("income", re.compile(r"收入")),
    ("budget", re.compile(r"预算")),
    ("actual", re.compile(r"支出$")),
]

_PRIOR = re.compile(r"上年(?!结转|年末结转|度预算结转)|去年|上一年|与上年相比|比上年")


def subject_of(label: str) -> str | None:
    for name, pat in _SUBJECTS:
        if pat.search(label):
            return name
    return None


_FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算单位|预算绩效|部门预算口径")


def measure_of(context: str, fallback: bool = True) -> str | None:
    """The measure named in ``context``; ``fallback`` lets a bare '…支出' mean actual spending.
    Fund names such as 一般公共预算 say which money, not that the figure is a budget."""
    context = _FUND_NAMES.sub("", context)
    for name, pat in _MEASURES if fallback else _MEASURES[:-1]:
        if pat.search(context):
            return name
    return None


def is_prior_year(context: str) -> bool:
    return bool(_PRIOR.search(context))


def make_key(subject: str | None, measure: str | None, label: str) -> str:
    if subject and measure:
        return f"{subject}.{measure}"
    return f"misc:{label}"


def clean_label(text: str, limit: int = 24) -> str:
    """The words naming a figure: the tail of the text before it, cut at punctuation."""
    text = re.sub(r"[（(][^（）()]{0,4}[）)]", "", text)  # 调增（减）, （类）: not label boundaries
    text = re.split(r"[，,。；;：:、（）()\n]|其中|分别为|主要包括", text)[-1]
    text = text.replace("“", "").replace("”", "").replace('"', "")
    text = re.sub(r"^(一是|二是|三是|四是|五是|六是|七是|八是|九是|\d+[、.]|[（(]\d+[）)])", "", text)
    text = re.sub(r"(为|是|达|共计|合计为)$", "", text.strip())
    return text.strip()[-limit:]


_PROJECT_STRIP = re.compile(r"^(年初预算项目|年中追加项目|项目)")


def project_name(raw: str) -> str:
    """A comparable project name: quotes, leading markers and trailing 项目/专项/经费 dropped."""
    name = raw.strip().strip("“”\"'")
    name = _PROJECT_STRIP.sub("", name).strip("“”\"'")
    name = re.sub(r"^\d{4}\s*年度?\s*", "", name).replace("“", "").replace("”", "").replace('"', "")
    name = re.sub(r"(专项资金|专项经费|项目|专项|经费)$", "", name)
    return name


def same_project(a: str, b: str) -> bool:
    a2, b2 = project_name(a), project_name(b)
    if not a2 or not b2:
        return False
    short, long_ = sorted((a2, b2), key=len)
    return len(short) >= 4 and short in long_
