"""A relation between quantity mentions, as a candidate extractor proposes it.

Extractors are independent: each reads the mentions and the structure words and returns the
relations it sees, with a confidence.  The resolver alone decides which become claims (checked)
and which are only listed in the coverage as not verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from agent.extract.rules.mentions import Mention

CONFIDENT = 0.8  # at or above: a claim the checks verify; below: a coverage item 'not_verified'


@dataclass
class Relation:
    kind: Literal["sum", "ratio", "change", "direction"]
    confidence: float
    start: int  # normalised span of the statement
    end: int
    label: str
    source: str  # the extractor that proposed it
    reason: str = ""  # why the confidence is low
    total: Mention | None = None
    parts: list[Mention] = field(default_factory=list)
    stated: Mention | None = None
    numerator: Mention | None = None
    denominator: Mention | None = None
    current: Mention | None = None
    prior: Mention | None = None
    amount: Mention | None = None
    rate: Mention | None = None
    direction: Literal["increase", "decrease"] = "increase"
    wording: tuple[int, int] | None = None  # the direction word of a change
    subject: str | None = None  # a change's subject, when its amount is stated elsewhere ('“三公”经费比上年减少A')
    budget_base: str | None = None  # a change against the budget ('较年初预算减少A'): 'initial', 'full' or 'any'
    numerator_key: str | None = None  # a ratio's amount stated elsewhere, by its key ('项目支出占全部执行数的33.2%')
    denominator_key: str | None = None
    names: list[str] = field(default_factory=list)  # a '分别为' list's names, one per part, in order
    total_key: str | None = None  # a sum whose total is the figure keyed so elsewhere ('共3个项目：…')
    lead: str = ""  # words heading a list ('“三公经费”实际支出数为：'): parts without a measure take its measure

    @property
    def anchor(self) -> Mention | None:
        """The stated figure a finding would cite (the total, the stated rate, the stated change)."""
        if self.kind == "sum":
            return self.total or (self.parts[0] if self.parts else None)
        if self.kind == "ratio":
            return self.stated
        if self.kind == "direction":  # a comparison in words: its figures may both be keyed elsewhere
            return self.current or self.prior
        return self.amount or self.rate or self.prior

    @property
    def size(self) -> int:
        """How many figures the relation ties together: the more, the more specific."""
        figs = [self.total, self.stated, self.numerator, self.denominator, self.current, self.prior, self.amount,
                self.rate, *self.parts]
        return sum(1 for f in figs if f is not None)

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT
