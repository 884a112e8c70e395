"""`budget-review eval`: score the reviewer against the labelled eval set (see docs/eval.md).

Thin: parses options and calls eval.run / eval.report; everything heavy is imported inside.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from agent.cli.common import write_out


class EvalFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    MARKDOWN = "markdown"


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        dataset: Path | None = typer.Option(None, "--dataset", "-d",
                                            help="Label file or directory (default: eval/data)."),
        provider: str = typer.Option("rules", "--provider", help="rules (offline, default) or openai."),
        model: str | None = typer.Option(None, "--model", help="Model name for an LLM provider."),
        format: EvalFormat = typer.Option(EvalFormat.TEXT, "--format", "-f", help="text, json, html or markdown."),
        out: Path | None = typer.Option(None, "--out", "-o",
                                        help="Directory to save eval-log.json and report.{html,md,json,txt}."),
        compare: tuple[Path, Path] | None = typer.Option(None, "--compare", help="Compare two saved runs (log or dir).",
                                                         show_default=False),
        rescore: Path | None = typer.Option(None, "--rescore",
                                            help="Re-score a saved run against the dataset without re-running."),
    ) -> None:
        """Run the reviewer on the labelled eval set and report precision/recall per rule."""
        from agent.errors import InputError
        from eval.dataset import load_dataset
        from eval.log import EvalLog
        from eval.report import RENDERERS, render_compare
        from eval.report import compare as compare_runs

        if compare:
            a, b = (EvalLog.load(p) for p in compare)
            write_out(render_compare(compare_runs(a, b), "json" if format == EvalFormat.JSON else "text"))
            return
        try:
            ds = load_dataset(dataset)
        except (OSError, ValueError) as e:
            raise InputError(f"cannot load dataset: {e}", str(dataset or "eval/data")) from e
        if rescore:
            from eval.run import rescore as rescore_log

            log = rescore_log(EvalLog.load(rescore), ds)
        else:
            from eval.run import run_eval
            from eval.solver import PipelineSolver

            log = run_eval(ds, PipelineSolver(provider, model), provider=provider, model=model)
        if out:
            out.mkdir(parents=True, exist_ok=True)
            log.save(out / "eval-log.json")
            for name, ext in (("html", "html"), ("markdown", "md"), ("json", "json"), ("text", "txt")):
                (out / f"report.{ext}").write_text(RENDERERS[name](log) + "\n", encoding="utf-8")
        write_out(RENDERERS[format.value](log))
