"""The fork server batch workers start from, started early (kept outside agent.batch: see below).

Worker processes fork from a server that has imported the review pipeline once (≈ 1 s of imports).
Started only when the pool is created, that second was spent with the batch waiting; started as
soon as the ``batch`` command runs, the server imports while the command is still importing its own
modules, discovering files and reading the manifest.  Kept apart from ``agent.batch`` so starting it
costs no import of the batch machinery.
"""

from __future__ import annotations

import multiprocessing as mp

# modules every worker needs, imported once in the fork server; agent.batch.warm then reviews a small
# built-in report there, so workers start with lazy imports and compiled patterns done
PRELOAD = ["agent.batch.worker", "agent.ingest", "agent.pipeline", "agent.render", "agent.cli.main", "agent.batch.warm"]


def context() -> mp.context.BaseContext:
    """The forkserver context with the pipeline preloaded (safe beside the progress bar's thread)."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prestart() -> None:
    """Start the fork server now; the pool created later uses the same one."""
    from multiprocessing import forkserver

    context()
    forkserver.ensure_running()
