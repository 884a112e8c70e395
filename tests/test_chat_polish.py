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
from agent.polish import polish_findings


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
