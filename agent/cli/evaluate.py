"""`budget-review eval`: score the reviewer against the labelled eval set (see docs/eval.md).

Thin: parses options and calls eval.run / eval.report; everything heavy is imported inside.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from agent.cli.common import write_out

if TYPE_CHECKING:
    from eval.dataset import Dataset


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
        provider: str | None = typer.Option(None, "--provider", help="rules (offline, default), openai or scripted."),
        model: str | None = typer.Option(None, "--model", help="Model name for an LLM provider."),
        format: EvalFormat = typer.Option(EvalFormat.TEXT, "--format", "-f", help="text, json, html or markdown."),
        out: Path | None = typer.Option(None, "--out", "-o",
                                        help="Directory to save eval-log.json and report.{html,md,json,txt}."),
        compare: tuple[Path, Path] | None = typer.Option(None, "--compare", help="Compare two saved runs (log or dir).",
                                                         show_default=False),
        rescore: Path | None = typer.Option(None, "--rescore",
                                            help="Re-score a saved run against the dataset without re-running."),
        lint: bool = typer.Option(False, "--lint", help="Check the labels (keys pin the stated figure) instead of "
                                  "running; exit 1 if any required label is flagged."),
        record_first_run: bool = typer.Option(False, "--record-first-run",
                                              help="Write the run's figures to first_run.json beside the set's labels; "
                                              "refuses if one exists."),
        replies: Path | None = typer.Option(None, "--replies", metavar="DIR",
                                            help="Scripted provider: answer from DIR/<file stem>.yaml (docs/llm.md)."),
        strict_llm: bool = typer.Option(False, "--strict-llm",
                                        help="Exit 5 at the end when the LLM path degraded on any sample."),
        config: Path | None = typer.Option(None, "--config", help="budget-review.toml to use."),
    ) -> None:
        """Run the reviewer on the labelled eval set and report precision/recall per set and per rule."""
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
        if lint:
            _lint(ds, format)
            return
        first_run = None
        if record_first_run:
            from eval.first_run import first_run_path

            try:
                first_run = first_run_path(dataset or _default_dataset(), ds)
            except ValueError as e:
                raise InputError(str(e), str(dataset or "eval/data")) from e
            if first_run.exists():
                raise InputError("first run already recorded; a set's first-run figure is never replaced",
                                 str(first_run))
        if rescore:
            from eval.run import rescore as rescore_log

            log = rescore_log(EvalLog.load(rescore), ds)
        else:
            from agent.cli.common import with_replies
            from agent.config import load_settings
            from eval.run import run_eval
            from eval.solver import PipelineSolver

            settings, chosen = with_replies(load_settings(config), provider, replies)
            provider = chosen or "rules"
            log = run_eval(ds, PipelineSolver(provider, model, settings=settings), provider=provider, model=model)
        if out:
            out.mkdir(parents=True, exist_ok=True)
            log.save(out / "eval-log.json")
            for name, ext in (("html", "html"), ("markdown", "md"), ("json", "json"), ("text", "txt")):
                (out / f"report.{ext}").write_text(RENDERERS[name](log) + "\n", encoding="utf-8")
        if first_run is not None:
            from eval.first_run import FirstRunExists
            from eval.first_run import record_first_run as record

            try:
                record(log, ds, dataset or _default_dataset())
            except FirstRunExists as e:
                raise InputError(str(e), str(first_run)) from e
        write_out(RENDERERS[format.value](log))
        if not rescore:
            _emit_notices(log)
        if strict_llm:
            _strict(log)


def _emit_notices(log) -> None:  # noqa: ANN001 - eval.log.EvalLog, imported lazily
    """One stderr line per LLM notice of every sample, as `review` prints them: a degraded run is visible."""
    import sys

    for r in log.runs:
        for n in r.notices:
            print(f"budget-review: warning: {r.id}: {n}", file=sys.stderr)


def _strict(log) -> None:  # noqa: ANN001 - eval.log.EvalLog, imported lazily
    """``--strict-llm``: every sample was scored and the report written; exit 5 if the LLM path
    degraded on any of them."""
    from agent.errors import ProviderError

    degraded = [r for r in log.runs if r.notices]
    if degraded:
        n = sum(len(r.notices) for r in degraded)
        raise ProviderError(f"--strict-llm: the language model path degraded ({n} notice{'s' if n != 1 else ''} "
                            f"in {len(degraded)} sample{'s' if len(degraded) != 1 else ''}; see the warnings above)")


def _default_dataset() -> Path:
    from eval.dataset import DEFAULT_DATASET

    return DEFAULT_DATASET


def _lint(ds: Dataset, format: EvalFormat) -> None:
    """Print the label lint (eval/lint.py) and exit 1 when a required label is flagged."""
    import json

    from eval.lint import lint_dataset

    issues = lint_dataset(ds)
    if format == EvalFormat.JSON:
        write_out(json.dumps([vars(i) for i in issues], ensure_ascii=False, indent=1))
    else:
        lines = [i.line() for i in issues]
        n = sum(lb.required for s in ds.samples for lb in s.expected)
        lines.append(f"label lint: {len(issues)} issue(s) over {n} required labels")
        write_out("\n".join(lines))
    if issues:
        raise typer.Exit(1)
