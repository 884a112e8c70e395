"""PDF reports (PDFium via pypdfium2): page text in reading order, ruled tables as grids.

Why it looks like this:

* PDFium returns each page's text in reading order, where pdfplumber scattered the numbers of
  some published 决算 PDFs onto lines of their own, away from their sentences (year, unit and
  every 说明 figure lost); it is also 25–40× faster.
* Tables come from the page's rulings (:mod:`agent.ingest.pdf_grid`): each grid cell's text is
  read inside its box, merged cells keep their span, and the cells are written in the seeds'
  Word-export convention (one ``"\\t<cell>"`` line per cell, a blank line after each row) at the
  table's place on the page, so every later stage reads all formats alike.  The grid positions
  travel with the :class:`~agent.schemas.Table`, so no column shifts behind a merged header.
* Lines broken only because the page was full are rejoined (also across a page break), so a
  sentence and its figures stay together; headings, list items and tables stay apart.
* Findings must cite a page: every page is one :class:`TextBlock` (``page:<n>``).
* Scanned PDFs (no text layer) and encrypted PDFs get their own errors so the user knows to OCR
  or decrypt the file rather than suspect the tool.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from agent.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from agent.ingest.loaded import LoadedText
from agent.ingest.pdf_grid import Grid, grids
from agent.schemas import Table, TableCell, TextBlock

# Function-local imports in this module are deliberate: pypdfium2 loads only when a PDF is read
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

# A full line ending in these ends its paragraph; a full line ending in '；' or '：' only ends a
# clause (the 说明's "主要用于以下方面：…；…；" lists run on over several lines).
_TERMINAL = tuple("。！？!?")
_STARTS_ITEM = re.compile(
    r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第.{1,3}部分|附件|注[:：]|"
    r"[□■●◆]|表\s*\d)")


def _open(data: bytes, path: str) -> Any:
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError("not a valid PDF", path)
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocumentError("PDF is encrypted", path) from e
        raise CorruptDocumentError(f"not a valid PDF (damaged: {e})", path) from e


# PDFium marks a hyphen it took for an end-of-line break as U+0002 (U+FFFE in a whole-page read) and joins
# the lines: in a report that is a minus sign wrapped to the line end ('公用经费-\n17.25万元'), kept as '-'
_BROKEN_HYPHEN = str.maketrans({"\x02": "-", "\ufffe": "-"})


def _lines(text: str) -> list[str]:
    out = []
    text = text.translate(_BROKEN_HYPHEN)
    for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        ln = ln.replace("\t", " ").rstrip()
        if ln.strip():
            out.append(ln)
    return out


_WIDE = re.compile("[\u2e81-\U0010ffff]")  # a character drawn two columns wide (ord > 0x2E80)


def _width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


def _cell_texts(tp: Any, grid: Grid) -> list[str]:
    """Each grid cell's text from the characters whose centre lies in it (a descender of the line
    above a table, or a tall glyph of the next row, must not leak into a cell), in reading order,
    with a line break where the characters move down a line."""
    import ctypes

    import pypdfium2.raw as raw

    from agent.ingest.pdfium_calls import address, calls

    gl, gb, gr, gt = grid.box
    rect = raw.FS_RECTF()
    fast = calls()
    get_unicode, get_box, rect_at, t = fast.get_unicode, fast.get_loose_char_box, ctypes.addressof(rect), address(tp.raw)
    xs, neg_ys, index_get, bisect_right = grid.xs, grid.neg_ys, grid.index.get, bisect.bisect_right
    parts: list[list[str]] = [[] for _ in grid.cells]
    last_y: list[float | None] = [None] * len(grid.cells)
    for i in range(raw.FPDFText_CountChars(tp.raw)):
        code = get_unicode(t, i)
        if code in (10, 13) or not get_box(t, i, rect_at):
            continue  # the loose box spans the font's ascent to descent: one centre line per text line
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        cx, cy = (left + right) / 2, (bottom + top) / 2
        if not (gl <= cx <= gr and gb <= cy <= gt):
            continue
        k = index_get((bisect_right(neg_ys, -cy) - 1, bisect_right(xs, cx) - 1))  # (row, col), inlined: per character
        if k is None:
            continue
        prev = last_y[k]
        if prev is not None and abs(prev - cy) > max(2.0, (top - bottom) * 0.6) and parts[k]:
            parts[k].append("\n")
        if code == 32 and (not parts[k] or parts[k][-1] in (" ", "\n")):
            continue
        parts[k].append(chr(code))
        last_y[k] = cy
    return ["\n".join(ln.strip() for ln in "".join(p).split("\n") if ln.strip()) for p in parts]


class _Writer:
    """Assembles the loaded text and remembers where every table cell landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.tables: list[Table] = []

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def table(self, tp: Any, grid: Grid) -> None:
        rows: list[list[TableCell]] = []
        start = self.pos
        by_row: dict[int, list[Any]] = {}
        for c in grid.cells:
            by_row.setdefault(c.row, []).append(c)
        texts = dict(zip((id(c) for c in grid.cells), _cell_texts(tp, grid), strict=True))
        for r in sorted(by_row):
            row: list[TableCell] = []
            for c in sorted(by_row[r], key=lambda c: c.col):
                text = texts[id(c)]
                self.write("\t")
                row.append(TableCell(text=text, start=self.pos, end=self.pos + len(text), row=c.row, col=c.col,
                                     rowspan=c.rowspan, colspan=c.colspan))
                self.write(text + "\n")
            self.write("\n")
            rows.append(row)
        self.tables.append(Table(id=f"t{len(self.tables) + 1}", start=start, end=self.pos - 2, rows=rows,
                                 n_cols=len(grid.xs) - 1))


def _page_items(page: Any, tp: Any, raw: Any) -> list[tuple[str, Any]]:
    """The page as ("text", lines) and ("table", grid) items, top to bottom."""
    width, height = page.get_size()
    found = grids(page, raw)
    if not found:
        return [("text", _lines(tp.get_text_range()))]
    items: list[tuple[str, Any]] = []
    top = height + 1
    for g in found:
        left, bottom, right, gtop = g.box
        if gtop < top:
            items.append(("text", _lines(tp.get_text_bounded(0, gtop + 0.5, width, top))))
        items.append(("table", g))
        top = bottom - 0.5
    items.append(("text", _lines(tp.get_text_bounded(0, 0, width, top))))
    return items


def _full_width(items: list[tuple[str, Any]]) -> int | None:
    """What a full line measures on this page (portrait and landscape pages differ); None when the
    page has too little running text to tell."""
    widths = sorted(_width(ln) for kind, x in items if kind == "text" for ln in x)
    if len(widths) < 6:
        return None
    return int(0.88 * widths[int(len(widths) * 0.9)])


def _join(prev: str, line: str, full: int) -> bool:
    """Was ``line`` only carried over because ``prev`` filled the page width?  An amount opening a line
    right after its label ('…其中：基本支出' / '498.80万元，项目支出…') was carried over whole even when the
    line it left is a little shorter: no paragraph starts with a bare amount."""
    if prev.rstrip().endswith(_TERMINAL) or _STARTS_ITEM.match(line):
        return False
    if re.search(r"\d万?$", prev.rstrip()) and re.match(r"(万元|元|亿元|%)", line):
        return True  # '…减少2.47万' / '元，下降14.59%': an amount cut from its unit
    if _width(prev) >= 0.75 * full and _LABEL_END.search(prev) and _WORD_GOES_ON.match(line):
        return True  # '…“三公”经费预算28.00万元，实' / '际支出21.37万元…': a word cut by the line end, unindented
    if _width(prev) >= 0.5 * full and _CLAUSE_END.search(prev) and _WORD_GOES_ON.match(line):
        return True  # '…上年收支预算总计为2,903.40万元，' / '本年比上年增加138.44万元…': no sentence ends at a comma
    return _width(prev) >= full or (_width(prev) >= 0.6 * full and bool(_LABEL_END.search(prev))
                                    and bool(_AMOUNT_START.match(line)))


_LABEL_END = re.compile(r"[\u4e00-\u9fff]$")
_CLAUSE_END = re.compile(r"[\u4e00-\u9fff\d%)）”][，,、]$")
_WORD_GOES_ON = re.compile(r"[\u4e00-\u9fff]")  # a continuation starts at the margin, with no indent
_AMOUNT_START = re.compile(r"\d[\d,]*(\.\d+)?\s*(万元|元|亿元|%)")


def load_pdf(data: bytes, path: str) -> LoadedText:
    """Text of every page with its tables in place, one ``page:<n>`` block per page."""
    import pypdfium2.raw as raw

    pdf = _open(data, path)
    w = _Writer()
    blocks: list[TextBlock] = []
    try:
        pages: list[tuple[Any, list[tuple[str, Any]]]] = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append((tp, _page_items(page, tp, raw)))
        fulls = [_full_width(items) for _, items in pages]
        known = sorted(f for f in fulls if f is not None)
        default_full = known[len(known) // 2] if known else 10**6
        last_text: str | None = None  # the last line written, when it can still be continued
        for n, (tp, items) in enumerate(pages, start=1):
            page_start = w.pos
            full = fulls[n - 1] or default_full
            for kind, x in items:
                if kind == "table":
                    if w.parts and not w.parts[-1].endswith("\n\n"):
                        w.write("\n" if w.parts[-1].endswith("\n") else "\n\n")
                    w.table(tp, x)
                    w.tables[-1].page = n
                    last_text = None
                    continue
                for ln in x:
                    if last_text is not None and _join(last_text, ln, full):
                        w.write(ln)
                        last_text = ln
                        continue
                    if w.parts:
                        w.write("\n")
                    w.write(ln)
                    last_text = ln
            if w.pos > page_start or not blocks:
                blocks.append(TextBlock(start=page_start, end=w.pos, locator=f"page:{n}", page=n))
    except CorruptDocumentError:
        raise
    except Exception as e:  # noqa: BLE001 - damage inside a page stream surfaces only here
        raise CorruptDocumentError(f"not a valid PDF (damaged page content: {type(e).__name__})", path) from e
    finally:
        pdf.close()
    text = "".join(w.parts)
    if not text.strip():
        raise NoTextLayerError("no text layer (scanned?)", path)
    _mark_continuations(w.tables, text)
    return LoadedText(text=text, encoding=None, blocks=blocks, tables=w.tables)


def _mark_continuations(tables: list[Table], text: str) -> None:
    """A table that opens a page with nothing but a blank gap above it, as wide as the previous
    page's last table, continues that table (a table broken over a page)."""
    for prev, t in zip(tables, tables[1:], strict=False):
        if t.page is None or prev.page is None or t.page != prev.page + 1:
            continue
        between = text[prev.end:t.start]
        if t.n_cols != prev.n_cols:
            continue
        compact = re.sub(r"\s+", "", between)
        if (between.strip() == "" and not _opens_a_table(t)) or (re.search(r"续表|[（(]续[)）]", compact) and len(compact) <= 80
                                                                and not re.search(r"[。；;]", compact)):
            t.continued_from = prev.id  # '（续表）支出决算表' over a repeated header continues it too



def _opens_a_table(t: Table) -> bool:
    """A table whose first filled row is a title, a 单位/编制单位 line: a new table drawn inside
    its own rulings, not the rest of the previous one."""
    for row in t.rows:
        texts = [re.sub(r"\s+", "", c.text) for c in row if c.text.strip()]
        if texts:
            return any(re.search(r"表$|^(编制)?(单位|部门)[:：]", x) for x in texts)
    return False
