"""`budget-review review FILE` and `budget-review rules`: the product's main job."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from agent.cli.common import FailOn, Lang, format_for_out, with_replies, write_out


class ReviewFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    DOCX = "docx"
    XLSX = "xlsx"


class SeverityOpt(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def fail_exit_code(result, fail_on: FailOn | None) -> int:
    """1 when findings at or above --fail-on exist (for sign-off gates), else 0."""
    if fail_on is None:
        return 0
    floor = {"error": 3, "warning": 2}[fail_on.value]
    return 1 if any(f.severity.rank >= floor for f in result.findings) else 0


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review(
        file: Path = typer.Argument(..., help="Report file (.txt, .md, .docx, .pdf, .xlsx)."),
        format: ReviewFormat = typer.Option(None, "--format", "-f",
                                            help="text (default on a terminal), json, markdown, docx, xlsx; "
                                            "inferred from --out's suffix (.txt .json .md .docx .xlsx)."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write the output to this file (required for docx/xlsx)."),
        lang: Lang = typer.Option(Lang.ZH, "--lang", help="Language of the messages: zh or en."),
        rules: str | None = typer.Option(None, "--rules", help="Only these rule IDs, comma-separated."),
        min_severity: SeverityOpt | None = typer.Option(None, "--min-severity", help="Hide findings below this."),
        fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 when findings of this severity or worse exist."),
        config: Path | None = typer.Option(None, "--config", help="budget-review.toml to use."),
        provider: str | None = typer.Option(None, "--provider", help="Extractor: rules (default), openai, scripted."),
        model: str | None = typer.Option(None, "--model", help="Model name for an LLM provider."),
        polish: bool = typer.Option(False, "--polish", help="Reword comments with the LLM provider (numbers are kept)."),
        strict_llm: bool = typer.Option(False, "--strict-llm",
                                        help="Exit 5 when any LLM step fell back to the rules or was rejected."),
        replies: Path | None = typer.Option(None, "--replies", metavar="DIR",
                                            help="Scripted provider: answer from DIR/<file stem>.yaml (docs/llm.md)."),
    ) -> None:
        """Review a report: every catalogue rule, with verbatim evidence and recomputed values."""
        from agent.config import load_settings
        from agent.ingest import load_document
        from agent.pipeline import review_document
        from agent.render import render

        fmt = format_for_out(format, out, "text" if sys.stdout.isatty() else "json")
        settings, provider = with_replies(load_settings(config), provider, replies)
        doc = load_document(file)
        rule_ids = [r.strip().upper() for r in rules.split(",") if r.strip()] if rules else None
        result = review_document(doc, settings, provider=provider, model=model, rules=rule_ids,
                                 min_severity=min_severity.value if min_severity else None)
        if polish:
            from agent.render.polish import polish_findings

            result = polish_findings(result, settings, provider=provider, model=model)
        from agent.providers.notices import emit_notices, strict_failure

        emit_notices(result, lang.value)
        text = render(result, fmt, doc=doc, out=out, lang=lang.value, color=sys.stdout.isatty() if out is None else False)
        if text is not None and out is None:
            write_out(text)
        elif out is not None:
            typer.echo(f"wrote {out} ({result.summary.total} findings)", err=True)
        if strict_llm and (err := strict_failure([result])) is not None:
            raise err
        raise typer.Exit(fail_exit_code(result, fail_on))

    @app.command("rules")
    def rules_cmd(
        format: str = typer.Option("text", "--format", "-f", help="text or json"),
        config: Path | None = typer.Option(None, "--config", help="budget-review.toml to use."),
    ) -> None:
        """List every rule with its severity, description and parameters."""
        import json

        from agent.checks.registry import RULES, RULES_VERSION
        from agent.config import load_settings

        cfg = load_settings(config).checks
        rows: list[dict[str, Any]] = []
        for r in RULES.values():
            params = {k: str(getattr(cfg, k, v)) for k, v in r.params.items()}
            rows.append({"rule": r.id, "severity": r.severity.value, "title": r.title_zh, "description": r.description,
                         "params": params})
        if format == "json":
            write_out(json.dumps({"rules_version": RULES_VERSION, "rules": rows}, ensure_ascii=False, indent=2))
            return
        lines = [f"rules version {RULES_VERSION}"]
        for row in rows:
            p = ", ".join(f"{k}={v}" for k, v in row["params"].items())
            lines.append(f"{row['rule']:<20} {row['severity']:<8} {row['title']} — {row['description']}"
                         + (f" [{p}]" if p else ""))
        write_out("\n".join(lines))
