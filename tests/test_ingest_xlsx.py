"""The .xlsx loader: each sheet a table, numbers as Excel shows them, damaged workbooks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from agent.errors import CorruptDocumentError
from agent.ingest import load_document
from agent.ingest.xlsx import format_number, load_xlsx


def _workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入支出决算总表"
    ws.append(["项目", "金额", "占比"])
    ws.append(["本年收入合计", 1489.9299999999998, 1.0])
    ws["B2"].number_format = "#,##0.00"
    ws["C2"].number_format = "0.00%"
    ws.append(["一般公共服务支出", 1311.99, 0.88058])
    ws["C3"].number_format = "0.00%"
    ws.append([])
    ws.append(["浮点", 0.1 + 0.2, None])
    ws2 = wb.create_sheet("支出决算表")
    ws2.append(["合计", 978.23, 512.64, 465.59])
    wb.create_sheet("空表")
    wb.save(str(path))


def test_sheets_load_as_tables(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    doc = load_document(path)
    assert doc.format == "xlsx"
    assert doc.text.startswith("收入支出决算总表\n\t项目\n\t金额\n\t占比\n\n\t本年收入合计\n\t1,489.93\n\t100.00%\n")
    assert "\t浮点\n\t0.3\n\t\n" in doc.text
    assert "空表" not in doc.text
    titles = [t.title for t in doc.tables]
    assert titles == ["收入支出决算总表", "支出决算表"]
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows[2] == ["一般公共服务支出", "1311.99", "88.06%"]
    assert [c.text for c in doc.tables[1].rows[0]] == ["合计", "978.23", "512.64", "465.59"]
    b = next(b for b in doc.blocks if b.locator == "sheet:收入支出决算总表/r:2/c:2")
    assert doc.text[b.start:b.end] == "1,489.93"


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1489.9299999999998, "General", "1489.93"),
        (2.675, "0.00", "2.68"),  # half-up on the decimal value, as Excel shows it
        (0.125, "0.0%", "12.5%"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (12, "0.00", "12.00"),
        (-0.001, "0.00", "0.00"),
        (Decimal("5.10"), "General", "5.1"),
        (3.0, "General", "3"),
        (0.5, '"¥"#,##0.00;[Red]-"¥"#,##0.00', "0.50"),
    ],
)
def test_number_formats(value: float, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04xx"], ids=["empty", "text", "zip-header"])
def test_damaged_workbooks(data: bytes) -> None:
    with pytest.raises(CorruptDocumentError, match=r"not a valid \.xlsx"):
        load_xlsx(data, "bad.xlsx")


def test_truncated_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    data = path.read_bytes()
    with pytest.raises(CorruptDocumentError):
        load_xlsx(data[: len(data) // 2], "cut.xlsx")
