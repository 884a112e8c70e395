"""Offline commands never import the heavy LLM / vector-store stacks (fast start-up, no network code)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, SAMPLES_DIR

PROBE = """
import sys
sys.argv = ["budget-review", *{argv!r}]
from agent.cli import main
try:
    main.run()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {{"chromadb", "langchain", "langchain_core",
    "langchain_openai", "openai", "dask", "distributed", "torch"}})
print("HEAVY:", ",".join(heavy), file=sys.stderr)
"""


def heavy_modules(*argv: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=list(argv))], capture_output=True, text=True,
                          cwd=ROOT)
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY:")]
    assert line, proc.stderr
    return line[-1].removeprefix("HEAVY:").strip()


def test_help_imports_nothing_heavy():
    assert heavy_modules("--help") == ""


def test_offline_review_imports_nothing_heavy():
    assert heavy_modules("review", str(SAMPLES_DIR / "dept_self_eval_errors.txt"), "--format", "json") == ""
