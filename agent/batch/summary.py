"""The end-of-batch summary a supervisor acts on: summary.json (pydantic), summary.md, summary.xlsx.

It is built from the manifest entries of the reports in *this* batch's inputs (finished in
this run or an earlier one), so a resumed batch summarises everything, not only the rest.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.batch.manifest import ManifestEntry
from agent.render import write_xlsx_many
from agent.render.atomic import atomic_path, atomic_write_text
from agent.render.coverage import coverage_line, coverage_rows
from agent.schemas import Coverage, ReviewResult

# Function-local imports in this module are deliberate: openpyxl loads only when the batch summary is written as .xlsx
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

SEVERITIES = ("error", "warning", "info")
COVERAGE_KEYS = ("checked", "held", "failed", "not_verified", "unread")
SUMMARY_VERSION = 1

log = logging.getLogger(__name__)


class DocumentRow(BaseModel):
    rel: str
    status: Literal["ok", "failed", "pending"]
    error: str | None = None
    total: int = 0
    by_severity: dict[str, int] = Field(default_factory=dict)
    top_rules: list[tuple[str, int]] = Field(default_factory=list)
    title: str | None = None
    unit_name: str | None = None
    year: int | None = None
    outputs: dict[str, str] = Field(default_factory=dict)
    seconds: float = 0.0
    coverage: dict[str, int] = Field(default_factory=dict, description="checked/held/failed/not_verified/unread")
    degraded: bool = Field(default=False, description="an LLM step fell back or was rejected in this report")
    notices: list[str] = Field(default_factory=list, description="its LLM notices, in the batch's language")
    this_run: bool = Field(description="reviewed (or failed) in this run rather than skipped")


class FailedRow(BaseModel):
    rel: str
    reason: str


class Totals(BaseModel):
    documents: int
    ok: int
    failed: int
    pending: int = 0
    findings: int
    by_severity: dict[str, int]
    by_rule: dict[str, int]
    documents_with: dict[str, int] = Field(description="severity -> number of documents with such findings")
    coverage: dict[str, int] = Field(default_factory=dict,
                                     description="checked/held/failed/not_verified/unread summed over documents")
    degraded: int = Field(default=0, description="reviewed documents where an LLM step fell back or was rejected")


class BatchSummary(BaseModel):
    summary_version: int = SUMMARY_VERSION
    tool_version: str
    run_id: str
    started_at: str
    finished_at: str
    inputs: list[str]
    out: str
    engine: str = Field(description="'processes' or 'dask:<scheduler address>'")
    jobs: int
    formats: list[str]
    config_hash: str
    provider: str | None = None
    model: str | None = None
    fail_on: str | None = None
    strict_llm: bool = Field(default=False, description="--strict-llm: exit 5 when any report's LLM path degraded")
    discovered: int
    reviewed_this_run: int = Field(description="reports reviewed OK in this run")
    failed_this_run: int
    skipped: int = Field(description="reports already finished by an earlier run (manifest hit)")
    interrupted: bool = False
    elapsed_seconds: float
    reports_per_min: float = Field(description="reports processed in this run per minute of wall time")
    totals: Totals
    failed: list[FailedRow]
    documents: list[DocumentRow]
    exit_code: int


def top_rules(by_rule: dict[str, int], n: int = 3) -> list[tuple[str, int]]:
    return sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def document_row(rel: str, entry: ManifestEntry | None, this_run: bool) -> DocumentRow:
    if entry is None:
        return DocumentRow(rel=rel, status="pending", this_run=False)
    return DocumentRow(
        rel=rel, status=entry.status, error=entry.error, total=entry.total,
        by_severity=dict(entry.by_severity), top_rules=top_rules(entry.by_rule), title=entry.title,
        unit_name=entry.unit_name, year=entry.year, outputs=dict(entry.outputs), seconds=entry.seconds,
        coverage=dict(entry.coverage), degraded=entry.degraded, notices=list(entry.notices), this_run=this_run,
    )


def totals_of(rows: list[DocumentRow], entries: list[ManifestEntry]) -> Totals:
    sev: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    with_sev: Counter[str] = Counter()
    cov: Counter[str] = Counter({k: 0 for k in COVERAGE_KEYS})
    for e in entries:
        if e.status != "ok":
            continue
        cov.update(e.coverage)
        sev.update(e.by_severity)
        rules.update(e.by_rule)
        for s, n in e.by_severity.items():
            if n:
                with_sev[s] += 1
    return Totals(
        documents=len(rows), ok=sum(r.status == "ok" for r in rows),
        failed=sum(r.status == "failed" for r in rows), pending=sum(r.status == "pending" for r in rows),
        findings=sum(sev.values()), by_severity={s: sev.get(s, 0) for s in SEVERITIES},
        by_rule=dict(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        documents_with={s: with_sev.get(s, 0) for s in SEVERITIES},
        coverage={k: cov.get(k, 0) for k in COVERAGE_KEYS},
        degraded=sum(1 for e in entries if e.status == "ok" and e.degraded),
    )


# --------------------------------------------------------------------------- markdown

_L: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "批量预审汇总", "docs": "文档", "ok": "已审", "failed": "失败", "pending": "未完成",
        "findings": "问题", "this_run": "本次审核", "skipped": "已跳过（此前完成）", "elapsed": "用时",
        "rate": "速度（份/分钟）", "failed_h": "失败的文件", "reason": "原因", "rules_h": "问题最多的规则",
        "rule": "规则", "count": "次数", "per_doc": "逐份结果", "file": "文件", "top": "主要规则",
        "error": "错误", "warning": "警示", "info": "提示", "status": "状态", "unit": "单位",
        "none": "无", "with": "有错误的文档", "exit": "退出码",
        "exit_why": {0: "全部审完", 1: "存在 --fail-on 级别的问题", 3: "有文件失败或未完成", 130: "被中断",
                     5: "--strict-llm：语言模型环节有降级"},
        "llm_h": "语言模型降级（已回退或被拒绝）", "degraded": "语言模型降级的文档",
        "checked": "核查", "cov_failed": "不成立", "not_verified": "未核实", "unread": "未读取",
    },
    "en": {
        "title": "Batch pre-review summary", "docs": "Documents", "ok": "Reviewed", "failed": "Failed",
        "pending": "Not finished", "findings": "Findings", "this_run": "Reviewed this run",
        "skipped": "Skipped (done earlier)", "elapsed": "Elapsed", "rate": "Rate (reports/min)",
        "failed_h": "Failed files", "reason": "Reason", "rules_h": "Most frequent rules", "rule": "Rule",
        "count": "Count", "per_doc": "Per document", "file": "File", "top": "Top rules", "error": "Errors",
        "warning": "Warnings", "info": "Info", "status": "Status", "unit": "Unit", "none": "none",
        "with": "Documents with errors", "exit": "Exit status",
        "exit_why": {0: "all reviewed", 1: "findings at the --fail-on level", 3: "files failed or unfinished",
                     130: "interrupted", 5: "--strict-llm: the language model path degraded"},
        "llm_h": "Language model degraded (fell back or rejected)", "degraded": "Documents with LLM degradation",
        "checked": "Checked", "cov_failed": "Failed", "not_verified": "Not verified", "unread": "Unread",
    },
}


def _md_cell(s: object) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def to_markdown(s: BatchSummary, lang: str = "zh") -> str:
    t = _L.get(lang, _L["zh"])
    tot = s.totals
    lines = [
        f"# {t['title']}", "",
        f"- {t['docs']}: {tot.documents}  ·  {t['ok']}: {tot.ok}  ·  {t['failed']}: {tot.failed}"
        + (f"  ·  {t['pending']}: {tot.pending}" if tot.pending else ""),
        f"- {t['findings']}: {tot.findings}  ·  {t['error']}: {tot.by_severity.get('error', 0)}  ·  "
        f"{t['warning']}: {tot.by_severity.get('warning', 0)}  ·  {t['info']}: {tot.by_severity.get('info', 0)}",
        f"- {t['with']}: {tot.documents_with.get('error', 0)}",
        f"- {coverage_line(Coverage.model_validate(tot.coverage), lang)}",
        f"- {t['this_run']}: {s.reviewed_this_run}  ·  {t['skipped']}: {s.skipped}  ·  "
        f"{t['elapsed']}: {s.elapsed_seconds:.1f} s  ·  {t['rate']}: {s.reports_per_min:.0f}",
        f"- {t['exit']}: {s.exit_code} ({t['exit_why'].get(s.exit_code, '')})"
        + (f"  ·  --fail-on {s.fail_on}" if s.fail_on else "") + ("  ·  --strict-llm" if s.strict_llm else ""),
        *([f"- {t['degraded']}: {tot.degraded}"] if tot.degraded else []),
        "",
        *_degraded_section(s, t),
        f"## {t['failed_h']}", "",
    ]
    if s.failed:
        lines += [f"| {t['file']} | {t['reason']} |", "|---|---|"]
        lines += [f"| {_md_cell(f.rel)} | {_md_cell(f.reason)} |" for f in s.failed]
    else:
        lines.append(t["none"])
    lines += ["", f"## {t['rules_h']}", ""]
    if tot.by_rule:
        lines += [f"| {t['rule']} | {t['count']} |", "|---|---:|"]
        lines += [f"| {r} | {n} |" for r, n in list(tot.by_rule.items())[:15]]
    else:
        lines.append(t["none"])
    lines += ["", f"## {t['per_doc']}", "",
              f"| {t['file']} | {t['unit']} | {t['status']} | {t['error']} | {t['warning']} | {t['info']} | {t['top']} "
              f"| {t['checked']} | {t['cov_failed']} | {t['not_verified']} | {t['unread']} |",
              "|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for d in sorted(s.documents, key=_doc_order):
        top = ", ".join(f"{r}×{n}" for r, n in d.top_rules)
        status = t.get(d.status, d.status)
        lines.append(
            f"| {_md_cell(d.rel)} | {_md_cell(d.unit_name)} | {status} | {d.by_severity.get('error', 0)} | "
            f"{d.by_severity.get('warning', 0)} | {d.by_severity.get('info', 0)} | {_md_cell(top or d.error)} | "
            + " | ".join(str(d.coverage.get(k, "")) if d.status == "ok" else ""
                         for k in ("checked", "failed", "not_verified", "unread")) + " |"
        )
    return "\n".join(lines) + "\n"


def _degraded_section(s: BatchSummary, t: dict[str, Any]) -> list[str]:
    """Every LLM notice of every report, so a supervisor sees which reviews were not what was asked."""
    rows = [(d.rel, n) for d in s.documents if d.degraded for n in d.notices or [""]]
    if not rows:
        return []
    return [f"## {t['llm_h']}", "", f"| {t['file']} | {t['reason']} |", "|---|---|",
            *[f"| {_md_cell(rel)} | {_md_cell(n)} |" for rel, n in rows], ""]


def _doc_order(d: DocumentRow) -> tuple:
    """Failed first, then most errors, then most warnings: what a supervisor looks at first."""
    return (d.status == "ok", -d.by_severity.get("error", 0), -d.by_severity.get("warning", 0), d.rel)


# --------------------------------------------------------------------------- xlsx


def write_xlsx(s: BatchSummary, path: Path, lang: str = "zh") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    t = _L.get(lang, _L["zh"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Documents" if lang == "en" else "逐份结果"
    head = [t["file"], t["status"], t["error"], t["warning"], t["info"], t["findings"], t["top"],
            t["unit"], "title", "year", t["reason"], t["checked"], t["cov_failed"], t["not_verified"], t["unread"]]
    ws.append(head)
    for d in sorted(s.documents, key=_doc_order):
        ws.append([
            d.rel, t.get(d.status, d.status), d.by_severity.get("error", 0), d.by_severity.get("warning", 0),
            d.by_severity.get("info", 0), d.total, ", ".join(f"{r}×{n}" for r, n in d.top_rules),
            d.unit_name or "", d.title or "", d.year or "", d.error or "",
            *[d.coverage.get(k, 0) if d.status == "ok" else None
              for k in ("checked", "failed", "not_verified", "unread")],
        ])
    _finish_sheet(ws, [48, 10, 8, 8, 8, 8, 40, 24, 40, 8, 60, 8, 8, 10, 8], Font, get_column_letter)

    wf = wb.create_sheet("Failed" if lang == "en" else "失败")
    wf.append([t["file"], t["reason"]])
    for f in s.failed:
        wf.append([f.rel, f.reason])
    _finish_sheet(wf, [48, 100], Font, get_column_letter)

    wr = wb.create_sheet("Rules" if lang == "en" else "规则")
    wr.append([t["rule"], t["count"]])
    for r, n in s.totals.by_rule.items():
        wr.append([r, n])
    _finish_sheet(wr, [28, 10], Font, get_column_letter)

    wt = wb.create_sheet("Totals" if lang == "en" else "合计")
    tot = s.totals
    for k, v in [(t["docs"], tot.documents), (t["ok"], tot.ok), (t["failed"], tot.failed),
                 (t["pending"], tot.pending), (t["findings"], tot.findings),
                 (t["error"], tot.by_severity.get("error", 0)), (t["warning"], tot.by_severity.get("warning", 0)),
                 (t["info"], tot.by_severity.get("info", 0)), (t["this_run"], s.reviewed_this_run),
                 (t["skipped"], s.skipped), (t["rate"], round(s.reports_per_min, 1)),
                 *[(status, tot.coverage.get(k, 0)) for (status, _), k in
                   zip(coverage_rows(Coverage(), lang), COVERAGE_KEYS, strict=True)]]:
        wt.append([k, v])
    wt.column_dimensions["A"].width = 28
    wb.save(path)


def _finish_sheet(ws, widths, Font, get_column_letter) -> None:  # noqa: N803 - lazily imported classes
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def write_all(s: BatchSummary, out_dir: Path, lang: str = "zh", xlsx: bool = True) -> list[Path]:
    """summary.json, summary.md and summary.xlsx in OUT, each written atomically."""
    paths = [out_dir / "summary.json", out_dir / "summary.md"]
    atomic_write_text(paths[0], s.model_dump_json(indent=2))
    atomic_write_text(paths[1], to_markdown(s, lang))
    if xlsx:
        paths.append(out_dir / "summary.xlsx")
        with atomic_path(paths[2]) as tmp:
            write_xlsx(s, tmp, lang)
    return paths


def write_findings_xlsx(s: BatchSummary, out_dir: Path, lang: str = "zh") -> Path | None:
    """OUT/findings.xlsx: every finding of every reviewed report in one workbook (from their JSON reports),
    so a supervisor can filter by rule or unit across the whole batch."""
    results = []
    for d in s.documents:
        path = out_dir / d.outputs.get("json", "") if d.status == "ok" else None
        if path is not None and path.is_file():
            try:
                results.append(ReviewResult.model_validate_json(path.read_bytes()))
            except ValueError as e:
                log.warning("%s left out of findings.xlsx: not a report of this version (%s)", path, e)
                continue  # a report JSON from a foreign tool version: left out, it stays on disk
    if not results:
        return None
    target = out_dir / "findings.xlsx"
    with atomic_path(target) as tmp:
        write_xlsx_many(results, tmp, lang)
    return target
