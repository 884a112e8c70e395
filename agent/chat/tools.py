"""The chat operations as plain functions returning text: one implementation for slash commands
and for the LLM's tools, so the offline REPL and the agent can never disagree.

Every quote printed here is a verbatim slice of ``Document.text`` with its section and character
offsets; numbers are shown exactly as the report prints them.  Bad input raises ``ToolError``
(a one-line reason) — the REPL prints it, the agent hands it back to the model.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from agent.chat.calc import CalcError, calculate
from agent.chat.grounding import check_numbers, number_set
from agent.chat.terms import compact, figure_matches, keywords, topics
from agent.checks.registry import RULES
from agent.render import RenderError, render, render_markdown_many
from agent.render.common import atomic_write_text
from agent.schemas import BalanceClaim, RatioClaim, SumClaim

if TYPE_CHECKING:
    from agent.chat.session import Numbered, Report, Session
    from agent.schemas import Figure, Finding, Span

SEVERITY_ZH = {"error": "错误", "warning": "警示", "info": "提示"}
MAX_FACTS = 40
MAX_SECTION_CHARS = 2000
_SENTENCE_END = "。；;\n"


class ToolError(ValueError):
    """A user or model error in a tool's arguments; the message is shown as is."""


# --------------------------------------------------------------------------- quoting
def where(span_or_section: str | None, start: int, end: int, report: Report | None = None) -> str:
    doc = f"{report.name} · " if report is not None else ""
    return f"{doc}{span_or_section or '（无章节）'} · 字符 {start}–{end}"


def sentence_around(text: str, start: int, end: int, limit: int = 160) -> tuple[int, int]:
    """The sentence holding text[start:end] (bounded by 。；newline), at most ``limit`` chars."""
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END and start - s < limit // 2:
        s -= 1
    e = end
    while e < len(text) and text[e] not in _SENTENCE_END and e - end < limit // 2:
        e += 1
    if e < len(text) and text[e] in "。；;":
        e += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def excerpt(text: str, base: int, terms: list[str], width: int = 220) -> tuple[int, int]:
    """Offsets (absolute) of the best excerpt of ``text`` (which starts at ``base``): the sentences
    around the first term found, else the beginning; never longer than ``width`` characters."""
    pos = -1
    for t in terms:
        for variant in (t, *_quoted_variants(t)):
            pos = text.find(variant)
            if pos >= 0:
                break
        if pos >= 0:
            break
    if pos < 0:
        body = text.lstrip()
        s = len(text) - len(body)
        return base + s, base + min(len(text), s + width)
    s, e = sentence_around(text, pos, pos + 1, limit=width)
    # extend to following sentences while room is left (the answer usually follows the topic)
    while e < len(text) and e - s < width * 2 // 3:
        _, e2 = sentence_around(text, e + 1, e + 1, limit=width)
        if e2 - s > width:
            break
        e = e2
    return base + s, base + e


def _quoted_variants(term: str) -> list[str]:
    """'三公经费' as the reports write it: '“三公”经费', '"三公"经费', '三公'."""
    if term == "三公经费":
        return ["“三公”经费", "\"三公\"经费", "三公"]
    return []


def quote(report: Report, start: int, end: int) -> str:
    text = report.doc.text[start:end].strip()
    return "「" + re.sub(r"\n\s*", " / ", text) + "」"


def span_line(report: Report, span: Span, show_doc: bool = False, seen: set | None = None) -> str:
    """A quote with its place, plus (once per sentence) the sentence around it."""
    line = f"「{span.quote}」 — {where(span.section, span.start, span.end, report if show_doc else None)}"
    s, e = sentence_around(report.doc.text, span.start, span.end)
    if (s, e) != (span.start, span.end) and (seen is None or (s, e) not in seen):
        line += f"\n      原文：{quote(report, s, e)}"
        if seen is not None:
            seen.add((s, e))
    return line


# --------------------------------------------------------------------------- findings
def list_findings(session: Session) -> str:
    items = session.numbered()
    if not items:
        return "检查未发现问题（0 条审核意见）。"
    lines = []
    for r in session.reports:
        s = r.result.summary.by_severity
        lines.append(f"{r.label}：共 {r.result.summary.total} 条审核意见 — "
                     f"错误 {s.get('error', 0)} · 警示 {s.get('warning', 0)} · 提示 {s.get('info', 0)}")
    for it in items:
        f = it.finding
        lines.append(f"{it.n}. [{SEVERITY_ZH[f.severity.value]}] {f.rule} {session.message(f)}")
    lines.append("（/explain N 查看第 N 条的原文证据与算式）")
    return "\n".join(lines)


def explain_finding(session: Session, n: int) -> str:
    try:
        n = int(n)
    except (TypeError, ValueError) as e:
        raise ToolError(f"意见编号必须是整数，而不是 {n!r}") from e
    it = session.finding(n)
    f, r = it.finding, it.report

    title = RULES[f.rule].title_zh if f.rule in RULES else f.rule
    lines = [f"第{n}条 [{SEVERITY_ZH[f.severity.value]}] {f.rule} {title}（{r.name}）", f"意见：{session.message(f)}"]
    if session.message(f) != f.message:
        lines.append(f"原模板意见：{f.message}")
    v = f.values
    if v.stated:
        lines.append(f"报告数：{v.stated}")
    if v.recomputed:
        lines.append(f"复核数：{v.recomputed}" + (f"（容差 {v.tolerance}）" if v.tolerance else ""))
    arithmetic = arithmetic_lines(it)
    lines.append("算式：" if arithmetic else "算式：本条为文字/完整性检查，无需计算。")
    lines += [f"  {a}" for a in arithmetic]
    lines.append("原文证据：")
    seen: set[tuple[int, int]] = set()
    multi = len(session.reports) > 1
    lines += [f"  {i}. {span_line(r, s, multi, seen)}" for i, s in enumerate(f.evidence, 1)]
    if f.suggestion:
        lines.append(f"建议：{f.suggestion}")
    return "\n".join(lines)


def arithmetic_lines(it: Numbered) -> list[str]:
    """The recomputation behind a finding, redone here with the safe calculator."""
    f, facts = it.finding, it.report.facts
    d = f.values.details
    exprs: list[str] = []
    if "numerator" in d and "denominator" in d:
        exprs.append(f"{d['numerator']}÷{d['denominator']}×100")
    elif "actual" in d and "budget" in d:
        exprs.append(f"{d['actual']}÷{d['budget']}×100")
    ev = {(s.start, s.end) for s in f.evidence}

    def inside(fig: Figure) -> bool:
        return (fig.span.start, fig.span.end) in ev

    for c in facts.claims:
        if isinstance(c, SumClaim) and inside(c.total) and any(inside(p) for p in c.parts):
            exprs.append("+".join(num(p.value) for p in c.parts) + f"  （报告合计 {num(c.total.value)}）")
        elif isinstance(c, BalanceClaim) and inside(c.result):
            expr = "+".join(num(p.value) for p in c.plus) + "".join(f"-{num(m.value)}" for m in c.minus)
            exprs.append(expr + f"  （报告结果 {num(c.result.value)}）")
        elif isinstance(c, RatioClaim) and inside(c.stated) and not exprs:
            exprs.append(f"{num(c.numerator.value)}÷{num(c.denominator.value)}×100")
    if "implied_prior" in d:
        exprs.append(f"{d['implied_prior']}  （推算的上期数）")
    out: list[str] = []
    for e in dict.fromkeys(exprs):
        expr, _, note = e.partition("  ")
        try:
            out.append(calculate(expr).text() + (f"  {note}" if note else ""))
        except CalcError:
            out.append(e)
    return out


def num(v: Decimal) -> str:
    """A Decimal as the report prints it (no exponent)."""
    return format(v, "f")


def recheck(session: Session) -> str:
    before, after = session.rerun_checks()
    change = "无新增" if after == before else f"由 {before} 条变为 {after} 条"
    return (f"审核意见只由规则检查生成，不能手工添加。已重新运行全部检查：共 {after} 条意见（{change}）。"
            f"如认为有遗漏，请用 /search 或 /section 查看原文，并在导出的意见书中另行补充说明。")


def reword_finding(session: Session, n: int, text: str) -> str:
    """Accept a new wording only when every number in it is a number of the original finding."""
    try:
        n = int(n)
    except (TypeError, ValueError) as e:
        raise ToolError(f"意见编号必须是整数，而不是 {n!r}") from e
    it = session.finding(n)
    f = it.finding
    allowed = finding_numbers(f)
    rep = check_numbers(text, allowed)
    if not text.strip():
        raise ToolError("改写内容为空")
    if not rep.ok:
        raise ToolError(f"改写被拒绝：数字 {'、'.join(rep.ungrounded)} 不在第 {n} 条意见中；"
                        f"请保留原意见的数字（{f.message}）")
    session.rewordings[f.id] = text.strip()
    return f"第{n}条意见已改写（导出时使用新措辞）：{text.strip()}"


def finding_numbers(f: Finding) -> set[Decimal]:
    """Every number a finding states: message, suggestion, values, evidence quotes."""
    v = f.values
    return number_set(f.message, f.suggestion or "", v.stated or "", v.recomputed or "", v.tolerance or "",
                      " ".join(v.details.values()), " ".join(s.quote for s in f.evidence))


# --------------------------------------------------------------------------- facts
def get_facts(session: Session, name: str | None = None) -> str:
    name = (name or "").strip()
    terms = topics(name) or ([compact(name)] if name else [])
    rows: list[tuple[Report, Figure]] = []
    for r in session.reports:
        for fig in r.facts.all_figures():
            if not terms or any(figure_matches(t, fig.key, fig.label) for t in terms) \
                    or (name and compact(name).lower() in (fig.key + compact(fig.label)).lower()):
                rows.append((r, fig))
    if not rows:
        return f"没有与“{name}”匹配的数字（试试 /search {name}）。" if name else "没有抽取到数字。"
    rows.sort(key=lambda rf: (_priority(rf[1].key), rf[1].span.start))
    lines = [f"{len(rows)} 个数字" + (f"与“{name}”匹配" if name else "") + "："]
    for r, fig in rows[:MAX_FACTS]:
        lines.append(f"- {fig.label}（{fig.key}）= {num(fig.value)} {fig.unit}  "
                     f"「{fig.span.quote}」 — {where(fig.section or fig.span.section, fig.span.start, fig.span.end, r if len(session.reports) > 1 else None)}")
    if len(rows) > MAX_FACTS:
        lines.append(f"……另有 {len(rows) - MAX_FACTS} 个，请用更具体的名称缩小范围。")
    return "\n".join(lines)


def _priority(key: str) -> int:
    """Department-level keys ('project.actual') before per-project ones ('project:X.actual')."""
    return 0 if ":" not in key and not key.startswith("misc") else 1


# --------------------------------------------------------------------------- search & sections
def search_report(session: Session, query: str, k: int = 5) -> str:
    query = (query or "").strip()
    if not query:
        raise ToolError("检索词为空（例如：/search 三公经费）")
    try:
        k = max(1, min(int(k), 10))
    except (TypeError, ValueError) as e:
        raise ToolError(f"k 必须是整数，而不是 {k!r}") from e
    hits = session.search(query, k=k)
    if not hits:
        return f"报告中没有找到与“{query}”相关的段落。"
    terms = keywords(query)
    lines = []
    for i, (r, h) in enumerate(hits, 1):
        s, e = excerpt(h.text, h.start, terms)
        lines.append(f"[{i}] {where(h.section, s, e, r if len(session.reports) > 1 else None)}\n    {quote(r, s, e)}")
    return "\n".join(lines)


def quote_section(session: Session, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ToolError("请给出章节名（例如：/section 三公）")
    want = compact(name)
    matches = [(r, s) for r in session.reports for s in r.doc.iter_sections() if want in compact(s.title)]
    if not matches:
        titles = [s.title for r in session.reports for s in r.doc.iter_sections() if s.level <= 2][:15]
        raise ToolError(f"没有标题含“{name}”的章节；部分章节：{'; '.join(titles)}")
    r, sec = matches[0]
    end = min(sec.end, sec.start + MAX_SECTION_CHARS)
    lines = [f"{r.doc.section_path(sec.start) or sec.title} · 字符 {sec.start}–{sec.end}"
             + (f"（前 {MAX_SECTION_CHARS} 字）" if end < sec.end else "")]
    lines.append(r.doc.text[sec.start:end].rstrip())
    if len(matches) > 1:
        lines.append("其他匹配的章节：" + "；".join(s.title for _, s in matches[1:8]))
    return "\n".join(lines)


# --------------------------------------------------------------------------- calculator & export
def calculate_expr(expr: str) -> str:
    try:
        return calculate(expr).text()
    except CalcError as e:
        raise ToolError(str(e)) from e


EXPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".xlsx": "xlsx", ".json": "json",
                  ".txt": "text"}


def export(session: Session, path: str) -> str:
    """Write the review (with any approved rewordings) as a memo (.md) or commented .docx, etc."""
    if not path or not str(path).strip():
        raise ToolError("请给出以 .md 或 .docx 结尾的文件名（例如：/export 审核意见.md）")
    out = Path(str(path).strip()).expanduser()
    fmt = EXPORT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ToolError(f"不支持的导出类型 {out.suffix or '（无后缀）'}：请用 .md、.docx、.xlsx、.json 或 .txt")
    if not out.parent.exists():
        raise ToolError(f"文件夹不存在：{out.parent}")
    results = [(r, reworded(session, r)) for r in session.reports]
    written: list[Path] = []
    try:
        if fmt == "markdown" and len(results) > 1:
            atomic_write_text(out, render_markdown_many([res for _, res in results], session.settings.lang))
            written.append(out)
        else:
            for i, (r, res) in enumerate(results, 1):
                target = out if len(results) == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}")
                render(res, fmt, doc=r.doc, out=target, lang=session.settings.lang)
                written.append(target)
    except RenderError as e:  # an unwritable target is this command's error, not the end of the session
        raise ToolError(e.one_line()) from e
    total = sum(len(res.findings) for _, res in results)
    return f"已导出 {total} 条审核意见：" + "，".join(str(p) for p in written)


def reworded(session: Session, report: Report):
    """The report's ReviewResult with reviewer-approved wordings in place of the templates."""
    if not session.rewordings:
        return report.result
    findings = [f.model_copy(update={"message": session.message(f)}) for f in report.result.findings]
    return report.result.model_copy(update={"findings": findings})
