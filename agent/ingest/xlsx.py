"""Spreadsheet reports (.xlsx, openpyxl): every sheet as one table in the tab convention.

Why it looks like this:

* Units often send the 决算 tables as a workbook.  Each sheet becomes a title line (the sheet
  name, which is usually the table name such as 公开01表) followed by its rows written like the
  seeds' Word export (one ``"\\t<cell>"`` line per cell, a blank line after each row), so the
  table parser reads a sheet like a Word table.
* Numbers must read as the reviewer sees them in Excel, not as binary floats: a cell is
  formatted with its own number format (decimals, thousands separators, percent), rounding
  half-up on the decimal value; a "General" cell prints at most 15 significant digits, so
  ``1489.9299999999998`` reads ``1489.93``.
* Formulas are read as their cached values (``data_only``); a workbook never opened in Excel
  after its formulas were written has no cached values and those cells load empty.

Blocks: ``sheet:<name>`` for the title line, ``sheet:<name>/r:<r>/c:<c>`` (1-based, as in Excel)
for each non-empty cell.  Fully empty rows and trailing empty columns are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from agent.errors import CorruptDocumentError
from agent.ingest.loaded import LoadedText
from agent.schemas import TextBlock

# Function-local imports in this module are deliberate: openpyxl loads only when an .xlsx is read
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _plain(d: Decimal) -> str:
    """A Decimal without exponent or float noise, trailing zeros kept as stated."""
    s = format(d, "f")
    return "0" if s in ("-0", "") else s


def format_number(value: float | int | Decimal, number_format: str | None) -> str:
    """Render a numeric cell the way its number format shows it (half-up rounding)."""
    fmt = (number_format or "General").split(";")[0]
    fmt = _QUOTED.sub("", fmt)
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if fmt.strip() in ("", "General", "@") or not re.search(r"[0#?]", fmt):
        if isinstance(value, float):
            d = Decimal(format(value, ".15g"))
        if d == d.to_integral_value():
            return _plain(d.quantize(Decimal(1)))
        return _plain(d.normalize())
    percent = "%" in fmt
    if percent:
        d = d * 100
    m = re.search(r"\.([0#?]+)", fmt)
    decimals = len(m.group(1).rstrip("#?")) if m else 0
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    grouped = "," in fmt.split(".")[0]
    s = f"{d:,.{decimals}f}" if grouped else f"{d:.{decimals}f}"
    if s.startswith("-") and d == 0:
        s = s[1:]
    return s + ("%" if percent else "")


def format_cell(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value).replace("\t", " ").replace("\r", "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())  # no blank lines inside a cell


def _open(data: bytes, path: str) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, InvalidFileException) as e:
        raise CorruptDocumentError("not a valid .xlsx (damaged or truncated zip)", path) from e
    except KeyError as e:
        raise CorruptDocumentError(f"not a valid .xlsx (missing part {e})", path) from e
    except Exception as e:  # noqa: BLE001 - lxml/openpyxl raise many types for damaged parts
        raise CorruptDocumentError(f"not a valid .xlsx ({type(e).__name__}: {e})", path) from e


def _sheet_rows(ws: Any) -> list[list[tuple[int, int, str]]]:
    """Non-empty rows as [(1-based row, 1-based column, text)], trailing empty columns trimmed."""
    rows: list[tuple[int, list[str]]] = []
    for r, row in enumerate(ws.iter_rows(), start=1):
        texts = [format_cell(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
        if any(texts):
            rows.append((r, texts))
    width = max((max(i for i, t in enumerate(texts) if t) + 1 for _, texts in rows), default=0)
    return [[(r, c + 1, t) for c, t in enumerate((texts + [""] * width)[:width])] for r, texts in rows]


def load_xlsx(data: bytes, path: str) -> LoadedText:
    """All sheets, in workbook order, each as a title line and a table."""
    wb = _open(data, path)
    lines: list[str] = []
    blocks: list[TextBlock] = []
    pos = 0

    def add(line: str) -> int:
        nonlocal pos
        start = pos
        lines.append(line)
        pos += len(line) + 1
        return start

    try:
        for ws in wb.worksheets:
            rows = _sheet_rows(ws)
            if not rows:
                continue
            if lines:
                add("")
            start = add(ws.title)
            blocks.append(TextBlock(start=start, end=start + len(ws.title), locator=f"sheet:{ws.title}"))
            for row in rows:
                for r, c, text in row:
                    start = add("\t" + text) + 1
                    if text:
                        blocks.append(
                            TextBlock(start=start, end=start + len(text), locator=f"sheet:{ws.title}/r:{r}/c:{c}")
                        )
                add("")
    except CorruptDocumentError:
        raise
    except Exception as e:  # noqa: BLE001 - sheets are parsed lazily in read-only mode
        raise CorruptDocumentError(f"not a valid .xlsx ({type(e).__name__}: {e})", path) from e
    finally:
        wb.close()
    return LoadedText(text="\n".join(lines), encoding=None, blocks=blocks)
