"""Show a quote in its context: the sentence line around it, or the whole table row of a cell.

Findings quote the exact figures ("6.10", "92.65%") so the quotes stay verifiable; a reviewer
reading a memo needs the line or table row those figures sit in.  Quotes that share a line or
a row are shown once, with every quoted stretch marked.  Without the Document only the bare
quotes can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.render.common import location
from agent.schemas import Document, Span, Table

_WIDTH = 60  # characters of context kept on each side of the quotes in a long line
ROW_SEP = " ｜ "


def where(spans: list[Span], lang: str, heading: str | None = None) -> str:
    """'第二部分 … > 表名 · 第3页，字符 6728–6748' for the spans of one context."""
    first = min(spans, key=lambda s: s.start)
    joint = Span(start=first.start, end=max(s.end for s in spans), quote="", page=first.page)
    loc = location(joint, lang)
    return f"{first.section} · {loc}" if first.section and first.section != heading else loc


@dataclass
class QuoteContext:
    """A stretch of text with the quoted parts flagged, and the spans it shows."""

    pieces: list[tuple[str, bool]]  # (text, is_quoted)
    spans: list[Span] = field(default_factory=list)
    table_row: bool = False

    @property
    def plain(self) -> str:
        return "".join(t for t, _ in self.pieces)

    def marked(self, left: str, right: str, escape=lambda s: s) -> str:
        """The context with quoted parts wrapped, e.g. marked('**', '**', md_escape)."""
        return "".join(f"{left}{escape(t)}{right}" if q else escape(t) for t, q in self.pieces)


def _row_range(tables: list[Table], offset: int) -> tuple[int, int, list[tuple[int, int]]] | None:
    for t in tables:
        if t.start <= offset < t.end:
            for row in t.rows:
                if row and row[0].start - 1 <= offset <= row[-1].end:
                    return row[0].start, row[-1].end, [(c.start, c.end) for c in row]
    return None


def _line_range(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (len(text) if b < 0 else b)


def _mark(text: str, a: int, b: int, spans: list[Span]) -> list[tuple[str, bool]]:
    """Pieces of text[a:b] with the parts covered by ``spans`` flagged."""
    flags = [False] * (b - a)
    for s in spans:
        for i in range(max(s.start, a), min(s.end, b)):
            flags[i - a] = True
    pieces: list[tuple[str, bool]] = []
    for i, ch in enumerate(text[a:b]):
        if pieces and pieces[-1][1] == flags[i]:
            pieces[-1] = (pieces[-1][0] + ch, flags[i])
        else:
            pieces.append((ch, flags[i]))
    return pieces


def _trim(pieces: list[tuple[str, bool]], width: int) -> list[tuple[str, bool]]:
    """Cut unquoted text longer than ``width`` at the ends (and in the middle) with '…'."""
    out = []
    for i, (t, q) in enumerate(pieces):
        if not q and len(t) > width:
            if i == 0:
                t = "…" + t.lstrip()[-width:]
            elif i == len(pieces) - 1:
                t = t[:width] + "…"
            elif len(t) > 2 * width:
                t = t[:width] + "…" + t[-width:]
        out.append((t, q))
    return out


def quote_contexts(evidence: list[Span], doc: Document | None, width: int = _WIDTH) -> list[QuoteContext]:
    """One context per distinct line / table row the evidence sits in, in evidence order."""
    if doc is None:
        return [QuoteContext(pieces=[(e.quote, True)], spans=[e]) for e in evidence]
    groups: dict[tuple[int, int], QuoteContext] = {}
    cells_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for e in evidence:
        if doc.text[e.start:e.end] != e.quote:  # not grounded at its offsets: show it bare
            groups[(e.start, -1 - len(groups))] = QuoteContext(pieces=[(e.quote, True)], spans=[e])
            continue
        row = _row_range(doc.tables, e.start) if "\n" not in e.quote else None
        key = (row[0], row[1]) if row else _line_range(doc.text, e.start, e.end)
        if row:
            cells_of[key] = row[2]
        groups.setdefault(key, QuoteContext(pieces=[], table_row=bool(row))).spans.append(e)
    for (a, b), ctx in groups.items():
        if b < 0 or ctx.pieces:
            continue
        if ctx.table_row:
            pieces: list[tuple[str, bool]] = []
            for i, (cs, ce) in enumerate(cells_of[(a, b)]):
                if i:
                    pieces.append((ROW_SEP, False))
                pieces += _mark(doc.text, cs, ce, ctx.spans) if ce > cs else [("—", False)]
            ctx.pieces = pieces
        else:
            ctx.pieces = _trim(_mark(doc.text, a, b, ctx.spans), width)
        ctx.pieces = [(t.replace("\t", " ").replace("\n", " / "), q) for t, q in ctx.pieces if t]
    return list(groups.values())
