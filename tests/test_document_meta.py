"""What a report is and which year it is about, from its title block — in any digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.extract.rules.meta import document_kinds, fiscal_year
from agent.ingest import load_document
from agent.schemas import DocumentKind
from tests.helpers import doc_from_text, review_text


def _doc(tmp_path: Path, text: str):
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    return load_document(p)


@pytest.mark.parametrize("title, kind", [
    ("２０２４年度农村生活污水治理项目绩效自评报告", DocumentKind.PROJECT_SELF_EVAL),
    ("2024年度农村公路养护项目支出绩效自评报告", DocumentKind.PROJECT_SELF_EVAL),
    ("海澄区生态环境局2024年度预算执行情况及绩效自评报告", DocumentKind.DEPT_SELF_EVAL),
    ("某局2024年度部门整体支出绩效自评报告", DocumentKind.DEPT_SELF_EVAL),
])
def test_kind_and_year_from_the_title(tmp_path, title, kind):
    body = "一、基本情况\n本部门另组织了3个项目支出绩效自评，详见附件。\n"  # a 项目 evaluation named in the body
    doc = _doc(tmp_path, f"某单位\n{title}\n\n{body}")
    assert document_kinds(doc) == [kind]
    assert fiscal_year(doc) == 2024


def test_a_project_reports_whole_year_spending_is_the_projects():
    """'全年实际支出1026.48万元' in a 项目 report is the project's spending: over its 全年预算 990.00 (stated 100%)."""
    text = ("２０２４年度农村生活污水治理项目绩效自评报告\n二、项目资金情况\n"
            "（一）预算安排。项目年初预算８６０．００万元，年中调增１３０．００万元，调整后全年预算９９０．００万元。\n"
            "（二）资金支出。全年实际支出１０２６．４８万元，预算执行率１００％。\n")
    rules = {f.rule for f in review_text(text).findings if f.severity.value != "info"}
    assert rules == {"OVER_BUDGET"}, rules


def test_a_budget_explanation_published_without_its_title_is_a_budget():
    """r32 (a 单位预算 说明 page cut from its document): '1. 基本支出预算 881300.39 元…2023 年单位预算全口径安排…' — a budget,
    whose '基本支出' of part 六 is a budget too: no OVER_BUDGET against part 五."""
    text = ("(二)按支出结构分类划分,分为基本支出预算和项目支出预算。\n1. 基本支出预算 881300.39 元,占一般公共预算支出的96.74%。其中:\n"
            "工资福利支出预算 716052.51 元,占基本支出预算81.25%。\n商品和服务支出预算 165247.88 元,占基本支出预算18.75%。\n"
            "2. 项目支出 29700 元,占一般公共预算支出的 3.26%。\n六、一般公共预算基本支出情况说明\n2023 年本年一般公共预算基本支出 "
            "911000.39 元,其中:\n人员经费 809961.19 元,主要包括:基本工资、津贴补贴。\n公用经费 71339.2 元,主要包括:办公费。\n"
            "七、一般公共预算“三公”经费情况说明\n2023 年单位预算全口径安排“三公”经费支出预算 0元,同比无变化。\n")
    assert document_kinds(doc_from_text(text)) == [DocumentKind.BUDGET]
    assert not [f for f in review_text(text).findings if f.rule == "OVER_BUDGET"]


def test_a_budget_execution_report_keeps_its_overspend():
    """'…2024年度部门预算执行情况' (blind1): an execution report — its 三公 overspend is still reported."""
    text = ("某局2024年度部门预算执行情况\n一、总体情况\n2024年，我局调整后预算7,140.70万元，实际支出7,010.57万元。\n三、“三公”经费\n"
            "2024年“三公”经费预算26.00万元，实际支出27.84万元。\n")
    assert [f for f in review_text(text).findings if f.rule == "OVER_BUDGET"]


def test_a_title_broken_over_two_lines_gives_the_year():
    """'某管委会2024年' / '一般公共预算“三公”经费预算' (r22), with more '2023年' comparisons below: the year is 2024."""
    text = ("某管委会2024年\n一般公共预算“三公”经费预算\n二、情况说明\n2024年“三公”经费预算为328.7万元,比2023年预算减少17.3万元。因公出国(境)费"
            "与2023年预算持平。公务接待费比2023年预算减少。公务用车比2023年预算减少。\n")
    assert fiscal_year(doc_from_text(text)) == 2024
