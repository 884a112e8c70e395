"""What a figure measures when its own words do not say: the list's total, the budget's net adjustment
(from learning6 documents, where each misreading gave a false error)."""

from __future__ import annotations

from tests.helpers import review_text


def errors(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in review_text(text).findings if f.severity.value != "info"]


def test_parts_of_an_initial_budget_are_budgets_not_spending():
    """'年初预算5,628.44万元，由基本支出3,104.27万元和项目支出2,524.17万元构成' states budgets: the spending
    paragraph's 基本支出3,286.51万元 is no second value of the same figure."""
    text = ("二、部门整体支出情况\n（一）预算安排\n2024年年初预算5,628.44万元，由基本支出3,104.27万元和项目支出2,524.17万元构成。\n"
            "（二）支出执行\n全年实际支出6,021.87万元，其中基本支出3,286.51万元，项目支出2,735.36万元。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []
    wrong = text.replace("其中基本支出3,286.51万元", "其中基本支出3,286.51万元。基本支出决算数为3,268.51万元，另")
    assert any(e[0] == "FIGURE_INCONSISTENT" for e in errors(wrong))


def test_adjustment_rate_over_the_net_adjustment():
    """'调增预算612.35万元、调减预算88.20万元…预算调整率为9.31%' divides the net 524.15, not the 调增 alone."""
    text = ("2024年年初预算5,628.44万元。年度执行中共调增预算612.35万元、调减预算88.20万元，调整后全年预算6,152.59万元。"
            "按年初预算计算，预算调整率为{r}%。\n")
    assert [e for e in errors(text.format(r="9.31")) if e[0] == "RATIO_MISMATCH"] == []
    single = ("2024年年初预算5,628.44万元。年度执行中调增预算524.15万元，调整后全年预算6,152.59万元。"
              "预算调整率为{r}%。\n")
    assert [e for e in errors(single.format(r="9.31")) if e[0] == "RATIO_MISMATCH"] == []
    assert any(e[0] == "RATIO_MISMATCH" for e in errors(single.format(r="9.13")))


def test_basic_spending_under_the_fiscal_section_is_that_funds():
    """'三、支出决算情况说明' states all funds; '五、一般公共预算财政拨款支出决算情况说明 … 其中基本支出560.18万元' the
    fund's own: two 口径, no inconsistency — unless the clause names another table ('公开03表中基本支出…')."""
    text = ("第三部分 2024年度部门决算情况说明\n三、支出决算情况说明\n本年支出合计1096.87万元，其中：基本支出612.30万元，"
            "项目支出484.57万元。\n五、一般公共预算财政拨款支出决算情况说明\n2024年度一般公共预算财政拨款支出971.89万元，"
            "其中基本支出560.18万元，项目支出411.71万元。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []


def test_a_comparison_finding_quotes_its_sentence():
    """The reviewer sees the sentence the comparison stands in, with the rate it states."""
    line = ("2.卫生健康支出（类）公共卫生（款）重大公共卫生服务（项）：年初预算160.00万元，支出决算137.82万元，"
            "完成年初预算的86.14%。决算数大于年初预算数的主要原因是新增两癌筛查任务。\n")
    found = [f for f in review_text(line).findings if f.rule == "TEXT_CONTRADICTION"]
    assert len(found) == 1 and any("86.14%" in e.quote for e in found[0].evidence)


def test_an_item_named_by_its_code_is_not_the_department():
    """'（一）2130301行政运行。…支出决算为512.48万元' is a 科目's spending, not the department's 本年支出合计."""
    text = ("三、支出决算情况说明。本年支出合计1280.16万元，其中基本支出745.92万元，项目支出534.24万元。\n"
            "四、一般公共预算财政拨款支出决算具体情况。（一）2130301行政运行。年初预算为498.60万元，支出决算为512.48万元，"
            "完成年初预算的102.8%，决算数大于年初预算数的主要原因是年中增人增资。\n")
    assert [e for e in errors(text) if e[0] in ("FIGURE_INCONSISTENT", "SUM_MISMATCH")] == []


def test_procurement_total_is_not_the_departments_spending():
    text = ("一、收入支出决算总体情况。2024年度本年支出合计2420.39万元。\n"
            "七、政府采购支出情况。2024年度政府采购支出合计318.40万元，其中货物支出264.10万元、服务支出54.30万元。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []


def test_a_total_restated_wrongly_is_one_finding_not_a_sum_too():
    """The 说明's 本年支出合计1286.10 against 1280.16 in the table, whose parts make 1280.16: the restatement is
    the fault (FIGURE_INCONSISTENT) and the failed sum in the 说明 follows from it — one finding."""
    table = "支出决算表\n单位：万元\n\t项目\n\t本年支出合计\n\t基本支出\n\t项目支出\n\n\t合计\n\t1,280.16\n\t745.92\n\t534.24\n\n"
    text = (table + "第三部分 情况说明\n三、支出决算情况说明。本年支出合计{t}万元，其中基本支出745.92万元，项目支出534.24万元。\n")
    got = [e[0] for e in errors(text.format(t="1286.10"))]
    assert got == ["FIGURE_INCONSISTENT"], got
    assert errors(text.format(t="1280.16")) == []



def test_a_share_and_a_sum_that_fail_only_through_a_wrong_restatement_are_one_finding():
    """说明 '项目支出1760.15万元，占53.87%' against the table's 1706.15: the share and '3167.42 ≠ 1461.27 + 1760.15'
    both hold with 1706.15 — one FIGURE_INCONSISTENT names them; a share wrong on its own stays."""
    table = ("支出决算表\n单位：万元\n\t项目\n\t本年支出合计\n\t基本支出\n\t项目支出\n\n"
             "\t合计\n\t3,167.42\n\t1,461.27\n\t1,706.15\n\n")
    text = table + ("第三部分 情况说明\n二、支出决算情况说明。本年支出合计3,167.42万元，其中：基本支出1,461.27万元，"
                    "占46.13%；项目支出{p}万元，占{r}%。\n")
    assert [e[0] for e in errors(text.format(p="1,760.15", r="53.87"))] == ["FIGURE_INCONSISTENT"]
    got = sorted(e[0] for e in errors(text.format(p="1,760.15", r="55.87")))
    assert got == ["FIGURE_INCONSISTENT", "RATIO_MISMATCH"], got


def test_a_function_class_over_its_initial_budget_is_not_overspending():
    """A 决算 说明's '社会保障和就业支出年初预算…，支出决算…，完成年初预算的105.05%': mid-year additions, not an
    overspend (no 类/款/项 marker, no code — the name of the 类 says it)."""
    text = ("二、支出决算情况\n社会保障和就业支出年初预算6,580,000.00元，支出决算6,912,408.36元，完成年初预算的105.05%，"
            "决算数大于年初预算数的主要原因是上级追加困难残疾人生活补贴。\n")
    assert [e for e in errors(text) if e[0] == "OVER_BUDGET"] == []


def test_an_indicator_rate_divides_the_value_it_holds_with():
    """'全年实际支出' stated as 338.96 and as 339.86 (a FIGURE_INCONSISTENT of its own): '预算执行率97.52%' is
    339.86 / 348.50 — no second finding for the rate; a rate fitting neither value is still wrong."""
    text = ("某局2024年度部门整体支出绩效自评报告\n二、部门整体支出情况\n（一）预算情况\n2024年全年预算数为348.50万元。\n"
            "（二）执行情况\n2024年实际支出338.96万元，主要用于购置药剂。\n"
            "三、绩效情况\n2024年实际支出339.86万元，预算执行率{r}%。\n")
    assert [e for e in errors(text.format(r="97.52")) if e[0] == "RATIO_MISMATCH"] == []
    assert [e for e in errors(text.format(r="95.52")) if e[0] == "RATIO_MISMATCH"]


def test_shares_of_a_breakdown_by_nature_are_of_the_whole():
    """'基本支出A，占72.38%，其中人员经费a、公用经费b；项目支出B，占27.26%': 项目支出 is 基本支出's sibling (not one of its
    其中 parts), and both shares are of the whole 1846.20 — 510.00 / 1846.20 is 27.62%, not 27.26%."""
    text = ("五、支出预算情况说明\n2025年一般公共预算支出1846.20万元。按支出性质分，基本支出1336.20万元，占72.38%，"
            "其中人员经费1178.62万元、公用经费157.58万元；项目支出510.00万元，占{r}%，主要安排自然资源调查项目。\n")
    wrong = [e[1] for e in errors(text.format(r="27.26")) if e[0] == "RATIO_MISMATCH"]
    assert len(wrong) == 1 and "1846.20" in wrong[0] and "1336.20万元÷" not in wrong[0]
    assert errors(text.format(r="27.62")) == []


def test_a_control_rate_naming_its_subject_divides_that_subjects_amounts():
    """'全年实际支出1987.42万元，…。基本支出预算控制率为97.27%，项目支出预算控制率为{r}%': each rate is its subject's
    (基本 1126.83 / 1158.46, 项目 860.59 / 903.40), not the department's 1987.42 / 2061.86."""
    text = ("某局2024年度部门整体支出绩效自评报告\n二、部门整体支出情况\n"
            "2024年全年预算数为2061.86万元。其中：基本支出预算1158.46万元，项目支出预算903.40万元。\n"
            "全年实际支出1987.42万元，其中基本支出1126.83万元，项目支出860.59万元。\n"
            "全年实际支出1987.42万元，预算执行率为96.39%。基本支出预算控制率为97.27%，项目支出预算控制率为{r}%。\n")
    assert [e for e in errors(text.format(r="95.26")) if e[0] == "RATIO_MISMATCH"] == []
    wrong = [e[1] for e in errors(text.format(r="92.56")) if e[0] == "RATIO_MISMATCH"]
    assert len(wrong) == 1 and "860.59" in wrong[0], wrong



def test_a_change_of_the_report_year_is_the_departments_own():
    """'2022年、2023年部门实际支出分别为2108.56万元和2315.90万元，2024年比2023年增加174.62万元，增长7.54%' in the 2024
    report: 2490.52 − 2315.90 = 174.62 (7.54%) — the amount named only by '和' is not what changed."""
    text = ("某县水务局2024年度部门整体支出绩效自评报告\n二、部门预算编制及执行情况\n"
            "（二）预算执行。全年实际支出2490.52万元，预算执行率96.51%。近三年看，2022年、2023年部门实际支出分别为"
            "2108.56万元和2315.90万元，2024年比2023年增加174.62万元，增长{r}%。\n")
    assert [e for e in errors(text.format(r="7.54")) if e[0] == "CHANGE_MISMATCH"] == []


def test_a_list_introduced_by_han_is_not_complete():
    """'文化旅游体育与传媒支出在部门收支总表中为2136.55万元，含政府性基金安排的…120.00万元和事业收入安排的支出85.60万元':
    '含' points out some components (the rest is the 一般公共预算 part) — never summed against the whole."""
    text = ("需要说明的是，文化旅游体育与传媒支出在部门收支总表中为2136.55万元，含政府性基金安排的体育彩票公益金项目"
            "120.00万元和事业收入安排的支出85.60万元，口径与本表不同。\n")
    assert [e for e in errors(text) if e[0] == "SUM_MISMATCH"] == []
    assert [e for e in errors(text.replace("2136.55", "136.55")) if e[0] == "SUM_MISMATCH"]  # parts exceed it


def test_an_adjustment_of_the_other_sign_ends_the_list():
    """'累计调增预算186.20万元，分别为：A96.40万元、B52.60万元、C37.20万元；因…调减预算35.00万元': the 调减 is not a part
    of the 调增 (an 追加 item would be)."""
    text = ("年度执行中，市财政累计调增预算186.20万元，分别为：国土空间规划编制经费96.40万元、耕地核查经费52.60万元、"
            "绩效考核奖励{c}万元；因实物资产购置计划取消调减预算35.00万元。\n")
    assert [e for e in errors(text.format(c="37.20")) if e[0] == "SUM_MISMATCH"] == []
    wrong = [e[1] for e in errors(text.format(c="27.20")) if e[0] == "SUM_MISMATCH"]
    assert len(wrong) == 1 and "35.00" not in wrong[0]



def test_a_basic_spending_table_with_code_and_name_in_one_cell():
    """'科目编码 | 人员经费 | 科目编码 | 公用经费' rows '301 工资福利支出 | …': the class code and its name share the
    cell; 人员经费合计 must be Σ 301 + 303."""
    table = ("一般公共预算财政拨款基本支出决算表（公开06表）\n金额单位：元\n\t科目编码\n\t人员经费\n\t科目编码\n\t公用经费\n\n"
             "\t301 工资福利支出\n\t3,702,615.30\n\t302 商品和服务支出\n\t531,418.40\n\n"
             "\t303 对个人和家庭的补助\n\t556,288.42\n\t310 资本性支出\n\t31,700.00\n\n"
             "\t人员经费合计\n\t{p}\n\t公用经费合计\n\t563,118.40\n\n")
    wrong = [e[1] for e in errors(table.format(p="4,268,903.72")) if e[0] == "SUM_MISMATCH"]
    assert len(wrong) == 1 and "4258903.72" in wrong[0]
    assert [e for e in errors(table.format(p="4,258,903.72")) if e[0] == "SUM_MISMATCH"] == []


def test_sangong_spending_over_its_initial_budget():
    """'年初“三公”经费预算12.60万元…全年“三公”经费实际支出13.18万元': 三公 are budgeted once; over it is over."""
    text = ("1.“三公”经费管理。年初“三公”经费预算12.60万元，全部为公务用车运行维护费和公务接待费。全年“三公”经费实际支出"
            "{a}万元，其中公务用车运行维护费9.26万元，公务接待费{r}万元。\n")
    assert [e for e in errors(text.format(a="13.18", r="3.92")) if e[0] == "OVER_BUDGET"]
    assert [e for e in errors(text.format(a="12.18", r="2.92")) if e[0] == "OVER_BUDGET"] == []


def test_a_total_named_after_a_counted_list():
    text = ("（三）项目支出。全年实施项目5个，支出情况分别为：法律援助经费236.40万元，人民调解以案定补158.75万元，"
            "社区矫正工作经费126.30万元，公共法律服务体系建设112.47万元，普法宣传经费65.00万元，"
            "上述5个项目合计即为全年项目支出{t}万元。\n")
    wrong = [e[1] for e in errors(text.format(t="708.92")) if e[0] == "SUM_MISMATCH"]
    assert len(wrong) == 1 and "698.92" in wrong[0]
    assert errors(text.format(t="698.92")) == []


def test_a_sangong_budget_table_of_one_row_is_the_budget():
    """'表3 “三公”经费预算表' with one row of items and no 预算数/决算数 column: the title says they are budgets,
    so the 说明's '“三公”经费预算268,000.00元' against the table's 286,000.00 is one FIGURE_INCONSISTENT."""
    text = ("表3　“三公”经费预算表\n单位：元\n\t合计\n\t因公出国（境）费\n\t公务用车购置费\n\t公务用车运行维护费\n\t公务接待费\n\n"
            "\t286,000.00\n\t0.00\n\t0.00\n\t198,000.00\n\t88,000.00\n\n"
            "六、“三公”经费预算情况说明\n2025年“三公”经费预算{v}元，其中因公出国（境）费0元，公务用车购置费0元，"
            "公务用车运行维护费198,000.00元，公务接待费88,000.00元。\n")
    assert "FIGURE_INCONSISTENT" in [e[0] for e in errors(text.format(v="268,000.00"))]
    assert errors(text.format(v="286,000.00")) == []


def test_an_unnumbered_budget_summary_adds_its_rows():
    """'一般公共预算拨款 / 政府性基金预算拨款 / 上年结转 / 收入总计' (no numbering, no 本年收入合计): 总计 is all its rows."""
    table = ("部门收支预算总表\n单位：万元\n\t收入项目\n\t预算数\n\t支出项目\n\t预算数\n\n"
             "\t一般公共预算拨款\n\t3,126.74\n\t社会保障和就业支出\n\t2,874.36\n\n"
             "\t政府性基金预算拨款\n\t\n\t卫生健康支出\n\t41.92\n\n"
             "\t上年结转\n\t58.20\n\t住房保障支出\n\t56.30\n\n"
             "\t\n\t\n\t其他支出\n\t212.36\n\n"
             "\t收入总计\n\t{t}\n\t支出总计\n\t3,184.94\n\n")
    assert [e for e in errors(table.format(t="3,184.94")) if e[0] in ("SUM_MISMATCH", "BALANCE_MISMATCH")] == []
    assert [e for e in errors(table.format(t="3,194.94")) if e[0] in ("SUM_MISMATCH", "BALANCE_MISMATCH")]


def test_a_change_rate_cut_short_is_no_error():
    """'机关运行经费预算186.72万元，比上年增加7.37万元，增长4.10%': 7.37 / 179.35 = 4.109…% cut to 4.10% (尾数处理)."""
    text = "2025年本部门机关运行经费预算186.72万元，比上年增加7.37万元，增长{r}%。\n"
    assert [e for e in errors(text.format(r="4.10")) if e[0] == "CHANGE_MISMATCH"] == []
    assert [e for e in errors(text.format(r="4.01")) if e[0] == "CHANGE_MISMATCH"]


def test_a_budget_gap_equal_to_a_stated_amount_is_another_scope():
    """'年初预算5,093.15万元…追加预算225.47万元…加上年初结转215.40万元，全年可支配预算资金5,534.02万元': the gap is the
    carry-over stated beside them — another 口径, listed as not verified, never a BALANCE_MISMATCH."""
    text = ("（一）预算安排\n2024年年初预算5,093.15万元，其中基本支出2,680.35万元，项目支出2,412.80万元。年度执行中，"
            "追加预算225.47万元，本年财政拨款收入为5,318.62万元；加上年初结转215.40万元，全年可支配预算资金5,534.02万元。\n")
    assert [e for e in errors(text) if e[0] == "BALANCE_MISMATCH"] == []
    wrong = ("（一）预算安排\n2024年年初预算5,093.15万元。年度执行中，追加预算225.47万元，调整后全年预算5,343.62万元。\n")
    assert [e for e in errors(wrong) if e[0] == "BALANCE_MISMATCH"]


def test_a_class_split_left_blank_is_not_zero():
    """'207 文化旅游体育与传媒支出 | 1,651.15 | (blank) | (blank)': the split of that 类 is not stated, so Σ类 of the
    基本支出 column cannot be checked against the 合计 row (the 合计 column still can)."""
    table = ("一般公共预算支出预算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
             "\t\n\t合计\n\t{t}\n\t1,417.40\n\t747.40\n\n"
             "\t207\n\t文化旅游体育与传媒支出\n\t1,651.15\n\t\n\t\n\n"
             "\t208\n\t社会保障和就业支出\n\t238.40\n\t238.40\n\t\n\n"
             "\t210\n\t卫生健康支出\n\t96.85\n\t96.85\n\t\n\n"
             "\t221\n\t住房保障支出\n\t178.40\n\t178.40\n\t\n\n")
    assert [e for e in errors(table.format(t="2,164.80")) if e[0] == "SUM_MISMATCH"] == []
    wrong = [e[1] for e in errors(table.format(t="2,146.80")) if e[0] == "SUM_MISMATCH"]
    assert len(wrong) == 1 and "2164.80" in wrong[0]


def test_carryover_and_other_income_together_is_no_carryover():
    text = ("四、财政拨款收支预算总体情况。2025年财政拨款收支总预算2,361.34万元，包括一般公共预算当年拨款2,318.74万元和"
            "上年结转42.60万元。\n五、一般公共预算当年拨款情况。其中食品安全监管（项）157.28万元，另有上年结转和其他收入57.60万元"
            "安排在该项，主要用于食品安全抽检监测。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []


def test_an_amount_less_than_another_is_a_difference():
    """'一般公共预算拨款支出5862.40万元，比收支总预算少405.60万元' — 405.60 is a gap, no second 收支总预算 (6268.00)."""
    text = ("一、收支预算总体情况。2025年收支总预算6268.00万元。\n三、一般公共预算拨款支出情况。2025年一般公共预算拨款支出"
            "5862.40万元，比收支总预算少405.60万元，差额为事业收入和上年结转安排的支出。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []



def test_a_wrong_year_end_balance_is_the_diagnosis_of_its_total():
    """收支总表: 年末结转和结余 94.63 where 118.25 + 3,606.76 − 3,640.38 = 84.63; the 支出 side's 总计 then fails too —
    one finding, the BALANCE_MISMATCH on the 年末 row, naming the 总计."""
    table = ("收入支出决算总表\n单位：万元\n\t项目\n\t决算数\n\t项目\n\t决算数\n\n"
             "\t一、一般公共预算财政拨款收入\n\t3,606.76\n\t一、自然资源海洋气象等支出\n\t3,640.38\n\n"
             "\t本年收入合计\n\t3,606.76\n\t本年支出合计\n\t3,640.38\n\n"
             "\t年初结转和结余\n\t118.25\n\t年末结转和结余\n\t{end}\n\n"
             "\t总计\n\t3,725.01\n\t总计\n\t3,725.01\n\n")
    got = [e[0] for e in errors(table.format(end="94.63"))]
    assert got == ["BALANCE_MISMATCH"], got
    assert errors(table.format(end="84.63")) == []


def test_a_basic_spending_total_under_the_two_groups():
    table = ("一般公共预算财政拨款基本支出决算表\n金额单位：元\n\t人员经费\n\t\n\t公用经费\n\t\n\n\t科目\n\t决算数\n\t科目\n\t决算数\n\n"
             "\t301 工资福利支出\n\t11,528,806.10\n\t302 商品和服务支出\n\t1,312,648.24\n\n"
             "\t303 对个人和家庭的补助\n\t1,327,624.12\n\t310 资本性支出\n\t133,040.00\n\n"
             "\t人员经费合计\n\t12,856,430.22\n\t公用经费合计\n\t1,445,688.24\n\n"
             "\t基本支出合计\n\t{t}\n\t\n\t\n\n")
    wrong = [e[1] for e in errors(table.format(t="14,320,118.46")) if e[0] == "SUM_MISMATCH"]
    assert len(wrong) == 1 and "14302118.46" in wrong[0]
    assert errors(table.format(t="14,302,118.46")) == []


def test_the_sources_of_a_budget_in_the_next_sentence():
    text = ("（一）资金安排\n项目年初预算320.00万元，年中追加45.50万元，全年预算{t}万元。资金来源包括省级补助资金150.00万元、"
            "市级补助资金95.50万元和区级财政资金130.00万元。\n")
    wrong = [e[1] for e in errors(text.format(t="365.50")) if e[0] in ("SUM_MISMATCH", "BALANCE_MISMATCH")]
    assert any("375.50" in m for m in wrong), wrong
    assert [e for e in errors(text.replace("45.50", "55.50").format(t="375.50")) if e[0] == "SUM_MISMATCH"] == []


def test_an_initial_budget_column_before_the_total_is_not_a_part():
    """公开05表 '年初预算 | 合计 | 基本支出 | 项目支出': each row's 合计 = 基本 + 项目; the 年初预算 beside it is what the
    决算 is compared with, never a part of it."""
    table = ("一般公共预算财政拨款支出决算表\n公开05表　　单位：万元\n\t科目编码\n\t科目名称\n\t年初预算\n\t合计\n\t基本支出\n\t项目支出\n\n"
             "\t\n\t合计\n\t535.00\n\t{t}\n\t468.92\n\t96.48\n\n"
             "\t2010501\n\t行政运行\n\t455.00\n\t468.92\n\t468.92\n\t\n\n"
             "\t2010505\n\t专项统计业务\n\t80.00\n\t96.48\n\t\n\t96.48\n\n")
    assert [e for e in errors(table.format(t="565.40")) if e[0] == "SUM_MISMATCH"] == []
    assert [e for e in errors(table.format(t="556.40")) if e[0] == "SUM_MISMATCH"]


def test_a_plain_budget_beside_an_initial_and_an_adjusted_one_is_not_summed():
    """'2024年初，县财政批复我局部门预算1836.42万元。…调整后全年预算为2003.12万元。按支出性质分，基本支出预算1208.57万元，
    项目支出预算794.55万元': the parts are the adjusted budget's; the plain '部门预算' is the 年初 one."""
    text = ("某局2024年度部门整体支出绩效自评报告\n二、部门预算安排及执行情况\n（一）预算安排情况\n2024年初，县财政批复我局部门预算"
            "1836.42万元。年度执行中追加预算215.30万元，调减预算48.60万元，调整后全年预算为2003.12万元。按支出性质分，"
            "基本支出预算1208.57万元，项目支出预算794.55万元。\n")
    assert [e for e in errors(text) if e[0] == "SUM_MISMATCH" and "1836.42" in e[1]] == []


def test_items_printed_without_their_class_are_not_summed_as_classes():
    table = ("一般公共预算支出预算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
             "\t\n\t合计\n\t1526.80\n\t1032.56\n\t494.24\n\n"
             "\t224\n\t灾害防治及应急管理支出\n\t1293.16\n\t798.92\n\t494.24\n\n"
             "\t2240101\n\t行政运行\n\t798.92\n\t798.92\n\t\n\n"
             "\t2240104\n\t灾害风险防治\n\t494.24\n\t\n\t494.24\n\n"
             "\t2080505\n\t机关事业单位基本养老保险缴费支出\n\t233.64\n\t233.64\n\t\n\n")
    assert [e for e in errors(table) if e[0] == "SUM_MISMATCH"] == []


def test_an_inline_fiscal_heading_scopes_its_paragraph():
    """'四、一般公共预算财政拨款支出决算情况说明。2024年度…其中基本支出1110.01万元，项目支出390.74万元' (heading and text
    on one line): the fund's own 基本/项目支出, not a second value of all funds' (三、… 项目支出431.33万元)."""
    text = ("第三部分 情况说明\n三、支出决算情况说明。本年支出合计1532.34万元，其中：基本支出1101.01万元，项目支出431.33万元。\n"
            "四、一般公共预算财政拨款支出决算情况说明。2024年度一般公共预算财政拨款支出1491.75万元，其中基本支出1101.01万元，"
            "项目支出390.74万元。\n")
    assert [e for e in errors(text) if e[0] == "FIGURE_INCONSISTENT"] == []
