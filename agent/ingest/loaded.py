"""What a loader hands back: the text in the common convention, its provenance blocks, and the
table grid when the format knows it. Its own module so the loaders and ``agent.ingest`` (which
dispatches to them) both import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.schemas import Table, TextBlock


@dataclass
class LoadedText:
    text: str
    encoding: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    tables: list[Table] | None = None  # when the loader knows the grid (PDF rulings); else parsed from text
