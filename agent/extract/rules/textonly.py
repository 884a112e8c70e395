"""The readers of the text alone, read beside the others on a large report.

The relation candidates and the repeated-text statements depend on the text and its document kind
only — never on the figures the other readers key.  On a large report (a fifth of its review) they
are read in a child process forked when the extraction starts, so both cores work; the parent
takes the child's results when it reaches them.  Small reports, platforms without ``fork``, and
processes running other threads (a fork may inherit a lock one of them holds) read them in-process.
Whatever goes wrong in the child, the parent reads them itself: the results are the same either way.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass

from agent.extract.rules import relations, statements
from agent.extract.rules.context import Ctx
from agent.extract.rules.relations.model import Relation
from agent.schemas import Statement

# below this many characters a fork costs more than it saves (a 20 k-character report takes 0.08 s in all)
PARALLEL_FROM_CHARS = 400_000


@dataclass
class TextOnly:
    candidates: list[Relation]
    duplicates: list[Statement]


def read(ctx: Ctx) -> TextOnly:
    return TextOnly(candidates=relations.candidates(ctx), duplicates=statements.duplicate_statements(ctx))


def start(ctx: Ctx, *, min_chars: int = PARALLEL_FROM_CHARS) -> Callable[[], TextOnly]:
    """Begin reading (``ctx.year`` and ``ctx.kinds`` set); the function returned gives the results."""
    if len(ctx.text) < min_chars or not hasattr(os, "fork") or threading.active_count() > 1:
        return lambda: read(ctx)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: read(ctx)
    if pid == 0:  # the child: read, hand over, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(read(ctx), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> TextOnly:
        with os.fdopen(read_end, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            try:
                return pickle.loads(data)  # noqa: S301 - written by our own child process just now
            except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                pass
        return read(ctx)

    return collect


__all__ = ["PARALLEL_FROM_CHARS", "TextOnly", "read", "start"]
