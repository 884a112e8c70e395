"""Batch pre-review: many reports, worker processes or a Dask cluster, resumable, crash-safe.

The runner is deliberately small: *discover* the reports, *plan* (hash each one and skip those
the manifest says are finished), *execute* the per-file function (``batch_worker.process_task``)
on an engine, *summarise*.  The per-file function is injectable (``review_fn``) so the machinery
can be tested and benchmarked apart from the review pipeline, and it is the same function on
every engine, so a local run and a cluster run produce the same files.

Engines:
- ``processes``: a ``ProcessPoolExecutor`` (forkserver, pipeline preloaded so workers start
  cheaply) with a bounded window of in-flight reports; if a worker process dies, the reports
  that were in flight are re-run one at a time so the one that kills its worker is recorded as
  failed and the rest still complete.
- ``dask``: ``distributed.Client(address).map`` + ``as_completed``; Dask itself retries a task
  whose worker died and raises ``KilledWorker`` for a report that keeps killing workers.
- ``inline`` (jobs=0): in this process, for debugging.
"""

from __future__ import annotations

import glob
import os
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent import __version__
from agent.atomic import sweep_temp_files
from agent.batch_manifest import (
    MANIFEST_DIR,
    Manifest,
    ManifestEntry,
    config_fingerprint,
    entry_key,
    file_sha256,
    now_iso,
)
from agent.batch_summary import (
    BatchSummary,
    DocumentRow,
    FailedRow,
    document_row,
    totals_of,
    write_all,
    write_findings_xlsx,
)
from agent.batch_worker import FORMAT_ALIASES, FORMAT_SUFFIX, ReviewFn, Task, failed_entry, process_task
from agent.errors import ConfigError, InputError

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".xlsx")  # agent.ingest.SUPPORTED_SUFFIXES, without importing it
EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 3
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
    dask_timeout: float = 30.0  # seconds to reach the scheduler


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


# --------------------------------------------------------------------------- engines


def _run_inline(tasks: list[Task], emit: Callable[[ManifestEntry], None]) -> None:
    for t in tasks:
        emit(process_task(t))


def _run_processes(tasks: list[Task], jobs: int, emit: Callable[[ManifestEntry], None],
                   review_fn: ReviewFn | str | None) -> None:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from agent.batch_worker import warm_up

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["agent.batch_worker", "agent.ingest", "agent.pipeline", "agent.render"])

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=warm_up,
                                   initargs=(review_fn if isinstance(review_fn, str) else None,))

    pending: deque[Task] = deque(tasks)
    suspects: deque[Task] = deque()  # in flight when a worker died: re-run alone to find the culprit
    window = max(2, jobs * 2)
    pool = new_pool()
    inflight: dict[Any, tuple[Task, bool]] = {}
    try:
        while pending or suspects or inflight:
            if suspects:
                if not inflight:
                    t = suspects.popleft()
                    inflight[pool.submit(process_task, t)] = (t, True)
            else:
                while pending and len(inflight) < window:
                    t = pending.popleft()
                    inflight[pool.submit(process_task, t)] = (t, False)
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                task, alone = inflight.pop(fut)
                try:
                    emit(fut.result())
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        emit(_worker_died(task, "the worker process died while reviewing it"))
                    else:
                        suspects.append(task)
                except Exception as e:  # noqa: BLE001 - e.g. the task could not be pickled
                    emit(_worker_died(task, f"{type(e).__name__}: {e}"))
            if broken:  # the rest of the in-flight futures resolve at once: keep results, re-run the others
                wait(list(inflight))
                for fut, (task, _alone) in list(inflight.items()):
                    try:
                        emit(fut.result())
                    except Exception:  # noqa: BLE001 - BrokenProcessPool
                        suspects.append(task)
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=not inflight, cancel_futures=True)


def _connect(address: str, timeout: float) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as e:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {type(e).__name__}: {e}",
                          "--dask-scheduler") from e


def _run_dask(tasks: list[Task], address: str, emit: Callable[[ManifestEntry], None], timeout: float) -> None:
    from distributed import as_completed

    with _connect(address, timeout) as client:
        futures = client.map(process_task, tasks, key=[f"budget-review-{t.key[:24]}-{t.run_id}" for t in tasks])
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        try:
            for fut in as_completed(futures):
                task = by_key[fut.key]
                try:
                    emit(fut.result())
                except Exception as e:  # noqa: BLE001 - KilledWorker, CommClosedError, …
                    why = "the worker process died while reviewing it" if type(e).__name__ == "KilledWorker" \
                        else f"{type(e).__name__}: {e}"
                    emit(_worker_died(task, why))
                fut.release()
        except BaseException:
            client.cancel(futures)
            raise


def _worker_died(task: Task, why: str) -> ManifestEntry:
    entry = failed_entry(task, f"internal error: {why}")
    Manifest(task.out_dir).write(entry)
    return entry


# --------------------------------------------------------------------------- run


def _settings_dump(settings: Any) -> dict[str, Any]:
    if settings is None:
        return {}
    return settings.model_dump(mode="json") if hasattr(settings, "model_dump") else dict(settings)


def tool_version() -> str:
    """The tool version plus the rule catalogue version: a new catalogue redoes finished reports."""
    try:
        from agent.checks.registry import RULES_VERSION
    except ImportError:
        return __version__
    return f"{__version__}+rules.{RULES_VERSION}"


def exit_code_for(entries: Iterable[ManifestEntry | None], fail_on: str | None) -> int:
    """3 when any report failed or did not finish; else 1 when --fail-on findings exist; else 0."""
    entries = list(entries)
    if any(e is None or e.status != "ok" for e in entries):
        return EXIT_FAILED
    if fail_on:
        sevs = FAIL_ON[fail_on]
        if any(e.by_severity.get(s, 0) for e in entries if e is not None for s in sevs):
            return EXIT_FINDINGS
    return EXIT_OK


def run_batch(opts: BatchOptions, observer: BatchObserver | None = None) -> BatchSummary:
    observer = observer or BatchObserver()
    t0 = time.perf_counter()
    started = now_iso()
    run_id = now_iso().replace(":", "").replace("-", "")[:15] + "-" + secrets.token_hex(3)
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST_DIR).mkdir(exist_ok=True)
    sweep_temp_files(out)
    formats = normalise_formats(opts.formats)
    settings = opts.settings
    if settings is None:
        from agent.config import Settings

        settings = Settings()
    tv = tool_version()
    chash = config_fingerprint(_settings_dump(settings), tool_version=tv, provider=opts.provider,
                               model=opts.model, rules=opts.rules, lang=opts.lang)
    manifest = Manifest(out)
    items = discover(opts.inputs, out)
    if not items:  # a sign-off gate must not pass on zero reports
        raise InputError(f"no report files found (supported: {', '.join(SUPPORTED)}; hidden files and OUT "
                         "are skipped)", ", ".join(opts.inputs))
    results: dict[str, ManifestEntry] = {}
    this_run: set[str] = set()
    tasks: list[Task] = []
    for it in items:
        try:
            sha = file_sha256(it.path)
        except OSError as e:
            sha = "unreadable"
            err = f"{it.path}: cannot read: {e.strerror or e}"
        else:
            err = None
        key = entry_key(sha, it.rel, chash)
        task = Task(path=str(it.path), rel=it.rel, key=key, sha256=sha, out_dir=str(out), formats=formats,
                    config_hash=chash, tool_version=tv, run_id=run_id, settings=settings,
                    provider=opts.provider, model=opts.model, rules=opts.rules, lang=opts.lang,
                    review_fn=opts.review_fn)
        if err:
            results[it.rel] = failed_entry(task, err)
            this_run.add(it.rel)
            continue
        done = None if opts.force else manifest.is_done(key, formats)
        if done is not None:
            results[it.rel] = done
        else:
            tasks.append(task)
    skipped = len(results) - len(this_run)

    jobs = opts.jobs if opts.jobs is not None else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                                    else os.cpu_count() or 1)
    jobs = max(0, min(jobs, len(tasks))) if tasks and jobs > 0 else jobs
    engine = f"dask:{opts.dask_scheduler}" if opts.dask_scheduler else ("inline" if jobs == 0 else "processes")
    observer.start(len(tasks), skipped, engine)

    def emit(entry: ManifestEntry) -> None:
        results[entry.rel] = entry
        this_run.add(entry.rel)
        observer.done(entry)

    interrupted = False
    try:
        if not tasks:
            pass
        elif opts.dask_scheduler:
            _run_dask(tasks, opts.dask_scheduler, emit, opts.dask_timeout)
        elif jobs == 0:
            _run_inline(tasks, emit)
        else:
            _run_processes(tasks, jobs, emit, opts.review_fn)
    except KeyboardInterrupt:
        interrupted = True
    elapsed = time.perf_counter() - t0

    entries = [results.get(it.rel) for it in items]
    rows: list[DocumentRow] = [document_row(it.rel, results.get(it.rel), it.rel in this_run) for it in items]
    processed = sum(1 for r in this_run if r in results)
    summary = BatchSummary(
        tool_version=tv, run_id=run_id, started_at=started, finished_at=now_iso(),
        inputs=list(opts.inputs), out=str(out), engine=engine, jobs=jobs, formats=formats, config_hash=chash,
        provider=opts.provider, model=opts.model, fail_on=opts.fail_on, discovered=len(items),
        reviewed_this_run=sum(1 for r in this_run if results[r].status == "ok"),
        failed_this_run=sum(1 for r in this_run if results[r].status != "ok"),
        skipped=skipped, interrupted=interrupted, elapsed_seconds=round(elapsed, 3),
        reports_per_min=round(processed / elapsed * 60, 1) if elapsed > 0 else 0.0,
        totals=totals_of(rows, [e for e in entries if e is not None]),
        failed=[FailedRow(rel=r.rel, reason=r.error or "") for r in rows if r.status == "failed"],
        documents=rows, exit_code=exit_code_for(entries, opts.fail_on),
    )
    write_all(summary, out, opts.lang, xlsx=opts.summary_xlsx)
    if "xlsx" in formats and summary.totals.ok:
        write_findings_xlsx(summary, out, opts.lang)
    if interrupted:
        raise KeyboardInterrupt
    return summary
