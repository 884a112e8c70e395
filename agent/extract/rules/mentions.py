"""Quantity mentions: every number of the running text, typed, with its unit, precision and label.

One scan of the normalised text (full-width digits folded, thousands separators dropped, offsets
kept by ``agent.ingest.normalize``) turns each number into a ``Mention``: money, percent, score,
count, year, code or a bare number.  Its ``label`` (subject × measure, with the 上年 口径) is
resolved from the words of its own clause through the lexicon, so relation extractors reason
about "项目支出 · 全年预算" rather than about phrasings.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from agent import fastre
from agent.extract.rules import lexicon
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import clean_label, is_prior_year, measure_of
from agent.extract.rules.numbers import SIGN, norm_unit

_NUMBER = fastre.compile(
    rf"(?<![\d.A-Za-z])({SIGN}\d+(?:\.\d+)?)(\s*)(?:(?P<pct>{lexicon.PERCENT_UNITS})|(?P<money>{lexicon.MONEY_UNITS})|"
    rf"(?P<score>{lexicon.SCORE_UNITS})(?![别类项期析配管级钟])|(?P<count>{lexicon.COUNT_UNITS})|(?P<year>年))?")
_CLAUSE_CUT = fastre.compile(r"[，,。；;:：、\n]")


_KEYED_SUBJECTS = {"total", "basic", "project", "personnel", "public", "sangong", "carryover", "balance"}
_KEYED_MEASURES = {"initial_budget", "full_budget", "budget", "actual", "adjustment"}


@dataclass(frozen=True)
class Label:
    """What a mention measures: subject × measure, the 上年 口径, and the words it was read from."""

    subject: str | None
    measure: str | None
    prior: bool
    words: str

    @property
    def key(self) -> str:
        """subject.measure when both are known, the figure is this year's and the pair is one the
        checks compare across places; otherwise ``misc:`` (never compared)."""
        if self.subject and self.measure and not self.prior and self.subject.split(".")[0] in _KEYED_SUBJECTS \
                and self.measure in _KEYED_MEASURES:
            return f"{self.subject}.{self.measure}"
        return f"misc:{self.words}"


@dataclass(frozen=True)
class Mention:
    start: int  # normalised offset of the number
    end: int  # end of the unit (or of the number when there is none)
    num: str
    unit: str
    kind: str  # money | percent | score | count | year | code | number
    depth: int  # parenthesis depth within its line
    clause: str  # the words of its clause before it
    report_year: int | None = None  # the report's fiscal year: a clause naming an earlier one is the prior year's

    @property
    def value(self) -> Decimal:
        return Decimal(self.num)

    @property
    def decimals(self) -> int:
        return len(self.num.split(".")[1]) if "." in self.num else 0

    @cached_property
    def label(self) -> Label:
        from agent.extract.rules.labels import subject_of

        words = clean_label(self.clause)
        return Label(subject=subject_of(words) if words else subject_of(self.clause), measure=measure_of(self.clause),
                     prior=is_prior_year(self.clause, self.report_year), words=words)


def _kind(m: re.Match[str]) -> tuple[str, str]:
    if m.group("pct"):
        return "percent", "%" if m.group("pct") == "%" else "个百分点"
    if m.group("money"):
        return "money", norm_unit(m.group("money"))
    if m.group("score"):
        return "score", "分"
    if m.group("count"):
        return "count", m.group("count").removeprefix("余")
    num = m.group(1)
    if m.group("year") and re.fullmatch(r"(19|20)\d\d", num):
        return "year", "年"
    if "." not in num and len(num) >= 5:
        return "code", ""
    return "number", ""


def mentions(ctx: Ctx) -> list[Mention]:
    """Every number of the normalised text as a typed mention (cached on the context)."""
    if ctx._mentions is not None:
        return ctx._mentions
    text = ctx.text
    out: list[Mention] = []
    last_end = 0
    for m in _NUMBER.finditer(text):
        kind, unit = _kind(m)
        end = m.end(1) if kind == "year" or not unit else m.end()
        s = m.start(1)
        # a label never reaches back over another amount ('基本支出A万元和项目支出B万元': B is 项目支出)
        line_start = text.rfind("\n", 0, s) + 1
        depth = max(0, text.count("(", line_start, s) - text.count(")", line_start, s))
        floor = max(line_start, s - 60, last_end if kind != "year" else 0)
        clause = _CLAUSE_CUT.split(text[floor:s])[-1]
        if kind in ("money", "percent", "count", "score"):
            last_end = end
        out.append(Mention(s, end, m.group(1), unit, kind, depth, clause, ctx.year))
    ctx._mentions = out
    return out


def money_unit(ctx: Ctx, pos: int) -> str:
    """The unit a bare amount at pos is written in ('执行率96.22%（35,918,412.37/38,120,400.00）' in a
    report kept in 元): that of the nearest amount of its paragraph, else the report's usual one."""
    money = [m for m in mentions(ctx) if m.kind == "money"]
    s, e = ctx.paragraph_bounds(pos)
    near = sorted((abs(m.start - pos), m.unit) for m in money if s <= m.start < e)
    if near:
        return near[0][1]
    units = [m.unit for m in money]
    return max(set(units), key=units.count) if units else "万元"


def in_range(ms: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying within [start, end) (``ms`` is sorted by offset, as ``mentions`` returns it)."""
    lo = bisect_left(ms, start, key=_start)
    hi = bisect_left(ms, end, lo, key=_start)
    return [m for m in ms[lo:hi] if m.end <= end]


def mentions_between(ctx: Ctx, start: int, end: int) -> list[Mention]:
    """The mentions starting in [start, end), found by bisection (a scan of all per call was quadratic)."""
    ms = mentions(ctx)
    starts = ctx._mention_starts
    if starts is None or len(starts) != len(ms):
        starts = [m.start for m in ms]
        ctx._mention_starts = starts
    return ms[bisect_left(starts, start) : bisect_left(starts, end)]


def by_period(ctx: Ctx) -> list[list[Mention]]:
    """The mentions of each of ``ctx.periods()``, in one sweep (cached on the context)."""
    if ctx._by_period is None:
        ms = mentions(ctx)
        out: list[list[Mention]] = []
        i = 0
        for p in ctx.periods():
            while i < len(ms) and ms[i].start < p.start:
                i += 1
            j = i
            group = []
            while j < len(ms) and ms[j].start < p.end:
                if ms[j].end <= p.end:
                    group.append(ms[j])
                j += 1
            out.append(group)
            i = j
        ctx._by_period = out
    return ctx._by_period


def _start(m: Mention) -> int:
    return m.start


__all__ = ["Label", "Mention", "by_period", "mentions", "in_range"]
