"""The rule extractor on real seed sentences and their variations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent.extract import extract_rules
from agent.ingest import load_document
from tests.conftest import SAMPLES_DIR, seed, seed_paths
from tests.helpers import doc_from_text


def facts_of(text: str):
    return extract_rules(doc_from_text(text))


def claims(facts, kind):
    return [c for c in facts.claims if c.kind == kind]


def test_sum_with_qizhong_real_sentence():
    f = facts_of("全年共计支出1862.61万元，其中:基本支出623.09万元，项目支出1239.52万元。\n")
    (c,) = claims(f, "sum")
    assert c.total.value == Decimal("1862.61") and c.total.key == "total.actual"
    assert [p.value for p in c.parts] == [Decimal("623.09"), Decimal("1239.52")]
    assert [p.key for p in c.parts] == ["basic.actual", "project.actual"]


def test_sum_variations_fullwidth_and_thousands_separator():
    f = facts_of("全年共计支出１，８６２．６１万元，其中:基本支出623.09万元，项目支出1,239.52万元。\n")
    (c,) = claims(f, "sum")
    assert c.total.value == Decimal("1862.61")
    assert c.total.span.quote == "１，８６２．６１万元"
    assert c.parts[1].span.quote == "1,239.52万元"


def test_sum_in_yuan_keeps_unit():
    f = facts_of("2023年支出1175500元，其中基本支出1103000元，项目支出72500元。\n")
    (c,) = claims(f, "sum")
    assert c.total.unit == "元" and all(p.unit == "元" for p in c.parts)


def test_nested_qizhong_and_carry_over_excluded():
    f = facts_of("支出483.61其中：项目支出296.99万元，基本支出186.62万元，其中：人员经费175.19万元，公用经费11.43万元。\n"
                 "2023年支出117.55万元，其中基本支出110.30万元，项目支出7.25万元，结余结转10.49万元。\n")
    sums = claims(f, "sum")
    totals = {c.total.value: [p.value for p in c.parts] for c in sums}
    assert totals[Decimal("186.62")] == [Decimal("175.19"), Decimal("11.43")]
    assert totals[Decimal("483.61")] == [Decimal("296.99"), Decimal("186.62")]
    assert totals[Decimal("117.55")] == [Decimal("110.30"), Decimal("7.25")]  # 结余结转 is not spending


def test_parenthetical_breakdown_is_not_a_part():
    f = facts_of("2023财政年初部门预算1610.47万元，其中:基本支出603.56万元（其中：“公务接待”费用支出6.52万元、"
                 "“公务用车和运行维护”费用支出3.2万元），项目支出1006.91万元，均系项目性专项。\n")
    (c,) = claims(f, "sum")
    assert [p.value for p in c.parts] == [Decimal("603.56"), Decimal("1006.91")]
    assert c.total.key == "total.initial_budget"


def test_formula_ratio():
    f = facts_of("项目支出预算控制率=1239.52/1250.75*100%=99.10%\n")
    (c,) = claims(f, "ratio")
    assert (c.numerator.value, c.denominator.value, c.stated.value) == (
        Decimal("1239.52"), Decimal("1250.75"), Decimal("99.10"))
    assert c.explicit_formula and c.numerator.key == "project.actual"


def test_completion_ratio_and_budget_line_with_grade():
    f = facts_of("二是部门评价结果。株洲市电子政务外网安全服务项目全年预算数116.2万元，执行数11.45万元，完成预算的9.85%，"
                 "部门评价得分90.99分，评价等级为“优秀”。\n")
    (c,) = claims(f, "ratio")
    assert (c.numerator.value, c.denominator.value, c.stated.value) == (
        Decimal("11.45"), Decimal("116.2"), Decimal("9.85"))
    (line,) = f.budget_lines
    assert line.grade is not None and line.grade.quote == "优秀"
    assert line.key.startswith("project:") and line.score.value == Decimal("90.99")


def test_share_of_named_total():
    f = facts_of("本部门2024年度政府采购支出总额119.60万元，其中：政府采购货物支出61.90万元、政府采购工程支出0.3万元、"
                 "政府采购服务支出57.40万元。授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%。\n")
    ratio = [c for c in claims(f, "ratio") if c.stated.value == Decimal("97.47")]
    assert ratio and ratio[0].denominator.value == Decimal("119.60")


def test_stem_rate():
    f = facts_of("2023年湘潭市共累计汇集300.69万条好差评数据，其中好评数300.10万条，好评率99.99%，全市差评有效处置率100%。\n")
    (c,) = claims(f, "ratio")
    assert (c.numerator.value, c.denominator.value) == (Decimal("300.10"), Decimal("300.69"))


def test_change_claim():
    f = facts_of("2024年度“三公”经费财政拨款支出预算为5.5万元，支出决算为4.03万元，完成预算的73.27%；"
                 "与上年相比减少6.97万元，降低63.36%。\n")
    (c,) = claims(f, "change")
    assert c.direction == "decrease" and c.current.value == Decimal("4.03")
    assert c.amount.value == Decimal("6.97") and c.rate.value == Decimal("63.36")


def test_direction_claim():
    f = facts_of("8、住房保障支出（类）住房改革支出（款）住房公积金（项）。\n"
                 "年初预算53.14万元，支出决算41.39万元。完成年初预算的77.89%，决算数大于年初预算数的主要原因是：人员减少。\n")
    (c,) = claims(f, "direction")
    assert c.relation == "gt" and c.left.value == Decimal("41.39") and c.right.value == Decimal("53.14")


def test_codes_years_and_document_numbers_are_not_amounts():
    f = facts_of("根据（株石办发〔2019〕25号）文件，2010301行政运行。2023年度共有编制人数3人。\n")
    assert not [x for x in f.all_figures() if x.unit in ("万元", "元")]


def test_project_line_prose():
    f = facts_of("7.年初预算项目“行政审批业务性支出”专项资金208.07万元，年中因机构改革原因执行调减44.11万元至市数据局，"
                 "实际支出163.96万元，结余结转0万元。\n")
    (line,) = f.budget_lines
    assert line.initial_budget.value == Decimal("208.07")
    assert line.adjustment.value == Decimal("44.11") and "调减" in line.adjustment.label
    assert line.actual.value == Decimal("163.96")


def test_score_table_from_seed():
    f = extract_rules(load_document(seed("003")))
    (t,) = f.score_tables
    assert t.total_weight.value == 100 and t.total_score.value == Decimal("99.7")
    groups = {g.name: g.stated_weight.value for g in t.groups}
    assert groups["产出指标"] == 50
    row = next(r for r in t.rows if r.level3.startswith("服务对象"))
    assert row.target_comparator.value == ">" and row.target.value == 185 and row.actual.value == 132


def test_final_tables_from_seed():
    f = extract_rules(load_document(seed("003")))
    sums = [c for c in f.claims if c.kind == "sum" and c.total.key == "total.actual" and c.total.origin == "table"
            and "本年支出合计" in c.label]
    assert sums and sums[0].total.value == Decimal("1489.93") and sums[0].note_rounding
    sangong = [x for x in f.all_figures() if x.key == "sangong.budget" and x.origin == "table"]
    assert sangong and sangong[0].value == Decimal("4.03")


def test_gbk_input_extracts_the_same(tmp_path):
    src = seed("001")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(src.read_text(encoding="utf-8").encode("gb18030"))
    a = extract_rules(load_document(src))
    b = extract_rules(load_document(gbk))
    assert [(x.key, x.value) for x in a.all_figures()] == [(x.key, x.value) for x in b.all_figures()]


def test_docx_table_and_paragraphs_extract(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("全年共计支出1862.61万元，其中:基本支出623.09万元，项目支出1239.52万元。")
    d.add_paragraph("财政拨款“三公”经费支出决算表")
    t = d.add_table(rows=2, cols=12)
    header = ["合计", "因公出国（境）费", "小计", "购置", "运行", "公务接待费"] * 2
    values = ["5.5", "", "3.44", "", "3.44", "0.59", "4.03", "", "3.44", "", "3.44", "0.59"]
    for i in range(12):
        t.cell(0, i).text = header[i]
        t.cell(1, i).text = values[i]
    p = tmp_path / "r.docx"
    d.save(p)
    f = extract_rules(load_document(p))
    assert any(c.kind == "sum" and c.total.value == Decimal("1862.61") for c in f.claims)
    assert any(c.kind == "sum" and c.total.value == Decimal("5.5") and c.total.origin == "table" for c in f.claims)


def _all_paths():
    paths = list(seed_paths())
    paths += sorted(p for p in SAMPLES_DIR.glob("*") if p.suffix in (".txt", ".docx"))
    return paths


@pytest.mark.parametrize("path", _all_paths(), ids=lambda p: p.name)
def test_grounding_invariant_every_figure_is_verbatim(path):
    """Every figure's quote sits verbatim at its offsets and holds the figure's value."""
    from agent.ingest.normalize import normalize

    doc = load_document(path)
    facts = extract_rules(doc)
    figs = facts.all_figures()
    for f in figs:
        assert doc.text[f.span.start:f.span.end] == f.span.quote
        digits = normalize(f.span.quote).text
        assert format(f.value, "f").lstrip("-") in digits, (f.key, f.value, f.span.quote)
    for c in facts.claims:
        assert doc.text[c.span.start:c.span.end] == c.span.quote
    for s in facts.statements:
        assert doc.text[s.span.start:s.span.end] == s.span.quote


def test_yuan_table_is_not_read_as_wan():
    """A 决算 table '单位：元' restating 1489.93万元 as 14,899,300.00元 is consistent, not a conflict."""
    from agent.pipeline import review_document

    text = ("支出决算表\n部门：某局\t\t单位：元\n\t项目\n\t本年支出合计\n\t基本支出\n\t项目支出\n\n"
            "\t合计\n\t14,899,300.00\n\t6,421,700.00\n\t8,477,600.00\n\n"
            "\t2010101\n\t行政运行\n\t6,421,700.00\n\t6,421,700.00\n\t\n\n"
            "\t2010102\n\t一般行政管理事务\n\t8,477,600.00\n\t\n\t8,477,600.00\n\n"
            "三、支出决算情况说明\n2024年度支出合计1489.93万元，其中：基本支出642.17万元，占43.1%；项目支出847.76万元，占56.9%。\n")
    doc = doc_from_text(text)
    facts = extract_rules(doc)
    table_total = next(f for f in facts.all_figures() if f.key == "total.actual" and f.origin == "table")
    assert table_total.unit == "元"
    assert [f.rule for f in review_document(doc).findings if f.severity.value == "error"] == []


def test_item_spending_in_the_same_sentence_keeps_the_item():
    f = facts_of("“三公”经费预算5.00万元，实际支出4.00万元。项目支出预算10.00万元，实际支出9.00万元，执行率90%。\n")
    keys = {x.key: x.value for x in f.all_figures()}
    assert keys["sangong.actual"] == Decimal("4.00")
    assert keys["project.actual"] == Decimal("9.00") and not any(k.startswith("project:") for k in keys)
