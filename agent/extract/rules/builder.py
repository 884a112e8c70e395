"""Collects figures, claims and statements while the pattern modules run."""

from __future__ import annotations

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
    _by_span: dict[tuple[int, int], Figure] = field(default_factory=dict, repr=False)  # one figure per place

    def add_figure(self, fig: Figure) -> Figure:
        """The figure already standing on this span (taking the more specific key), else ``fig``.
        Indexed by span: a 决算 with a thousand table cells made the linear scan quadratic."""
        f = self._by_span.get((fig.span.start, fig.span.end))
        if f is not None:
            if f.key.startswith("misc:") and not fig.key.startswith("misc:"):
                f.key = fig.key
            return f
        self.figures.append(fig)
        self._by_span[(fig.span.start, fig.span.end)] = fig
        return fig
