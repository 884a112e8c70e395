"""Which parts of a report each fact group's prompt gets (the "retrieval" of RAG extraction).

Tokens are the cost, so selection works on small units — a sentence of prose or one table row —
scored by the group's keywords (and boosted by the vector store's hybrid search when it is
available), then packed into the group's character budget and merged back into source ranges.
A group whose keywords never occur is not asked at all.  When the rule extractor has already
run, a unit whose every amount it grounded under a specific key (and, with several amounts,
related by a claim) is left out too: the model is there for what the rules missed, not to repeat them at a cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.extract.prompts import Prompt
from agent.schemas import Document, Facts

_SENTENCE_END = re.compile(r"(?<=[。；;])")
_DIGIT = re.compile(r"[0-9０-９]")
# Prose is worth sending only when it states an amount or a rate; counts (3人, 406次) are not facts we extract.
_MONEY = re.compile(r"[0-9０-９][0-9０-９,，.．]*\s*(万元|亿元|元|%|％)")
_AMOUNT = re.compile(r"(?<![0-9.])[0-9][0-9,]*(?:\.[0-9]+)?(?![0-9])(?!年)")
# Share of the document each group may send; with ~4 groups asked this keeps a report's
# excerpts near a fifth of its text, and never below a useful minimum.
DOC_SHARE = 0.035
MIN_CHARS = 200


@dataclass
class Unit:
    start: int
    end: int
    score: float


def _text_units(doc: Document, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or line.startswith("\t") or any(s <= start < e for s, e in covered):
            continue
        if len(line) <= 160:
            out.append((start, end))
            continue
        off = start
        for piece in _SENTENCE_END.split(line):
            if piece.strip():
                out.append((off, off + len(piece)))
            off += len(piece)
    return out


def _hits(text: str, words: tuple[str, ...]) -> int:
    return sum(text.count(w) for w in words)


def _units(doc: Document, prompt: Prompt) -> list[Unit]:
    text = doc.text
    tables = [(t.start, t.end) for t in doc.tables]
    units: list[Unit] = []
    for s, e in _text_units(doc, tables):
        piece = text[s:e]
        if _MONEY.search(piece):
            units.append(Unit(s, e, float(_hits(piece, prompt.keywords))))
    for t in doc.tables:
        if not t.rows:
            continue
        head = (t.title or "") + "".join(c.text for r in t.rows[:2] for c in r)
        table_score = min(_hits(head, prompt.keywords), 4) * 0.5
        for i, row in enumerate(t.rows):
            s, e = row[0].start - 1, row[-1].end
            piece = text[s:e]
            if i == 0 or _DIGIT.search(piece):
                units.append(Unit(s, e, _hits(piece, prompt.keywords) + table_score + (0.5 if i == 0 else 0)))
    return units


def _retrieval_boost(doc: Document, prompt: Prompt, units: list[Unit]) -> None:
    """Add the vector store's ranking when it is installed; keyword scores alone otherwise."""
    try:
        from vectorstore import retrieve

        hits = retrieve(doc, prompt.query, 6)
    except Exception:  # noqa: BLE001 - retrieval is an optional boost, never a failure
        return
    for rank, h in enumerate(hits):
        for u in units:
            if u.score > 0 and h.start <= u.start and u.end <= h.end:
                u.score += 1.0 / (rank + 1)


def budget_chars(doc: Document, prompt: Prompt) -> int:
    return min(prompt.max_chars, max(MIN_CHARS, int(len(doc.text) * DOC_SHARE)))


def _known_ranges(known: Facts | None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    if known is None:
        return [], []
    # a misc: figure is a number the rules could not name: exactly what the model should look at
    figs = [(f.span.start, f.span.end) for f in known.all_figures() if not f.key.startswith("misc:")]
    claims = [(c.span.start, c.span.end) for c in known.claims]
    return figs, claims


def _covered(doc: Document, u: Unit, figs: list[tuple[int, int]], claims: list[tuple[int, int]]) -> bool:
    """Every amount in the unit is a known figure and, if several, a known claim relates them."""
    if not figs:
        return False
    nums = [(u.start + m.start(), u.start + m.end()) for m in _AMOUNT.finditer(doc.text[u.start:u.end])]
    if not nums:
        return False
    if not all(any(fs <= s and e <= fe for fs, fe in figs) for s, e in nums):
        return False
    return len(nums) == 1 or any(cs < u.end and u.start < ce for cs, ce in claims)


def select_ranges(doc: Document, prompt: Prompt, known: Facts | None = None) -> list[tuple[int, int]]:
    """Source ranges to send for ``prompt``'s group, in document order; [] means skip the group.

    ``known``: facts already extracted (by the rules); units they fully cover are not sent.
    """
    if prompt.require_any and not any(w in doc.text for w in prompt.require_any):
        return []
    figs, claims = _known_ranges(known)
    units = [u for u in _units(doc, prompt) if u.score > 0 and not _covered(doc, u, figs, claims)]
    if not units:
        return []
    _retrieval_boost(doc, prompt, units)
    budget = budget_chars(doc, prompt)
    chosen: list[Unit] = []
    used = 0
    for u in sorted(units, key=lambda u: (-u.score, u.start)):
        size = u.end - u.start
        if used + size <= budget:
            chosen.append(u)
            used += size
    ranges: list[tuple[int, int]] = []
    for u in sorted(chosen, key=lambda u: u.start):
        if ranges and u.start - ranges[-1][1] <= 2:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], u.end))
        else:
            ranges.append((u.start, u.end))
    return ranges


def render_excerpts(doc: Document, ranges: list[tuple[int, int]]) -> str:
    """The excerpts as the user message body; delimiter look-alikes in the report are defused."""
    parts = [doc.text[s:e] for s, e in ranges]
    body = "\n…\n".join(parts)
    return body.replace("<report>", "〈report〉").replace("</report>", "〈/report〉")
