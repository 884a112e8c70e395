"""Terminal listing: findings grouped by severity, with the quotes a reviewer checks first.

rich gives colours and correct CJK cell widths; the same code path produces plain text (no
ANSI codes) when output is piped, so `review … > file.txt` stays readable and greppable.
"""

from __future__ import annotations

import io
import sys

from agent.render.common import (
    SEVERITIES,
    counts_by_severity,
    document_name,
    kind_label,
    message,
    rule_title,
    severity_label,
    sorted_findings,
    values_line,
)
from agent.render.context import QuoteContext, quote_contexts, where
from agent.render.coverage import coverage_line
from agent.schemas import Document, ReviewResult, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_QUOTE_MAX = 240


def one_line_quote(quote: str, limit: int = _QUOTE_MAX) -> str:
    """A quote on one line: table cells (tab-led lines) become ' | ' separated, long ones are cut."""
    parts = [p.strip() for p in quote.replace("\t", " ").split("\n")]
    flat = " | ".join(p for p in parts if p)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty()


def render_text(result: ReviewResult, lang: str = "zh", color: bool | None = None, width: int | None = None,
                doc: Document | None = None) -> str:
    """The listing as a string; ANSI colours only when ``color`` (default: stdout is a TTY).

    With ``doc`` each quote is shown inside its line or table row, the quoted part marked.
    """
    from rich.console import Console  # rich loads only for terminal output (import agent.render stays light)
    from rich.text import Text

    use_color = _use_color(color)
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=use_color,
        no_color=not use_color,
        color_system="standard" if use_color else None,
        width=width or 100,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )
    zh = lang == "zh"
    for notice in result.tool.notices:  # how the review ran, before anything it found
        console.print(Text(("【注意】" if zh else "[notice] ") + (notice.message if zh else notice.message_en),
                           style="bold yellow"))
    d = result.document
    head = Text(d.title or document_name(d), style="bold")
    head.append(f"  ({document_name(d)})", style="dim")
    console.print(head)
    meta = []
    if d.unit_name:
        meta.append(("单位：" if zh else "unit: ") + d.unit_name)
    if d.year:
        meta.append(("年度：" if zh else "year: ") + str(d.year))
    meta.append(("类型：" if zh else "kind: ") + kind_label(d.kind, lang))
    console.print(Text(("  ".join(meta)), style="dim"))

    counts = counts_by_severity(result)
    total = len(result.findings)
    line = Text(f"共 {total} 项：" if zh else f"{total} finding{'s' if total != 1 else ''}: ")
    for i, sev in enumerate(SEVERITIES):
        if i:
            line.append(" · ")
        line.append(f"{severity_label(sev, lang)} {counts[sev]}", style=_STYLE[sev] if counts[sev] else "dim")
    console.print(line)
    console.print(Text(coverage_line(result.coverage, lang), style="dim"))
    if not result.findings:
        console.print(Text("未发现问题。" if zh else "No findings.", style="green"))
        return buf.getvalue()

    ordered = sorted_findings(result.findings)
    n = 0
    for sev in SEVERITIES:
        group = [f for f in ordered if f.severity == sev]
        if not group:
            continue
        console.print()
        console.print(Text(f"{severity_label(sev, lang)} ({len(group)})", style=_STYLE[sev] + " underline"))
        for f in group:
            n += 1
            t = Text(f"{n:>3}. ")
            t.append(f.rule, style=_STYLE[sev])
            t.append(f"  {rule_title(f.rule, lang)}", style="dim")
            console.print(t)
            console.print(Text("     " + message(f, lang)))
            vals = values_line(f, lang)
            if vals:
                console.print(Text("     " + vals, style="magenta"))
            for ctx in quote_contexts(f.evidence, doc):
                console.print(_quote_line(ctx, lang, Text, use_color and doc is not None))
    return buf.getvalue()


def _quote_line(ctx: QuoteContext, lang: str, text_cls, highlight: bool) -> object:
    """「context with 【quote】 marked」 — section · offsets; colour marks the quote instead of 【】."""
    t = text_cls("     「" if lang == "zh" else "     “", style="green")
    if len(ctx.pieces) == 1 and ctx.pieces[0][1]:  # a bare quote (no document given)
        t.append(one_line_quote(ctx.pieces[0][0]), style="green")
    else:
        for piece, quoted in ctx.pieces:
            if not quoted:
                t.append(piece, style="green")
            elif highlight:
                t.append(piece, style="bold reverse green")
            else:
                t.append(f"【{piece}】", style="green")
    t.append("」" if lang == "zh" else "”", style="green")
    t.append("  — " + where(ctx.spans, lang), style="dim")
    return t
