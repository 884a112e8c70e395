"""Word output: every finding becomes one comment anchored on exactly its first quoted text.

Anchoring is checked from the package XML (commentRangeStart/End in word/document.xml and the
comments in word/comments.xml), not through the code that wrote it.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES_DIR, seed
from render_support import (
    make_result,
    quote_paragraph_pieces,
    read_comments,
    result_for,
    seed003_findings,
    seed_to_docx,
)

from agent.errors import BudgetReviewError
from agent.ingest import load_document
from agent.render import RenderUsageError, render
from agent.render.common import reading_order
from agent.render.docx import write_docx
from agent.schemas import Document, Finding, ReviewResult, Severity


def _expected(result: ReviewResult):
    """(finding, anchor span) in the order the renderer adds comments (ids 0, 1, …): one per finding."""
    return [(f, f.evidence[0]) for f in reading_order(result.findings)]


def assert_anchored(out: Path, result: ReviewResult) -> None:
    comments, anchored = read_comments(out)
    expected = _expected(result)
    assert len(comments) == len(expected) == len(anchored)
    for i, (f, e) in enumerate(expected):
        c = comments[str(i)]
        assert c["author"] == "budget-review" and c["initials"] == "BR"
        assert c["text"].startswith(f"[{f.rule}]")
        if f.values.stated:
            assert f.values.stated in c["text"] and (f.values.recomputed or "") in c["text"]
        for other in f.evidence[1:]:  # the other quotes are listed inside the one comment
            assert f"字符 {other.start}–{other.end}" in c["text"] or f"chars {other.start}–{other.end}" in c["text"]
        assert anchored[str(i)] == quote_paragraph_pieces(e.quote), (f.rule, e.quote)


def body_lines(path: Path) -> list[str]:
    """Text of every paragraph after the opening summary (body and table cells, document order)."""
    from lxml import etree
    from render_support import W, _run_text

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    paras = list(root.iter(W + "p"))
    start = next(i for i, p in enumerate(paras) if any(b.get(W + "type") == "page" for b in p.iter(W + "br")))
    out = []
    for p in paras[start + 1:]:
        text = "".join(_run_text(r) for r in p.iter(W + "r")).lstrip("\t")
        if text.strip():
            out.append(text)
    return out


def text_lines(doc: Document) -> list[str]:
    return [ln.lstrip("\t") for ln in doc.text.split("\n") if ln.strip()]


def _char_formatting(path: Path) -> list[list[tuple[str, bool]]]:
    """Every paragraph (body and cells) as (character, bold) pairs: text *and* formatting."""
    import docx

    from agent.ingest.docx import RUN_XPATH

    d = docx.Document(str(path))
    out = []
    for p in d.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        chars = []
        for r in p.xpath(RUN_XPATH):
            b = r.rPr is not None and r.rPr.b is not None
            chars += [(ch, b) for ch in r.text]
        out.append(chars)
    return out


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Document:
    """A real Word report (paragraphs + real tables, runs cut every 7 chars) made from seed 003."""
    src = load_document(seed("003"))
    path = tmp_path_factory.mktemp("docx") / "seed003.docx"
    seed_to_docx(src.text, path)
    doc = load_document(path)
    assert doc.format == "docx" and doc.blocks
    return doc


def test_txt_input_becomes_docx_with_anchored_comments(tmp_path):
    doc = load_document(seed("003"))
    result = result_for(doc)
    out = tmp_path / "review.docx"
    assert render(result, "docx", doc=doc, out=out) is None
    assert_anchored(out, result)
    # after the summary, the generated document holds the loaded text verbatim, line by line
    assert body_lines(out) == text_lines(doc)


def test_docx_input_comments_on_exact_runs_text_unchanged(seed_docx, tmp_path):
    doc = seed_docx
    result = result_for(doc)
    # the table cell "1,489.93" is cut into runs "1,489.9" + "3": the quote needs no split but two runs
    out = tmp_path / "annotated.docx"
    report = write_docx(result, doc, out)
    assert report.source == "docx" and not report.unanchored
    assert report.comments == len(result.findings)  # one comment per finding
    assert_anchored(out, result)
    # text unchanged: the reloaded document is identical, character by character, with formatting
    assert load_document(out).text == doc.text
    assert _char_formatting(out) == _char_formatting(Path(doc.path))


def test_docx_table_cell_multi_paragraph_and_overlapping_quotes(seed_docx, tmp_path):
    doc = seed_docx
    text = doc.text
    row = text.index("一、一般公共预算财政拨款收入")
    cell_end = text.index("1,489.93", row) + len("1,489.93")
    spans = {
        # one table row across three cells (three paragraphs)
        "row": doc.span(row, cell_end),
        # a quote starting and ending in the middle of runs
        "mid": doc.span(text.index("118.97万元") + 2, text.index("118.97万元") + 9),
        # overlapping quotes on the same sentence
        "outer": doc.span(text.index("占政府采购支出总额的97.47%"), text.index("占政府采购支出总额的97.47%") + 16),
        "inner": doc.span(text.index("97.47%") - 2, text.index("97.47%") + 6),
        # a single character
        "one": doc.span(text.index("18670870880") + 3, text.index("18670870880") + 4),
    }
    findings = seed003_findings(doc) + [
        Finding(id=Finding.make_id("SUM_MISMATCH", [s]), rule="SUM_MISMATCH", severity=Severity.ERROR,
                message=f"测试{name}", message_en=f"test {name}", evidence=[s])
        for name, s in spans.items()
    ]
    result = make_result(doc, findings)
    out = tmp_path / "annotated.docx"
    report = write_docx(result, doc, out)
    assert not report.unanchored
    assert_anchored(out, result)
    _, anchored = read_comments(out)
    order = [e for _, e in _expected(result)]
    row_comment = anchored[str(order.index(spans["row"]))]
    assert row_comment == ["一、一般公共预算财政拨款收入", "1", "1,489.93"]
    assert load_document(out).text == doc.text
    assert _char_formatting(out) == _char_formatting(Path(doc.path))


def test_docx_samples_every_block_fragment_anchors(tmp_path):
    """The project's .docx samples (if any): a quote in the middle of every 10th paragraph."""
    samples = sorted(SAMPLES_DIR.glob("**/*.docx"))
    if not samples:
        pytest.skip(f"no .docx samples in {SAMPLES_DIR}")
    for path in samples:
        doc = load_document(path)
        spans = []
        for b in doc.blocks[::10]:
            if b.end - b.start >= 6:
                spans.append(doc.span(b.start + 2, b.end - 2))
        if not spans:
            continue
        findings = [Finding(id=Finding.make_id("DUPLICATE_TEXT", [s]), rule="DUPLICATE_TEXT",
                            severity=Severity.INFO, message="测试", message_en="test", evidence=[s])
                    for s in spans]
        result = make_result(doc, findings)
        out = tmp_path / (path.stem + ".reviewed.docx")
        report = write_docx(result, doc, out)
        assert not report.unanchored, path
        assert_anchored(out, result)
        assert load_document(out).text == doc.text


def test_docx_needs_out_and_doc(seed_docx, tmp_path):
    result = result_for(seed_docx)
    with pytest.raises(RenderUsageError, match="--out"):
        render(result, "docx", doc=seed_docx)
    with pytest.raises(BudgetReviewError, match="loaded document"):
        render(result, "docx", out=tmp_path / "x.docx")
    assert not list(tmp_path.iterdir())


def test_docx_refuses_changed_source(seed_docx, tmp_path):
    copy = tmp_path / "copy.docx"
    shutil.copy(seed_docx.path, copy)
    doc = seed_docx.model_copy(update={"path": str(copy)})
    result = result_for(doc)
    with copy.open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(BudgetReviewError, match="changed"):
        render(result, "docx", doc=doc, out=tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_unlocatable_evidence_is_still_commented_nearby(tmp_path):
    doc = load_document(seed("003"))
    good = seed003_findings(doc)[0]
    bad_span = good.evidence[0].model_copy(update={"quote": "不在原文中的引用"})
    bad = good.model_copy(update={"id": "x", "evidence": [bad_span]})
    result = make_result(doc, [bad])
    report = write_docx(result, doc, tmp_path / "out.docx")
    assert report.unanchored == ["x"] and report.comments == 1
    comments, _ = read_comments(tmp_path / "out.docx")
    assert "未能定位原文" in comments["0"]["text"]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice (soffice) or pdftoppm not installed; .ci/run installs "
                           "libreoffice-writer-nogui and poppler-utils")
@pytest.mark.timeout(180)
def test_libreoffice_opens_commented_docx(seed_docx, tmp_path):
    """LibreOffice converts the output to PDF with our comments as annotations; page 1 renders to PNG."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    result = result_for(seed_docx)
    out = tmp_path / "annotated.docx"
    render(result, "docx", doc=seed_docx, out=out)
    script = Path(__file__).resolve().parents[1] / "scripts" / "render_check.sh"
    proc = subprocess.run([str(script), str(out), "1", str(tmp_path / "lo")], capture_output=True, text=True,
                          timeout=170)
    assert proc.returncode == 0, proc.stderr
    pdf_path, png_path = (Path(x) for x in proc.stdout.split())
    assert png_path.stat().st_size > 1000
    notes = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for a in resolve1(page.page_obj.attrs.get("Annots")) or []:
                c = resolve1(a).get("Contents")
                if isinstance(c, bytes):
                    notes.append(c.decode("utf-16") if c[:2] == b"\xfe\xff" else c.decode("latin-1"))
    rules = sorted(f.rule for f, _ in _expected(result))
    assert sorted(n.split("]")[0].lstrip("[") for n in notes) == rules


def test_pipeline_findings_anchor_on_every_seed(seeds, tmp_path):
    """The real review pipeline's findings anchor exactly, .txt and .docx alike."""
    from agent import pipeline

    for path in seeds:
        doc = load_document(path)
        result = pipeline.review_document(doc)
        if not result.findings:
            continue
        out = tmp_path / (path.stem + ".docx")
        report = write_docx(result, doc, out)
        assert not report.unanchored, (path.name, report.unanchored)
        assert_anchored(out, result)
        # the same findings on a Word version of the seed
        wpath = tmp_path / (path.stem + ".src.docx")
        seed_to_docx(doc.text, wpath)
        wdoc = load_document(wpath)
        wresult = pipeline.review_document(wdoc)
        wout = tmp_path / (path.stem + ".reviewed.docx")
        assert not write_docx(wresult, wdoc, wout).unanchored
        assert_anchored(wout, wresult)
        assert load_document(wout).text == wdoc.text


def test_pdf_input_generated_docx_keeps_pages(tmp_path):
    """A PDF's text goes into a new .docx with a page break where the PDF's page 2 begins."""
    import docx
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for lines in (["Budget execution report 2024", "Total spending 1239.52"],
                  ["Execution rate 99.10 percent", "Contact 18670870880"]):
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line)
            pdf.ln()
    src = tmp_path / "report.pdf"
    src.write_bytes(bytes(pdf.output()))
    doc = load_document(src)
    spans = [doc.span(doc.text.index("99.10"), doc.text.index("99.10") + 5),
             doc.span(doc.text.index("1239.52"), doc.text.index("1239.52") + 7)]
    assert [s.page for s in spans] == [2, 1]
    findings = [Finding(id=str(i), rule="OVER_BUDGET", severity=Severity.WARNING, message="测试",
                        message_en="test", evidence=[s]) for i, s in enumerate(spans)]
    result = make_result(doc, findings)
    out = tmp_path / "report.docx"
    report = write_docx(result, doc, out)
    assert report.source == "generated" and not report.unanchored
    assert_anchored(out, result)
    paragraphs = docx.Document(str(out)).paragraphs
    assert body_lines(out) == text_lines(doc)
    breaks = [p.text for p in paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 1 and "Execution rate" in breaks[0]


def test_docx_comments_in_english(tmp_path):
    doc = load_document(seed("003"))
    result = result_for(doc)
    out = tmp_path / "en.docx"
    render(result, "docx", doc=doc, out=out, lang="en")
    comments, _ = read_comments(out)
    texts = [c["text"] for c in comments.values()]
    assert any("stated 97.47%; recomputed 99.47%" in t for t in texts)
    assert all(f.message_en in "\n".join(texts) for f in result.findings)
