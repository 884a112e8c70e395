"""Whole documents of the learning sets (written blind to the tool), each pinning a fix learnt from it:
the finding that was false is gone, the finding that was right stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ingest import load_document
from agent.pipeline import review_document

DATA = Path(__file__).resolve().parents[1] / "eval" / "data"


def _errors(rel: str) -> list[tuple[str, str]]:
    result = review_document(load_document(DATA / rel))
    return [(f.rule, f.message) for f in result.findings if f.severity.value != "info"]


def test_a_stated_rounding_difference_is_no_figure():
    """learning6 c20 (clean): '项目支出合计数与分项加总存在0.01万元差额' was read as a second 项目支出."""
    assert _errors("learning6/c20_zhejiang_mingxi_shichang_budget.docx") == []


def test_a_score_table_broken_by_a_page_is_one_table():
    """learning6 c11 (clean, PDF): the 自评表's parts add up to its 总分 only together."""
    assert _errors("learning6/c11_ningxia_huanghewan_nongtian_project_self_eval.pdf") == []


def test_a_two_sided_summary_table_is_not_a_flat_list():
    """learning6 c21: '收入 | 金额 | 支出 | 金额' with 本年收入合计 above 总计 was summed as one list (every row of
    the 支出 column, its subtotal included, against 总计)."""
    assert not [m for r, m in _errors("learning6/c21_hubei_jingchuan_shuili_final_accounts.docx")
                if r == "SUM_MISMATCH" and "3315.01" in m]


def test_a_sum_of_two_quantities_is_neither():
    """learning6 c19: '可用资金（全年预算与上年结转之和）925.20万元' is no second 上年结转 (45.20)."""
    got = _errors("learning6/c19_zhejiang_xilan_jingpincun_project_self_eval.txt")
    assert not [m for r, m in got if r == "FIGURE_INCONSISTENT" and "45.20" in m]
    assert [m for r, m in got if r == "FIGURE_INCONSISTENT" and "905.63" in m]


def test_rates_of_fund_parts_are_not_the_projects_execution():
    """learning7 c15: '分资金来源看，当年财政拨款执行率89.4%，上年结转资金执行率94.6%' are rates of parts of the funds,
    not the project's 468.35 / 540.00."""
    got = _errors("learning7/c15_hunan_lichuan_nongcungongshui_project_self_eval.docx")
    assert not [m for r, m in got if r == "RATIO_MISMATCH" and "468.35" in m]


def test_a_transposed_sangong_table_with_zero_columns_is_read():
    """learning7 c22: the 三公 table has one row per 预算数/决算数 and columns of '0' (no code is a bare 0); its
    决算 18.78 against the 说明's 18.87 is one FIGURE_INCONSISTENT, over budget 18.00, and the 说明's change
    (18.87, +1.43, 8.24%) that holds with 18.78 follows from the restatement."""
    got = _errors("learning7/c22_sichuan_exi_linye_final_accounts.txt")
    rules = [r for r, m in got if "18.78" in m or "18.87" in m]
    assert "FIGURE_INCONSISTENT" in rules and "OVER_BUDGET" in rules
    assert "CHANGE_MISMATCH" not in rules and not [m for r, m in got if r == "SUM_MISMATCH" and "18.87" in m]


def test_a_comparison_reads_the_amount_of_its_statements_subject():
    """learning7 c05: '…支出1239.93万元，其中：基本支出498.80万元，项目支出740.13万元。年初预算为1180.00万元，…
    决算数大于年初预算数' compares the 1239.93 (true), not the last amount of the line (740.13)."""
    got = _errors("learning7/c05_jilin_songling_linye_final_accounts.pdf")
    assert not [m for r, m in got if r == "TEXT_CONTRADICTION" and "740.13" in m]


def test_a_total_of_budget_and_carryover_is_neither():
    """learning7 c19: '按全年预算与上年结转资金合计1033.50万元计算' is no second 上年结转 (53.50)."""
    got = _errors("learning7/c19_chongqing_yufeng_daoluqiaoliang_project_self_eval.txt")
    assert not [m for r, m in got if r == "FIGURE_INCONSISTENT" and "53.50" in m]


@pytest.mark.parametrize("rel", ["blind7/c04_天津_蓟北新区_农业农村_dept_self_eval.txt",
                                 "learning8/c13_xizang_gama_nongmu_dept_self_eval.txt"])
def test_a_budget_gap_equal_to_a_stated_amount_is_no_balance_error(rel):
    """'…加上年初结转215.40万元，全年可支配预算资金5,534.02万元' (retired blind7 c04) and '追加…153.75万元，其中基本支出
    调增24.30万元，项目支出调增129.45万元，调整后全年预算为1422.15万元' (learning8 c13): the gap of 年初 + 调整 is an
    amount stated beside them — another 口径 or a part read as the adjustment."""
    assert not [m for r, m in _errors(rel) if r == "BALANCE_MISMATCH" and "全年预算=年初预算" in m]


@pytest.mark.parametrize("rel", ["blind7/c18_sichuan_minchuan_jiaoyu_final_accounts.txt",
                                 "learning8/c14_xizang_gangzhu_ziranziyuan_final_accounts.txt"])
def test_a_fiscal_summarys_breakdown_under_its_subtotal_is_not_part_of_the_total(rel):
    """公开04表: '本年支出合计' followed by '其中：基本支出 / 项目支出' (or by its 功能分类 rows), then 年末结转 and 总计:
    总计 = 本年支出合计 + 年末结转, not + the first breakdown row."""
    assert not [m for r, m in _errors(rel) if r == "SUM_MISMATCH" and "公开04表" in m and "总计" in m]


def test_a_rate_stated_with_its_own_widened_formula_is_not_recomputed_on_the_plain_budget():
    """learning8 c08: '全年预算执行率为98.95%（实际支出÷（全年预算＋上年结转））' states its 口径 (2190.41 / 2213.60); the
    overspend it may hide is OVER_BUDGET's to report, not a wrong rate."""
    got = _errors("learning8/c08_jiangxi_zhangling_chengguan_dept_self_eval.docx")
    assert not [m for r, m in got if r == "RATIO_MISMATCH" and "98.95" in m]


def test_the_number_after_a_comparison_word_is_what_follows_it():
    """learning8 c02: '决算数小于预算数25.00万元' — 25.00 is the 三公 budget, not a second 决算数 (14.46 in 公开07表)."""
    got = _errors("learning8/c02_heilongjiang_hequan_linye_final_accounts.pdf")
    assert not [m for r, m in got if r == "FIGURE_INCONSISTENT" and "14.46" in m]


def test_completed_spending_is_spending():
    """learning7 c03: '项目累计完成支出398.62万元' against the 自评表's 全年执行数 398.26 is one FIGURE_INCONSISTENT."""
    got = _errors("learning7/c03_liaoning_baihe_gongshui_project_self_eval.docx")
    assert [m for r, m in got if r == "FIGURE_INCONSISTENT" and "398.62" in m and "398.26" in m]


def test_an_amount_cut_from_its_unit_by_the_page_and_a_list_after_spending_and_budget():
    """learning8 c02 (clean, PDF): '减少2.47万' / '元，…决算数小于预算数25.00万元。其中：…' — the line joined, the 其中 list
    breaks down the 三公 spending 14.46 (the sentence's first figure), not the budget 25.00."""
    got = _errors("learning8/c02_heilongjiang_hequan_linye_final_accounts.pdf")
    assert got == [], got


def test_a_comparison_in_the_deviation_paragraph_is_checked():
    """learning13 c13: '项目支出决算数小于年初预算数' in 四、偏差分析, its sides (项目支出 1122.73 spent, 934.34 年初)
    stated in 二、 — the relation had no figure of its own to anchor it and was dropped."""
    assert any(r == "TEXT_CONTRADICTION" and "1122.73" in m
               for r, m in _errors("learning13/c13_shandong_wenyang_nongye_dept_self_eval.txt"))


def test_a_score_table_with_a_two_row_merged_header():
    """learning13 c15 (.docx): '绩效指标'(merged over three columns) | 年度指标值 | 实际完成值 | 分值 | 得分 over '一级指标 |
    二级指标 | 三级指标 | | …': read as one header — the missed 培训覆盖率 target is found, no '分值合计 ≠ 10' is made up."""
    got = _errors("learning13/c15_zhejiang_qingcheng_jiaoyu_project_self_eval.docx")
    assert any(r == "TARGET_NOT_MET" and "教师信息化培训覆盖率" in m for r, m in got), got
    assert not any(r == "SCORE_MISMATCH" and "各项合计为10分" in m for r, m in got), got


def test_a_within_budget_claim_made_in_its_own_widened_basis():
    """learning8 c08: '…计算口径为项目实际支出871.96万元除以项目支出预算与上年结转资金之和，项目支出控制在预算范围以内' —
    said of the widened 口径 it names (the overspend is OVER_BUDGET's), not a second finding."""
    assert not [m for r, m in _errors("learning8/c08_jiangxi_zhangling_chengguan_dept_self_eval.docx")
                if r == "TEXT_CONTRADICTION" and "控制在预算范围以内" in m]


def test_a_total_row_spanning_two_columns_in_a_word_table():
    """learning14 c17 (.docx): '合计' merged over 类别 and 项目名称 — its figures sit under their own headers, not one
    column to the left (a 合计全年预算 398.71 against rows adding up to 480.38 was made up)."""
    assert not [m for r, m in _errors("learning14/c17_qinghai_maerqu_wentilv_dept_self_eval.docx") if r == "SUM_MISMATCH"]


def test_a_funds_row_scored_without_a_weight_column():
    """learning14 c05 (clean, .docx): the 资金 part gives 执行率 and 得分 (9.8) but no 分值 column; the indicators'
    分值 add up to 90 — the 资金 row's score counts and the weights are not held against 100."""
    assert _errors("learning14/c05_guangxi_rongjiang_shijian_dept.docx") == []


def test_a_heading_lends_its_subject_only_to_a_bare_label():
    """learning19 c23: '全年政府采购支出412.60万元' under '（四）“三公”经费及政府采购' is no 三公 spending (it gave a sum,
    a restatement, a change and an overspend of the 三公 built on it)."""
    got = _errors("learning19/c23_jilin_songjiang_linye_dept_self_eval.txt")
    assert not [m for _, m in got if "412.60" in m]


def test_a_score_table_with_a_group_weight_column():
    """learning19 c23: '一级指标 | 分值 | 二级指标 | 三级指标 | … | 分值 | 得分' — the first 分值 is the group's (repeated
    on each of its rows), the 合计 row's last two numbers are the indicators' 分值 and 得分."""
    got = _errors("learning19/c23_jilin_songjiang_linye_dept_self_eval.txt")
    assert not [m for r, m in got if r == "SCORE_MISMATCH"]


def test_rows_indented_under_a_subtotal_are_its_parts():
    """learning19 c19: '项目支出小计' and the projects indented under it: the 合计 is 基本支出 + 小计, and the 小计's
    spending (1,474.55) is checked against its projects' (1,447.55)."""
    got = _errors("learning19/c19_hebei_cangling_minzheng_dept_self_eval.docx")
    assert [m for r, m in got if r == "SUM_MISMATCH" and "1474.55" in m and "1447.55" in m]
    assert not [m for r, m in got if r == "SUM_MISMATCH" and "3918.20" in m]  # the items summed into the 合计 too


def test_an_items_carry_over_and_available_funds_are_its_own():
    """learning19 c19: '困难群众救助补助全年预算1,260.00万元，加上年结转48.00万元，可用资金1,308.00万元' — neither the
    48.00 nor the 1,308.00 is the department's; its own balance (62.40 + 2,561.10 − 2,499.91 = 123.59, stated
    132.59) is checked, and reported apart from the table's wrong 小计."""
    got = _errors("learning19/c19_hebei_cangling_minzheng_dept_self_eval.docx")
    assert not [m for r, m in got if r == "FIGURE_INCONSISTENT" and "48.00" in m]
    assert not [m for _, m in got if "1308.00" in m]
    balance = [m for r, m in got if r == "BALANCE_MISMATCH"]
    assert len(balance) == 1 and "123.59" in balance[0] and "1447.55" not in balance[0]


def test_a_misprinted_restatement_of_a_keyed_table_figure():
    """learning19 c04 (部门预算, GBK): the 说明's '公用经费83.47万元' is the 表三's 公用经费合计 83.74 with two digits
    swapped — one figure printed two ways, though the table keyed its row for the 一般公共预算 口径."""
    got = _errors("learning19/c04_gansu_longfeng_minzheng_budget.txt")
    assert [m for r, m in got if r == "FIGURE_INCONSISTENT" and "83.74" in m and "83.47" in m]
