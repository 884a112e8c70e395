"""What every renderer shares: labels in both languages, ordering, locations, atomic writes.

Renderers are pure functions of a ReviewResult: they only *read* Finding.message /
message_en / suggestion, so an optional polishing step can replace those fields before
rendering without any renderer knowing about it.  Files are written to a temporary file in
the target directory and moved into place with ``os.replace`` so a batch run that is
interrupted never leaves a half-written report behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypedDict

from agent.checks.registry import RULES
from agent.errors import BudgetReviewError
from agent.render.atomic import atomic_path
from agent.schemas import DocumentInfo, DocumentKind, Finding, ReviewResult, Severity, Span

LANGS = ("zh", "en")


class RenderError(BudgetReviewError):
    """An output could not be produced or written (bad target path, unwritable directory)."""

    exit_code = 3


class RenderUsageError(BudgetReviewError):
    """The output was asked for in a way that cannot work (unknown format, missing --out)."""

    exit_code = 2


SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)

_SEVERITY_LABEL = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警示", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}

_KIND_LABEL = {
    "zh": {
        DocumentKind.DEPT_SELF_EVAL: "部门整体支出绩效自评报告",
        DocumentKind.PROJECT_SELF_EVAL: "项目支出绩效自评报告",
        DocumentKind.FINAL_ACCOUNTS: "部门决算",
        DocumentKind.BUDGET: "部门预算",
        DocumentKind.UNKNOWN: "未识别",
    },
    "en": {
        DocumentKind.DEPT_SELF_EVAL: "department performance self-evaluation",
        DocumentKind.PROJECT_SELF_EVAL: "project performance self-evaluation",
        DocumentKind.FINAL_ACCOUNTS: "final accounts (部门决算)",
        DocumentKind.BUDGET: "budget (部门预算)",
        DocumentKind.UNKNOWN: "unknown",
    },
}

# Short titles of the catalogue rules (../shared/review-rules.md); unknown rules show their id.
def _rule_titles() -> dict[str, tuple[str, str]]:
    """(zh, en) per rule, from the rule catalogue in agent.checks.registry (one wording everywhere)."""
    return {r.id: (r.title_zh, r.title_en) for r in RULES.values()}


RULE_TITLES: dict[str, tuple[str, str]] = _rule_titles()


def check_lang(lang: str) -> str:
    """The language as a plain str ('zh'/'en'); enum members (e.g. a CLI option) are unwrapped."""
    lang = str(getattr(lang, "value", lang))
    if lang not in LANGS:
        raise RenderUsageError(f"unknown language {lang!r} (use zh or en)")
    return lang


def severity_label(sev: Severity | str, lang: str) -> str:
    return _SEVERITY_LABEL[lang][Severity(sev)]


def kind_label(kind: DocumentKind | str, lang: str) -> str:
    return _KIND_LABEL[lang][DocumentKind(kind)]


def rule_title(rule: str, lang: str) -> str:
    titles = RULE_TITLES.get(rule)
    return titles[0 if lang == "zh" else 1] if titles else rule


def message(f: Finding, lang: str) -> str:
    return f.message if lang == "zh" else (f.message_en or f.message)


def suggestion(f: Finding, lang: str) -> str:
    """What to ask the unit to do; the English memo has no translated suggestion, so it uses message_en."""
    if lang == "zh" and f.suggestion:
        return f.suggestion
    return message(f, lang)


def finding_section(f: Finding) -> str | None:
    return f.section or next((e.section for e in f.evidence if e.section), None)


def first_offset(f: Finding) -> int:
    return min((e.start for e in f.evidence), default=0)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then in reading order."""
    return sorted(findings, key=lambda f: (-Severity(f.severity).rank, first_offset(f), f.rule))


def reading_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (first_offset(f), -Severity(f.severity).rank, f.rule))


def location(span: Span, lang: str) -> str:
    """'第3页，字符 120–130' / 'p. 3, chars 120–130' (offsets into the loaded text)."""
    if lang == "zh":
        loc = f"字符 {span.start}–{span.end}"
        return f"第{span.page}页，{loc}" if span.page is not None else loc
    loc = f"chars {span.start}–{span.end}"
    return f"p. {span.page}, {loc}" if span.page is not None else loc


def values_line(f: Finding, lang: str) -> str | None:
    """'报告数：97.47%；复核数：99.47%（容差 ±0.005%）' or None when the finding has no values."""
    v = f.values
    parts: list[str] = []
    if lang == "zh":
        if v.stated is not None:
            parts.append(f"报告数：{v.stated}")
        if v.recomputed is not None:
            parts.append(f"复核数：{v.recomputed}")
        text = "；".join(parts)
        if text and v.tolerance:
            text += f"（容差 {v.tolerance}）"
    else:
        if v.stated is not None:
            parts.append(f"stated {v.stated}")
        if v.recomputed is not None:
            parts.append(f"recomputed {v.recomputed}")
        text = "; ".join(parts)
        if text and v.tolerance:
            text += f" (tolerance {v.tolerance})"
    return text or None


def counts_by_severity(result: ReviewResult) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in result.findings:
        counts[Severity(f.severity)] += 1
    return counts


class RuleCount(TypedDict):
    severity: str
    findings: int
    documents: int


def counts_by_rule(results: Iterable[ReviewResult]) -> dict[str, RuleCount]:
    """rule -> {'severity': …, 'findings': n, 'documents': n}, in catalogue order then alphabetical."""
    out: dict[str, RuleCount] = {}
    for r in results:
        seen: set[str] = set()
        for f in r.findings:
            row = out.setdefault(f.rule, {"severity": Severity(f.severity).value, "findings": 0, "documents": 0})
            row["findings"] += 1
            if f.rule not in seen:
                seen.add(f.rule)
                row["documents"] += 1
    order = {rule: i for i, rule in enumerate(RULE_TITLES)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def document_name(info: DocumentInfo) -> str:
    return Path(info.path).name or info.path


def atomic_write(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` for a temporary path beside ``out``, then move it over ``out`` atomically
    (the same mechanism as batch outputs: agent.render.atomic)."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise RenderError(f"output directory does not exist: {parent}", out)
    try:
        with atomic_path(out, durable=False) as tmp:
            write(tmp)
    except OSError as e:
        raise RenderError(f"cannot write: {e.strerror or e}", out) from e


def atomic_write_text(out: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")

    atomic_write(out, write)
