"""The identities of the national 决算/预算 tables, as claims over typed cells.

Each table kind has its own identities (../shared/review-rules.md, 部门决算 section):

* every 科目 table — per row, a 合计 column equals the sum of its sibling columns; per column,
  类 = Σ 款 = Σ 项 (direct children only, so nothing is counted twice) and 合计 row = Σ 类;
* 收支总表 — each side's numbered rows add up to 本年收入/支出合计, 总计 = 合计 + 结转 items,
  and 收入总计 = 支出总计;
* 基本支出表 — 人员经费合计 = Σ 301/303 classes, 公用经费合计 = Σ the other classes;
* 三公 — 合计 = 出国 + 公务用车 + 接待 and 公务用车 = 购置 + 运行, for 预算数 and 决算数;
* 政府性基金/国有资本经营 — 年末结转 = 年初结转 + 本年收入 − 本年支出.

Blank amount cells are zero (the national templates leave empty what is nil).  A relation whose
parts dwarf its total is a parse failure, not a finding: it goes to the coverage as not verified.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.extract.national.budget_items import budget_item_key
from agent.extract.national.catalog import CODES, TableKind, table_kind, table_name
from agent.extract.national.empty_notes import empty_table_note
from agent.extract.national.layout import (
    Column,
    ColumnType,
    Group,
    Layout,
    Row,
    cell_like_number,
    is_data_row,
    layout,
)
from agent.extract.national.restatements import account_key, class_key
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.cells import cell_figure
from agent.extract.rules.labels import is_prior_year
from agent.extract.rules.meta import fiscal_year
from agent.schemas import (
    BalanceClaim,
    CoverageItem,
    CoverageStatus,
    Document,
    Figure,
    Statement,
    StatementKind,
    SumClaim,
    Table,
    TableCell,
)

_UNIT = fastre.compile(r"单位[:：]\s*(万元|元)")
_NUMBERED = fastre.compile(r"^[一二三四五六七八九十]+、")


def table_unit(doc: Document, t: Table) -> str:
    """The table's money unit from its own '单位：元 / 万元' line (or the one declared for all 附表)."""
    found = _UNIT.findall(doc.text[max(0, t.start - 400): t.start])
    if not found:
        found = _UNIT.findall(doc.text[: t.start])
    return found[-1] if found else "万元"


class _Reader:
    """Figures of one table, grounded on their cells, with keys that say what they measure."""

    def __init__(self, doc: Document, fb: FactsBuilder, table: Table, name: str) -> None:
        self.doc, self.fb, self.table, self.name = doc, fb, table, name
        self.unit = table_unit(doc, table)
        self.rounding = "尾数误差" in doc.text
        self.garbled = False
        self._cells: dict[tuple[int, int], Figure | None] = {}

    def figure(self, row: Row, col: Column, key: str | None = None) -> Figure | None:
        cell = row.cells.get(col.index)
        if cell is None:
            return None
        if row.garbled:
            self.garbled = True  # the claim being built includes a row that could not be read
            return None
        at = (cell.start, cell.end)
        if at in self._cells:  # each cell is read once; a later reader may only add a specific key
            f = self._cells[at]
            if f is not None and key and f.key.startswith("misc:"):
                self.fb.rekey(f, key)
            return f
        label = f"{self.name}{' ' + row.code if row.code else ''} {row.name} {col.name}".strip()
        f = cell_figure(self.doc, cell, key=key or f"misc:{self.name}:{row.code or row.name}:{col.index}",
                        label=label, default_unit=self.unit)
        self._cells[at] = self.fb.add_figure(f) if f is not None else None
        return self._cells[at]

    def claim_sum(self, total: Figure | None, parts: list[Figure | None], label: str) -> None:
        """total = Σ parts, blank parts being zero; abstains when nothing can be compared or the
        parts dwarf the total (a misread table, not an error of the report)."""
        got = [p for p in parts if p is not None]
        garbled, self.garbled = self.garbled, False
        if total is None or not got:
            return
        if garbled:
            self.fb.unchecked.append(CoverageItem(
                status=CoverageStatus.UNREAD, kind="table", label=label, span=total.span,
                reason="表中有几行未画分隔线、数字挤在一格，无法逐行读取，未作判断"))
            return
        s = sum((p.value for p in got), Decimal(0))
        guessed = self.table.n_cols is None  # columns aligned by guesswork (a table read from text)
        if guessed and total.value >= 0 and s > 2 * abs(total.value) + 1 and len(got) > 1:
            self.fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label=label, span=total.span,
                reason=f"分项之和{s}远大于合计{total.value}，疑为表格读取错误，未作判断"))
            return
        self.fb.claims.append(SumClaim(total=total, parts=got, label=label, span=total.span,
                                       note_rounding=self.rounding))


def _present(name: str, present: set[str]) -> bool:
    """A national table found under its name, or under a title ending with it ('上海市规划和自然资源局2024年度部门决算表
    收入支出决算总表') — not one ending with a longer national name ('财政拨款收入支出决算总表')."""
    longer = [n for n in CODES.values() if n != name and n.endswith(name)]
    return any(p == name or (p.endswith(name) and not any(p.endswith(x) for x in longer)) for p in present)


def _missing_tables(doc: Document, fb: FactsBuilder, present: set[str]) -> None:
    """A national table the 目录 lists but the document does not contain (a 决算 must publish all
    nine).  Only when most tables were found, so an unread PDF never reads as missing tables."""
    if len(present) < 5:
        return
    toc = doc.text[: max(2000, len(doc.text) // 10)]
    for name in CODES.values():
        listed = re.search(r"[一二三四五六七八九十\d]+[、.．]\s*" + re.escape(name) + r"\s*\n", toc)
        if listed and not _present(name, present):
            fb.statements.append(Statement(kind=StatementKind.MISSING, span=doc.span(listed.start(), listed.end() - 1),
                                           detail=f"table:{name}"))


def extract_national_tables(doc: Document, fb: FactsBuilder) -> None:
    """Claims and keyed figures for every national table in the document."""
    continuations: dict[str, list[Table]] = {}
    heads: dict[str, str] = {}
    for t in doc.tables:
        if t.continued_from:
            head = heads.get(t.continued_from, t.continued_from)
            heads[t.id] = head
            continuations.setdefault(head, []).append(t)
    present: set[str] = set()
    starts = sorted(t.start for t in doc.tables)
    for t in _split_text_tables(doc.tables):
        if t.continued_from:
            continue
        name = table_name(t)
        if name:
            present.add(re.sub(r"^\d{4}年(度)?|（公开\d+表）$", "", name))
        kind = table_kind(name)
        if kind == TableKind.OTHER:
            continue
        extra = []
        for c in continuations.get(t.id, []):
            g = c.grid()
            extra += g[_first_body_row(g):]
        lay = layout(t, extra)
        if not any(g.rows for g in lay.groups):
            continue
        reader = _Reader(doc, fb, t, name)
        _READERS[kind](reader, lay)
        last = (continuations.get(t.id) or [t])[-1]
        following = next((s for s in starts if s >= last.end), None)
        if (note := empty_table_note(doc, t, lay, last, following)) is not None:
            fb.statements.append(note)
    if any(k in doc.text[:3000] for k in ("部门决算", "决算表")):
        _missing_tables(doc, fb, present)


_MARKER = fastre.compile(r"公开\s*0?\d{1,2}\s*表")


def _split_text_tables(tables: list[Table]) -> list[Table]:
    """A table read from text can run on into the next one (a '公开07表' line written as a cell):
    split it where a row names another table's code after figures have begun."""
    out: list[Table] = []
    for t in tables:
        if t.n_cols is not None:
            out.append(t)
            continue
        parts: list[list[list[TableCell]]] = [[]]
        titles: list[str | None] = [t.title]
        seen_data = False
        for row in t.rows:
            texts = [c.text.strip() for c in row if c.text.strip()]
            marker = next((_MARKER.search(x) for x in texts if _MARKER.search(x)), None)
            if marker and len(texts) == 1 and seen_data:
                parts.append([])
                titles.append(marker.group(0))
                seen_data = False
            parts[-1].append(row)
            seen_data = seen_data or is_data_row(list(row))
        if len(parts) == 1:
            out.append(t)
            continue
        for i, (rows, title) in enumerate(zip(parts, titles, strict=True)):
            if rows:
                out.append(t.model_copy(update={"id": f"{t.id}.{i}", "rows": rows, "title": title,
                                                "start": rows[0][0].start - 1, "end": rows[-1][-1].end}))
    return out


def _first_body_row(grid: list[list[TableCell | None]]) -> int:
    return next((i for i, x in enumerate(grid) if is_data_row(x)), len(grid))


# --------------------------------------------------------------------------- 科目 tables


def _total_column(cols: list[Column]) -> Column | None:
    return next((c for c in cols if re.search(r"合计|小计", c.name)), None)


def _row_identities(r: _Reader, g: Group, keys: dict[str, str] | None = None) -> None:
    """Per row: each 合计 column = Σ its sibling amount columns (same parent header)."""
    by_parent: dict[tuple[str, ...], list[Column]] = {}
    year = fiscal_year(r.doc)
    for c in g.amounts:
        if not _other_quantity(c.name, year):  # '2024年预算数' beside '2025年预算数合计': not one of its parts
            by_parent.setdefault(c.parent, []).append(c)
    for cols in by_parent.values():
        total = _total_column(cols)
        if total is None or len(cols) < 3:
            continue  # a 合计 with one sibling is a relabelled copy or a misread header, not a sum
        others = [c for c in cols if c is not total and _same_measure(total.name, c.name)]
        measured = [c for c in others if re.search(r"预算|决算", c.name) and c.index < total.index
                    and not re.search(r"预算|决算", total.name)]
        if measured and len(measured) < len(others):
            # '年初预算 | 合计 | 基本支出 | 项目支出': a column naming a measure beside unmeasured ones is another
            # quantity (the budget the 合计 is compared with), not one of its parts
            others = [c for c in others if c not in measured]
        if len(others) < 2 or any(not c.name for c in others):
            continue  # a column whose header could not be read is not known to be a part
        if not others:
            continue
        for row in g.rows:
            t = r.figure(row, total)
            parts = [r.figure(row, c) for c in others]
            r.claim_sum(t, parts, f"{r.name} {row.code} {row.name}：{total.name} = " + " + ".join(c.name for c in others))


_RATE_COLUMN = fastre.compile(r"率|%|％")


def _other_quantity(header: str, year: int | None) -> bool:
    """A column of another year or a change: '2024年预算数', '上年决算数', '增减额', '增减率'."""
    return is_prior_year(header, year) or bool(re.search(r"增减|变动|同比|增长率|下降率", header)) or \
        bool(_RATE_COLUMN.search(header))


def _same_measure(total: str, other: str) -> bool:
    """'决算数合计' adds up 基本支出 and 项目支出, not '年初预算数' beside it (and the other way round)."""
    def measure(h: str) -> str | None:
        return "actual" if "决算" in h else "budget" if "预算" in h else None

    def flow(h: str) -> str | None:  # '本年支出小计' adds 基本/项目支出, not 年初结转 or 本年收入 beside it
        return "balance" if re.search(r"结转|结余", h) else "income" if "收入" in h else \
            "spending" if "支出" in h else None

    m, o = measure(total), measure(other)
    f, g = flow(total), flow(other)
    return (m is None or o is None or m == o) and (f is None or g is None or f == g)


def _hierarchy(r: _Reader, g: Group) -> None:
    """Per amount column: 类 = Σ its 款, 款 = Σ its 项, 合计 row = Σ 类."""
    coded = [row for row in g.rows if row.code]
    if not coded:
        return
    top = min(len(row.code) for row in coded)
    totals = [row for row in g.rows if row.is_total and not row.code]
    children: list[tuple[Row, list[Row]]] = []  # the same for every column: found once, not once per column
    for row in coded:
        deeper = [x for x in coded if x is not row and x.code.startswith(row.code) and len(x.code) > len(row.code)]
        if deeper:
            step = min(len(x.code) for x in deeper)
            children.append((row, [x for x in deeper if len(x.code) == step]))
    for col in g.amounts:
        if _RATE_COLUMN.search(col.name):
            continue  # '增减率（%）': rates do not add up
        for row, kids in children:
            parent, parts = r.figure(row, col), [r.figure(k, col) for k in kids]
            if _some_rows_only(parent, parts):
                r.fb.unchecked.append(CoverageItem(
                    status=CoverageStatus.NOT_VERIFIED, kind="sum", label=f"{r.name} {row.code} {row.name}（{col.name}）",
                    span=parent.span, reason="所列下级科目之和不足上级科目的三分之二，表中只列出部分下级科目，未作判断"))
                continue
            r.claim_sum(parent, parts, f"{r.name} {row.code} {row.name}（{col.name}）= Σ下级科目")
        if len(totals) == 1:
            tops = [x for x in coded if len(x.code) == top]
            if _split_unstated(r, g, col, tops) or _orphans(coded, top):
                continue
            r.claim_sum(r.figure(totals[0], col), [r.figure(x, col) for x in tops],
                        f"{r.name} 合计（{col.name}）= Σ{'类' if top == 3 else '科目'}")


def _some_rows_only(parent: Figure | None, parts: list[Figure | None]) -> bool:
    """'301 工资福利支出 1,220.64' over '30101 基本工资 386.52 / 30102 津贴补贴 298.17' only: a table that lists some of a
    科目's rows (the main ones) does not say what the rest are; the gap is not an error the table shows."""
    got = [p.value for p in parts if p is not None]
    if parent is None or parent.value <= 0 or not got or min(got) < 0:
        return False
    made = sum(got, Decimal(0))
    return made < parent.value * 2 / 3 and not _slip(parent.value - made)


def _slip(gap: Decimal) -> bool:
    """A gap one mistyped or swapped digit makes (100.00; 18.00 = 9 × 2): a wrong cell, not rows left out."""
    significant = format(abs(gap), "f").replace(".", "").strip("0")
    return len(significant) == 1 or (len(significant) == 2 and int(significant) % 9 == 0)


def _orphans(coded: list[Row], top: int) -> bool:
    """Rows printed without their 类 above them ('224 … / 2240101 … / 2080505 …' with no 208 row): the 合计 is not
    the sum of the 类 rows shown, and which rows stand in for the missing 类 cannot be told for sure."""
    return any(len(x.code) > top and not any(len(y.code) < len(x.code) and x.code.startswith(y.code) for y in coded)
               for x in coded)


def _split_unstated(r: _Reader, g: Group, col: Column, rows: list[Row]) -> bool:
    """A 类 with an amount in the 合计 column and blanks under 基本支出 and 项目支出 does not say how it splits:
    its blank is not a zero, so the column's Σ类 cannot be checked ('207 … 1,651.15 | | ')."""
    total = _total_column(g.amounts)
    if total is None or col is total:
        return False
    for row in rows:
        own = row.cells.get(total.index)
        cells = [row.cells.get(c.index) for c in g.amounts if c is not total and not _RATE_COLUMN.search(c.name)]
        if own is not None and own.text.strip() and cell_like_number(own.text.strip()) and \
                all(c is None or not c.text.strip() for c in cells):
            r.fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label=f"{r.name} 合计（{col.name}）",
                span=r.doc.span(own.start, own.end), reason="有科目只列合计、未分列基本支出与项目支出，空白不能视为零，未作判断"))
            return True
    return False


_SUBJECT_KEYS = {  # (table name pattern, column name pattern) → key of the 合计 row's figure
    ("^(部门)?支出决算表", r"合计"): "total.actual",
    ("^(部门)?支出决算表", r"^基本支出$"): "basic.actual",
    ("^(部门)?支出决算表", r"^项目支出$"): "project.actual",
    ("^(部门)?收入决算表", r"合计"): "total.income",
    ("一般公共预算财政拨款支出决算表", r"^(本年支出)?(合计|小计)$"): "gpb.actual",
    ("一般公共预算财政拨款支出决算表", r"^基本支出$"): "gpb.basic.actual",
    ("一般公共预算财政拨款支出决算表", r"^项目支出$"): "gpb.project.actual",
    # a 部门预算's 支出总表: its 基本/项目支出 are what the 说明 restates ('其中：基本支出1,573.26万元')
    ("部门支出总表|支出预算总表|部门支出预算表", r"^基本支出$"): "basic.budget",
    ("部门支出总表|支出预算总表|部门支出预算表", r"^项目支出$"): "project.budget",
}


def _key_totals(r: _Reader, g: Group) -> None:
    """The 合计 row's figures carry keys shared with the 收支总表 and the 说明 (cross-table checks)."""
    totals = [row for row in g.rows if row.is_total and not row.code]
    if len(totals) != 1:
        return
    for col in g.amounts:
        for (tname, cname), key in _SUBJECT_KEYS.items():
            if re.search(tname, r.name) and re.search(cname, col.name):
                r.figure(totals[0], col, key=key)


def _key_accounts(r: _Reader, g: Group) -> None:
    """The 一般公共预算财政拨款支出决算表's 类 and 项 rows carry the keys of the 说明 paragraphs that
    restate them ('…（类）X万元，占Y%'; '…（类）…（款）…（项）…支出决算为X万元')."""
    if re.search(r"一般公共预算支出功能分类预算表", r.name) and g.amounts:
        total = _total_column(g.amounts) or g.amounts[0]
        names = {row.code: row.name for row in g.rows if row.code}
        for row in g.rows:
            if len(row.code) == 7 and row.code[:3] in names and row.code[:5] in names:
                r.figure(row, total, key=budget_item_key(names[row.code[:3]], names[row.code[:5]], row.name))
        return
    if not re.search(r"一般公共预算财政拨款支出决算表", r.name) or not g.amounts:
        return
    total = _total_column(g.amounts) or g.amounts[0]
    names = {row.code: row.name for row in g.rows if row.code}
    for row in g.rows:
        if len(row.code) == 3:
            r.figure(row, total, key=class_key(row.name))
        elif len(row.code) == 7 and row.code[:3] in names and row.code[:5] in names:
            r.figure(row, total, key=account_key(names[row.code[:3]], names[row.code[:5]], row.name))


def _subject(r: _Reader, lay: Layout) -> None:
    for g in lay.groups:
        _key_accounts(r, g)
        _key_totals(r, g)
        _row_identities(r, g)
        _hierarchy(r, g)


# --------------------------------------------------------------------------- 收支总表


_SIDE_TOTALS = {"本年收入合计": "total.income", "本年支出合计": "total.actual"}


def _row_key(r: _Reader, lay: Layout, g: Group, col: Column, name: str) -> str | None:
    """The key a 收支总表's numbered row shares with the 说明 that restates it: the 一般公共预算财政拨款收入 of the
    income side; each 类 of the spending side of a 决算's 收入支出决算总表 ('按支出功能分类：…住房保障支出181.52万元')."""
    if col is not g.amounts[0]:
        return None
    name = _NUMBERED.sub("", name)
    if g is lay.groups[0]:
        return _ROW_KEYS.get(name)
    if len(lay.groups) > 1 and g is lay.groups[1] and "财政拨款" not in r.name and name.endswith("支出"):
        if "决算" in r.name:
            return f"finalclass:{name}.actual"
        if "预算" in r.name or "收支总表" in r.name:  # a 部门预算's 收支总表, restated '按功能分类，…支出X万元'
            return f"finalclass:{name}.budget"
    return None
# numbered rows the 说明 restates by name ('本年收入合计中，一般公共预算财政拨款收入1,826.43万元')
_ROW_KEYS = {"一般公共预算财政拨款收入": "gpb.income", "一般公共预算财政拨款": "gpb.income",
             "一般公共预算拨款收入": "gpb.income", "一般公共预算拨款": "gpb.income"}


def _summary(r: _Reader, lay: Layout) -> None:
    """Each side (group): numbered rows → 本年X合计; 总计 = 合计 + 结转/结余 rows; both 总计 equal."""
    grand: list[Figure] = []
    sides: list[tuple[Figure | None, list[tuple[str, Figure | None]]]] = []  # (本年合计, rows to 总计) per side
    fiscal = "财政拨款" in r.name
    for g in lay.groups:
        if not g.amounts:
            continue
        _row_identities(r, g)
        for col in g.amounts:
            rows = g.rows
            subtotal_i = next((i for i, x in enumerate(rows) if re.match(r"^本年(收入|支出)合计$", x.name)), None)
            total_i = next((i for i, x in enumerate(rows) if re.match(r"^(收入|支出)?总计$", x.name)), None)
            if subtotal_i is None and total_i is not None:  # a 预算 总表: the numbered rows add up to 总计
                numbered = [x for x in rows[:total_i] if _NUMBERED.match(x.name)]
                if not numbered:  # '一般公共预算拨款 / 政府性基金预算拨款 / 上年结转 / 收入总计': rows written unnumbered
                    numbered = [x for x in rows[:total_i] if x.name and not re.match(r"(其中|含|减)", x.name)
                                and not re.search(r"合计|总计|小计", x.name)]
                else:
                    # '一、一般公共预算财政拨款 2,156.38 / 年初财政拨款结转和结余 45.26 / 收入总计 2,201.64': without a
                    # 本年合计 row the carry-over row is the 总计's other part
                    numbered += [x for x in rows[:total_i] if re.search(r"(年初|上年|年末).{0,8}(结转|结余)", x.name)
                                 and not _NUMBERED.match(x.name)][:1]
                tot = r.figure(rows[total_i], col, key=None)
                r.claim_sum(tot, [r.figure(x, col, key=_row_key(r, lay, g, col, x.name)) for x in numbered],
                            f"{r.name} {rows[total_i].name}（{col.name}）")
                if tot is not None and col is g.amounts[0]:
                    grand.append(tot)
                continue
            key_for = None
            if subtotal_i is not None and not fiscal and col is g.amounts[0]:
                key_for = _SIDE_TOTALS.get(rows[subtotal_i].name)
            if subtotal_i is not None:
                sub = r.figure(rows[subtotal_i], col, key=key_for)
                numbered = [x for x in rows[:subtotal_i] if _NUMBERED.match(x.name)]
                r.claim_sum(sub, [r.figure(x, col, key=_row_key(r, lay, g, col, x.name)) for x in numbered],
                            f"{r.name} {rows[subtotal_i].name}（{col.name}）")
                if total_i is not None and total_i > subtotal_i:
                    between = _carry_rows(rows[subtotal_i + 1: total_i])
                    if fiscal:  # 年初/年末财政拨款结转和结余 is itself the sum of the numbered rows under it
                        between = between[:1]
                    grand_key = None
                    if col is g.amounts[0] and g is lay.groups[0]:
                        grand_key = "fiscal.grand_total" if fiscal else "final.grand_total"
                    tot = r.figure(rows[total_i], col, key=grand_key)
                    rest = [(x.name, r.figure(x, col, key=_carry_key(r, fiscal, col is g.amounts[0], x.name)))
                            for x in between]
                    r.claim_sum(tot, [sub] + [f for _, f in rest], f"{r.name} 总计（{col.name}）")
                    if tot is not None and col is g.amounts[0]:
                        grand.append(tot)
                        sides.append((sub, rest))
    if len(grand) == 2 and not _carry_identity(r, sides, grand):
        income, spending = grand
        r.fb.claims.append(BalanceClaim(result=spending, plus=[income], label=f"{r.name} 收入总计 = 支出总计",
                                        span=spending.span))


_CARRY_KEYS = {"年初结转和结余": "carryover.actual"}


def _carry_key(r: _Reader, fiscal: bool, first_column: bool, name: str) -> str | None:
    """A 决算's 收入支出决算总表 年初/年末结转和结余 rows: the department's, as the 说明 restates them ('年初结转和结余
    8.90万元…年末结转和结余4.71万元') — never a 财政拨款 table's, which is one fund's."""
    if fiscal or not first_column or "决算" not in r.name:
        return None
    return _CARRY_KEYS.get(_NUMBERED.sub("", name))


def _carry_rows(rows: list[Row]) -> list[Row]:
    """The rows between 本年合计 and 总计 that add to it: carry-overs, their uses and 结余分配 — not a '其中：基本
    支出 / 项目支出' or 功能分类 breakdown of the 本年合计 written under it (a 财政拨款收支总表's 支出 side)."""
    return [x for x in rows if not _NUMBERED.match(x.name) and not x.name.startswith("其中")
            and re.search(r"结转|结余|分配|使用|弥补|事业基金", x.name)]


def _carry_identity(r: _Reader, sides: list[tuple[Figure | None, list[tuple[str, Figure | None]]]],
                    grand: list[Figure]) -> bool:
    """年末结转和结余 = 本年收入合计 + 年初结转和结余 (+ 使用结余) − 本年支出合计 (− 结余分配): with each side's
    总计 checked as a sum, this is the same fact as 收入总计 = 支出总计 but names the figure that breaks it (a
    wrong 年末结转 makes both 总计 disagree).  False when the rows it needs are not all there."""
    if len(sides) != 2:
        return False
    (income, plus), (spending, minus) = sides
    ends = [f for name, f in minus if "年末" in name]
    if income is None or spending is None or len(ends) != 1 or ends[0] is None:
        return False  # a blank 使用非财政拨款结余 / 结余分配 row is simply not there
    end = ends[0]
    income_total, spending_total = grand
    unequal = "" if income_total.value == spending_total.value else \
        f"（致收入总计{income_total.span.quote.strip()}与支出总计{spending_total.span.quote.strip()}不等）"
    r.fb.claims.append(BalanceClaim(result=end, plus=[income] + [f for _, f in plus if f is not None],
                                    minus=[spending] + [f for _, f in minus if f is not None and f is not end],
                                    label=f"{r.name} 年末结转和结余 = 本年收入 + 年初结转和结余 − 本年支出{unequal}",
                                    span=end.span))
    return True


# --------------------------------------------------------------------------- 基本支出表


def _basic(r: _Reader, lay: Layout) -> None:
    """Each repeated group adds up by class; 人员经费合计 = Σ 301/303, 公用经费合计 = Σ the others."""
    classes: list[tuple[Row, Column]] = []
    subtotal: dict[str, tuple[Row, Column]] = {}
    items: dict[str, list[Row]] = {}  # a group's own coded rows, by the subtotal closing it
    for g in lay.groups:
        _hierarchy(r, g)
        amounts = g.amounts
        if len(amounts) != 1:
            continue
        col = amounts[0]
        marks: list[tuple[int, str, bool]] = []  # (row index, 人员经费/公用经费, closes its items: '…合计')
        for i, row in enumerate(g.rows):
            if row.code and len(row.code) == 3:
                classes.append((row, col))
            m = re.match(r"^(人员经费|公用经费|基本支出)(合计)?$", row.name)
            if m:
                subtotal[m.group(1)] = (row, col)
                if m.group(1) != "基本支出":
                    marks.append((i, m.group(1), bool(m.group(2))))
        bounds = [i for i, _, _ in marks]
        for k, (i, name, closes) in enumerate(marks):
            # '人员经费合计' closes the rows above it; a bare '人员经费' heads the rows below it
            lo, hi = ((bounds[k - 1] + 1 if k else 0), i) if closes else (i + 1, bounds[k + 1] if k + 1 < len(bounds) else
                                                                          len(g.rows))
            coded = [x for x in g.rows[lo:hi] if x.code]
            if coded:
                top = min(len(x.code) for x in coded)
                items[name] = [x for x in coded if len(x.code) == top]
    if {"人员经费", "公用经费", "基本支出"} <= set(subtotal):
        # '基本支出合计' under the two groups: 人员经费合计 + 公用经费合计
        (brow, bcol), (prow, pcol), (qrow, qcol) = subtotal["基本支出"], subtotal["人员经费"], subtotal["公用经费"]
        r.claim_sum(r.figure(brow, bcol), [r.figure(prow, pcol), r.figure(qrow, qcol)], f"{r.name} 基本支出合计 = 人员经费 + 公用经费")
    subtotal.pop("基本支出", None)
    if not classes:
        # '30101 基本工资 … 30113 住房公积金 | 人员经费合计' with no 301 class rows: each group's subtotal is the sum
        # of the items listed in it (unless it lists only some of them)
        for name, (row, col) in subtotal.items():
            parts = [r.figure(x, col) for x in items.get(name, [])]
            total = r.figure(row, col)
            if len(parts) >= 2 and not _some_rows_only(total, parts):
                r.claim_sum(total, parts, f"{r.name} {name}合计 = Σ所列经济分类科目")
    for name, personnel in (("人员经费", True), ("公用经费", False)):
        if name not in subtotal or not classes:
            continue
        row, col = subtotal[name]
        parts = [r.figure(x, c) for x, c in classes if (x.code in ("301", "303")) == personnel]
        key = ("gpb.personnel.actual" if personnel else "gpb.public.actual") if "一般公共预算" in r.name else None
        r.claim_sum(r.figure(row, col, key=key), parts, f"{r.name} {name}合计 = Σ{'301、303' if personnel else '302、310等'}类")


# --------------------------------------------------------------------------- 三公


_SANGONG_ITEMS = [("vehicle", r"小计|购置及运行"), ("vehicle_purchase", r"购置费?$"), ("vehicle_run", r"运行(维护)?费?$"),
                  ("abroad", r"出国"), ("reception", r"接待"), ("total", r"合计|总计")]


def _sangong_item(text: str) -> str | None:
    return next((k for k, pat in _SANGONG_ITEMS if re.search(pat, text)), None)


_SANGONG_ORDER = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_run", "reception"]


def _item_of(header: list[str]) -> str | None:
    """The 三公 item a column's header names, from its deepest level up ('公务用车购置及运行费 > 小计': vehicle)."""
    return next((item for h in reversed(header) if (item := _sangong_item(h)) is not None), None)


def _sangong_fixed(r: _Reader, lay: Layout) -> dict[tuple[str, str], Figure | None]:  # noqa: C901
    """The template's 12 columns when the header cannot be aligned (a table read from text):
    合计, 因公出国, 公务用车小计, 购置, 运行, 公务接待 — 预算数 then 决算数 (or the other way round
    when the header names 决算数 first)."""
    rows: list[list[TableCell | None]] = lay.table.grid() if lay.table.n_cols is not None else \
        [list(x) for x in lay.table.rows]
    first_data = next((i for i, x in enumerate(rows) if is_data_row(x)), len(rows))
    head = " ".join(c.text for row in rows[:first_data] for c in row if c is not None)
    first, second = ("actual", "budget") if 0 <= head.find("决算") < head.find("预算") else ("budget", "actual")
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", head)]
    year = fiscal_year(r.doc)
    if len(years) >= 2 and year and "决算" not in head:
        # '2024年预算数 | 2025年预算数': two years' budgets, the earlier one is the prior year's (never this year's)
        first, second = ("budget" if years[0] == year else None), ("budget" if years[1] == year else None)
    out: dict[tuple[str, str], Figure | None] = {}
    for row in rows[first_data:]:
        if len(row) != 12 or not is_data_row(row):
            continue
        fake = Row(0, "", "三公经费", None, {i: row[i] for i in range(12)})
        for i in range(12):
            measure = first if i < 6 else second
            if measure is None:
                continue
            item = _SANGONG_ORDER[i % 6]
            key = "sangong" if item == "total" else f"sangong.{item}"
            col = Column(i, ["预算数" if measure == "budget" else "决算数"], ColumnType.AMOUNT)
            out[(item, measure)] = r.figure(fake, col, key=f"{key}.{measure}")
        break
    return out


def _sangong_measure(r: _Reader, header: str) -> str | None:
    """预算数 or 决算数 of the report's year; a column of an earlier year ('2025年预算数' beside '2026年预算数',
    '上年决算数') is the prior year's and never the item's figure."""
    if is_prior_year(header, fiscal_year(r.doc)):
        return None
    return "budget" if "预算" in header else "actual" if re.search("决算|实际", header) else None


def _one_item_each(g: Group) -> bool:
    """Every amount column names its own item: a repeated name ('合计 | 合计 | …') is a header cut short of
    its columns (the values sit one column over), not a table to read by name."""
    items = [_sangong_item(c.name) for c in g.amounts]
    return None not in items and len(items) == len(set(items))


def _table_measure(name: str) -> str | None:
    """'“三公”经费预算表' holds budgets, '…支出决算表' spending; a table naming both (or neither) says nothing."""
    budget, actual = "预算" in re.sub(r"一般公共预算", "", name), "决算" in name
    return "budget" if budget and not actual else "actual" if actual and not budget else None


def _sangong(r: _Reader, lay: Layout) -> None:
    """By the header where it names each column's item and measure; else in the template's order."""
    found = False
    for g in lay.groups:
        cells: dict[tuple[str, str], Figure | None] = {}
        by_header = {c.index: (_item_of(c.header), _sangong_measure(r, " ".join(c.header))) for c in g.amounts}
        if g.rows and len(g.rows) <= 2 and sum(1 for item, m in by_header.values() if item and m) >= 4 and \
                not all(len(c.header) >= 2 and _sangong_item(c.header[-2]) for c in g.amounts):
            # '预算数 | 决算数 | 上年决算数' over 合计 / 因公出国 / 公务用车(小计, 购置费, 运行费) / 公务接待: one data row,
            # each column named by its item (the deepest header naming one) and its measure (上年 columns: none)
            row = g.rows[0]
            for col in g.amounts:
                item, measure = by_header[col.index]
                if item and measure:
                    key = "sangong" if item == "total" else f"sangong.{item}"
                    cells[(item, measure)] = r.figure(row, col, key=f"{key}.{measure}")
        elif g.rows and all(len(c.header) >= 2 and _sangong_item(c.header[-2]) for c in g.amounts):
            for col in g.amounts:  # one data row, columns by item × 预算数/决算数
                measure = _sangong_measure(r, col.name)
                item = _sangong_item(col.header[-2])
                if measure and item:
                    row = g.rows[0]
                    key = "sangong" if item == "total" else f"sangong.{item}"
                    cells[(item, measure)] = r.figure(row, col, key=f"{key}.{measure}")
        elif len(g.rows) == 1 and _table_measure(r.name) and sum(1 for c in g.amounts if _sangong_item(c.name)) >= 3 \
                and not any(_sangong_measure(r, " ".join(c.header)) for c in g.amounts) and _one_item_each(g) \
                and len(g.rows[0].cells) == len(g.amounts) and not re.search(r"机关运行", r.name):
            row = g.rows[0]  # '“三公”经费预算表': one row of items, the measure the table's title names
            for col in g.amounts:
                item = _sangong_item(col.name)
                if item:
                    key = "sangong" if item == "total" else f"sangong.{item}"
                    cells[(item, _table_measure(r.name))] = r.figure(row, col, key=f"{key}.{_table_measure(r.name)}")
        elif g.rows and all(_sangong_measure(r, row.name) for row in g.rows) and \
                sum(1 for c in g.amounts if _sangong_item(c.name)) >= 3:
            for row in g.rows:  # transposed: one row per 预算数 / 决算数, one column per item
                measure = _sangong_measure(r, row.name)
                for col in g.amounts:
                    item = _sangong_item(col.name)
                    if item and measure:
                        key = "sangong" if item == "total" else f"sangong.{item}"
                        cells[(item, measure)] = r.figure(row, col, key=f"{key}.{measure}")
        else:  # one row per item, columns 预算数 / 决算数
            for row in g.rows:
                item = _sangong_item(row.name)
                for col in g.amounts:
                    measure = _sangong_measure(r, col.name)
                    if item and measure:
                        key = "sangong" if item == "total" else f"sangong.{item}"
                        cells[(item, measure)] = r.figure(row, col, key=f"{key}.{measure}")
        if any(v is not None for v in cells.values()):
            found = True
            _sangong_sums(r, cells)
    if not found:
        _sangong_sums(r, _sangong_fixed(r, lay))


def _sangong_sums(r: _Reader, cells: dict[tuple[str, str], Figure | None]) -> None:
    for measure, word in (("budget", "预算数"), ("actual", "决算数")):
        vehicle = cells.get(("vehicle", measure))
        # without a 公务用车 subtotal row or column, its 购置 and 运行 parts stand in for it
        car = [vehicle] if vehicle is not None else [cells.get(("vehicle_purchase", measure)),
                                                       cells.get(("vehicle_run", measure))]
        r.claim_sum(cells.get(("total", measure)),
                    [cells.get(("abroad", measure)), *car, cells.get(("reception", measure))],
                    f"“三公”经费{word}合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费")
        r.claim_sum(vehicle, [cells.get(("vehicle_purchase", measure)), cells.get(("vehicle_run", measure))],
                    f"公务用车购置及运行费{word} = 购置费 + 运行费")


# --------------------------------------------------------------------------- 政府性基金 / 国有资本经营


def _fund(r: _Reader, lay: Layout) -> None:
    for g in lay.groups:
        _row_identities(r, g)
        _hierarchy(r, g)
        begin = next((c for c in g.amounts if "年初" in c.name), None)
        end = next((c for c in g.amounts if "年末" in c.name), None)
        income = next((c for c in g.amounts if re.search(r"本年收入", "".join(c.header))), None)
        spend = next((c for c in g.amounts if re.search(r"本年支出", "".join(c.header)) and
                      (c.name == "合计" or c.name.startswith("本年支出"))), None)
        if not (begin and end and income and spend):
            continue
        for row in g.rows:
            res = r.figure(row, end)
            plus = [f for f in (r.figure(row, begin), r.figure(row, income)) if f is not None]
            minus = r.figure(row, spend)
            if res is None or not plus or minus is None:
                continue
            r.fb.claims.append(BalanceClaim(result=res, plus=plus, minus=[minus], span=res.span,
                                            label=f"{r.name} {row.code} {row.name}：年末结转和结余 = 年初结转和结余 + "
                                                  f"本年收入 − 本年支出"))


_READERS = {TableKind.SUBJECT: _subject, TableKind.SUMMARY: _summary, TableKind.BASIC: _basic,
            TableKind.SANGONG: _sangong, TableKind.FUND: _fund}

__all__ = ["extract_national_tables", "table_unit", "ColumnType"]
