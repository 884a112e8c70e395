"""Property tests: consistent generated figures never fire; one figure moved beyond tolerance always does."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.checks.tolerance import ratio_mismatch, sum_mismatch
from tests.helpers import review_text

CENT = Decimal("0.01")
amounts = st.integers(min_value=100, max_value=9_999_999).map(lambda c: (Decimal(c) / 100).quantize(CENT))


def q(v: Decimal, places: str = "0.01") -> Decimal:
    return v.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def report(basic: Decimal, project: Decimal, total: Decimal, budget: Decimal, rate: Decimal) -> str:
    return (f"全年共计支出{total}万元，其中:基本支出{basic}万元，项目支出{project}万元。\n"
            f"项目支出年度总预算为{budget}万元。\n"
            f"项目支出预算控制率={project}/{budget}*100%={rate}%\n")


@settings(max_examples=60, deadline=None)
@given(basic=amounts, project=amounts, slack=st.integers(min_value=0, max_value=50_000))
def test_consistent_report_has_no_error_or_warning(basic, project, slack):
    budget = (project + Decimal(slack) / 100).quantize(CENT)
    rate = q(project / budget * 100)
    text = report(basic, project, basic + project, budget, rate)
    bad = [f for f in review_text(text).findings if f.severity.value in ("error", "warning")
           and f.rule != "LOW_EXECUTION"]
    assert bad == [], [f.message for f in bad]


@settings(max_examples=60, deadline=None)
@given(basic=amounts, project=amounts, delta=st.integers(min_value=3, max_value=100_000))
def test_wrong_total_always_fires_sum_mismatch(basic, project, delta):
    total = (basic + project + Decimal(delta) / 100).quantize(CENT)  # off by ≥ 0.03 > tolerance 0.015
    text = report(basic, project, total, project, Decimal("100.00"))
    assert "SUM_MISMATCH" in [f.rule for f in review_text(text).findings]


@settings(max_examples=60, deadline=None)
@given(basic=amounts, project=amounts, bump=st.integers(min_value=2, max_value=5000))
def test_wrong_rate_always_fires_ratio_mismatch(basic, project, bump):
    budget = project + Decimal(1)
    true = project / budget * 100
    stated = q(true) + Decimal(bump) / 100
    if not ratio_mismatch(stated, project, budget):
        return  # still inside the inputs' rounding interval: correctly silent
    text = report(basic, project, basic + project, budget, stated)
    assert "RATIO_MISMATCH" in [f.rule for f in review_text(text).findings]


@given(parts=st.lists(amounts, min_size=2, max_size=8))
def test_sum_tolerance_never_fires_on_rounding_alone(parts):
    exact = [p + Decimal("0.004") for p in parts]  # true values; stated values are their roundings
    total = q(sum(exact, Decimal(0)))
    assert not sum_mismatch(total, [q(p) for p in exact])


@given(num=amounts, den=amounts)
def test_rounded_ratio_is_never_a_mismatch(num, den):
    for places in ("1", "0.1", "0.01"):
        assert not ratio_mismatch(q(num / den * 100, places), num, den)
