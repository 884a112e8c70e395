"""The reports a chat is about: loaded, reviewed and indexed once at start, then only read.

Why one object: slash commands, the offline answerer and the LLM tools must see the same
numbered findings and the same retrieval, so "第3条" means one thing everywhere.  Findings are
numbered across all loaded reports in load order, from 1.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.chat.tools import ToolError
from agent.ingest import load_document
from agent.pipeline import extract_with_reference, review_document
from vectorstore.embeddings import DEFAULT_EMBEDDER, get_embedder
from vectorstore.glossary import expand
from vectorstore.hybrid import retrieve
from vectorstore.store import Retriever, Store

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.schemas import Document, Facts, Finding, ReviewResult
    from vectorstore.models import Hit


@dataclass
class Report:
    doc: Document
    facts: Facts
    result: ReviewResult

    @property
    def name(self) -> str:
        return Path(self.doc.path).name

    @property
    def title(self) -> str:
        return self.result.document.title or self.name

    @property
    def label(self) -> str:
        """'title（file）', or just the file name when the report has no title of its own."""
        return self.name if self.title == self.name else f"{self.title}（{self.name}）"


@dataclass
class Numbered:
    n: int
    report: Report
    finding: Finding


@dataclass
class Session:
    reports: list[Report]
    settings: Settings
    provider: str = "rules"
    retriever: Any = None  # a vectorstore.Retriever when a Chroma store was requested
    rewordings: dict[str, str] = field(default_factory=dict)  # finding id -> reviewer-approved wording

    @classmethod
    def load(cls, paths: list[str | Path], settings: Settings, *, extract_provider: str = "rules",
             model: str | None = None, store: str | None = None, chroma_url: str | None = None,
             chat_provider: str = "rules") -> Session:
        """Load, extract, review every file; index into Chroma only when a store is named."""
        reports = []
        for p in paths:
            doc = load_document(p)
            facts, reference = extract_with_reference(doc, settings, provider=extract_provider, model=model)
            reports.append(Report(doc, facts, review_document(doc, settings, facts=facts, reference=reference)))
        session = cls(reports=reports, settings=settings, provider=chat_provider)
        if store or chroma_url or settings.store or settings.chroma_url:
            session.retriever = _chroma_retriever(reports, settings, store, chroma_url)
        elif chat_provider != "rules":  # the LLM agent retrieves through Chroma (in-process) too
            try:
                session.retriever = _chroma_retriever(reports, settings, None, None)
            except Exception as e:  # noqa: BLE001 - logged; the in-memory hybrid index answers instead
                log.warning("vector store unavailable (%s: %s); chat searches the in-memory hybrid index",
                            type(e).__name__, e)
        return session

    # ------------------------------------------------------------------ findings
    def numbered(self) -> list[Numbered]:
        out: list[Numbered] = []
        for r in self.reports:
            for f in r.result.findings:
                out.append(Numbered(len(out) + 1, r, f))
        return out

    def finding(self, n: int) -> Numbered:
        items = self.numbered()
        if not items:
            raise ToolError("没有审核意见：规则检查未对已加载的报告提出意见")
        if not 1 <= n <= len(items):
            raise ToolError(f"没有第 {n} 条意见：意见编号为 1–{len(items)}（见 /findings）")
        return items[n - 1]

    def message(self, f: Finding) -> str:
        return self.rewordings.get(f.id, f.message)

    def rerun_checks(self) -> tuple[int, int]:
        """Run the checks again on the stored facts (Python decides findings); (before, after) counts."""
        before = sum(len(r.result.findings) for r in self.reports)
        for r in self.reports:
            r.result = review_document(r.doc, self.settings, facts=r.facts)
        return before, sum(len(r.result.findings) for r in self.reports)

    # ------------------------------------------------------------------ retrieval
    def search(self, query: str, k: int = 5, section: str | None = None) -> list[tuple[Report, Hit]]:
        """Top passages over all reports, best first (in-memory hybrid, or the Chroma store); the query is
        expanded with the domain glossary first (English and regional words -> the report's terms)."""
        query = expand(query)
        hits: list[tuple[Report, Hit]] = []
        for r in self.reports:
            if self.retriever is not None:
                found = self.retriever.search(query, k=k, doc_id=r.doc.id, section=section)
            else:
                found = retrieve(r.doc, query, k=k, section=section)
            hits.extend((r, h) for h in found)
        hits.sort(key=lambda rh: -rh[1].score)
        return hits[:k]


def _chroma_retriever(reports: list[Report], settings: Settings, store: str | None, chroma_url: str | None) -> Any:
    st = Store.for_run(settings, store, chroma_url)
    emb = get_embedder(st.embedder_name() or DEFAULT_EMBEDDER, settings)
    for r in reports:
        st.index_document(r.doc, emb)
    return Retriever(st, embedder=emb, settings=settings)
