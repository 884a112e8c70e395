"""The shipped samples are eval cases (eval/data/samples.yaml): the clean ones stay at 0
error/warning findings, the errors one has every planted error of samples/README.md found at its
labelled severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import REPO_ROOT, load_dataset
from eval.scorer import score_sample
from eval.solver import PipelineSolver

DATASET = load_dataset(REPO_ROOT / "eval" / "data" / "samples.yaml")
BY_ID = {s.id: s for s in DATASET.samples}



def test_every_shipped_sample_is_an_eval_case() -> None:
    shipped = {f"samples/{p.name}" for p in (REPO_ROOT / "samples").iterdir() if p.suffix in (".txt", ".docx")}
    assert {s.path for s in DATASET.samples} == shipped
    assert {s.path for s in DATASET.samples if s.clean} == {p for p in shipped if "_clean." in p}


def _score(sid: str):  # noqa: ANN202
    sample = BY_ID[sid]
    return score_sample(sample, PipelineSolver(want_figures=False)(sample))


# (issue 15: the clean dept sample used to get 3 false errors — 执行数 divided by the 年初预算 column and
# 年末结转结余 read as 项目支出结转; fixed by the extractor redesign)
@pytest.mark.parametrize("sid", [s.id for s in DATASET.samples if s.clean])
def test_clean_sample_has_no_error_or_warning(sid: str) -> None:
    score = _score(sid)
    assert score.error is None
    serious = [f"{f.rule}: {f.message}" for f in score.findings if f.severity in ("error", "warning")]
    assert serious == []


@pytest.mark.parametrize("sid", [s.id for s in DATASET.samples if not s.clean])
def test_errors_sample_finds_every_planted_error_at_its_severity(sid: str) -> None:
    score = _score(sid)
    assert len([lb for lb in score.labels if lb.required]) == 7
    missed = [f"{lb.rule} {lb.keys}" for lb in score.labels if lb.required and not lb.found_with_severity]
    assert missed == []
    assert [f.rule for f in score.findings if f.outcome == "false_alarm"] == []


def test_samples_set_is_in_the_default_dataset() -> None:
    default = load_dataset()
    assert "samples" in [s.name for s in default.sets]
    assert Path(REPO_ROOT / "samples" / "dept_self_eval_clean.txt").exists()
