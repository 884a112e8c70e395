"""自评 indicators written as numbered prose lines are checked like 自评表 rows (retired blind8)."""

from __future__ import annotations

import pytest

from tests.helpers import review_text, word_table

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


@pytest.mark.parametrize(("total", "wrong"), [("95.9", False), ("96.9", True)])
def test_a_funds_row_written_as_prose_joins_the_indicator_table(total, wrong):
    """'项目资金：全年预算数260.00万元，全年执行数178.45万元，执行率约68.6%，分值10分，得分6.9分' beside a table of
    indicators worth 90 (retired blind6): the table's weights make 100 and its scores 89 + 6.9."""
    rows = [("产出指标", "数量指标", "培训人次", "≥300人次", "316人次", "40", "40"),
            ("效益指标", "社会效益指标", "参与人次", "≥5万人次", "5.3万人次", "40", "39"),
            ("满意度指标", "满意度指标", "群众满意度", "≥90%", "93%", "10", "10")]
    table = word_table(rows)
    text = ("2024年度某非遗保护项目支出绩效自评报告\n二、资金使用情况\n项目资金：全年预算数260.00万元，全年执行数178.45万元，"
            "执行率约68.6%，分值10分，得分6.9分。\n附：绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值"
            f"\n\t分值\n\t得分\n\n{table}\t总分\n\t\n\t\n\t\n\t\n\t100\n\t{total}\n\n")
    assert any(f.rule == "SCORE_MISMATCH" for f in review_text(text).findings) is wrong, \
        [f.message for f in review_text(text).findings]
