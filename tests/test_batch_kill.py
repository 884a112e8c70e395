"""SIGKILL a running batch (the CLI, its forkserver and workers), check nothing is torn, rerun,
and check every report is done exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from agent.batch.manifest import MANIFEST_DIR, ManifestEntry
from agent.render.atomic import TMP_PREFIX

sys.path.insert(0, str(Path(__file__).resolve().parent))  # batch_support, whether or not tests/ is a package
from batch_support import make_variants  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
N = 40


def _cli(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "agent.cli.main", "batch", str(inp), "--out", str(out), "--jobs", "2",
            "--formats", "json,markdown,docx,xlsx", "--review-fn", "batch_support:slow_review"]


def _env(sleep: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), str(ROOT)])
    env["BATCH_FAKE_SLEEP"] = sleep
    return env


def _check_whole(out: Path) -> None:
    """Every output under OUT is complete: JSON parses, Markdown decodes, docx and xlsx are valid zips."""
    for p in out.rglob("*"):
        if not p.is_file() or TMP_PREFIX in p.name or p.name == "lock":  # .manifest/lock holds no data
            continue
        data = p.read_bytes()
        assert data, p
        if p.suffix == ".json":
            json.loads(data)
        elif p.suffix == ".md":
            data.decode("utf-8")
        elif p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as z:
                assert z.testzip() is None, p


def _entries(out: Path) -> list[ManifestEntry]:
    paths = sorted(p for p in (out / MANIFEST_DIR).glob("*.json") if TMP_PREFIX not in p.name)
    return [ManifestEntry.model_validate_json(p.read_bytes()) for p in paths]


def _start_and_kill(inp: Path, out: Path, sleep: str, at_least: int) -> None:
    """Start the batch and SIGKILL its whole process group once ``at_least`` reports are committed."""
    proc = subprocess.Popen(_cli(inp, out), cwd=inp.parent, env=_env(sleep), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            done = len(_entries(out)) if (out / MANIFEST_DIR).is_dir() else 0
            if done >= at_least:
                break
            time.sleep(0.002)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI, the forkserver and every worker at once
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]


def test_sigkill_mid_run_then_rerun_completes_each_report_once(seeds: list[Path], tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_variants(seeds, inp, N)
    committed: dict[str, str] = {}  # key -> run_id of reports finished before a kill
    for sleep, at_least in (("0.15", 8), ("0.01", 20)):  # killed mid-review, then mid-writes
        _start_and_kill(inp, out, sleep, at_least)
        entries = _entries(out)
        assert at_least <= len(entries) < N, "the batch must have been killed mid-run"
        assert not (out / "summary.json").exists()
        _check_whole(out)
        for e in entries:  # a committed entry means its outputs are on disk and whole
            assert e.status == "ok"
            for rel in e.outputs.values():
                assert (out / rel).is_file()
            assert committed.setdefault(e.key, e.run_id) == e.run_id  # never redone by a later run

    rerun = subprocess.run(_cli(inp, out), cwd=tmp_path, env=_env("0"), capture_output=True, text=True,
                           timeout=240)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped"] == len(committed)
    assert summary["reviewed_this_run"] == N - len(committed)
    assert summary["totals"]["ok"] == N and summary["totals"]["failed"] == 0

    entries = _entries(out)
    rels = [e.rel for e in entries]
    assert len(rels) == N and len(set(rels)) == N  # the manifest shows each report exactly once
    for e in entries:
        assert e.run_id == committed.get(e.key, summary["run_id"])  # done exactly once, by one run
    assert not [p for p in out.rglob("*") if TMP_PREFIX in p.name]  # stale temp files swept
    _check_whole(out)
    for e in entries:
        assert json.loads((out / e.outputs["json"]).read_text(encoding="utf-8"))["document"]["sha256"] == e.sha256
