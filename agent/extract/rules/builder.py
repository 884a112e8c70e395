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
    unchecked: list[CoverageItem] = field(default_factory=list)  # relations too ambiguous to check
    # total figure of the 其中 group each part figure belongs to, by part span start
    group_total: dict[int, Figure] = field(default_factory=dict)

    _at: dict[tuple[int, int], Figure] = field(default_factory=dict)  # figures by span: one figure per place

    def add_figure(self, fig: Figure) -> Figure:
        f = self._at.get((fig.span.start, fig.span.end))
        if f is not None:
            if f.key.startswith("misc:") and not fig.key.startswith("misc:"):
                f.key = fig.key
            return f
        self._at[(fig.span.start, fig.span.end)] = fig
        self.figures.append(fig)
        return fig
