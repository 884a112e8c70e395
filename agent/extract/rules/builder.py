"""Collects figures, claims and statements while the pattern modules run."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from agent.schemas import BudgetLine, Claim, CoverageItem, Figure, ScoreTable, Statement


@dataclass
class FactsBuilder:
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    score_tables: list[ScoreTable] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    unchecked: list[CoverageItem] = field(default_factory=list)  # found but not confidently checkable
    # total figure of the 其中 group each part figure belongs to, by part span start
    group_total: dict[int, Figure] = field(default_factory=dict)
    # a projects table's 合计 row: (budget, spending, rate or None, measure) — the 项目支出's when it restates it
    project_list_totals: list[tuple[Figure, Figure, Figure | None, str]] = field(default_factory=list)
    _by_span: dict[tuple[int, int], Figure] = field(default_factory=dict, repr=False)  # one figure per place
    _by_start: dict[int, Figure] = field(default_factory=dict, repr=False)  # first figure added at each start
    _starts: list[tuple[int, int]] = field(default_factory=list, repr=False)  # (span start, position), sorted
    _by_key: dict[str, list[int]] = field(default_factory=dict, repr=False)  # key → positions (see rekey)
    _position: dict[int, int] = field(default_factory=dict, repr=False)  # id(figure) → position

    def add_figure(self, fig: Figure) -> Figure:
        """The figure already standing on this span (taking the more specific key), else ``fig``.
        Indexed by span: a 决算 with a thousand table cells made the linear scan quadratic."""
        f = self._by_span.get((fig.span.start, fig.span.end))
        if f is not None:
            if f.key.startswith("misc:") and not fig.key.startswith("misc:"):
                self.rekey(f, fig.key)
            return f
        self._by_span[(fig.span.start, fig.span.end)] = fig
        self._by_start.setdefault(fig.span.start, fig)
        bisect.insort(self._starts, (fig.span.start, len(self.figures)))
        self._position[id(fig)] = len(self.figures)
        self._by_key.setdefault(fig.key, []).append(len(self.figures))
        self.figures.append(fig)
        return fig

    def rekey(self, fig: Figure, key: str) -> None:
        """Give a figure already added a more specific key, keeping the key index right."""
        fig.key = key
        at = self._position.get(id(fig))
        if at is not None:
            bisect.insort(self._by_key.setdefault(key, []), at)

    def with_key(self, key: str) -> list[Figure]:
        """The figures keyed ``key``, in the order they were added (an index: long reports asked this often)."""
        out = []
        for at in dict.fromkeys(self._by_key.get(key, ())):
            if self.figures[at].key == key:
                out.append(self.figures[at])
        return out

    def figure_starting_at(self, start: int) -> Figure | None:
        """The first figure added whose span starts at ``start`` (figures are only ever appended and
        their spans never change, so an index replaces the scan that made large reports quadratic)."""
        return self._by_start.get(start)

    def figures_between(self, lo: int, hi: int) -> list[Figure]:
        """Figures whose span starts in [lo, hi), in the order they were added."""
        i = bisect.bisect_left(self._starts, (lo, -1))
        j = bisect.bisect_left(self._starts, (hi, -1))
        return [self.figures[k] for _, k in sorted(self._starts[i:j], key=lambda x: x[1])]
