"""A real-looking PDF (seed text, wrapped lines, CJK font) reviews like its text: wrapped lines are
joined back, so a '分别为' list broken by the page width is not mistaken for a short list."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ingest import load_document
from agent.pipeline import review_document
from tests.conftest import seed

FONTS = [Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
         *Path("/usr/share/fonts").glob("**/NotoSansCJK*.tt[cf]")]


def _cjk_font() -> Path:
    for f in FONTS:
        if f.exists():
            return f
    pytest.skip("no CJK font installed (.ci/run installs fonts-wqy-zenhei)")
    raise AssertionError


def test_wrapped_pdf_reviews_like_the_text(tmp_path):
    from fpdf import FPDF

    text = seed("001").read_text(encoding="utf-8")[:6000]
    pdf = FPDF()
    pdf.add_font("cjk", "", str(_cjk_font()))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line if line.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    out = tmp_path / "s001.pdf"
    pdf.output(str(out))
    doc = load_document(out)
    assert "分别为：（1）追加政务大厅春节慰问费2万元、市民热线2万元；（2）增2022年" in doc.text.replace(" ", "")
    rules = {f.rule for f in review_document(doc).findings}
    assert "OVER_BUDGET" in rules
    assert "SUM_MISMATCH" not in rules
