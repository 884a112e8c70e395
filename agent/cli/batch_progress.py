"""Progress display for `batch`: a rich bar with ETA and running severity counts on a terminal,
one plain line per report when piped (logs of a scheduled job stay readable), nothing with --quiet.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from agent.batch import BatchObserver
from agent.batch.manifest import ManifestEntry


class _Counts:
    def __init__(self) -> None:
        self.sev: Counter[str] = Counter()
        self.failed = 0
        self.n = 0

    def add(self, e: ManifestEntry) -> None:
        self.n += 1
        if e.status == "ok":
            self.sev.update(e.by_severity)
        else:
            self.failed += 1

    def text(self) -> str:
        return (f"E {self.sev.get('error', 0)}  W {self.sev.get('warning', 0)}  I {self.sev.get('info', 0)}"
                f"  failed {self.failed}")


class QuietObserver(BatchObserver):
    def __enter__(self) -> QuietObserver:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


class PlainObserver(QuietObserver):
    def __init__(self) -> None:
        self.c = _Counts()
        self.todo = 0

    def start(self, todo: int, skipped: int, engine: str) -> None:
        self.todo = todo
        print(f"batch: {todo} to review, {skipped} already done (skipped), engine {engine}",
              file=sys.stderr, flush=True)

    def done(self, entry: ManifestEntry) -> None:
        self.c.add(entry)
        what = entry.error if entry.status != "ok" else \
            " ".join(f"{k}={v}" for k, v in sorted(entry.by_severity.items())) or "no findings"
        print(f"[{self.c.n}/{self.todo}] {entry.status} {entry.rel}: {what}  ({self.c.text()})",
              file=sys.stderr, flush=True)


class RichObserver(QuietObserver):
    def __init__(self, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.c = _Counts()
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("•"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), TextColumn("• {task.fields[counts]}"),
            console=console, transient=False,
        )
        self.task: Any = None

    def __enter__(self) -> RichObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()

    def start(self, todo: int, skipped: int, engine: str) -> None:
        if skipped:
            self.progress.console.print(f"{skipped} reports already done (skipped); engine {engine}")
        self.task = self.progress.add_task("reviewing", total=todo, counts=self.c.text())

    def done(self, entry: ManifestEntry) -> None:
        self.c.add(entry)
        if entry.status != "ok":
            from rich.markup import escape

            self.progress.console.print(f"[red]failed[/red] {escape(entry.rel)}: {escape(entry.error or '')}",
                                        highlight=False)
        if self.task is not None:
            self.progress.update(self.task, advance=1, counts=self.c.text())


def make_observer(quiet: bool) -> QuietObserver:
    if quiet:
        return QuietObserver()
    from rich.console import Console

    console = Console(stderr=True)
    return RichObserver(console) if console.is_terminal else PlainObserver()
