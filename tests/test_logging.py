"""`--verbose` logs the pipeline's steps to stderr (stdout stays the output); failures that are
handled are logged, never swallowed silently."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "dept_self_eval_errors.txt"


def _review(*flags: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_REVIEW_")}
    return subprocess.run([sys.executable, "-m", "agent.cli.main", *flags, "review", str(SAMPLE), "--format", "json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)


def test_verbose_logs_debug_lines_to_stderr_only():
    r = _review("--verbose")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["findings"]  # stdout is still the JSON report
    lines = r.stderr.splitlines()
    assert any(ln.startswith("budget-review: DEBUG agent.pipeline:") and "findings from the checks" in ln
               for ln in lines), r.stderr
    assert any("DEBUG agent.config" in ln for ln in lines)
    quiet = _review()
    assert quiet.returncode == 0 and "DEBUG" not in quiet.stderr


def test_an_unreadable_manifest_entry_is_logged(tmp_path, caplog):
    from agent.batch.manifest import Manifest

    m = Manifest(tmp_path)
    m.dir.mkdir(parents=True, exist_ok=True)
    m.path("k").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="agent.batch.manifest"):
        assert m.read("k") is None
    assert any("unreadable" in r.getMessage() for r in caplog.records)


def test_a_failed_report_in_a_batch_is_logged(tmp_path, caplog):
    from agent.batch import BatchOptions, run_batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    with caplog.at_level(logging.DEBUG, logger="agent.batch.worker"):
        s = run_batch(BatchOptions(inputs=[str(tmp_path / "in")], out=tmp_path / "out", jobs=0, summary_xlsx=False))
    assert s.totals.failed == 1
    rec = next(r for r in caplog.records if "review of empty.txt failed" in r.getMessage())
    assert rec.exc_info is not None  # the traceback is kept for --verbose
