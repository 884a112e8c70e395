"""A 自评表 drawn as several tables — its 资金 part, then indicators broken by a page (the header repeated):
one table, whose 总分 row closes all its parts (a learning document's PDF)."""

from __future__ import annotations

from tests.helpers import review_text, word_table


def _table(rows: list[list[str]]) -> str:
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def _report(between: str, total_score: str) -> str:
    funds = _table([["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                    ["年度资金总额", "560.00", "585.40", "571.26", "10", "97.58%", "9.8"]])
    first = _table([HEAD,
                    ["产出指标", "数量指标", "高标准农田管护面积", "≥3.2万亩", "3.2万亩", "40", "40"],
                    ["效益指标", "可持续影响指标", "设施完好率", "≥90%", "92%", "40", "37"]])
    second = _table([HEAD,
                     ["满意度指标", "服务对象满意度指标", "受益农户满意度", "≥90%", "94%", "10", "9"],
                     ["总分", "", "", "", "", "100", total_score]])
    return "附表：2024年度项目支出绩效自评表\n\n" + funds + "\n" + first + between + second


def scores(text: str) -> list[str]:
    return [f.message for f in review_text(text).findings if f.rule == "SCORE_MISMATCH"]


def test_parts_broken_by_a_page_add_up_as_one_table():
    assert scores(_report("\n", "95.8")) == []
    assert scores(_report("（续表）\n\n", "95.8")) == []


def test_a_wrong_total_over_all_parts_is_still_found():
    got = scores(_report("\n", "97.8"))
    assert len(got) == 1 and "97.8" in got[0] and "95.8" in got[0]


def test_tables_with_prose_between_are_not_joined():
    prose = "三、绩效目标完成情况\n本年度项目各项产出指标均已完成，群众满意度较高，下一步将继续加强设施管护工作。\n\n"
    assert scores(_report(prose, "95.8"))  # the second table alone: its parts cannot make its 总分


def test_the_funds_weight_written_in_the_score_header_counts():
    """'项目资金（万元）| 全年预算数 | 全年执行数 | 执行率 | 得分（分值10）' (learning10): the 资金 row weighs 10 and scores
    9.9, so 90 points of indicators make the 总分值 100 and 89.9 + 9.9 the 总分."""
    from tests.helpers import review_text

    rows = [("产出指标", "数量指标", "建档率", "≥90%", "91.6%", "50", "50"),
            ("效益指标", "社会效益指标", "健康素养", "≥28%", "29.1%", "30", "30"),
            ("满意度指标", "满意度指标", "居民满意度", "≥85%", "86.3%", "10", "10")]
    table = word_table(rows)
    text = ("2024年度某项目支出绩效自评报告\n附件：项目支出绩效自评表\n"
            "\t项目资金（万元）\n\t全年预算数\n\t全年执行数\n\t执行率\n\t得分（分值10）\n\n"
            "\t年度资金总额\n\t1,862.40\n\t1,838.57\n\t98.72%\n\t9.9\n\n"
            "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t完成值\n\t分值\n\t得分\n\n" + table +
            "\t总分\n\t\n\t\n\t\n\t\n\t100\n\t99.9\n\n")
    assert not [f.message for f in review_text(text).findings if f.rule == "SCORE_MISMATCH"]


def test_a_table_of_a_few_indicators_is_not_what_the_overall_score_totals():
    """Three indicators worth 30 points under '三、绩效指标完成情况' and '自评得分91分' in the conclusion (retired
    blind6): the 91 is the whole evaluation's, not this table's 总分."""
    from tests.helpers import review_text

    rows = [("产出指标", "数量指标", "签约覆盖率", "≥45%", "46.6%", "10", "10"),
            ("产出指标", "质量指标", "系统管理率", "≥90%", "90%", "10", "10"),
            ("效益指标", "社会效益指标", "建档率", "≥85%", "88.2%", "10", "10")]
    table = word_table(rows)
    text = ("某局2024年度部门整体支出绩效自评报告\n三、绩效指标完成情况\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度目标值"
            "\n\t实际完成值\n\t分值\n\t得分\n\n" + table + "上述指标全部完成，得分30分。\n"
            "五、自评结论：本局2024年度整体支出绩效自评得分91分，评价等级为“优”。\n")
    assert not [f.message for f in review_text(text).findings if f.rule == "SCORE_MISMATCH"]
