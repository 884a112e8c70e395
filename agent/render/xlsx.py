"""Excel workbook of findings: one row per finding, filterable, plus a summary sheet.

Reviewers triage in Excel/WPS: filter by severity or rule, sort by document, paste into a
tracking sheet.  openpyxl writes real .xlsx (frozen header, autofilter, wrapped text) without
Excel installed.  Counts and amounts are numbers (so SUM and sorting work): a stated or
recomputed amount is stored as its exact Decimal with a number format showing the decimals the
report used (0.00), a percentage as a fraction with a 0.00% format.  Text is never a formula,
even when a quote begins with "="; characters XML cannot hold are removed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from agent.render.common import (
    SEVERITIES,
    atomic_write,
    counts_by_rule,
    counts_by_severity,
    document_name,
    finding_section,
    kind_label,
    location,
    message,
    reading_order,
    rule_title,
    severity_label,
    suggestion,
)
from agent.render.context import quote_contexts
from agent.render.coverage import coverage_rows, status_label, unchecked
from agent.schemas import Coverage, Document, ReviewResult, Severity

# Function-local imports in this module are deliberate: openpyxl loads only when Excel output is written
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

# (key, zh header, en header, width)
COLUMNS: list[tuple[str, str, str, int]] = [
    ("document", "文件", "Document", 26),
    ("section", "章节", "Section", 32),
    ("rule", "规则", "Rule", 22),
    ("severity", "严重程度", "Severity", 10),
    ("message", "审核意见", "Message", 60),
    ("stated", "报告数", "Stated", 16),
    ("recomputed", "复核数", "Recomputed", 16),
    ("quote", "原文引用", "Quote", 40),
    ("context", "原文上下文", "Context", 60),
    ("location", "位置", "Location", 22),
    ("suggestion", "建议更正", "Suggested correction", 40),
    ("tolerance", "容差", "Tolerance", 12),
    ("id", "编号", "Finding id", 24),
]

# Columns whose values are figures: written as numbers when they are a plain number or percentage.
NUMERIC_COLUMNS = ("stated", "recomputed")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.(\d+))?(%?)$")

_FILL = {Severity.ERROR: "F8CBAD", Severity.WARNING: "FFE699", Severity.INFO: "DDEBF7"}


def finding_rows(result: ReviewResult, lang: str, doc: Document | None = None) -> list[dict[str, str]]:
    """The findings sheet's rows for one document, in reading order (also used by tests).

    With the Document, a "context" column shows each quote's line or table row, quote in 【】.
    """
    rows = []
    for f in reading_order(result.findings):
        rows.append({
            "document": document_name(result.document),
            "section": finding_section(f) or "",
            "rule": f"{f.rule}（{rule_title(f.rule, lang)}）" if lang == "zh" else f.rule,
            "severity": severity_label(f.severity, lang),
            "message": message(f, lang),
            "stated": f.values.stated or "",
            "recomputed": f.values.recomputed or "",
            "quote": "\n".join(e.quote.strip("\n") for e in f.evidence),
            "context": "\n".join(c.marked("【", "】") for c in quote_contexts(f.evidence, doc)) if doc else "",
            "location": "\n".join(location(e, lang) for e in f.evidence),
            "suggestion": suggestion(f, lang) if (lang == "zh" and f.suggestion) else "",
            "tolerance": f.values.tolerance or "",
            "id": f.id,
        })
    return rows


def _clean(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _set(ws, row: int, col: int, value: Any):
    cell = ws.cell(row=row, column=col, value=_clean(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a quote such as "=98.77%" is text, not a formula
    return cell


def as_number(text: str) -> tuple[Decimal, str] | None:
    """('45.00' -> (45.00, '0.00'), '97.47%' -> (0.9747, '0.00%')); None for anything else (kept as text)."""
    m = _NUMBER.match(text.strip().replace(",", "")) if isinstance(text, str) else None
    if not m:
        return None
    try:
        value = Decimal(text.strip().replace(",", "").rstrip("%"))
    except InvalidOperation:
        return None
    decimals = len(m.group(1) or "")
    fmt = "0" + ("." + "0" * decimals if decimals else "")
    if m.group(2):
        return value / 100, fmt + "%"
    return value, fmt


def _header_row(ws, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for c, (h, w) in enumerate(zip(headers, widths, strict=True), 1):
        cell = _set(ws, 1, c, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"


def _findings_sheet(ws, results: list[ReviewResult], lang: str, docs: list[Document | None]) -> None:
    from openpyxl.styles import Alignment, PatternFill

    headers = [zh if lang == "zh" else en for _, zh, en, _ in COLUMNS]
    _header_row(ws, headers, [w for *_, w in COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 1
    for result, doc in zip(results, docs, strict=True):
        for row, f in zip(finding_rows(result, lang, doc), reading_order(result.findings), strict=True):
            r += 1
            for c, (key, *_rest) in enumerate(COLUMNS, 1):
                number = as_number(row[key]) if key in NUMERIC_COLUMNS else None
                cell = _set(ws, r, c, number[0] if number else row[key])
                if number:
                    cell.number_format = number[1]
                cell.alignment = wrap
            sev_cell = ws.cell(row=r, column=[k for k, *_ in COLUMNS].index("severity") + 1)
            sev_cell.fill = PatternFill("solid", fgColor=_FILL[Severity(f.severity)])
    ws.auto_filter.ref = f"A1:{ws.cell(row=max(r, 1), column=len(COLUMNS)).coordinate}"


def _summary_sheet(ws, results: list[ReviewResult], lang: str) -> None:
    from openpyxl.styles import Font

    zh = lang == "zh"
    sev_heads = [severity_label(s, lang) for s in SEVERITIES]
    cov_heads = [label for label, _ in coverage_rows(Coverage(), lang)]
    headers = (["文件", "标题", "单位", "年度", "文件类型", *sev_heads, "合计", *cov_heads] if zh else
               ["Document", "Title", "Unit", "Year", "Type", *sev_heads, "Total", *cov_heads])
    _header_row(ws, headers, [26, 36, 28, 8, 24, 8, 8, 8, 8, 14, 8, 8, 8, 8])
    r = 1
    for result in results:
        r += 1
        d = result.document
        counts = counts_by_severity(result)
        values = [document_name(d), d.title or "", d.unit_name or "", d.year or "", kind_label(d.kind, lang),
                  *[counts[s] for s in SEVERITIES], len(result.findings),
                  *[n for _, n in coverage_rows(result.coverage, lang)]]
        for c, v in enumerate(values, 1):
            _set(ws, r, c, v)
    ws.auto_filter.ref = f"A1:{ws.cell(row=max(r, 1), column=len(headers)).coordinate}"
    # Below the per-document table: counts by rule over all documents.
    r += 2
    for c, h in enumerate(["规则", "说明", "严重程度", "问题数", "涉及文件数"] if zh else
                          ["Rule", "Description", "Severity", "Findings", "Documents"], 1):
        _set(ws, r, c, h).font = Font(bold=True)
    for rule, row in counts_by_rule(results).items():
        r += 1
        cells: list[Any] = [rule, rule_title(rule, lang), severity_label(row["severity"], lang),
                            row["findings"], row["documents"]]
        for c, v in enumerate(cells, 1):
            _set(ws, r, c, v)


def _coverage_sheet(ws, results: list[ReviewResult], lang: str) -> None:
    """Every item the review could not check (not verified / unread), one row each, filterable."""
    headers = (["文件", "状态", "类型", "内容", "原因", "页码", "位置"] if lang == "zh" else
               ["Document", "Status", "Kind", "Item", "Reason", "Page", "Location"])
    _header_row(ws, headers, [26, 10, 10, 48, 48, 8, 22])
    r = 1
    for result in results:
        for item in unchecked(result.coverage):
            r += 1
            span = item.span
            for c, v in enumerate([document_name(result.document), status_label(item.status, lang), item.kind,
                                   item.label, item.reason, span.page if span and span.page is not None else "",
                                   location(span, lang) if span else ""], 1):
                _set(ws, r, c, v)
    ws.auto_filter.ref = f"A1:{ws.cell(row=max(r, 1), column=len(headers)).coordinate}"


def build_workbook(results: list[ReviewResult], lang: str = "zh", docs: list[Document | None] | None = None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单" if lang == "zh" else "Findings"
    _findings_sheet(ws, results, lang, docs or [None] * len(results))
    _summary_sheet(wb.create_sheet("汇总" if lang == "zh" else "Summary"), results, lang)
    _coverage_sheet(wb.create_sheet("未核实事项" if lang == "zh" else "Not checked"), results, lang)
    return wb


def write_xlsx_many(results: list[ReviewResult], out: Path, lang: str = "zh",
                    docs: list[Document | None] | None = None) -> None:
    """One workbook for many documents (the batch summary); written atomically."""
    wb = build_workbook(results, lang, docs)
    atomic_write(Path(out), lambda tmp: wb.save(str(tmp)))


def write_xlsx(result: ReviewResult, out: Path, lang: str = "zh", doc: Document | None = None) -> None:
    write_xlsx_many([result], out, lang, [doc])
