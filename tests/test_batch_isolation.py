"""Bad files are isolated: each is listed as failed with its one-line reason; the rest are reviewed."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from agent.batch import BatchOptions, run_batch

sys.path.insert(0, str(Path(__file__).resolve().parent))  # batch_support, whether or not tests/ is a package
from batch_support import fake_review, make_scanned_pdf, make_variants  # noqa: E402

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"


def _good_reports(seeds: list[Path], inp: Path) -> int:
    n = len(make_variants(seeds, inp / "good", 8))
    for p in sorted(SAMPLES_DIR.glob("*.docx")):
        shutil.copy(p, inp / "good" / p.name)
        n += 1
    return n


def test_broken_docx_empty_file_and_scanned_pdf_are_the_only_failures(seeds: list[Path], tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    n_good = _good_reports(seeds, inp)
    bad = inp / "bad"
    bad.mkdir()
    sample_docx = next(iter(sorted(SAMPLES_DIR.glob("*.docx"))), None)
    data = sample_docx.read_bytes() if sample_docx else b"PK\x03\x04" + b"x" * 2000
    (bad / "broken.docx").write_bytes(data[: len(data) // 2])  # truncated download
    (bad / "empty.txt").write_bytes(b"")
    make_scanned_pdf(bad / "scanned.pdf")

    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, jobs=2,
                               formats=["json", "markdown"]))
    failed = {f.rel: f.reason for f in s.failed}
    assert set(failed) == {"bad/broken.docx", "bad/empty.txt", "bad/scanned.pdf"}
    assert "docx" in failed["bad/broken.docx"].lower()
    assert "empty" in failed["bad/empty.txt"]
    assert "text layer" in failed["bad/scanned.pdf"]
    assert all(not r.startswith("internal error") for r in failed.values())
    assert s.totals.ok == n_good and s.reviewed_this_run == n_good and s.exit_code == 3
    for d in s.documents:
        if d.status == "ok":
            report = json.loads((out / d.outputs["json"]).read_text(encoding="utf-8"))
            assert report["summary"]["total"] == d.total
            assert (out / d.outputs["markdown"]).read_text(encoding="utf-8").strip()
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert all(name in md for name in ("broken.docx", "empty.txt", "scanned.pdf"))


def test_a_report_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(10):
        (inp / f"r{i}.txt").write_text(f"一、情况\n收入{i}.00万元。\n", encoding="utf-8")
    (inp / "r5.txt").write_text("一、情况\nCRASH_WORKER\n", encoding="utf-8")
    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, jobs=2, review_fn=fake_review, summary_xlsx=False))
    assert [f.rel for f in s.failed] == ["r5.txt"]
    assert s.failed[0].reason.startswith("internal error: the worker process died")
    assert s.totals.ok == 9
    # the rerun retries only the failed one (the manifest records it as failed, not done)
    s2 = run_batch(BatchOptions(inputs=[str(inp)], out=out, jobs=2, review_fn=fake_review, summary_xlsx=False))
    assert (s2.skipped, s2.failed_this_run, s2.reviewed_this_run) == (9, 1, 0)


def test_unexpected_exception_is_an_internal_error_line(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text("一、情况\n", encoding="utf-8")
    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, jobs=0, review_fn="batch_support:broken_review",
                               summary_xlsx=False))
    assert s.failed[0].reason == "internal error: ZeroDivisionError: division by zero"


def test_a_pool_broken_between_two_waits_is_replaced(tmp_path: Path, monkeypatch) -> None:
    """A worker can die after the last wait and before the next submit: submit then refuses with
    BrokenProcessPool.  The task goes back in the queue and the batch goes on (it used to crash)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    real_submit = ProcessPoolExecutor.submit
    calls = {"n": 0}

    def flaky_submit(self, fn, /, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise BrokenProcessPool("a child process terminated abruptly")
        return real_submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", flaky_submit)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(6):
        (inp / f"r{i}.txt").write_text(f"一、情况\n收入{i}.00万元。\n", encoding="utf-8")
    s = run_batch(BatchOptions(inputs=[str(inp)], out=out, jobs=2, review_fn=fake_review, summary_xlsx=False))
    assert s.totals.ok == 6 and not s.failed
