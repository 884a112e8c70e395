"""mypy (configured in pyproject.toml, pydantic plugin) is clean on the output, CLI, batch and config code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["agent/render", "agent/cli", "agent/batch", "agent/config.py"]


@pytest.mark.timeout(600)
def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="mypy is in the test extras: pip install -e '.[test]'")
    r = subprocess.run([sys.executable, "-m", "mypy", *TARGETS], capture_output=True, text=True, cwd=ROOT,
                       timeout=590)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "Success: no issues found" in r.stdout
