"""Batch pre-review: many reports, worker processes or a Dask cluster, resumable, crash-safe.

The runner is deliberately small: *discover* the reports, *plan* (hash each one and skip those
the manifest says are finished), *execute* the per-file function (``agent.batch.worker.process_task``)
on an engine, *summarise*.  The per-file function is injectable (``review_fn``) so the machinery
can be tested and benchmarked apart from the review pipeline, and it is the same function on
every engine, so a local run and a cluster run produce the same files.

Engines (local processes, Dask, inline) are in ``agent.batch.engines``.
"""

from __future__ import annotations

import glob
import os
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent import __version__
from agent.batch.engines import run_dask, run_inline, run_processes
from agent.batch.manifest import (
    MANIFEST_DIR,
    Manifest,
    ManifestEntry,
    batch_lock,
    config_fingerprint,
    entry_key,
    file_sha256,
    now_iso,
)
from agent.batch.summary import (
    BatchSummary,
    DocumentRow,
    FailedRow,
    document_row,
    totals_of,
    write_all,
    write_findings_xlsx,
)
from agent.batch.worker import FORMAT_ALIASES, FORMAT_SUFFIX, ReviewFn, Task, failed_entry
from agent.checks.registry import RULES_VERSION
from agent.config import Settings
from agent.errors import InputError
from agent.render.atomic import sweep_temp_files

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".xlsx")  # agent.ingest.SUPPORTED_SUFFIXES, without importing it
EXIT_OK, EXIT_FINDINGS, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 3, 130
EXIT_LLM_DEGRADED = 5  # --strict-llm: as `review --strict-llm` (agent.errors.ProviderError)
FAIL_ON = {"error": ("error",), "warning": ("error", "warning")}


@dataclass
class Item:
    path: Path
    rel: str


@dataclass
class BatchOptions:
    inputs: list[str]
    out: Path
    jobs: int | None = None  # None: CPU count; 0: inline
    formats: list[str] = field(default_factory=lambda: ["json"])
    settings: Any = None
    provider: str | None = None
    model: str | None = None
    rules: list[str] | None = None
    lang: str = "zh"
    fail_on: str | None = None
    dask_scheduler: str | None = None
    review_fn: ReviewFn | str | None = None  # None: the real pipeline
    summary_xlsx: bool = True
    force: bool = False  # review every report even when the manifest says it is done
    dask_timeout: float = 5.0  # seconds to reach the scheduler (`--dask-timeout`)
    durable: bool = True  # fsync each written file and its directory (see agent.render.atomic)
    strict_llm: bool = False  # exit 5 when the LLM path degraded in any report (all are still reviewed)


class BatchObserver:
    """Progress hooks; the CLI subclasses this for its progress bar."""

    def start(self, todo: int, skipped: int, engine: str) -> None: ...

    def done(self, entry: ManifestEntry) -> None: ...


# --------------------------------------------------------------------------- discover


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # ~$x.docx: Word's lock files


def _walk(root: Path, out: Path) -> Iterable[Path]:
    out_r = out.resolve()
    for dirpath, dirs, files in os.walk(root):
        here = Path(dirpath)
        if (here / MANIFEST_DIR).is_dir():  # the OUT folder of some batch: its memos are not reports
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and (here / d).resolve() != out_r)
        for name in sorted(files):
            if not _hidden(name) and Path(name).suffix.lower() in SUPPORTED:
                yield here / name


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    static = [p for p in parts[: next((i for i, p in enumerate(parts) if glob.has_magic(p)), len(parts))]]
    return Path(*static) if static else Path(".")


def discover(inputs: list[str], out: Path) -> list[Item]:
    """Every supported report under the inputs (dirs recursively, globs, files), excluding hidden files
    and folders and any batch's OUT folder (recognised by its .manifest folder).

    Relative paths (which name the outputs) are taken from the common parent of the inputs, so
    two inputs never map two reports onto one output.
    """
    found: list[Path] = []
    roots: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            roots.append(p)
            found.extend(_walk(p, out))
        elif p.is_file():
            roots.append(p.parent)
            found.append(p)
        elif glob.has_magic(raw):
            roots.append(_glob_base(raw))
            for m in sorted(glob.glob(raw, recursive=True)):
                mp = Path(m)
                if mp.is_dir():
                    found.extend(_walk(mp, out))
                elif mp.suffix.lower() in SUPPORTED and not _hidden(mp.name):
                    found.append(mp)
        else:
            raise InputError("no such file or directory, and not a glob pattern", raw)
    out_r = out.resolve()
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in found:
        r = f.resolve()
        if r not in seen and out_r not in r.parents:
            seen.add(r)
            unique.append(r)
    if not unique:
        return []
    base = Path(os.path.commonpath([r.resolve() for r in roots] + [u.parent for u in unique]))
    return sorted((Item(u, u.relative_to(base).as_posix()) for u in unique), key=lambda i: i.rel)


def normalise_formats(formats: Iterable[str]) -> list[str]:
    out: list[str] = []
    for f in formats:
        f = FORMAT_ALIASES.get(f.strip().lower(), f.strip().lower())
        if not f:
            continue
        if f not in FORMAT_SUFFIX:
            raise ValueError(f"unknown format {f!r} (choose from {', '.join(FORMAT_SUFFIX)})")
        if f not in out:
            out.append(f)
    if "json" not in out:
        out.insert(0, "json")  # the JSON report is the record every other tool reads
    return out


# --------------------------------------------------------------------------- run


def _settings_dump(settings: Any) -> dict[str, Any]:
    if settings is None:
        return {}
    return settings.model_dump(mode="json") if hasattr(settings, "model_dump") else dict(settings)


def tool_version() -> str:
    """The tool version plus the rule catalogue version: a new catalogue redoes finished reports."""
    return f"{__version__}+rules.{RULES_VERSION}"


def exit_code_for(entries: Iterable[ManifestEntry | None], fail_on: str | None, strict_llm: bool = False) -> int:
    """3 when any report failed or did not finish; else 5 under --strict-llm when the LLM path degraded
    in any report; else 1 when --fail-on findings exist; else 0."""
    entries = list(entries)
    if any(e is None or e.status != "ok" for e in entries):
        return EXIT_FAILED
    if strict_llm and any(e is not None and e.degraded for e in entries):
        return EXIT_LLM_DEGRADED
    if fail_on:
        sevs = FAIL_ON[fail_on]
        if any(e.by_severity.get(s, 0) for e in entries if e is not None for s in sevs):
            return EXIT_FINDINGS
    return EXIT_OK


@dataclass
class _Plan:
    """What this run must do: reports already settled (skipped, unreadable) and the tasks to run."""

    results: dict[str, ManifestEntry] = field(default_factory=dict)
    this_run: set[str] = field(default_factory=set)
    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0


def _plan(items: list[Item], opts: BatchOptions, out: Path, formats: list[str], settings: Any, tv: str,
          chash: str, run_id: str) -> _Plan:
    """Hash every report, and skip it when the manifest holds a finished entry for its key."""
    manifest = Manifest(out)
    plan = _Plan()
    for it in items:
        try:
            sha, err = file_sha256(it.path), None
        except OSError as e:
            sha, err = "unreadable", f"{it.path}: cannot read: {e.strerror or e}"
        task = Task(path=str(it.path), rel=it.rel, key=entry_key(sha, it.rel, chash), sha256=sha, out_dir=str(out),
                    formats=formats, config_hash=chash, tool_version=tv, run_id=run_id, settings=settings,
                    provider=opts.provider, model=opts.model, rules=opts.rules, lang=opts.lang,
                    review_fn=opts.review_fn, durable=opts.durable)
        if err:
            plan.results[it.rel] = failed_entry(task, err)
            plan.this_run.add(it.rel)
            continue
        done = None if opts.force else manifest.is_done(task.key, formats)
        if done is not None:
            plan.results[it.rel] = done
            plan.skipped += 1
        else:
            plan.tasks.append(task)
    return plan


def _default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _import_in_background(*modules: str) -> None:
    """Import the summary's writer while the workers review: imported at the end, openpyxl's ≈ 1 s
    came after the last report with every worker idle."""
    import importlib
    import threading

    def load() -> None:
        for m in modules:
            try:
                importlib.import_module(m)
            except ImportError:  # reported where it is really used
                return

    threading.Thread(target=load, name="budget-review-preimport", daemon=True).start()


def run_batch(opts: BatchOptions, observer: BatchObserver | None = None) -> BatchSummary:
    """Review every report under ``opts.inputs`` into ``opts.out``; returns (and writes) the summary.

    Raises InputError when no report is found, ConfigError when the Dask scheduler is unreachable,
    KeyboardInterrupt after writing the summary when interrupted.
    """
    observer = observer or BatchObserver()
    t0 = time.perf_counter()
    started = now_iso()
    run_id = started.replace(":", "").replace("-", "")[:15] + "-" + secrets.token_hex(3)
    out = Path(opts.out).resolve()  # absolute: Dask workers on other hosts have another cwd
    formats = normalise_formats(opts.formats)
    items = discover(opts.inputs, out)
    if not items:  # a sign-off gate must not pass on zero reports
        raise InputError(f"no report files found (supported: {', '.join(SUPPORTED)}; hidden files and OUT "
                         "are skipped)", ", ".join(opts.inputs))
    (out / MANIFEST_DIR).mkdir(parents=True, exist_ok=True)
    with batch_lock(out):  # one batch per OUT; released by the kernel if this process dies
        sweep_temp_files(out)
        settings = opts.settings
        if settings is None:
            settings = Settings()
        tv = tool_version()
        chash = config_fingerprint(_settings_dump(settings), tool_version=tv, provider=opts.provider,
                                   model=opts.model, rules=opts.rules, lang=opts.lang)
        plan = _plan(items, opts, out, formats, settings, tv, chash, run_id)
        results, this_run, tasks = plan.results, plan.this_run, plan.tasks

        jobs = opts.jobs if opts.jobs is not None else _default_jobs()
        jobs = min(jobs, len(tasks)) if tasks and jobs > 0 else jobs
        engine = f"dask:{opts.dask_scheduler}" if opts.dask_scheduler else ("inline" if jobs == 0 else "processes")
        observer.start(len(tasks), plan.skipped, engine)
        if tasks and (opts.summary_xlsx or "xlsx" in formats):
            _import_in_background("openpyxl", "openpyxl.styles", "openpyxl.utils")

        def emit(entry: ManifestEntry) -> None:
            results[entry.rel] = entry
            this_run.add(entry.rel)
            observer.done(entry)

        interrupted = False
        try:
            if not tasks:
                pass
            elif opts.dask_scheduler:
                run_dask(tasks, opts.dask_scheduler, emit, opts.dask_timeout)
            elif jobs == 0:
                run_inline(tasks, emit)
            else:
                run_processes(tasks, jobs, emit, opts.review_fn)
        except KeyboardInterrupt:
            interrupted = True
        elapsed = time.perf_counter() - t0

        entries = [results.get(it.rel) for it in items]
        rows: list[DocumentRow] = [document_row(it.rel, results.get(it.rel), it.rel in this_run) for it in items]
        summary = BatchSummary(
            tool_version=tv, run_id=run_id, started_at=started, finished_at=now_iso(),
            inputs=list(opts.inputs), out=str(out), engine=engine, jobs=jobs, formats=formats, config_hash=chash,
            provider=opts.provider, model=opts.model, fail_on=opts.fail_on, strict_llm=opts.strict_llm,
            discovered=len(items),
            reviewed_this_run=sum(1 for r in this_run if results[r].status == "ok"),
            failed_this_run=sum(1 for r in this_run if results[r].status != "ok"),
            skipped=plan.skipped, interrupted=interrupted, elapsed_seconds=round(elapsed, 3),
            reports_per_min=round(len(this_run) / elapsed * 60, 1) if elapsed > 0 else 0.0,
            totals=totals_of(rows, [e for e in entries if e is not None]),
            failed=[FailedRow(rel=r.rel, reason=r.error or "") for r in rows if r.status == "failed"],
            # the code the process really exits with: 130 after Ctrl-C, as the CLI does
            documents=rows, exit_code=EXIT_INTERRUPTED if interrupted else exit_code_for(entries, opts.fail_on,
                                                                                      opts.strict_llm),
        )
        write_all(summary, out, opts.lang, xlsx=opts.summary_xlsx)
        if "xlsx" in formats and summary.totals.ok:
            write_findings_xlsx(summary, out, opts.lang)
    if interrupted:
        raise KeyboardInterrupt
    return summary
