"""Key-value forms: a label cell followed by its amount, two or more pairs to a row.

    项目资金（元） | 项目资金总额   | 10,903,043.00 | 年度资金申请总额   | 10,903,043.00
                   | 其中：财政资金 | 10,903,043.00 | 其中：当年财政拨款 | 11,419,043.00
                   |                |               | 上年结转资金       | 0.00
                   | 其他资金       | 0.00          | 其他资金           | 0.00

(the 项目资金 block of a 项目支出绩效目标填报表/申报表).  In each value column, a total ('…总额', '合计')
and the rows after it that begin with '其中：' are a sum: the total and its sources.  Merged cells
keep one value however many rows they span; a list ends at the next total, a second '其中', or a row
without a pair in that column.
"""

from __future__ import annotations

from agent import fastre
from agent.extract.national import table_unit
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.cells import cell_figure, cell_number, cell_text
from agent.schemas import Document, Figure, SumClaim, Table, TableCell

_TOTAL = fastre.compile(r"(总额|合计|总计)$")
_AMONG = fastre.compile(r"^其中[:：]?")


def extract_forms(doc: Document, fb: FactsBuilder) -> None:
    for t in doc.tables:
        if t.n_cols is None or t.n_cols < 4:
            continue
        columns = _pairs_by_column(t)
        if not columns:
            continue
        unit = "元" if any("（元）" in cell_text(c) or "(元)" in cell_text(c) for r in t.rows for c in r if c) \
            else table_unit(doc, t)
        for pairs in columns.values():
            _sums(doc, fb, pairs, unit)


def _pairs_by_column(t: Table) -> dict[int, list[tuple[int, str, TableCell]]]:
    """(row, label, value cell) per value column: a text cell followed by a number cell, each cell once."""
    seen: set[int] = set()
    out: dict[int, list[tuple[int, str, TableCell]]] = {}
    for r, row in enumerate(t.grid()):
        cells: list[tuple[int, TableCell]] = []
        for col, c in enumerate(row):
            if c is not None and (not cells or cells[-1][1] is not c):
                cells.append((col, c))
        for (_, label), (col, value) in zip(cells, cells[1:], strict=False):
            text = cell_text(label)
            if id(value) in seen or not text or cell_number(label) is not None or cell_number(value) is None:
                continue
            seen.add(id(value))
            out.setdefault(col, []).append((r, text, value))
    return {col: pairs for col, pairs in out.items() if len(pairs) >= 3}


def _sums(doc: Document, fb: FactsBuilder, pairs: list[tuple[int, str, TableCell]], unit: str) -> None:
    for i, (row, label, cell) in enumerate(pairs):
        if not _TOTAL.search(label) or _AMONG.match(label):
            continue
        parts: list[tuple[str, TableCell]] = []
        last = row
        for next_row, part_label, part_cell in pairs[i + 1 :]:
            if next_row > last + 1 or _TOTAL.search(part_label) or (parts and _AMONG.match(part_label)):
                break
            if not parts and not _AMONG.match(part_label):
                break  # the list is opened by '其中'
            parts.append((part_label, part_cell))
            last = next_row
        if len(parts) < 2:
            continue
        total = _figure(doc, fb, cell, label, unit)
        figs = [_figure(doc, fb, c, _AMONG.sub("", name), unit) for name, c in parts]
        if total is None or any(f is None for f in figs):
            continue
        fb.claims.append(SumClaim(total=total, parts=[f for f in figs if f is not None], label=label,
                                  span=doc.span(cell.start, parts[-1][1].end)))


def _figure(doc: Document, fb: FactsBuilder, cell: TableCell, label: str, unit: str) -> Figure | None:
    f = cell_figure(doc, cell, key=f"misc:表单:{label}", label=label, default_unit=unit)
    return fb.add_figure(f) if f is not None else None
