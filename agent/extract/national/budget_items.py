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
from decimal import Decimal

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import ChangeClaim, CoverageItem, CoverageStatus, DocumentKind, Statement, StatementKind

_HEAD = fastre.compile(
    rf"(?:(?P<n1>[\u4e00-\u9fff]+)[（(](?P<c>\d{{3}})类[）)](?P<n2>[\u4e00-\u9fff]+)[（(](?P<k>\d{{2}})款[）)]"
    rf"(?P<n3>[\u4e00-\u9fff]+)[（(](?P<x>\d{{2}})项[）)]|[“\"](?P<path>[^”\"\n]{{4,90}})[”\"](?P<kemu>科目)?)"
    rf"\s*(?P<v>{NUM})\s*万元")
# "一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）" or "类-款-项"
_NAMED_PATH = fastre.compile(r"^(?P<n1>[^（(]+)[（(]类[）)](?P<n2>[^（(]+)[（(]款[）)](?P<n3>[^（(]+)[（(]项[）)]$")
_PRIOR = fastre.compile(rf"(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)为?\s*(?P<v>{NUM})\s*万元")
_CURRENT = fastre.compile(rf"(?P<y>20\d\d)年预算安排\s*(?P<v>{NUM})\s*万元")
_CHANGE = fastre.compile(rf"比(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)?(?P<dir>增加|增长|减少|下降|降低)\s*(?P<r>{NUM})\s*%")


_BASE = fastre.compile(r"(?:比|与)(?P<y>20\d\d)年(?:当年)?(?:预算执行数|执行数|预算数|预算)?(?:相比)?[,，]?\s*"
                   rf"(?:(?:增加|增长|减少|下降|降低)\s*(?:{NUM}\s*(?:万元|元|%))?|持平)")


# '实施周期\n2025年1月1日-2025年12月31日' / '2025.1.1-2025.12.31' / '2025年1月1日至2025年12月31日'
_PERIOD = fastre.compile(r"实施周期[：:\s]*(?P<p>(?P<y1>20\d\d)[年.\-/][^\n]{0,12}?(?:-|—|－|~|～|至)\s*"
                     r"(?P<y2>20\d\d)(?:[年.\-/]\d{1,2}[月.\-/]\d{1,2}日?|年))")


def budget_item_key(class_name: str, kuan_name: str, item_name: str) -> str:
    """The key a 一般公共预算支出功能分类预算表 项 row shares with its 说明 item paragraph.

    By names, not by code: the paragraphs of most 预算 说明 give the 类/款/项 names without codes
    ("“一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元"); a name the
    table spells differently (a renamed 类) pairs with nothing, which is an abstention, not a finding.
    """
    return "budgetitem:" + "/".join(_norm(n) for n in (class_name, kuan_name, item_name)) + ".budget"


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"^[\d、.\s]+", "", name))


def _same_amount(a: str, b: str) -> bool:
    """Two printed amounts that can be the same quantity (each read as the interval its decimals allow)."""
    x, y = Decimal(a.replace(",", "")), Decimal(b.replace(",", ""))
    half = max(Decimal(1).scaleb(x.as_tuple().exponent), Decimal(1).scaleb(y.as_tuple().exponent)) / 2  # type: ignore[arg-type]
    return abs(x - y) <= half


def _both_contradict(up: bool, prior: str, *currents: str) -> bool:
    """Every candidate current amount moves against the stated direction: wrong whichever was meant."""
    base = Decimal(prior.replace(",", ""))
    values = [Decimal(c.replace(",", "")) for c in currents]
    return all(v < base for v in values) if up else all(v > base for v in values)


_REASON = fastre.compile(r"主要原因(?:是|为)?[:：]?\s*(?P<r>[^。\n]{2,40})")
_REASON_DIRECTION = fastre.compile(r"(?:经费|支出|资金|预算|费用)(?P<d>增加|增长|上升|减少|下降|降低)$")


def _reason_against(text: str, start: int, stop: int, up: bool) -> tuple[int, int] | None:
    """'比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加': the stated reason moves
    the item the other way.  Only a reason that ends on its own direction ('…经费增加') and names no other."""
    m = _REASON.search(text, start, stop)
    if m is None or m.start() - start > 4:
        return None
    reason = m.group("r").rstrip("，,；; ")
    d = _REASON_DIRECTION.search(reason)
    if d is None or len(re.findall(r"增加|增长|上升|减少|下降|降低", reason)) != 1:
        return None
    if (d.group("d") in ("增加", "增长", "上升")) == up:
        return None
    return m.start(), m.start("r") + len(reason)


def _path(head: re.Match[str]) -> tuple[str, str, str] | None:
    """The (类, 款, 项) names of an item heading, or None when the heading is not a 科目 path."""
    if head.group("c"):
        return head.group("n1"), head.group("n2"), head.group("n3")
    path = re.sub(r"\s+", "", head.group("path"))
    if m := _NAMED_PATH.match(path):
        return m.group("n1"), m.group("n2"), m.group("n3")
    parts = re.split(r"[-－—]", path)
    if len(parts) == 3 and all(parts):
        return parts[0], parts[1], parts[2]
    return None


def _comparison_bases(ctx: Ctx, fb: FactsBuilder, year: int) -> None:
    """Every '比YYYY年预算增加/持平' of a budget names its comparison year: it must be before the budget year."""
    for m in _BASE.finditer(ctx.text):
        if int(m.group("y")) >= year:
            fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start(), m.end()),
                                           detail="比较基期" + m.group(0), value=int(m.group("y"))))


def _project_periods(ctx: Ctx, fb: FactsBuilder, year: int) -> None:
    """A project budgeted for year Y runs in Y: a 实施周期 that ends before Y was copied from last year's text."""
    for m in _PERIOD.finditer(ctx.text):
        if int(m.group("y2")) < year:
            fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start("p"), m.end()),
                                           detail="实施周期" + m.group("p"), value=int(m.group("y2"))))


# a 部门预算's own arrangements, opening their sentence: '2023年本部门政府采购预算128.60万元' in a 2025 budget
_OWN_ARRANGEMENT = fastre.compile(r"(?:^|[。：:\n])\s*(?P<p>(?P<y>20\d\d)\s*年度?(?:本部门|本单位|我局|我单位|本局|部门)?"
                              r"(?:政府采购预算|安排政府采购预算|实行绩效目标管理|机关运行经费预算|“?三公”?经费预算))")


def _sections_of_another_year(ctx: Ctx, fb: FactsBuilder, year: int) -> None:
    """A budget's 政府采购 / 绩效目标管理 / 机关运行经费 / 三公 arrangements are the budget year's: a sentence opening with
    another year's was copied from an earlier 说明."""
    for m in _OWN_ARRANGEMENT.finditer(ctx.text):
        if int(m.group("y")) != year:
            stop = min([i for i in (ctx.text.find(ch, m.end()) for ch in "，。；\n") if i >= 0] + [m.end() + 40])
            fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start("p"), m.end()),
                                           detail=m.group("p"), value=int(m.group("y")),
                                           related=[ctx.span(m.start("p"), stop)]))


def extract_budget_items(ctx: Ctx, fb: FactsBuilder, year: int | None) -> None:
    text = ctx.text
    if year is not None and DocumentKind.BUDGET in ctx.kinds:
        _comparison_bases(ctx, fb, year)
        _project_periods(ctx, fb, year)
        _sections_of_another_year(ctx, fb, year)
    for head in _HEAD.finditer(text):
        end = text.find("\n", head.end())
        end = len(text) if end < 0 else end
        nxt = _HEAD.search(text, head.end(), end)
        stop = nxt.start() if nxt else end
        names = _path(head)
        if names is None and not head.group("kemu"):
            continue
        name = names[2] if names else head.group("path")
        key = budget_item_key(*names) if names else f"budgetitem:{_norm(name)}.budget"
        ident = key.removeprefix("budgetitem:").removesuffix(".budget")
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
        up = change.group("dir") in ("增加", "增长")
        if not _same_amount(head.group("v"), cur.group("v")) and not _both_contradict(
                up, prior.group("v"), head.group("v"), cur.group("v")):
            # the heading and the 预算安排 disagree (a FIGURE_INCONSISTENT on its own): which of the two the
            # stated rate was computed from is unknown, so the change is judged only when its direction
            # is wrong for both
            fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="change", label=f"{name}比{change.group('y')}年增减率",
                reason="the item's heading amount and its 预算安排 differ: the base of the stated rate is ambiguous",
                span=ctx.span(cur.start(), change.end())))
            continue
        base = fb.add_figure(ctx.figure(prior.start("v"), prior.end(), value=prior.group("v"), unit="万元",
                                        key=f"misc:{ident}:上年", label=f"{name}{prior.group('y')}年预算执行数"))
        rate = fb.add_figure(ctx.figure(change.start("r"), change.end(), value=change.group("r"), unit="%",
                                        key=f"misc:{ident}:增减率", label=f"{name}增减率"))
        if (reason := _reason_against(text, change.end(), stop, up)) is not None:
            fb.statements.append(Statement(kind=StatementKind.REASON_CONTRADICTS, span=ctx.span(*reason),
                                           detail=change.group("dir"),
                                           related=[ctx.span(change.start("dir"), change.end()), current.span, base.span]))
        fb.claims.append(ChangeClaim(current=current, prior=base, rate=rate, direction="increase" if up else "decrease",
                                     label=f"{name}比{change.group('y')}年{change.group('dir')}",
                                     span=ctx.span(head.start(), change.end())))
