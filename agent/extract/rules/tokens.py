"""Money tokens found in a stretch of normalised text, with the facts patterns need about them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from agent import fastre
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import clean_label
from agent.extract.rules.numbers import MONEY, norm_unit


@dataclass
class Tok:
    start: int  # number start (normalised)
    end: int  # unit end
    num: str
    unit: str
    depth: int  # parenthesis depth within its line

    @property
    def num_end(self) -> int:
        return self.start + len(self.num)


def depth_at(ctx: Ctx, pos: int) -> int:
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    seg = ctx.text[line_start:pos]
    return max(0, seg.count("(") - seg.count(")"))


def money_tokens(ctx: Ctx, start: int, end: int) -> list[Tok]:
    """The amounts lying within [start, end): read once for the whole text and found by bisection (passes ask
    for thousands of stretches of a long report, each rescanned before)."""
    toks, starts = _all_tokens(ctx)
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end, lo)
    return [t for t in toks[lo:hi] if t.end <= end]


def _all_tokens(ctx: Ctx) -> tuple[list[Tok], list[int]]:
    if ctx._money_tokens is None:
        toks = [Tok(m.start(1), m.end(), m.group(1), norm_unit(m.group(2)), depth_at(ctx, m.start()))
                for m in MONEY.finditer(ctx.text)]
        ctx._money_tokens = (toks, [t.start for t in toks])
    return ctx._money_tokens


# a stated amount ends the words that name the next one: '上年结转1,235,600.00元和本年到位资金8,600,000.00元'
_PREVIOUS_AMOUNT = fastre.compile(r"\d(?:[\d.]*\d)?\s*(?:亿元|万元|元)")


def _after_previous_amount(seg: str) -> str:
    ends = [m.end() for m in _PREVIOUS_AMOUNT.finditer(seg)]
    return seg[ends[-1]:] if ends else seg


def label_before(ctx: Ctx, pos: int, floor: int) -> str:
    return clean_label(_after_previous_amount(ctx.text[max(floor, pos - 60):pos]))


def clause_before(ctx: Ctx, pos: int, floor: int) -> str:
    """Text from the previous clause boundary (or the previous amount) up to pos (for measure words like 年初/决算)."""
    seg = ctx.text[max(floor, pos - 60):pos]
    return _after_previous_amount(re.split(r"[，,。；;\n]", seg)[-1])
