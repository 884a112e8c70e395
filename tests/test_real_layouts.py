"""决算 tables in the layouts of real published PDFs and Word files: no false finding on a
consistent table, the right finding on a broken one, and nothing ever built on a code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent.ingest import load_document
from agent.pipeline import review_document
from tests.national_layouts import (
    FONT,
    Cell,
    basic_table_cells,
    draw,
    new_pdf,
    subject_rows,
    subject_table_cells,
    title,
)

pytestmark = pytest.mark.skipif(not FONT.exists(), reason=f"CJK font {FONT} missing (apt-get install fonts-wqy-zenhei)")

_CODE = re.compile(r"^\d{2,7}$")


def _serious(result):
    return [f for f in result.findings if f.severity.value in ("error", "warning")]


def _no_code_evidence(result) -> None:
    """No finding quotes a 科目编码 or any other bare integer code as a figure."""
    for f in result.findings:
        for e in f.evidence:
            assert not _CODE.match(e.quote.strip()), (f.rule, f.message, e.quote)


def _subject_pdf(path: Path, broken: str | None = None, **draw_opts) -> Path:
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(20, 15, "上海市某区某局2024年度部门决算")
    y = title(pdf, 25, "支出决算表")
    widths, cells = subject_table_cells(subject_rows(broken), split_codes=draw_opts.pop("split_codes", True))
    draw(pdf, 20, y, widths, cells, **draw_opts)
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.mark.parametrize("rulings", [False, True], ids=["cell-rectangles", "thin-rulings"])
def test_split_codes_under_merged_header_consistent(tmp_path, rulings):
    result = review_document(load_document(_subject_pdf(tmp_path / "ok.pdf", rulings=rulings)))
    assert _serious(result) == [], [f.message for f in result.findings]
    assert result.coverage.held >= 20  # rows, 类 = Σ款, 款 = Σ项, 合计 = Σ类 per column
    _no_code_evidence(result)


def test_split_codes_are_joined_into_one_code(tmp_path):
    doc = load_document(_subject_pdf(tmp_path / "ok.pdf"))
    from agent.extract.national.layout import layout

    lay = layout(doc.tables[0])
    codes = [r.code for g in lay.groups for r in g.rows if r.code]
    assert "2010601" in codes and "20106" in codes and "201" in codes
    assert [c.type.value for c in lay.columns[:4]] == ["id", "id", "id", "name"]


def test_broken_row_total_is_found_with_its_row(tmp_path):
    result = review_document(load_document(_subject_pdf(tmp_path / "bad.pdf", broken="row")))
    serious = _serious(result)
    assert serious and all(f.rule == "SUM_MISMATCH" for f in serious)
    assert any("2010601" in f.message and "行政运行" in f.message and "1521.89" in f.message for f in serious)
    _no_code_evidence(result)


def test_broken_class_total_is_found(tmp_path):
    result = review_document(load_document(_subject_pdf(tmp_path / "bad.pdf", broken="class")))
    serious = _serious(result)
    assert any("208" in f.message and "社会保障和就业支出" in f.message for f in serious)
    _no_code_evidence(result)


def test_whole_codes_in_one_merged_cell(tmp_path):
    result = review_document(load_document(_subject_pdf(tmp_path / "ok.pdf", split_codes=False)))
    assert _serious(result) == []
    _no_code_evidence(result)


def test_numbers_on_a_shifted_baseline_stay_in_their_cells(tmp_path):
    doc = load_document(_subject_pdf(tmp_path / "shift.pdf", shift_numbers=1.6))
    grid = doc.tables[0].grid()
    row = next(r for r in grid if r[3] is not None and r[3].text == "行政运行")
    assert [c.text for c in row[4:7]] == ["1511.89", "1503.52", "8.37"]
    assert _serious(review_document(doc)) == []


def _basic_pdf(path: Path, broken: bool) -> Path:
    pdf = new_pdf()
    pdf.add_page()
    y = title(pdf, 20, "一般公共预算财政拨款基本支出决算表")
    widths, cells = basic_table_cells(broken)
    draw(pdf, 20, y, widths, cells, rulings=True)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_two_column_basic_table_consistent(tmp_path):
    result = review_document(load_document(_basic_pdf(tmp_path / "ok.pdf", broken=False)))
    assert _serious(result) == [], [f.message for f in result.findings]
    _no_code_evidence(result)
    labels = [i.label for i in result.coverage.items]
    assert any("人员经费合计" in x for x in labels) and any("公用经费合计" in x for x in labels)


def test_two_column_basic_table_broken(tmp_path):
    result = review_document(load_document(_basic_pdf(tmp_path / "bad.pdf", broken=True)))
    serious = _serious(result)
    assert len(serious) == 1 and "人员经费合计" in serious[0].message and "1568.74" in serious[0].message
    _no_code_evidence(result)


def _paged_pdf(path: Path, broken: str | None) -> Path:
    """The table's first rows on page 1, the rest on page 2 (no title, same columns)."""
    rows = subject_rows(broken)
    widths, cells = subject_table_cells(rows)
    split = 2 + 5  # header rows + 合计 + the 201 类 with its 款 and two 项
    pdf = new_pdf()
    pdf.add_page()
    y = title(pdf, 20, "支出决算表")
    draw(pdf, 20, y, widths, [c for c in cells if c.row < split])
    pdf.add_page()
    rest = [Cell(c.row - split, c.col, c.text, c.rowspan, c.colspan) for c in cells if c.row >= split]
    draw(pdf, 20, 20, widths, rest)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_table_broken_over_a_page_consistent(tmp_path):
    doc = load_document(_paged_pdf(tmp_path / "ok.pdf", None))
    assert len(doc.tables) == 2 and doc.tables[1].continued_from == doc.tables[0].id
    result = review_document(doc)
    assert _serious(result) == [], [f.message for f in result.findings]
    assert any("合计" in i.label and i.status.value == "held" for i in result.coverage.items)


def test_table_broken_over_a_page_broken(tmp_path):
    result = review_document(load_document(_paged_pdf(tmp_path / "bad.pdf", "class")))
    assert any("社会保障和就业支出" in f.message for f in _serious(result))


def _docx(path: Path, broken: str | None) -> Path:
    """The same 支出决算表 in Word: '科目编码' merged over 类/款/项 with gridSpan."""
    import docx

    d = docx.Document()
    d.add_paragraph("支出决算表")
    d.add_paragraph("单位：万元")
    rows = subject_rows(broken)
    t = d.add_table(rows=2 + len(rows), cols=7)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "科目编码"
    for j, h in zip(range(3, 7), ["科目名称", "本年支出合计", "基本支出", "项目支出"], strict=True):
        t.cell(0, j).merge(t.cell(1, j)).text = h
    for j, h in enumerate(["类", "款", "项"]):
        t.cell(1, j).text = h
    for i, r in enumerate(rows, start=2):
        if r[0] == "合计":
            t.cell(i, 0).merge(t.cell(i, 3)).text = "合计"
        else:
            for j in range(4):
                t.cell(i, j).text = r[j]
        for j in range(4, 7):
            t.cell(i, j).text = r[j]
    d.save(path)
    return path


def test_docx_merged_header_consistent(tmp_path):
    doc = load_document(_docx(tmp_path / "ok.docx", None))
    assert doc.tables[0].n_cols == 7
    result = review_document(doc)
    assert _serious(result) == [], [f.message for f in result.findings]
    assert result.coverage.held >= 20
    _no_code_evidence(result)


def test_docx_merged_header_broken(tmp_path):
    result = review_document(load_document(_docx(tmp_path / "bad.docx", "row")))
    assert any("行政运行" in f.message and "1521.89" in f.message for f in _serious(result))
    _no_code_evidence(result)


@pytest.mark.parametrize("marker", ["（续表）支出决算表", "公开03表（续）"])
def test_a_table_continued_under_a_xubiao_title_is_one_table(tmp_path, marker):
    """'（续表）支出决算表' (or '公开03表（续）') over a repeated header on the next page continues the table:
    its 类 are summed with all their 项, not only those of the first page."""
    rows = subject_rows()
    cut = len(rows) // 2 + 1
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(20, 15, "某局2024年度部门决算")
    y = title(pdf, 25, "支出决算表")
    widths, cells = subject_table_cells(rows[:cut])
    draw(pdf, 20, y, widths, cells)
    pdf.add_page()
    y = title(pdf, 15, marker)
    widths, cells = subject_table_cells(rows[cut:])
    draw(pdf, 20, y, widths, cells)
    path = tmp_path / "continued.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    assert [t.continued_from for t in doc.tables][1:] == [doc.tables[0].id]
    result = review_document(doc)
    assert _serious(result) == [], [f.message for f in result.findings]


def test_an_amount_carried_to_the_next_line_is_joined_to_its_label(tmp_path):
    """A PDF paragraph wrapped before an amount ('…其中：基本支出' / '498.80万元，项目支出…'): the amount keeps its
    label, so the 说明's 基本支出 is compared with the table's."""
    pdf = new_pdf()
    pdf.add_page()
    lines = ["二、一般公共预算财政拨款支出决算情况说明。本部门认真贯彻落实过紧日子要求，严控一般性支出，保障重点项目资金需求，",
             "2024年度一般公共预算财政拨款支出1239.93万元，全部用于林业草原保护与发展，其中：基本支出",
             "498.80万元，项目支出741.13万元，项目支出主要用于森林生态效益补偿、林业有害生物防治和森林防火等方面。",
             "以上支出均按照国库集中支付制度执行，未发生超预算、无预算支出的情况，资金使用总体规范有效，符合预算管理要求。",
             "下一步，我局将继续加强预算执行管理，提高财政资金使用效益，确保各项林业重点工作顺利推进，全面完成年度目标。",
             "附：本部门2024年度无政府性基金预算财政拨款支出，也无国有资本经营预算财政拨款支出，相关报表以空表列示。"]
    y = 20
    for ln in lines:
        pdf.text(15, y, ln)
        y += 6
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(bytes(pdf.output()))
    text = load_document(path).text
    assert "其中：基本支出498.80万元" in text, text[:300]
    assert "项目支出741.13万元，项目支出主要用于" in text


def test_a_blank_under_a_column_label_does_not_take_the_label_to_its_left():
    """公开03表 with three header rows — '项目 | | | | 本年支出合计 | 基本支出 | 项目支出' over '科目编码 | | | 科目名称 | | | '
    over '类 | 款 | 项 | …' (learning17): the 基本支出 column is 基本支出, not a second 科目名称."""
    from agent.pipeline import extract
    from tests.helpers import doc_from_text, word_table

    table = word_table([["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
                        ["科目编码", "", "", "科目名称", "", "", ""], ["类", "款", "项", "", "", "", ""],
                        ["", "", "", "合计", "6,060,177.94", "4,094,007.54", "1,966,170.40"],
                        ["207", "", "", "文化旅游体育与传媒支出", "6,060,177.94", "4,094,007.54", "1,966,170.40"]])
    text = f"某局2024年度部门决算\n支出决算表\n公开03表\n编制单位：某局        单位：元\n{table}\n"
    facts = extract(doc_from_text(text))
    assert any(f.key == "basic.actual" and str(f.value) == "4094007.54" for f in facts.figures), \
        [(f.key, f.value) for f in facts.figures]


@pytest.mark.parametrize("closing", [True, False])
def test_basic_spending_subtotals_over_the_items_they_head_or_close(closing):
    """A 基本支出表 with items but no 301/302 class rows (learning17: '公用经费合计 291.83' under items making 281.83;
    learning4: a bare '公用经费' heading its items): each subtotal is the sum of its own items."""
    from tests.helpers import review_text, word_table

    personnel = [["30101", "基本工资", "486.30"], ["30102", "津贴补贴", "512.84"]]
    public = [["30201", "办公费", "48.20"], ["30211", "差旅费", "18.26"]]
    if closing:
        rows = [*personnel, ["", "人员经费合计", "999.14"], *public, ["", "公用经费合计", "76.46"]]
    else:
        rows = [["", "人员经费", "999.14"], *personnel, ["", "公用经费", "76.46"], *public]
    table = word_table([["经济分类科目编码", "经济分类科目名称", "决算数"], *rows])
    text = f"某局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n公开06表    单位：万元\n{table}\n"
    got = [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]
    assert len(got) == 1 and "76.46" in got[0].message and "66.46" in got[0].message, [f.message for f in got]


def test_one_row_off_in_two_columns_is_one_finding():
    """公开03表 '20801 | 11,798,836.45 | 6,214,530.18 | 5,584,306.27' whose 项 rows make 100,000.00 less in both the 合计 and
    the 项目支出 column (learning17): one wrong row — one SUM_MISMATCH naming both columns (and its 类 row)."""
    from tests.helpers import review_text, word_table

    table = word_table([
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
        ["208", "社会保障和就业支出", "8,076,836.45", "6,214,530.18", "1,862,306.27"],
        ["20801", "人力资源和社会保障管理事务", "8,176,836.45", "6,214,530.18", "1,962,306.27"],
        ["2080101", "行政运行", "6,214,530.18", "6,214,530.18", "0.00"],
        ["2080109", "社会保险经办机构", "1,862,306.27", "0.00", "1,862,306.27"],
    ])
    text = f"某局2024年度部门决算\n支出决算表\n公开03表　单位：元\n{table}\n"
    got = [f for f in review_text(text).findings if f.rule == "SUM_MISMATCH"]
    assert len(got) == 1 and "8176836.45" in got[0].message and "1962306.27" in got[0].message, [f.message for f in got]


def test_a_national_table_under_a_longer_title_is_present():
    """'上海市规划和自然资源局2024年度部门决算表收入支出决算总表' is the 收入支出决算总表 the 目录 lists (no MISSING_ITEM);
    a 财政拨款收入支出决算总表 is not it."""
    from agent.extract.national.identities import _present

    assert _present("收入支出决算总表", {"上海市规划和自然资源局2024年度部门决算表收入支出决算总表"})
    assert not _present("收入支出决算总表", {"财政拨款收入支出决算总表"})
    assert _present("收入支出决算总表", {"收入支出决算总表"})


def test_the_shared_real_pdfs_miss_no_listed_table():
    from pathlib import Path

    import pytest

    from agent.ingest import load_document
    from agent.pipeline import review_document

    real = Path(__file__).resolve().parents[2] / "shared" / "real"
    pdfs = sorted(real.glob("p0*.pdf"))
    if not pdfs:
        pytest.skip(f"no real PDFs in {real} (CI always has them)")
    for p in pdfs:
        assert not [f for f in review_document(load_document(p)).findings if f.rule == "MISSING_ITEM"], p.name
