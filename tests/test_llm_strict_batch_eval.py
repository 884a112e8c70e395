"""`--strict-llm` on `batch` and `eval`, for every fault mode of the local test server.

The review command's behaviour (tests/test_llm_failures.py) must hold across many files: every
report is still reviewed and written, each one's degradation is recorded (manifest entry,
summary.json row, summary.md table, one stderr line per notice, the notice at the top of its
text and Markdown outputs), and the exit code — the process's and summary.json's — is 5.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
import yaml
from llm_server import ScriptedLLMServer
from llm_support import ROOT
from test_llm_failures import MODES, _cli_env, _report, _setup

CLEAN_SAMPLE = ROOT / "samples" / "final_accounts_clean.txt"


@pytest.fixture
def server():
    with ScriptedLLMServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGET_REVIEW_LLM_BACKOFF", "0")
    monkeypatch.setenv("BUDGET_REVIEW_LOGS_DB", str(tmp_path / "logs.db"))


def _cli(monkeypatch, capsys, env, argv):
    from agent.cli import main

    for k in [k for k in os.environ if k.startswith(("OPENAI_", "BUDGET_REVIEW_"))]:
        monkeypatch.delenv(k)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(sys, "argv", ["budget-review", *argv])
    with pytest.raises(SystemExit) as e:
        main.run()
    return e.value.code, capsys.readouterr()


def _batch_inputs(mode, tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(_report(mode, tmp_path), src / "a-fault.txt")
    shutil.copy(CLEAN_SAMPLE, src / "b-other.txt")
    return src


@pytest.mark.parametrize("mode", list(MODES))
def test_batch_strict_llm_reviews_every_file_records_degradation_and_exits_5(mode, server, tmp_path, monkeypatch,
                                                                             capsys):
    url, words, overrides = _setup(mode, server)
    src, out = _batch_inputs(mode, tmp_path), tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    code, got = _cli(monkeypatch, capsys, _cli_env(url, tmp_path, overrides),
                     ["batch", str(src), "--out", str(out), "--jobs", "0", "--provider", "openai", "--model", "test",
                      "--formats", "json,markdown,text", "--strict-llm", "--quiet"])
    assert code == 5, got.err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == 5 and summary["strict_llm"] is True
    rows = {d["rel"]: d for d in summary["documents"]}
    assert {r["status"] for r in rows.values()} == {"ok"}  # every file was still reviewed
    fault = rows["a-fault.txt"]
    assert fault["degraded"] and any(words in n for n in fault["notices"]), fault["notices"]
    assert summary["totals"]["degraded"] >= 1
    warnings = [ln for ln in got.err.splitlines() if ln.startswith("budget-review: warning: a-fault.txt: ")]
    assert any(words in ln for ln in warnings) and len(warnings) == len(fault["notices"])
    assert "--strict-llm: exit 5" in got.err
    md = (out / fault["outputs"]["markdown"]).read_text(encoding="utf-8").splitlines()
    assert md[2].startswith("> **注意**：") and any(words in ln for ln in md[:2 + 2 * len(fault["notices"])])
    text = (out / fault["outputs"]["text"]).read_text(encoding="utf-8")
    assert text.startswith("【注意】") and words in text
    summary_md = (out / "summary.md").read_text(encoding="utf-8")
    assert "语言模型降级" in summary_md and "--strict-llm" in summary_md
    assert any("a-fault.txt" in ln and words in ln for ln in summary_md.splitlines())
    manifest = [json.loads(p.read_text(encoding="utf-8")) for p in (out / ".manifest").glob("*.json")]
    assert any(m["rel"] == "a-fault.txt" and m["degraded"] and m["notices"] for m in manifest)


def test_batch_without_strict_exits_0_and_still_records_degradation(server, tmp_path, monkeypatch, capsys):
    url, words, overrides = _setup("server_error", server)
    src, out = _batch_inputs("server_error", tmp_path), tmp_path / "out"
    code, got = _cli(monkeypatch, capsys, _cli_env(url, tmp_path, overrides),
                     ["batch", str(src), "--out", str(out), "--jobs", "0", "--provider", "openai", "--model", "test",
                      "--quiet"])
    assert code == 0, got.err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == 0 and summary["strict_llm"] is False and summary["totals"]["degraded"] == 2
    assert "budget-review: warning: a-fault.txt: " in got.err


def test_batch_strict_llm_with_the_rules_provider_exits_0(tmp_path, monkeypatch, capsys):
    src, out = _batch_inputs("server_error", tmp_path), tmp_path / "out"
    code, got = _cli(monkeypatch, capsys, {}, ["batch", str(src), "--out", str(out), "--jobs", "0",
                                               "--strict-llm", "--quiet"])
    assert code == 0, got.err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == 0 and summary["totals"]["degraded"] == 0
    assert not any(d["degraded"] for d in summary["documents"])


def test_exit_code_precedence_failed_over_degraded_over_findings():
    from agent.batch import exit_code_for
    from agent.batch.manifest import ManifestEntry

    def entry(status="ok", degraded=False, errors=0):
        return ManifestEntry(key="k", rel="r", source="s", sha256="x", config_hash="c", tool_version="v",
                             status=status, by_severity={"error": errors} if errors else {}, run_id="r",
                             finished_at="t", degraded=degraded)

    assert exit_code_for([entry(errors=1), entry(degraded=True)], "error", strict_llm=True) == 5
    assert exit_code_for([entry(errors=1), entry(degraded=True)], "error", strict_llm=False) == 1
    assert exit_code_for([entry(status="failed"), entry(degraded=True)], None, strict_llm=True) == 3
    assert exit_code_for([entry(), entry()], None, strict_llm=True) == 0


def _eval_dataset(mode, tmp_path):
    report = _report(mode, tmp_path)
    data = {"version": "1", "samples": [
        {"id": "fault", "path": str(report), "kind": "dept_self_eval", "expected": []},
        {"id": "other", "path": str(CLEAN_SAMPLE), "kind": "final_accounts", "clean": True},
    ]}
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", list(MODES))
def test_eval_strict_llm_scores_every_sample_and_exits_5(mode, server, tmp_path, monkeypatch, capsys):
    url, words, overrides = _setup(mode, server)
    labels = _eval_dataset(mode, tmp_path)
    run = tmp_path / "run"
    code, got = _cli(monkeypatch, capsys, _cli_env(url, tmp_path, overrides),
                     ["eval", "--dataset", str(labels), "--provider", "openai", "--model", "test", "--format",
                      "json", "--out", str(run), "--strict-llm"])
    assert code == 5, got.err
    scores = json.loads(got.out)  # the report is still written before the exit
    assert [s["id"] for s in scores["samples"]] == ["fault", "other"]
    log = json.loads((run / "eval-log.json").read_text(encoding="utf-8"))
    fault = next(r for r in log["runs"] if r["id"] == "fault")
    assert fault["notices"] and fault["error"] is None
    lines = [ln for ln in got.err.splitlines() if ln.startswith("budget-review: warning: fault: ")]
    assert len(lines) == len(fault["notices"])
    assert "--strict-llm" in got.err.splitlines()[-1]


def test_eval_without_strict_exits_0_but_prints_the_notices(server, tmp_path, monkeypatch, capsys):
    url, words, overrides = _setup("broken_json", server)
    labels = _eval_dataset("broken_json", tmp_path)
    code, got = _cli(monkeypatch, capsys, _cli_env(url, tmp_path, overrides),
                     ["eval", "--dataset", str(labels), "--provider", "openai", "--model", "test"])
    assert code == 0, got.err
    assert "budget-review: warning: fault: Language model replies were invalid" in got.err


def test_eval_strict_llm_with_rules_exits_0(tmp_path, monkeypatch, capsys):
    labels = _eval_dataset("broken_json", tmp_path)
    code, got = _cli(monkeypatch, capsys, {}, ["eval", "--dataset", str(labels), "--strict-llm"])
    assert code == 0, got.err
    assert "budget-review: warning:" not in got.err
