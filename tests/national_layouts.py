"""Builders of 部门决算 tables in the layouts real published PDFs and Word files use.

Each table is drawn cell by cell (borders as rectangles or as separate rulings, like the
published PDFs), so merged cells have no inner border: a 科目编码 header over 类/款/项, split
code cells ("201 | 06 | 01"), the 基本支出表's two side-by-side column groups, a table broken
over a page, numbers on a baseline shifted below their labels.  Figures are consistent by
construction; ``broken=`` plants one error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

# 科目 leaves of a 支出决算表: (类, 款, 项, name, 基本支出, 项目支出)
LEAVES = [
    ("201", "06", "01", "行政运行", "1503.52", "8.37"),
    ("201", "06", "02", "一般行政管理事务", "", "10.00"),
    ("201", "06", "07", "信息化建设", "", "135.25"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "120.45", ""),
    ("208", "05", "06", "机关事业单位职业年金缴费支出", "60.22", ""),
    ("221", "02", "01", "住房公积金", "98.76", ""),
]
NAMES = {"201": "一般公共服务支出", "20106": "财政事务", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
         "221": "住房保障支出", "22102": "住房改革支出"}


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def _d(s: str) -> Decimal:
    return Decimal(s) if s else Decimal(0)


def _fmt(v: Decimal) -> str:
    return "" if v == 0 else f"{v:.2f}"


def subject_rows(broken: str | None = None) -> list[list[str]]:
    """Rows [类, 款, 项, 名称, 合计, 基本, 项目]: 合计 row, then each 类, its 款 and their 项.
    ``broken='row'`` makes one 项's 合计 differ from 基本 + 项目; ``'class'`` one 类 from Σ its 项."""
    rows: list[list[str]] = []
    total_b = sum((_d(x[4]) for x in LEAVES), Decimal(0))
    total_p = sum((_d(x[5]) for x in LEAVES), Decimal(0))
    rows.append(["合计", "", "", "", _fmt(total_b + total_p), _fmt(total_b), _fmt(total_p)])
    for cls in dict.fromkeys(x[0] for x in LEAVES):
        leaves = [x for x in LEAVES if x[0] == cls]
        b = sum((_d(x[4]) for x in leaves), Decimal(0))
        p = sum((_d(x[5]) for x in leaves), Decimal(0))
        extra = Decimal("100.00") if broken == "class" and cls == "208" else Decimal(0)
        rows.append([cls, "", "", NAMES[cls], _fmt(b + p + extra), _fmt(b + extra), _fmt(p)])
        for kuan in dict.fromkeys(x[1] for x in leaves):
            kl = [x for x in leaves if x[1] == kuan]
            kb = sum((_d(x[4]) for x in kl), Decimal(0))
            kp = sum((_d(x[5]) for x in kl), Decimal(0))
            rows.append([cls, kuan, "", NAMES[cls + kuan], _fmt(kb + kp), _fmt(kb), _fmt(kp)])
            for x in kl:
                t = _d(x[4]) + _d(x[5])
                if broken == "row" and x[3] == "行政运行":
                    t += Decimal("10.00")
                rows.append([x[0], x[1], x[2], x[3], _fmt(t), x[4], x[5]])
    return rows


def subject_table_cells(rows: list[list[str]], *, split_codes: bool = True) -> tuple[list[float], list[Cell]]:
    """The 支出决算表 grid: '科目编码' merged over 类/款/项, '合计' merged over the code cells."""
    cells = [Cell(0, 0, "科目编码", colspan=3), Cell(0, 3, "科目名称", rowspan=2), Cell(0, 4, "本年支出合计", rowspan=2),
             Cell(0, 5, "基本支出", rowspan=2), Cell(0, 6, "项目支出", rowspan=2),
             Cell(1, 0, "类"), Cell(1, 1, "款"), Cell(1, 2, "项")]
    for i, r in enumerate(rows, start=2):
        if r[0] == "合计":
            cells.append(Cell(i, 0, "合计", colspan=4))
        elif split_codes:
            cells += [Cell(i, 0, r[0]), Cell(i, 1, r[1]), Cell(i, 2, r[2]), Cell(i, 3, r[3])]
        else:
            cells += [Cell(i, 0, r[0] + r[1] + r[2], colspan=3), Cell(i, 3, r[3])]
        cells += [Cell(i, 4, r[4]), Cell(i, 5, r[5]), Cell(i, 6, r[6])]
    return [14, 12, 12, 62, 26, 26, 26], cells


def basic_table_cells(broken: bool = False) -> tuple[list[float], list[Cell]]:
    """基本支出表: two groups (编码 | 名称 | 决算数) side by side, 人员经费合计 | 公用经费合计 last."""
    left = [("301", "工资福利支出", "1503.52"), ("30101", "基本工资", "262.33"), ("30102", "津贴补贴", "1241.19"),
            ("303", "对个人和家庭的补助", "60.22"), ("30305", "生活补助", "60.22")]
    right = [("302", "商品和服务支出", "120.45"), ("30201", "办公费", "21.21"), ("30202", "印刷费", "7.61"),
             ("30229", "福利费", "91.63"), ("310", "资本性支出", "98.76"), ("31002", "办公设备购置", "98.76")]
    cells = [Cell(0, 0, "经济分类科目编码"), Cell(0, 1, "科目名称"), Cell(0, 2, "决算数"),
             Cell(0, 3, "经济分类科目编码"), Cell(0, 4, "科目名称"), Cell(0, 5, "决算数")]
    n = max(len(left), len(right))
    for i in range(n):
        for g, side in ((0, left), (3, right)):
            code, name, v = side[i] if i < len(side) else ("", "", "")
            cells += [Cell(i + 1, g, code), Cell(i + 1, g + 1, name), Cell(i + 1, g + 2, v)]
    personnel = Decimal("1503.52") + Decimal("60.22") + (Decimal("5.00") if broken else 0)
    cells += [Cell(n + 1, 0, "人员经费合计", colspan=2), Cell(n + 1, 2, f"{personnel:.2f}"),
              Cell(n + 1, 3, "公用经费合计", colspan=2), Cell(n + 1, 5, "219.21")]
    return [24, 40, 24, 24, 40, 24], cells


def draw(pdf, x0: float, y0: float, widths: list[float], cells: list[Cell], *, row_h: float = 7.0,
         rulings: bool = False, shift_numbers: float = 0.0) -> float:
    """Draw the grid at (x0, y0) in mm; returns the y below it.  ``rulings`` draws each border as
    a separate thin filled rectangle (as the published PDFs do) instead of one rectangle per cell."""
    for c in cells:
        x = x0 + sum(widths[: c.col])
        w = sum(widths[c.col: c.col + c.colspan])
        y = y0 + c.row * row_h
        h = c.rowspan * row_h
        if rulings:
            t = 0.2
            pdf.rect(x, y, w, t, style="F")
            pdf.rect(x, y + h, w, t, style="F")
            pdf.rect(x, y, t, h, style="F")
            pdf.rect(x + w, y, t, h + t, style="F")
        else:
            pdf.rect(x, y, w, h)
        if c.text:
            numeric = c.text.replace(".", "").replace(",", "").isdigit() and "." in c.text
            pdf.text(x + 1, y + h / 2 + 1.4 + (shift_numbers if numeric else 0), c.text)
    return y0 + (max(c.row + c.rowspan for c in cells)) * row_h


def new_pdf():
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("cjk", fname=str(FONT))
    pdf.set_font("cjk", size=8)
    return pdf


def title(pdf, y: float, name: str) -> float:
    pdf.set_font_size(12)
    pdf.text(110, y, name)
    pdf.set_font_size(8)
    pdf.text(240, y + 6, "单位：万元")
    return y + 9
