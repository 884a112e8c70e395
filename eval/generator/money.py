"""Decimal helpers: every amount is quantised to 0.01 with ROUND_HALF_UP, as the reports do."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
CENT = D("0.01")


def q(x: Decimal, places: int = 2) -> Decimal:
    return x.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(a: Decimal, b: Decimal, places: int = 2) -> Decimal:
    """a / b as a percentage rounded to ``places`` decimals."""
    return q(a * 100 / b, places)


def amount(rng: random.Random, lo: float, hi: float) -> Decimal:
    return D(rng.randint(int(lo * 100), int(hi * 100))) / 100


def fm(x: Decimal) -> str:
    """Money as the text states it: two decimals."""
    return format(q(x), "f")


def fmt_table(x: Decimal | None) -> str:
    """Money as 公开表 cells state it: thousands separators, two decimals; empty for None."""
    return "" if x is None else f"{q(x):,.2f}"


def fp(x: Decimal, places: int = 2) -> str:
    """A percentage number without the % sign, trailing zeros dropped ("5.30" -> "5.3", "100.00" -> "100")."""
    s = format(q(x, places), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def split(rng: random.Random, total: Decimal, n: int, min_share: float = 0.08) -> list[Decimal]:
    """``n`` positive cent amounts that add up exactly to ``total``."""
    weights = [rng.uniform(min_share, 1.0) for _ in range(n)]
    s = sum(weights)
    parts = [q(total * D(str(w / s))) for w in weights[:-1]]
    parts.append(total - sum(parts, D(0)))
    if any(p <= 0 for p in parts):
        return split(rng, total, n, min_share)
    return parts
