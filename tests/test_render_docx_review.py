"""The Word document for PDF/text inputs is a reviewer's document: A4, summary first, headings,
real tables, one comment per finding (other quotes inside it); rendered through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, seed
from render_support import read_comments

from agent.ingest import load_document
from agent.pipeline import review_document
from agent.render import render
from agent.render.common import reading_order
from agent.render.docx import write_docx

REAL_PDF = ROOT.parent / "shared" / "real" / "p06_putuo_shehuigongzuobu_2024_juesuan.pdf"
NEEDS_LO = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                              reason="LibreOffice (soffice) or pdftoppm not installed; .ci/run installs "
                                     "libreoffice-writer-nogui and poppler-utils")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    doc = load_document(seed("003"))
    result = review_document(doc)
    out = tmp_path_factory.mktemp("docx") / "s003.docx"
    report = write_docx(result, doc, out)
    return doc, result, out, report


def test_a4_with_an_opening_summary_table(reviewed):
    import docx

    doc, result, out, _ = reviewed
    d = docx.Document(str(out))
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert d.paragraphs[0].style.name == "Title" and "预算文件审核意见" in d.paragraphs[0].text
    severity, rules, coverage = d.tables[:3]
    sev = {r.cells[0].text: r.cells[1].text for r in severity.rows[1:]}
    assert sev["错误"] == str(result.summary.by_severity["error"]) and sev["合计"] == str(len(result.findings))
    assert {r.cells[0].text.split("（")[0]: r.cells[2].text for r in rules.rows[1:]} == {
        k: str(v) for k, v in result.summary.by_rule.items()}
    cov = {r.cells[0].text: r.cells[1].text for r in coverage.rows[1:]}
    c = result.coverage
    assert cov == {"核查的勾稽关系": str(c.checked), "成立": str(c.held), "不成立": str(c.failed),
                   "未核实": str(c.not_verified), "未读取": str(c.unread)}


def test_headings_from_the_section_tree_and_tables_as_word_tables(reviewed):
    import docx

    doc, _, out, _ = reviewed
    d = docx.Document(str(out))
    headings = {p.text for p in d.paragraphs if p.style.name.startswith("Heading")}
    titles = {doc.text[s.start:doc.text.find("\n", s.start)] for s in doc.iter_sections()}
    assert titles and titles <= headings
    body_tables = d.tables[3:]
    assert len(body_tables) >= len(doc.tables) - 1 and body_tables
    cells = {c.text for t in body_tables for row in t.rows for c in row.cells}
    assert "1,489.93" in cells and "一、一般公共服务支出" in cells
    # no table cell ended up as a paragraph of its own outside a table
    body = {p.text for p in d.paragraphs}
    assert "1,489.93" not in body


def test_one_comment_per_finding_on_its_first_quote_other_quotes_inside(reviewed):
    _, result, out, report = reviewed
    comments, anchored = read_comments(out)
    findings = reading_order(result.findings)
    assert report.comments == len(findings) == len(comments) and not report.unanchored
    multi = [(i, f) for i, f in enumerate(findings) if len(f.evidence) > 1]
    assert multi
    for i, f in multi:
        text = comments[str(i)]["text"]
        assert "其他引文：" in text
        assert all(f"字符 {e.start}–{e.end}" in text for e in f.evidence[1:])
        assert "".join(anchored[str(i)]) == f.evidence[0].quote.replace("\n", "").replace("\t", "")


def test_english_summary(tmp_path):
    import docx

    doc = load_document(seed("003"))
    result = review_document(doc)
    out = tmp_path / "en.docx"
    render(result, "docx", doc=doc, out=out, lang="en")
    d = docx.Document(str(out))
    assert d.paragraphs[0].text.startswith("Budget document review")
    assert [r.cells[0].text for r in d.tables[2].rows] == ["Coverage", "identities checked", "held", "failed",
                                                           "not verified", "unread"]


def _render(out: Path, tmp: Path) -> tuple[Path, Path, list[str]]:
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    script = ROOT / "scripts" / "render_check.sh"
    proc = subprocess.run([str(script), str(out), "3", str(tmp)], capture_output=True, text=True, timeout=250)
    assert proc.returncode == 0, proc.stderr
    pdf_path, png_path = (Path(x) for x in proc.stdout.split())
    notes = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for a in resolve1(page.page_obj.attrs.get("Annots")) or []:
                c = resolve1(a).get("Contents")
                if isinstance(c, bytes):
                    notes.append(c.decode("utf-16") if c[:2] == b"\xfe\xff" else c.decode("latin-1"))
    return pdf_path, png_path, notes


@NEEDS_LO
@pytest.mark.timeout(300)
def test_libreoffice_renders_the_reviewer_document_of_a_seed(reviewed, tmp_path):
    _, result, out, _ = reviewed
    pdf_path, png_path, notes = _render(out, tmp_path / "lo")
    assert png_path.stat().st_size > 1000
    assert sorted(n.split("]")[0].lstrip("[") for n in notes) == sorted(f.rule for f in result.findings)


@NEEDS_LO
@pytest.mark.timeout(300)
def test_libreoffice_renders_the_reviewer_document_of_a_real_pdf(tmp_path):
    import pdfplumber

    if not REAL_PDF.is_file():
        pytest.skip(f"{REAL_PDF} not found")
    doc = load_document(REAL_PDF)
    result = review_document(doc)
    out = tmp_path / "p06.docx"
    report = write_docx(result, doc, out)
    assert report.comments == len(result.findings) and not report.unanchored
    pdf_path, png_path, notes = _render(out, tmp_path / "lo")
    assert len(notes) == len(result.findings)  # one balloon per finding (was one per quote)
    with pdfplumber.open(REAL_PDF) as src, pdfplumber.open(pdf_path) as rendered:
        # A4, and about as long as the source (the summary adds a page or two), not 3× as before
        assert len(rendered.pages) <= len(src.pages) + 6
        assert round(float(rendered.pages[0].width)) in (595, 596) and round(float(rendered.pages[0].height)) in (841, 842)
    assert png_path.stat().st_size > 1000
