"""Review outputs: one entry point, one module per format.

``render(result, fmt, …)`` returns the text for text/json/markdown (and also writes it to
``out`` when given) and writes the file for docx/xlsx (``out`` required), always atomically.
Renderers only read a ReviewResult, so a polishing step may replace ``Finding.message``
beforehand.  Format modules are imported lazily: openpyxl and python-docx cost start-up time
the CLI's --help must not pay.
"""

from __future__ import annotations

import logging
from pathlib import Path

from agent.render.common import RenderError, RenderUsageError, atomic_write_text, check_lang
from agent.render.docx import write_docx
from agent.render.json import render_json
from agent.render.markdown import render_markdown
from agent.render.markdown import render_markdown_many as _render
from agent.render.text import render_text
from agent.render.xlsx import write_xlsx
from agent.render.xlsx import write_xlsx_many as _write
from agent.schemas import Document, ReviewResult

TEXT_FORMATS = ("text", "json", "markdown")
FILE_FORMATS = ("docx", "xlsx")
FORMATS = TEXT_FORMATS + FILE_FORMATS
log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "FILE_FORMATS",
    "TEXT_FORMATS",
    "RenderError",
    "RenderUsageError",
    "render",
    "render_markdown_many",
    "write_xlsx_many",
]


def render(
    result: ReviewResult,
    fmt: str,
    *,
    doc: Document | None = None,
    out: Path | None = None,
    lang: str = "zh",
    color: bool | None = None,
) -> str | None:
    """Render ``result`` as ``fmt`` (text|json|markdown|docx|xlsx).

    docx needs ``doc`` (the loaded Document: its text and, for a .docx source, its blocks); for
    text and markdown it is optional and shows each quote inside its line or table row.
    """
    lang = check_lang(lang)
    fmt = str(getattr(fmt, "value", fmt))
    if fmt not in FORMATS:
        raise RenderUsageError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    log.debug("rendering %d findings as %s (%s) to %s", len(result.findings), fmt, lang, out or "stdout")
    if fmt in FILE_FORMATS:
        if out is None:
            raise RenderUsageError(f"--format {fmt} writes a file: give its path with --out FILE")
        if fmt == "docx":
            write_docx(result, doc, Path(out), lang)
        else:
            write_xlsx(result, Path(out), lang, doc)
        return None
    if fmt == "json":
        text = render_json(result)
    elif fmt == "markdown":
        text = render_markdown(result, lang, doc=doc)
    else:
        text = render_text(result, lang, color=False if out is not None else color, doc=doc)
    if out is not None:
        atomic_write_text(Path(out), text)
    return text


def write_xlsx_many(results: list[ReviewResult], out: Path, lang: str = "zh",
                    docs: list[Document | None] | None = None) -> None:
    """A workbook with every document's findings and a per-document summary (for batch runs).

    ``docs`` (optional, one per result) fills the context column.
    """
    _write(results, Path(out), check_lang(lang), docs)


def render_markdown_many(results: list[ReviewResult], lang: str = "zh",
                         docs: list[Document | None] | None = None) -> str:
    """One memo for several documents: an overview table, then each document's memo."""
    return _render(results, check_lang(lang), docs)
