"""`budget-review batch` as a user runs it: exit codes for --fail-on and failures, plain progress, light import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, inp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT)]))
    cmd = [sys.executable, "-m", "agent.cli.main", "batch", str(inp), "--out", str(tmp_path / "out"),
           "--jobs", "1", "--review-fn", "batch_support:fake_review", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)


def _folder(tmp_path: Path, **files: str) -> Path:
    inp = tmp_path / "in"
    inp.mkdir(exist_ok=True)
    for name, text in files.items():
        (inp / f"{name}.txt").write_text(text, encoding="utf-8")
    return inp


def test_fail_on_warning_and_error(tmp_path: Path) -> None:
    inp = _folder(tmp_path, a="一、情况\n收入1.00万元。\n", b="一、情况\nWARN_MARK\n")
    assert _run(tmp_path, inp).returncode == 0
    assert _run(tmp_path, inp, "--fail-on", "error").returncode == 0
    r = _run(tmp_path, inp, "--fail-on", "warning")
    assert r.returncode == 1, r.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["exit_code"] == 1 and summary["skipped"] == 2  # the gate also counts skipped reports
    _folder(tmp_path, c="一、情况\nERROR_MARK\n")
    assert _run(tmp_path, inp, "--fail-on", "error").returncode == 1


def test_failed_file_exits_3_even_with_fail_on_findings(tmp_path: Path) -> None:
    inp = _folder(tmp_path, a="一、情况\nERROR_MARK\n", empty="")
    r = _run(tmp_path, inp, "--fail-on", "error")
    assert r.returncode == 3
    assert "failed: empty.txt:" in r.stderr and "file is empty" in r.stderr
    assert "[1/2]" in r.stderr or "[2/2]" in r.stderr  # plain progress lines when not a terminal
    assert "2 reports: 1 reviewed" in r.stdout


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    inp = _folder(tmp_path, a="一、情况\n")
    assert _run(tmp_path, inp, "--formats", "json,pdf").returncode == 2


def test_cli_import_stays_light() -> None:
    code = ("import sys, agent.cli.main; heavy = [m for m in ('dask', 'distributed', 'openpyxl', 'docx', "
            "'chromadb', 'langchain', 'agent.batch', 'rich.progress') if m in sys.modules]; print(heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_offline_worker_path_does_not_import_chroma_langchain_or_dask() -> None:
    code = ("import sys; from pathlib import Path; from agent.batch.worker import default_review; "
            "default_review(Path('samples/dept_self_eval_errors.txt')); "
            "print([m for m in ('chromadb', 'langchain', 'langchain_core', 'openai', 'dask', 'distributed') "
            "if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_unknown_rule_is_a_config_error_before_any_review(tmp_path: Path) -> None:
    inp = _folder(tmp_path, a="一、情况\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "agent.cli.main", "batch", str(inp), "--out", str(tmp_path / "out"),
                        "--rules", "NO_SUCH_RULE"], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 4 and "unknown rule id(s): NO_SUCH_RULE" in r.stderr
    assert not (tmp_path / "out").exists()


def test_rule_ids_are_case_insensitive_as_in_review(tmp_path: Path) -> None:
    inp = _folder(tmp_path, a="一、情况\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "agent.cli.main", "batch", str(inp), "--out", str(tmp_path / "out"),
                        "--jobs", "0", "--quiet", "--rules", "missing_item"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["totals"]["by_rule"]) <= {"MISSING_ITEM"}


def test_unreachable_dask_scheduler_fails_within_the_timeout(tmp_path: Path) -> None:
    import time

    inp = _folder(tmp_path, a="一、情况\n收入1.00万元。\n")
    t0 = time.monotonic()
    r = _run(tmp_path, inp, "--dask-scheduler", "tcp://127.0.0.1:9", "--dask-timeout", "1")
    assert r.returncode == 4, r.stderr
    assert "cannot reach the Dask scheduler" in r.stderr
    assert time.monotonic() - t0 < 25  # was a fixed 30 s wait
    from agent.batch import BatchOptions

    assert BatchOptions(inputs=[], out=tmp_path).dask_timeout <= 5
