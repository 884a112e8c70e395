"""`review --out FILE` writes the format its suffix names; a contradicting --format is a usage error."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "dept_self_eval_errors.txt"


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent.cli.main", *args], capture_output=True, text=True,
                          timeout=180, cwd=cwd or ROOT, env=env)


@pytest.mark.parametrize("name,check", [
    ("memo.docx", lambda p: "word/document.xml" in zipfile.ZipFile(p).namelist()),
    ("memo.xlsx", lambda p: "xl/workbook.xml" in zipfile.ZipFile(p).namelist()),
    ("memo.md", lambda p: p.read_text(encoding="utf-8").startswith("# ")),
    ("memo.json", lambda p: "findings" in json.loads(p.read_text(encoding="utf-8"))),
    ("memo.txt", lambda p: not p.read_text(encoding="utf-8").lstrip().startswith("{")),
])
def test_out_suffix_picks_the_format(tmp_path, name, check):
    out = tmp_path / name
    r = cli("review", str(SAMPLE), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert check(out), out.read_bytes()[:200]


def test_conflicting_format_and_suffix_is_a_usage_error(tmp_path):
    out = tmp_path / "memo.docx"
    r = cli("review", str(SAMPLE), "--format", "json", "--out", str(out))
    assert r.returncode == 2
    assert "--format json conflicts with --out memo.docx" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_matching_format_and_unknown_suffix_still_work(tmp_path):
    assert cli("review", str(SAMPLE), "--format", "xlsx", "--out", str(tmp_path / "a.xlsx")).returncode == 0
    r = cli("review", str(SAMPLE), "--format", "markdown", "--out", str(tmp_path / "memo.out"))
    assert r.returncode == 0 and (tmp_path / "memo.out").read_text(encoding="utf-8").startswith("# ")


def test_search_prints_file_names_and_section_paths_not_ids(tmp_path):
    from conftest import seed_paths

    files = [str(p) for p in seed_paths()[:2]]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    store = str(tmp_path / "store")
    assert cli("index", *files, "--store", store, cwd=tmp_path, env=env).returncode == 0
    r = cli("search", "三公经费", "--store", store, "--k", "3", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    heads = [line for line in r.stdout.splitlines() if line[:1].isdigit()]
    assert heads and all(any(Path(f).name in h for f in files) for h in heads), r.stdout
    assert all(" > " in h or "·" in h for h in heads)
    import re

    assert not re.search(r"\b[0-9a-f]{16}\b", r.stdout), r.stdout
