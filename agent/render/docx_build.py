"""A reviewer's Word document for a PDF or text input: summary first, then the report as a document.

A PDF's loaded text is one line per visual line and one line per table cell; written line by
line it became a long Letter-size document with a one-cell paragraph per figure.  Here the
Document's own structure is used instead: the section tree gives Word headings, ``Document.tables``
gives real Word tables (one Word cell per table cell), the page is A4, and an opening summary
(counts by severity and rule, what the review covered) comes before the text.  Every paragraph
and cell paragraph is recorded as a TextBlock (offsets into ``Document.text`` and run starts) so
the comment anchoring code works on it exactly as on an annotated .docx.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from agent.render.common import (
    SEVERITIES,
    counts_by_rule,
    counts_by_severity,
    document_name,
    kind_label,
    rule_title,
    severity_label,
)
from agent.render.coverage import capped, coverage_rows, unchecked
from agent.schemas import Document, ReviewResult, Table, TextBlock

# Function-local imports in this module are deliberate: python-docx loads only when Word output is written
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

# Characters XML 1.0 cannot hold; replaced one-for-one so offsets stay valid.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EAST_ASIA_FONT = "SimSun"
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")

_L = {
    "zh": {"title": "预算文件审核意见", "file": "文件", "unit": "单位", "year": "年度", "kind": "文件类型",
           "tool": "审核工具", "severity": "严重程度", "count": "数量", "total": "合计", "rule": "规则",
           "coverage": "核查范围", "item": "项目", "todo": "未能自动核实的内容（请人工核对）",
           "note": "以下为原文；每条审核意见以批注形式标注在所引原文处（共 {n} 条）。", "rules": "规则版本"},
    "en": {"title": "Budget document review", "file": "File", "unit": "Unit", "year": "Year",
           "kind": "Document type", "tool": "Reviewed with", "severity": "Severity", "count": "Count",
           "total": "Total", "rule": "Rule", "coverage": "Coverage", "item": "Item",
           "todo": "Not checked automatically (check by hand)",
           "note": "The report follows; each finding is a comment on the text it quotes ({n} comments).",
           "rules": "rules version"},
}


@dataclass
class Built:
    """The new document, one TextBlock per paragraph of report text, and the w:p of each block."""

    document: Any
    blocks: list[TextBlock] = field(default_factory=list)
    elements: dict[str, Any] = field(default_factory=dict)


def set_cjk_font(document: Any, styles: tuple[str, ...] = ("Normal", *HEADING_STYLES)) -> None:
    """Give the styles an East Asian font so Chinese renders as text in Word/WPS/LibreOffice."""
    from docx.oxml.ns import qn

    for name in styles:
        try:
            style = document.styles[name]
        except KeyError:
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)


def set_a4(document: Any) -> None:
    """A4 portrait with 2.5 cm margins: the paper Chinese public-sector documents are printed on."""
    from docx.shared import Cm, Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)


def _cell_text(cell: Any, text: str) -> None:
    cell.paragraphs[0].add_run(XML_ILLEGAL.sub(" ", text))


def _small_table(document: Any, header: list[str], rows: list[list[Any]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell_text(cell, str(value))
    return table


def add_summary(document: Any, result: ReviewResult, lang: str) -> None:
    """Title, document facts, counts by severity and by rule, and the coverage of the review."""
    L = _L[lang]
    d = result.document
    document.add_heading(XML_ILLEGAL.sub(" ", f"{L['title']}：{d.title or document_name(d)}" if lang == "zh"
                                         else f"{L['title']}: {d.title or document_name(d)}"), level=0)
    sep = "：" if lang == "zh" else ": "
    meta = [(L["file"], document_name(d)), (L["unit"], d.unit_name), (L["year"], d.year),
            (L["kind"], kind_label(d.kind, lang)),
            (L["tool"], f"budget-review {result.tool.version}（{L['rules']} {result.tool.rules_version}）"
             if lang == "zh" else f"budget-review {result.tool.version} ({L['rules']} {result.tool.rules_version})")]
    for label, value in meta:
        if value:
            document.add_paragraph(XML_ILLEGAL.sub(" ", f"{label}{sep}{value}"))
    document.add_paragraph(L["note"].format(n=len(result.findings)))
    counts = counts_by_severity(result)
    rows: list[list[Any]] = [[severity_label(s, lang), counts[s]] for s in SEVERITIES]
    _small_table(document, [L["severity"], L["count"]], [*rows, [L["total"], len(result.findings)]])
    by_rule = counts_by_rule([result])
    if by_rule:
        document.add_paragraph()
        _small_table(document, [L["rule"], L["severity"], L["count"]], [
            [f"{rule}（{rule_title(rule, lang)}）" if lang == "zh" else f"{rule} ({rule_title(rule, lang)})",
             severity_label(row["severity"], lang), row["findings"]] for rule, row in by_rule.items()])
    document.add_paragraph()
    _small_table(document, [L["coverage"], L["count"]], [[label, n] for label, n in coverage_rows(result.coverage,
                                                                                                  lang)])
    document.add_paragraph()
    items = unchecked(result.coverage)
    if items:
        shown, more = capped(items, lang)
        document.add_paragraph(L["todo"] + ("：" if lang == "zh" else ":"))
        for text in shown + ([more] if more else []):
            document.add_paragraph(XML_ILLEGAL.sub(" ", text), style="List Bullet")


class _Writer:
    """Appends report text to the document, cutting runs at the evidence boundaries."""

    def __init__(self, doc: Document, built: Built, boundaries: set[int]):
        self.doc, self.built = doc, built
        self.bounds = sorted(boundaries)
        self.last_page: int | None = None
        self.page_break_pending = False

    def fill(self, paragraph: Any, start: int, end: int, locator: str) -> None:
        """Runs for doc.text[start:end] in ``paragraph``; records the block."""
        lo, hi = bisect.bisect_right(self.bounds, start), bisect.bisect_left(self.bounds, end)
        cuts = [start, *self.bounds[lo:hi], end]
        starts = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b > a:
                paragraph.add_run(XML_ILLEGAL.sub("\ufffd", self.doc.text[a:b]))
                starts.append(a)
        page = self.doc.page_at(start) if end > start else None
        self.built.blocks.append(TextBlock(start=start, end=end, locator=locator, page=page, run_starts=starts))
        self.built.elements[locator] = paragraph._p

    def page_of(self, start: int) -> None:
        """Note a PDF page change: the next body paragraph starts a new Word page."""
        page = self.doc.page_at(start)
        if page is not None and self.last_page is not None and page != self.last_page:
            self.page_break_pending = True
        if page is not None:
            self.last_page = page


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end]."""
    out = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _table_fits(doc: Document, t: Table) -> bool:
    """A table is written as a Word table when it spans whole lines and every visible character of
    its range belongs to a cell; otherwise its lines are kept as paragraphs (no text is ever lost)."""
    if not t.rows or not any(t.rows) or t.end <= t.start:
        return False
    if (t.start > 0 and doc.text[t.start - 1] != "\n") or (t.end < len(doc.text) and doc.text[t.end] != "\n"
                                                          and doc.text[t.end - 1] != "\n"):
        return False
    covered = [False] * (t.end - t.start)
    for row in t.rows:
        for c in row:
            for i in range(max(c.start, t.start), min(c.end, t.end)):
                covered[i - t.start] = True
    return all(covered[i] or ch in "\t\n \u3000" for i, ch in enumerate(doc.text[t.start:t.end]))


def _add_table(document: Any, writer: _Writer, t: Table, ti: int) -> None:
    from docx.shared import Pt

    ncols = max((len(r) for r in t.rows), default=0)
    rows = [r for r in t.rows if r]
    if not rows or ncols == 0:
        return
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for ri, row in enumerate(rows):
        for ci, cell in enumerate(row):
            target = table.cell(ri, ci)
            for li, (a, b) in enumerate(_lines(writer.doc.text, cell.start, cell.end)):
                p = target.paragraphs[0] if li == 0 else target.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                writer.fill(p, a, b, f"t:{ti}:{ri}:{ci}:{li}")
                for run in p.runs:
                    run.font.size = Pt(9)  # 决算 tables have up to 10 columns on A4 portrait


def build_review_document(doc: Document, result: ReviewResult, boundaries: set[int], lang: str = "zh") -> Built:
    """The opening summary, then the report: headings from the section tree, tables as Word tables."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    set_a4(document)
    set_cjk_font(document)
    document.styles["Normal"].paragraph_format.space_after = Pt(2)
    if document.paragraphs and not document.paragraphs[0].text:  # the template's empty first paragraph
        document.paragraphs[0]._p.getparent().remove(document.paragraphs[0]._p)
    add_summary(document, result, lang)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    built = Built(document)
    writer = _Writer(doc, built, boundaries)
    headings = {s.start: s.level for s in doc.iter_sections()}
    tables = sorted((t for t in doc.tables if _table_fits(doc, t)), key=lambda t: t.start)
    ti, written, n = 0, -1, 0
    for start, end in _lines(doc.text, 0, len(doc.text)):
        while ti < len(tables) and tables[ti].end <= start:
            ti += 1
        if ti < len(tables) and tables[ti].start <= start < tables[ti].end:
            if written != ti:  # the table's first line: write the whole table
                writer.page_of(start)
                writer.page_break_pending = False  # a table never starts with a forced break
                _add_table(document, writer, tables[ti], ti)
                written = ti
            continue
        if end == start or not doc.text[start:end].strip():
            continue
        writer.page_of(start)
        level = headings.get(start)
        if level is not None:
            p = document.add_heading(level=min(max(level, 1), len(HEADING_STYLES) - 1))
        else:
            p = document.add_paragraph()
        if writer.page_break_pending:
            p.paragraph_format.page_break_before = True
            writer.page_break_pending = False
        writer.fill(p, start, end, f"p:{n}")
        n += 1
    return built
