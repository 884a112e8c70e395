"""The grounding gate: quotes located in the source, values taken from it, inventions dropped."""

from __future__ import annotations

from decimal import Decimal

from llm_support import ERRORS_SAMPLE, SANGONG_INVENTED, SANGONG_OK, fig

from agent.extract.align import Grounder
from agent.extract.llm_build import build_facts_part
from agent.extract.llm_models import FactsOut
from agent.ingest import load_document
from agent.schemas import Document


def _doc(text: str) -> Document:
    return Document(id="t", path="t.txt", format="txt", sha256="0", text=text)


def test_exact_quote_gives_source_offsets_and_value():
    doc = load_document(ERRORS_SAMPLE)
    g = Grounder(doc)
    part = build_facts_part(g, "sangong", FactsOut.model_validate(SANGONG_OK))
    assert not g.warnings
    assert len(part.figures) == 4 and len(part.claims) == 2
    for f in part.figures:
        assert doc.text[f.span.start:f.span.end] == f.span.quote
        assert f.span.quote.startswith(format(f.value, "f"))
    assert part.claims[1].kind == "direction" and part.claims[1].wording.quote == "大于"


def test_invented_number_is_dropped_with_its_claim():
    doc = load_document(ERRORS_SAMPLE)
    g = Grounder(doc)
    part = build_facts_part(g, "sangong", FactsOut.model_validate(SANGONG_INVENTED))
    assert all(f.value != Decimal("1.20") for f in part.figures)
    assert len(part.claims) == 2
    assert any("1.20" in w and "not found" in w for w in g.warnings)
    assert any("dropped sum claim" in w for w in g.warnings)


def test_full_width_and_thousands_quote_is_mapped_back_to_source():
    doc = _doc("全年共计支出１,０２８.４０万元，其中基本支出452.60万元。")
    out = FactsOut.model_validate({"figures": [fig("f1", "total.actual", "1028.40", "全年共计支出1,028.40万元")]})
    g = Grounder(doc)
    part = build_facts_part(g, "budget", out)
    (f,) = part.figures
    assert f.span.quote == "１,０２８.４０万元"
    assert f.value == Decimal("1028.40") and f.unit == "万元"


def test_value_not_in_quote_is_dropped_even_when_computed_correctly():
    doc = _doc("基本支出452.60万元，项目支出575.80万元。")
    # 452.60 + 575.80 = 1028.40 is true, but the report never prints it: a computed number is never used.
    out = FactsOut.model_validate({"figures": [fig("f1", "total.actual", "1028.40", "支出1028.40万元")]})
    g = Grounder(doc)
    assert build_facts_part(g, "budget", out).figures == []
    assert g.warnings


def test_printed_precision_and_unit_come_from_the_source():
    doc = _doc("执行率为98.70%。")
    out = FactsOut.model_validate({"figures": [fig("f1", "total.rate", "98.7", "执行率为98.70%", unit="万元")]})
    # the model wrote "98.7" and 万元; the printed "98.70" and "%" are what the figure keeps
    g = Grounder(doc)
    part = build_facts_part(g, "budget", out)
    (f,) = part.figures
    assert str(f.value) == "98.70" and f.unit == "%"


def test_bare_number_occurring_twice_is_ambiguous():
    doc = _doc("基本支出10万元，项目支出10万元。")
    g = Grounder(doc, prefer=[(0, len(doc.text))])
    assert g.locate("10") is None
    start = doc.text.index("项目支出10万元")
    assert g.locate("项目支出10万元") == (start, start + 8)


def test_table_cell_grounded_through_row_label():
    text = "收入支出决算总表\n\t本年支出合计\n\t1,302.15\n\n\t基本支出\n\t702.15\n"
    doc = load_document_text(text)
    out = FactsOut.model_validate({"figures": [
        fig("f1", "fa.t01.本年支出合计.金额", "1302.15", "1,302.15", row="本年支出合计")]})
    g = Grounder(doc)
    (f,) = build_facts_part(g, "final_accounts", out).figures
    assert f.span.quote == "1,302.15" and f.origin == "table"


def load_document_text(text: str) -> Document:
    from agent.ingest.tables import find_tables

    return Document(id="t", path="t.txt", format="txt", sha256="0", text=text, tables=find_tables(text))


def test_quote_marks_and_spacing_changed_by_the_model_still_ground():
    doc = _doc("全年“三公”经费预算6.80万元，其中：公务接待费3.70万元。")
    out = FactsOut.model_validate({"figures": [fig("f1", "sangong.budget", "6.80", '全年"三公" 经费预算6.80万元')]})
    g = Grounder(doc)
    (f,) = build_facts_part(g, "sangong", out).figures
    assert f.span.quote == "6.80万元" and doc.text[f.span.start:f.span.end] == "6.80万元"


def test_full_width_percent_is_read_as_percent():
    doc = _doc("预算执行率为９９．４９％。")
    out = FactsOut.model_validate({"figures": [fig("f1", "total.rate", "99.49", "预算执行率为99.49%", unit="")]})
    (f,) = build_facts_part(Grounder(doc), "budget", out).figures
    assert f.unit == "%" and f.span.quote == "９９．４９％" and str(f.value) == "99.49"
