"""Batch building blocks: discovery, atomic writes, manifest keys, resume rules, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from agent.batch import BatchOptions, discover, exit_code_for, normalise_formats, run_batch
from agent.batch.manifest import Manifest, ManifestEntry, config_fingerprint
from agent.config import Settings
from agent.render.atomic import atomic_path, atomic_write_text, sweep_temp_files, temp_path_for

sys.path.insert(0, str(Path(__file__).resolve().parent))  # batch_support, whether or not tests/ is a package
from batch_support import fake_review  # noqa: E402


def _write(p: Path, text: str = "一、基本情况\n2023年预算收入128.04万元。\n") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def _run(inp: Path | list[str], out: Path, **kw) -> object:
    inputs = [str(inp)] if isinstance(inp, Path) else inp
    kw.setdefault("jobs", 0)
    kw.setdefault("review_fn", fake_review)
    kw.setdefault("summary_xlsx", False)
    return run_batch(BatchOptions(inputs=inputs, out=out, **kw))


def test_discover_recursive_skips_hidden_out_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root / "a.txt")
    _write(root / "sub" / "b.md")
    _write(root / "sub" / "deep" / "c.txt")
    _write(root / ".git" / "x.txt")
    _write(root / "sub" / ".hidden.txt")
    _write(root / "~$lock.docx")
    _write(root / "notes.csv")
    _write(root / "out" / "old.txt")  # OUT inside the input folder is never reviewed
    _write(root / "earlier-batch" / ".manifest" / "k.json", "{}")  # nor an earlier batch's OUT
    _write(root / "earlier-batch" / "a.txt.md")
    items = discover([str(root)], root / "out")
    assert [i.rel for i in items] == ["a.txt", "sub/b.md", "sub/deep/c.txt"]


def test_discover_globs_and_several_roots_never_collide(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "r.txt")
    _write(tmp_path / "y" / "r.txt")
    items = discover([str(tmp_path / "x"), str(tmp_path / "y")], tmp_path / "out")
    assert [i.rel for i in items] == ["x/r.txt", "y/r.txt"]
    items = discover([str(tmp_path / "*" / "*.txt")], tmp_path / "out")
    assert [i.rel for i in items] == ["x/r.txt", "y/r.txt"]


def test_discover_missing_input_is_an_input_error(tmp_path: Path) -> None:
    from agent.errors import InputError

    with pytest.raises(InputError):
        discover([str(tmp_path / "nope")], tmp_path / "out")


def test_atomic_write_leaves_no_temp_and_replaces(tmp_path: Path) -> None:
    p = tmp_path / "d" / "f.json"
    atomic_write_text(p, '{"a": 1}')
    atomic_write_text(p, '{"a": 2}')
    assert json.loads(p.read_text()) == {"a": 2}
    assert [q.name for q in p.parent.iterdir()] == ["f.json"]
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "d" / "g.xlsx") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("writer crashed")
    assert not (tmp_path / "d" / "g.xlsx").exists()
    assert [q.name for q in p.parent.iterdir()] == ["f.json"]
    stale = temp_path_for(p)
    stale.write_bytes(b"partial")
    assert sweep_temp_files(tmp_path) == 1 and not stale.exists()


def test_config_fingerprint_ignores_secrets_but_not_thresholds() -> None:
    base = Settings().model_dump(mode="json")
    fp = config_fingerprint(base, tool_version="1", provider=None, model=None, rules=None, lang="zh")
    keyed = Settings(llm={"api_key": "sk-secret"}).model_dump(mode="json")
    assert config_fingerprint(keyed, tool_version="1", provider=None, model=None, rules=None, lang="zh") == fp
    strict = Settings(checks={"low_execution_threshold": 90}).model_dump(mode="json")
    assert config_fingerprint(strict, tool_version="1", provider=None, model=None, rules=None, lang="zh") != fp
    assert config_fingerprint(base, tool_version="2", provider=None, model=None, rules=None, lang="zh") != fp
    assert config_fingerprint(base, tool_version="1", provider="openai", model="m", rules=None, lang="zh") != fp


def test_normalise_formats() -> None:
    assert normalise_formats(["md", "xlsx"]) == ["json", "markdown", "xlsx"]
    with pytest.raises(ValueError):
        normalise_formats(["pdf"])


def _entry(status: str, **sev: int) -> ManifestEntry:
    return ManifestEntry(key="k", rel="r", source="s", sha256="h", config_hash="c", tool_version="v",
                         status=status, by_severity=sev, run_id="x", finished_at="t")


def test_exit_code_precedence() -> None:
    ok, warn, err, bad = _entry("ok"), _entry("ok", warning=1), _entry("ok", error=2), _entry("failed")
    assert exit_code_for([ok, warn, err], None) == 0
    assert exit_code_for([ok, warn], "error") == 0
    assert exit_code_for([ok, warn], "warning") == 1
    assert exit_code_for([ok, err], "error") == 1
    assert exit_code_for([err, bad], "error") == 3  # a failed file outranks findings
    assert exit_code_for([ok, None], None) == 3  # not finished (interrupted) counts as failed


def test_rerun_skips_and_redoes_only_what_changed(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    for i in range(4):
        _write(inp / f"r{i}.txt", f"一、基本情况\n收入{i}.00万元。\n")
    s1 = _run(inp, out)
    assert (s1.reviewed_this_run, s1.skipped) == (4, 0)
    s2 = _run(inp, out)
    assert (s2.reviewed_this_run, s2.skipped, s2.totals.ok) == (0, 4, 4)
    _write(inp / "r1.txt", "一、基本情况\n收入9.00万元。ERROR_MARK\n")  # content changed
    s3 = _run(inp, out)
    assert (s3.reviewed_this_run, s3.skipped) == (1, 3)
    assert s3.totals.by_severity["error"] == 1
    s4 = _run(inp, out, formats=["json", "markdown"])  # a new format: outputs missing -> redo
    assert (s4.reviewed_this_run, s4.skipped) == (4, 0)
    assert all((out / f"r{i}.txt.md").is_file() for i in range(4))
    (out / "r2.txt.md").unlink()  # an output deleted by hand -> that report is redone
    (out / "r3.txt.json").write_bytes(b"")  # emptied by a power cut without fsync -> redone
    s5 = _run(inp, out, formats=["json", "markdown"])
    assert (s5.reviewed_this_run, s5.skipped) == (2, 2)
    s6 = _run(inp, out, settings=Settings(checks={"low_execution_threshold": 90}))  # config changed
    assert s6.reviewed_this_run == 4


def test_summary_files_and_manifest_entries(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp / "a.txt", "一、情况\nERROR_MARK WARN_MARK\n")
    _write(inp / "b" / "c.txt")
    (inp / "empty.txt").write_bytes(b"")
    s = _run(inp, out, summary_xlsx=True, formats=["json", "xlsx"])
    data = json.loads((out / "summary.json").read_text())
    assert data["totals"]["documents"] == 3 and data["totals"]["failed"] == 1
    assert data["failed"][0]["rel"] == "empty.txt" and "empty" in data["failed"][0]["reason"]
    doc = next(d for d in data["documents"] if d["rel"] == "a.txt")
    assert doc["by_severity"] == {"info": 1, "error": 1, "warning": 1}
    assert [r for r, _ in doc["top_rules"]] == ["FAKE_ERROR", "FAKE_INFO", "FAKE_WARN"]
    assert "empty.txt" in (out / "summary.md").read_text()
    from openpyxl import load_workbook

    wb = load_workbook(out / "summary.xlsx")
    assert wb.worksheets[0].max_row == 4  # header + 3 documents
    findings = load_workbook(out / "findings.xlsx").worksheets[0]
    assert findings.max_row == 1 + 4  # header + every finding of the two reviewed reports
    assert (out / "a.txt.xlsx").is_file()
    rels = sorted(e.rel for e in Manifest(out).entries())
    assert rels == ["a.txt", "b/c.txt", "empty.txt"]
    assert json.loads((out / "b" / "c.txt.json").read_text())["document"]["format"] == "txt"
    assert s.exit_code == 3


def test_unreachable_dask_scheduler_is_a_one_line_config_error(tmp_path: Path) -> None:
    from agent.errors import ConfigError

    _write(tmp_path / "in" / "a.txt")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        _run(tmp_path / "in", tmp_path / "out", dask_scheduler="tcp://127.0.0.1:9", dask_timeout=1.0)


def test_no_reports_found_is_an_input_error(tmp_path: Path) -> None:
    from agent.errors import InputError

    _write(tmp_path / "in" / "notes.csv")
    with pytest.raises(InputError, match="no report files found"):
        _run(tmp_path / "in", tmp_path / "out")


def test_interrupt_writes_a_summary_with_pending_reports(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    for i in range(4):
        _write(inp / f"r{i}.txt", f"一、情况\n收入{i}.00万元。\n")
    _write(inp / "r2.txt", "一、情况\nINTERRUPT_MARK\n")
    with pytest.raises(KeyboardInterrupt):
        _run(inp, out, review_fn="batch_support:interrupting_review")
    data = json.loads((out / "summary.json").read_text())
    assert data["interrupted"] is True and data["exit_code"] == 130  # what the process exits with
    assert {d["rel"]: d["status"] for d in data["documents"]} == {
        "r0.txt": "ok", "r1.txt": "ok", "r2.txt": "pending", "r3.txt": "pending"}
    s = _run(inp, out)  # the rerun completes the rest
    assert (s.skipped, s.reviewed_this_run) == (2, 2)


def test_a_second_batch_on_the_same_out_is_refused(tmp_path: Path) -> None:
    from agent.batch.manifest import BatchLockedError, batch_lock

    _write(tmp_path / "in" / "a.txt")
    out = tmp_path / "out"
    (out / ".manifest").mkdir(parents=True)
    with batch_lock(out), pytest.raises(BatchLockedError, match="another batch is running"):
        _run(tmp_path / "in", out)
    assert _run(tmp_path / "in", out).totals.ok == 1  # released when the holder ends


def test_discovery_suffixes_are_the_loaders_suffixes() -> None:
    """agent.batch keeps its own copy (so the parent process need not import the loaders); it must not drift."""
    from agent.batch import SUPPORTED
    from agent.ingest import SUPPORTED_SUFFIXES

    assert set(SUPPORTED) == set(SUPPORTED_SUFFIXES)
