"""Split a Document into retrieval chunks along its section tree.

Why this shape: a reviewer (or the LLM extractor) asks for "the passage that states X", and in
these reports X lives under a heading that names it ("七、财政拨款“三公”经费支出决算情况说明").  So
a chunk never crosses a section boundary and carries its heading path; long sections are split
at paragraph (then sentence) boundaries with a small overlap so a figure and its explanation are
rarely torn apart; a table stays whole with its title lines because a row means nothing without
its header — very long tables are split by rows and the header is repeated in ``search_text``.

Invariant (tested on every seed): ``doc.text[c.start:c.end] == c.text`` and each chunk lies in one
elementary interval of the section tree, i.e. has one section path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.schemas import Document, Table
from vectorstore.models import Chunk

CHUNKER_VERSION = "1"
MAX_CHARS = 600  # ~ one e5 window of Chinese text; long enough for a paragraph and its figures
OVERLAP_CHARS = 150  # carry the previous paragraph/sentence when it is at most this long
TABLE_MAX_CHARS = 2400  # verbatim table text (tabs and blank lines included) before splitting by rows
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_TITLE_LINE_MAX = 80  # a table title/code/unit line is short once whitespace is removed


@dataclass
class _Piece:
    start: int
    end: int


def _intervals(doc: Document) -> list[tuple[int, int]]:
    """Elementary intervals between all section boundaries: each lies in exactly one section path."""
    bounds = {0, len(doc.text)}
    for s in doc.iter_sections():
        bounds.add(max(0, min(s.start, len(doc.text))))
        bounds.add(max(0, min(s.end, len(doc.text))))
    pts = sorted(bounds)
    return [(a, b) for a, b in zip(pts, pts[1:], strict=False) if b > a]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> list[_Piece]:
    out: list[_Piece] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = _trim(text, pos, stop)
        if e > s:
            out.append(_Piece(s, e))
        pos = stop + 1
    return out


def _units(text: str, start: int, end: int, max_chars: int) -> list[_Piece]:
    """Paragraphs; a paragraph longer than max_chars is cut at sentence ends, then hard-cut."""
    units: list[_Piece] = []
    for line in _lines(text, start, end):
        if line.end - line.start <= max_chars:
            units.append(line)
            continue
        cur = line.start
        for m in _SENTENCE_END.finditer(text, line.start, line.end):
            if m.start() - cur >= max_chars // 3 or m.start() == line.end:
                units.extend(_hard_cut(cur, m.start(), max_chars))
                cur = m.start()
        if cur < line.end:
            units.extend(_hard_cut(cur, line.end, max_chars))
    return [u for u in units if u.end > u.start]


def _hard_cut(start: int, end: int, max_chars: int) -> list[_Piece]:
    return [_Piece(s, min(s + max_chars, end)) for s in range(start, end, max_chars)]


def _pack(units: list[_Piece], max_chars: int, overlap: int) -> list[_Piece]:
    """Greedy packing of consecutive units; the next chunk repeats the last unit if it is short."""
    chunks: list[_Piece] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1].end - units[i].start <= max_chars:
            j += 1
        chunks.append(_Piece(units[i].start, units[j].end))
        if j + 1 >= len(units):
            break
        last = units[j]
        i = j if (j > i and last.end - last.start <= overlap) else j + 1
    return chunks


def _table_start(text: str, region_start: int, table: Table) -> int:
    """Extend a table backwards over its title/code/unit lines (still inside the region)."""
    start = table.start
    pos = table.start
    seen = 0
    while pos > region_start and seen < 6:
        line_end = pos - 1 if text[pos - 1] == "\n" else pos
        line_start = text.rfind("\n", region_start, line_end) + 1
        line_start = max(line_start, region_start)
        compact = re.sub(r"\s+", "", text[line_start:line_end])
        pos = line_start
        if not compact:
            continue
        if len(compact) > _TITLE_LINE_MAX or compact.endswith(("。", "；")):
            break
        start = line_start
        seen += 1
        if pos <= region_start:
            break
    return start


def _render_rows(rows) -> str:
    return "\n".join(" | ".join(c.text.replace("\n", "") .strip() for c in row) for row in rows)


def _header_size(table: Table) -> int:
    """Rows up to and including the 栏次 row when there is one near the top, else the first row."""
    for i, row in enumerate(table.rows[:8]):
        if any(c.text.strip() == "栏次" for c in row):
            return i + 1
    return 1


def _table_pieces(text: str, table: Table, start: int) -> list[tuple[_Piece, str]]:
    """(piece, search body) for a table: whole, or row groups with the header repeated in search_text."""
    title = table.title or ""
    if table.end - start <= TABLE_MAX_CHARS or len(table.rows) < 4:
        return [(_Piece(start, table.end), f"{title}\n{_render_rows(table.rows)}")]
    h = min(_header_size(table), len(table.rows) - 1)
    header = _render_rows(table.rows[:h])
    out: list[tuple[_Piece, str]] = []
    group_start = start
    group: list = []
    for i, row in enumerate(table.rows[h:], start=h):
        row_start = row[0].start - 1
        if group and row[-1].end - group_start > TABLE_MAX_CHARS:
            prev_end = table.rows[i - 1][-1].end
            out.append((_Piece(group_start, prev_end), f"{title}\n{header}\n{_render_rows(group)}"))
            group_start, group = row_start, []
        group.append(row)
    if group:
        out.append((_Piece(group_start, table.end), f"{title}\n{header}\n{_render_rows(group)}"))
    return out


def chunk_document(
    doc: Document, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Chunk]:
    text = doc.text
    chunks: list[Chunk] = []

    def emit(piece: _Piece, kind: str, body: str | None = None) -> None:
        s, e = _trim(text, piece.start, piece.end)
        if e <= s:
            return
        section = doc.section_path(s)
        verbatim = text[s:e]
        search = (section + "\n" if section else "") + (body if body is not None else verbatim)
        chunks.append(
            Chunk(
                id=f"{doc.sha256[:16]}-{s}-{e}",
                doc_id=doc.id,
                doc_sha=doc.sha256,
                path=doc.path,
                section=section,
                start=s,
                end=e,
                page=doc.page_at(s),
                kind=kind,  # type: ignore[arg-type]
                text=verbatim,
                search_text=search,
            )
        )

    section_starts = {s.start for s in doc.iter_sections()}
    tables = sorted(doc.tables, key=lambda t: t.start)
    for a, b in _intervals(doc):
        cursor = a
        for t in tables:
            if not (a <= t.start and t.end <= b):
                continue  # a table straddling a boundary is chunked as text, cut at the boundary
            tstart = max(_table_start(text, a, t), cursor)
            _emit_text(text, cursor, tstart, a, section_starts, max_chars, overlap, emit)
            for piece, body in _table_pieces(text, t, tstart):
                emit(piece, "table", body)
            cursor = t.end
        _emit_text(text, cursor, b, a, section_starts, max_chars, overlap, emit)
    return chunks


def _emit_text(text, start, end, region_start, section_starts, max_chars, overlap, emit) -> None:
    s, e = _trim(text, start, end)
    if e <= s:
        return
    if start == region_start and region_start in section_starts and "\n" not in text[s:e]:
        return  # nothing but the heading line: its words are in every child's section path
    for piece in _pack(_units(text, s, e, max_chars), max_chars, overlap):
        emit(piece, "text")
