"""End to end: `budget-review review FILE --provider openai --model test --format json` in a subprocess,
with OPENAI_BASE_URL pointed at the scripted server started by the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from llm_server import Error, ScriptedLLMServer
from llm_support import ERRORS_SAMPLE, SANGONG_OK, fig

from agent.extract.prompts import load_prompt

ODD_REPORT = """某县档案馆2024年度项目支出绩效自评报告

一、项目概况

档案数字化项目经费总额为120.00万元，由三部分构成：扫描加工50.00万元、系统运维40.00万元、安全测评20.00万元。
"""
ODD_REPLY = {
    "figures": [fig("t", "project:档案数字化项目.full_budget", "120.00", "经费总额为120.00万元"),
                fig("a", "misc:扫描加工", "50.00", "扫描加工50.00万元"),
                fig("b", "misc:系统运维", "40.00", "系统运维40.00万元"),
                fig("c", "misc:安全测评", "20.00", "安全测评20.00万元")],
    "claims": [{"kind": "sum", "sentence": "档案数字化项目经费总额为120.00万元，由三部分构成",
                "total": "t", "parts": ["a", "b", "c"]}],
}
ADJUST = {
    "figures": [fig("t", "total.adjustment", "45.00", "年中预算调增（减）45.00万元"),
                fig("p1", "misc:年度绩效考核奖金", "28.00", "年度绩效考核奖金28.00万元"),
                fig("p2", "misc:增人增资", "7.00", "增人增资7.00万元"),
                fig("p3", "misc:设备运维经费追加", "12.00", "政务服务大厅设备运维经费追加12.00万元")],
    "claims": [{"kind": "sum", "sentence": "本年度年中预算调增（减）45.00万元，分别为",
                "total": "t", "parts": ["p1", "p2", "p3"]}],
}


def review(path, server, tmp_path, *extra: str) -> tuple[int, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BUDGET_REVIEW_"))}
    env.update(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="test-key",
               BUDGET_REVIEW_LLM__CACHE_DIR=str(tmp_path / "cache"), BUDGET_REVIEW_LLM__MAX_RETRIES="1",
               BUDGET_REVIEW_LLM_BACKOFF="0")
    cmd = [sys.executable, "-m", "agent.cli.main", "review", str(path), "--format", "json", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
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
    server.enqueue(ADJUST, group="budget")
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
