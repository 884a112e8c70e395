"""Rebuild tables from Word's plain-text export: one cell per line behind a tab, rows split by blank lines.

The .docx loader writes tables in the same layout, so every later stage reads one convention.
"""

from __future__ import annotations

import re

from agent.schemas import Table, TableCell

TABLE_TITLE = re.compile(
    r"(公开\s*0?\d+\s*表|决算总表|决算表|决算明细表|自评表|绩效目标表|预算表|预算总表|明细表|汇总表|(收入|支出|收支)总?表|"
    r"(功能|经济)分类表|经费(支出)?表)\s*$"
)
_META = re.compile(r"^\s*(部门|单位|编制单位)[:：]|单位[:：]\s*(万元|元)|^\s*公开\s*0?\d+\s*表\s*$")


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and not line.startswith("\t\t")


def find_tables(text: str) -> list[Table]:
    """Tables as rows of cells with offsets into ``text``."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1

    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        if not _is_cell_line(lines[i][1]):
            i += 1
            continue
        start_index = i
        rows: list[list[TableCell]] = []
        row: list[TableCell] = []
        cell: TableCell | None = None
        prev_blank = False
        while i < n:
            off, line = lines[i]
            if _is_cell_line(line):
                cell = TableCell(text=line[1:], start=off + 1, end=off + len(line))
                row.append(cell)
                prev_blank = False
            elif line.strip() == "":
                if row:
                    rows.append(row)
                    row = []
                cell = None
                prev_blank = True
            elif cell is not None and not prev_blank and not _starts_new_block(line) and \
                    (_AMOUNT_CELL.fullmatch(line) or not _AMOUNT_CELL.fullmatch(cell.text.rsplit("\n", 1)[-1])):
                # a figure never runs on into a paragraph (a merged cell repeats its figure on the next line)
                cell.text += "\n" + line
                cell.end = off + len(line)
            else:
                break
            i += 1
        if row:
            rows.append(row)
        rows = _split_run_together(rows)
        n_cells = sum(len(r) for r in rows)
        if n_cells < 2:
            continue
        start = rows[0][0].start - 1
        end = rows[-1][-1].end
        title = _title_before(lines, start_index)
        tables.append(Table(id=f"t{len(tables) + 1}", title=title, start=start, end=end, rows=rows))
    return tables


def _split_run_together(rows: list[list[TableCell]]) -> list[list[TableCell]]:
    """A row exactly two or more times as wide as any other row is rows whose blank separator line is
    missing (a 资金 table's last row running into the 指标 table below it): cut it at that width."""
    if len(rows) < 2:
        return rows
    top = sorted((len(r) for r in rows), reverse=True)
    out: list[list[TableCell]] = []
    for r in rows:
        width = top[1] if len(r) == top[0] else top[0]  # the widest of the other rows
        if width >= 3 and len(r) >= 2 * width and len(r) % width == 0:
            out += [r[k : k + width] for k in range(0, len(r), width)]
        else:
            out.append(r)
    return out


_CODE = re.compile(r"公开\s*0?(\d+)\s*表")


_AMOUNT_CELL = re.compile(r"\s*[-－]?[\d０-９][\d０-９,，.．]*\s*%?\s*")


def _starts_new_block(line: str) -> bool:
    compact = re.sub(r"\s+", "", line).rstrip("）)】]")  # '…决算表（公开08表）'
    return bool(_META.search(line) or (len(compact) <= 40 and TABLE_TITLE.search(compact)))


def _title_before(lines: list[tuple[int, str]], index: int) -> str | None:
    """The table's name (and 公开NN表 code) from the few lines above its first cell."""
    name: str | None = None
    code: str | None = None
    seen = 0
    j = index - 1
    while j >= 0 and seen < 5:
        raw = lines[j][1]
        j -= 1
        compact = re.sub(r"[\s\u3000]+", "", raw)
        if not compact:
            continue
        seen += 1
        m = _CODE.search(compact)
        if m and code is None:
            code = f"公开{int(m.group(1)):02d}表"
        rest = _CODE.sub("", compact)
        rest = re.sub(r"[（(]?(金额)?单位[:：](万元|元)[)）]?", "", rest)  # '表2　一般公共预算支出表（单位：万元）
        rest = re.sub(r"(部门|单位|编制单位)[:：][^单]*", "", rest)
        if name is None and rest and TABLE_TITLE.search(rest) and len(rest) <= 40:
            name = rest
            break
    if name and code:
        return f"{name}（{code}）"
    return name or code


def title_above(text: str, start: int) -> str | None:
    """The name of a table starting at ``start`` from the few lines above it (loaders that know
    their tables' positions use this instead of :func:`find_tables`)."""
    head = text[max(0, start - 2000):start].split("\n")  # the title stands within a few lines
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in head:
        lines.append((pos, raw))
        pos += len(raw) + 1
    return _title_before(lines, len(lines))
