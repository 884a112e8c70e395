"""The .docx loader: document order, tables in the export convention, the run map, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES_DIR

from agent.errors import CorruptDocumentError
from agent.ingest import load_document
from agent.ingest.docx import RUN_XPATH, load_docx, locate, resolve_locator

ROWS = [["项目", "年初预算", "执行数"], ["基本支出", "512.36", "558.12"], ["项目支出", "724.44", "820.16"]]


def _build(path: Path) -> docx.document.Document:
    d = docx.Document()
    d.add_paragraph("2024年度部门整体支出绩效自评报告")
    d.add_paragraph("一、预算情况")
    p = d.add_paragraph("全年支出")
    p.add_run("1,378.28").bold = True
    p.add_run("万元，执行率99.49%。")
    d.add_paragraph("2024年度部门预算执行情况汇总表")
    table = d.add_table(rows=len(ROWS), cols=3)
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph("二、绩效情况")
    d.add_paragraph("")
    d.add_paragraph("年末结转结余32.42万元。")
    d.save(str(path))
    return d


@pytest.fixture
def built(tmp_path: Path) -> Path:
    path = tmp_path / "built.docx"
    _build(path)
    return path


def test_built_docx_keeps_table_in_place_and_rows_intact(built: Path) -> None:
    source = docx.Document(str(built))
    assert [[c.text for c in r.cells] for r in source.tables[0].rows] == ROWS
    doc = load_document(built)
    assert doc.format == "docx"
    text = doc.text
    assert text.index("汇总表") < text.index("\t项目") < text.index("二、绩效情况")
    assert "\t基本支出\n\t512.36\n\t558.12\n\n\t项目支出" in text
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [[c.text for c in r] for r in table.rows] == ROWS
    assert table.title == "2024年度部门预算执行情况汇总表"
    titles = [s.title for s in doc.iter_sections()]
    assert "一、预算情况" in titles and "二、绩效情况" in titles


def test_blocks_map_every_paragraph_and_run(built: Path) -> None:
    data = built.read_bytes()
    loaded = load_docx(data, str(built))
    source = docx.Document(io.BytesIO(data))
    for block in loaded.blocks:
        el = resolve_locator(source, block.locator)
        runs = el.xpath(RUN_XPATH)
        assert len(runs) == len(block.run_starts)
        assert loaded.text[block.start:block.end] == "".join(r.text for r in runs)
        for run, start in zip(runs, block.run_starts, strict=True):
            assert loaded.text[start:start + len(run.text)] == run.text
    locators = [b.locator for b in loaded.blocks]
    assert locators[:3] == ["p:0", "p:1", "p:2"]
    assert "t:0/r:2/c:1/p:0" in locators
    # body paragraph indexes agree with python-docx's Document.paragraphs
    for b in loaded.blocks:
        if b.locator.startswith("p:"):
            assert source.paragraphs[int(b.locator[2:])].text == loaded.text[b.start:b.end]


def test_locate_maps_a_quote_back_to_runs(built: Path) -> None:
    loaded = load_docx(built.read_bytes(), str(built))
    i = loaded.text.index("1,378.28")
    spans = locate(loaded.blocks, i, i + len("1,378.28"))
    assert [(s.block.locator, s.run, s.start, s.end) for s in spans] == [("p:2", 1, 0, 8)]
    j = loaded.text.index("支出1,378")  # crosses from run 0 into run 1
    spans = locate(loaded.blocks, j, j + 5)
    assert [(s.run, s.start, s.end) for s in spans] == [(0, 2, 4), (1, 0, 3)]
    k = loaded.text.index("724.44")
    (cell,) = locate(loaded.blocks, k, k + 6)
    assert cell.block.locator == "t:0/r:2/c:1/p:0" and (cell.run, cell.start, cell.end) == (0, 0, 6)
    a, b = loaded.text.index("一、预算情况"), loaded.text.index("万元，执行率")
    assert {s.block.locator for s in locate(loaded.blocks, a, b)} == {"p:1", "p:2"}
    (point,) = locate(loaded.blocks, i + 3, i + 3)
    assert (point.run, point.start) == (1, 3)


def test_merged_cells_are_emitted_once(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text = "收入"
    t.cell(0, 2).text = "支出"
    t.cell(0, 0).merge(t.cell(0, 1))
    for c, text in enumerate(["项目", "金额", "合计"]):
        t.cell(1, c).text = text
    path = tmp_path / "merged.docx"
    d.save(str(path))
    loaded = load_docx(path.read_bytes(), str(path))
    assert loaded.text.startswith("\t收入\n\t支出\n\n\t项目\n\t金额\n\t合计\n")
    assert loaded.text.count("收入") == 1


def test_vertically_merged_cell_keeps_columns_aligned(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "科目"
    t.cell(0, 1).text = "100.00"
    t.cell(1, 1).text = "200.00"
    t.cell(0, 0).merge(t.cell(1, 0))
    path = tmp_path / "vmerge.docx"
    d.save(str(path))
    loaded = load_docx(path.read_bytes(), str(path))
    assert loaded.text == "\t科目\n\t100.00\n\n\t\n\t200.00\n"


def test_cell_with_several_paragraphs_and_empty_cells(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    t.cell(0, 0).text = "第一段"
    t.cell(0, 0).add_paragraph("")
    t.cell(0, 0).add_paragraph("第二段\t含制表符")
    path = tmp_path / "cells.docx"
    d.save(str(path))
    loaded = load_docx(path.read_bytes(), str(path))
    assert loaded.text == "\t第一段\n第二段 含制表符\n\t\n\t\n"
    doc = load_document(path)
    assert [c.text for c in doc.tables[0].rows[0]] == ["第一段\n第二段 含制表符", "", ""]


@pytest.mark.parametrize("name", ["dept_self_eval_clean", "dept_self_eval_errors"])
def test_sample_docx_loads_to_its_txt(name: str) -> None:
    docx_path = SAMPLES_DIR / f"{name}.docx"
    if not docx_path.exists():
        pytest.skip("sample .docx not generated (scripts/make_sample_docx.py)")
    assert load_document(docx_path).text == (SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8")


def test_seed_text_through_docx_round_trips(tmp_path: Path) -> None:
    """A seed rebuilt as a .docx (tables as Word tables) loads back to the seed's own text."""
    import importlib.util

    from conftest import ROOT, seed

    spec = importlib.util.spec_from_file_location("make_sample_docx", ROOT / "scripts" / "make_sample_docx.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = seed("003").read_text(encoding="utf-8")
    # the generator writes each line as one paragraph; table rows keep their cell count
    path = tmp_path / "seed003.docx"
    module.build(text).save(str(path))
    doc = load_document(path)
    original = load_document(seed("003"))
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [[c.text for c in r] for r in original.tables[0].rows]
    assert [s.title for s in doc.iter_sections()] == [s.title for s in original.iter_sections()]


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 truncated", b"just some text, not a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64],
    ids=["empty", "zip-header-only", "text", "ole"],
)
def test_bad_docx_bytes_raise_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptDocumentError, match="not a valid .docx"):
        load_docx(data, "bad.docx")


def test_truncated_docx_raises_corrupt(built: Path) -> None:
    data = built.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 100):
        with pytest.raises(CorruptDocumentError, match=r"not a valid \.docx \(damaged or truncated zip\)"):
            load_docx(data[:cut], "cut.docx")


def test_zip_without_word_document_raises_corrupt(tmp_path: Path) -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocumentError):
        load_docx(buf.getvalue(), "x.docx")


def test_hyperlink_and_inserted_runs_are_loaded_and_deleted_text_is_not(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    p = d.add_paragraph("详见")
    p._p.append(parse_xml(f'<w:hyperlink {w}><w:r><w:t>附件1</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>旧文字</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>，共3页。</w:t></w:r></w:ins>'))
    path = tmp_path / "links.docx"
    d.save(str(path))
    loaded = load_docx(path.read_bytes(), str(path))
    assert loaded.text == "详见附件1，共3页。"
    assert loaded.blocks[0].run_starts == [0, 2, 5]
    i = loaded.text.index("附件1")
    (span,) = locate(loaded.blocks, i, i + 3)
    assert (span.run, span.start, span.end) == (1, 0, 3)
