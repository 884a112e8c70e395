"""Prompt files: well-formed, versioned, and every few-shot example passes the same gate as a reply."""

from __future__ import annotations

import pytest
from llm_support import ROOT

from agent.extract import llm_models
from agent.extract.align import Grounder
from agent.extract.llm_build import build_facts_part, build_score_table
from agent.extract.prompts import GROUPS, load_prompt, system_message
from agent.ingest import load_document
from agent.ingest.tables import find_tables
from agent.schemas import Comparator, Document


def _doc(text: str) -> Document:
    return Document(id="t", path="t.txt", format="txt", sha256="0", text=text, tables=find_tables(text))


@pytest.mark.parametrize("group", GROUPS)
def test_example_replies_validate_and_ground(group):
    prompt = load_prompt(group)
    assert prompt.id == f"extraction.{group}" and prompt.version >= 1 and prompt.examples
    model = getattr(llm_models, prompt.response_model)
    for ex in prompt.examples:
        out = model.model_validate(ex["output"])
        g = Grounder(_doc(ex["input"]))
        part = build_score_table(g, out) if group == "score_table" else build_facts_part(g, group, out)
        assert not g.warnings, g.warnings
        assert part.figures


def test_sample_sourced_examples_are_verbatim_in_the_samples():
    samples = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "samples").glob("*.txt"))
    for group in ("budget", "sangong", "final_accounts", "reasons"):
        for ex in load_prompt(group).examples:
            assert ex["input"] in samples, group


def test_system_message_holds_rules_group_and_examples():
    common, prompt = load_prompt("common"), load_prompt("reasons")
    msg = system_message(common, prompt)
    assert msg.startswith(common.template) and prompt.template in msg and "Example <report>" in msg


SCORE_TABLE = """项目支出绩效自评表
\t一级指标
\t二级指标
\t三级指标
\t分值
\t年度指标值
\t实际完成值
\t得分

\t产出指标
\t数量指标
\t培训人次
\t10
\t≥300人次
\t320人次
\t10

\t效益指标
\t满意度指标
\t群众满意度
\t20
\t≥95%
\t93%
\t18

\t合计
\t
\t
\t30
\t
\t
\t28
"""


def test_score_table_rows_are_grounded_cell_by_cell():
    doc = _doc(SCORE_TABLE)
    out = llm_models.ScoreTableOut.model_validate({
        "rows": [
            {"level1": "产出指标", "level2": "数量指标", "level3": "培训人次", "weight": "10", "score": "10",
             "target": "≥300人次", "actual": "320人次"},
            {"level1": "效益指标", "level3": "群众满意度", "weight": "20", "score": "18",
             "target": "≥95%", "actual": "93%"},
            {"level3": "办结时限", "weight": "10", "score": "10"},  # not in the table: dropped
        ],
        "total_weight": "30", "total_score": "28"})
    g = Grounder(doc)
    part = build_score_table(g, out)
    (table,) = part.score_tables
    assert [r.level3 for r in table.rows] == ["培训人次", "群众满意度"]
    first, second = table.rows
    assert first.weight.span.start < first.score.span.start  # 分值 and 得分 are different cells
    assert first.target_comparator == Comparator.GE and str(first.target.value) == "300"
    assert str(second.actual.value) == "93" and second.actual.unit == "%"
    assert str(table.total_weight.value) == "30" and str(table.total_score.value) == "28"
    assert any("办结时限" in w for w in g.warnings)
    for f in part.figures:
        assert doc.text[f.span.start:f.span.end] == f.span.quote


def test_sample_reports_load():
    assert load_document(ROOT / "samples" / "final_accounts_clean.txt").tables
