"""The review memo a finance reviewer sends back to the reporting unit (审核意见).

Structure follows how such memos are written: what was reviewed, how much is wrong, each
problem under the section it sits in with the quote and the recomputation, and a closing
numbered list of what the unit must correct.  Quotes are escaped so table pipes, asterisks
in formulas ("9.60/9.72*100%") and the like render verbatim.
"""

from __future__ import annotations

import re
import unicodedata

from agent.render.common import (
    SEVERITIES,
    counts_by_rule,
    counts_by_severity,
    document_name,
    finding_section,
    first_offset,
    kind_label,
    message,
    reading_order,
    rule_title,
    severity_label,
    sorted_findings,
    suggestion,
)
from agent.render.context import quote_contexts, where
from agent.render.coverage import capped, coverage_line, unchecked
from agent.schemas import Document, Finding, ReviewResult

# Backslash-escape what CommonMark would read as markup; ">" only at a line start, "<" only
# where it could open an HTML tag ("41.39 < 53.14" stays as written).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])|^(>)|(<)(?=[A-Za-z/!?])", re.M)

_L = {
    "zh": {
        "title": "预算文件审核意见",
        "file": "文件",
        "unit": "单位",
        "year": "年度",
        "kind": "文件类型",
        "tool": "审核工具",
        "rules": "规则版本",
        "overview": "审核结果概览",
        "severity": "严重程度",
        "count": "数量",
        "total": "合计",
        "by_rule": "按问题类型",
        "rule": "规则",
        "findings": "审核发现（按章节）",
        "no_section": "（未定位章节）",
        "stated": "报告数",
        "recomputed": "复核数",
        "tolerance": "容差",
        "comment": "审核意见",
        "where": "位置",
        "ask": "请单位更正或说明的事项",
        "see": "见第{n}项",
        "none": "未发现需要更正的问题。",
        "intro": "经对上述文件进行数据勾稽与文字核对，发现以下问题，请核实并更正。",
        "clean_intro": "经对上述文件进行数据勾稽与文字核对，未发现问题。",
        "more_evidence": "另见",
        "coverage": "核查范围",
        "coverage_todo": "以下内容未能自动核实，请人工核对：",
    },
    "en": {
        "title": "Budget document review memo",
        "file": "File",
        "unit": "Unit",
        "year": "Year",
        "kind": "Document type",
        "tool": "Reviewed with",
        "rules": "rules version",
        "overview": "Overview",
        "severity": "Severity",
        "count": "Count",
        "total": "Total",
        "by_rule": "By rule",
        "rule": "Rule",
        "findings": "Findings by section",
        "no_section": "(section not identified)",
        "stated": "Stated",
        "recomputed": "Recomputed",
        "tolerance": "tolerance",
        "comment": "Suggested comment",
        "where": "Location",
        "ask": "Items the unit should correct or explain",
        "see": "see #{n}",
        "none": "Nothing needs correcting.",
        "intro": "We cross-checked the figures and wording of the document above and found the "
        "following problems; please verify and correct them.",
        "clean_intro": "We cross-checked the figures and wording of the document above and found no problems.",
        "more_evidence": "Also at",
        "coverage": "Coverage",
        "coverage_todo": "Not checked automatically — to check by hand:",
    },
}


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "S"))


def _strong(prev: str, body: str, nxt: str) -> str:
    """**body** when CommonMark will read it as bold here, else <b>body</b>.

    CJK text puts punctuation right next to letters (“调增（减）45.00”), where "**" does not
    count as a delimiter; the HTML tag always works.
    """
    first, last = body[:1], body[-1:]
    opens = bool(first) and not first.isspace() and (not _is_punct(first) or not prev or prev.isspace()
                                                       or _is_punct(prev))
    closes = bool(last) and not last.isspace() and (not _is_punct(last) or not nxt or nxt.isspace()
                                                     or _is_punct(nxt))
    return f"**{body}**" if opens and closes else f"<b>{body}</b>"


def _bold_marked(pieces: list[tuple[str, bool]]) -> str:
    esc = [(md_escape(t), q) for t, q in pieces]
    out = []
    for i, (t, q) in enumerate(esc):
        if not q:
            out.append(t)
            continue
        prev = esc[i - 1][0][-1:] if i else ""
        nxt = esc[i + 1][0][:1] if i + 1 < len(esc) else ""
        out.append(_strong(prev, t, nxt))
    return "".join(out)


def _blockquote(quote: str) -> list[str]:
    """A verbatim quote as a Markdown blockquote; table cells (tab-led lines) are joined with ' ｜ '."""
    raw = quote.split("\n")
    lines = [ln.strip() for ln in raw if ln.strip()] or [quote]
    if any(ln.startswith("\t") for ln in raw):
        return ["> " + md_escape(" ｜ ".join(lines))]
    out: list[str] = []
    for i, ln in enumerate(lines):
        if i:
            out.append(">")
        out.append("> " + md_escape(ln))
    return out


def _header(result: ReviewResult, lang: str) -> list[str]:
    L = _L[lang]
    d = result.document
    title = d.title or document_name(d)
    out = [f"# {L['title']}：{md_escape(title)}" if lang == "zh" else f"# {L['title']}: {md_escape(title)}", ""]
    for notice in result.tool.notices:  # how the review ran (an LLM fallback, injection-like text), first
        out += [f"> **{'注意' if lang == 'zh' else 'Notice'}**{'：' if lang == 'zh' else ': '}"
                + md_escape(notice.message if lang == "zh" else notice.message_en), ""]
    sep = "：" if lang == "zh" else ": "
    out.append(f"- **{L['file']}**{sep}`{document_name(d)}`（{d.format}，sha256 {d.sha256[:12]}）"
               if lang == "zh" else f"- **{L['file']}**{sep}`{document_name(d)}` ({d.format}, sha256 {d.sha256[:12]})")
    if d.unit_name:
        out.append(f"- **{L['unit']}**{sep}{md_escape(d.unit_name)}")
    if d.year:
        out.append(f"- **{L['year']}**{sep}{d.year}")
    out.append(f"- **{L['kind']}**{sep}{kind_label(d.kind, lang)}")
    t = result.tool
    out.append(f"- **{L['tool']}**{sep}{t.name} {t.version}（{L['rules']} {t.rules_version}）"
               if lang == "zh" else f"- **{L['tool']}**{sep}{t.name} {t.version} ({L['rules']} {t.rules_version})")
    return out


def _overview(result: ReviewResult, lang: str) -> list[str]:
    L = _L[lang]
    counts = counts_by_severity(result)
    out = [f"## {L['overview']}", "", L["intro"] if result.findings else L["clean_intro"], ""]
    out += [f"| {L['severity']} | {L['count']} |", "|---|---:|"]
    out += [f"| {severity_label(s, lang)} | {counts[s]} |" for s in SEVERITIES]
    out.append(f"| **{L['total']}** | **{len(result.findings)}** |")
    if result.findings:
        out += ["", f"| {L['rule']} | {L['severity']} | {L['count']} |", "|---|---|---:|"]
        for rule, row in counts_by_rule([result]).items():
            out.append(f"| {rule}（{rule_title(rule, lang)}） | {severity_label(row['severity'], lang)} | "
                       f"{row['findings']} |" if lang == "zh" else
                       f"| {rule} ({rule_title(rule, lang)}) | {severity_label(row['severity'], lang)} | "
                       f"{row['findings']} |")
    return out


def _coverage(result: ReviewResult, lang: str) -> list[str]:
    """What was checked and what a reviewer must still check by hand (capped, '…另有 N 项')."""
    L = _L[lang]
    cov = result.coverage
    out = [f"## {L['coverage']}", "", md_escape(coverage_line(cov, lang)) + ("。" if lang == "zh" else "."), ""]
    items = unchecked(cov)
    if items:
        shown, more = capped(items, lang)
        out += [L["coverage_todo"], ""] + [f"- {md_escape(t)}" for t in shown]
        if more:
            out.append(f"- {more}")
        out.append("")
    return out


def _finding(f: Finding, n: int, lang: str, heading: str | None = None, doc: Document | None = None) -> list[str]:
    L = _L[lang]
    sev = severity_label(f.severity, lang)
    head = f"#### {n}. 【{sev}】{rule_title(f.rule, lang)}（{f.rule}）" if lang == "zh" else \
        f"#### {n}. [{sev}] {rule_title(f.rule, lang)} ({f.rule})"
    out = [head, ""]
    sep = "：" if lang == "zh" else ": "
    for i, ctx in enumerate(quote_contexts(f.evidence, doc)):
        if i:
            out.append("")
        if doc is None:
            out += _blockquote(ctx.plain)
        else:
            out.append("> " + _bold_marked(ctx.pieces))
        out += [">", f"> —— {md_escape(where(ctx.spans, lang, heading))}"]
    out.append("")
    v = f.values
    if v.stated is not None:
        out.append(f"- {L['stated']}{sep}{md_escape(v.stated)}")
    if v.recomputed is not None:
        tol = f"（{L['tolerance']} {md_escape(v.tolerance)}）" if lang == "zh" and v.tolerance else (
            f" ({L['tolerance']} {md_escape(v.tolerance)})" if v.tolerance else "")
        out.append(f"- {L['recomputed']}{sep}{md_escape(v.recomputed)}{tol}")
    if f.origin == "llm":  # a relation the language model proposed and Python verified
        out.append("- 来源：语言模型提出的数字关系，经程序逐一核对原文与算术" if lang == "zh" else
                   "- Origin: a relation proposed by the language model, its numbers and arithmetic verified by Python")
    out.append(f"- **{L['comment']}**{sep}{md_escape(message(f, lang))}")
    if lang == "zh" and f.suggestion and f.suggestion != f.message:
        out.append(f"- 建议更正：{md_escape(f.suggestion)}")
    out.append("")
    return out


def render_markdown(result: ReviewResult, lang: str = "zh", heading_level: int = 1,
                    doc: Document | None = None) -> str:
    """The memo for one document.  ``heading_level`` 2 nests it under a batch memo's title.

    With ``doc`` (the loaded Document) each quote is shown in its line or table row.
    """
    L = _L[lang]
    out = _header(result, lang) + [""] + _overview(result, lang) + [""] + _coverage(result, lang)
    # Number findings in reading order so the closing list can point back to them.
    ordered = reading_order(result.findings)
    number = {f.id: i + 1 for i, f in enumerate(ordered)}
    if ordered:
        out += [f"## {L['findings']}", ""]
        sections: dict[str, list[Finding]] = {}
        for f in ordered:
            sections.setdefault(finding_section(f) or L["no_section"], []).append(f)
        for title, group in sorted(sections.items(), key=lambda kv: min(first_offset(f) for f in kv[1])):
            out += [f"### {md_escape(title)}", ""]
            for f in group:
                out += _finding(f, number[f.id], lang, heading=title, doc=doc)
    out += [f"## {L['ask']}", ""]
    if not ordered:
        out.append(L["none"])
    # One item per distinct request: the same generic suggestion ("请说明预算执行率偏低的原因…")
    # for three projects is asked once, pointing to all three findings.
    items: dict[tuple[str, str], list[int]] = {}
    for f in sorted_findings(ordered):
        items.setdefault((f.severity, suggestion(f, lang)), []).append(number[f.id])
    for i, ((sev, text), nums) in enumerate(items.items(), 1):
        joined = ("、" if lang == "zh" else ", ").join(str(n) for n in sorted(nums))
        see = L["see"].format(n=joined)
        tag = f"【{severity_label(sev, lang)}】" if lang == "zh" else f"[{severity_label(sev, lang)}] "
        out.append(f"{i}. {tag}{md_escape(text)}（{see}）" if lang == "zh" else f"{i}. {tag}{md_escape(text)} ({see})")
    text = "\n".join(out).rstrip() + "\n"
    if heading_level > 1:
        shift = "#" * (heading_level - 1)
        text = re.sub(r"(?m)^#", shift + "#", text)
    return text


def render_markdown_many(results: list[ReviewResult], lang: str = "zh",
                         docs: list[Document | None] | None = None) -> str:
    """One memo for a batch: a table of documents with their counts, then each document's memo."""
    zh = lang == "zh"
    out = ["# 预算文件批量审核意见" if zh else "# Budget document review memo (batch)", ""]
    head = ["文件", "单位", "年度", *[severity_label(s, lang) for s in SEVERITIES], "合计"] if zh else \
        ["File", "Unit", "Year", *[severity_label(s, lang) for s in SEVERITIES], "Total"]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * 3 + "---:|" * 4]
    for r in results:
        c = counts_by_severity(r)
        d = r.document
        out.append(f"| `{document_name(d)}` | {md_escape(d.unit_name or '')} | {d.year or ''} | "
                   + " | ".join(str(c[s]) for s in SEVERITIES) + f" | {len(r.findings)} |")
    out.append("")
    for r, loaded in zip(results, docs or [None] * len(results), strict=True):
        out.append(render_markdown(r, lang, heading_level=2, doc=loaded))
    return "\n".join(out).rstrip() + "\n"

