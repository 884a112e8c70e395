"""Relations found by structure: independent candidate extractors, one resolver.

Each extractor (enumeration, shares, change, direction) reads the quantity mentions and the lexicon's
structure words and returns candidate relations with a confidence; ``resolve`` merges them with
the claims already made, keeps confident ones as claims and lists the rest as not verified.
Adding a phrasing is a lexicon entry or a shape in one extractor, not a new order-dependent pass.
The candidates depend on the text alone: on a large report they are read beside the other readers
(``agent.extract.rules.textonly``).
"""

from __future__ import annotations

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.relations import change, direction, enumeration, shares
from agent.extract.rules.relations.model import Relation
from agent.extract.rules.relations.resolve import resolve

EXTRACTORS = (enumeration.extract, shares.extract, change.extract, direction.extract)


def candidates(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    for extract in EXTRACTORS:
        out += extract(ctx)
    return out


def extract_relations(ctx: Ctx, fb: FactsBuilder, found: list[Relation] | None = None) -> None:
    """``found``: the candidates when already read."""
    resolve(ctx, fb, candidates(ctx) if found is None else found)


__all__ = ["Relation", "candidates", "extract_relations"]
