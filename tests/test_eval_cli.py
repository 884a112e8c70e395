"""`budget-review eval` end to end on a tiny dataset: formats, saved runs, re-scoring, comparing.
Asserts the shape of the output, not the reviewer's scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

DOC = """2023年度部门整体支出绩效自评报告
一、预算收支情况
2023年预算收入128.04万元，其中年初预算106.45万元，调整追加21.59万元。
2023年支出117.55万元，其中基本支出110.30万元，项目支出7.25万元，结余结转10.49万元。
本部门2023年度政府采购支出总额119.60万元。授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%。
填表人：王某 联系电话：13800138000
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent.cli.main", *args], capture_output=True, text=True, timeout=120)


def _dataset(tmp: Path) -> Path:
    (tmp / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp / "clean.txt").write_text(DOC.replace("97.47", "99.47").replace("13800138000", "0731-22880000"), encoding="utf-8")
    data = {"version": "1", "samples": [
        {"id": "tiny", "path": "doc.txt", "kind": "dept_self_eval", "expected": [
            {"rule": "RATIO_MISMATCH", "severity": "error", "keys": ["118.97", "97.47"]},
            {"rule": "PRIVACY", "severity": "info", "keys": ["13800138000"]},
            {"rule": "MISSING_ITEM", "severity": "info", "required": False, "any_keys": ["三公", "得分"]}]},
        {"id": "tiny-clean", "path": "clean.txt", "clean": True},
    ]}
    path = tmp / "labels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_eval_json_out_rescore_and_compare(tmp_path: Path) -> None:
    labels = _dataset(tmp_path)
    out = tmp_path / "run"
    res = _run("eval", "--dataset", str(labels), "--format", "json", "--out", str(out))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data["overall"]) >= {"precision", "recall", "f1"}
    assert "RATIO_MISMATCH" in data["per_rule_incl_info"] or "RATIO_MISMATCH" in data["per_rule"]
    assert data["clean"]["documents"] == 1
    assert [s["id"] for s in data["samples"]] == ["tiny", "tiny-clean"]
    for name in ("eval-log.json", "report.html", "report.md", "report.json", "report.txt"):
        assert (out / name).stat().st_size > 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<style>" in html and "src=" not in html and "<link" not in html

    res = _run("eval", "--dataset", str(labels), "--rescore", str(out), "--format", "json")
    assert res.returncode == 0, res.stderr
    again = json.loads(res.stdout)
    assert again["overall"] == data["overall"] and again["per_rule"] == data["per_rule"]

    res = _run("eval", "--compare", str(out), str(out / "eval-log.json"))
    assert res.returncode == 0, res.stderr
    assert "newly missed: 0" in res.stdout and "new false alarms: 0" in res.stdout


def test_eval_text_and_markdown(tmp_path: Path) -> None:
    labels = _dataset(tmp_path)
    res = _run("eval", "--dataset", str(labels))
    assert res.returncode == 0, res.stderr
    assert "error/warning: precision" in res.stdout and "clean documents: 1" in res.stdout
    res = _run("eval", "--dataset", str(labels), "--format", "markdown")
    assert res.returncode == 0 and res.stdout.startswith("# Eval run")


def test_eval_bad_dataset_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: '9'\nsamples: []\n", encoding="utf-8")
    res = _run("eval", "--dataset", str(bad))
    assert res.returncode == 3 and res.stderr.count("\n") == 1 and "version" in res.stderr
