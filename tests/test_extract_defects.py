"""Issue 15's two defects: a real sum error hidden by a matching prefix; the clean sample's false errors."""

from __future__ import annotations

from conftest import SAMPLES_DIR

from agent.ingest import load_document
from agent.pipeline import review_document
from tests.helpers import review_text


def test_extra_part_past_a_matching_prefix_is_reported_with_its_scope():
    text = ("2.年中预算调整情况：本年度年中预算调增35.00万元，分别为：（1）年度绩效考核奖金28.00万元；"
            "（2）增人增资7.00万元；（3）政务服务大厅设备运维经费追加12.00万元。\n")
    sums = [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]
    assert len(sums) == 1
    assert "47.00" in sums[0].message and "前2项之和" in sums[0].message and "12.00万元" in sums[0].message


def test_one_total_broken_down_two_ways_is_two_sums_not_an_error():
    text = ("2023年度我局全年预算数为18,640,000.00元，其中年初预算16,900,000.00元，年中追加1,740,000.00元；"
            "分类型看，基本支出预算6,420,000.00元，项目支出预算12,220,000.00元。\n")
    assert not [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]


def test_a_new_total_ends_the_list_of_parts():
    text = ("2023年度收入总计1,321.52万元，其中本年收入1,286.42万元，年初结转和结余35.10万元；"
            "支出总计1,321.52万元，其中本年支出1,290.17万元，年末结转和结余31.35万元。\n")
    assert not [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]


def test_clean_department_sample_has_no_error_or_warning():
    result = review_document(load_document(SAMPLES_DIR / "dept_self_eval_clean.txt"))
    bad = [(f.rule, f.message) for f in result.findings if f.severity in ("error", "warning")]
    assert bad == []


def test_execution_table_divides_by_the_full_year_budget_column():
    text = ("2024年度部门预算执行情况汇总表\n单位：万元\n\t项目\n\t年初预算\n\t调整数\n\t全年预算\n\t执行数\n\t执行率\n\n"
            "\t基本支出\n\t512.36\n\t48.50\n\t560.86\n\t558.12\n\t99.51%\n\n"
            "\t项目支出\n\t724.44\n\t100.00\n\t824.44\n\t820.16\n\t99.48%\n\n"
            "\t合计\n\t1,236.80\n\t148.50\n\t1,385.30\n\t1,378.28\n\t99.49%\n\n")
    assert not [f for f in review_text(text).findings if f.severity in ("error", "warning")]
    wrong = text.replace("\t99.51%", "\t98.51%").replace("\t560.86", "\t570.86")
    found = review_text(wrong).findings
    rules = {f.rule for f in found} | {r for f in found for r in f.related_rules}  # one wrong figure, one finding
    assert "RATIO_MISMATCH" in rules and "BALANCE_MISMATCH" in rules


def test_a_projects_year_end_carry_over_is_not_the_departments():
    text = ("（三）资金结余情况\n上年结转25.40万元，本年度预算收入1,385.30万元，全年共计支出1,378.28万元，"
            "年末结转结余32.42万元，其中：基本支出结余2.74万元，项目支出结转29.68万元。\n"
            "四、存在的主要问题\n（二）项目资金支付进度不均衡。部分项目按合同于验收后集中付款，形成年末结转29.68万元。\n")
    assert not [f for f in review_text(text).findings if f.rule == "FIGURE_INCONSISTENT"]
