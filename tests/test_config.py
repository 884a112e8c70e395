"""Configuration errors are one line naming the key and its source (exit 4); settings are never mutated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.config import Settings, load_settings
from agent.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "dept_self_eval_errors.txt"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_REVIEW_")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def _review(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent.cli.main", "review", str(SAMPLE), "--format", "json", *args],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=_env(**env))


def test_bad_value_in_the_file_is_one_line_exit_4(tmp_path):
    cfg = tmp_path / "budget-review.toml"
    cfg.write_text('[checks]\nlow_execution_threshold = "abc"\n', encoding="utf-8")
    r = _review(tmp_path, "--config", str(cfg))
    assert r.returncode == 4, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(cfg) in lines[0] and "checks.low_execution_threshold" in lines[0] and "'abc'" in lines[0]
    assert "pydantic" not in r.stderr and "errors.pydantic.dev" not in r.stderr


def test_unknown_key_in_the_file_is_rejected_with_a_suggestion(tmp_path):
    (tmp_path / "budget-review.toml").write_text("[checks]\nlow_execution_treshold = 85\n", encoding="utf-8")
    r = _review(tmp_path)  # ./budget-review.toml is read without --config
    assert r.returncode == 4, r.stderr
    assert "low_execution_treshold" in r.stderr and "did you mean low_execution_threshold?" in r.stderr
    assert "budget-review.toml" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_unknown_section_is_rejected(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[chekcs]\nlow_execution_threshold = 85\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key chekcs \(did you mean checks\?\)"):
        load_settings(cfg)


def test_environment_typo_and_bad_value_are_rejected(tmp_path, monkeypatch):
    for k in [k for k in os.environ if k.startswith("BUDGET_REVIEW_")]:
        monkeypatch.delenv(k)
    monkeypatch.setenv("BUDGET_REVIEW_CHECKS__LOW_EXECUTION_TRESHOLD", "85")
    with pytest.raises(ConfigError, match="BUDGET_REVIEW_CHECKS__LOW_EXECUTION_TRESHOLD.*did you mean "
                                          "low_execution_threshold"):
        load_settings()
    monkeypatch.delenv("BUDGET_REVIEW_CHECKS__LOW_EXECUTION_TRESHOLD")
    monkeypatch.setenv("BUDGET_REVIEW_CHECKS__LOW_EXECUTION_THRESHOLD", "abc")
    with pytest.raises(ConfigError) as e:
        load_settings()
    assert e.value.one_line().startswith("BUDGET_REVIEW_CHECKS__LOW_EXECUTION_THRESHOLD: invalid value")
    monkeypatch.setenv("BUDGET_REVIEW_CHECKS__LOW_EXECUTION_THRESHOLD", "85")
    monkeypatch.setenv("BUDGET_REVIEW_DEBUG", "1")  # a tool switch, not a setting: allowed
    assert load_settings().checks.low_execution_threshold == 85.0


def test_cli_env_typo_exits_4(tmp_path):
    r = _review(tmp_path, BUDGET_REVIEW_LLM__MODLE="x")
    assert r.returncode == 4 and "did you mean model?" in r.stderr, r.stderr


def test_the_pipeline_never_mutates_settings():
    from helpers import doc_from_text

    from agent.pipeline import review_document

    settings = Settings()
    before = settings.model_dump()
    review_document(doc_from_text(SAMPLE.read_text(encoding="utf-8")), settings, provider="rules", model="other-model")
    assert settings.model_dump() == before
