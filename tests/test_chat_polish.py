"""`review --polish`: reviewer-tone rewording through the test server, numbers gated."""

from __future__ import annotations

import os
import subprocess
import sys

from chat_support import ToolCallServer, chat_settings
from conftest import ROOT, seed
from llm_server import Error

from agent.ingest import load_document
from agent.pipeline import review_document
from agent.render.polish import polish_findings


def _result():
    return review_document(load_document(seed("001")))


def test_polish_keeps_only_rewordings_with_the_original_numbers(tmp_path, capsys):
    result = _result()
    f1, f3 = result.findings[0], next(f for f in result.findings if f.rule == "OVER_BUDGET")
    good1 = "经复核，好评率应为300.10万条÷300.69万条=99.80%，报告所列99.99%有误，请予更正。"
    replies = {f1.message: good1,
               f3.message: "项目支出超预算约19万元，请说明。"}  # 19 is not in the finding: rejected

    def reply(body):
        return replies.get(body["messages"][-1]["content"], Error(500))  # others: endpoint failure

    with ToolCallServer() as srv:
        srv.always(reply)
        polished = polish_findings(result, chat_settings(srv.base_url, tmp_path), provider="openai", model="test")
    by_id = {f.id: f for f in polished.findings}
    assert by_id[f1.id].message == good1
    assert by_id[f3.id].message == f3.message  # template kept
    assert len(polished.findings) == len(result.findings)
    assert all(p.evidence == o.evidence and p.values == o.values for p, o in zip(polished.findings, result.findings,
                                                                                  strict=True))
    assert "chat.polish@1" in polished.tool.prompt_ids
    assert any(w.startswith("polish:") for w in polished.tool.warnings)
    assert "kept the template wording" in capsys.readouterr().err
    # the system prompt asks to keep every number
    assert "数字必须原样保留" in srv.requests[0]["messages"][0]["content"]


def test_polish_without_llm_is_a_noop_with_a_note(capsys):
    result = _result()
    assert polish_findings(result, provider="rules") is result
    assert "--polish needs an LLM provider" in capsys.readouterr().err


def test_review_cli_polish_with_rules_notes_on_stderr():
    proc = subprocess.run([sys.executable, "-m", "agent.cli.main", "review", str(seed("001")), "--polish", "-f", "json"],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ}, timeout=120)
    assert proc.returncode == 0 and "--polish needs an LLM provider" in proc.stderr
    assert '"findings"' in proc.stdout


def test_review_cli_polish_through_the_test_server(tmp_path):
    """The real CLI path: LLM extraction requests (with a response schema) get 'nothing found',
    polish requests get a rewording that keeps the numbers of the first finding."""
    first = _result().findings[0]

    def reply(body):
        if body.get("response_format"):
            return {"figures": [], "claims": []}
        if body["messages"][-1]["content"] == first.message:
            return "经复核，" + first.message
        return "请核实约7.77万元的差异。"  # an invented number: template kept

    with ToolCallServer() as srv:
        srv.always(reply)
        env = {**os.environ, "OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "test",
               "BUDGET_REVIEW_LLM__MAX_RETRIES": "0", "BUDGET_REVIEW_LLM__CACHE_DIR": str(tmp_path / "cache")}
        proc = subprocess.run([sys.executable, "-m", "agent.cli.main", "review", str(seed("001")), "--provider", "openai",
                               "--model", "test", "--polish", "-f", "json"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)
    assert proc.returncode == 0, proc.stderr
    import json

    out = json.loads(proc.stdout)
    messages = {f["id"]: f["message"] for f in out["findings"]}
    assert messages[first.id] == "经复核，" + first.message
    assert not any("7.77" in m for m in messages.values())
    assert "chat.polish@1" in out["tool"]["prompt_ids"]
