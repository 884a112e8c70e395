"""Text, JSON, Markdown and Excel outputs of a review result built on seed 003's real problems."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import seed
from render_support import make_result, result_for

from agent.ingest import load_document
from agent.render import FORMATS, RenderUsageError, render, render_markdown_many, write_xlsx_many
from agent.render.common import RenderError, atomic_write
from agent.render.xlsx import COLUMNS, as_number
from agent.schemas import ReviewResult

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def doc():
    return load_document(seed("003"))


@pytest.fixture(scope="module")
def result(doc) -> ReviewResult:
    return result_for(doc)


# --------------------------------------------------------------------------- json


def test_json_is_the_model(result):
    text = render(result, "json")
    assert ReviewResult.model_validate_json(text) == result
    assert text == result.model_dump_json(indent=2)


# --------------------------------------------------------------------------- text


def test_text_plain_grouped_by_severity(result):
    text = render(result, "text", color=False)
    assert not ANSI.search(text)
    pos = [text.index(h) for h in ("错误 (1)", "警示 (1)", "提示 (2)")]
    assert pos == sorted(pos)
    for f in result.findings:
        assert f.rule in text and f.message in text
        for e in f.evidence:
            assert e.quote.strip() in text
    assert "报告数：97.47%；复核数：99.47%" in text
    assert "十一、关于政府采购支出说明" in text  # the quote's section


def test_text_colour_and_english(result):
    coloured = render(result, "text", color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured).replace(" ", "") == render(result, "text", color=False).replace(" ", "")
    en = render(result, "text", lang="en", color=False)
    assert "error (1)" in en and "stated 97.47%; recomputed 99.47%" in en
    assert all(f.message_en in en for f in result.findings)


def test_text_no_findings(doc):
    clean = make_result(doc, [])
    assert "未发现问题" in render(clean, "text", color=False)
    assert "No findings" in render(clean, "text", lang="en", color=False)


# --------------------------------------------------------------------------- markdown


def test_markdown_memo_zh(result):
    md = render(result, "markdown")
    assert md.startswith("# 预算文件审核意见：株洲市行政审批服务局2024年度部门决算")
    assert "- **单位**：株洲市行政审批服务局" in md and "- **年度**：2024" in md
    assert "| 错误 | 1 |" in md and "| 提示 | 2 |" in md and "| **合计** | **4** |" in md
    # grouped by section, with each quote as a blockquote and the stated/recomputed values
    assert "### 2024年度部门决算情况说明 > 十一、关于政府采购支出说明" in md
    assert "> 授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%" in md
    assert "- 报告数：97.47%" in md and "- 复核数：99.47%（容差 ±0.005%）" in md
    # the closing list: one numbered item per finding, most severe first, pointing back
    closing = md.split("## 请单位更正或说明的事项")[1]
    items = re.findall(r"^(\d+)\. 【(.+?)】", closing, re.M)
    assert [n for n, _ in items] == ["1", "2", "3", "4"]
    assert [s for _, s in items] == ["错误", "警示", "提示", "提示"]
    assert "请将“占政府采购支出总额的97.47%”更正为99.47%。（见第" in closing


def test_markdown_memo_en(result):
    md = render(result, "markdown", lang="en")
    assert md.startswith("# Budget document review memo: ")
    for heading in ("## Overview", "## Findings by section", "## Items the unit should correct or explain"):
        assert heading in md
    assert all(f.message_en.split(";")[0] in md for f in result.findings)
    assert "- Stated: 97.47%" in md and "- Recomputed: 99.47% (tolerance ±0.005%)" in md
    assert "请" not in md.split("## Items the unit")[1]  # the closing list is English


def test_markdown_escapes_markup_in_quotes(doc):
    from agent.render.markdown import md_escape

    assert md_escape("9.60/9.72*100%=98.77%") == "9.60/9.72\\*100%=98.77%"
    assert md_escape("41.39 < 53.14") == "41.39 < 53.14"
    assert md_escape("a|b") == "a\\|b"


def test_markdown_many(result, doc):
    md = render_markdown_many([result, make_result(doc, [])])
    assert md.startswith("# 预算文件批量审核意见")
    assert md.count("## 预算文件审核意见") == 2  # each memo nested one level down
    assert "#### 审核发现（按章节）" not in md and "### 审核发现（按章节）" in md


# --------------------------------------------------------------------------- xlsx


def test_xlsx_one_row_per_finding(result, doc, tmp_path):
    import openpyxl

    out = tmp_path / "review.xlsx"
    assert render(result, "xlsx", out=out, doc=doc) is None
    wb = openpyxl.load_workbook(out)
    ws = wb["问题清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [zh for _, zh, _, _ in COLUMNS]
    assert len(rows) - 1 == len(result.findings)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["E"].width >= 40 and ws.cell(2, 5).alignment.wrap_text
    by_id = {r[-1]: dict(zip([k for k, *_ in COLUMNS], r, strict=True)) for r in rows[1:]}
    for f in result.findings:
        row = by_id[f.id]
        assert row["message"] == f.message and row["document"] == "003_4d7cf89fcda6ae68.txt"
        assert row["quote"] == "\n".join(e.quote for e in f.evidence)
        number = as_number(f.values.stated or "")
        assert row["stated"] == (pytest.approx(float(number[0])) if number else (f.values.stated or None))
        assert str(f.evidence[0].start) in row["location"]
        assert all(e.quote in row["context"].replace("【", "").replace("】", "") for e in f.evidence)
    assert any("【1,489.93】 ｜ 一、一般公共服务支出" in r[8] for r in rows[1:])
    summary = wb["汇总"]
    srows = list(summary.iter_rows(values_only=True))
    assert srows[1][:4] == ("003_4d7cf89fcda6ae68.txt", "株洲市行政审批服务局2024年度部门决算", "株洲市行政审批服务局", 2024)
    assert srows[1][5:9] == (1, 1, 2, 4)
    rule_rows = {r[0]: r for r in srows[3:] if r and r[0]}
    assert rule_rows["RATIO_MISMATCH"][3] == 1


def test_xlsx_counts_and_amounts_are_numbers(result, doc, tmp_path):
    """SUM must work: counts are numbers, amounts numbers with 0.00, percentages 0.00%; header/filters kept."""
    import openpyxl

    out = tmp_path / "review.xlsx"
    render(result, "xlsx", out=out, doc=doc)
    wb = openpyxl.load_workbook(out)
    ws = wb["问题清单"]
    keys = [k for k, *_ in COLUMNS]
    stated, recomputed = keys.index("stated") + 1, keys.index("recomputed") + 1
    cells = [ws.cell(r, c) for r in range(2, ws.max_row + 1) for c in (stated, recomputed)]
    numeric = [c for c in cells if c.data_type == "n" and c.value is not None]
    assert any(c.number_format == "0.00" for c in numeric), [c.value for c in cells]
    assert any(c.number_format == "0.00%" and c.value < 1.5 for c in numeric)  # 97.47% -> 0.9747
    stated_amounts = {(v or "").replace(",", "") for f in result.findings for v in (f.values.stated, f.values.recomputed)}
    assert any(f"{c.value:.2f}" in stated_amounts for c in numeric if c.number_format == "0.00")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    summary = wb["汇总"]
    assert all(summary.cell(2, c).data_type == "n" for c in range(6, 10))  # 错误 警示 提示 合计
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    rule_counts = [r for r in summary.iter_rows(min_row=4) if r[0].value in result.summary.by_rule]
    assert rule_counts and all(r[3].data_type == "n" and r[4].data_type == "n" for r in rule_counts)
    assert as_number("45.00") == (Decimal("45.00"), "0.00") and as_number("1300") == (Decimal(1300), "0")
    assert as_number("97.47%") == (Decimal("0.9747"), "0.00%") and as_number("9.60 / 9.72") is None
    assert as_number("优秀") is None


def test_xlsx_many_and_text_that_looks_like_a_formula(result, doc, tmp_path):
    import openpyxl

    f = result.findings[0]
    odd = f.model_copy(update={"id": "odd", "message": "=SUM(A1:A2) 控制字符\x07", "message_en": "=1+1"})
    other = make_result(doc, [odd])
    out = tmp_path / "batch.xlsx"
    write_xlsx_many([result, other], out, lang="en")
    wb = openpyxl.load_workbook(out)
    ws = wb["Findings"]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) - 1 == len(result.findings) + 1
    odd_row = next(r for r in rows if r[-1] == "odd")
    assert odd_row[4] == "=1+1" and ws.cell(rows.index(odd_row) + 1, 5).data_type == "s"
    assert len(list(wb["Summary"].iter_rows(min_row=2, max_row=3))) == 2


# --------------------------------------------------------------------------- dispatcher and writes


def test_dispatcher_errors(result, tmp_path):
    assert set(FORMATS) == {"text", "json", "markdown", "docx", "xlsx"}
    with pytest.raises(RenderUsageError, match="unknown output format"):
        render(result, "pdf")
    with pytest.raises(RenderUsageError, match="--out"):
        render(result, "xlsx")
    with pytest.raises(RenderUsageError, match="language"):
        render(result, "text", lang="fr")
    with pytest.raises(RenderError, match="does not exist"):
        render(result, "xlsx", out=tmp_path / "missing" / "x.xlsx")
    assert RenderUsageError("x").exit_code == 2


def test_text_formats_also_write_out(result, tmp_path):
    out = tmp_path / "memo.md"
    text = render(result, "markdown", out=out)
    assert out.read_text(encoding="utf-8") == text
    out2 = tmp_path / "listing.txt"
    render(result, "text", out=out2, color=True)
    assert not ANSI.search(out2.read_text(encoding="utf-8"))  # files never get colour codes


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_text("old")

    def boom(tmp: Path) -> None:
        tmp.write_text("partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(out, boom)
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.xlsx"]  # no temp file left behind
    atomic_write(out, lambda tmp: tmp.write_text("new"))
    assert out.read_text() == "new" and os.listdir(tmp_path) == ["report.xlsx"]


def test_cli_import_stays_light():
    """agent.render itself imports no format library (openpyxl, docx, rich) at import time."""
    import subprocess
    import sys

    code = ("import sys, agent.render; "
            "print(','.join(m for m in ('openpyxl', 'docx', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_enum_options_from_the_cli(result):
    """typer passes StrEnum members; they must behave like their string values."""
    from enum import StrEnum

    class Fmt(StrEnum):
        MARKDOWN = "markdown"

    class Lang(StrEnum):
        EN = "en"

    assert render(result, Fmt.MARKDOWN, lang=Lang.EN) == render(result, "markdown", lang="en")


def test_quotes_shown_in_their_line_or_table_row(result, doc):
    md = render(result, "markdown", doc=doc)
    # the sentence around the quote, the quote in bold; the location under it
    assert "> 本部门2024年度政府采购支出总额119.60万元" not in md  # long lines are trimmed to the quote's side
    assert "**授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%**" in md
    assert "**决算数大于年初预算数**的主要原因是" in md
    # a table cell shows its whole row, cells separated by ｜
    assert "> 一、一般公共预算财政拨款收入 ｜ 1 ｜ **1,489.93** ｜ 一、一般公共服务支出 ｜ 31 ｜ 1,311.99" in md
    assert "> —— 第二部分 部门决算表 > 收入支出决算总表 · 字符 1574–1595" not in md  # same section: not repeated
    text = render(result, "text", doc=doc, color=False)
    assert "【1,489.93】 ｜ 一、一般公共服务支出" in text and "【18670870880】" in text
    coloured = render(result, "text", doc=doc, color=True)
    assert "【" not in coloured and ANSI.sub("", coloured).count("1,489.93") >= 2


def test_two_quotes_on_one_line_share_one_context(doc):
    from agent.render.context import quote_contexts

    line = doc.text.index("授予中小企业合同金额118.97万元")
    a = doc.span(line + 10, line + 16)  # 118.97
    b_start = doc.text.index("97.47%", line)
    b = doc.span(b_start, b_start + 6)
    ctxs = quote_contexts([a, b], doc)
    assert len(ctxs) == 1 and [t for t, q in ctxs[0].pieces if q] == ["118.97", "97.47%"]
    assert quote_contexts([a, b], None)[1].plain == "97.47%"


def test_memo_bold_survives_cjk_punctuation(doc):
    """Every quoted stretch renders bold in a CommonMark renderer, even next to （）“”."""
    import markdown_it

    from agent.schemas import Finding, Severity

    start = doc.text.index("大于（小于）")
    spans = [doc.span(start, start + 6), doc.span(doc.text.index("97.47%"), doc.text.index("97.47%") + 6)]
    findings = [Finding(id=f"t{i}", rule="TEMPLATE_RESIDUE", severity=Severity.INFO, message="模板文字",
                        message_en="template", evidence=[s]) for i, s in enumerate(spans)]
    md = render(make_result(doc, findings), "markdown", doc=doc)
    html = markdown_it.MarkdownIt("commonmark").render(md)
    for s in spans:
        assert f"<strong>{s.quote}</strong>" in html or f"<b>{s.quote}</b>" in html
    assert "**" not in html


def test_closing_list_asks_a_repeated_request_once(doc):
    from agent.schemas import Finding, Severity

    spans = [doc.span(doc.text.index(q), doc.text.index(q) + len(q)) for q in ("97.47%", "18670870880", "1,489.93")]
    findings = [Finding(id=f"t{i}", rule="LOW_EXECUTION", severity=Severity.WARNING, message=f"项目{i}执行率偏低",
                        message_en=f"project {i} low", evidence=[s], suggestion="请说明预算执行率偏低的原因及改进措施。")
                for i, s in enumerate(spans)]
    md = render(make_result(doc, findings), "markdown")
    closing = md.split("## 请单位更正或说明的事项")[1].strip().splitlines()
    assert closing == ["1. 【警示】请说明预算执行率偏低的原因及改进措施。（见第1、2、3项）"]
