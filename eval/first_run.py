"""Record a set's first-run figures in ``first_run.json`` beside its labels — once.

A frozen set measures generalisation only on its first run, before anything was learnt from it;
that figure must not be silently replaced by a later, better one.  The file is created
exclusively: if it exists, recording refuses and leaves it untouched.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from eval.dataset import FIRST_RUN, REPO_ROOT, Dataset
from eval.log import EvalLog


class FirstRunExists(FileExistsError):
    """The set already has a recorded first run."""


def first_run_path(dataset_path: Path, dataset: Dataset) -> Path:
    """Where a one-set dataset's first run goes: beside its label file (or in its folder)."""
    if len(dataset.sets) != 1:
        names = ", ".join(s.name for s in dataset.sets) or "none"
        raise ValueError(f"--record-first-run needs one set (a label file or its folder); got: {names}")
    return (dataset_path if dataset_path.is_dir() else dataset_path.parent) / FIRST_RUN


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def first_run_record(log: EvalLog, dataset: Dataset) -> dict[str, Any]:
    from eval.report import summary_dict

    s = summary_dict(log, samples=False)
    return {
        "version": "1",
        "set": dataset.sets[0].name if dataset.sets else dataset.name,
        "frozen": dataset.frozen,
        "created": log.created,
        "dataset": log.dataset,
        "dataset_sha256": log.dataset_sha256,
        "provider": log.provider,
        "model": log.model,
        "tool_version": log.tool_version,
        "git_commit": _git_commit(),
        "samples": len(log.runs),
        **{k: s[k] for k in ("overall", "overall_severity", "overall_incl_info", "per_rule", "clean",
                             "near_miss_violations", "samples_failed")},
        "missed": sorted(f"{x.id} {lb.rule} {lb.keys}" for x in (log.scores.samples if log.scores else [])
                         for lb in x.labels if lb.required and not lb.found),
        "false_alarms": sorted(f"{x.id} {f.rule}/{f.severity}: {(f.quotes[0] if f.quotes else f.message)[:80]}"
                               for x in (log.scores.samples if log.scores else [])
                               for f in x.findings if f.outcome == "false_alarm"),
    }


def record_first_run(log: EvalLog, dataset: Dataset, dataset_path: Path) -> Path:
    """Write ``first_run.json``; refuse (FirstRunExists) if the set already has one."""
    path = first_run_path(dataset_path, dataset)
    text = json.dumps(first_run_record(log, dataset), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError as e:
        raise FirstRunExists(f"{path} exists: a set's first-run figure is recorded once and never replaced") from e
    return path
