"""FIGURE_INCONSISTENT: one quantity (same canonical key) stated with different values in two places."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from agent import fastre
from agent.checks.base import finding, money
from agent.checks.messages import pair, say
from agent.checks.registry import check
from agent.checks.tolerance import Interval, fmt, half_unit
from agent.config import CheckSettings
from agent.extract.rules.labels import same_project
from agent.extract.rules.numbers import to_wan
from agent.schemas import DocumentKind, Facts, Figure, Finding, Severity

_COMPARABLE_UNITS = {"万元", "元", "亿元"}


def _family(key: str) -> tuple[str, str]:
    """('sangong', 'budget') for 'sangong.reception.budget'; ('project:X', 'actual') for projects."""
    subject, _, measure = key.rpartition(".")
    root = subject if subject.startswith("project:") else subject.split(".")[0]
    return root, measure


_ONE_YUAN = Decimal("0.0001")  # in 万元


def _agree(a: Figure, b: Figure) -> bool:
    """Each value read as the interval its printed decimals allow, in 万元; a figure in 元 gets one 元 of
    play besides (a whole-元 table against a 说明 in 元 and 分).  Was ±1 万元: 9,000 元 apart passed as equal."""
    if a.value == b.value:
        return True  # the same printed number: a table without a 单位 line read in the default unit, not two values
    ia, ib = Interval.of(to_wan(a.value, a.unit)), Interval.of(to_wan(b.value, b.unit))
    if a.unit == "元":
        ia = Interval(ia.lo - _ONE_YUAN, ia.hi + _ONE_YUAN)
    if b.unit == "元":
        ib = Interval(ib.lo - _ONE_YUAN, ib.hi + _ONE_YUAN)
    if {a.unit, b.unit} == {"元", "万元"}:
        # 877,080 元 restated as 87.70 万元: a conversion may cut the third decimal instead of rounding it
        if a.unit == "万元":
            ia = Interval(ia.lo, ia.hi + half_unit(a.value))
        else:
            ib = Interval(ib.lo, ib.hi + half_unit(b.value))
    return ia.overlaps(ib)


def _rerounded(a: Figure, b: Figure) -> bool:
    """One unit of the last printed digit apart, with a national table on one side: each 决算/预算 table is
    rounded from 元 on its own so that it adds up, and '236.63' in one table against '236.64' in another is
    that re-rounding (|Δ| = 0.005 + 0.005, the catalogue's bound) — a note for the reviewer, not an error.
    Two sentences of a 说明 (the seeds' 30.12 vs 30.11) have no such excuse."""
    if "table" not in (a.origin, b.origin) or a.unit != b.unit:
        return False
    return abs(a.value - b.value) <= half_unit(a.value) + half_unit(b.value)


def _shown(f: Figure, other: Figure) -> str:
    """The figure as printed, with its 万元 equivalent when the other one is in another unit
    (a table in 元 against a 说明 in 万元), so the reviewer compares like with like."""
    if f.unit == other.unit or f.unit not in _COMPARABLE_UNITS or other.unit not in _COMPARABLE_UNITS:
        return money(f)
    wan = to_wan(f.value, f.unit).quantize(Decimal("0.01"))
    return f"{money(f)}（{format(wan, 'f')}万元）" if f.unit != "万元" else money(f)


@check("FIGURE_INCONSISTENT")
def check_consistency(facts: Facts, cfg: CheckSettings) -> list[Finding]:
    groups: dict[str, list[Figure]] = defaultdict(list)
    projects: list[Figure] = []
    for f in facts.all_figures():
        if f.key.startswith("misc:") or f.unit not in _COMPARABLE_UNITS or "." not in f.key:
            continue
        if f.key.startswith("project:"):
            projects.append(f)
        elif not f.key.startswith(("account:", "selfeval.")):
            groups[f.key].append(f)
    joined: dict[str, str] = {}  # a project key → the group it joined (keys only ever added after it)
    for f in projects:  # projects: names written differently in different sections
        if f.key in joined:
            groups[joined[f.key]].append(f)
            continue
        for key in list(groups):
            if key.startswith("project:") and key.rpartition(".")[2] == f.key.rpartition(".")[2] and \
                    same_project(key.rpartition(".")[0][8:], f.key.rpartition(".")[0][8:]):
                break
        else:
            key = f.key
        joined[f.key] = key
        groups[key].append(f)

    conflicts: dict[tuple[str, str], list[tuple[Figure, Figure]]] = defaultdict(list)
    for _key, figs in groups.items():
        base = figs[0]
        for other in figs[1:]:
            if other.span.start == base.span.start:
                continue
            if not _agree(base, other):
                conflicts[_family(base.key)].append((base, other))
                break
    out: list[Finding] = []
    national = facts.kind in (DocumentKind.FINAL_ACCOUNTS, DocumentKind.BUDGET)
    for (root, measure), pairs in conflicts.items():
        evidence = []
        parts_zh, parts_en = [], []
        for a, b in pairs:
            evidence += [a.span, b.span]
            zh, en = pair("FIGURE_INCONSISTENT", "place", label=a.label, section_a=a.section or "前文",
                          section_b=b.section or "后文", value_a=(_shown(a, b), money(a)),
                          value_b=(_shown(b, a), money(b)))
            parts_zh.append(zh)
            parts_en.append(en)
        a, b = pairs[0]
        tail = national and all(_rerounded(x, y) for x, y in pairs)
        zh, en, tip = say("FIGURE_INCONSISTENT", "rerounded" if tail else "values",
                          places=("；".join(parts_zh), "; ".join(parts_en)))
        f = finding(
            "FIGURE_INCONSISTENT", zh, en,
            evidence, stated=f"{a.value} / {b.value}", recomputed=None,
            details={"key": a.key, "family": f"{root}.{measure}"},
            suggestion=tip,
        )
        if tail:
            f.severity = Severity.INFO
        out.append(f)
    return out + _indicator_restatements(facts)


_COUNT_UNITS = {"户", "人", "人次", "万人", "万人次", "万平方米", "万亩", "万吨", "公顷", "个", "项", "件", "次", "家", "所", "座", "处", "场", "套", "台", "辆", "条", "篇",
                "册", "亩", "公里", "千米", "米", "平方米", "吨", "份", "批", "期", "村", "名", "张", "天"}
_GENERIC_TAIL = fastre.compile(r"(户数|人数|人次数|个数|次数|件数|数量|总数|规模|数)$")
_DONE = fastre.compile(r"^(全年|本年度?)?(共|累计)?(完成|实现|达到|实际|新增)?")
_TARGET_WORDS = fastre.compile(r"目标|计划|预计|力争|不少于|不低于|不超过|以上|以内|达到|≥|≤|>|<")


def _name(text: str) -> str:
    return re.sub(r"[\s“”\"'（）()]", "", text)


def _indicator_restatements(facts: Facts) -> list[Finding]:
    """A 自评表 indicator's 实际完成值 restated in the text with another value: '惠及居民2,386户' against the
    row '惠及居民户数 | ≥2,300户 | 2,368户'.  Counts only, the text's label equal to the indicator's name
    (its generic tail such as 户数/数量 aside), never a target or a sentence naming one."""
    out: list[Finding] = []
    by_label: dict[str, list[tuple[int, Figure]]] = {}  # indexed, so a long report is not rows × figures
    for i, f in enumerate(facts.figures):
        if f.origin == "text" and f.unit in _COUNT_UNITS:
            by_label.setdefault(_DONE.sub("", _name(f.label)), []).append((i, f))  # '完成改造面积' names 改造面积
    row_names = [_name(r.level3) for t in facts.score_tables for r in t.rows]
    for table in facts.score_tables:
        for row in table.rows:
            a = row.actual
            if a is None or a.unit not in _COUNT_UNITS:
                continue
            full = _name(row.level3)
            names = {full, _GENERIC_TAIL.sub("", full)} - {""}
            if not any(len(n) >= 3 for n in names):
                continue
            tails = {full[k:] for k in range(len(full) - 3)}  # '改造面积' names the one row '维修改造面积'
            candidates = sorted(x for label in names | tails for x in by_label.get(label, ()))
            for _, f in candidates:
                label = _DONE.sub("", _name(f.label))
                named = label in names or (len(label) >= 4 and full.endswith(label) and sum(
                    n.endswith(label) for n in row_names) == 1)
                if f.unit != a.unit or not named or _TARGET_WORDS.search(f.label) or f.value == a.value:
                    continue  # ('改造面积' names the one row '维修改造面积')
                if row.target is not None and f.value == row.target.value:
                    continue  # '扶持新型农业经营主体15个以上' under 绩效目标: the target restated, not the result
                zh, en = pair("FIGURE_INCONSISTENT", "place", label=row.level3, section_a=f.section or "正文",
                              section_b="绩效自评表", value_a=(f"{fmt(f.value)}{f.unit}",) * 2,
                              value_b=(f"{fmt(a.value)}{a.unit}",) * 2)
                zh, en, tip = say("FIGURE_INCONSISTENT", "values", places=(zh, en))
                out.append(finding("FIGURE_INCONSISTENT", zh, en, [f.span, a.span], stated=f"{f.value} / {a.value}",
                                   recomputed=None, details={"key": f"indicator:{row.level3}.actual"},
                                   suggestion=tip))
                break
    return out
