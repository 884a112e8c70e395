"""`budget-review load FILE`: show what ingestion made of a report (for debugging loaders)."""

from __future__ import annotations

from pathlib import Path

import typer

from agent.cli.common import OutputFormat, write_out


def register(app: typer.Typer) -> None:
    @app.command("load")
    def load(
        file: Path = typer.Argument(..., help="Report file (.txt, .md, .docx, .pdf, .xlsx)."),
        format: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", "-f", help="text or json"),
    ) -> None:
        """Load a report and show its sections and tables."""
        from agent.ingest import load_document

        doc = load_document(file)
        if format == OutputFormat.JSON:
            write_out(doc.model_dump_json(indent=2))
            return
        lines = [
            f"{doc.path}  format={doc.format}  encoding={doc.encoding or '-'}  chars={len(doc.text)}",
            f"sha256={doc.sha256}",
            "",
            "Sections:",
        ]
        for sec in doc.iter_sections():
            lines.append(f"{'  ' * sec.level}{sec.title[:60]}  [{sec.kind.value} {sec.start}-{sec.end}]")
        lines.append("")
        lines.append(f"Tables: {len(doc.tables)}")
        for t in doc.tables:
            width = max((len(r) for r in t.rows), default=0)
            lines.append(f"  {t.id} {t.title or '(untitled)'}: {len(t.rows)} rows x {width} cells [{t.start}-{t.end}]")
        write_out("\n".join(lines))
