"""The same per-file function on a Dask distributed cluster (LocalCluster on 127.0.0.1, 2 worker processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.batch import BatchOptions, run_batch

sys.path.insert(0, str(Path(__file__).resolve().parent))  # batch_support, whether or not tests/ is a package
from batch_support import make_variants  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c


def test_dask_cluster_gives_the_same_outputs_as_local_processes(seeds, tmp_path: Path, cluster) -> None:
    inp = tmp_path / "in"
    make_variants(seeds, inp, 12)
    (inp / "empty.txt").write_bytes(b"")
    dask_out, local_out = tmp_path / "dask", tmp_path / "local"
    s = run_batch(BatchOptions(inputs=[str(inp)], out=dask_out, dask_scheduler=cluster.scheduler_address,
                               formats=["json", "markdown"], summary_xlsx=False))
    assert s.engine.startswith("dask:")
    assert s.totals.ok == 12 and [f.rel for f in s.failed] == ["empty.txt"]
    workers = {json.loads(p.read_text())["worker"] for p in (dask_out / ".manifest").glob("*.json")}
    assert workers and all(":" in w for w in workers)
    run_batch(BatchOptions(inputs=[str(inp)], out=local_out, jobs=2,
                           formats=["json", "markdown"], summary_xlsx=False))
    for d in s.documents:
        for rel in d.outputs.values():
            assert (dask_out / rel).read_bytes() == (local_out / rel).read_bytes(), rel


def test_cli_dask_scheduler_flag_and_resume(seeds, tmp_path: Path, cluster) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_variants(seeds, inp, 6)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT)]))
    cmd = [sys.executable, "-m", "agent.cli.main", "batch", str(inp), "--out", str(out),
           "--dask-scheduler", cluster.scheduler_address]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode in (0, 1), first.stderr[-2000:]
    s1 = json.loads((out / "summary.json").read_text())
    assert (s1["reviewed_this_run"], s1["skipped"], s1["engine"]) == (6, 0, f"dask:{cluster.scheduler_address}")
    (inp / "unit0" / "report_000.txt").write_text("一、基本情况\n收入1.00万元。\n", encoding="utf-8")
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert second.returncode in (0, 1), second.stderr[-2000:]
    s2 = json.loads((out / "summary.json").read_text())
    assert (s2["reviewed_this_run"], s2["skipped"]) == (1, 5)


def test_workers_receive_the_shared_chroma_url(tmp_path: Path, cluster) -> None:
    from agent.config import Settings

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(4):
        (inp / f"r{i}.txt").write_text(f"一、情况\n收入{i}.00万元。\n", encoding="utf-8")
    url = "http://127.0.0.1:8000"
    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, dask_scheduler=cluster.scheduler_address,
                               settings=Settings(chroma_url=url), review_fn="batch_support:echo_settings_review",
                               summary_xlsx=False))
    assert s.totals.ok == 4
    for d in s.documents:
        assert json.loads((out / d.outputs["json"]).read_text())["tool"]["warnings"] == [f"chroma_url={url}"]


def test_report_that_kills_dask_workers_fails_alone(tmp_path: Path, cluster) -> None:
    """Dask reschedules a task whose worker died; a report that keeps killing workers ends as KilledWorker."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(6):
        (inp / f"r{i}.txt").write_text(f"一、情况\n收入{i}.00万元。\n", encoding="utf-8")
    (inp / "r3.txt").write_text("一、情况\nCRASH_WORKER\n", encoding="utf-8")
    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, dask_scheduler=cluster.scheduler_address,
                               review_fn="batch_support:fake_review", summary_xlsx=False))
    assert [f.rel for f in s.failed] == ["r3.txt"]
    assert s.failed[0].reason.startswith("internal error: the worker process died")
    assert s.totals.ok == 5
    cluster.wait_for_workers(2, timeout=60)  # the nannies restart the workers


def test_a_healthy_report_sharing_a_dying_worker_is_rerun_alone(tmp_path: Path) -> None:
    """One worker with two threads: a slow report is always in flight when its neighbour kills the worker."""
    distributed = pytest.importorskip("distributed")
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "crash.txt").write_text("一、情况\nCRASH_WORKER\n", encoding="utf-8")
    (inp / "slow.txt").write_text("一、情况\nLINGER 收入1.00万元。\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        s = run_batch(BatchOptions(inputs=[str(inp)], out=out, dask_scheduler=c.scheduler_address,
                                   review_fn="batch_support:fake_review", summary_xlsx=False))
    assert [f.rel for f in s.failed] == ["crash.txt"]
    assert s.totals.ok == 1
