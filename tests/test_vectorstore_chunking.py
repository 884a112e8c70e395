"""Chunking invariants on every seed, plus synthetic long sections and long tables."""

from __future__ import annotations

import re

import pytest
from conftest import seed_paths

from agent.ingest import load_document
from agent.schemas import Document
from vectorstore.chunking import MAX_CHARS, TABLE_MAX_CHARS, chunk_document

SEEDS = seed_paths()


def _bounds(doc: Document) -> list[int]:
    return sorted({b for s in doc.iter_sections() for b in (s.start, s.end)})


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_chunk_invariants(path):
    doc = load_document(path)
    chunks = chunk_document(doc)
    assert chunks
    bounds = _bounds(doc)
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text  # offsets slice the text exactly
        assert c.text.strip() == c.text and c.text
        assert not any(c.start < b < c.end for b in bounds), f"{c.id} crosses a section boundary"
        assert c.section == doc.section_path(c.start) == doc.section_path(c.end - 1)
        assert c.doc_id == doc.id and c.path == doc.path and c.kind in ("text", "table")
        assert c.id == f"{doc.sha256[:16]}-{c.start}-{c.end}"
        if c.kind == "text":
            assert len(c.text) <= MAX_CHARS
        if c.section:
            assert c.search_text.startswith(c.section)
    assert len({c.id for c in chunks}) == len(chunks)
    # deterministic
    assert [c.id for c in chunk_document(doc)] == [c.id for c in chunks]


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_tables_whole_with_title(path):
    doc = load_document(path)
    chunks = chunk_document(doc)
    tables = [c for c in chunks if c.kind == "table"]
    for t in doc.tables:
        t_end = len(doc.text[: t.end].rstrip())  # a trailing empty cell is only whitespace
        holders = [c for c in tables if c.start <= t.start and t_end <= c.end]
        assert len(holders) == 1, f"table {t.id} is not in exactly one chunk"
        c = holders[0]
        if t.title:
            assert t.title in c.search_text
            name = re.sub(r"（公开\d+表）$", "", t.title)
            assert name in re.sub(r"\s+", "", c.text), f"title of {t.id} missing from its chunk text"
    for c in tables:
        assert any(c.start <= t.start and t.start < c.end for t in doc.tables)


def test_seed_with_tables_has_table_chunks():
    if not SEEDS:
        pytest.skip("seed reports not found")
    counts = [sum(c.kind == "table" for c in chunk_document(load_document(p))) for p in SEEDS]
    assert max(counts) >= 5


def _doc(tmp_path, text: str) -> Document:
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    return load_document(p)


def test_long_section_splits_at_paragraphs_with_overlap(tmp_path):
    paras = [f"第{i}段，项目支出执行率为{i}.5%，主要原因是进度调整。" + "内容" * 30 for i in range(40)]
    doc = _doc(tmp_path, "一、基本情况\n" + "\n".join(paras) + "\n二、问题\n存在问题。\n")
    chunks = [c for c in chunk_document(doc) if c.section and c.section.startswith("一、")]
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.start < a.end  # small overlap: the last paragraph is repeated
        assert a.end - b.start <= 150
        assert doc.text[b.start - 1] == "\n"  # starts at a paragraph boundary
    assert all("二、问题" not in c.text for c in chunks)


def test_long_table_split_by_rows_with_header_repeated(tmp_path):
    header = "\t项目\n\t预算数\n\t决算数\n\n\t栏次\n\t1\n\t2\n\n"
    rows = "".join(f"\t支出科目{i:03d}\n\t{i}.00\n\t{i}.50\n\n" for i in range(300))
    doc = _doc(tmp_path, "一、决算表\n支出决算明细表\n" + header + rows + "注：单位万元。\n")
    assert doc.tables
    tables = [c for c in chunk_document(doc) if c.kind == "table"]
    assert len(tables) > 1
    assert tables[0].text.startswith("支出决算明细表")
    for c in tables:
        assert "项目 | 预算数 | 决算数" in c.search_text and "栏次" in c.search_text
        assert len(c.text) <= TABLE_MAX_CHARS + 50
    joined = "".join(doc.text[c.start : c.end] for c in tables)
    assert all(f"支出科目{i:03d}" in joined for i in range(300))


def test_pages_come_from_blocks():
    from agent.ingest.sections import build_sections
    from agent.ingest.tables import find_tables
    from agent.schemas import TextBlock

    text = "一、基本情况\n本部门共有编制人数3人。\n二、预算情况\n年初预算106.45万元。\n"
    cut = text.index("二、")
    doc = Document(id="0" * 16, path="x.pdf", format="pdf", sha256="0" * 64, text=text,
                   sections=build_sections(text), tables=find_tables(text),
                   blocks=[TextBlock(start=0, end=cut, locator="page:1", page=1),
                           TextBlock(start=cut, end=len(text), locator="page:2", page=2)])
    chunks = chunk_document(doc)
    assert [c.page for c in chunks] == [1, 2]


@pytest.mark.parametrize("name", ["dept_self_eval_clean.docx", "dept_self_eval_errors.docx"])
def test_docx_samples_keep_invariants(name):
    from conftest import SAMPLES_DIR

    path = SAMPLES_DIR / name
    if not path.exists():
        pytest.skip(f"{path} not built")
    doc = load_document(path)
    chunks = chunk_document(doc)
    assert chunks and all(doc.text[c.start : c.end] == c.text for c in chunks)
    assert sum(c.kind == "table" for c in chunks) == len(doc.tables)
