"""A table's logical layout: header paths per column, typed columns, column groups, keyed rows.

Why: the national 决算/预算 tables put identifiers (科目编码, split over 类/款/项 cells; 经济分类
codes; 行次/栏次/序号) beside amounts, repeat column groups side by side (the 基本支出表's
301/303 | 302/310), and stack headers over merged cells.  Reading a code as an amount, or a
second group's name as the first group's value, is what made earlier versions cry wolf on
real PDFs.  Here every column is typed from its header *and* its content before any figure is
read, identifier columns never yield amounts, and each repeated group becomes its own table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from agent import fastre
from agent.extract.rules.cells import CellNumber, cell_number, cell_text
from agent.schemas import Table, TableCell


class ColumnType(StrEnum):
    ID = "id"  # 科目编码 / 类 / 款 / 项 / 行次 / 栏次 / 序号: never an amount
    NAME = "name"  # 科目名称 / 项目 (row labels)
    AMOUNT = "amount"
    OTHER = "other"


_COUNTER_HEADER = fastre.compile(r"行次|栏次|序号|编号")  # counters: identifiers, but not part of a 科目 code
_ID_HEADER = fastre.compile(r"编码|代码|行次|栏次|序号|编号")
_NAME_HEADER = fastre.compile(r"科目名称|名称|^项目$|^(收入|支出)?项目$")
_AMOUNT_HEADER = fastre.compile(r"合计|小计|总计|支出|收入|预算|决算|结转|结余|经费|拨款|金额|数$|费$")
_CODE_VALUE = fastre.compile(r"^\d{1,7}$")
_SPLIT_CODE = fastre.compile(r"^\d{3}(\s+\d{2}){1,2}$")
_MONEY_VALUE = fastre.compile(r"^-?[\d,]*\d\.\d+$|^-?\d{1,3}(,\d{3})+$")
_GROUPED = fastre.compile(r"\d,\d{3}(?!\d)")
_OVERFLOW = fastre.compile(r"^[\u4e00-\u9fff]{1,8}-?\d[\d,]*(\.\d+)?$")
_TOTAL_LABEL = fastre.compile(r"^(合计|总计|小计)$|^(合\s*计|总\s*计)")


@dataclass
class Column:
    index: int  # grid column
    header: list[str]  # distinct header texts, top to bottom ('本年支出', '合计')
    type: ColumnType

    @property
    def name(self) -> str:
        return self.header[-1] if self.header else ""

    @property
    def parent(self) -> tuple[str, ...]:
        return tuple(self.header[:-1])


@dataclass
class Row:
    index: int  # grid row
    code: str  # joined 科目编码 ('2010601'), '' when the row has none
    name: str  # row label (科目名称 or the 收支总表 item), whitespace removed
    label_cell: TableCell | None
    cells: dict[int, TableCell | None]  # amount column index → cell (None when the grid has none)
    garbled: bool = False  # an amount cell holds several numbers (rows drawn without rulings between them)

    def number(self, col: int) -> CellNumber | None:
        c = self.cells.get(col)
        return cell_number(c) if c is not None else None

    @property
    def is_total(self) -> bool:
        return bool(_TOTAL_LABEL.match(self.name)) or self.code in ("合计", "总计")


@dataclass
class Group:
    """One logical table: a run of identifier/name columns followed by its amount columns."""

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    @property
    def amounts(self) -> list[Column]:
        return [c for c in self.columns if c.type == ColumnType.AMOUNT]


@dataclass
class Layout:
    table: Table
    header_rows: int
    columns: list[Column]
    groups: list[Group]


def _compact(cell: TableCell | None) -> str:
    return cell_text(cell) if cell is not None else ""


def _is_column_numbers(texts: list[str]) -> bool:
    """A 栏次 row ('栏次', 1, 2, 3 …): part of the header, not figures."""
    nums = [t for t in texts if t and t not in ("栏次", "行次")]
    return bool(nums) and all(_SMALL_INT.fullmatch(t) for t in nums) and \
        [int(t) for t in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums)))


def is_data_row(row: list[TableCell | None]) -> bool:
    texts = [_compact(c) for c in row]
    if _is_column_numbers(texts):
        return False
    if any(_MONEY_VALUE.match(t) for t in texts):
        return True
    return bool(texts) and bool(_CODE_VALUE.match(texts[0]) and len(texts[0]) >= 3)


def _header_rows(grid: list[list[TableCell | None]]) -> int:
    for i, row in enumerate(grid):
        if is_data_row(row):
            return i
    return len(grid)


def _spanning_label(row: list[TableCell | None], col: int) -> str:
    """A blank cell of a sparse upper header row under a label to its left: a merged cell written out
    unmerged ('预算数 | | | | 决算数 | | |' over 合计, 因公出国, … twice) — the label spans it."""
    texts = [_compact(c) for c in row]
    if sum(1 for t in texts if t) * 3 > len(texts) or col >= len(texts) or \
            any(a and b for a, b in zip(texts, texts[1:], strict=False)):
        return ""  # labels side by side ('预算数 | 决算数 | | …') are a header collapsed to the left: no span known
    return next((t for t in reversed(texts[:col]) if t), "")


def _header_path(grid: list[list[TableCell | None]], n_header: int, col: int) -> list[str]:
    path: list[str] = []
    for r in range(n_header):
        t = _compact(grid[r][col]) if col < len(grid[r]) else ""
        if not t and r < n_header - 1 and n_header > 1 and not path:
            # (under a label of its own from a row above, a blank stays blank: '本年支出合计 | 基本支出' over
            # '科目名称 | | ' does not make 基本支出 a 科目名称 column)
            t = _spanning_label(grid[r], col)
        t = re.sub(r"[:：]$", "", t)
        if re.fullmatch(r"\d{1,2}|栏次", t) or re.search(r"公开\d+表|单位[:：]|^注[:：]", t):
            continue  # the 栏次 row numbers columns, a 公开NN表 code or 单位 line names none of them
        if t and t not in path and t not in ("类", "款", "项"):
            path.append(t)
        elif t in ("类", "款", "项") and "科目编码" not in path:
            path.append(t)
    return path


def _column_type(header: list[str], values: list[str], separated: bool = False) -> ColumnType:
    """``separated``: some cell is written with thousands separators ('8,661,624'), which no code is."""
    joined = "".join(header)
    filled = [v for v in values if v]
    if _ID_HEADER.search(joined) or (header and header[-1] in ("类", "款", "项")):
        return ColumnType.ID
    if not separated and filled and all(_CODE_VALUE.match(v) or _SPLIT_CODE.match(v) or _TOTAL_LABEL.match(v) for v in filled) and \
            any(len(v) >= 3 or (len(v) >= 2 and v.startswith("0")) for v in filled if _CODE_VALUE.match(v)) and \
            not any("." in v for v in filled):
        return ColumnType.ID  # zero-padded integers or 3–7 digit codes with no decimals: identifiers
    numeric = [v for v in filled if cell_like_number(v)]
    if filled and len(numeric) < len(filled) * 0.5:
        return ColumnType.NAME
    if _NAME_HEADER.search(joined) and not numeric:
        return ColumnType.NAME
    if _AMOUNT_HEADER.search(joined) or numeric:
        return ColumnType.AMOUNT
    return ColumnType.OTHER


_CODE_AND_NAME = fastre.compile(r"^(?P<code>\d{3,7})?\s*(?P<name>[\u4e00-\u9fff][^\d]*)$")


_SMALL_INT = fastre.compile(r"\d{1,2}")
_NUMBER_CELL = fastre.compile(r"-?[\d,]+(\.\d+)?")


def cell_like_number(text: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(text))


def _groups(columns: list[Column]) -> list[list[Column]]:
    """Split where an identifier or name column follows an amount column (a repeated group)."""
    groups: list[list[Column]] = [[]]
    has_amount = False  # the current group holds an amount column
    for c in columns:
        if c.type in (ColumnType.ID, ColumnType.NAME) and has_amount:
            groups.append([])
            has_amount = False
        groups[-1].append(c)
        has_amount = has_amount or c.type == ColumnType.AMOUNT
    return [g for g in groups if g]


def _join_code(parts: list[str], prev: list[str]) -> tuple[str, list[str]]:
    """'201','06','01' → '2010601'; a blank leading part inherits the row above's (some publishers
    print the 类 only once); one cell holding '201 06 01' is joined too."""
    parts = [re.sub(r"\s+", "", p) for p in parts]
    parts = [parts[0], *("0" + p if re.fullmatch(r"\d", p) else p for p in parts[1:])] if parts else parts  # 款 '2' = '02'
    if len(parts) > 1 and parts and not parts[0] and any(parts[1:]) and prev:
        first = next(i for i, p in enumerate(parts) if p)
        parts = prev[:first] + parts[first:]
    code = "".join(parts)
    return (code if re.fullmatch(r"\d{3,9}", code) else (parts[0] if len(parts) == 1 else code)), parts


def _text_grid(table: Table) -> list[list[TableCell | None]]:
    """A grid for a table read from text (Word's export writes a merged cell once, so rows differ
    in length): full rows as they are; a row one cell short has its first cell merged (the label
    over 科目代码 and 科目名称); a short header row that divides the width evenly spreads over it
    ('预算数 | 决算数'); any other short header row is dropped rather than misaligned."""
    rows = table.rows
    data = [is_data_row(list(r)) for r in rows]  # each row judged once
    data_lengths = [len(r) for r, d in zip(rows, data, strict=True) if d]
    width = max(set(data_lengths), key=data_lengths.count) if data_lengths else max((len(r) for r in rows), default=0)
    grid: list[list[TableCell | None]] = []
    for n, r in enumerate(rows):
        cells: list[TableCell | None] = list(r)
        below = list(rows[n + 1]) if n + 1 < len(rows) else []
        if len(cells) < width and not data[n] and len(below) == width and not data[n + 1] and \
                (spread := _spread_over(cells, below)) is not None:
            grid.append(spread)  # '科目编码 | 科目名称 | 2024年预算数 | 2025年预算数 | 本年比上年增减' over '…| 小计 | …'
            continue
        if len(cells) >= width:
            grid.append(cells[:width] if data[n] or len(cells) == width else cells)
        elif len(cells) == width - 1:
            grid.append([cells[0], *cells])
        elif not data[n] and cells and width % len(cells) == 0:
            k = width // len(cells)
            grid.append([c for c in cells for _ in range(k)])
        elif data[n]:
            grid.append([None] * (width - len(cells)) + cells)
    return grid


_CHANGE_HEADER = fastre.compile(r"增减|变动|比上年|增长|%")


def _spread_over(short: list[TableCell | None], full: list[TableCell | None]) -> list[TableCell | None] | None:
    """A two-level header written once per merged cell: the upper row's first labels stand over the columns
    the lower row leaves empty, the rest over the lower row's labelled runs — a change label ('本年比上年增减')
    over the change columns (增减额, 增减率), any other over the columns before them.  None when the split
    cannot be told."""
    empty = [j for j, c in enumerate(full) if not _compact(c)]
    labelled = [j for j, c in enumerate(full) if _compact(c)]
    if len(short) <= len(empty) or not labelled or empty != list(range(len(empty))):
        return None
    out: list[TableCell | None] = [None] * len(full)
    for j, cell in zip(empty, short, strict=False):
        out[j] = cell
    parents = short[len(empty) :]
    if len(parents) == 1:
        for j in labelled:
            out[j] = parents[0]
        return out
    if len(parents) == 2 and _CHANGE_HEADER.search(_compact(parents[1])) and not _CHANGE_HEADER.search(_compact(parents[0])):
        changes = [j for j in labelled if _CHANGE_HEADER.search(_compact(full[j]))]
        if not changes or changes != labelled[-len(changes) :]:
            return None
        for j in labelled:
            out[j] = parents[1] if j in changes else parents[0]
        return out
    return None


def layout(table: Table, continuation_rows: list[list[TableCell | None]] | None = None) -> Layout:
    """The typed layout of a table (with the rows of its continuations on later pages appended)."""
    grid = table.grid() if table.n_cols is not None else _text_grid(table)
    n_header = _header_rows(grid)
    width = max((len(r) for r in grid), default=0)
    body = grid[n_header:] + (continuation_rows or [])
    texts = [[_compact(c) for c in r] for r in body]  # each cell's text read once
    columns: list[Column] = []
    for j in range(width):
        values = [t[j] if j < len(t) else "" for t in texts]
        separated = any(r[j] is not None and _GROUPED.search(r[j].text) for r in body if j < len(r))
        header = _header_path(grid, n_header, j)
        columns.append(Column(j, header, _column_type(header, values, separated)))
    groups = [Group(cols) for cols in _groups(columns)]
    for g in groups:
        ids = [c.index for c in g.columns if c.type == ColumnType.ID and not _COUNTER_HEADER.search("".join(c.header))]
        names = [c.index for c in g.columns if c.type == ColumnType.NAME]
        prev: list[str] = []
        for i, r in enumerate(body):
            t = texts[i]
            id_texts = [t[j] if j < len(t) else "" for j in ids]
            code, prev_parts = _join_code(id_texts, prev) if ids else ("", [])
            if code and re.fullmatch(r"\d+", code):
                prev = prev_parts
            at = next((j for j in names if j < len(t) and t[j]), None)
            label_cell, name = (r[at], t[at]) if at is not None else (None, "")
            shift = 0
            if ids and id_texts and _TOTAL_LABEL.match(id_texts[0]) and cell_like_number(name):
                # '合计 | 2,467.42 | 1,518.29 …': the merged label cell written once, values one column early
                shift, label_cell, name = len(ids) + len(names) - 1, None, id_texts[0]
            if not name and ids and _TOTAL_LABEL.match(id_texts[0] if id_texts else ""):
                name = id_texts[0]
            elif not name and ids and id_texts and (both := _CODE_AND_NAME.match(id_texts[0])):
                # '301 工资福利支出' / '人员经费合计' in a column headed 科目编码: the code and the name in one cell
                code, name = both.group("code") or "", both.group("name")
            cells = {c.index: (r[c.index - shift] if 0 <= c.index - shift < len(r) else None) for c in g.amounts}
            if not code and not name and (ids or names or not any(_compact(c) for c in cells.values())):
                continue  # a row with no label is kept only in a table that has no label columns (三公)
            # an amount cell with several numbers (rows drawn without rulings between them), or with words run
            # into it from the name beside it ('支出92.16': a long 科目名称 overflowing its cell)
            garbled = any(c is not None and (len(re.findall(r"\d[\d,]*\.\d+", c.text)) > 1 or
                                             _OVERFLOW.match(_compact(c))) for c in cells.values())
            g.rows.append(Row(n_header + i, code if re.fullmatch(r"\d+", code) else "", name, label_cell, cells,
                              garbled))
    return Layout(table, n_header, columns, groups)
