"""End to end: `budget-review review FILE --provider openai --model test --format json` in a subprocess,
with OPENAI_BASE_URL pointed at the scripted server started by the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from llm_server import Error, ScriptedLLMServer
from llm_support import ADJUST_REPLY, ERRORS_SAMPLE, ODD_REPLY, ODD_REPORT, SANGONG_OK

from agent.extract.prompts import load_prompt


def review(path, server, tmp_path, *extra: str) -> tuple[int, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BUDGET_REVIEW_"))}
    env.update(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="test-key",
               BUDGET_REVIEW_LLM__CACHE_DIR=str(tmp_path / "cache"), BUDGET_REVIEW_LLM__MAX_RETRIES="1",
               BUDGET_REVIEW_LLM_BACKOFF="0")
    cmd = [sys.executable, "-m", "agent.cli.main", "review", str(path), "--format", "json", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)  # a hang guard, not a speed check: a loaded CI machine took >120 s once
    assert out.returncode in (0, 1), out.stderr
    return out.returncode, json.loads(out.stdout)


@pytest.fixture
def server():
    with ScriptedLLMServer() as srv:
        yield srv


def test_review_with_openai_provider_end_to_end(server, tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text(ODD_REPORT, encoding="utf-8")
    _, offline = review(path, server, tmp_path)
    assert server.requests == []  # the default provider never calls a model
    assert "SUM_MISMATCH" not in offline["summary"]["by_rule"]
    server.enqueue(ODD_REPLY)
    _, result = review(path, server, tmp_path, "--provider", "openai", "--model", "test")
    tool = result["tool"]
    assert tool["provider"] == "openai" and tool["model"] == "test"
    assert load_prompt("common").ref in tool["prompt_ids"] and tool["tokens"] > 0
    assert server.requests and all(r["model"] == "test" for r in server.requests)
    assert {f["id"] for f in offline["findings"]} <= {f["id"] for f in result["findings"]}
    assert "SUM_MISMATCH" in result["summary"]["by_rule"]
    for f in result["findings"]:
        for e in f["evidence"]:
            assert ODD_REPORT[e["start"]:e["end"]] == e["quote"]


def test_review_with_openai_provider_on_the_planted_sample(server, tmp_path):
    _, offline = review(ERRORS_SAMPLE, server, tmp_path)
    server.enqueue(ADJUST_REPLY, group="budget")
    server.enqueue(SANGONG_OK, group="sangong")
    _, result = review(ERRORS_SAMPLE, server, tmp_path, "--provider", "openai", "--model", "test")
    assert {f["id"] for f in offline["findings"]} <= {f["id"] for f in result["findings"]}
    text = ERRORS_SAMPLE.read_text(encoding="utf-8")
    for f in result["findings"]:
        for e in f["evidence"]:
            assert text[e["start"]:e["end"]] == e["quote"]


def test_review_completes_when_the_endpoint_is_down(server, tmp_path):
    _, offline = review(ERRORS_SAMPLE, server, tmp_path)
    server.always(Error(500, "down"))
    _, result = review(ERRORS_SAMPLE, server, tmp_path, "--provider", "openai", "--model", "test")
    assert any("endpoint failed" in w for w in result["tool"]["warnings"])
    assert [f["id"] for f in result["findings"]] == [f["id"] for f in offline["findings"]]


def test_seed_review_with_openai_provider(server, tmp_path):
    from conftest import seed

    path = seed("001")
    _, offline = review(path, server, tmp_path)
    _, result = review(path, server, tmp_path, "--provider", "openai", "--model", "test")
    assert result["tool"]["provider"] == "openai" and result["tool"]["tokens"] > 0
    assert [f["id"] for f in result["findings"]] == [f["id"] for f in offline["findings"]]  # empty replies
