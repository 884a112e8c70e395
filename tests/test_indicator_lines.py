"""自评 indicators written as numbered prose lines are checked like 自评表 rows (retired blind8)."""

from __future__ import annotations

import pytest

from tests.helpers import review_text

_HEAD = "某县农业农村局2024年度部门整体支出绩效自评报告\n三、绩效指标完成情况\n（一）产出指标\n"


def _rules(text: str) -> list[str]:
    return [f.rule for f in review_text(text).findings if f.severity.value != "info"]


@pytest.mark.parametrize(("actual", "score", "wrong"), [
    ("2.31", "10", True),   # missed, full score
    ("2.31", "8", False),   # missed, points taken off
    ("2.5", "10", False),   # met exactly at its bound
    ("2.62", "10", False),
])
def test_a_prose_indicator_line_missed_with_full_score(actual, score, wrong):
    text = _HEAD + (f"1.高标准农田建设面积：年度目标值≥2.5万亩，实际完成{actual}万亩，受地块流转协调影响，"
                    f"该指标得分{score}分（满分10分）。\n")
    assert ("TARGET_NOT_MET" in _rules(text)) is wrong, _rules(text)


def test_a_prose_line_whose_units_differ_is_not_read():
    text = _HEAD + "1.培训人次：年度目标值≥1500人次，实际完成1.2万人，该指标得分10分（满分10分）。\n"
    assert "TARGET_NOT_MET" not in _rules(text)
