"""Turn a range of Document.text into the first and last Word run covering exactly that range.

Word comments can only start and end on run boundaries, so a quote that begins or ends in the
middle of a run is made a boundary by splitting the run in two: both halves keep the run's
element and formatting (a deep copy of ``w:rPr``), and the text is cut at the character.  The
visible text of the paragraph never changes.  Offsets are mapped with the .docx loader's
blocks (``agent.ingest.docx.locate``) and the runs are counted the way that loader counts them
(``RUN_XPATH``), recomputed on every call so earlier splits and comment-reference runs
(zero-length) are accounted for.
"""

from __future__ import annotations

import copy
from typing import Any

from agent.ingest.docx import RUN_XPATH, locate, resolve_locator
from agent.schemas import TextBlock

# Function-local imports in this module are deliberate: python-docx loads only when Word output is written
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Children of w:r that CT_R.text turns into characters (w:br of type page/column gives "").
_TEXT_TAGS = {_W + t for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}


def _child_len(child: Any) -> int:
    return len(str(child)) if child.tag in _TEXT_TAGS else 0


def _keep(r: Any, lo: int, hi: int | None) -> None:
    """Remove from run ``r`` every character outside [lo, hi) (hi=None: to the end)."""
    pos = 0
    for child in list(r):
        if child.tag == _W + "rPr":
            continue
        length = _child_len(child)
        cs, ce = pos, pos + length
        pos = ce
        if length == 0:  # drawings, field chars, page breaks: belong to the half they sit in
            if not (lo <= cs and (hi is None or cs < hi)):
                r.remove(child)
            continue
        if ce <= lo or (hi is not None and cs >= hi):
            r.remove(child)
            continue
        if child.tag == _W + "t":
            a = max(lo, cs) - cs
            b = (min(hi, ce) if hi is not None else ce) - cs
            if (a, b) != (0, length):
                child.text = (child.text or "")[a:b]
                child.set(_XML_SPACE, "preserve")


def split_run(r: Any, k: int) -> Any:
    """Split w:r element ``r`` before its k-th character; returns the new right half."""
    right = copy.deepcopy(r)
    _keep(r, 0, k)
    _keep(right, k, None)
    r.addnext(right)
    return right


class Anchorer:
    """Finds (splitting when needed) the runs that cover a text range of one opened document."""

    def __init__(self, document: Any, blocks: list[TextBlock], paragraphs: dict[str, Any] | None = None):
        """``paragraphs`` (locator -> w:p) saves the locator lookups when the caller built the document."""
        self.document = document
        self.blocks = sorted(blocks, key=lambda b: b.start)
        self._paragraphs: dict[str, Any] = dict(paragraphs or {})

    def _paragraph(self, block: TextBlock) -> Any:
        el = self._paragraphs.get(block.locator)
        if el is None:
            el = self._paragraphs[block.locator] = resolve_locator(self.document, block.locator)
        return el

    def _runs(self, block: TextBlock) -> list[tuple[int, int, Any]]:
        """(start, end, w:r) of the paragraph's non-empty runs, offsets in Document.text."""
        out = []
        pos = block.start
        for r in self._paragraph(block).xpath(RUN_XPATH):
            n = len(r.text)
            if n:
                out.append((pos, pos + n, r))
                pos += n
        return out

    def _run_starting_at(self, block: TextBlock, offset: int) -> Any:
        for s, e, r in self._runs(block):
            if s == offset:
                return r
            if s < offset < e:
                return split_run(r, offset - s)
        raise LookupError(f"offset {offset} is not inside {block.locator}")

    def _run_ending_at(self, block: TextBlock, offset: int) -> Any:
        for s, e, r in self._runs(block):
            if e == offset:
                return r
            if s < offset < e:
                split_run(r, offset - s)
                return r
        raise LookupError(f"offset {offset} is not inside {block.locator}")

    def runs_for(self, start: int, end: int) -> tuple[Any, Any] | None:
        """python-docx Runs (first, last) covering [start, end) clipped to paragraph text, or None.

        Text between paragraphs (the newline after a paragraph, a table cell's leading tab) has
        no run; a range over it is clipped to the paragraphs it touches.
        """
        from docx.text.run import Run

        hits = [h for h in locate(self.blocks, start, end) if h.run >= 0 and h.end > h.start]
        if not hits:
            return None
        first, last = hits[0], hits[-1]
        a = first.block.run_starts[first.run] + first.start
        b = last.block.run_starts[last.run] + last.end
        # Split at the start first: the run object returned stays the left half when the end is
        # then split inside it, so both ends refer to the right elements.
        first_r = self._run_starting_at(first.block, a)
        last_r = self._run_ending_at(last.block, b)
        return Run(first_r, self.document), Run(last_r, self.document)

    def nearest_paragraph_runs(self, offset: int) -> tuple[Any, Any] | None:
        """The whole first non-empty paragraph at or after ``offset`` (else before): a fallback anchor."""
        from docx.text.run import Run

        after = [b for b in self.blocks if b.end > offset]
        before = [b for b in reversed(self.blocks) if b.end <= offset]
        for b in after + before:
            runs = self._runs(b)
            if runs:
                return Run(runs[0][2], self.document), Run(runs[-1][2], self.document)
        return None
