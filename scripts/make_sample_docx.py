"""Build the .docx sample reports from their .txt versions (python-docx, real Word tables).

Why: the .docx loader must be exercised on documents shaped like the ones units send, and the
.txt samples already use the Word-export convention (a table is one ``"\\t<cell>"`` line per
cell, a blank line after each row), so the .docx is the inverse of that export.  Loading the
generated .docx gives back the .txt text exactly (tests/test_ingest_docx.py checks this).

Usage:  .venv/bin/python scripts/make_sample_docx.py [samples/x.txt ...]
        (default: samples/dept_self_eval_clean.txt and samples/dept_self_eval_errors.txt)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "samples" / "dept_self_eval_clean.txt", ROOT / "samples" / "dept_self_eval_errors.txt"]


def parse_blocks(text: str) -> list[tuple[str, object]]:
    """Split text into ("p", line) and ("table", rows) blocks, following the export convention."""
    lines = text.split("\n")
    blocks: list[tuple[str, object]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            blocks.append(("p", lines[i]))
            i += 1
            continue
        rows: list[list[str]] = []
        row: list[str] = []
        while i < len(lines) and (lines[i].startswith("\t") or lines[i] == ""):
            if lines[i] == "":
                if not row:  # two blank lines in a row: the table has ended
                    break
                rows.append(row)
                row = []
            else:
                row.append(lines[i][1:])
            i += 1
        if row:
            rows.append(row)
        blocks.append(("table", rows))
    return blocks


def build(text: str):  # -> docx.Document
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    # python-docx's template starts with no body paragraphs; add ours in order.
    for kind, value in parse_blocks(text):
        if kind == "p":
            document.add_paragraph(str(value))
            continue
        rows: list[list[str]] = value  # type: ignore[assignment]
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            tr = table.rows[r]._tr
            tcs = tr.tc_lst
            # a row with fewer cells than the grid: merge the last cell across the remaining columns
            if len(cells) < width:
                table.cell(r, len(cells) - 1).merge(table.cell(r, width - 1))
                tcs = tr.tc_lst
            for c, cell_text in enumerate(cells):
                tcs[c].xpath("./w:p")[0].append(_run(cell_text))
    return document


def _run(text: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or DEFAULT
    for src in paths:
        text = src.read_text(encoding="utf-8")
        out = src.with_suffix(".docx")
        doc = build(text)
        doc.core_properties.author = "budget-review samples"
        doc.save(str(out))
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
