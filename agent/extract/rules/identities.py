"""Identities between keyed figures stated apart (三公 = 出国 + 公车 + 接待 across numbered items;
全年预算 = 年初预算 + 调整; 结转结余 = 上年结转 + 收入 − 支出), within one part of the report."""

from __future__ import annotations

import bisect
import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import BalanceClaim, Figure, SumClaim

_IDENTITIES = [
    ("sangong", ["sangong.abroad", "sangong.vehicle|sangong.vehicle_run", "sangong.reception"]),
    ("total", ["basic", "project"]),
    ("basic", ["personnel", "public"]),
]
_MEASURES = ["initial_budget", "full_budget", "budget", "actual"]
_ADJUST = re.compile(rf"(年中)?预算(调整)?[净共]?(?P<dir>调增|调减|追加|追减)\s*(?P<amt>{NUM})\s*万元")
# next to the 年初/全年 budget figures an adjustment needs no '预算' prefix ('按要求调减112.75万元')
_ADJUST_NEAR = re.compile(rf"(?P<dir>调增|调减|追加|追减)(预算|资金)?\s*(?P<amt>{NUM})\s*万元")
_CARRY_BALANCE = re.compile(
    rf"(上年度?(预算)?结转(结余)?|年初结转(和|及)?(结余)?)\s*(为)?\s*(?P<a>{NUM})\s*万元[,，]\s*本年度?(预算)?收入(为)?\s*(?P<b>{NUM})\s*万元"
    rf"[,，]\s*(全年|本年度?)?(共计)?支出(为)?\s*(?P<c>{NUM})\s*万元[,，]\s*(年末|期末)?(结转|结余)[^\d,，。]{{0,10}}?(?P<d>{NUM})\s*万元"
)


def _scope(ctx: Ctx, f: Figure) -> int:
    """Index of the top-level section holding the figure (-1 outside every section)."""
    starts = ctx.doc._starts(ctx.doc.sections)  # cached section starts
    i = bisect.bisect_right(starts, f.span.start) - 1
    if i >= 0 and ctx.doc.sections[i].start <= f.span.start < ctx.doc.sections[i].end:
        return i
    return -1


_INDEX: dict[int, tuple[int, dict[tuple[str, int], Figure]]] = {}


def _first(fb: FactsBuilder, ctx: Ctx, key: str, scope: int) -> Figure | None:
    """The first figure with this key (or one of its '|' alternatives) in the section.  Indexed once
    per state of the figure list: scanning every figure for every identity was quadratic."""
    cached = _INDEX.get(id(fb))
    if cached is None or cached[0] != len(fb.figures):
        index: dict[tuple[str, int], Figure] = {}
        for f in fb.figures:
            index.setdefault((f.key, _scope(ctx, f)), f)
        cached = (len(fb.figures), index)
        _INDEX.clear()
        _INDEX[id(fb)] = cached
    for alt in key.split("|"):
        f = cached[1].get((alt, scope))
        if f is not None:
            return f
    return None


def add_keyed_identities(ctx: Ctx, fb: FactsBuilder) -> None:
    _INDEX.clear()  # keys may have been refined since a previous document or pass
    claimed = {(c.total.span.start, c.total.span.end) for c in fb.claims if c.kind == "sum"}
    scopes = {_scope(ctx, f) for f in fb.figures}
    for scope in scopes:
        for whole, parts in _IDENTITIES:
            for measure in _MEASURES:
                total = _first(fb, ctx, f"{whole}.{measure}", scope)
                if total is None or (total.span.start, total.span.end) in claimed:
                    continue
                figs = [f for p in parts if (f := _first(fb, ctx, "|".join(f"{x}.{measure}" for x in p.split("|")), scope))]
                if len(figs) >= 2 and all(f.unit == total.unit for f in figs):
                    fb.claims.append(SumClaim(total=total, parts=figs, label=f"{total.label}（分项合计）",
                                              span=total.span))
                    claimed.add((total.span.start, total.span.end))
        _budget_adjustment(ctx, fb, scope)
        _INDEX.clear()  # it may add figures or refine their keys
    _carry_balance(ctx, fb)
    for scope in scopes:
        _keyed_balance(ctx, fb, scope)


def _budget_adjustment(ctx: Ctx, fb: FactsBuilder, scope: int) -> None:
    initial = _first(fb, ctx, "total.initial_budget", scope)
    full = _first(fb, ctx, "total.full_budget", scope)
    if initial is None or full is None or initial.origin == "table":
        return
    lines = set()
    for f in (initial, full):
        s, _ = ctx.nt.to_source(0, 1)
        pos = next((i for i, o in enumerate(ctx.nt.origin) if o >= f.span.start), None)
        if pos is not None:
            lines.add(ctx.paragraph_bounds(pos))
    near = [m for a, b in lines for m in _ADJUST_NEAR.finditer(ctx.text, a, b)]
    for m in [*_ADJUST.finditer(ctx.text), *near]:
        adj = ctx.figure(m.start("amt"), m.end(), value=m.group("amt"), unit="万元", key="total.adjustment",
                         label=f"年中预算{m.group('dir')}")
        if _scope(ctx, adj) != scope:
            continue
        # '追加预算212.30万元…；调减预算38.50万元…。调整后全年预算为2010.20万元': the first increase and the
        # first decrease of the paragraph, each with its sign (later ones of the same sign are its parts:
        # '调增148.50万元，分别为…追加100.00万元')
        a, b = ctx.paragraph_bounds(m.start())
        found = {(x.start("amt"), x.end()): x for x in [*_ADJUST.finditer(ctx.text, a, b), *_ADJUST_NEAR.finditer(ctx.text, a, b)]}
        first: dict[bool, tuple[int, int, re.Match[str]]] = {}
        for (start, end), x in sorted(found.items()):
            first.setdefault(x.group("dir") in ("调减", "追减"), (start, end, x))
        plus, minus = [initial], []
        for down, (start, end, x) in sorted(first.items(), key=lambda kv: kv[1][0]):
            # a decrease beside an increase is another quantity (its own key: never 'inconsistent' with it)
            key = "total.adjustment_decrease" if down and len(first) > 1 else "total.adjustment"
            f = fb.add_figure(ctx.figure(start, end, value=x.group("amt"), unit="万元", key=key,
                                         label=f"年中预算{x.group('dir')}"))
            (minus if down else plus).append(f)
        label = "全年预算=年初预算" + ("+调整" if len(plus) > 1 else "") + ("−调减" if minus else "")
        fb.claims.append(BalanceClaim(result=full, plus=plus, minus=minus, label=label,
                                      span=ctx.span(m.start(), max(v[1] for v in first.values()))))
        return


def _keyed_balance(ctx: Ctx, fb: FactsBuilder, scope: int) -> None:
    """上年结转 + 本年收入 − 本年支出 = 年末结转结余 when the four are stated in separate sentences of one part."""
    if any(c.kind == "balance" and "年末结转" in c.label for c in fb.claims):
        return
    figs = {k: _first(fb, ctx, k, scope) for k in ("carryover.actual", "total.income", "total.actual", "balance.actual")}
    if any(f is None or f.unit not in ("万元", "元") for f in figs.values()):
        return
    if len({f.unit for f in figs.values()}) != 1:
        return
    fb.claims.append(BalanceClaim(result=figs["balance.actual"], plus=[figs["carryover.actual"], figs["total.income"]],
                                  minus=[figs["total.actual"]], label="年末结转结余=上年结转+本年收入−本年支出",
                                  span=figs["balance.actual"].span))


def _carry_balance(ctx: Ctx, fb: FactsBuilder) -> None:
    for m in _CARRY_BALANCE.finditer(ctx.text):
        def fig(g: str, key: str, label: str, m: re.Match[str] = m) -> Figure:
            return fb.add_figure(ctx.figure(m.start(g), m.end(g) + 2, value=m.group(g), unit="万元", key=key,
                                            label=label))

        a = fig("a", "carryover.actual", "上年结转")
        b = fig("b", "misc:本年收入", "本年收入")
        c = fig("c", "total.actual", "本年支出")
        d = fig("d", "balance.actual", "年末结转结余")
        fb.claims.append(BalanceClaim(result=d, plus=[a, b], minus=[c], label="年末结转结余=上年结转+本年收入−本年支出",
                                      span=ctx.span(m.start(), m.end())))
