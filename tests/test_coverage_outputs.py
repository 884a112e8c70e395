"""ReviewResult.coverage reaches the reviewer: terminal line, memo section, Excel sheet, batch summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import seed
from render_support import result_for

from agent.ingest import load_document
from agent.render import render
from agent.schemas import Coverage, CoverageItem, CoverageStatus, ReviewResult

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def doc():
    return load_document(seed("003"))


@pytest.fixture(scope="module")
def result(doc) -> ReviewResult:
    """Seed 003's findings with a coverage holding 13 not-verified and 2 unread items."""
    items = [CoverageItem(status=CoverageStatus.HELD, kind="sum", label="held")] * 7
    items += [CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="table", label=f"公开05表 第{i}行",
                           reason="分项无法对应") for i in range(13)]
    items += [CoverageItem(status=CoverageStatus.UNREAD, kind="table", label=f"附表{i}", reason="扫描页")
              for i in range(2)]
    cov = Coverage(checked=9, held=7, failed=2, not_verified=13, unread=2, items=items)
    return result_for(doc).model_copy(update={"coverage": cov})


def test_terminal_shows_one_coverage_line(result, doc):
    zh = render(result, "text", doc=doc, color=False)
    assert "核查 9 项勾稽关系：成立 7，不成立 2；未核实 13，未读取 2" in zh
    en = render(result, "text", doc=doc, lang="en", color=False)
    assert "checked 9 identities: 7 held, 2 failed; 13 not verified, 2 unread" in en


def test_memo_has_a_capped_coverage_section(result, doc):
    md = render(result, "markdown", doc=doc)
    section = md.split("## 核查范围", 1)[1].split("\n## ", 1)[0]
    assert "核查 9 项勾稽关系：成立 7，不成立 2；未核实 13，未读取 2" in section
    assert "【未核实】公开05表 第0行——分项无法对应" in section
    assert section.count("\n- ") == 10 + 1  # ten items and the "…另有 N 项" line
    assert "…另有 5 项" in section
    en = render(result, "markdown", doc=doc, lang="en")
    assert "## Coverage" in en and "… and 5 more" in en


def test_excel_has_coverage_counts_and_the_unchecked_items(result, doc, tmp_path):
    import openpyxl

    out = tmp_path / "r.xlsx"
    render(result, "xlsx", doc=doc, out=out)
    wb = openpyxl.load_workbook(out)
    summary = wb["汇总"]
    head = [c.value for c in summary[1]]
    row = {h: c.value for h, c in zip(head, summary[2], strict=False)}
    assert (row["核查的勾稽关系"], row["成立"], row["不成立"], row["未核实"], row["未读取"]) == (9, 7, 2, 13, 2)
    items = wb["未核实事项"]
    rows = list(items.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 15 and rows[0][1] == "未核实" and rows[-1][1] == "未读取"
    assert items.freeze_panes == "A2" and items.auto_filter.ref


def test_batch_summary_records_coverage_per_document(tmp_path):
    from agent.batch import BatchOptions, run_batch

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ROOT / "samples" / "dept_self_eval_errors.txt", inp / "a.txt")
    s = run_batch(BatchOptions(inputs=[str(inp)], out=tmp_path / "out", jobs=0, summary_xlsx=True))
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    cov = data["documents"][0]["coverage"]
    assert cov["checked"] > 0 and cov["checked"] == cov["held"] + cov["failed"]
    assert data["totals"]["coverage"] == cov == s.totals.coverage
    md = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert f"核查 {cov['checked']} 项勾稽关系：成立 {cov['held']}，不成立 {cov['failed']}" in md
    assert "| 核查 | 不成立 | 未核实 | 未读取 |" in md
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx").worksheets[0]
    head = [c.value for c in ws[1]]
    assert ws.cell(2, head.index("核查") + 1).value == cov["checked"]
