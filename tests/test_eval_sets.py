"""Named sets in a dataset directory (real/, blind*/, learning/, handwritten*/, seeds, samples,
generated*), each reported on its own line; frozen sets and their first-run record; the label lint.
Built on temporary fixtures (the frozen sets in eval/data are never read here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from eval.dataset import load_dataset
from eval.lint import lint_dataset
from eval.log import EvalLog, FoundFinding, SampleRun
from eval.report import FROZEN_NOTE, render_html, render_json, render_markdown, render_text
from eval.run import run_eval
from eval.solver import ScriptedSolver

DOC = "2024年支出合计120.00万元，其中基本支出80.00万元，项目支出30.00万元。另有预算120.00万元。\n"


def _set(folder: Path, sid: str, *, frozen: bool = False, label_file: str = "labels.yaml") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{sid}.txt").write_text(DOC, encoding="utf-8")
    data: dict = {"version": "1", "samples": [{"id": sid, "path": f"{sid}.txt", "expected": [
        {"rule": "SUM_MISMATCH", "severity": "error", "keys": ["120.00", "80.00", "30.00"]}]}]}
    if frozen:
        data["frozen"] = True
    (folder / label_file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    _set(d / "generated", "g1")
    _set(d / "blind1", "b1", frozen=True)
    _set(d / "real", "r1")
    _set(d / "learning", "l1")
    _set(d / "handwritten2", "h1")
    _set(d, "s1", label_file="seeds.yaml")
    _set(d, "p1", label_file="samples.yaml")
    (d / "figures").mkdir()
    (d / "figures" / "x.yaml").write_text("version: '1'\nitems: []\n", encoding="utf-8")
    return d


def _findings() -> dict[str, list[FoundFinding]]:
    hit = FoundFinding(id="f", rule="SUM_MISMATCH", severity="error", message="合计120.00万元，分项80.00 + 30.00 = 110.00")
    miss = FoundFinding(id="x", rule="RATIO_MISMATCH", severity="error", message="unlabelled")
    return {"g1": [hit], "b1": [miss], "r1": [], "l1": [hit], "h1": [hit, hit.model_copy(update={"id": "f2"})],
            "s1": [hit], "p1": [hit]}


def _log(ds) -> EvalLog:  # noqa: ANN001
    return run_eval(ds, ScriptedSolver(_findings()))


def test_directory_loads_each_folder_and_top_level_file_as_a_named_set_in_report_order(data_dir: Path) -> None:
    ds = load_dataset(data_dir)
    assert [(s.name, s.role) for s in ds.sets] == [
        ("real", "real"), ("blind1", "blind"), ("learning", "learning"), ("handwritten2", "handwritten"),
        ("seeds", "seeds"), ("samples", "samples"), ("generated", "generated")]
    assert {s.id: s.set for s in ds.samples} == {"r1": "real", "b1": "blind1", "l1": "learning",
                                                 "h1": "handwritten2", "s1": "seeds", "p1": "samples", "g1": "generated"}
    assert [s.frozen for s in ds.sets] == [False, True, False, False, False, False, False]
    assert [s.regression_check for s in ds.sets] == [False] * 6 + [True]
    # each sample's file is found next to its own label file
    assert all(Path(s.path).is_file() for s in ds.samples)


def test_each_set_is_scored_and_reported_on_its_own_line(data_dir: Path) -> None:
    log = _log(load_dataset(data_dir))
    sets = {x.name: x for x in log.scores.sets}
    assert sets["real"].overall.recall == 0.0 and sets["blind1"].overall.precision == 0.0
    assert sets["generated"].overall.recall == 1.0 and sets["handwritten2"].overall.duplicates == 1
    text = render_text(log)
    for name in ("real", "blind1", "learning", "handwritten2", "seeds", "samples", "generated", "combined"):
        assert any(line.startswith(name) for line in text.splitlines()), name
    blind_line = next(line for line in text.splitlines() if line.startswith("blind1"))
    assert FROZEN_NOTE in blind_line and "frozen blind set" in blind_line
    assert "regression check" in next(line for line in text.splitlines() if line.startswith("generated"))
    assert "real-document corpus" in next(line for line in text.splitlines() if line.startswith("real"))
    md, page = render_markdown(log), render_html(log)
    assert "| blind1 | frozen blind set |" in md and FROZEN_NOTE in md and "| **combined** |" in md
    assert FROZEN_NOTE in page and "regression check" in page
    js = json.loads(render_json(log))
    assert [s["name"] for s in js["sets"]] == [x.name for x in log.scores.sets]
    assert js["sets"][1]["frozen"] is True and js["sets"][1]["marks"].startswith("frozen")
    assert js["overall_severity"]["expected"] == 7 and js["overall"]["duplicates"] == 1


def test_a_single_label_file_is_one_set_named_after_its_folder(data_dir: Path) -> None:
    ds = load_dataset(data_dir / "blind1" / "labels.yaml")
    assert [(s.name, s.role, s.frozen) for s in ds.sets] == [("blind1", "blind", True)] and ds.frozen


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent.cli.main", "eval", *args], capture_output=True, text=True,
                          timeout=120)


def test_record_first_run_writes_once_and_refuses_to_overwrite(data_dir: Path) -> None:
    folder = data_dir / "blind1"
    res = _cli("--dataset", str(folder / "labels.yaml"), "--record-first-run", "--format", "json")
    assert res.returncode == 0, res.stderr
    record = json.loads((folder / "first_run.json").read_text(encoding="utf-8"))
    assert record["set"] == "blind1" and record["frozen"] is True and record["samples"] == 1
    assert set(record["overall"]) >= {"precision", "recall", "duplicates", "severity_mismatch"}
    assert "overall_severity" in record and record["dataset_sha256"]
    before = (folder / "first_run.json").read_bytes()
    res = _cli("--dataset", str(folder), "--record-first-run")
    assert res.returncode == 3 and "first run already recorded" in res.stderr
    assert (folder / "first_run.json").read_bytes() == before
    # the report shows the recorded first-run figure beside the frozen mark
    res = _cli("--dataset", str(folder))
    assert res.returncode == 0 and "first run" in res.stdout and FROZEN_NOTE in res.stdout


def test_record_first_run_needs_one_set(data_dir: Path) -> None:
    res = _cli("--dataset", str(data_dir), "--record-first-run")
    assert res.returncode == 3 and "needs one set" in res.stderr
    assert not list(data_dir.rglob("first_run.json"))


def test_record_first_run_refuses_an_existing_file_even_between_check_and_write(data_dir: Path) -> None:
    from eval.first_run import FirstRunExists, record_first_run

    ds = load_dataset(data_dir / "real" / "labels.yaml")
    log = _log(ds)
    (data_dir / "real" / "first_run.json").write_text('{"overall": {"recall": 0.25}}', encoding="utf-8")
    with pytest.raises(FirstRunExists):
        record_first_run(log, ds, data_dir / "real" / "labels.yaml")
    assert json.loads((data_dir / "real" / "first_run.json").read_text()) == {"overall": {"recall": 0.25}}


def test_lint_flags_missing_and_ambiguous_keys(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(DOC, encoding="utf-8")
    data = {"version": "1", "samples": [{"id": "d", "path": "d.txt", "expected": [
        {"rule": "SUM_MISMATCH", "keys": ["120.00", "80.00"]},          # fine: two keys
        {"rule": "SUM_MISMATCH", "keys": ["120.00"]},                   # one key, two 120.00 in the text
        {"rule": "SUM_MISMATCH", "keys": ["80.00"]},                    # one key, once: pins it
        {"rule": "RATIO_MISMATCH", "any_keys": ["80.00", "30.00"]},     # no stated figure
        {"rule": "OVER_BUDGET", "keys": ["999.99"]},                    # not in the document
        {"rule": "MISSING_ITEM", "severity": "info", "keys": ["三公"]},  # names what is absent: exempt
        {"rule": "SUM_MISMATCH", "required": False},                    # optional: not linted
        {"rule": "DUPLICATE_TEXT", "severity": "info", "any_keys": ["另有预算", "万元。另有"]},  # clauses, not repeated
    ]}, {"id": "e", "path": "e.txt", "expected": [
        {"rule": "DUPLICATE_TEXT", "severity": "info", "any_keys": ["其中基本支出", "项目支出30"]},  # a repeated passage
    ]}]}
    (tmp_path / "e.txt").write_text(DOC + DOC, encoding="utf-8")
    (tmp_path / "labels.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    issues = lint_dataset(load_dataset(tmp_path / "labels.yaml"))
    assert [(i.sample, i.label, i.code) for i in issues] == [
        ("d", 1, "ambiguous_key"), ("d", 3, "no_keys"), ("d", 4, "not_in_document"), ("d", 7, "not_in_document")]
    res = _cli("--dataset", str(tmp_path / "labels.yaml"), "--lint")
    assert res.returncode == 1 and "ambiguous_key" in res.stdout and "4 issue(s)" in res.stdout


def test_scripted_runs_fill_the_sets(data_dir: Path) -> None:
    ds = load_dataset(data_dir)
    log = _log(ds)
    assert sum(x.samples for x in log.scores.sets) == len(log.scores.samples) == 7
    assert isinstance(log.runs[0], SampleRun)


def test_a_blind_set_that_is_no_longer_frozen_is_reported_as_retired(data_dir: Path) -> None:
    """Once a newer blind set takes over, the old one is learnt from: its line must not claim to be held out."""
    _set(data_dir / "blind0", "b0", frozen=False)
    sets = {s.name: s for s in load_dataset(data_dir).sets}
    assert sets["blind0"].title.startswith("retired blind set") and not sets["blind0"].frozen
    assert sets["blind1"].title == "frozen blind set" and sets["blind1"].frozen


def test_every_learning_set_is_a_learning_set() -> None:
    from eval.dataset import set_role

    assert [set_role(n) for n in ("learning", "learning2", "learningx", "blind3")] == \
        ["learning", "learning", "learning", "blind"]
