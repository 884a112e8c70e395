"""Numbers, units and the money pattern, shared by every pattern module (on normalised text)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from agent import fastre

NUM = r"\d+(?:\.\d+)?"
MONEY_UNIT = r"(?:亿元|万元|元|万(?![人件条次个]))"
# A money figure: number, optional spaces, a money unit.  Look-behind keeps us off codes and dates.
# a minus written right after the name ('公用经费-17.25万元') signs the amount; never after a digit (a range)
# nor after a direction word ('减少-167.25万元' is an increase: the change readers turn it round)
SIGN = r"(?:(?<=[\u4e00-\u9fff：:，,])(?<![加少长降升高低幅])-)?"
MONEY = fastre.compile(rf"(?<![\d.])({SIGN}{NUM})\s*({MONEY_UNIT})")
PERCENT = fastre.compile(rf"(?<![\d.])({NUM})\s*%")
COUNT = fastre.compile(rf"(?<![\d.])({NUM})\s*(万人次|人次|万条|万件|万个|万人|条|件|个|人|次|家|项|台|套|名|份|辆)")
ANY_NUMBER = fastre.compile(rf"(?<![\d.])({NUM})")


def to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def norm_unit(unit: str) -> str:
    return "万元" if unit == "万" else unit


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Money in 万元 (元 tables are divided by 10 000, 亿元 multiplied)."""
    if unit == "元":
        return value / Decimal(10000)
    if unit == "亿元":
        return value * Decimal(10000)
    return value
