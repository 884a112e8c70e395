"""Key-value forms (the 项目资金 block of a 项目支出绩效目标填报表): a total and its '其中' sources add up."""

from __future__ import annotations

import pytest
from docx import Document as Docx

from agent.ingest import load_document
from agent.pipeline import review_document


def _form(path, current: str) -> None:
    doc = Docx()
    doc.add_paragraph("财政项目支出绩效目标填报表（2023年度）")
    rows = [("项目资金（元）", "项目资金总额", "10,903,043.00", "年度资金申请总额", "10,903,043.00"),
            ("项目资金（元）", "其中：财政资金", "10,903,043.00", "其中：当年财政拨款", current),
            ("项目资金（元）", "其中：财政资金", "10,903,043.00", "上年结转资金", "0.00"),
            ("项目资金（元）", "其他资金", "0.00", "其他资金", "0.00")]
    table = doc.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.cell(r, c).text = v
    table.cell(0, 0).merge(table.cell(3, 0))  # the row header spans the block
    table.cell(1, 1).merge(table.cell(2, 1))  # 其中：财政资金 spans two rows
    table.cell(1, 2).merge(table.cell(2, 2))
    for r in range(4):
        table.cell(r, 0).text = "项目资金（元）" if r == 0 else table.cell(r, 0).text
    doc.save(path)


@pytest.mark.parametrize(("current", "wrong"), [("10,903,043.00", False), ("11,419,043.00", True)])
def test_a_forms_total_and_its_sources(tmp_path, current, wrong):
    path = tmp_path / "form.docx"
    _form(path, current)
    result = review_document(load_document(path))
    sums = [f for f in result.findings if f.rule == "SUM_MISMATCH"]
    assert bool(sums) is wrong, [f.message for f in result.findings]
    if wrong:
        assert "10903043.00" in sums[0].message and "11419043.00" in sums[0].message
