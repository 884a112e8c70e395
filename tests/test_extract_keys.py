"""Canonical keys the rule extractor gives figures whose measure the sentence leaves implicit."""

from __future__ import annotations

from pathlib import Path

from agent.extract import extract_rules
from agent.ingest import load_document


def _keys(tmp_path: Path, text: str) -> dict[str, str]:
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    return {format(f.value, "f"): f.key for f in extract_rules(load_document(p)).all_figures()}


def test_a_project_added_during_the_year_has_its_amount_as_full_budget(tmp_path):
    keys = _keys(tmp_path, "2024年度某局部门整体支出绩效自评报告\n三、项目情况\n"
                           "8.年中追加项目“信创适配改造项目”金额35.79万元，实际支出30.11万元，结余结转0万元。\n")
    assert keys["35.79"] == "project:信创适配改造.full_budget" and keys["30.11"] == "project:信创适配改造.actual"


_TABLE = ("2024年度部门整体支出绩效自评表\n\t年度预\n算申请\n（万元）\n\t\n\t年初\n预算数\n\t全年\n预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
          "\t\n\t年度资金总额\n\t1755.88\n\t1535.92\n\t1489.93\n\t10\n\t97.01%\n\t9.7\n\n"
          "\t\n\t按收入性质分：\n\t按支出性质分：\n\n"
          "\t\n\t其中：  一般公共预算：1535.92\n\t其中：基本支出：{basic}\n\n"
          "\t\n\t政府性基金拨款：0\n\t项目支出：847.76\n\n")


def test_the_split_by_nature_takes_the_measure_it_adds_up_to(tmp_path):
    keys = _keys(tmp_path, _TABLE.format(basic="642.17"))  # 642.17 + 847.76 = 1489.93, the 全年执行数
    assert keys["642.17"] == "basic.actual" and keys["847.76"] == "project.actual"
    keys = _keys(tmp_path, _TABLE.format(basic="652.17"))  # adds up to no column: left unkeyed
    assert keys["652.17"].startswith("misc:") and keys["847.76"].startswith("misc:")


def test_a_split_by_nature_after_the_spending_is_spending(tmp_path):
    """'全年实际支出1038.32万元。按支出性质划分，基本支出629.37万元…；项目支出408.95万元': the spending's split."""
    keys = _keys(tmp_path, "某县农业农村局2024年度部门整体支出绩效自评报告\n二、部门整体支出管理及使用情况\n"
                           "（二）支出执行。全年实际支出1038.32万元。按支出性质划分，基本支出629.37万元，其中人员经费571.06万元、"
                           "公用经费58.31万元；项目支出408.95万元，主要用于动物强制免疫。\n")
    assert keys["408.95"] == "project.actual"
