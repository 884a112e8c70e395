"""The chat calculator: exact Decimal arithmetic, and nothing but arithmetic is ever evaluated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent.chat.calc import CalcError, calculate


@pytest.mark.parametrize(("expr", "value"), [
    ("1239.52/1220.20*100", "101.58334699"),
    ("0.1+0.2", "0.3"),
    ("（9.60＋0.12）×2", "19.44"),
    ("１，２３９.５２ ÷ 1,220.20 × 100", "101.58334699"),
    ("-(3-5)", "2"),
    ("10 % 3", "1"),
    ("2**10", "1024"),
    ("9.60/9.72*100% =", "0.9876543"),
])
def test_exact_decimal_results(expr, value):
    got = calculate(expr).value
    assert isinstance(got, Decimal)
    assert str(got).startswith(value)


def test_text_shows_exact_and_rounded_and_percent():
    assert calculate("1239.52/1220.20*100").text() == "1239.52/1220.20*100 = 101.583347 ≈ 101.58"
    assert "98.77%" in calculate("9.60/9.72*100%").text()
    assert calculate("1.5+1.5").text() == "1.5+1.5 = 3"  # no rounding note when exact


def test_literals_are_exact_decimals_not_floats():
    assert calculate("1220.20").value == Decimal("1220.20")
    assert calculate("0.1*3").value == Decimal("0.3")


@pytest.mark.parametrize("expr", [
    "__import__('os').system('echo hi')",  # call
    "os",  # name
    "x + 1",  # name
    "(1).real",  # attribute
    "abs(-1)",  # call
    "().__class__",  # attribute on a tuple
    "[1, 2]",  # list
    "{1: 2}",  # dict
    "'a' * 3",  # string
    "1 < 2",  # comparison
    "1 if 1 else 2",  # conditional
    "lambda: 1",  # lambda
    "True + 1",  # bool constant
])
def test_rejects_anything_but_arithmetic(expr):
    with pytest.raises(CalcError):
        calculate(expr)


@pytest.mark.parametrize("expr", ["9**9**9", "2**100000", "10**65", "2**0.5", "1e999999", "9" * 31,
                                  "10**64*10**64*10**64"])
def test_rejects_huge_exponents_and_numbers(expr):
    with pytest.raises(CalcError):
        calculate(expr)


@pytest.mark.parametrize("expr", ["", "   ", "1/0", "5 % 0", "1 +", "(1", "1" + "+1" * 150])
def test_errors_are_messages_not_crashes(expr):
    with pytest.raises(CalcError) as e:
        calculate(expr)
    assert str(e.value)
