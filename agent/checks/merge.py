"""The merge policy — one for facts and findings alike — and the finding half of it.

1. The rule extractor is the reference; an LLM only adds.  Facts (``agent.extract.merge``): where
   both read the same quantity or the same printed number, the rules' figure wins (agreement keeps
   the rule figure; a disagreement drops the LLM figure and every LLM claim built on it, and is
   logged); figures, claims and budget-line fields only the LLM found are added and then checked
   like any other.
2. Never fewer findings than offline: the pipeline checks the rule facts too (extracted once) and
   keeps every finding of theirs that the merged facts did not reproduce — same finding id, or same
   rule on the same first quote (``with_reference``).
3. One underlying problem is one finding: findings whose evidence shares a number merge into the
   first (arithmetic rules; the others are named as related rules), and an absorbed rule firing on
   the same figures as its keeper (OVER_BUDGET under RATIO_MISMATCH, FIGURE_INCONSISTENT under
   SUM_MISMATCH) joins it: a wrong execution rate on an over-spent project is reported once
   (RATIO_MISMATCH, error) with OVER_BUDGET as a related rule and all the evidence — unless the wrong
   rate is what hides the overspend (stated ≤ 100 %, true > 100 %): then OVER_BUDGET carries it,
   kept an error.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from agent import fastre
from agent.checks.messages import pair
from agent.schemas import Finding

# (kept rule, absorbed rule): when both fire on the same figures, the first carries the finding.
_ABSORB = [("RATIO_MISMATCH", "OVER_BUDGET"), ("SUM_MISMATCH", "FIGURE_INCONSISTENT")]


def _overlap(a: Finding, b: Finding) -> bool:
    sa = {(e.start, e.end) for e in a.evidence}
    sb = {(e.start, e.end) for e in b.evidence}
    return len(sa & sb) >= 2


_ARITHMETIC = {"SUM_MISMATCH", "BALANCE_MISMATCH", "FIGURE_INCONSISTENT", "CHANGE_MISMATCH", "TEXT_CONTRADICTION"}
_NUMBER = fastre.compile(r"^[\d,.]+$")


def _same_wrong_figure(findings: list[Finding]) -> list[Finding]:
    """One wrong table cell breaks every identity it takes part in (its row's 合计, its 款's Σ项, the
    说明 that restates it): those findings share that figure and become one, which names them all."""
    out: list[Finding] = []
    by_span: dict[tuple[int, int], Finding] = {}
    for f in findings:
        if f.rule not in _ARITHMETIC:
            out.append(f)
            continue
        numbers = [(e.start, e.end) for e in f.evidence if _NUMBER.match(e.quote.strip())]
        host = next((by_span[k] for k in numbers if k in by_span), None)
        if host is not None and (_separate_faults(f, host) or _no_one_fix(f, host)):
            host = None
        if host is None:
            out.append(f)
            for k in numbers:
                by_span[k] = f
            continue
        if _restatement_explains(f, host) or _carry_explains(f, host):  # the diagnosis hosts, the sum follows
            out[out.index(host)] = f
            for k, v in list(by_span.items()):
                if v is host:
                    by_span[k] = f
            host, f = f, host
        absorb(host, f, same_figure=True)
        for k in numbers:
            by_span.setdefault(k, host)
    return out


def _separate_faults(a: Finding, b: Finding) -> bool:
    """A FIGURE_INCONSISTENT and a failing table sum that share a cell are two faults when the restatement's
    other value would not make the sum hold either: '基本支出751.84' in the 说明 against the 05表's 715.84,
    whose 基本支出 column adds up to 725.84 — neither value is the one the column makes."""
    if "fully_spent" in (a.values.details.get("claim"), b.values.details.get("claim")):
        return True  # '资金已全部支付' against spending short of the budget however it is stated
    pair_ = {a.rule, b.rule}
    if "FIGURE_INCONSISTENT" not in pair_ or not pair_ & {"SUM_MISMATCH", "BALANCE_MISMATCH"} or len(pair_) != 2:
        return False
    fig, arith = (a, b) if a.rule == "FIGURE_INCONSISTENT" else (b, a)
    if _restatement_explains(fig, arith):
        return False
    values = [_number(v) for v in (fig.values.stated or "").split(" / ")]
    total, parts = _number(arith.values.stated), _number(arith.values.recomputed)
    if len(values) != 2 or None in values or total is None or parts is None:
        return False
    quoted = {_number(e.quote) for e in arith.evidence}
    shared = [v for v in values if v in quoted]
    if len(shared) != 1:
        return False
    other = next(v for v in values if v != shared[0])
    if not shared[0] or not Decimal("0.5") < other / shared[0] < 2:
        return False  # printed in other units (53,850.00 元 against 5.84 万元): not compared here
    fixed = abs(other - parts) if shared[0] == total else abs(total - (parts - shared[0] + other))
    return fixed > Decimal("0.02")


def _gap(f: Finding) -> Decimal | None:
    """How far a linear identity is off: stated − recomputed of a sum or a balance, the two values of a figure
    stated twice."""
    if f.rule in ("SUM_MISMATCH", "BALANCE_MISMATCH"):
        a, b = _number(f.values.stated), _number(f.values.recomputed)
    elif f.rule == "FIGURE_INCONSISTENT" and len(values := (f.values.stated or "").split(" / ")) == 2 and \
            not re.search(r"[（(]", f.values.stated or ""):  # not '53850.00元（5.38万元）': other units
        a, b = _number(values[0]), _number(values[1])
    else:
        return None
    return abs(a - b) if a is not None and b is not None else None


def _no_one_fix(a: Finding, b: Finding) -> bool:
    """Two failing identities that share a figure are one fault only if one corrected value of that figure mends
    both: each identity adds or subtracts it once, so both must be off by the same amount.  A 年末结转结余 balance 9.00
    off and a 合计 27.00 off share the spending 2,499.91, but no value of it mends both — two faults.  (Gaps a
    power of ten apart are the same figure read in 元 and in 万元.)"""
    if "BALANCE_MISMATCH" not in (a.rule, b.rule) or a.rule == b.rule:
        return False  # (two failing sums of one table stay one finding: a row the reading missed fails them both)
    ga, gb = _gap(a), _gap(b)
    if ga is None or gb is None or not ga or not gb:
        return False
    ratio = ga / gb
    return all(abs(ratio - Decimal(10) ** k) > Decimal("0.001") * Decimal(10) ** k for k in (-4, 0, 4)) and \
        abs(ga - gb) > Decimal("0.011")


def _carry_explains(balance: Finding, total: Finding) -> bool:
    """A 收支总表 whose 总计 fails with its 年末结转和结余 row, and whose carry identity (年末 = 本年收入 + 年初 −
    本年支出) fails on that row too: the wrong 年末结转 is the diagnosis, the 总计 its consequence."""
    return balance.rule == "BALANCE_MISMATCH" and total.rule == "SUM_MISMATCH" and "年末结转" in balance.message


def _restatement_explains(figure: Finding, arithmetic: Finding) -> bool:
    """'本年支出合计1286.10万元' in the 说明 against 1280.16 in the tables, where 1280.16 is also what the parts
    add up to: the restatement is the fault, and the failed sum follows from it (not the other way)."""
    if figure.rule != "FIGURE_INCONSISTENT" or arithmetic.rule not in ("SUM_MISMATCH", "BALANCE_MISMATCH"):
        return False
    values = {_number(v) for v in (figure.values.stated or "").split(" / ")}
    pair_ = {_number(arithmetic.values.stated), _number(arithmetic.values.recomputed)}
    total = next((e.quote for e in arithmetic.evidence if _number(e.quote) == _number(arithmetic.values.stated)), "")
    # a table's own 合计 that its rows do not make is the fault itself, whatever the 说明 restates
    in_text = not _NUMBER.match(total.strip())
    return None not in values and len(values) == 2 and values == pair_ and in_text


def _number(v: str | None) -> Decimal | None:
    if not v:
        return None
    digits = re.sub(r"[^\d.\-]", "", unicodedata.normalize("NFKC", v))
    try:
        return Decimal(digits) if digits else None
    except InvalidOperation:
        return None


def _percent(v: str | None) -> Decimal | None:
    try:
        return Decimal(v.rstrip("%")) if v else None
    except InvalidOperation:
        return None


def _hides_overspend(ratio: Finding) -> bool:
    """A rate stated at or under 100% that recomputes above it: the overspend is the finding, the wrong
    rate is how it was hidden (as with a widened denominator)."""
    stated, true = _percent(ratio.values.stated), _percent(ratio.values.recomputed)
    return stated is not None and true is not None and stated <= 100 < true


def absorb(host: Finding, f: Finding, *, same_figure: bool = False) -> None:
    """``f`` joins ``host``: its evidence, its rule as a related one, its message named after the host's."""
    seen = {(e.start, e.end) for e in host.evidence}
    host.evidence.extend(e for e in f.evidence if (e.start, e.end) not in seen)
    host.evidence.sort(key=lambda e: e.start)
    if f.rule != host.rule and f.rule not in host.related_rules:
        host.related_rules.append(f.rule)
    own, other = (host.message.rstrip("。"), host.message_en.rstrip(".")), (f.message, f.message_en)
    if same_figure:  # one wrong figure breaking several identities
        host.message, host.message_en = pair("*", "same_figure", host=own, other=other)
    else:  # an absorbed rule firing on the same figures as its keeper
        host.message, host.message_en = pair("*", "absorbed", host=own, other=other)


def _consequences(findings: list[Finding]) -> list[Finding]:
    """A sum or rate of the 说明 that fails only because one of its figures is a restatement that disagrees
    with the tables ('项目支出1760.15万元' against 1706.15: '本年支出合计3167.42 ≠ 1461.27 + 1760.15' and a
    wrong 项目支出占比 follow) holds with the figure's other value: one finding, the FIGURE_INCONSISTENT,
    naming the others."""
    out = list(findings)
    for fig in [f for f in findings if f.rule == "FIGURE_INCONSISTENT"]:
        own = list(fig.evidence)  # its two places, before it takes in any other finding's evidence
        spans = {(e.start, e.end) for e in own}
        for f in [f for f in out if f is not fig and f.rule in _FOLLOWS]:
            shared = spans & {(e.start, e.end) for e in f.evidence}
            if shared and (_restatement_explains(fig, f) or _holds_with_other_value(own, f, shared)):
                absorb(fig, f)
                out.remove(f)
    return out


_FOLLOWS = {"SUM_MISMATCH", "BALANCE_MISMATCH", "RATIO_MISMATCH", "CHANGE_MISMATCH"}


def _holds_with_other_value(places: list, f: Finding, shared: set[tuple[int, int]]) -> bool:
    """Put the FIGURE_INCONSISTENT's other value (of its two ``places``) in place of the shared 说明 figure:
    does ``f`` hold then?"""
    from agent.checks.tolerance import ratio_mismatch, sum_mismatch

    if len(places) != 2 or len(shared) != 1:
        return False
    (at,) = shared
    here = next(e for e in places if (e.start, e.end) == at)
    other = next(e for e in places if (e.start, e.end) != at)
    if _NUMBER.match(here.quote.strip()) and f.rule != "RATIO_MISMATCH":
        # a table's own cell: its sums failing is the fault itself — but a row's rate that fits the figure
        # restated elsewhere ('全年执行数371.48 | 执行率93.99%' beside 371.84 in the text) says which one is wrong
        return False
    new = _number(other.quote)
    old = _number(here.quote)
    if new is not None and old and Decimal(5000) < new / old < Decimal(20000):
        new = new / 10000  # a table in 元 against a 说明 in 万元 (16,000,057.36 against 1,573.26万元)
    values = [(new if (e.start, e.end) == at else _number(e.quote), e) for e in f.evidence]
    if new is None or any(v is None for v, _ in values):
        return False
    rates = [v for v, e in values if e.quote.strip().endswith("%")]
    amounts = [v for v, e in values if not e.quote.strip().endswith("%")]
    if f.rule == "RATIO_MISMATCH" and len(rates) == 1 and len(amounts) == 2:  # evidence in text order
        (rate,), (a, b) = rates, amounts
        return a is not None and b is not None and rate is not None and \
            (not ratio_mismatch(rate, a, b) or not ratio_mismatch(rate, b, a))
    if f.rule == "CHANGE_MISMATCH" and len(rates) == 1 and len(amounts) == 2 and values[0][1].start == min(at):
        # evidence: this year's amount (the restated one), the change, its rate: the prior is their difference
        (rate,), (current, change) = rates, amounts
        if rate is None or current is None or change is None or change <= 0:
            return False
        return any(base > 0 and not ratio_mismatch(rate, change, base) for base in (current - change, current + change))
    stated = _number(f.values.stated)
    totals = [i for i, (v, e) in enumerate(values) if _number(e.quote) == stated]
    if f.rule == "SUM_MISMATCH" and len(values) >= 3 and totals:
        total = values[totals[0]][0]
        parts = [v for i, (v, _) in enumerate(values) if i != totals[0] and v is not None]
        return total is not None and not sum_mismatch(total, parts)
    return False


def _same_arithmetic(findings: list[Finding]) -> list[Finding]:
    """A table's list and the 说明 restating it ('三公 合计186000.00 ≠ 0+0+120000+56000' in both) fail alike:
    the same rule on the same numbers is one finding, quoting both places."""
    out: list[Finding] = []
    seen: dict[tuple, Finding] = {}
    for f in findings:
        # noughts aside: the 说明 names '公务用车购置费0万元' that the table's columns leave out
        numbers = tuple(sorted(str(n) for e in f.evidence if (n := _number(e.quote)) is not None and n != 0))
        key = (f.rule, _number(f.values.stated), _number(f.values.recomputed), numbers)
        if f.rule in ("SUM_MISMATCH", "BALANCE_MISMATCH", "RATIO_MISMATCH") and len(numbers) >= 2 and key in seen:
            host = seen[key]
            seen_spans = {(e.start, e.end) for e in host.evidence}
            host.evidence.extend(e for e in f.evidence if (e.start, e.end) not in seen_spans)
            host.evidence.sort(key=lambda e: e.start)
            continue
        seen.setdefault(key, f)
        out.append(f)
    return out


def _wrong_total(total: Finding) -> tuple[Decimal, Decimal, set[tuple[int, int]]] | None:
    """A failed sum's stated total, what its parts make, and where the stated total stands."""
    wrong, right = _number(total.values.stated), _number(total.values.recomputed)
    if wrong is None or right is None:
        return None
    return wrong, right, {(e.start, e.end) for e in total.evidence if _number(e.quote) == wrong}


def _wrong_total_rates(findings: list[Finding]) -> list[Finding]:
    """A 合计 row whose amount its rows do not make and whose rate fits what they do make ('合计 | 2208.00 |
    2171.21 | 97.88%' with 1562.84 + 598.37 = 2161.21, and 2161.21 ÷ 2208.00 = 97.88%): the wrong 合计 is the
    fault, the rate confirms the right value — one finding, the sum's, naming the rate."""
    from agent.checks.tolerance import ratio_mismatch

    out = list(findings)
    for total in [f for f in findings if f.rule == "SUM_MISMATCH"]:
        if (fix := _wrong_total(total)) is None:
            continue
        wrong, right, at = fix
        for ratio in [f for f in out if f.rule == "RATIO_MISMATCH"]:
            places = ratio.evidence
            if not at & {(e.start, e.end) for e in places}:
                continue
            rates = [_number(e.quote) for e in places if e.quote.strip().endswith("%")]
            amounts = [right if (e.start, e.end) in at else _number(e.quote)
                       for e in places if not e.quote.strip().endswith("%")]
            if len(rates) == 1 and len(amounts) == 2 and None not in (*rates, *amounts) and \
                    (not ratio_mismatch(rates[0], amounts[0], amounts[1])
                     or not ratio_mismatch(rates[0], amounts[1], amounts[0])):
                out.remove(ratio)
                absorb(total, ratio)
    return out


def _wrong_part_rates(findings: list[Finding]) -> list[Finding]:
    """A part its total does not take ('本年支出606.02万元，其中：基本支出419.40万元，占67.56%；项目支出196.62万元'
    = 616.02) whose stated share fits the value the total leaves it (606.02 − 196.62 = 409.40 is 67.56%): the part
    is the wrong figure, the share confirms it — one finding, the sum's, naming the rate."""
    from agent.checks.tolerance import ratio_mismatch

    out = list(findings)
    for total in [f for f in findings if f.rule == "SUM_MISMATCH"]:
        said, made = _number(total.values.stated), _number(total.values.recomputed)
        if total not in out or said is None or made is None:
            continue
        for ratio in [f for f in out if f.rule == "RATIO_MISMATCH"]:
            shared = {(e.start, e.end) for e in total.evidence} & {(e.start, e.end) for e in ratio.evidence}
            rates = [_number(e.quote) for e in ratio.evidence if e.quote.strip().endswith("%")]
            amounts = [(e, _number(e.quote)) for e in ratio.evidence if not e.quote.strip().endswith("%")]
            if len(rates) != 1 or len(amounts) != 2 or rates[0] is None or any(v is None for _, v in amounts):
                continue
            for i, (e, value) in enumerate(amounts):
                if (e.start, e.end) not in shared or value == said:
                    continue  # only a part of the sum (its total is _wrong_total_rates' case)
                fixed = [w - made + said if j == i else w for j, (_, w) in enumerate(amounts)]
                if not ratio_mismatch(rates[0], fixed[0], fixed[1]) or not ratio_mismatch(rates[0], fixed[1], fixed[0]):
                    out.remove(ratio)
                    absorb(total, ratio, same_figure=True)
                    break
    return out


def _wrong_total_balances(findings: list[Finding]) -> list[Finding]:
    """A total its parts do not make ('年初预算1286.40万元，其中基本支出842.16万元，项目支出434.24万元' = 1276.40) that is
    also a term of a failing balance ('调整后全年预算1390.22 = 年初预算 + 追加113.82') which the parts' sum would make
    hold: one wrong figure, one finding — the sum's, naming the balance."""
    out = list(findings)
    for total in [f for f in findings if f.rule == "SUM_MISMATCH"]:
        if total not in out or (fix := _wrong_total(total)) is None:
            continue
        wrong, right, at = fix
        for bal in [f for f in out if f.rule == "BALANCE_MISMATCH"]:
            said, made = _number(bal.values.stated), _number(bal.values.recomputed)
            if said is None or made is None or not at & {(e.start, e.end) for e in bal.evidence}:
                continue
            slack = Decimal("0.005") * (len(bal.evidence) + 1)
            if any(abs(made + sign * (right - wrong) - said) <= slack for sign in (1, -1)):
                out.remove(bal)
                absorb(total, bal, same_figure=True)
    return out


def _wrong_total_terms(findings: list[Finding]) -> list[Finding]:
    """A wrong 基本支出 (its table's 人员 + 公用 make 4,539,940.00, it states 4,639,940.00) restated as a term of another
    sum that then fails by the same amount ('一般公共预算支出5,826,340.00元，其中基本支出4,639,940.00元，项目支出
    1,286,400.00元'): one wrong figure, one finding — the first sum's, naming the other."""
    out = list(findings)
    for total in [f for f in findings if f.rule == "SUM_MISMATCH"]:
        if total not in out or (fix := _wrong_total(total)) is None:
            continue
        wrong, right, _ = fix
        for other in [f for f in out if f.rule == "SUM_MISMATCH" and f is not total]:
            said, made = _number(other.values.stated), _number(other.values.recomputed)
            if said is None or made is None or said == wrong or \
                    not any(_number(e.quote) == wrong for e in other.evidence):
                continue
            if abs(made - wrong + right - said) <= Decimal("0.005") * (len(other.evidence) + 1):
                out.remove(other)
                absorb(total, other, same_figure=True)
    return out


def _same_row(findings: list[Finding]) -> list[Finding]:
    """One table row off by the same amount in several columns ('20801 | 11,798,836.45 | 6,214,530.18 | 5,584,306.27'
    where its 项 rows make 100,000.00 less in the 合计 and the 项目支出 column): one wrong row, one finding."""
    out: list[Finding] = []
    first: dict[tuple[str, Decimal], Finding] = {}
    for f in findings:
        row = f.values.details.get("row") if f.rule == "SUM_MISMATCH" else None
        said, made = _number(f.values.stated), _number(f.values.recomputed)
        if row is None or said is None or made is None:
            out.append(f)
            continue
        host = first.setdefault((row, abs(said - made)), f)
        if host is f:
            out.append(f)
        else:
            absorb(host, f, same_figure=True)
    return out


def merge_findings(findings: list[Finding]) -> list[Finding]:
    out = _wrong_total_terms(_wrong_total_balances(_wrong_part_rates(_wrong_total_rates(_consequences(_same_wrong_figure(
        _same_row(_same_arithmetic(list(findings)))))))))
    for keep_rule, absorb_rule in _ABSORB:
        keepers = [f for f in out if f.rule == keep_rule]
        for f in [f for f in out if f.rule == absorb_rule]:
            host = next((k for k in keepers if _overlap(k, f)), None)
            if host is None:
                continue
            if _restatement_explains(f, host):
                host, f = f, host
                keepers.remove(f)
            elif host.rule == "RATIO_MISMATCH" and _hides_overspend(host):
                # OVER_BUDGET carries it, naming the rate that hid it; a wrong stated figure keeps it an error
                host, f = f, host
                keepers.remove(f)
                host.severity = f.severity
            out.remove(f)
            absorb(host, f)
    for over in [f for f in out if f.rule == "OVER_BUDGET"]:
        # an overspend of the whole and of its items is one finding: every rate that hid one of them joins it
        for ratio in [f for f in out if f.rule == "RATIO_MISMATCH" and _overlap(f, over) and _hides_overspend(f)]:
            out.remove(ratio)
            absorb(over, ratio)
            over.severity = ratio.severity
    rank = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (rank[f.severity.value], f.evidence[0].start))
    return out


def with_reference(findings: list[Finding], reference: list[Finding]) -> list[Finding]:
    """Policy 2: ``findings`` (of the merged facts) plus every finding of the rule-only facts that they
    do not already hold, merged by policy 3.  An LLM adds recall, never removes it."""
    have = {(f.rule, f.evidence[0].start) for f in findings} | {f.id for f in findings}
    extra = [f for f in reference if f.id not in have and (f.rule, f.evidence[0].start) not in have]
    return merge_findings(findings + extra) if extra else findings
