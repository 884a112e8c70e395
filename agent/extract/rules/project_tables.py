"""Project execution tables: one row per project with its budget, its spending and (often) a rate.

    项目名称 | 全年预算数（元） | 实际执行数（元） | 执行率
    食品安全抽检监测经费 | 1,850,000.00 | 1,240,600.00 | 67.06%

Each row becomes a BudgetLine (OVER_BUDGET / LOW_EXECUTION) and, with a rate, a RatioClaim; a 合计
row must add up.  Self-evaluation tables (分值/得分), 科目 tables and the 三公 table have their own
parsers and are left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import sum_mismatch
from agent.extract.national import table_unit
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.cells import cell_figure, cell_text, without_index
from agent.extract.rules.labels import project_name, subject_of
from agent.schemas import BalanceClaim, BudgetLine, Document, Figure, RatioClaim, SumClaim, Table

_BUDGET = fastre.compile(r"预算")
_FULL = fastre.compile(r"全年预算|调整后|年度预算|预算总额")
_PLAIN = fastre.compile(r"^(预算|预算数|预算金额)")
_INITIAL = fastre.compile(r"年初")
_ADJUSTMENT = fastre.compile(r"调整数|调整金额|调增|调减|追加")
_ACTUAL = fastre.compile(r"执行数|实际支出|支出数|决算数|实际执行")
_RATE = fastre.compile(r"执行率|完成率")
_SKIP = fastre.compile(r"分值|权重|得分|科目|三公")


def extract_project_tables(doc: Document, fb: FactsBuilder) -> None:
    for t in map(without_index, doc.tables):
        if not t.rows or _SKIP.search(t.title or ""):
            continue
        header = [cell_text(c) for c in t.rows[0]]
        if any(_SKIP.search(h) for h in header):
            continue
        if not re.search(r"项目|支出类型|支出类别|支出性质", header[0] if header else ""):
            _list_total(doc, t, header, fb)
            continue
        b, basis = _budget_column(header)
        a = next((i for i, h in enumerate(header) if _ACTUAL.search(h)), None)
        r = next((i for i, h in enumerate(header) if _RATE.search(h)), None)
        if b is None or a is None or a == b:
            continue
        _rows(doc, t, header, (b, basis), a, r, fb)
        _adjusted_rows(doc, t, header, fb)


def _budget_column(header: list[str]) -> tuple[int | None, str]:
    """The budget an execution rate is measured against: 全年/调整后预算 before a plain 预算 column, and
    年初预算 only when no other is given ('年初预算 | 调整数 | 全年预算 | 执行数': the 全年 column)."""
    budgets = [(i, h) for i, h in enumerate(header) if _BUDGET.search(h) and not _ADJUSTMENT.search(h)]
    for pattern, basis in ((_FULL, "full"), (_PLAIN, "full"), (_INITIAL, "initial")):
        hit = next((i for i, h in budgets if pattern.search(h)), None)
        if hit is not None:
            return hit, basis
    return None, "unknown"


def _adjusted_rows(doc: Document, t: Table, header: list[str], fb: FactsBuilder) -> None:
    """'年初预算 | 调整数 | 全年预算' columns: 全年预算 = 年初预算 + 调整数 in every row."""
    cols = {}
    for name, pattern in (("initial", _INITIAL), ("adjust", _ADJUSTMENT), ("full", _FULL)):
        cols[name] = next((i for i, h in enumerate(header) if pattern.search(h)), None)
    if None in cols.values():
        return
    for row in t.rows[1:]:
        if len(row) != len(header):
            continue
        name = cell_text(row[0])
        figs = {k: cell_figure(doc, row[i], key=f"misc:{name}:{k}", label=f"{name}{header[i]}",
                               default_unit=_unit(doc, t, header, i)) for k, i in cols.items()}
        if any(f is None for f in figs.values()) or len({f.unit for f in figs.values()}) != 1:
            continue
        got = {k: fb.add_figure(f) for k, f in figs.items()}
        fb.claims.append(BalanceClaim(result=got["full"], plus=[got["initial"], got["adjust"]],
                                      label=f"{name}全年预算=年初预算+调整数", span=doc.span(row[0].start, row[-1].end)))


_AMOUNT_HEADER = fastre.compile(r"金额|合计|数额|资金|预算|支出|决算|执行数|收入|[(（]万?元[)）]")
_NOT_AMOUNT = fastre.compile(r"率|%|占比|比例|比重|来源|名称|序号|编[码号]|代码|行次|栏次|说明|备注|单位$")
_TOTAL_ROW = fastre.compile(r"合计|总计")
_SUB_ROW = fastre.compile(r"^(其中|含|减|加)|小计|^[(（]?[一二三四五六七八九十\d]+[)）、.]")


def _list_total(doc: Document, t: Table, header: list[str], fb: FactsBuilder) -> None:
    """A list table with amount columns and a 合计 row first or last (资金来源情况表, 分科目执行表 …): each
    amount column's rows must add up to its 合计.  Only a flat list is summed: a 其中/小计/numbered row
    means the rows overlap, a blank cell may or may not be zero, and parts dwarfing the total (or less
    than half of it) mean a hierarchy or a selection — nothing is claimed then."""
    rows = [r for r in t.rows[1:] if r]
    names = [cell_text(r[0]) for r in rows]
    at = [i for i, n in enumerate(names) if _TOTAL_ROW.fullmatch(n)]
    if len(rows) < 3 or len(at) != 1 or at[0] not in (0, len(rows) - 1) or any(_SUB_ROW.search(n) for n in names):
        return
    total_row = rows[at[0]]
    body = rows[1:] if at[0] == 0 else rows[:-1]
    if any(re.search(r"合计|总计|小计", n) for n in names if not _TOTAL_ROW.fullmatch(n)):
        return  # '本年收入合计' above '总计': the rows overlap (a 收支总表), not a flat list
    for col, h in enumerate(header):
        if col == 0 or not _AMOUNT_HEADER.search(h) or _NOT_AMOUNT.search(h) or len(total_row) <= col:
            continue
        unit = _unit(doc, t, header, col)
        cells = [(cell_text(r[0]), cell_figure(doc, r[col], key=f"misc:{t.title}:{cell_text(r[0])}:{h}",
                                               label=f"{cell_text(r[0])}{h}", default_unit=unit))
                 for r in body if len(r) > col]
        total = cell_figure(doc, total_row[col], key=f"misc:{t.title}:合计:{h}", label=f"合计{h}", default_unit=unit)
        if total is None or total.unit == "%" or len(cells) < 2 or any(f is None for _, f in cells):
            continue
        parts = [f for _, f in cells if f is not None]
        added = sum((f.value for f in parts), Decimal(0))
        if len({f.unit for f in parts} | {total.unit}) != 1 or added * 2 < total.value or added > total.value * 2:
            continue
        fb.claims.append(SumClaim(total=fb.add_figure(total), parts=[fb.add_figure(f) for f in parts],
                                  label=f"{t.title or '表'}{h}合计", span=doc.span(total_row[0].start, total_row[-1].end)))


def _other_columns(doc: Document, t: Table, header: list[str], total_row: list, others: dict[int, list[Figure | None]],
                   fb: FactsBuilder, span) -> None:  # noqa: ANN001 - a Span
    """The 合计 row of each other amount column against that column's rows (every row stated)."""
    for i, cells in others.items():
        total = cell_figure(doc, total_row[i], key=f"misc:{t.title}:合计:{header[i]}", label=f"合计{header[i]}",
                            default_unit=_unit(doc, t, header, i))
        parts = [f for f in cells if f is not None]
        if total is None or len(parts) < 2 or len(parts) != len(cells) or len({f.unit for f in parts} | {total.unit}) != 1:
            continue
        fb.claims.append(SumClaim(total=fb.add_figure(total), parts=[fb.add_figure(f) for f in parts],
                                  label=f"{t.title or '表'}{header[i]}合计", span=span))


def _unit(doc: Document, t: Table, header: list[str], i: int) -> str:
    m = re.search(r"[(（](万元|元)[)）]", header[i])
    return m.group(1) if m else table_unit(doc, t)


def _row_key(name: str) -> str:
    """基本支出 / 项目支出 / 合计 rows are the department's lines, not projects."""
    if re.fullmatch(r"合计|总计", name):
        return "total"
    subj = subject_of(name)
    if subj in ("basic", "project", "personnel", "public") and len(name) <= 6:
        return subj
    return f"project:{project_name(name)}"


_COMPOSITE_ROW = fastre.compile(r"^(项目支出|基本支出)(合计|小计)?$")


def _itemised_rows(doc: Document, t: Table, header: list[str], b: int, a: int) -> set[int]:
    """The first row of an unmarked item list: '项目支出 | 285.10 | 255.33' followed by the projects, with no '其中'
    row — indented under it, or, unindented, with budgets and spending both adding up to the row above (exactly):
    those rows are its parts, not more rows of the table (the 合计 is 基本 + 项目)."""
    out: set[int] = set()
    rows = t.rows
    for i in range(1, len(rows)):
        if len(rows[i]) != len(header) or not _COMPOSITE_ROW.match(cell_text(rows[i][0])):
            continue
        if i + 1 < len(rows) and rows[i + 1] and rows[i + 1][0].text[:1].isspace() and \
                not rows[i][0].text[:1].isspace():
            out.add(i + 1)  # '项目支出小计' then '  困难群众救助补助', '  社区养老服务站建设' …: indented under it
            continue
        cells = [(cell_figure(doc, row[b], key="misc:x", label="x"), cell_figure(doc, row[a], key="misc:x", label="x"))
                 for row in rows[i:] if len(row) == len(header)]
        if not cells or None in cells[0]:
            continue
        (pb, pa), sb, sa = cells[0], [], []
        for j, (cb, ca) in enumerate(cells[1:], start=1):
            name = cell_text(rows[i + j][0])
            if cb is None or ca is None or re.fullmatch(r"合计|总计|小计", name) or _COMPOSITE_ROW.match(name) \
                    or name.startswith("其中"):
                break
            sb.append(cb.value)
            sa.append(ca.value)
            if len(sb) >= 2 and not sum_mismatch(pb.value, sb) and not sum_mismatch(pa.value, sa):
                out.add(i + 1)
                break
    return out


def _parts_of_row_above(above: tuple[Figure, Figure] | None, run: list[tuple[Figure, Figure]], fb: FactsBuilder,
                        span) -> None:  # noqa: ANN001 - a Span
    """The rows listed under a row ('项目支出小计' and the projects indented under it, '其中：' rows) add up to it.
    A 其中 may list only some parts, so the list is taken as complete only when one of the two columns adds up
    exactly; the other column is then checked against it."""
    if above is None or len(run) < 2 or any(f.unit != above[0].unit for pair in run for f in pair):
        return
    budgets, actuals = [b for b, _ in run], [a for _, a in run]
    if sum_mismatch(above[0].value, [f.value for f in budgets]) and sum_mismatch(above[1].value, [f.value for f in actuals]):
        return
    for total, parts, what in ((above[0], budgets, "预算数"), (above[1], actuals, "执行数")):
        fb.claims.append(SumClaim(total=total, parts=parts, label=f"{total.label.removesuffix(what)}{what}", span=span))


def key_project_list_totals(fb: FactsBuilder) -> None:
    """'各项目全年预算及执行情况见下表' whose 合计 spending is the 项目支出 the report states (548.37 both): the table
    lists every project, so its 合计 budget is the 项目支出's budget too ('项目支出执行率为92.10%' divides by it).
    Only when the 项目支出 is stated once, with the 合计's value."""
    stated = {f.value for f in fb.with_key("project.actual")}
    for budget, actual, rate, measure in fb.project_list_totals:
        if stated != {actual.value} or not budget.key.startswith("misc:") or fb.with_key(f"project.{measure}"):
            continue
        fb.rekey(budget, f"project.{measure}")
        if actual.key.startswith("misc:"):
            fb.rekey(actual, "project.actual")
        if rate is not None and rate.key.startswith("misc:"):
            fb.rekey(rate, "project.rate")


def _rows(doc: Document, t: Table, header: list[str], budget_col: tuple[int, str], a: int, r: int | None,
          fb: FactsBuilder) -> None:
    b, basis = budget_col
    measure = "full_budget" if basis == "full" else "initial_budget"
    budgets: list[Figure] = []
    actuals: list[Figure] = []
    # the table's other amount columns ('年初预算' beside the 全年预算 read as the budget): each adds up too
    others: dict[int, list[Figure | None]] = {i: [] for i, h in enumerate(header)
                                              if i not in (0, a, b, r) and _AMOUNT_HEADER.search(h)
                                              and not _NOT_AMOUNT.search(h)}
    in_of_which = False  # under a '其中：' row: the rows listing the parts of the row above
    parent: Decimal | None = None  # the budget of the last row listed in its own right
    listed = Decimal(0)  # what the '其中' rows so far add up to
    itemised = _itemised_rows(doc, t, header, b, a)
    above: tuple[Figure, Figure] | None = None  # the budget and spending of the last row listed in its own right
    run: list[tuple[Figure, Figure]] = []  # the rows listing its parts
    for n, row in enumerate(t.rows[1:], start=1):
        if len(row) != len(header):
            continue
        name = cell_text(row[0])
        opens = name.startswith("其中") or n in itemised
        name = re.sub(r"^其中[:：]?", "", name) or name
        budget = cell_figure(doc, row[b], key="misc:项目预算", label=f"{name}预算数", default_unit=_unit(doc, t, header, b))
        actual = cell_figure(doc, row[a], key="misc:项目执行数", label=f"{name}执行数",
                             default_unit=_unit(doc, t, header, a))
        if budget is None or actual is None:
            continue
        # indented rows go on listing the parts; so does an unindented one while the parts listed stay short of
        # the row above ('项目支出 2,520,000 / 其中：A 800,000 / B 960,000 / C 760,000' — B and C are parts too)
        complete = parent is not None and not sum_mismatch(parent, [listed])
        fits = parent is not None and (listed + budget.value < parent or not sum_mismatch(parent, [listed + budget.value]))
        goes_on = in_of_which and (row[0].text[:1].isspace() or (fits and not complete))
        in_of_which = opens or goes_on
        if opens or not in_of_which:
            _parts_of_row_above(above, run, fb, span=doc.span(row[0].start, row[-1].end))
            run = []
        listed = budget.value if opens else listed + budget.value if in_of_which else Decimal(0)
        if not in_of_which and not re.fullmatch(r"合计|总计|小计", name):
            parent = budget.value
        rate = cell_figure(doc, row[r], key="misc:项目执行率", label=f"{name}执行率", default_unit="%") \
            if r is not None else None
        span = doc.span(row[0].start, row[-1].end)
        key = _row_key(name)
        if re.fullmatch(r"合计|总计|小计", name):
            dept = key == "total" and bool(budgets) and not any(f.key.startswith("project:") for f in budgets)
            total_b = fb.add_figure(budget.model_copy(update={"key": f"total.{measure}"}) if dept else budget)
            total_a = fb.add_figure(actual.model_copy(update={"key": "total.actual"}) if dept else actual)
            for total, parts, what in ((total_b, budgets, "预算数"), (total_a, actuals, "执行数")):
                if len(parts) >= 2:
                    fb.claims.append(SumClaim(total=total, parts=parts, label=f"项目{what}合计", span=span))
            _other_columns(doc, t, header, row, others, fb, span)
            if not dept and len(budgets) >= 2 and all(f.key.startswith("project:") for f in budgets):
                fb.project_list_totals.append((total_b, total_a, rate, measure))
            if rate is not None and dept:
                rate = fb.add_figure(rate.model_copy(update={"key": f"{key}.rate"}))
                fb.claims.append(RatioClaim(stated=rate, numerator=total_a, denominator=total_b, label=f"{name}执行率",
                                            span=span))
            continue
        budget = fb.add_figure(budget.model_copy(update={"key": f"{key}.{measure}"}))
        actual = fb.add_figure(actual.model_copy(update={"key": f"{key}.actual"}))
        if in_of_which:
            run.append((budget, actual))
        else:
            above = (budget, actual)
        if not in_of_which:  # '其中：人员经费 / 公用经费' are parts of 基本支出, never summed again into the 合计
            budgets.append(budget)
            actuals.append(actual)
            for i, cells in others.items():
                cells.append(cell_figure(doc, row[i], key=f"misc:{t.title}:{name}:{header[i]}",
                                         label=f"{name}{header[i]}", default_unit=_unit(doc, t, header, i)))
        if rate is not None:
            rate = fb.add_figure(rate.model_copy(update={"key": f"{key}.rate"}))
            fb.claims.append(RatioClaim(stated=rate, numerator=actual, denominator=budget, label=f"{name}执行率",
                                        span=span))
        full, initial = (budget, None) if basis == "full" else (None, budget)
        fb.budget_lines.append(BudgetLine(subject=name, key=key, full_budget=full, initial_budget=initial,
                                          actual=actual, stated_rate=rate, rate_basis=basis, span=span))
    if run:  # the table closes on the list
        _parts_of_row_above(above, run, fb, span=doc.span(t.start, t.end))
