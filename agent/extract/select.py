"""Which parts of a report each fact group's prompt gets: retrieval through the vector store.

The report's heading-aware chunks are indexed in Chroma (``DocumentRetriever``: in-process by
default, the configured store or server otherwise) and each fact group asks it several queries
built from its vocabulary and its schema's field descriptions (agent.extract.prompts.group_queries);
the hybrid rankings (BM25 + embeddings, fused by RRF) are fused again across the queries.  Tokens
are the cost, so what is sent is small units — a sentence stating an amount, or one table row —
inside the best chunks, ranked by their chunk's place; the group's keywords only add a little
to a unit's score and never gate it, so a paraphrase the keywords miss still surfaces.  Units
are packed into the group's character budget and merged back into source ranges.  When the rule
extractor has already run, a unit whose every amount it grounded under a specific key (and, with
several amounts, related by a claim) is left out: the model is there for what the rules missed.
A retrieval failure is logged and recorded, and the in-memory hybrid index answers instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from agent import fastre
from agent.extract.prompts import Prompt, group_queries
from agent.schemas import Document, Facts
from vectorstore.embeddings import DEFAULT_EMBEDDER, get_embedder
from vectorstore.glossary import expand
from vectorstore.hybrid import retrieve, rrf
from vectorstore.store import Retriever, Store

log = logging.getLogger(__name__)

_SENTENCE_END = fastre.compile(r"(?<=[。；;])")
_DIGIT = fastre.compile(r"[0-9０-９]")
# Prose is worth sending only when it states an amount or a rate; counts (3人, 406次) are not facts we extract.
_MONEY = fastre.compile(r"[0-9０-９][0-9０-９,，.．]*\s*(万元|亿元|元|%|％)")
_AMOUNT = fastre.compile(r"(?<![0-9.])[0-9][0-9,]*(?:\.[0-9]+)?(?![0-9])(?!年)")
# Share of the document each group may send; with ~4 groups asked this keeps a report's
# excerpts near a fifth of its text, and never below a useful minimum.
DOC_SHARE = 0.035
MIN_CHARS = 200
TOP_CHUNKS = 8  # chunks per group whose units may be sent
PER_QUERY = 6  # hits asked per query before fusing the group's queries
KEYWORD_WEIGHT = 0.05  # per keyword hit, at most 4: a tie-breaker, never a gate


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


@dataclass
class DocumentRetriever:
    """One report's chunks in the vector store, searched hybrid; built once per extraction run."""

    doc: Document
    settings: Any = None
    warnings: list[str] = field(default_factory=list)
    backend: str = ""
    _search: Any = None

    def __post_init__(self) -> None:
        try:
            store = Store.for_run(self.settings)
            emb = get_embedder(store.embedder_name() or DEFAULT_EMBEDDER,
                               self.settings)
            store.index_document(self.doc, emb)
            retriever = Retriever(store, embedder=emb, settings=self.settings)
            self._search = lambda q, k: retriever.search(q, k=k, doc_id=self.doc.id)
            self.backend = f"chroma:{store.location}:{emb.name}"
        except Exception as e:  # noqa: BLE001 - logged and recorded; the in-memory index answers instead
            log.warning("vector store unavailable for %s (%s: %s); using the in-memory hybrid index",
                        self.doc.path, type(e).__name__, e)
            self.warnings.append(f"retrieval: vector store unavailable ({type(e).__name__}: {str(e)[:160]}); "
                                 "in-memory hybrid index used")

            emb = get_embedder(DEFAULT_EMBEDDER, self.settings)
            self._search = lambda q, k: retrieve(self.doc, q, k, embedder=emb)
            self.backend = f"memory:{emb.name}"

    def rank(self, queries: list[str], k: int = TOP_CHUNKS) -> list[tuple[int, int, float]]:
        """(start, end, score) of the best chunks for all ``queries`` together (RRF), best first."""
        spans: dict[str, tuple[int, int]] = {}
        rankings: list[list[str]] = []

        for q in queries:
            hits = self._search(expand(q), PER_QUERY)
            rankings.append([h.chunk_id or f"{h.start}-{h.end}" for h in hits])
            for h in hits:
                spans[h.chunk_id or f"{h.start}-{h.end}"] = (h.start, h.end)
        ids = sorted(spans)
        pos = {c: i for i, c in enumerate(ids)}
        fused = rrf([[pos[c] for c in r] for r in rankings])[:k]
        return [(*spans[ids[i]], score) for i, score in fused]


def _retrieval_scores(units: list[Unit], chunks: list[tuple[int, int, float]]) -> None:
    """Add to each unit 1/(rank+1) of the best retrieved chunk it lies in (or overlaps)."""
    for u in units:
        best = next((1.0 / (rank + 1) for rank, (s, e, _) in enumerate(chunks) if u.start < e and s < u.end), 0.0)
        u.score += best


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


def group_present(doc: Document, prompt: Prompt) -> bool:
    """Ask a group only when its subject is in the report, under any of its names (``require_any``
    lists the other spellings too: 招待费 for 公务接待费)."""
    return not prompt.require_any or any(w in doc.text for w in prompt.require_any)


def select_ranges(doc: Document, prompt: Prompt, known: Facts | None = None,
                  retriever: DocumentRetriever | None = None) -> list[tuple[int, int]]:
    """Source ranges to send for ``prompt``'s group, in document order; [] means skip the group.

    ``known``: facts already extracted (by the rules); units they fully cover are not sent.
    ``retriever``: the report in the vector store (one per run); built here when not given.
    """
    if not group_present(doc, prompt):
        return []
    figs, claims = _known_ranges(known)
    units = [u for u in _units(doc, prompt) if not _covered(doc, u, figs, claims)]
    if not units:
        return []
    for u in units:  # keywords: a small tie-breaker only
        u.score = min(u.score, 4) * KEYWORD_WEIGHT
    retriever = retriever or DocumentRetriever(doc)
    _retrieval_scores(units, retriever.rank(group_queries(prompt)))
    units = [u for u in units if u.score > 0]
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
