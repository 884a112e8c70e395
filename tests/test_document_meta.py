"""What a report is and which year it is about, from its title block — in any digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.extract.rules.meta import document_kinds, fiscal_year
from agent.ingest import load_document
from agent.schemas import DocumentKind
from tests.helpers import review_text


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
