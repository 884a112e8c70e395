"""Word output: the reviewed document with one Word comment per finding.

Reviewers work in Word/WPS and send the unit its own file back with comments, so for a .docx
input we annotate a copy of the source file (verified by sha256 to be the file that was
reviewed) and leave its text untouched.  For .txt/.pdf inputs we write a reviewer's document
(``agent.render.docx_build``): A4, an opening summary, the report with its headings and its
tables as Word tables.  Either way each finding is one comment, anchored on its first quote that
can be located, with the finding's other quotes listed inside it — one balloon per problem, not
one per figure.  python-docx >= 1.2 writes real comments (``Document.add_comment``) that Word,
WPS and LibreOffice show in the margin.
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
    location,
    message,
    reading_order,
    values_line,
)
from agent.render.docx_anchor import Anchorer
from agent.render.docx_build import build_review_document
from agent.render.text import one_line_quote
from agent.schemas import Document, Finding, ReviewResult

# Function-local imports in this module are deliberate: python-docx loads only when Word output is written
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

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


def comment_text(f: Finding, lang: str, anchor: int = 0) -> str:
    """'[RULE] message', stated/recomputed, the suggestion, then the finding's other quotes.

    Lines become comment paragraphs.  ``anchor`` is the index of the evidence the comment sits
    on; every other quote is listed with its location so the reviewer sees the whole finding in
    one balloon.
    """
    lines = [f"[{f.rule}] " + message(f, lang)]
    vals = values_line(f, lang)
    if vals:
        lines.append(vals)
    if lang == "zh" and f.suggestion and f.suggestion != f.message:
        lines.append("建议：" + f.suggestion)
    others = [e for i, e in enumerate(f.evidence) if i != anchor]
    if others:
        lines.append("其他引文：" if lang == "zh" else "Other quotes:")
        lines += [f"· {one_line_quote(e.quote, 120)}（{location(e, lang)}）" if lang == "zh"
                  else f"· {one_line_quote(e.quote, 120)} ({location(e, lang)})" for e in others]
    return _XML_ILLEGAL.sub(" ", "\n".join(lines))


def _open_source(doc: Document) -> Any:
    import docx

    path = Path(doc.path)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise RenderError("the file changed after it was reviewed; run the review again", path)
    return docx.Document(io.BytesIO(data))


def write_docx(result: ReviewResult, doc: Document | None, out: Path, lang: str = "zh") -> DocxReport:
    """Write the commented .docx to ``out`` atomically and say what was anchored where."""
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
        built = build_review_document(doc, result, bounds, lang)
        document, blocks, elements = built.document, built.blocks, built.elements
        report = DocxReport(source="generated")
    anchorer = Anchorer(document, blocks, elements)
    for f in findings:
        anchor, runs = _anchor(anchorer, doc, f)
        text = comment_text(f, lang, anchor if anchor >= 0 else -1)
        if runs is None:
            runs = anchorer.nearest_paragraph_runs(f.evidence[0].start)
            if runs is None:
                report.unanchored.append(f.id)
                continue
            text = ("（未能定位原文，批注于附近段落）" if lang == "zh" else "(quote not found; placed nearby) ") + text
            report.unanchored.append(f.id)
        else:
            report.anchored.append(f.id)
        document.add_comment(list(runs), text=text, author=AUTHOR, initials=INITIALS)
        report.comments += 1
    atomic_write(Path(out), lambda tmp: document.save(str(tmp)))
    return report


def _anchor(anchorer: Any, doc: Document, f: Finding) -> tuple[int, tuple[Any, Any] | None]:
    """(index of the evidence the comment sits on, its first and last run): the first quote that is
    verbatim at its offsets and lies in the written text; (-1, None) when none does."""
    for i, e in enumerate(f.evidence):
        if doc.text[e.start:e.end] != e.quote:
            continue
        runs = anchorer.runs_for(e.start, e.end)
        if runs is not None:
            return i, runs
    return -1, None
