"""`budget-review batch DIR|GLOB… --out OUT`: pre-review every report of a folder tree at once.

Only argument parsing and the progress display live here; the runner is ``agent.batch``
(imported inside the command, with rich's progress, so `budget-review --help` stays fast).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from agent.cli.common import FailOn, Lang, with_replies


def _csv(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch(
        inputs: list[str] = typer.Argument(..., metavar="DIR|GLOB|FILE…",
                                           help="Folders (searched recursively), glob patterns or files."),
        out: Path = typer.Option(..., "--out", "-o", help="Output folder (reports, manifest, summary)."),
        jobs: int | None = typer.Option(None, "--jobs", "-j", min=0,
                                        help="Worker processes (default: CPU count; 0 = in this process)."),
        provider: str | None = typer.Option(None, "--provider", help="Extraction provider (default from config)."),
        model: str | None = typer.Option(None, "--model", help="Model name for an LLM provider."),
        rules: str | None = typer.Option(None, "--rules", help="Only these rule IDs, comma-separated."),
        fail_on: FailOn | None = typer.Option(None, "--fail-on",
                                              help="Exit 1 when any report has findings of this severity or worse."),
        formats: str = typer.Option("json", "--formats",
                                    help="Per-report outputs, comma-separated: json,markdown,docx,xlsx,text."),
        lang: Lang = typer.Option(Lang.ZH, "--lang", help="Language of the memo and summary."),
        config: Path | None = typer.Option(None, "--config", help="Settings file (budget-review.toml)."),
        dask_scheduler: str | None = typer.Option(None, "--dask-scheduler", metavar="ADDRESS",
                                                  help="Run on a Dask cluster, e.g. tcp://10.0.0.5:8786."),
        dask_timeout: float = typer.Option(5.0, "--dask-timeout", min=0.1, metavar="SECONDS",
                                           help="Give up on an unreachable --dask-scheduler after this long."),
        chroma_url: str | None = typer.Option(None, "--chroma-url", metavar="URL",
                                              help="Chroma server all workers share, e.g. http://10.0.0.5:8000."),
        force: bool = typer.Option(False, "--force", help="Review every report again, ignoring the manifest."),
        fsync: bool = typer.Option(True, "--fsync/--no-fsync",
                                   help="fsync every file (survives power cuts); --no-fsync is faster on slow "
                                   "network file systems and still safe against killed processes."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
        strict_llm: bool = typer.Option(False, "--strict-llm",
                                        help="Exit 5 at the end when the LLM path degraded in any report "
                                        "(every report is still reviewed)."),
        replies: Path | None = typer.Option(None, "--replies", metavar="DIR",
                                            help="Scripted provider: answer from DIR/<file stem>.yaml (docs/llm.md)."),
        review_fn: str | None = typer.Option(None, "--review-fn", hidden=True,
                                             help="module:function replacing the pipeline (tests, benchmarks)."),
    ) -> None:
        """Review many reports in parallel; resumable; writes per-report outputs and a summary.

        Rerun the same command to resume: finished reports are skipped. Exit status: 0 all reviewed,
        1 findings at the --fail-on level, 3 a file failed (3 wins over 1). See docs/batch.md.
        """
        if dask_scheduler is None and jobs != 0:
            from agent.forkserver import prestart

            prestart()  # the workers' imports overlap with this command's own start-up
        from agent.batch import BatchOptions, normalise_formats, run_batch
        from agent.cli.batch_progress import make_observer
        from agent.config import load_settings

        try:
            fmts = normalise_formats(_csv(formats) or ["json"])
        except ValueError as e:  # a usage error: exit 2 like the parser's own
            print(f"budget-review: error: --formats: {e}", file=sys.stderr)
            raise typer.Exit(2) from None
        rule_ids = [r.upper() for r in _csv(rules) or []] or None  # as `review --rules`: case-insensitive
        if rule_ids and review_fn is None:  # fail once here rather than once per report
            from agent.checks import RULES
            from agent.errors import ConfigError

            unknown = [r for r in rule_ids if r not in RULES]
            if unknown:
                raise ConfigError(f"unknown rule id(s): {', '.join(unknown)} (see `budget-review rules`)", "--rules")
        settings, provider = with_replies(load_settings(config), provider, replies)
        llm = settings.llm.model_copy(update={k: v for k, v in (("provider", provider), ("model", model)) if v})
        settings = settings.model_copy(update={"llm": llm, "lang": lang.value,
                                               **({"chroma_url": chroma_url} if chroma_url else {})})
        opts = BatchOptions(
            inputs=inputs, out=out, jobs=jobs, formats=fmts, settings=settings, provider=provider, model=model,
            rules=rule_ids, lang=lang.value, fail_on=fail_on.value if fail_on else None,
            dask_scheduler=dask_scheduler, dask_timeout=dask_timeout, review_fn=review_fn, force=force, durable=fsync,
            strict_llm=strict_llm,
        )
        observer = make_observer(quiet)
        try:
            with observer:
                summary = run_batch(opts, observer)
        except KeyboardInterrupt:
            print(f"budget-review: interrupted; finished reports are kept, rerun to complete ({out}/summary.md)",
                  file=sys.stderr)
            raise typer.Exit(130) from None
        t = summary.totals
        sev = t.by_severity
        print(
            f"{t.documents} reports: {t.ok} reviewed ({summary.reviewed_this_run} this run, "
            f"{summary.skipped} skipped), {t.failed} failed; findings: {sev.get('error', 0)} error, "
            f"{sev.get('warning', 0)} warning, {sev.get('info', 0)} info; "
            f"{summary.reports_per_min:.0f} reports/min -> {out / 'summary.md'}"
        )
        degraded = [d for d in summary.documents if d.degraded and d.this_run]
        for d in degraded[:20]:  # one stderr line per notice, as `review` prints them
            for n in d.notices:
                print(f"budget-review: warning: {d.rel}: {n}", file=sys.stderr)
        if len(degraded) > 20:
            print(f"  … LLM notices in {len(degraded) - 20} more reports (see summary.md)", file=sys.stderr)
        if summary.totals.degraded:
            print(f"  language model degraded in {summary.totals.degraded} report(s)"
                  + ("; --strict-llm: exit 5" if summary.exit_code == 5 else ""), file=sys.stderr)
        for f in summary.failed[:20]:
            print(f"  failed: {f.rel}: {f.reason}", file=sys.stderr)
        if len(summary.failed) > 20:
            print(f"  … and {len(summary.failed) - 20} more (see summary.md)", file=sys.stderr)
        raise typer.Exit(summary.exit_code)
