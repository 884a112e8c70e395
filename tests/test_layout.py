"""The package layout a newcomer navigates: pipeline stages as folders, no dead code, portable tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGENT = ROOT / "agent"


def test_batch_is_a_package_of_one_job_modules():
    names = {p.stem for p in (AGENT / "batch").glob("*.py")}
    assert {"runner", "engines", "manifest", "summary", "worker", "atomic"} <= names
    assert not list(AGENT.glob("batch*.py")), "batch modules belong in agent/batch/"
    assert not (AGENT / "polish.py").exists() and (AGENT / "render" / "polish.py").is_file()


def test_public_batch_names_still_import():
    from agent.batch import BatchObserver, BatchOptions, discover, exit_code_for, normalise_formats, run_batch
    from agent.batch.runner import run_batch as runner_run_batch

    assert run_batch is runner_run_batch
    assert all(callable(x) for x in (BatchObserver, BatchOptions, discover, exit_code_for, normalise_formats))


def test_the_old_atomic_name_is_only_a_re_export():
    import agent.atomic
    import agent.batch.atomic

    assert agent.atomic.atomic_path is agent.batch.atomic.atomic_path
    assert agent.atomic.atomic_write_text is agent.batch.atomic.atomic_write_text
    import ast

    body = ast.parse((AGENT / "atomic.py").read_text(encoding="utf-8")).body
    kinds = {type(node).__name__ for node in body}
    assert kinds <= {"Expr", "ImportFrom", "Assign"}, kinds  # docstring, re-export, __all__: no logic


def test_dead_code_is_gone():
    from agent.extract.rules import tokens
    from eval import solver

    assert not hasattr(tokens, "percent_tokens")
    assert not hasattr(solver, "ScriptedSolver") and not hasattr(solver, "file_exists")


def test_tests_run_from_any_virtualenv_and_never_skip_on_own_modules():
    venv_python = "/".join([".venv", "bin", "python"])
    own = re.compile(r"importorskip\(\s*[\"'](agent|eval|vectorstore)\b")
    for path in (ROOT / "tests").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert venv_python not in text, path.name
        assert not own.search(text), path.name
