"""PDF reports (pdfplumber): page text with page numbers, ruled tables in the tab convention.

Why it looks like this:

* Findings must cite a page, so every page becomes one :class:`TextBlock` (``page:<n>``,
  ``page=n``, 1-based) covering that page's part of the loaded text.
* Tables found by pdfplumber (ruled lines) are written like the seeds' Word export — one
  ``"\\t<cell>"`` line per cell, a blank line after each row — at their place on the page;
  the characters inside a table's box are left out of the running text, so table figures are
  not loaded twice.
* Scanned PDFs (no text layer) and encrypted PDFs cannot be reviewed; they get their own
  errors so the user knows to OCR or decrypt the file rather than suspect the tool.

Pages are separated by one blank line.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from agent.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from agent.schemas import TextBlock

if TYPE_CHECKING:
    from agent.ingest import LoadedText


def _open(data: bytes, path: str) -> Any:
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError("not a valid PDF", path)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - forces the page tree to be read now, inside the try
    except Exception as e:  # noqa: BLE001 - pdfminer raises many unrelated types for bad files
        inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedDocumentError("PDF is encrypted", path) from e
        raise CorruptDocumentError(f"not a valid PDF (damaged: {type(inner).__name__})", path) from e
    return pdf


def _clean_cell(value: str | None) -> str:
    """A cell's text on lines that cannot break the convention (no blank or tab-led lines)."""
    if not value:
        return ""
    lines = [ln.replace("\t", " ").strip() for ln in value.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _table_lines(rows: list[list[str | None]]) -> list[str]:
    out: list[str] = []
    for row in rows:
        for c in row:
            if c is None:
                continue  # pdfplumber's None marks the continuation of a merged cell: emit the cell once
            out.append("\t" + _clean_cell(c))
        out.append("")
    return out


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


_TERMINAL = tuple("。；;：:！？!?")
_STARTS_ITEM = re.compile(r"^\s*([一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]|第.{1,3}部分|附件)")


def _width(line: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in line)


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines a PDF broke only because the page was full, so a sentence (and its '其中'
    list) stays on one line as in the Word original; headings, list items and tables stay apart."""
    widths = [_width(ln) for ln in lines if ln and not ln.startswith("\t")]
    if not widths:
        return lines
    full = 0.9 * max(widths)
    out: list[str] = []
    joining = False
    for ln in lines:
        if joining and ln and not ln.startswith("\t") and not _STARTS_ITEM.match(ln):
            out[-1] += ln
        else:
            out.append(ln)
        last = out[-1]
        joining = bool(last) and not last.startswith("\t") and _width(ln) >= full and \
            not last.rstrip().endswith(_TERMINAL)
    return out


def _page_lines(page: Any) -> list[str]:
    """The page's text with its tables in place (text above a table, the table, text below …)."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    if not tables:
        text = page.extract_text() or ""
        return _unwrap(text.split("\n")) if text.strip() else []
    boxes = [t.bbox for t in tables]
    lines: list[str] = []
    top = float("-inf")
    for t in [*tables, None]:
        bottom = t.bbox[1] if t is not None else float("inf")

        def keep(obj: dict[str, Any], lo: float = top, hi: float = bottom) -> bool:
            if obj.get("object_type") != "char":
                return True
            cy = (obj["top"] + obj["bottom"]) / 2
            return lo <= cy < hi and not any(_inside(obj, b) for b in boxes)

        text = page.filter(keep).extract_text() or ""
        if text.strip():
            lines.extend(_unwrap(text.split("\n")))
        if t is not None:
            rows = t.extract()
            if any(any(c for c in row) for row in rows):
                lines.extend(_table_lines(rows))
            top = t.bbox[1]  # text beside a table (outside its box) follows the table: nothing is lost
    return lines


def load_pdf(data: bytes, path: str) -> LoadedText:
    """Text of every page, tables in the tab convention, one ``page:<n>`` block per page."""
    from agent.ingest import LoadedText

    pdf = _open(data, path)
    parts: list[str] = []
    blocks: list[TextBlock] = []
    pos = 0
    try:
        for n, page in enumerate(pdf.pages, start=1):
            page_text = "\n".join(_page_lines(page))
            if parts:
                parts.append("\n\n")  # a blank line between pages
                pos += 2
            blocks.append(TextBlock(start=pos, end=pos + len(page_text), locator=f"page:{n}", page=n))
            parts.append(page_text)
            pos += len(page_text)
    except Exception as e:  # noqa: BLE001 - damage inside a page stream surfaces only here
        raise CorruptDocumentError(f"not a valid PDF (damaged page content: {type(e).__name__})", path) from e
    finally:
        pdf.close()
    text = "".join(parts)
    if not text.strip():
        raise NoTextLayerError("no text layer (scanned?)", path)
    return LoadedText(text=text, encoding=None, blocks=blocks)
