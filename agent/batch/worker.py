"""The per-file function of a batch: review one report, write its outputs, commit its manifest entry.

The same function runs in a local process pool and on Dask workers, so everything it needs
travels in one picklable ``Task`` and it never touches shared state except files under OUT.
It never raises for a bad report: failures become a ``failed`` entry with a one-line reason,
so one broken file cannot stop the batch.  Heavy modules (the pipeline, renderers) are
imported on first use inside the worker, not when the batch module is imported.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent import configure_logging
from agent.batch.manifest import Manifest, ManifestEntry, now_iso
from agent.errors import BudgetReviewError
from agent.render.atomic import atomic_path, atomic_write_text, fsync_dir

# Function-local imports in this module are deliberate: the pipeline, loaders and renderers load in each worker's warm-up (the pool initializer), not in the parent that only schedules
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

# format name -> suffix appended to OUT/<rel>
FORMAT_SUFFIX = {"json": ".json", "markdown": ".md", "docx": ".review.docx", "xlsx": ".xlsx", "text": ".txt"}
FORMAT_ALIASES = {"md": "markdown", "txt": "text"}

ReviewFn = Callable[..., Any]

log = logging.getLogger(__name__)


@dataclass
class Task:
    """Everything one report's review needs, picklable for a process pool or a Dask worker."""

    path: str
    rel: str
    key: str
    sha256: str
    out_dir: str
    formats: list[str]
    config_hash: str
    tool_version: str
    run_id: str
    settings: Any = None  # agent.config.Settings
    provider: str | None = None
    model: str | None = None
    rules: list[str] | None = None
    lang: str = "zh"
    review_fn: ReviewFn | str | None = None
    durable: bool = True  # fsync every file (power-cut safe); renames alone already survive a killed process


def output_rel(rel: str, fmt: str) -> str:
    """OUT-relative name of a report's output: the input's relative path plus the format's suffix."""
    return rel + FORMAT_SUFFIX[fmt]


def resolve(spec: ReviewFn | str | None) -> ReviewFn:
    """A review function from a callable, a 'module:attr' string, or None (the real pipeline)."""
    if spec is None:
        return default_review
    if callable(spec):
        return spec
    module, _, attr = spec.partition(":")
    fn = importlib.import_module(module)
    for part in (attr or "review").split("."):
        fn = getattr(fn, part)
    return fn  # type: ignore[return-value]


def default_review(path: Path, settings: Any = None, *, provider: str | None = None,
                   model: str | None = None, rules: list[str] | None = None) -> tuple[Any, Any]:
    """Load and review with the real pipeline; returns (Document, ReviewResult)."""
    from agent.ingest import load_document
    from agent.pipeline import review_document

    doc = load_document(path)
    return doc, review_document(doc, settings, provider=provider, model=model, rules=rules)


def _render(result: Any, fmt: str, doc: Any, out: Path | None, lang: str) -> str | None:
    from agent.render import render  # the same renderers as `review --format …`

    return render(result, fmt, doc=doc, out=out, lang=lang)


def write_outputs(task: Task, doc: Any, result: Any) -> dict[str, str]:
    """Render every requested format into OUT, each atomically; returns format -> OUT-relative path."""
    out_dir = Path(task.out_dir)
    written: dict[str, str] = {}
    dirs: set[Path] = set()
    for fmt in task.formats:
        rel_out = output_rel(task.rel, fmt)
        target = out_dir / rel_out
        if fmt in ("docx", "xlsx"):
            if fmt == "docx" and doc is None:
                from agent.ingest import load_document

                doc = load_document(task.path)
            with atomic_path(target, durable=task.durable, sync_dir=False) as tmp:
                _render(result, fmt, doc, tmp, task.lang)
        else:
            text = _render(result, fmt, doc, None, task.lang) or ""
            atomic_write_text(target, text if text.endswith("\n") else text + "\n", durable=task.durable,
                              sync_dir=False)
        written[fmt] = rel_out
        dirs.add(target.parent)
    if task.durable:  # once per folder, before the manifest entry says these outputs exist
        for d in dirs:
            fsync_dir(d)
    return written


def _one_line(e: BaseException) -> str:
    if isinstance(e, BudgetReviewError):
        msg = e.one_line()
    else:
        msg = f"internal error: {type(e).__name__}: {e}"
    msg = " ".join(str(msg).split())
    return msg[:500]


def failed_entry(task: Task, reason: str, seconds: float = 0.0, worker: str = "") -> ManifestEntry:
    return ManifestEntry(
        key=task.key, rel=task.rel, source=task.path, sha256=task.sha256, config_hash=task.config_hash,
        tool_version=task.tool_version, provider=task.provider, model=task.model, status="failed",
        error=reason, run_id=task.run_id, finished_at=now_iso(), seconds=round(seconds, 4), worker=worker,
    )


def process_task(task: Task) -> ManifestEntry:
    """Review one report and commit it; never raises for a bad report (see module docstring)."""
    t0 = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    manifest = Manifest(task.out_dir)
    try:
        fn = resolve(task.review_fn)
        got = fn(Path(task.path), task.settings, provider=task.provider, model=task.model, rules=task.rules)
        doc, result = got if isinstance(got, tuple) else (None, got)
        outputs = write_outputs(task, doc, result)
        info = result.document
        entry = ManifestEntry(
            key=task.key, rel=task.rel, source=task.path, sha256=task.sha256,
            config_hash=task.config_hash, tool_version=task.tool_version, provider=task.provider,
            model=task.model, status="ok", total=result.summary.total,
            by_severity={k: v for k, v in result.summary.by_severity.items() if v},
            by_rule=dict(result.summary.by_rule), title=info.title, unit_name=info.unit_name,
            year=info.year, formats=list(task.formats), outputs=outputs, run_id=task.run_id,
            coverage=result.coverage.model_dump(exclude={"items"}),
            finished_at=now_iso(), seconds=round(time.perf_counter() - t0, 4), worker=worker,
            degraded=bool(getattr(result.tool, "degraded", False)),
            notices=[n.message if task.lang == "zh" else n.message_en for n in getattr(result.tool, "notices", [])],
        )
    except Exception as e:  # noqa: BLE001 - isolation: any failure is this report's, not the batch's
        log.debug("review of %s failed", task.rel, exc_info=True)
        entry = failed_entry(task, _one_line(e), time.perf_counter() - t0, worker)
    # The entry needs no fsync of its own: the outputs it lists were made durable before it was
    # created, and an entry lost or emptied by a power cut only means the report is reviewed again.
    manifest.write(entry, durable=False)
    return entry


def warm_up(spec: ReviewFn | str | None = None) -> int:
    """Pool initializer: import the review machinery once per worker, before the first report."""
    if os.environ.get("BUDGET_REVIEW_VERBOSE"):
        configure_logging(True)
    try:
        resolve(spec)
        if spec is None:
            import agent.pipeline  # noqa: F401
    except Exception as e:  # noqa: BLE001 - the first task reports the real error
        log.debug("worker warm-up failed: %s: %s", type(e).__name__, e)
    return os.getpid()
