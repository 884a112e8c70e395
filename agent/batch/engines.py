"""Engines that run the per-file function over many tasks and hand each ``ManifestEntry`` to ``emit``.

Kept apart from the runner so each engine's failure handling can be read on one screen:
- ``run_processes``: a ``ProcessPoolExecutor`` (forkserver, so it is safe beside the progress
  bar's thread; the pipeline is preloaded in the fork server so each worker starts warm), at most
  2×jobs reports in flight; when a worker process dies the reports that were in flight are re-run
  one at a time, so only the report that kills its worker is recorded as failed.
- ``run_dask``: ``distributed.Client(address).map`` + ``as_completed``; Dask reschedules a task
  whose worker died and raises ``KilledWorker`` for a report that keeps killing workers; such
  reports are re-run one at a time, since a healthy report queued on the same worker shares the count.
- ``run_inline``: in this process (jobs=0), for debugging.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from agent.batch.manifest import Manifest, ManifestEntry
from agent.batch.worker import ReviewFn, Task, failed_entry, process_task, warm_up
from agent.errors import ConfigError
from agent.forkserver import context

# Function-local imports in this module are deliberate: dask/distributed load only for `batch --engine dask`
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

Emit = Callable[[ManifestEntry], None]

log = logging.getLogger(__name__)


def run_inline(tasks: list[Task], emit: Emit) -> None:
    for t in tasks:
        emit(process_task(t))


def run_processes(tasks: list[Task], jobs: int, emit: Emit,
                  review_fn: ReviewFn | str | None) -> None:
    ctx = context()

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
            refused = False  # the pool broke between two waits (a worker died): submit refuses
            source = suspects if suspects else pending
            try:
                if source is suspects:
                    if not inflight:
                        t = suspects.popleft()
                        inflight[pool.submit(process_task, t)] = (t, True)
                else:
                    while pending and len(inflight) < window:
                        t = pending.popleft()
                        inflight[pool.submit(process_task, t)] = (t, False)
            except BrokenProcessPool:
                source.appendleft(t)  # not submitted: it goes back where it came from
                refused = True
            if refused and not inflight:  # nothing in flight to report the break: start a new pool now
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                continue
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
                    log.debug("task %s failed outside the review", task.rel, exc_info=True)
                    emit(_worker_died(task, f"{type(e).__name__}: {e}"))
            if broken:  # the rest of the in-flight futures resolve at once: keep results, re-run the others
                wait(list(inflight))
                for fut, (task, _alone) in list(inflight.items()):
                    try:
                        emit(fut.result())
                    except Exception as e:  # noqa: BLE001 - BrokenProcessPool
                        log.debug("re-running %s after the pool broke: %s", task.rel, type(e).__name__)
                        suspects.append(task)
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=not inflight, cancel_futures=True)


CLIENT_TIMEOUT = 30.0  # the Client's own timeout also governs reconnects and gathers: keep it generous


def _probe(address: str, timeout: float) -> None:
    """Reach the scheduler once within ``timeout`` (raises OSError/TimeoutError when it cannot)."""
    from distributed.comm import connect

    async def attempt() -> None:
        comm = await connect(address, timeout=timeout)
        await comm.close()

    asyncio.run(attempt())


def _connect(address: str, timeout: float) -> Any:
    """A Client on ``address``; an unreachable scheduler fails after ``timeout`` (--dask-timeout)."""
    from distributed import Client

    try:
        _probe(address, timeout)
        return Client(address, timeout=f"{max(timeout, CLIENT_TIMEOUT)}s")
    except (OSError, TimeoutError, ValueError) as e:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {type(e).__name__}: {e}",
                          "--dask-scheduler") from e


def run_dask(tasks: list[Task], address: str, emit: Emit, timeout: float) -> None:
    """Map the tasks on the cluster; reports lost with a dying worker are re-run alone at the end.

    The scheduler counts a worker's death against every task assigned to it, so a healthy report
    queued beside one that kills its worker can reach the allowed-failures limit too; run alone,
    only the culprit fails again.
    """
    from distributed import as_completed

    with _connect(address, timeout) as client:
        futures = client.map(process_task, tasks, key=[_dask_key(t) for t in tasks])
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        killed: list[Task] = []
        try:
            for fut in as_completed(futures):
                task = by_key[fut.key]
                try:
                    emit(fut.result())
                except Exception as e:  # noqa: BLE001 - KilledWorker, CommClosedError, …
                    log.debug("dask task %s failed", task.rel, exc_info=True)
                    if _is_killed_worker(e):
                        killed.append(task)
                    else:
                        emit(_worker_died(task, f"{type(e).__name__}: {e}"))
                fut.release()
        except BaseException:
            client.cancel(futures)
            raise
        for task in killed:
            fut = client.submit(process_task, task, key=_dask_key(task, "alone"))
            try:
                emit(fut.result())
            except Exception as e:  # noqa: BLE001 - KilledWorker again: this report is the culprit
                why = "the worker process died while reviewing it" if _is_killed_worker(e) \
                    else f"{type(e).__name__}: {e}"
                emit(_worker_died(task, why))
            fut.release()


def _dask_key(task: Task, suffix: str = "") -> str:
    return f"budget-review-{task.key[:24]}-{task.run_id}" + (f"-{suffix}" if suffix else "")


def _is_killed_worker(e: BaseException) -> bool:
    return type(e).__name__ == "KilledWorker"


def _worker_died(task: Task, why: str) -> ManifestEntry:
    entry = failed_entry(task, f"internal error: {why}")
    Manifest(task.out_dir).write(entry)
    return entry
