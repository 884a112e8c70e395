"""Batch pre-review of many reports: one stage, one folder.

``runner`` discovers, plans and runs a batch; ``engines`` run the per-file function on local
processes, Dask or inline; ``worker`` is that per-file function; ``manifest`` records what is
finished (so a rerun resumes); ``summary`` writes summary.json/.md/.xlsx.  Every write goes
through ``agent.render.atomic`` (crash-safe).  The public names of the former ``agent.batch`` module are re-exported here.
"""

from agent.batch.runner import (
    EXIT_FAILED,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_LLM_DEGRADED,
    EXIT_OK,
    FAIL_ON,
    SUPPORTED,
    BatchObserver,
    BatchOptions,
    Item,
    discover,
    exit_code_for,
    normalise_formats,
    run_batch,
    tool_version,
)

__all__ = [
    "EXIT_FAILED",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_LLM_DEGRADED",
    "EXIT_OK",
    "FAIL_ON",
    "SUPPORTED",
    "BatchObserver",
    "BatchOptions",
    "Item",
    "discover",
    "exit_code_for",
    "normalise_formats",
    "run_batch",
    "tool_version",
]
