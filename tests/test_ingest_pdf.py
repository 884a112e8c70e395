"""The PDF loader on PDFs made here with fpdf2: text, tables, page blocks, scanned and encrypted files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fpdf import FPDF

from agent.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from agent.ingest import load_document
from agent.ingest.pdf import load_pdf

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]


@cache
def cjk_font() -> Path | None:
    """A .ttf/.otf on this machine with CJK glyphs, or None (then the PDFs use ASCII text)."""
    from fontTools.ttLib import TTFont

    for root in FONT_DIRS:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".otf"):
                continue
            try:
                cmap = TTFont(str(path), lazy=True).getBestCmap() or {}
            except Exception:  # noqa: BLE001 - unreadable font: try the next
                continue
            if all(ord(ch) in cmap for ch in "预算执行率万元"):
                return path
    return None


def _pdf(lines_per_page: list[list[str]], table: list[list[str]] | None = None) -> bytes:
    pdf = FPDF()
    font = cjk_font()
    if font:
        pdf.add_font("cjk", fname=str(font))
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("helvetica", size=12)
    for lines in lines_per_page:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line)
            pdf.ln()
        if table:
            with pdf.table() as t:
                for row in table:
                    r = t.row()
                    for cell in row:
                        r.cell(cell)
            pdf.cell(text="END OF PAGE")
            pdf.ln()
    return bytes(pdf.output())


def _texts() -> tuple[list[str], list[str]]:
    if cjk_font():
        return (["2024年度部门整体支出绩效自评报告", "全年支出1,378.28万元"], ["一、预算执行率99.49%"])
    return (["Budget report 2024", "Total spending 1,378.28"], ["Execution rate 99.49%"])


def test_pdf_text_loads_with_page_blocks(tmp_path: Path) -> None:
    page1, page2 = _texts()
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([page1, page2]))
    doc = load_document(path)
    assert doc.format == "pdf"
    for line in page1 + page2:
        assert line in doc.text
    assert [b.locator for b in doc.blocks] == ["page:1", "page:2"]
    assert doc.page_at(doc.text.index(page1[1])) == 1
    assert doc.page_at(doc.text.index(page2[0])) == 2
    assert doc.span(doc.text.index(page2[0]), doc.text.index(page2[0]) + 3).page == 2


def test_pdf_table_is_written_in_the_tab_convention_once(tmp_path: Path) -> None:
    rows = [["Item", "Budget", "Actual"], ["Basic", "560.86", "558.12"], ["Project", "824.44", "820.16"]]
    page1, _ = _texts()
    path = tmp_path / "table.pdf"
    path.write_bytes(_pdf([page1], table=rows))
    doc = load_document(path)
    assert "\tBasic\n\t560.86\n\t558.12\n\n\tProject" in doc.text
    assert doc.text.count("560.86") == 1  # not also in the running text
    assert doc.text.index(page1[0]) < doc.text.index("\tItem") < doc.text.index("END OF PAGE")
    assert [[c.text for c in r] for r in doc.tables[0].rows] == rows


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(20, 20, 120, 80, style="F")
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(NoTextLayerError, match=r"no text layer \(scanned\?\)"):
        load_document(path)


def test_encrypted_pdf_says_so(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret budget")
    pdf.set_encryption(owner_password="owner", user_password="user")
    path = tmp_path / "locked.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(EncryptedDocumentError, match="PDF is encrypted"):
        load_document(path)


def test_text_file_named_pdf_is_not_a_valid_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("这不是PDF，只是文本。", encoding="utf-8")
    with pytest.raises(CorruptDocumentError, match="not a valid PDF"):
        load_document(path)


def test_truncated_pdf_is_corrupt() -> None:
    data = _pdf([_texts()[0]])
    with pytest.raises(CorruptDocumentError, match="not a valid PDF"):
        load_pdf(data[: len(data) // 3], "cut.pdf")


def test_owner_password_only_pdf_still_loads(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Total 12.34")
    pdf.set_encryption(owner_password="owner")  # opens without a password, like most "protected" reports
    path = tmp_path / "owner.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert "Total 12.34" in load_document(path).text


def test_a_hyphen_pdfium_took_for_a_line_break_stays_a_minus() -> None:
    """PDFium returns a minus it read as an end-of-line hyphen as U+0002 (U+FFFE from a whole page):
    '公用经费\\x0217.25万元' is '公用经费-17.25万元' (learning11)."""
    from agent.ingest.pdf import _lines

    assert _lines("公用经费\x0217.25万元\n人员经费\ufffe3.00万元") == ["公用经费-17.25万元", "人员经费-3.00万元"]


def test_a_word_cut_at_the_line_end_is_joined() -> None:
    """'…“三公”经费预算28.00万元，实' / '际支出21.37万元…' (learning14, a PDF wrapped by hand): a line ending inside a word,
    followed by an unindented line, is one line; an indented paragraph start is not joined."""
    from agent.ingest.pdf import _join

    full = 60
    assert _join("　　（四）“三公”经费管理。2024年“三公”经费预算28.00万元，实", "际支出21.37万元，控制率为67.32%", full)
    assert not _join("　　（四）“三公”经费管理。2024年“三公”经费预算28.00万元，实", "　　（五）政府采购情况", full)


def test_a_line_ending_at_a_comma_is_continued() -> None:
    """'…上年收支预算总计为2,903.40万元，' / '本年比上年增加138.44万元，增长4.77%' (learning14, a PDF wrapped by hand at a
    comma): a sentence never ends at a comma, so the unindented next line continues it; an indented line
    (a new paragraph) and a short line (a table's label) are left alone."""
    from agent.ingest.pdf import _join

    full = 120  # the line above is four fifths of a full line (a CJK character is two columns)
    prev = "　　一、收支预算总体情况。2025年收入预算2,764.96万元，收支平衡。上年收支预算总计为2,903.40万元，"
    assert _join(prev, "本年比上年增加138.44万元，增长4.77%，增加的主要原因是项目经费增加。", full)
    assert not _join(prev, "　　二、收入预算情况。一般公共预算拨款收入2,318.46万元。", full)
    assert not _join("单位：万元，", "本年比上年增加", full)
