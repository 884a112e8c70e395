"""Relations found by structure: independent candidate extractors, one resolver.

Each extractor (enumeration, shares, change, direction) reads the quantity mentions and the lexicon's
structure words and returns candidate relations with a confidence; ``resolve`` merges them with
the claims already made, keeps confident ones as claims and lists the rest as not verified.
Adding a phrasing is a lexicon entry or a shape in one extractor, not a new order-dependent pass.

The candidates depend on the text alone (not on the figures the other readers key), so on a large
report they are read in a forked process while the other readers run (``start_candidates``).
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.relations import change, direction, enumeration, shares
from agent.extract.rules.relations.model import Relation
from agent.extract.rules.relations.resolve import resolve

EXTRACTORS = (enumeration.extract, shares.extract, change.extract, direction.extract)

# below this many characters a fork costs more than it saves (a 20 k-character report takes 0.08 s in all)
PARALLEL_FROM_CHARS = 400_000


def candidates(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    for extract in EXTRACTORS:
        out += extract(ctx)
    return out


def start_candidates(ctx: Ctx, *, min_chars: int = PARALLEL_FROM_CHARS) -> Callable[[], list[Relation]]:
    """Begin reading the candidates; the function returned gives them.  A report of ``min_chars`` or more is
    read in a child process forked now (both cores work: the candidates are a fifth of a large review), when
    the platform forks and this process runs a single thread (a fork beside other threads may inherit a lock
    held by one of them).  Whatever goes wrong in the child, the parent reads the candidates itself."""
    if len(ctx.text) < min_chars or not hasattr(os, "fork") or threading.active_count() > 1:
        return lambda: candidates(ctx)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: candidates(ctx)
    if pid == 0:  # the child: read, hand over, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(candidates(ctx), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> list[Relation]:
        with os.fdopen(read_end, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            try:
                return pickle.loads(data)  # noqa: S301 - written by our own child process just now
            except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                pass
        return candidates(ctx)

    return collect


def extract_relations(ctx: Ctx, fb: FactsBuilder, found: list[Relation] | None = None) -> None:
    """``found``: the candidates when already read (see ``start_candidates``)."""
    resolve(ctx, fb, candidates(ctx) if found is None else found)


__all__ = ["PARALLEL_FROM_CHARS", "Relation", "candidates", "extract_relations", "start_candidates"]
