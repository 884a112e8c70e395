"""Plain-text ingestion over the real seed reports: encodings, sections, tables, a 3 MB report."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import seed, seed_paths

from agent.ingest import load_document

ENCODINGS = ["gb18030", "utf-8-sig", "utf-16", "utf-16-le"]


def test_each_seed_loads(seeds: list[Path]) -> None:
    for path in seeds:
        doc = load_document(path)
        assert doc.format == "txt"
        assert doc.text == path.read_text(encoding="utf-8")
        assert doc.sections, f"{path.name}: no section found"
        assert len(doc.id) == 16 and doc.sha256.startswith(doc.id)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_reencoded_seed_loads_to_the_same_text(path: Path, encoding: str, tmp_path: Path) -> None:
    original = load_document(path)
    target = tmp_path / path.name
    target.write_bytes(original.text.encode(encoding))
    doc = load_document(target)
    assert doc.text == original.text
    assert [s.title for s in doc.iter_sections()] == [s.title for s in original.iter_sections()]
    assert len(doc.tables) == len(original.tables)


def test_strict_gbk_seed_loads(tmp_path: Path) -> None:
    path = seed("003")
    text = path.read_text(encoding="utf-8")
    target = tmp_path / "gbk.txt"
    target.write_bytes(text.encode("gbk"))
    doc = load_document(target)
    assert doc.text == text
    assert doc.encoding == "gb18030"


def test_crlf_line_endings_are_normalised(tmp_path: Path) -> None:
    text = seed("001").read_text(encoding="utf-8")
    target = tmp_path / "crlf.txt"
    target.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert load_document(target).text == text


def test_seed_003_section_tree() -> None:
    doc = load_document(seed("003"))
    roots = [s.title for s in doc.sections]
    assert roots[0] == "第一部分"
    assert any(t.startswith("第二部分") for t in roots)
    part2 = next(s for s in doc.sections if s.title.startswith("第二部分"))
    table_titles = [c.title for c in part2.children if c.kind == "table"]
    assert "收入支出决算总表" in table_titles
    assert "支出决算表" in table_titles
    assert any("三公" in t for t in table_titles)
    chapters = [s.title for s in doc.iter_sections() if s.kind == "chapter"]
    assert "一、收入支出决算总体情况说明" in chapters
    assert "七、财政拨款“三公”经费支出决算情况说明" in chapters
    # every section lies inside its parent and starts at a line start
    for s in doc.iter_sections():
        assert s.start == 0 or doc.text[s.start - 1] == "\n"
        for c in s.children:
            assert s.start <= c.start <= c.end <= s.end


def test_seed_003_tables_have_expected_rows() -> None:
    doc = load_document(seed("003"))
    by_title = {t.title: t for t in doc.tables}
    t01 = by_title["收入支出决算总表（公开01表）"]
    rows = [[c.text for c in r] for r in t01.rows]
    assert ["收入", "支出"] in rows
    total = next(r for r in rows if r and r[0] == "本年收入合计")
    assert total == ["本年收入合计", "27", "1,489.93", "本年支出合计", "57", "1,489.93"]
    for r in t01.rows:  # cells quote the loaded text verbatim
        for c in r:
            assert doc.text[c.start:c.end] == c.text
    t03 = by_title["支出决算表（公开03表）"]
    rows03 = [[c.text for c in r] for r in t03.rows]
    assert ["合计", "1,489.93", "642.17", "847.76", "", "", ""] in rows03
    assert any(r[:2] == ["2010201", "行政运行"] for r in rows03)


def test_three_megabyte_report_loads(tmp_path: Path) -> None:
    text = seed("003").read_text(encoding="utf-8")
    big = "\n".join([text] * (3_000_000 // len(text.encode()) + 1))
    target = tmp_path / "big.txt"
    target.write_text(big, encoding="utf-8")
    assert target.stat().st_size >= 3_000_000
    doc = load_document(target)
    assert len(doc.text) == len(big)
    assert len(doc.tables) > 100


@pytest.mark.parametrize("line", ["表2　一般公共预算支出表（单位：万元）", "表2 一般公共预算支出表(单位:万元)",
                                  "表2　一般公共预算支出表", "表2　一般公共预算支出表（金额单位：元）"])
def test_a_table_title_that_names_its_unit_in_brackets(line: str, tmp_path: Path) -> None:
    """'表2　一般公共预算支出表（单位：万元）' above a table is its title (learning9: the bracketed unit hid it, so the
    national identities never ran on a published-style 部门预算)."""
    path = tmp_path / "budget.txt"
    path.write_text(f"第二部分　2025年部门预算表\n{line}\n\t科目编码\n\t科目名称\n\t合计\n\n\t205\n\t教育支出\n\t7,300.38\n\n",
                    encoding="utf-8")
    (table,) = load_document(path).tables
    assert table.title is not None and table.title.endswith("一般公共预算支出表"), table.title


def test_a_table_ends_at_the_prose_after_its_last_amount() -> None:
    """A 三公 table's last cell '3.82' followed by the next table's title '…决算表（公开08表）' and the 说明, with
    no blank line (learning11): the prose is not glued into the cell."""
    from agent.ingest.tables import find_tables

    text = ("\t项目\n\t合计\n\t公务接待费\n\n\t预算数\n\t20.00\n\t5.00\n\n\t决算数\n\t17.28\n\t3.82\n"
            "政府性基金预算财政拨款收入支出决算表（公开08表）\n本部门没有政府性基金收支，本表无数据。\n")
    rows = [[c.text for c in r] for r in find_tables(text)[0].rows]
    assert rows[-1] == ["决算数", "17.28", "3.82"]
    text = "\t项目\n\t说明\n\n\t甲\n\t第一段\n第二段\n"
    assert [c.text for c in find_tables(text)[0].rows[-1]] == ["甲", "第一段\n第二段"]  # a text cell runs on


def test_a_row_running_into_the_next_table_is_split() -> None:
    """A 资金 table's last row followed by the 指标 table's header with no blank line between (learning11)."""
    from agent.ingest.tables import find_tables

    text = ("\t项目资金\n\t年初预算数\n\t全年执行数\n\n\t年度资金总额\n\t425.00\n\t312.40\n\n"
            "\t上年结转资金\n\t45.00\n\t45.00\n\t一级指标\n\t三级指标\n\t实际完成值\n\n\t产出指标\n\t维修处数\n\t108处\n\n")
    rows = [[c.text for c in r] for r in find_tables(text)[0].rows]
    assert ["上年结转资金", "45.00", "45.00"] in rows and ["一级指标", "三级指标", "实际完成值"] in rows
