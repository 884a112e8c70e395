"""说明 ↔ tables in 部门决算 and 部门预算: restated totals, 科目 paragraphs, budget item paragraphs,
template either/or, comparison bases — each with a consistent variant that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.extract.national.layout import layout
from agent.ingest import load_document
from agent.pipeline import review_document


def _review(tmp_path: Path, text: str):
    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    return review_document(load_document(p))


def _serious(result):
    return [f for f in result.findings if f.severity.value in ("error", "warning")]


_BUDGET_TABLE = """2026年部门一般公共预算支出功能分类预算表
编制部门：某区司法局　单位：元
\t科目编码
\t科目名称
\t合计
\t基本支出
\t项目支出

\t类
\t款
\t项
\t科目名称
\t合计
\t基本支出
\t项目支出

\t204
\t
\t
\t公共安全支出
\t{total}
\t14,348,853.34
\t{project}

\t204
\t06
\t
\t司法
\t{total}
\t14,348,853.34
\t{project}

\t204
\t06
\t01
\t行政运行
\t14,348,853.34
\t14,348,853.34
\t0.00

\t204
\t06
\t99
\t其他司法支出
\t{item}
\t0.00
\t{item}

"""


_HEADINGS = {  # the ways published 预算 说明 name an item's 科目
    "coded": "公共安全支出（204类）司法（06款）其他司法支出（99项）",
    "quoted names": "“公共安全支出（类）司法（款）其他司法支出（项）”",
    "dashed 科目": "“公共安全支出-司法-其他司法支出”科目",
}


def _budget(item_heading: str, arranged: str, prior: str, rate: str, word: str = "增加", base_year: str = "2025",
            table_item: str = "38,454,900.00", heading: str = "coded", whole_yuan: bool = False) -> str:
    item = table_item
    project = item
    total = f"{14348853.34 + float(item.replace(',', '')):,.2f}"
    table = _BUDGET_TABLE.format(total=total, project=project, item=item)
    if whole_yuan:  # a 元 table printed without decimals: '14,348,853' (7 digits once the separators go)
        table = table.replace("14,348,853.34", "14,348,853").replace(".00\n", "\n").replace(".34\n", "\n")
    return (
        "某区司法局2026年部门预算\n一、预算编制说明\n"
        f"1、{_HEADINGS[heading]}{item_heading}万元。主要用于：法制业务经费等支出。"
        f"2025年当年预算执行数为{prior}万元，2026年预算安排{arranged}万元，比{base_year}年预算执行数{word}{rate}%。"
        "主要原因是：业务量增加。\n"
        + table
    )


def test_budget_item_consistent_is_silent(tmp_path):
    # 3845.49 / 3269.30 − 1 = 17.62 %
    r = _review(tmp_path, _budget("3845.49", "3845.49", "3269.3", "17.62", table_item="38,454,900.00"))
    assert _serious(r) == [], [f.message for f in r.findings]


def test_budget_item_wrong_prior_year_figure(tmp_path):
    r = _review(tmp_path, _budget("3845.49", "3845.49", "43269.3", "17.62"))
    assert any("43269.3" in f.message for f in _serious(r))


def test_budget_item_wrong_rate(tmp_path):
    r = _review(tmp_path, _budget("3845.49", "3845.49", "3269.3", "15.62"))
    assert any(f.rule == "CHANGE_MISMATCH" and "17.62" in f.message for f in _serious(r))


def test_budget_item_amount_differs_from_its_table_row(tmp_path):
    r = _review(tmp_path, _budget("3854.49", "3854.49", "3269.3", "17.90"))
    found = [f for f in _serious(r) if f.rule == "FIGURE_INCONSISTENT" or "FIGURE_INCONSISTENT" in f.related_rules]
    assert found and "3845.49万元" in found[0].message  # the table's 元 shown in 万元 beside it


@pytest.mark.parametrize("heading", list(_HEADINGS))
@pytest.mark.parametrize("whole_yuan", [False, True])
def test_budget_item_paired_with_its_row_in_every_heading_style(tmp_path, heading, whole_yuan):
    """The item pairs with its table row by 类/款/项 names when the heading gives no codes, and a 元 table
    without decimals is still read as amounts (its 7-digit integers are not 科目编码)."""
    good = _review(tmp_path, _budget("3845.49", "3845.49", "3269.3", "17.62", heading=heading, whole_yuan=whole_yuan,
                                     table_item="38,454,900"))
    assert _serious(good) == [], [f.message for f in good.findings]
    assert good.coverage.failed == 0 and good.coverage.held >= 3
    bad = _review(tmp_path, _budget("3854.49", "3854.49", "3269.3", "17.90", heading=heading, whole_yuan=whole_yuan,
                                    table_item="38,454,900"))
    found = [f for f in _serious(bad) if f.rule == "FIGURE_INCONSISTENT" or "FIGURE_INCONSISTENT" in f.related_rules]
    assert found and "3845.49万元" in found[0].message, [f.message for f in bad.findings]


@pytest.mark.parametrize("heading", list(_HEADINGS))
def test_budget_item_wrong_rate_in_every_heading_style(tmp_path, heading):
    r = _review(tmp_path, _budget("3845.49", "3845.49", "3269.3", "15.62", heading=heading))
    assert any(f.rule == "CHANGE_MISMATCH" and "17.62" in f.message for f in _serious(r))


def test_budget_item_heading_and_arranged_amount_differ(tmp_path):
    """'住房公积金（01项）208.8万元 … 2026年预算安排201.50万元，比2025年预算执行数增加5.27%': the rate fits the
    heading (208.8 / 198.34), so the one wrong figure is 201.50 — one inconsistency, no change finding."""
    r = _review(tmp_path, _budget("3845.49", "3854.49", "3269.3", "17.62"))
    serious = _serious(r)
    assert [f.rule for f in serious] == ["FIGURE_INCONSISTENT"], [f.message for f in serious]
    assert any(i.kind == "change" and "ambiguous" in i.reason for i in r.coverage.items)


def test_budget_item_direction_wrong_for_both_amounts(tmp_path):
    """Heading 3845.49, 预算安排 3854.49, both above 3269.3, yet '减少': wrong whichever amount was meant."""
    r = _review(tmp_path, _budget("3845.49", "3854.49", "3269.3", "17.62", word="减少"))
    assert any(f.rule == "TEXT_CONTRADICTION" or "TEXT_CONTRADICTION" in f.related_rules for f in _serious(r)), \
        [f.message for f in r.findings]


def test_budget_compared_with_its_own_year(tmp_path):
    r = _review(tmp_path, _budget("3845.49", "3845.49", "3269.3", "17.62", base_year="2026"))
    assert any(f.rule == "YEAR_MISMATCH" and "2025" in f.message for f in r.findings)


_FINAL = """某局2024年度部门决算
第三部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
某局2024年度收入支出总计{stated}万元。
二、其他
{residue}
收入支出决算总表
单位：万元
\t收入
\t收入
\t支出
\t支出

\t项目
\t决算数
\t项目
\t决算数

\t一、一般公共预算财政拨款收入
\t2,940.05
\t一、一般公共服务支出
\t2,940.05

\t本年收入合计
\t2,940.05
\t本年支出合计
\t2,940.05

\t年初结转和结余
\t55.34
\t年末结转和结余
\t55.34

\t总计
\t2,995.39
\t总计
\t2,995.39

"""


def test_final_accounts_total_restated_consistently(tmp_path):
    r = _review(tmp_path, _FINAL.format(stated="2995.39", residue=""))
    assert _serious(r) == [], [f.message for f in r.findings]


def test_final_accounts_total_restated_wrongly(tmp_path):
    r = _review(tmp_path, _FINAL.format(stated="0.3", residue=""))
    found = [f for f in _serious(r) if "FIGURE_INCONSISTENT" in (f.rule, *f.related_rules)]
    assert found and "0.3" in found[0].message and "2995.39" in found[0].message


def test_template_either_or_in_either_order(tmp_path):
    r = _review(tmp_path, _FINAL.format(stated="2995.39", residue="与上年相比减少0.15万元，下降（增长）27.78%。上海市某区XX局。"))
    residues = {f.values.stated for f in r.findings if f.rule == "TEMPLATE_RESIDUE"}
    assert "下降（增长）" in residues and "XX局" in residues


_PROJECTS = """某委2025年部门预算
科技创新专项经费情况说明
六、年度预算安排
2025年度项目总预算1720.00万，其中各级企业技术中心及专精特新认定1720.00万。
生命健康专项经费情况说明
六、年度预算安排
2025年度项目总预算1170.00万，其中支持企业规模化发展870.00万，支持企业创新化发展70.00万，支持企业协同化发展180.00万，支持企业国际化发展50.00万，合计1170.00万。
商业专项经费情况说明
六、年度预算安排
2025年度项目总预算2921.00万，其中支持外贸发展370.00万，支持商销稳增长30.00万，区级支持总部经济1106.00万，市级支持总部经济1262.00万，进博会推进专项153.00万，合计{last}万。
"""


def test_budget_project_paragraphs_consistent_are_silent(tmp_path):
    # two projects' 项目总预算 are not one quantity; '总预算T，其中…，合计T' never counts T as a part;
    # a part named like a change word ('稳增长30.00万') is still a part
    r = _review(tmp_path, _PROJECTS.format(last="2921.00"))
    assert _serious(r) == [], [f.message for f in r.findings]


def test_budget_project_paragraph_wrong_total(tmp_path):
    r = _review(tmp_path, _PROJECTS.format(last="2931.00"))
    assert any(f.rule == "SUM_MISMATCH" and "2931.00" in f.message for f in _serious(r))


def test_whole_yuan_amounts_with_separators_are_not_codes(tmp_path):
    """'8,661,624' is 8661624 once its separators go — seven digits like a 科目编码, but no code is written
    with thousands separators (a real 单位预算 lost its 合计 and 基本支出 columns this way)."""
    p = tmp_path / "doc.txt"
    p.write_text(_budget("3845.49", "3845.49", "3269.3", "17.62", whole_yuan=True, table_item="8,661,624")
                 .replace("14,348,853", "7,020"), encoding="utf-8")
    doc = load_document(p)
    lay = layout(doc.tables[0])
    assert [c.name for g in lay.groups for c in g.amounts] == ["合计", "基本支出", "项目支出"]
    assert [r.code for g in lay.groups for r in g.rows] == ["204", "20406", "2040601", "2040699"]


_SANGONG_BUDGET = """某街道2024年部门预算
部门“三公”经费和机关运行经费预算表
编制部门：某街道办事处 单位:万元

\t2024年“三公”经费预算数
\t2024年机关运行经费预算数

\t合计
\t因公出国(境)费
\t公务接待费
\t公务用车购置及运行费

\t{total}
\t0
\t{reception}
\t{car}
\t{running}

注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。
2024年部门政府性基金预算支出功能分类预算表
编制部门：某街道办事处 单位：元

\t功能分类科目编码
\t功能分类科目名称
\t合计

\t
\t
\t

注:本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表。
"""


def test_note_calling_a_filled_table_empty(tmp_path):
    r = _review(tmp_path, _SANGONG_BUDGET.format(total="47.91", reception="1.35", car="46.56", running="443.18"))
    found = [f for f in _serious(r) if f.rule == "TEXT_CONTRADICTION"]
    assert len(found) == 1 and "47.91" in found[0].message, [f.message for f in r.findings]


def test_note_under_an_empty_table_is_silent(tmp_path):
    r = _review(tmp_path, _SANGONG_BUDGET.format(total="0", reception="0", car="0", running="0"))
    assert not [f for f in _serious(r) if f.rule == "TEXT_CONTRADICTION"], [f.message for f in r.findings]


@pytest.mark.parametrize("period, wrong", [
    ("2025年1月1日-2025年12月31日", True),
    ("2025.1.1-2025.12.31", True),
    ("2026年1月1日至2026年12月31日", False),
    ("2024年1月1日-2026年12月31日", False),  # a multi-year project that runs into the budget year
])
def test_project_period_of_a_budget(tmp_path, period, wrong):
    text = ("某区司法局2026年部门预算\n一、预算编制说明\n项目名称：人民调解服务\n五、实施周期\n"
            f"{period}\n六、年度预算安排\n795万元\n")
    r = _review(tmp_path, text)
    years = [f for f in r.findings if f.rule == "YEAR_MISMATCH"]
    assert bool(years) is wrong, [f.message for f in r.findings]


@pytest.mark.parametrize("stated, severity", [("2995.38", "info"), ("2995.40", "info"), ("2995.37", "error")])
def test_one_cent_against_a_national_table_is_rounding(tmp_path, stated, severity):
    """Each national table is rounded from 元 on its own: one unit of the last digit between a table and
    another statement (|Δ| = 0.005 + 0.005, the catalogue's bound) is a note; two units are an error."""
    r = _review(tmp_path, _FINAL.format(stated=stated, residue=""))
    found = [f for f in r.findings if f.rule == "FIGURE_INCONSISTENT"]
    assert [f.severity.value for f in found] == [severity], [f.message for f in r.findings]


@pytest.mark.parametrize("reason, wrong", [("法制业务经费增加", True), ("法制业务经费减少", False),
                                           ("部分人员退休，业务量增加", False)])
def test_reason_that_moves_the_item_the_other_way(tmp_path, reason, wrong):
    """'比2025年预算执行数减少3.86%。主要原因是：…经费增加' (a real 预算 item): the reason contradicts the figures."""
    # 3845.49 / 4000.00 − 1 = −3.86 %
    text = _budget("3845.49", "3845.49", "4000.00", "3.86", word="减少").replace("主要原因是：业务量增加", f"主要原因是：{reason}")
    found = [f for f in _serious(_review(tmp_path, text)) if f.rule == "TEXT_CONTRADICTION"]
    assert bool(found) is wrong, [f.message for f in found]


def test_a_share_of_the_total_is_not_taken_from_a_coded_rows_column(tmp_path):
    """'基本支出1,759.08万元，占本年支出合计的71.8%': 本年支出合计 is the total (2,451.09), not the '本年支出合计'
    column of a 科目 row of a table printed earlier (121.87 made it 1443.41%)."""
    text = ("某局2023年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t本年支出合计\n\t基本支出\n\n"
            "\t221\n\t住房保障支出\n\t121.87\n\t121.87\n\n\t2210201\n\t住房公积金\n\t121.87\n\t121.87\n\n"
            "第三部分 2023年度部门决算情况说明\n2023年度一般公共预算财政拨款支出2,451.09万元。其中：基本支出1,759.08万元，"
            "占本年支出合计的71.8%，项目支出692.01万元。\n")
    assert not [f for f in _serious(_review(tmp_path, text)) if f.rule == "RATIO_MISMATCH"]



def test_note_printed_under_the_next_table_s_title_belongs_to_that_table(tmp_path):
    """'公开08表 / 单位：万元 / （本表无数据）' above an empty table speaks of it, not of the filled table before."""
    filled = _SANGONG_BUDGET.format(total="47.91", reception="1.35", car="46.56", running="443.18")
    head, _, _ = filled.partition("注:本部门2024年无“三公”经费")
    text = head + ("政府性基金预算财政拨款收入支出决算表\n公开08表\n单位：万元\n（本表无数据）\n"
                   "\t项目\n\t本年收入\n\t本年支出\n\n\t合计\n\t\n\t\n\n")
    r = _review(tmp_path, text)
    assert not [f for f in _serious(r) if f.rule == "TEXT_CONTRADICTION"], [f.message for f in r.findings]
