"""The grounding gate: model output becomes Figures/Spans only when the source proves it.

Every figure must carry a quote found in ``Document.text`` — verbatim first, then through
``agent.ingest.normalize`` (full-width digits, thousands separators, spacing) mapped back with
``to_source`` — and its value must equal a number printed inside that quote.  Offsets, the
value (with its printed precision) and, where printed, the unit are all taken from the source;
the model's own value string is only used to pick which printed number it meant.  Anything
that fails is dropped and the reason kept in ``warnings``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation

from agent import fastre
from agent.ingest.normalize import normalize
from agent.schemas import Comparator, Document, Figure, Span, Table, TableCell

_NUM = fastre.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d])")
_UNIT = fastre.compile(r"\s*(亿元|万元|千元|元|%|％|‰|分|人次|万人次|人|个|件|次|家|项|辆|天|小时|批次)")
_TABLE_UNIT = fastre.compile(r"单位[:：]\s*(万元|元)")
_CMP = [("≥", Comparator.GE), (">=", Comparator.GE), ("不低于", Comparator.GE), ("不少于", Comparator.GE),
        ("≤", Comparator.LE), ("<=", Comparator.LE), ("不高于", Comparator.LE), ("不超过", Comparator.LE),
        (">", Comparator.GT), ("<", Comparator.LT), ("=", Comparator.EQ)]


_QUOTE_MARKS = set("“”‘’\"'「」『』")


def _ignorable(ch: str) -> bool:
    """Characters a model often changes when copying (spacing, quote marks); never part of a number."""
    return ch.isspace() or ch in _QUOTE_MARKS


def to_decimal(text: str) -> Decimal | None:
    t = normalize(text.strip()).text.replace(",", "").replace(" ", "").rstrip("%").lstrip("+")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text).text)


class Grounder:
    """Locates quotes and numbers in one document; ``prefer`` ranges (what the model saw) win ties."""

    def __init__(self, doc: Document, prefer: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.prefer = prefer or []
        self.norm = normalize(doc.text)
        keep = [i for i, ch in enumerate(self.norm.text) if not _ignorable(ch)]
        self.compact_text = "".join(self.norm.text[i] for i in keep)
        self.compact_origin = [self.norm.origin[i] for i in keep]
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ locating
    def _preferred(self, starts: list[tuple[int, int]]) -> tuple[int, int] | None:
        for s, e in starts:
            if any(ps <= s and e <= pe + 1 for ps, pe in self.prefer):
                return s, e
        return starts[0] if starts else None

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Source range of ``quote``: verbatim, else ignoring width, thousands separators, spacing and
        quote marks (mapped back to the source); None if absent."""
        if not quote or not quote.strip():
            return None
        text = self.doc.text
        found = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]
        if not found:
            q = "".join(ch for ch in normalize(quote).text if not _ignorable(ch))
            if not q:
                return None
            for m in re.finditer(re.escape(q), self.compact_text):
                s, e = m.start(), m.end()
                found.append((self.compact_origin[s], self.compact_origin[e - 1] + 1))
        if not found:
            return None
        if _NUM.fullmatch(compact(quote).rstrip("%")) and len({f for f in found if self._in_prefer(f)}) > 1:
            return None  # a bare number that occurs several times: ambiguous
        return self._preferred(found)

    def _in_prefer(self, r: tuple[int, int]) -> bool:
        return any(ps <= r[0] and r[1] <= pe + 1 for ps, pe in self.prefer)

    def numbers(self, start: int, end: int) -> list[tuple[int, int, Decimal]]:
        """Numbers printed in source[start:end], as (source start, source end, value)."""
        ns = bisect_left(self.norm.origin, start, 0, len(self.norm.origin) - 1)
        ne = bisect_left(self.norm.origin, end, 0, len(self.norm.origin) - 1)
        out = []
        for m in _NUM.finditer(self.norm.text, ns, ne):
            s, e = self.norm.to_source(m.start(), m.end())
            out.append((s, e, Decimal(m.group())))
        return out

    # ------------------------------------------------------------------ figures
    def _unit_after(self, end: int) -> tuple[str | None, int]:
        m = _UNIT.match(self.doc.text, end)
        if not m:
            return None, end
        return m.group(1), m.end()

    def _table_at(self, offset: int) -> Table | None:
        return next((t for t in self.doc.tables if t.start <= offset < t.end + 1), None)

    def _table_unit(self, table: Table) -> str | None:
        found = list(_TABLE_UNIT.finditer(self.doc.text, max(0, table.start - 300), table.start + 1))
        return found[-1].group(1) if found else None

    def make_figure(self, start: int, end: int, value: Decimal, *, key: str, label: str, unit: str) -> Figure:
        printed, unit_end = self._unit_after(end)
        table = self._table_at(start)
        if printed:
            unit = "%" if printed == "％" else printed
            end = unit_end
        elif table is not None and unit in ("元", "万元"):
            unit = self._table_unit(table) or unit
        span = self.doc.span(start, end)
        return Figure(key=key, label=label, value=value, unit=unit or "", span=span,
                      section=span.section, origin="table" if table is not None else "text")

    def _match_value(self, start: int, end: int, wanted: Decimal) -> tuple[int, int, Decimal] | None:
        for s, e, v in self.numbers(start, end):
            if v == wanted:
                return s, e, v
        return None

    def ground_value(self, quote: str, value: str, row: str | None = None) -> tuple[int, int, Decimal] | str:
        """(start, end, printed value) of ``value`` inside ``quote`` (or row ``row``), else a reason."""
        wanted = to_decimal(value)
        if wanted is None:
            return f"value {value!r} is not a number"
        if row:
            cell = self.table_cell(row, wanted)
            if cell is not None:
                return cell
        where = self.locate(quote)
        if where is None:
            return f"quote {quote!r} not found in the document"
        hit = self._match_value(*where, wanted)
        if hit is None:
            return f"value {value} is not printed in quote {quote!r}"
        return hit

    def rows_labelled(self, label: str) -> list[tuple[Table, list[TableCell], int]]:
        """Table rows with a cell equal to (else containing) ``label``, preferred tables first."""
        target = compact(label)
        if not target:
            return []
        exact, partial = [], []
        for t in self.doc.tables:
            for row in t.rows:
                for i, c in enumerate(row):
                    text = compact(c.text)
                    if text == target:
                        exact.append((t, row, i))
                        break
                    if len(target) >= 2 and target in text:
                        partial.append((t, row, i))
                        break
        found = exact or partial
        found.sort(key=lambda x: not self._in_prefer((x[1][0].start, x[1][-1].end)))
        return found

    def table_cell(self, row_label: str, wanted: Decimal) -> tuple[int, int, Decimal] | None:
        for _t, row, i in self.rows_labelled(row_label):
            for c in row[i + 1:] + row[:i]:
                hit = self._match_value(c.start, c.end, wanted)
                if hit:
                    return hit
        return None

    # ------------------------------------------------------------------ spans
    def span(self, quote: str) -> Span | None:
        where = self.locate(quote)
        return self.doc.span(*where) if where else None

    def span_within(self, outer: Span, words: str) -> Span | None:
        i = self.doc.text.find(words, outer.start, outer.end)
        return self.doc.span(i, i + len(words)) if words and i >= 0 else None


def comparator(text: str) -> Comparator | None:
    t = normalize(text).text
    for sign, cmp in _CMP:
        if sign in t:
            return cmp
    return None
