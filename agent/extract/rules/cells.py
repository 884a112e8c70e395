"""Numbers inside table cells, grounded on the cell's own offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from agent import fastre
from agent.ingest.normalize import normalize
from agent.schemas import Document, Figure, TableCell

_NUMERIC = fastre.compile(r"^\s*(?P<cmp>[<>=≥≤]=?)?\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>%|万元|元|分|[\u4e00-\u9fff]{1,4})?\s*$")


@dataclass
class CellNumber:
    value: str
    unit: str
    comparator: str | None
    start: int
    end: int


@lru_cache(maxsize=8192)
def _norm(text: str):
    return normalize(text)


def cell_number(cell: TableCell) -> CellNumber | None:
    nt = _norm(cell.text)
    m = _NUMERIC.match(nt.text)
    if not m:
        return None
    s, _ = nt.to_source(m.start("num"), m.end("num"))
    end_n = m.end("unit") if m.group("unit") else m.end("num")
    _, e = nt.to_source(m.start("num"), end_n)
    cmp_ = m.group("cmp")
    if cmp_:
        cmp_ = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}.get(cmp_, cmp_)
    return CellNumber(m.group("num"), m.group("unit") or "", cmp_, cell.start + s, cell.start + e)


def cell_figure(doc: Document, cell: TableCell, *, key: str, label: str, default_unit: str = "万元") -> Figure | None:
    n = cell_number(cell)
    if n is None:
        return None
    span = doc.span(n.start, n.end)
    return Figure(key=key, label=label, value=Decimal(n.value), unit=n.unit or default_unit, span=span,
                  section=span.section, origin="table")


def cell_text(cell: TableCell) -> str:
    return _compact(cell.text)


_SPACES = fastre.compile(r"\s+")


@lru_cache(maxsize=16384)
def _compact(text: str) -> str:
    """Cached: table typing asks for the same cells' text many times (≈ 9 000 calls a 决算 PDF)."""
    return _SPACES.sub("", _norm(text).text)


def spans_spread(t):
    """The table with each body cell that spans columns standing in every column it covers ('合计' over 类别 and
    项目名称 in a .docx: its figures then sit under their headers).  Only under a one-row header of single cells:
    a header with merged cells is a header of several rows, read by the national-table layout instead."""
    if not t.rows or any(c.colspan > 1 for c in t.rows[0]) or not any(c.colspan > 1 for r in t.rows[1:] for c in r):
        return t
    rows = [t.rows[0], *([c for c in r for _ in range(c.colspan)] for r in t.rows[1:])]
    return t.model_copy(update={"rows": rows})


def without_index(t):
    """The table without a leading 序号/编号 column (a row counter says nothing about the figures)."""
    t = spans_spread(t)
    if not t.rows or cell_text(t.rows[0][0]) not in ("序号", "编号", "No.", "NO."):
        return t
    rows = []
    for r in t.rows:
        if r is t.rows[0] or (r and re.fullmatch(r"\d{1,3}|", cell_text(r[0]))):
            rows.append(r[1:])
        elif len(r) >= 2 and not cell_text(r[1]):
            rows.append([r[0], *r[2:]])  # '合计' spanning 序号 and the name column: keep the label in place
        else:
            rows.append(r)
    return t.model_copy(update={"rows": rows})
