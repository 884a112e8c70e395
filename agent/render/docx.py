"""Word output: the reviewed document with one Word comment per piece of evidence.

Reviewers work in Word/WPS and send the unit its own file back with comments, so for a .docx
input we annotate a copy of the source file (verified by sha256 to be the file that was
reviewed) and leave its text untouched; for .txt/.pdf inputs we write a new .docx with the
loaded text, one paragraph per line, cut into runs at every evidence boundary, and anchor the
comments the same way.  python-docx >= 1.2 writes real comments (``Document.add_comment``) that
Word, WPS and LibreOffice show in the margin.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.render.common import (
    RenderError,
    RenderUsageError,
    atomic_write,
    message,
    reading_order,
    values_line,
)
from agent.schemas import Document, Finding, ReviewResult, TextBlock

AUTHOR = "budget-review"
INITIALS = "BR"
# Characters XML 1.0 cannot hold; replaced one-for-one so offsets stay valid.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class DocxReport:
    """What was written: comment count, and which findings could not be anchored on their quote."""

    source: str  # "docx" (annotated copy) or "generated"
    comments: int = 0
    anchored: list[str] = field(default_factory=list)
    unanchored: list[str] = field(default_factory=list)


def comment_text(f: Finding, lang: str, k: int = 0, n: int = 1) -> str:
    """'[RULE] message' + stated/recomputed (+ the suggestion) — lines become comment paragraphs.

    A finding with several quotes gets one comment per quote; only the first carries the values
    and the suggestion, so the margin is not filled with the same block n times.
    """
    head = f"[{f.rule}] "
    if n > 1:
        head += f"（{k + 1}/{n}）" if lang == "zh" else f"({k + 1}/{n}) "
    lines = [head + message(f, lang)]
    vals = values_line(f, lang)
    if vals and k == 0:
        lines.append(vals)
    if lang == "zh" and f.suggestion and f.suggestion != f.message and k == 0:
        lines.append("建议：" + f.suggestion)
    return _XML_ILLEGAL.sub(" ", "\n".join(lines))


def _open_source(doc: Document) -> Any:
    import docx

    path = Path(doc.path)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise RenderError("the file changed after it was reviewed; run the review again", path)
    return docx.Document(io.BytesIO(data))


def _set_cjk_font(document: Any, east_asia: str = "SimSun") -> None:
    """Give the Normal style an East Asian font so Chinese renders as text in Word/LibreOffice."""
    from docx.oxml.ns import qn

    rpr = document.styles["Normal"].element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


def build_from_text(doc: Document, boundaries: set[int]) -> tuple[Any, list[TextBlock], dict[str, Any]]:
    """A new .docx holding ``doc.text`` (one paragraph per line, runs cut at ``boundaries``).

    Returns the document, one block per line (locator ``p:<line>``) and the w:p of each locator.
    """
    import docx

    document = docx.Document()
    _set_cjk_font(document)
    if document.paragraphs and not document.paragraphs[0].text:  # the template's empty first paragraph
        document.paragraphs[0]._p.getparent().remove(document.paragraphs[0]._p)
    blocks: list[TextBlock] = []
    elements: dict[str, Any] = {}
    pos = 0
    last_page = None
    for i, line in enumerate(doc.text.split("\n")):
        p = document.add_paragraph()
        end = pos + len(line)
        page = doc.page_at(pos) if line else None
        if page is not None and last_page is not None and page != last_page:
            p.paragraph_format.page_break_before = True
        last_page = page if page is not None else last_page
        cuts = [pos, *sorted(b for b in boundaries if pos < b < end), end]
        starts = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b > a:
                p.add_run(_XML_ILLEGAL.sub("\ufffd", doc.text[a:b]))
                starts.append(a)
        blocks.append(TextBlock(start=pos, end=end, locator=f"p:{i}", page=page, run_starts=starts))
        elements[f"p:{i}"] = p._p
        pos = end + 1
    return document, blocks, elements


def write_docx(result: ReviewResult, doc: Document | None, out: Path, lang: str = "zh") -> DocxReport:
    """Write the commented .docx to ``out`` atomically and say what was anchored where."""
    from agent.render.docx_anchor import Anchorer

    if doc is None:
        raise RenderUsageError("the docx output needs the loaded document (pass doc=…)")
    if result.document.sha256 != doc.sha256:
        raise RenderUsageError("the review result belongs to a different document than the one given", doc.path)
    findings = reading_order(result.findings)
    if doc.format == "docx" and Path(doc.path).is_file() and doc.blocks:
        document = _open_source(doc)
        blocks, elements = doc.blocks, None
        report = DocxReport(source="docx")
    else:
        bounds = {x for f in findings for e in f.evidence for x in (e.start, e.end)}
        document, blocks, elements = build_from_text(doc, bounds)
        report = DocxReport(source="generated")
    anchorer = Anchorer(document, blocks, elements)
    for f in findings:
        ok = True
        for k, e in enumerate(f.evidence):
            text = comment_text(f, lang, k, len(f.evidence))
            runs = anchorer.runs_for(e.start, e.end) if doc.text[e.start:e.end] == e.quote else None
            if runs is None:
                ok = False
                runs = anchorer.nearest_paragraph_runs(e.start)
                if runs is None:
                    continue
                text = ("（未能定位原文，批注于附近段落）" if lang == "zh" else "(quote not found; placed nearby) ") + text
            document.add_comment(list(runs), text=text, author=AUTHOR, initials=INITIALS)
            report.comments += 1
        (report.anchored if ok else report.unanchored).append(f.id)
    atomic_write(Path(out), lambda tmp: document.save(str(tmp)))
    return report
