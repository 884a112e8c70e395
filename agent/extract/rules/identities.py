"""Identities between keyed figures stated apart (三公 = 出国 + 公车 + 接待 across numbered items;
全年预算 = 年初预算 + 调整; 结转结余 = 上年结转 + 收入 − 支出), within one part of the report."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import sum_mismatch
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import BalanceClaim, CoverageItem, CoverageStatus, DocumentKind, Figure, SumClaim

_IDENTITIES = [
    ("sangong", ["sangong.abroad", "sangong.vehicle|sangong.vehicle_run", "sangong.reception"]),
    ("total", ["basic", "project"]),
    ("basic", ["personnel", "public"]),
]
_MEASURES = ["initial_budget", "full_budget", "budget", "actual"]
_ADJUST = fastre.compile(rf"(年中)?预算(调整)?[净共]?(?P<dir>调增|调减|追加|追减)\s*(?P<amt>{NUM})\s*万元")
# next to the 年初/全年 budget figures an adjustment needs no '预算' prefix ('按要求调减112.75万元')
_ADJUST_NEAR = fastre.compile(rf"(?P<dir>调增|调减|追加|追减)(预算|资金)?\s*(?P<amt>{NUM})\s*万元")
_CARRY_BALANCE = fastre.compile(
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


class _KeyIndex:
    """The first figure (in the order they were added) for each (key, top-level section).  Built once
    and kept current as figures are added or their keys refined, through ``note``: rebuilding it for
    every section of a large report was quadratic."""

    def __init__(self, ctx: Ctx, fb: FactsBuilder) -> None:
        self.ctx, self.fb = ctx, fb
        self._scope: dict[int, int] = {}  # span start -> section index
        self._pos: dict[int, int] = {}  # id(figure) -> position in fb.figures
        self._first: dict[tuple[str, int], Figure] = {}
        self._first_text: dict[tuple[str, int], Figure] = {}  # the same, among figures read from the prose
        self._values: dict[str, set] = {}  # the distinct values stated under a key anywhere in the report
        self._seen = 0
        self.sync()

    def scope(self, f: Figure) -> int:
        sc = self._scope.get(f.span.start)
        if sc is None:
            sc = self._scope[f.span.start] = _scope(self.ctx, f)
        return sc

    def sync(self) -> None:
        """Index the figures appended since the last call."""
        figs = self.fb.figures
        for i in range(self._seen, len(figs)):
            self._pos[id(figs[i])] = i
            self._first.setdefault((figs[i].key, self.scope(figs[i])), figs[i])
            if figs[i].origin == "text":
                self._first_text.setdefault((figs[i].key, self.scope(figs[i])), figs[i])
            self._values.setdefault(figs[i].key, set()).add(figs[i].value)
        self._seen = len(figs)

    def note(self, f: Figure) -> Figure:
        """Record a figure returned by ``fb.add_figure`` (new, or an earlier one whose key it refined)."""
        self.sync()
        k = (f.key, self.scope(f))
        cur = self._first.get(k)
        if cur is None or self._pos[id(f)] < self._pos[id(cur)]:
            self._first[k] = f
        cur = self._first_text.get(k)
        if f.origin == "text" and (cur is None or self._pos[id(f)] < self._pos[id(cur)]):
            self._first_text[k] = f
        self._values.setdefault(f.key, set()).add(f.value)
        return f

    def stated_alike(self, key: str) -> bool:
        """Every figure keyed ``key`` in the report states one value (else FIGURE_INCONSISTENT tells)."""
        self.sync()
        return len(self._values.get(key, ())) <= 1

    def first_in_text(self, key: str, scope: int) -> Figure | None:
        """The first figure with this key that the prose states in the section (a table's is another reading)."""
        self.first(key, scope)  # brings the index up to date
        f = self._first_text.get((key, scope))
        return f if f is not None and f.key == key else None

    def first(self, key: str, scope: int) -> Figure | None:
        """The first figure with this key (or one of its '|' alternatives) in the section."""
        self.sync()
        for alt in key.split("|"):
            f = self._first.get((alt, scope))
            if f is not None and f.key != alt:  # refined elsewhere since indexed: rebuild once
                self._first.clear()
                self._first_text.clear()
                self._seen = 0
                self.sync()
                f = self._first.get((alt, scope))
            if f is not None:
                return f
        return None

    def scopes(self) -> set[int]:
        return {self.scope(f) for f in self.fb.figures}


def add_keyed_identities(ctx: Ctx, fb: FactsBuilder) -> None:
    idx = _KeyIndex(ctx, fb)
    claimed = {(c.total.span.start, c.total.span.end) for c in fb.claims if c.kind == "sum"}
    scopes = idx.scopes()
    for scope in scopes:
        for whole, parts in _IDENTITIES:
            for measure in _MEASURES:
                total = idx.first(f"{whole}.{measure}", scope)
                if total is None or (total.span.start, total.span.end) in claimed:
                    continue
                if measure == "budget" and any(
                        (f := idx.first(f"{whole}.{m}", scope)) is not None and f.value != total.value
                        for m in ("full_budget", "initial_budget")):
                    continue  # a plain '预算' beside a 年初 and an adjusted one that differ: which it is cannot be told
                figs = [f for p in parts if (f := idx.first("|".join(f"{x}.{measure}" for x in p.split("|")), scope))]
                if whole == "sangong" and figs and figs[-1].key.startswith("sangong.reception") and \
                        any(f.key.startswith("sangong.vehicle_run") for f in figs):
                    purchase = idx.first(f"sangong.vehicle_purchase.{measure}", scope)
                    figs += [purchase] if purchase is not None else []  # 购置 and 运行 stated apart: both parts
                missing = [p for p in parts if not any(f.key.rsplit(".", 1)[0] in p.split("|") for f in figs)]
                if [p for p in missing if p != "sangong.abroad"]:
                    continue  # a part not stated is not known to be zero ('因公出国' is often left unsaid when nil)
                if len(figs) >= 2 and all(f.unit == total.unit for f in figs):
                    fb.claims.append(SumClaim(total=total, parts=figs, label=f"{total.label}（分项合计）",
                                              span=total.span))
                    claimed.add((total.span.start, total.span.end))
        _budget_adjustment(ctx, fb, idx, scope)
    _carry_balance(ctx, fb, idx)
    _worded_arithmetic(ctx, fb)
    _carry_sentence(ctx, fb)
    _carry_paragraph(ctx, fb)
    _budget_sentence(ctx, fb)
    # one 年末结转结余 balance per report: tested once, not by a scan of every claim per section
    # (a 收支总表's own carry identity does not test the 说明's restated 年末结转和结余: that one is tested too)
    # (nor does one fund's own balance, keyed apart: '四、政府性基金…情况说明。年初结转和结余20.00万元…')
    done = any(c.kind == "balance" and "年末结转" in c.label and c.result.origin != "table"
               and not c.result.key.startswith("misc:") for c in fb.claims)
    for scope in scopes:
        if done:
            break
        done = _keyed_balance(fb, idx, scope)
    if not done:
        _available_balance(ctx, fb, idx)


_AVAILABLE = fastre.compile(r"(全年|本年度?|当年)?(共)?可(用|使用|支配)(的)?资金(总额|合计|共计)?(为|共|达)?\s*$")


def _available_balance(ctx: Ctx, fb: FactsBuilder, idx: _KeyIndex) -> None:
    """'全年可用资金486.80万元 … 项目全年支出432.16万元 … 年末项目结转45.64万元': what was not spent of the funds
    available is carried out.  Each of the three stated once (or always alike), in one unit."""
    from agent.extract.rules.mentions import mentions

    available = [m for m in mentions(ctx) if m.kind == "money" and m.depth == 0 and _AVAILABLE.search(m.clause)
                 and not m.label.prior]
    spent = fb.with_key("total.actual")
    left = fb.with_key("balance.actual")
    if len({m.value for m in available}) != 1 or not spent or not left or \
            not (idx.stated_alike("total.actual") and idx.stated_alike("balance.actual")):
        return
    a = available[0]
    if {a.unit, spent[0].unit, left[0].unit} != {left[0].unit} or a.value < spent[0].value:
        return  # (spending above the funds available: these are not the department's — a project's 可用资金)
    have = fb.add_figure(ctx.figure(a.start, a.end, value=a.num, unit=a.unit, key=f"misc:{a.label.words}",
                                    label=a.label.words or "可用资金"))
    fb.claims.append(BalanceClaim(result=left[0], plus=[have], minus=[spent[0]], label="年末结转=可用资金−全年支出",
                                  span=left[0].span))


def _scope_range(ctx: Ctx, scope: int) -> tuple[int, int]:
    """Normalised-text range to search for matches in a section: the section widened by a margin, so
    a match that starts just before the heading is still seen (the whole text outside every section)."""
    if scope < 0:
        return 0, len(ctx.text)
    sec = ctx.doc.sections[scope]
    lo = bisect.bisect_left(ctx.nt.origin, sec.start)
    hi = bisect.bisect_left(ctx.nt.origin, sec.end)
    return max(0, lo - 200), min(len(ctx.text), hi + 200)


def _stated_nearby(ctx: Ctx, full, terms: list, gap: Decimal) -> bool:  # noqa: ANN001 - Figures
    """An amount equal to ``gap`` stated in the paragraphs of the budget figures (other than its terms)."""
    from agent.extract.rules.mentions import mentions_between

    lo = min(bisect.bisect_left(ctx.nt.origin, f.span.start) for f in [full, *terms])
    hi = max(bisect.bisect_left(ctx.nt.origin, f.span.start) for f in [full, *terms])
    a, b = ctx.paragraph_bounds(lo)[0], ctx.paragraph_bounds(min(hi, len(ctx.text) - 1))[1]
    used = {bisect.bisect_left(ctx.nt.origin, f.span.start) for f in [full, *terms]}
    return any(m.kind == "money" and m.value == gap and m.start not in used for m in mentions_between(ctx, a, b))


def _budget_adjustment(ctx: Ctx, fb: FactsBuilder, idx: _KeyIndex, scope: int) -> None:
    # the prose's budgets: '本项目年初预算1200.00万元，…追加165.00万元，全年预算1350.00万元' beside a 自评表 that
    # restates them (its cells come first in the index when the tables are read first)
    initial = idx.first_in_text("total.initial_budget", scope)
    full = idx.first_in_text("total.full_budget", scope)
    if initial is None or full is None:
        return
    lines = set()
    for f in (initial, full):
        pos = bisect.bisect_left(ctx.nt.origin, f.span.start)  # first normalised offset at or after it
        if pos < len(ctx.nt.origin):
            lines.add(ctx.paragraph_bounds(pos))
    if len(lines) == 2:  # '（一）年初预算…（二）预算调整。…追加预算333.70万元…（三）全年预算…': the paragraphs between too
        (a, _), (_, b) = sorted(lines)
        if 0 < b - a <= 800:
            lines.add((a, b))
    near = [m for a, b in lines for m in _ADJUST_NEAR.finditer(ctx.text, a, b)]
    lo, hi = _scope_range(ctx, scope)
    for m in [*_ADJUST.finditer(ctx.text, lo, hi), *near]:
        adj = ctx.figure(m.start("amt"), m.end(), value=m.group("amt"), unit="万元", key="total.adjustment",
                         label=f"年中预算{m.group('dir')}")
        if _scope(ctx, adj) != scope:
            continue
        # '追加预算212.30万元…；调减预算38.50万元…。调整后全年预算为2010.20万元': the first increase and the
        # first decrease of the paragraph, each with its sign (later ones of the same sign are its parts:
        # '调增148.50万元，分别为…追加100.00万元')
        a, b = ctx.paragraph_bounds(m.start())
        found = {(x.start("amt"), x.end()): x for x in [*_ADJUST.finditer(ctx.text, a, b), *_ADJUST_NEAR.finditer(ctx.text, a, b)]
                 if not _inside_a_stated_adjustment(ctx, x.start())}
        if not found:
            return  # '调整预算58.60万元（基本支出调增30.20万元，项目支出调增28.40万元）': the parts of a net adjustment
        if any(d.start("amt") not in {start for start, _ in found} for d in _OTHER_DECREASE.finditer(ctx.text, a, b)):
            return  # '收回…结余资金40.00万元': a decrease not worded as 调减; which terms make the budget is not told
        first: dict[bool, tuple[int, int, re.Match[str]]] = {}
        for (start, end), x in sorted(found.items()):
            first.setdefault(x.group("dir") in ("调减", "追减"), (start, end, x))
        terms = sorted(first.values(), key=lambda v: v[0])
        if len(found) > len(first) and _adjusted_wrongly(initial, full, [v[2] for v in terms]):
            # '省级追加50.00万元、中央追加100.00万元、县级追加30.00万元': several adjustments of one sign — together
            # they may be the change, or the first may be the total of the others; neither holding, it is not told
            if _adjusted_wrongly(initial, full, list(found.values())):
                fb.unchecked.append(CoverageItem(
                    status=CoverageStatus.NOT_VERIFIED, kind="balance", label="全年预算=年初预算±调整",
                    span=ctx.span(m.start(), max(e for _, e in found)),
                    reason="several adjustments of one sign: which of them make the change is not told"))
                return
            terms = [(st, e, x) for (st, e), x in sorted(found.items())]
        plus, minus = [initial], []
        each = len(terms) > len(first)  # every adjustment listed: each is one term, keyed apart
        for start, end, x in terms:
            down = x.group("dir") in ("调减", "追减")
            # a decrease beside an increase is another quantity (its own key: never 'inconsistent' with it)
            key = f"misc:年中预算{x.group('dir')}@{start}" if each else \
                "total.adjustment_decrease" if down and len(first) > 1 else "total.adjustment"
            f = idx.note(fb.add_figure(ctx.figure(start, end, value=x.group("amt"), unit="万元", key=key,
                                                   label=f"年中预算{x.group('dir')}")))
            (minus if down else plus).append(f)
        label = "全年预算=年初预算" + ("+调整" if len(plus) > 1 else "") + ("−调减" if minus else "")
        span = ctx.span(m.start(), max(v[1] for v in terms))
        gap = full.value - sum((f.value for f in plus), Decimal(0)) + sum((f.value for f in minus), Decimal(0))
        if gap and _stated_nearby(ctx, full, plus + minus, abs(gap)):
            # '追加225.47万元，本年财政拨款收入5,318.62万元；加上年初结转215.40万元，全年可支配预算资金5,534.02万元':
            # the gap is an amount the report states beside them — another 口径 (or a part read as the adjustment)
            fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="balance", label=label, span=span,
                                             reason=f"全年预算与年初预算±调整之差{gap}等于文中另列的一笔金额，口径不明"))
            return
        fb.claims.append(BalanceClaim(result=full, plus=plus, minus=minus, label=label, span=span))
        return


def _adjusted_wrongly(initial: Figure, full: Figure, adjustments: list[re.Match[str]]) -> bool:
    """年初预算 ± these adjustments does not make the 全年预算 (within the catalogue's tolerance)."""
    signed = [Decimal(x.group("amt")) * (-1 if x.group("dir") in ("调减", "追减") else 1) for x in adjustments]
    return sum_mismatch(full.value, [initial.value, *signed])


_OTHER_DECREASE = fastre.compile(rf"(收回|核减|压减|冲减|调出|缴回)[^，,。；;\d]{{0,24}}?(?P<amt>{NUM})\s*万元")
_NET_ADJUSTMENT = fastre.compile(rf"(调整预算|预算调整|调整数)(为|了|共)?\s*{NUM}\s*万元\s*$")


def _inside_a_stated_adjustment(ctx: Ctx, pos: int) -> bool:
    """An adjustment in brackets right after a net adjustment is one of its parts, not the change itself."""
    from agent.extract.rules.tokens import depth_at

    if depth_at(ctx, pos) == 0:
        return False
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    opened = max(ctx.text.rfind("（", line_start, pos), ctx.text.rfind("(", line_start, pos))
    return bool(_NET_ADJUSTMENT.search(ctx.text[max(0, opened - 30) : opened]))


_AMOUNT_IN_SOURCE = fastre.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")


def _holds_carry(text: str, carry: Figure, income: Figure) -> bool:
    """'2024年初结转28.40万元，全年财政拨款收入3,602.55万元，收入合计3,630.95万元': an income total that the
    same line makes of the carry-over and another amount (28.40 + 3,602.55) holds the carry-over already."""
    if not carry.span.start < income.span.start or "\n" in text[carry.span.end : income.span.start]:
        return False
    between = [Decimal(m.group(1).replace(",", "")) for m in _AMOUNT_IN_SOURCE.finditer(text, carry.span.end,
                                                                                     income.span.start)]
    return any(abs(carry.value + v - income.value) <= Decimal("0.01") for v in between)


def _keyed_balance(fb: FactsBuilder, idx: _KeyIndex, scope: int) -> bool:
    """上年结转 + 本年收入 − 本年支出 = 年末结转结余 when the four are stated in separate sentences of one part;
    whether the claim was added."""
    figs = {k: idx.first(k, scope) for k in ("carryover.actual", "total.income", "total.actual", "balance.actual")}
    if figs["total.income"] is None and figs["carryover.actual"] is not None and \
            (budget := idx.first("total.full_budget", scope)) is not None and idx.stated_alike("total.full_budget"):
        return _budget_balance(idx, scope, figs, budget)
    if any(f is None or f.unit not in ("万元", "元") for f in figs.values()):
        return False
    if len({f.unit for f in figs.values()}) != 1:
        return False
    if not all(idx.stated_alike(k) for k in figs):
        # '本年支出合计1,023.71' in the 说明 against 1,032.71 in the table: which one the balance should take
        # is the question FIGURE_INCONSISTENT puts to the reviewer; a balance on either would repeat it
        fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="balance",
                                         label="年末结转结余=上年结转+本年收入−本年支出",
                                         reason="one of its terms is stated with different values",
                                         span=figs["balance.actual"].span))
        return True
    income, carry = figs["total.income"], figs["carryover.actual"]
    if _holds_carry(idx.ctx.doc.text, carry, income):
        # '2024年初结转28.40万元，全年财政拨款收入3,602.55万元，收入合计3,630.95万元': the 收入合计 holds the
        # carry-over already — the balance is 收入合计 − 支出
        fb.claims.append(BalanceClaim(result=figs["balance.actual"], plus=[income], minus=[figs["total.actual"]],
                                      label="年末结转结余=收入合计（含上年结转）−本年支出", span=figs["balance.actual"].span))
        return True
    fb.claims.append(BalanceClaim(result=figs["balance.actual"], plus=[carry, income],
                                  minus=[figs["total.actual"]], label="年末结转结余=上年结转+本年收入−本年支出",
                                  span=figs["balance.actual"].span))
    return True


_RECEIVED = fastre.compile(r"到位|收入|拨付|拨入")


def _budget_balance(idx: _KeyIndex, scope: int, figs: dict, budget: Figure) -> bool:
    """No income stated: what was carried in, the 全年预算, the spending and what is carried out.  Whether the
    全年预算 holds the carry-over is the report's 口径, not known here, so the balance is claimed only when it fails
    both readings — 全年预算 − 支出, and 上年结转 + 全年预算 − 支出; and not where money received is spoken of
    (到位, 收入, 拨付: what came in may differ from the budget)."""
    ctx = idx.ctx
    carry, spent, left = figs["carryover.actual"], figs["total.actual"], figs["balance.actual"]
    if spent is None or left is None or len({f.unit for f in (carry, budget, spent, left)}) != 1 or \
            not all(idx.stated_alike(k) for k in ("carryover.actual", "total.actual", "balance.actual")):
        return False
    lo, hi = _scope_range(ctx, scope)
    if _RECEIVED.search(ctx.text, lo, hi) or not sum_mismatch(budget.value, [spent.value, left.value]):
        return False
    idx.fb.claims.append(BalanceClaim(result=left, plus=[carry, budget], minus=[spent],
                                      label="年末结转结余=年初结转结余+全年预算−全年支出", span=left.span))
    return True


_FUND_SCOPE = fastre.compile(r"政府性基金|国有资本|社会保险基金|财政拨款|一般公共预算|项目")


def _carry_balance(ctx: Ctx, fb: FactsBuilder, idx: _KeyIndex) -> None:
    for m in _CARRY_BALANCE.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, m.start()) + 1
        # '政府性基金预算财政拨款年初结转45.00万元，本年收入800.00万元，本年支出830.45万元…': one fund's balance,
        # not the department's (its figures are not the department's 本年支出)
        heading = (ctx.doc.section_path(ctx.nt.to_source(m.start(), m.start() + 1)[0]) or "").split(" > ")[-1]
        narrow = bool(_FUND_SCOPE.search(ctx.text[max(line_start, m.start() - 30) : m.start()])) or \
            bool(re.search(r"基金|国有资本", heading + ctx.text[max(line_start, m.start() - 30) : m.start()]))

        def fig(g: str, key: str, label: str, m: re.Match[str] = m, narrow: bool = narrow) -> Figure:
            key = f"misc:{label}" if narrow else key
            return idx.note(fb.add_figure(ctx.figure(m.start(g), m.end(g) + 2, value=m.group(g), unit="万元",
                                                     key=key, label=label)))

        a = fig("a", "carryover.actual", "上年结转")
        b = fig("b", "misc:本年收入", "本年收入")
        c = fig("c", "total.actual", "本年支出")
        d = fig("d", "balance.actual", "年末结转结余")
        fb.claims.append(BalanceClaim(result=d, plus=[a, b], minus=[c], label="年末结转结余=上年结转+本年收入−本年支出",
                                      span=ctx.span(m.start(), m.end())))


_PLUS_WORD = fastre.compile(r"(加上|另加|加之|(?<![追增参附添施外更])加(?![大强快紧]))[^，,。；;\d]{0,12}$")  # not 追加/增加: adjustments
_MINUS_WORD = fastre.compile(r"(扣除|减去|减除|剔除|扣减|减掉)[^，,。；;\d]{0,12}$")
_RESULT_WORD = fastre.compile(r"(后|剩余|余额|结余|结转)[^，,。；;\d]{0,16}$")


def _worded_arithmetic(ctx: Ctx, fb: FactsBuilder) -> None:
    """'年初结转36.42万元，加上本年预算2013.70万元，扣除本年支出1921.58万元后，年末结转结余118.54万元': a
    sentence that says its own arithmetic — every amount after the first carries 加/扣除, the last
    one closes it ('后…', '余额…') — is a balance, whatever its items are called."""
    from agent.extract.rules.mentions import by_period

    for sm in by_period(ctx):
        money = [m for m in sm if m.kind == "money" and m.depth == 0]
        if len(money) < 3 or len({m.unit for m in money}) != 1:
            continue
        plus, minus = [money[0]], []
        for prev, m in zip(money[:-2], money[1:-1], strict=True):
            words = ctx.text[prev.end : m.start]
            if _MINUS_WORD.search(words):
                minus.append(m)
            elif _PLUS_WORD.search(words):
                plus.append(m)
            else:
                break
        else:
            result = money[-1]
            closing = ctx.text[money[-2].end : result.start]
            if (len(plus) + len(minus) == len(money) - 1 and (len(plus) > 1 or minus)
                    and _RESULT_WORD.search(closing) and not _PLUS_WORD.search(closing)
                    and not _MINUS_WORD.search(closing)):
                figs = [fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=m.unit, key=m.label.key,
                                                 label=m.label.words or "金额")) for m in (*plus, *minus, result)]
                p_figs, m_figs, r_fig = figs[: len(plus)], figs[len(plus) : -1], figs[-1]
                fb.claims.append(BalanceClaim(result=r_fig, plus=p_figs, minus=m_figs,
                                              label=f"{r_fig.label}（按文中所列加减计算）",
                                              span=ctx.span(money[0].start, result.end)))


_LIST_PART = fastre.compile(r"其中|包括|分别")
_ROLES = (("carry", fastre.compile(r"(上年|年初)(度)?[^，,。；;\d]{0,4}?结转")),
          ("income", fastre.compile(r"收入|^\s*加(?:上)?(?:本年|全年|当年)?(?:度)?预算")),  # '加本年预算1432.00万元'
          ("spent", fastre.compile(r"支出")), ("left", fastre.compile(r"(年末|期末)[^，,。；;\d]{0,4}(结转|结余)")))


def _carry_sentence(ctx: Ctx, fb: FactsBuilder) -> None:
    """'上年结转资金86.12万元，2025年收入2,552.65万元（全部为财政拨款），当年支出2,471.38万元，年末结转结余资金
    176.39万元': one sentence naming, in this order, what was carried in, received, spent and carried out —
    however each is worded — is the 结转结余 balance."""
    from agent.extract.rules.mentions import by_period

    have = {(c.result.span.start, c.result.span.end) for c in fb.claims if isinstance(c, BalanceClaim)}
    for sm in by_period(ctx):
        money = [m for m in sm if m.kind == "money" and m.depth == 0]
        if len(money) != 4 or len({m.unit for m in money}) != 1:
            continue
        roles = [next((r for r, pat in _ROLES if pat.search(m.clause)), None) for m in money]
        if sorted(map(str, roles)) != ["carry", "income", "left", "spent"] or \
                any(m.label.prior for m, r in zip(money, roles, strict=True) if r != "carry") or \
                any("总计" in m.clause for m in money):
            # (in any order: '本年收入…，本年支出…，年初结转和结余…，年末结转和结余…'; a 收入总计 holds the carry-over)
            continue
        by_role = dict(zip(roles, money, strict=True))
        a, b, c, d = (fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=m.unit, key=f"misc:{m.label.words}",
                                                label=m.label.words or r))
                      for r, m in ((r, by_role[r]) for r in ("carry", "income", "spent", "left")))
        if ctx.kinds[:1] == [DocumentKind.DEPT_SELF_EVAL] and c.key.startswith("misc:") and \
                not fb.with_key("total.actual") and not _FUND_SCOPE.search(ctx.text[max(0, money[0].start - 30) : money[-1].end]):
            # '上年结转资金126.35万元，本年收入2840.15万元，本年支出2712.46万元，年末结转结余…' in a 部门整体 report, no fund
            # or project named: the department's spending, which its 预算执行率 divides
            fb.rekey(c, "total.actual")
        if (d.span.start, d.span.end) in have:
            continue
        fb.claims.append(BalanceClaim(result=d, plus=[a, b], minus=[c], label="年末结转结余=上年结转+本年收入−本年支出",
                                      span=ctx.span(money[0].start, money[-1].end)))


_SENTENCE_BUDGET = fastre.compile(r"(?:全年|调整后|年度)?的?预算(?:数|资金|总额)?(?:为|是)?\s*$")
_SENTENCE_SPENT = fastre.compile(r"(?:实际)?(?:支出|执行数?|使用)(?:资金)?(?:为|是)?\s*$")
_SENTENCE_LEFT = fastre.compile(r"(?:^|[，,\s])(?:资金)?(?:结余|节余|剩余)(?:资金)?(?:为|是)?\s*$")


def _budget_sentence(ctx: Ctx, fb: FactsBuilder) -> None:
    """'全年预算380.80万元，实际支出371.05万元，结余9.57万元': one sentence naming a budget, the spending and what is
    left of it, nothing else, is budget − spending = 结余.  Not where it speaks of a carry-over (结转: then what is
    left holds it) or of another year."""
    from agent.extract.rules.mentions import by_period

    have = {(c.result.span.start, c.result.span.end) for c in fb.claims if isinstance(c, BalanceClaim)}
    for sent, sm in zip(ctx.periods(), by_period(ctx), strict=True):
        money = [m for m in sm if m.kind == "money" and m.depth == 0]
        if len(money) != 3 or len({m.unit for m in money}) != 1 or "结转" in sent.text or \
                any(m.label.prior for m in money):
            continue
        b, a, left = money
        if not (_SENTENCE_BUDGET.search(b.clause) and _SENTENCE_SPENT.search(a.clause) and
                _SENTENCE_LEFT.search(left.clause)) or "年初" in b.clause:
            continue
        budget, spent, rest = (fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=m.unit,
                                                         key=f"misc:{m.label.words}", label=m.label.words or r))
                               for m, r in ((b, "预算"), (a, "支出"), (left, "结余")))
        if (rest.span.start, rest.span.end) in have:
            continue
        fb.claims.append(BalanceClaim(result=rest, plus=[budget], minus=[spent], label="结余=预算−支出",
                                      span=ctx.span(b.start, left.end)))


_FUND_WORDS = fastre.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营")


def _carry_paragraph(ctx: Ctx, fb: FactsBuilder) -> None:
    """'2024年度财政拨款收入4,002.64万元，其中…。年初财政拨款结转和结余241.20万元，本年财政拨款支出4,025.15万元，年末
    财政拨款结转和结余228.69万元': a paragraph naming, once each and each of the same fund, what was carried in,
    received, spent and carried out is that fund's 结转结余 balance, over however many sentences (the parts of a 其中
    list name no role).  Each role must appear exactly once: a second 收入 or 支出 is another total's."""
    from agent.extract.rules.mentions import mentions

    have = {(c.result.span.start, c.result.span.end) for c in fb.claims if isinstance(c, BalanceClaim)}
    by_line: dict[int, list] = {}
    for m in mentions(ctx):
        if m.kind == "money" and m.depth == 0:
            by_line.setdefault(ctx.text.rfind("\n", 0, m.start), []).append(m)
    for money in by_line.values():
        if len(money) < 4 or len({m.unit for m in money}) != 1 or any(m.label.prior for m in money):
            continue
        roles: dict[str, list] = {}
        for m in money:
            role = next((r for r, pat in _ROLES if pat.search(m.clause)), None)
            if role is not None and not _LIST_PART.search(m.clause):
                roles.setdefault(role, []).append(m)
        if sorted(roles) != ["carry", "income", "left", "spent"] or any(len(v) != 1 for v in roles.values()):
            continue
        funds = {frozenset(_FUND_WORDS.findall(v[0].clause)) for v in roles.values()}
        if len(funds) != 1 or not next(iter(funds)) or any("总计" in v[0].clause for v in roles.values()):
            # '本年收入…，其中财政拨款…；财政拨款支出…': roles of different funds; the department's own balance
            # (and its 收入总计, which holds the carry-over) is read by the other readers
            continue
        a, b, c, d = (fb.add_figure(ctx.figure(m.start, m.end, value=m.num, unit=m.unit, key=f"misc:{m.label.words}",
                                                label=m.label.words or r))
                      for r, m in ((r, roles[r][0]) for r in ("carry", "income", "spent", "left")))
        if (d.span.start, d.span.end) in have:
            continue
        fb.claims.append(BalanceClaim(result=d, plus=[a, b], minus=[c], label="年末结转结余=年初结转结余+本年收入−本年支出",
                                      span=ctx.span(min(m.start for m in money), max(m.end for m in money))))
