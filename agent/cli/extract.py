"""`budget-review extract FILE` (the grounded facts) and `budget-review schema` (their JSON Schema)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from agent.cli.common import write_out


class FactsFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cmd(
        file: Path = typer.Argument(..., help="Report file."),
        format: FactsFormat = typer.Option(FactsFormat.JSON, "--format", "-f", help="json or table"),
        provider: str | None = typer.Option(None, "--provider", help="rules (default), openai, scripted."),
        model: str | None = typer.Option(None, "--model", help="Model name for an LLM provider."),
        config: Path | None = typer.Option(None, "--config", help="budget-review.toml to use."),
    ) -> None:
        """Print the figures and claims extracted from a report, each with its verbatim quote."""
        from agent.config import load_settings
        from agent.ingest import load_document
        from agent.pipeline import extract

        doc = load_document(file)
        facts = extract(doc, load_settings(config), provider=provider, model=model)
        if format == FactsFormat.JSON:
            write_out(facts.model_dump_json(indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{doc.path} — {len(facts.all_figures())} figures, {len(facts.claims)} claims")
        for col in ("key", "label", "value", "unit", "quote", "offsets", "section"):
            table.add_column(col, overflow="fold")
        for f in facts.all_figures():
            table.add_row(f.key, f.label, f"{f.value:f}", f.unit, f.span.quote, f"{f.span.start}-{f.span.end}",
                          (f.section or "").split(" > ")[-1])
        Console(width=200).print(table)
        claims = Table(title="claims")
        for col in ("kind", "label", "quote"):
            claims.add_column(col, overflow="fold")
        for c in facts.claims:
            claims.add_row(c.kind, c.label, c.span.quote[:80])
        Console(width=200).print(claims)

    @app.command("schema")
    def schema_cmd(
        what: str = typer.Argument("facts", help="facts, finding or review"),
    ) -> None:
        """Print the JSON Schema of the facts (handed to LLM providers) or of a review result."""
        from pydantic import BaseModel

        from agent.schemas import Facts, Finding, ReviewResult

        models: dict[str, type[BaseModel]] = {"facts": Facts, "finding": Finding, "review": ReviewResult}
        model = models.get(what)
        if model is None:
            raise typer.BadParameter("choose facts, finding or review")
        write_out(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
