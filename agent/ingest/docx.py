"""Word (.docx) reports: body paragraphs and tables in document order, with a map back to runs.

Why it looks like this:

* The text follows the convention of the seeds' Word text export (one line per paragraph; a
  table as one line per cell ``"\\t<cell text>"``, a blank line after each row), so the section
  and table parsers read a .docx exactly like an exported .txt.
* Review comments must later be anchored on the exact Word runs a finding quotes.  Every
  paragraph therefore gets a :class:`TextBlock` whose ``locator`` names it in the package and
  whose ``run_starts`` give the offset in the loaded text where each of its runs begins;
  :func:`locate` turns a text range back into (paragraph, run, offset-in-run) positions and
  :func:`resolve_locator` finds the paragraph element again in a re-opened document.

Locators
  ``p:<i>``                  i-th body paragraph: ``./w:p | ./w:sdt/w:sdtContent/w:p`` of w:body
                             (equals ``Document.paragraphs[i]`` when the body has no content controls)
  ``t:<t>/r:<r>/c:<c>/p:<i>`` t-th body table (same rule with w:tbl), r-th w:tr, c-th physical w:tc
                             of that row (a horizontally merged cell is one w:tc, so it is emitted
                             once; a vertically merged continuation is an empty cell), i-th w:p inside
                             the cell in document order (nested tables included)

Runs are the w:r children of the paragraph, also inside w:hyperlink, w:ins, w:smartTag,
w:fldSimple, w:customXml, w:moveTo and inline content controls.  Deleted or moved-away text
(w:del, w:moveFrom), text boxes, headers, footers and footnotes are not loaded.
A run's text is python-docx's ``CT_R.text`` (w:tab -> "\\t", w:br -> "\\n").  To keep the table
convention unambiguous a few characters are replaced one-for-one (so offsets never shift):
tabs and line breaks inside table cells become spaces, and tabs at the start of a line of a body
paragraph become spaces (a leading tab would read as a table cell).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from typing import Any

from agent.errors import CorruptDocumentError
from agent.ingest.loaded import LoadedText
from agent.ingest.tables import find_tables
from agent.schemas import Table, TextBlock

# Function-local imports in this module are deliberate: python-docx and lxml load only when a .docx is read
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_BODY_P = "./w:p | ./w:sdt/w:sdtContent/w:p"
_BODY_T = "./w:tbl | ./w:sdt/w:sdtContent/w:tbl"
_BODY_ITEMS = "./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"
_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:customXml/w:r | ./w:sdt/w:sdtContent/w:r | ./w:moveTo/w:r | ./w:hyperlink/w:ins/w:r"
    " | ./w:ins/w:hyperlink/w:r"
)
_LEADING_TABS = re.compile(r"(?:^|(?<=\n))\t+")  # a tab at a line start would read as a table cell
_ROWS = "./w:tr"
_CELLS = "./w:tc | ./w:sdt/w:sdtContent/w:tc"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@cache
def _xp(expr: str) -> Any:
    """A compiled XPath (python-docx's element.xpath re-parses the expression on every call)."""
    from lxml import etree

    return etree.XPath(expr, namespaces=_NS)


def _runs(p: Any) -> list[Any]:
    return _xp(_RUNS)(p)


_TEXT_TAGS = frozenset(f"{{{_W}}}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab"))


def _run_text(r: Any) -> str:
    """python-docx's ``CT_R.text`` (same ``str()`` of each child) without its per-call XPath."""
    return "".join(str(e) for e in r if e.tag in _TEXT_TAGS)


def _tag(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1]


class _Writer:
    """Accumulates lines of the loaded text and the blocks that point into it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pos = 0  # offset where the next line starts
        self.blocks: list[TextBlock] = []
        # offset of a table cell's leading tab → (table, row, grid column, grid span, vMerge value)
        self.cells: dict[int, tuple[int, int, int, int, str | None]] = {}

    def add_line(self, line: str) -> int:
        start = self.pos
        self.lines.append(line)
        self.pos += len(line) + 1
        return start

    def add_paragraph(self, pieces: list[str], locator: str, prefix: str, in_cell: bool) -> None:
        """One paragraph (its runs' texts) as one line ``prefix + text``, recording where each run starts."""
        run_offsets: list[int] = []
        n = 0
        for t in pieces:
            run_offsets.append(n)
            n += len(t)
        text = "".join(pieces)
        if in_cell:
            text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
        else:
            text = _LEADING_TABS.sub(lambda m: " " * len(m.group()), text.replace("\r", "\n"))
        start = self.add_line(prefix + text) + len(prefix)
        self.blocks.append(
            TextBlock(start=start, end=start + len(text), locator=locator, run_starts=[start + o for o in run_offsets])
        )


def _run_texts(p: Any) -> list[str]:
    return [_run_text(r) for r in _runs(p)]


def _cell_paragraphs(tc: Any) -> list[Any]:
    return _xp(".//w:p")(tc)


def _span(tc: Any) -> tuple[int, str | None]:
    """(w:gridSpan, w:vMerge) of a cell: how many grid columns it covers and whether it starts or
    continues a vertical merge."""
    span = _xp("./w:tcPr/w:gridSpan/@w:val")(tc)
    vmerge = _xp("./w:tcPr/w:vMerge")(tc)
    v = None
    if vmerge:
        v = vmerge[0].get(f"{{{_W}}}val") or "continue"
    return (int(span[0]) if span and str(span[0]).isdigit() else 1), v


def _write_table(w: _Writer, tbl: Any, t: int) -> None:
    for r, tr in enumerate(_xp(_ROWS)(tbl)):
        col = len(_xp("./w:trPr/w:gridBefore")(tr)) and int(_xp("./w:trPr/w:gridBefore/@w:val")(tr)[0] or 0)
        for c, tc in enumerate(_xp(_CELLS)(tr)):
            span, vmerge = _span(tc)
            w.cells[w.pos] = (t, r, col, span, vmerge)
            col += span
            paras = [_run_texts(p) for p in _cell_paragraphs(tc)]
            # Empty paragraphs inside a cell would read as a row break: keep only non-empty ones,
            # but keep the first paragraph of an empty cell so the cell still shows as "\t".
            kept = [(i, pieces) for i, pieces in enumerate(paras) if "".join(pieces).strip()]
            if not kept and paras:
                kept = [(0, paras[0])]
            if not kept:
                w.add_line("\t")
                continue
            for k, (i, pieces) in enumerate(kept):
                w.add_paragraph(pieces, f"t:{t}/r:{r}/c:{c}/p:{i}", "\t" if k == 0 else "", in_cell=True)
        w.add_line("")


def _open(data: bytes, path: str) -> Any:
    """python-docx Document, or CorruptDocumentError naming what is wrong with the package."""
    if not data:
        raise CorruptDocumentError("not a valid .docx (empty file)", path)
    if data.startswith(_OLE_MAGIC):
        raise CorruptDocumentError(
            "not a valid .docx (legacy .doc or password-protected Word file; save it as .docx)", path
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, EOFError, zipfile.LargeZipFile) as e:
        raise CorruptDocumentError("not a valid .docx (damaged or truncated zip)", path) from e
    except KeyError as e:
        raise CorruptDocumentError(f"not a valid .docx (missing part {e})", path) from e
    except etree.XMLSyntaxError as e:
        raise CorruptDocumentError(f"not a valid .docx (damaged XML: {e})", path) from e
    except ValueError as e:  # e.g. "file '…' is not a Word file, content type is '…'"
        raise CorruptDocumentError(f"not a Word .docx document ({e})", path) from e
    except (OSError, zipfile.error) as e:
        raise CorruptDocumentError(f"not a valid .docx (damaged or truncated zip: {e})", path) from e


def load_docx(data: bytes, path: str) -> LoadedText:
    """Body paragraphs and tables of a .docx, in document order, with one block per paragraph."""
    document = _open(data, path)
    from lxml import etree

    w = _Writer()
    try:
        body = document.element.body
        p_index = 0
        t_index = 0
        for el in _xp(_BODY_ITEMS)(body):
            if _tag(el) == "p":
                w.add_paragraph(_run_texts(el), f"p:{p_index}", "", in_cell=False)
                p_index += 1
            else:
                _write_table(w, el, t_index)
                t_index += 1
    except (etree.LxmlError, zipfile.BadZipFile, KeyError) as e:  # lazily-read damaged parts
        raise CorruptDocumentError("not a valid .docx (damaged or truncated zip)", path) from e
    text = "\n".join(w.lines)
    return LoadedText(text=text, encoding=None, blocks=w.blocks, tables=_grid_tables(text, w.cells))


def _grid_tables(text: str, cells: dict[int, tuple[int, int, int, int, str | None]]) -> list[Table]:
    """The tables of the text with Word's grid positions: a horizontally merged cell keeps its
    span (Word writes it once, which shifted every later column).  A vertically merged
    continuation stays an empty cell in its own position (readers of ``rows`` rely on it)."""
    tables = find_tables(text)
    for table in tables:
        info = [[cells.get(c.start - 1) for c in row] for row in table.rows]
        if any(i is None for row in info for i in row):
            continue  # not a Word table as written (should not happen): keep the text convention
        first_row = min(i[1] for row in info for i in row if i is not None)
        for row, row_info in zip(table.rows, info, strict=True):
            for cell, (_, r, col, span, _vmerge) in zip(row, row_info, strict=True):  # type: ignore[misc]
                cell.row, cell.col, cell.colspan = r - first_row, col, span
        table.n_cols = max((c.col + c.colspan for row in table.rows for c in row if c.col is not None), default=0)
    return tables


# --------------------------------------------------------------------------- mapping back


@dataclass(frozen=True)
class RunSpan:
    """The part of one run covered by a text range.

    ``block`` is the paragraph's TextBlock; ``run`` the run's index in that paragraph (see the
    module docstring for which w:r count); ``start``/``end`` are offsets *inside the run text*.
    A range that only touches an empty paragraph yields ``run = -1``.
    """

    block: TextBlock
    run: int
    start: int
    end: int


def locate(blocks: list[TextBlock], start: int, end: int) -> list[RunSpan]:
    """Runs covering the half-open text range [start, end), in document order.

    How to map an offset back: find the block with ``block.start <= offset <= block.end`` (blocks
    are sorted and never overlap; a table cell's leading tab and the newlines between
    paragraphs belong to no block).  Inside it, the run is the last ``i`` with
    ``run_starts[i] <= offset``; the offset inside the run is ``offset - run_starts[i]``.  A range
    spanning several paragraphs returns one RunSpan per run touched, so a Word comment can be
    anchored from the first RunSpan's (run, start) to the last one's (run, end).
    """
    if end < start:
        start, end = end, start
    out: list[RunSpan] = []
    for b in blocks:
        if start == end:
            if not (b.start <= start <= b.end):
                continue
        elif not (b.start < end and start < b.end):
            continue
        bounds = [*b.run_starts, b.end]
        runs = [(i, rs, bounds[i + 1]) for i, rs in enumerate(b.run_starts) if bounds[i + 1] > rs]
        if not runs:  # empty paragraph
            out.append(RunSpan(block=b, run=-1, start=0, end=0))
            continue
        if start == end:  # a point: the run containing it, or the last run at the paragraph's end
            i, rs, _ = next(((i, rs, re_) for i, rs, re_ in runs if rs <= start < re_), runs[-1])
            out.append(RunSpan(block=b, run=i, start=start - rs, end=start - rs))
            break
        for i, rs, re_ in runs:
            if rs < end and start < re_:
                out.append(RunSpan(block=b, run=i, start=max(start, rs) - rs, end=min(end, re_) - rs))
    return out


def resolve_locator(document: Any, locator: str) -> Any:
    """The w:p element (lxml, python-docx oxml) a block's locator names in an opened document.

    Wrap it with ``docx.text.paragraph.Paragraph(el, parent)`` for the python-docx API; its runs,
    in :func:`locate`'s numbering, are ``el.xpath(RUN_XPATH)``.
    """
    body = document.element.body
    parts = dict(part.split(":", 1) for part in locator.split("/"))
    if "t" not in parts:
        return _xp(_BODY_P)(body)[int(parts["p"])]
    tbl = _xp(_BODY_T)(body)[int(parts["t"])]
    tr = _xp(_ROWS)(tbl)[int(parts["r"])]
    tc = _xp(_CELLS)(tr)[int(parts["c"])]
    return _cell_paragraphs(tc)[int(parts["p"])]


RUN_XPATH = _RUNS
