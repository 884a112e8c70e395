"""Comparisons stated in words ('A大于/小于/高于/低于B') checked against the two figures they compare.

Each phrasing came from a blind or learning document; each negative is a near miss written beside it."""

from __future__ import annotations

from tests.helpers import review_text


def contradictions(text: str) -> list[str]:
    return [f.message for f in review_text(text).findings if f.rule == "TEXT_CONTRADICTION"]


def test_spending_said_to_exceed_income_that_is_larger():
    text = ("一、收入支出决算总体情况说明\n"
            "2024年度本年收入1862.40万元，本年支出1845.26万元，年初结转和结余26.40万元，年末结转和结余43.54万元。"
            "本年支出{w}本年收入，主要是使用了上年结转资金。\n")
    got = contradictions(text.format(w="大于"))
    assert len(got) == 1 and "1845.26" in got[0] and "1862.40" in got[0]
    assert contradictions(text.format(w="小于")) == []


def test_comparison_with_a_budget_stated_in_another_paragraph():
    text = ("（一）预算情况\n全年预算数由基本支出786.52万元和项目支出652.23万元构成。\n"
            "（二）执行情况\n项目支出执行数{a}万元，高于全年预算数的主要原因是年末集中拨付水毁修复资金。\n")
    got = contradictions(text.format(a="616.44"))
    assert len(got) == 1 and "652.23" in got[0] and "全年预算数" in got[0]
    assert contradictions(text.format(a="668.10")) == []


def test_item_line_comparison_with_its_own_figures():
    line = ("2.林业和草原（款）森林资源培育（项）。年初预算为1500.00万元，支出决算为{a}万元，完成年初预算的{r}%，"
            "决算数大于年初预算数的主要原因是部分造林地块苗木栽植推迟。\n")
    assert len(contradictions(line.format(a="1385.50", r="92.37"))) == 1
    assert contradictions(line.format(a="1585.50", r="105.70")) == []


def test_a_change_amount_is_not_the_prior_value():
    """'比2024年预算减少0.50万元' states a change; '预算小于上年' compares with last year's 7.30, not with 0.50."""
    text = ("五、“三公”经费预算情况。2025年“三公”经费预算6.80万元，比2024年预算减少0.50万元，下降6.85%。"
            "“三公”经费预算小于上年主要是严格压减公务接待。\n")
    assert contradictions(text) == []


def test_the_sentence_names_its_own_subject():
    """'公用经费年初预算150.00万元，决算数小于年初预算数': 公用经费's, not the 基本支出 of the sentence before."""
    text = ("（二）预算执行。全年支出2098.47万元。其中：基本支出1128.35万元（人员经费986.12万元，公用经费142.23万元）。\n"
            "基本支出全年支出高于年初预算1102.40万元，系年中调标追加所致。公用经费年初预算150.00万元，决算数小于年初预算数，"
            "主要是压减会议费和差旅费。\n")
    assert contradictions(text) == []


def test_negated_and_template_comparisons_are_not_claims():
    base = "基本支出年初预算500.00万元，决算数520.00万元。"
    assert contradictions(base + "决算数未超过年初预算数。\n") == []
    assert contradictions(base + "决算数大于（小于）年初预算数的主要原因是……\n") == []


def test_the_comparison_reads_its_statements_subject_not_the_last_amount_of_the_line():
    text = ("二、一般公共预算财政拨款支出决算情况\n2024年度一般公共预算财政拨款支出1239.93万元，其中：基本支出498.80万元，"
            "项目支出740.13万元，项目支出占59.69%。年初预算为1180.00万元，完成年初预算的105.08%，"
            "决算数{w}年初预算数的主要原因是年中追加森林生态效益补偿资金。\n")
    assert contradictions(text.format(w="大于")) == []
    got = contradictions(text.format(w="小于"))
    assert len(got) == 1 and "1239.93" in got[0]


def test_a_grade_beyond_the_reports_own_one_character_scale():
    text = ("四、自评结论\n按照县财政局评分办法（90分及以上为优，80分至90分为良，60分至80分为中，60分以下为差），"
            "本项目自评得分{s}分，评价等级为“优”。\n")
    got = contradictions(text.format(s="87.0"))
    assert len(got) == 1 and "87.0" in got[0]
    assert contradictions(text.format(s="91.5")) == []


def test_an_execution_table_by_spending_type_is_read_line_by_line():
    """'支出类型 | 年初预算数 | 全年预算数 | 实际支出数 | 执行率' rows 基本支出 / 项目支出 / 合计: 基本支出 over its 全年预算."""
    from tests.helpers import review_text

    table = ("表1 2024年度部门预算执行情况表（单位：万元）\n\t支出类型\n\t年初预算数\n\t全年预算数\n\t实际支出数\n\t执行率\n\n"
             "\t基本支出\n\t1486.20\n\t1540.00\n\t{b}\n\t{r}%\n\n\t项目支出\n\t619.40\n\t668.00\n\t598.37\n\t89.58%\n\n")
    over = [f for f in review_text(table.format(b="1562.84", r="101.48")).findings if f.rule == "OVER_BUDGET"]
    assert len(over) == 1 and "1562.84" in over[0].message
    assert [f for f in review_text(table.format(b="1532.84", r="99.54")).findings if f.rule == "OVER_BUDGET"] == []


def test_a_change_whose_prior_names_the_quantity_stated_in_the_sentence_before():
    text = ("三、收支预算总体情况\n2025年部门收入预算7102.30万元，由一般公共预算拨款收入5862.30万元和事业收入1240.00万元构成。"
            "其中一般公共预算拨款收入上年为5920.45万元，本年比上年{w}58.15万元，主要是一次性经费不再安排。\n")
    got = contradictions(text.format(w="增加"))
    assert len(got) == 1 and "5862.30" in got[0] and "5920.45" in got[0]
    assert contradictions(text.format(w="减少")) == []


def test_a_change_after_a_composition_list_is_the_wholes():
    """'收入预算7102.30万元，由A5862.30万元和B1240.00万元构成，较上年增加366.50万元，增长5.64%': the whole changed
    (7102.30 − 366.50 = 6735.80; 366.50 / 6735.80 = 5.44%), not B."""
    from tests.helpers import review_text

    text = ("2025年部门收入预算7102.30万元，由一般公共预算拨款收入5862.30万元和事业收入1240.00万元构成，"
            "较上年增加366.50万元，增长{r}%。\n")
    changes = [f.message for f in review_text(text.format(r="5.64")).findings if f.rule == "CHANGE_MISMATCH"]
    assert len(changes) == 1 and "7102.30" in changes[0]
    assert [f for f in review_text(text.format(r="5.44")).findings if f.rule == "CHANGE_MISMATCH"] == []


def test_a_count_rate_named_by_its_verb_in_its_own_clause_group():
    from tests.helpers import review_text

    text = ("（一）产出\n全年处置道路病害4.62万平方米；完成桥梁定期检测31座，计划36座；"
            "受理道路病害问题1935件，按时限处置1862件，处置及时率{r}%。\n")
    wrong = [f.message for f in review_text(text.format(r="98.77")).findings if f.rule == "RATIO_MISMATCH"]
    assert len(wrong) == 1 and "1862" in wrong[0] and "1935" in wrong[0]
    assert [f for f in review_text(text.format(r="96.23")).findings if f.rule == "RATIO_MISMATCH"] == []


def test_a_bare_hundred_percent_target_is_missed_by_less():
    from tests.helpers import review_text

    table = ("四、项目支出绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\n"
             "\t产出指标\n\t质量指标\n\t桥梁定期检测覆盖率\n\t100%\n\t{a}\n\t10\n\t10\n\n")
    missed = [f for f in review_text(table.format(a="86%")).findings if f.rule == "TARGET_NOT_MET"]
    assert len(missed) == 1
    assert [f for f in review_text(table.format(a="100%")).findings if f.rule == "TARGET_NOT_MET"] == []


def test_a_comparison_finding_quotes_the_reason_given():
    text = ("六、“三公”经费支出决算情况说明\n2024年度“三公”经费预算86,000.00元，支出决算91,357.20元。"
            "决算数小于预算数的主要原因是厉行节约，从严控制公务接待标准。\n")
    from tests.helpers import review_text

    found = [f for f in review_text(text).findings if f.rule == "TEXT_CONTRADICTION"]
    assert len(found) == 1 and any("主要原因是厉行节约" in e.quote for e in found[0].evidence)


def test_a_year_reference_finding_quotes_what_is_dated():
    from tests.helpers import review_text

    text = "某局2024年度部门整体支出绩效自评报告\n二、预算执行\n截至2023年12月31日，项目实际支出1496.32万元，执行率95.60%。\n"
    year = [f for f in review_text(text).findings if f.rule == "YEAR_MISMATCH"]
    assert len(year) == 1 and any("1496.32" in e.quote for e in year[0].evidence)


def test_a_rate_over_a_base_stated_in_the_sentence_before():
    from tests.helpers import review_text

    text = ("三、项目资金使用及管理情况\n截至2024年12月31日，项目资金实际到位860.00万元，资金到位率100%。\n"
            "项目实际支出812.36万元，资金支出率为{r}%，主要用于上门服务补助。\n")
    wrong = [f.message for f in review_text(text.format(r="94.64")).findings if f.rule == "RATIO_MISMATCH"]
    assert len(wrong) == 1 and "860.00" in wrong[0]
    assert [f for f in review_text(text.format(r="94.46")).findings if f.rule == "RATIO_MISMATCH"] == []


def test_an_items_rate_is_not_over_the_departments_budget():
    from tests.helpers import review_text

    text = ("（一）预算情况。调整后全年预算2298.06万元。\n（三）项目绩效。家庭医生签约服务补助项目资金拨付进度偏慢，"
            "全年支出83.52万元，执行率69.60%。\n")
    assert [f for f in review_text(text).findings if f.rule == "RATIO_MISMATCH"] == []


def test_a_negative_decrease_is_an_increase():
    """'支出总计3145.65万元，比上年预算2978.40万元减少-167.25万元，下降-5.62%': odd wording, consistent figures."""
    from tests.helpers import review_text

    text = "三、收支预算总体情况\n支出总计3145.65万元，比上年预算2978.40万元减少-{a}万元，下降-{r}%，主要是维修项目完成。\n"
    assert [f for f in review_text(text.format(a="167.25", r="5.62")).findings
            if f.rule in ("TEXT_CONTRADICTION", "CHANGE_MISMATCH")] == []
    assert [f for f in review_text(text.format(a="176.25", r="5.62")).findings if f.rule == "CHANGE_MISMATCH"]


def test_a_list_after_spending_and_budget_breaks_down_the_spending():
    from tests.helpers import review_text

    text = ("五、“三公”经费支出决算情况\n2024年度“三公”经费支出8.98万元，年初预算12.00万元，比上年9.78万元减少0.80万元，"
            "下降8.18%。其中公务用车运行维护费6.84万元，公务接待费2.14万元，本年度无因公出国（境）支出和公务用车购置支出。\n")
    assert [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"] == []


def test_a_whole_point_execution_score_rounds_unless_one_decimal_is_stated():
    """The catalogue's tolerance: '8' stands for [7.5, 8.5), so 82.93% × 10 = 8.29 scored 8 is no error — unless the
    report states its 得分 are kept to one decimal ('得分精确到小数点后一位'), when 8 means 8.0."""
    from tests.helpers import review_text

    table = ("部门整体支出绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t年度指标值\n\t实际完成值\n\t得分\n\n"
             "\t投入\n\t预算执行\n\t预算执行率\n\t10\n\t100%\n\t82.93%\n\t8\n\n"
             "\t产出\n\t数量\n\t农村公路养护里程\n\t90\n\t≥1260公里\n\t1265公里\n\t90\n\n{note}")
    scores = [f for f in review_text(table.format(note="")).findings if f.rule == "SCORE_MISMATCH"]
    assert scores == []
    stated = [f for f in review_text(table.format(note="备注：得分=绩效目标实现比例*分值，得分精确到小数点后一位。\n")).findings
              if f.rule == "SCORE_MISMATCH"]
    assert len(stated) == 1


def test_a_share_of_spending_is_not_over_the_budget_beside_it():
    from tests.helpers import review_text

    text = ("（三）政府采购情况\n全年政府采购预算96.00万元，实际采购金额92.35万元，主要用于防疫冷链设备采购。"
            "其中授予中小企业合同金额79.60万元，占政府采购支出总额的86.19%。\n")
    assert [f for f in review_text(text).findings if f.rule == "RATIO_MISMATCH"] == []



def test_a_change_amount_is_never_the_quantity_that_changed():
    from tests.helpers import review_text

    text = ("（二）预算执行\n2024年实际支出3,735.60万元，预算执行率96.54%。上年实际支出为3,577.88万元，本年增加157.72万元，"
            "同比增长4.4%。\n")
    assert [f for f in review_text(text).findings if f.rule in ("TEXT_CONTRADICTION", "CHANGE_MISMATCH")] == []


def test_shares_of_a_list_whose_parts_do_not_add_up_take_the_whole_it_opens_on():
    from tests.helpers import review_text

    text = ("二、支出决算情况说明\n本年支出1,855.63万元，其中基本支出1,438.97万元，占77.55%；项目支出416.66万元，占22.45%。"
            "按支出功能分类：一般公共服务支出1,452.30万元，占78.26%；社会保障和就业支出198.36万元，占{r}%；"
            "卫生健康支出86.45万元，占4.7%；住房保障支出181.52万元，占6.39%。\n")  # 118.52 misstated: Σ ≠ 本年支出
    wrong = [f.message for f in review_text(text.format(r="10.96")).findings if f.rule == "RATIO_MISMATCH"]
    assert any("198.36" in m and "1855.63" in m for m in wrong), wrong
    assert not any("198.36" in f.message for f in review_text(text.format(r="10.69")).findings)


def test_a_notice_of_last_years_self_evaluation_quoted_whole():
    from tests.helpers import review_text

    text = "某局2024年度部门整体支出绩效自评报告\n根据《关于开展２０２３年度部门整体支出绩效自评工作的通知》要求，我局开展了自评。\n"
    year = [f for f in review_text(text).findings if f.rule == "YEAR_MISMATCH"]
    assert len(year) == 1 and any(e.quote.startswith("《关于开展") and e.quote.endswith("》") for e in year[0].evidence)
    assert [f for f in review_text(text.replace("２０２３", "２０２４")).findings if f.rule == "YEAR_MISMATCH"] == []


def test_a_change_against_a_named_years_stated_amount():
    from tests.helpers import review_text

    text = ("一、收支预算总体情况。2025年收支总预算6268.00万元，由一般公共预算拨款收入5862.40万元、事业收入320.00万元和"
            "上年结转85.60万元构成。与2024年预算5955.60万元相比，增加{a}万元，增长5.2%。\n")
    assert [f for f in review_text(text.format(a="321.40")).findings if f.rule == "CHANGE_MISMATCH"]
    assert [f for f in review_text(text.format(a="312.40")).findings if f.rule == "CHANGE_MISMATCH"] == []
