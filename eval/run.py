"""dataset × solver × scorer -> EvalLog.  The only place the three meet."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path

from eval.dataset import Dataset, sample_file, unavailable
from eval.log import EvalLog, SampleRun
from eval.scorer import score_log
from eval.solver import Solver


def dataset_sha256(dataset: Dataset) -> str:
    h = hashlib.sha256(dataset.model_dump_json(exclude={"source", "sets"}).encode())
    return h.hexdigest()[:16]


def run_eval(dataset: Dataset, solver: Solver, *, provider: str = "rules", model: str | None = None) -> EvalLog:
    from agent import __version__

    t0 = time.perf_counter()
    runs: list[SampleRun] = []
    for sample in dataset.samples:
        if unavailable(sample):
            continue  # not restored on this machine (SOURCES.md): left out of the scores, not a miss
        if not Path(sample_file(sample)).exists():
            runs.append(SampleRun(id=sample.id, path=sample.path, error=f"file not found: {sample_file(sample)}"))
            continue
        runs.append(solver(sample))
    log = EvalLog(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        dataset=dataset.source or dataset.name,
        dataset_sha256=dataset_sha256(dataset),
        provider=provider,
        model=model,
        tool_version=__version__,
        seconds=round(time.perf_counter() - t0, 2),
        runs=runs,
    )
    log.scores = score_log(log, dataset)
    return log


def rescore(log: EvalLog, dataset: Dataset) -> EvalLog:
    """Score stored runs again (labels edited, scorer changed) without re-running the solver."""
    new = log.model_copy(deep=True)
    new.scores = score_log(new, dataset)
    new.dataset_sha256 = dataset_sha256(dataset)
    return new
