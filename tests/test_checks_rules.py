"""Every catalogue rule: a positive case from real seed phrasing, a negative case, rounding edges."""

from __future__ import annotations

from tests.helpers import review_text, rules_of


def only(text: str, rule: str) -> list:
    return [f for f in review_text(text).findings if f.rule == rule]


# --------------------------------------------------------------- SUM_MISMATCH
def test_sum_mismatch_fires_and_rounding_does_not():
    bad = only("2023年一般公共财政预算拨款安排“三公”经费预算9.72万元，其中：公务接待费用6.52万元，公车运行维护费用3.1万元。\n",
               "SUM_MISMATCH")
    assert bad and bad[0].values.stated == "9.72" and bad[0].values.recomputed == "9.62"
    ok = only("2023年一般公共财政预算拨款安排“三公”经费预算9.72万元，其中：公务接待费用6.52万元，公车运行维护费用3.2万元。\n",
              "SUM_MISMATCH")
    assert ok == []
    # 1489.93 vs 1489.92 across five rounded parts is within the interval tolerance
    assert only("支出合计1489.93万元，其中：一般公共服务支出1311.99万元，社会保障和就业支出78.99万元，"
                "卫生健康支出57.55万元，住房保障支出41.39万元。\n", "SUM_MISMATCH") == []


def test_sum_mismatch_sangong_across_items():
    text = ("七、财政拨款“三公”经费支出决算情况说明\n"
            "2024年度“三公”经费财政拨款支出预算为5.5万元，支出决算为4.03万元，完成预算的73.27%。\n"
            "1.因公出国（境）费支出预算为0万元，支出决算为0万元。\n"
            "2.公务用车购置费及运行维护费支出预算为3.5万元，支出决算为3.44万元，完成预算的98.29%。\n"
            "3.公务接待费支出预算为1万元，支出决算为0.59万元，完成预算的59%。\n")
    found = only(text, "SUM_MISMATCH")
    assert found and found[0].values.stated == "5.5" and found[0].values.recomputed == "4.50"


# --------------------------------------------------------------- RATIO_MISMATCH
def test_ratio_mismatch_catalogue_examples():
    bad = only("授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%。政府采购支出总额119.60万元。\n"
               "本部门2024年度政府采购支出总额119.60万元，其中：货物支出61.90万元、服务支出57.70万元。"
               "授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%。\n", "RATIO_MISMATCH")
    assert bad and bad[0].values.recomputed == "99.47%"
    # 18123/18395 = 98.52% stated as "99%": an integer percentage stands for [98.5, 99.5)
    assert only("共受理18395个事项，办结18123个事项，办结率99%，居全市第一。\n", "RATIO_MISMATCH") == []
    assert only("共受理18395个事项，办结18123个事项，办结率98%，居全市第一。\n", "RATIO_MISMATCH")


def test_ratio_formula_correct_is_silent():
    assert only("“三公经费”控制率=9.60/9.72*100%=98.77%\n", "RATIO_MISMATCH") == []
    # 98.67% lies within 9.595/9.725 … 9.605/9.715: the inputs' rounding allows it
    assert only("“三公经费”控制率=9.60/9.72*100%=98.67%\n", "RATIO_MISMATCH") == []
    assert only("“三公经费”控制率=9.60/9.72*100%=97.77%\n", "RATIO_MISMATCH")


# --------------------------------------------------------------- CHANGE_MISMATCH
def test_change_mismatch():
    ok = "2024年度“三公”经费财政拨款支出决算为4.03万元；与上年相比减少6.97万元，降低63.36%。\n"
    assert only(ok, "CHANGE_MISMATCH") == []
    bad = ok.replace("63.36", "61.36")
    assert only(bad, "CHANGE_MISMATCH")


# --------------------------------------------------------------- BALANCE_MISMATCH
def test_balance_mismatch_catalogue_example():
    ok = "上年度预算结转30.55万元，本年度预算收入为1843.29万元，全年共计支出1862.61万元，年末结转项目性专项11.23万元。\n"
    assert only(ok, "BALANCE_MISMATCH") == []
    assert only(ok.replace("11.23", "12.23"), "BALANCE_MISMATCH")


def test_budget_adjustment_identity():
    text = ("1.年初预算情况：2023财政年初部门预算1610.47万元，其中:基本支出603.56万元，项目支出1006.91万元。\n"
            "2.年中预算调整情况：本年度年中预算调增232.82万元。\n"
            "3.全年总预算情况：调整后2023年财政总预算为1843.29万元，其中：基本支出623.09万元，项目支出1220.20万元。\n")
    assert only(text, "BALANCE_MISMATCH") == []
    assert only(text.replace("调增232.82", "调增222.82"), "BALANCE_MISMATCH")


# --------------------------------------------------------------- FIGURE_INCONSISTENT
def test_figure_inconsistent_project_actual():
    text = ("二、一般公共预算支出情况\n2024年项目支出847.76万元，其中：信息化项目专业咨询服务817.64万元，"
            "株洲市行政审批服务局信创适配改造项目30.12万元。\n"
            "六、资金使用及绩效情况\n8.年中追加项目“株洲市行政审批服务局信创适配改造项目”金额35.79万元，实际支出30.11万元，结余结转0万元。\n")
    found = only(text, "FIGURE_INCONSISTENT")
    assert found and {e.quote for e in found[0].evidence} >= {"30.12万元", "30.11万元"}
    assert only(text.replace("30.11", "30.12"), "FIGURE_INCONSISTENT") == []


# --------------------------------------------------------------- OVER_BUDGET
def test_over_budget_widened_denominator():
    text = ("3.全年总预算情况：调整后2023年财政总预算为1843.29万元，其中：基本支出623.09万元，项目支出1220.20万元。\n"
            "全年共计支出1862.61万元，其中:基本支出623.09万元，项目支出1239.52万元。\n"
            "项目支出预算控制率=1239.52/1250.75*100%=99.10%\n")
    (f,) = only(text, "OVER_BUDGET")
    assert "101.58%" in f.message and "1250.75" in f.message
    assert {e.quote for e in f.evidence} >= {"1220.20万元", "99.10%"}


def test_over_budget_project_prose_and_silent_when_within():
    text = "一是中介服务费专项资金，年初预算安排 1300 万元，使用 1683.71 万元。\n"
    assert only(text, "OVER_BUDGET")
    assert only(text.replace("1683.71", "1283.71"), "OVER_BUDGET") == []


# --------------------------------------------------------------- LOW_EXECUTION
def test_low_execution_threshold():
    low = "信息化项目专业咨询服务项目全年预算数100万元，执行数61.6万元，完成预算的61.6%，部门评价得分98.8分。\n"
    assert only(low, "LOW_EXECUTION")
    high = "放管服改革经费项目全年预算数36万元，执行数35.87万元，完成预算的99.64%，部门评价得分97.96分。\n"
    assert only(high, "LOW_EXECUTION") == []


# --------------------------------------------------------------- TEXT_CONTRADICTION
def test_text_contradiction_direction_and_grade():
    text = ("8、住房保障支出（类）住房改革支出（款）住房公积金（项）。\n"
            "年初预算53.14万元，支出决算41.39万元。完成年初预算的77.89%，决算数大于年初预算数的主要原因是：人员减少。\n")
    assert only(text, "TEXT_CONTRADICTION")
    assert only(text.replace("大于", "小于"), "TEXT_CONTRADICTION") == []
    grade = ("株洲市电子政务外网安全服务项目全年预算数116.2万元，执行数11.45万元，完成预算的9.85%，部门评价得分90.99分，"
             "评价等级为“优秀”。\n")
    assert only(grade, "TEXT_CONTRADICTION")


def test_adjustment_rate_zero_without_exclusion():
    text = "2.年中预算调整情况：本年度年中预算调增232.82万元。\n（1）预算调整率：预算调整率为0。\n"
    assert only(text, "TEXT_CONTRADICTION")
    assert only("（1）预算调整率：预算调整率为0。\n", "TEXT_CONTRADICTION") == []


# --------------------------------------------------------------- SCORE_MISMATCH / TARGET_NOT_MET
_TABLE = (
    "2024年度部门整体支出绩效自评表\n"
    "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因分析及改进措施\n\n"
    "\t产出指标（50分）\n\t数量指标\n\t年度重点工作目标\n\t完成\n\t完成\n\t{w1}\n\t{s1}\n\t\n\n"
    "\t\n\t\n\t服务对象人数\n\t>185万人次\n\t{actual}万人次\n\t{w2}\n\t{s2}\n\t\n\n"
    "\t满意度指标（50分）\n\t服务对象满意度指标\n\t群众满意度\n\t≥90%\n\t95%\n\t50\n\t50\n\t\n\n"
    "\t总  分\n\t100\n\t{total}\n\t\n\n"
)


def test_score_group_weight_and_totals():
    ok = _TABLE.format(w1=45, s1=45, w2=5, s2=5, actual=190, total=100)
    assert only(ok, "SCORE_MISMATCH") == [] and only(ok, "TARGET_NOT_MET") == []
    group = _TABLE.format(w1=35, s1=35, w2=5, s2=5, actual=190, total=90)
    msgs = [f.message for f in only(group, "SCORE_MISMATCH")]
    assert any("产出指标" in m and "40" in m for m in msgs)
    over = _TABLE.format(w1=45, s1=46, w2=5, s2=5, actual=190, total=101)
    assert any("超过" in f.message for f in only(over, "SCORE_MISMATCH"))


def test_a_group_short_of_its_weight_is_one_finding_not_two():
    """产出指标（50分） whose rows weigh 40 leaves the table's 分值 at 90 of 100: one problem, one finding."""
    group = _TABLE.format(w1=35, s1=35, w2=5, s2=5, actual=190, total=90)
    (f,) = only(group, "SCORE_MISMATCH")
    assert "产出指标" in f.message


def test_target_not_met_with_full_score():
    missed = _TABLE.format(w1=45, s1=45, w2=5, s2=5, actual=132, total=100)
    (f,) = only(missed, "TARGET_NOT_MET")
    assert "132" in f.message
    partial = _TABLE.format(w1=45, s1=45, w2=5, s2=3.6, actual=132, total=98.6)
    assert only(partial, "TARGET_NOT_MET") == []


# --------------------------------------------------------------- text hygiene rules
def test_year_template_privacy_duplicate():
    text = ("2024年度株洲市行政审批服务局整体支出绩效自评报告\n"
            "自评得分为99.7分，《2023年度株洲市行政审批服务局部门整体支出绩效自评报告》详见第五部分附件。\n"
            "年初预算项目“放管服”改革经费专项资金36万元，年中执行调增（减）0万元，实际支出35.87万元。\n"
            "填表人：张三 联系电话：13912345678 身份证号11010519491231002X\n"
            "根据编制的绩效目标梳理绩效指标，对绩效目标进行细化、分解，全面完整反映绩效目标，规范绩效指标的填写。\n"
            "根据编制的绩效目标梳理绩效指标，对绩效目标进行细化、分解，全面完整反映绩效目标，规范绩效指标的填写。\n")
    got = rules_of(review_text(text))
    assert "YEAR_MISMATCH" in got and "TEMPLATE_RESIDUE" in got and "DUPLICATE_TEXT" in got
    assert got.count("PRIVACY") == 2
    clean = ("2024年度株洲市行政审批服务局整体支出绩效自评报告\n自评得分为99.7分，《2024年度部门整体支出绩效自评报告》详见附件。\n"
             "联系电话：0731-28688888\n")
    got = rules_of(review_text(clean))
    assert not {"YEAR_MISMATCH", "TEMPLATE_RESIDUE", "DUPLICATE_TEXT", "PRIVACY"} & set(got)


def test_missing_item_basic_actual():
    text = ("2021 年度行政审批服务局部门整体支出预算绩效自评报告\n二、部门整体预算支出情况\n"
            "基本支出年初预算数为302.73万元,其中人员经费284.73万元,公用经费18 万元。\n"
            "四、存在的问题及原因分析\n五、下一步改进措施\n")
    msgs = [f.message for f in review_text(text).findings if f.rule == "MISSING_ITEM"]
    assert any("基本支出实际支出" in m for m in msgs)


def test_every_rule_is_registered():
    from agent.checks.registry import RULES, registered

    assert set(registered()) == set(RULES)


def test_common_indicators_stated_without_arithmetic():
    base = ("调整后2024年财政总预算为1385.30万元，其中：基本支出560.86万元，项目支出824.44万元。\n"
            "上年度预算结转25.40万元，本年度预算收入为1385.30万元，全年共计支出1378.28万元，年末结转结余32.42万元。\n")
    ok = base + "预算执行率为99.49%，结转结余率为2.34%。\n"
    assert only(ok, "RATIO_MISMATCH") == []
    bad = only(base + "预算执行率为99.49%，结转结余率为3.34%。\n", "RATIO_MISMATCH")
    assert len(bad) == 1 and bad[0].values.recomputed == "2.34%"


_PROJECT = (
    "2024年度政务大厅运维项目\n项目支出绩效自评报告\n"
    "项目年初预算300.00万元，全年预算{full}万元，实际支出{actual}万元，预算执行率{rate}%。\n"
    "全年预算资金{full}万元，其中：当年财政拨款{gov}万元，上年结转资金20.00万元。\n"
    "附件\n2024年度项目支出绩效自评表\n"
    "\t项目名称\n\t政务大厅运维项目\n\n"
    "\t项目资金\n（万元）\n\t\n\t年初\n预算数\n\t全年\n预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
    "\t\n\t年度资金总额\n\t300.00\n\t{full}\n\t{actual}\n\t10\n\t{rate}%\n\t{score}\n\n"
    "\t\n\t其中：当年财政拨款\n\t280.00\n\t{gov}\n\t{actual_gov}\n\t—\n\t—\n\t—\n\n"
    "\t\n\t上年结转资金\n\t20.00\n\t20.00\n\t20.00\n\t—\n\t—\n\t—\n\n"
)


def test_project_self_evaluation_funding_rows_and_carry_over_source():
    ok = _PROJECT.format(full="320.00", actual="310.00", rate="96.88", gov="300.00", actual_gov="290.00", score="9.7")
    got = [f for f in review_text(ok).findings if f.severity.value != "info"]
    assert got == [], [f.message for f in got]  # 上年结转资金 is a funding source, not a leftover
    bad = ok.replace("\t其中：当年财政拨款\n\t280.00", "\t其中：当年财政拨款\n\t290.00")
    msgs = [f.message for f in review_text(bad).findings if f.rule == "SUM_MISMATCH"]
    assert any("300.00" in m and "310.00" in m for m in msgs)


def test_project_over_budget_reported_once_and_score_capped_at_weight():
    over = _PROJECT.format(full="320.00", actual="340.00", rate="106.25", gov="300.00", actual_gov="320.00",
                           score="10")
    found = review_text(over).findings
    assert [f.rule for f in found].count("OVER_BUDGET") == 1
    assert not [f for f in found if f.rule == "SCORE_MISMATCH"]  # 106.25% earns the full 10, no more
    assert not [f for f in found if f.rule == "MISSING_ITEM" and "三公" in f.message]
