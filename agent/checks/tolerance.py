"""Interval arithmetic for stated numbers — the catalogue's binding rounding tolerance, in one place.

A number stated with d decimals stands for v ± 0.5·10^-d.  A check fails only when no choice of
values inside the stated intervals makes the statement true.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def half_unit(v: Decimal) -> Decimal:
    """Half a unit in the last stated place: 0.005 for '1239.52', 0.5 for '99'."""
    return Decimal(5).scaleb(-(decimals(v) + 1))


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def of(cls, v: Decimal) -> Interval:
        h = half_unit(v)
        return cls(v - h, v + h)

    def overlaps(self, other: Interval) -> bool:
        """Half-open intervals: '30.12' and '30.11' touch at 30.115 but cannot both be right."""
        if self.lo == self.hi or other.lo == other.hi:
            return self.lo <= other.hi and other.lo <= self.hi
        return self.lo < other.hi and other.lo < self.hi

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)


def sum_interval(values: list[Decimal]) -> Interval:
    out = Interval(Decimal(0), Decimal(0))
    for v in values:
        out = out + Interval.of(v)
    return out


def sum_tolerance(total: Decimal, parts: list[Decimal]) -> Decimal:
    return half_unit(total) + sum((half_unit(p) for p in parts), Decimal(0))


def sum_mismatch(total: Decimal, parts: list[Decimal]) -> bool:
    return abs(total - sum(parts, Decimal(0))) > sum_tolerance(total, parts)


def ratio_interval(num: Decimal, den: Decimal) -> Interval | None:
    """Range of num/den×100 over the stated intervals (positive values only)."""
    a, b = Interval.of(num), Interval.of(den)
    if b.lo <= 0 or a.hi < 0:
        return None
    lo = max(a.lo, Decimal(0)) / b.hi * HUNDRED
    hi = a.hi / b.lo * HUNDRED
    return Interval(lo, hi)


def ratio_mismatch(stated_pct: Decimal, num: Decimal, den: Decimal) -> bool:
    r = ratio_interval(num, den)
    return r is not None and not r.overlaps(Interval.of(stated_pct))


def truncated(stated_pct: Decimal, num: Decimal, den: Decimal) -> bool:
    """The stated percentage is the true one cut off after its last digit instead of rounded
    (99.86% for 99.868%): the catalogue makes that an info note ('尾数处理'), not an error."""
    r = ratio_interval(num, den)
    if r is None:
        return False
    step = Decimal(1).scaleb(-decimals(stated_pct))
    return r.overlaps(Interval(stated_pct, stated_pct + step))


def change_rate_interval(current: Decimal, amount: Decimal, increase: bool) -> Interval | None:
    """Rate implied by 'current, changed by amount': amount / prior, prior = current ∓ amount."""
    c, a = Interval.of(current), Interval.of(amount)
    if increase:
        lo_den, hi_den = c.lo - a.hi, c.hi - a.lo
        if lo_den <= 0:
            return None
        return Interval(max(a.lo, Decimal(0)) / hi_den * HUNDRED, a.hi / lo_den * HUNDRED)
    lo_den, hi_den = c.lo + a.lo, c.hi + a.hi
    if lo_den <= 0:
        return None
    return Interval(max(a.lo, Decimal(0)) / hi_den * HUNDRED, a.hi / lo_den * HUNDRED)


MONEY_PLACES = {"万元": 2, "元": 2, "亿元": 4}


def precise(fig) -> Decimal:
    """A money figure at the document's cent precision.

    Reports write whole amounts without decimals ('1万元', '0万元', '1300万元'); they do not round money to
    whole 万元.  An amount with decimals ('6.9万元', '3.5万元') keeps its stated precision.
    Read literally, '1万元' would stand for 0.5–1.5 and the catalogue's own example (三公 5.5 vs
    0 + 3.5 + 1) could never be an error.  Percentages and counts keep their stated precision.
    """
    places = MONEY_PLACES.get(fig.unit)
    if places is None or decimals(fig.value) > 0:
        return fig.value  # '6.9万元' was rounded on purpose: it keeps its ±0.05
    if fig.unit == "元" and getattr(fig, "origin", "text") == "table":
        return fig.value  # a budget table printed in whole 元 rounds every cell to the 元: ±0.5
    return fig.value.quantize(Decimal(1).scaleb(-places))


def precise_together(*figs) -> list[Decimal]:
    """``precise`` for figures read together, except that amounts all written as whole numbers ('支出共计3923万元，
    比2023年预算数减少332万元，下降7.81%') were rounded to the unit: each keeps its ±0.5, as the catalogue says."""
    money = [f for f in figs if f is not None and f.unit in MONEY_PLACES]
    if money and all(decimals(f.value) == 0 for f in money):
        return [f.value if f is not None else None for f in figs]
    return [precise(f) if f is not None else None for f in figs]


def pct(num: Decimal, den: Decimal, places: int = 2) -> Decimal:
    """num/den as a percentage, rounded half-up for display."""
    return (num / den * HUNDRED).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(v: Decimal, places: int | None = None) -> str:
    if places is not None:
        v = v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(v, "f")
