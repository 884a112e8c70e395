"""The LLM chat agent against the local OpenAI-compatible test server, with scripted tool calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from chat_support import ToolCallServer, call, chat_settings, tool_calls, tool_messages
from conftest import ROOT, seed

from agent.chat.agent import TOOLS, ChatAgent, run_tool
from agent.chat.session import Session
from agent.config import Settings
from agent.providers import get_provider


@pytest.fixture(scope="module")
def report_path():
    return seed("001")


@pytest.fixture
def server():
    with ToolCallServer(default="（无脚本回复）") as srv:
        yield srv


@pytest.fixture
def agent(server, report_path, tmp_path):
    settings = chat_settings(server.base_url, tmp_path)
    session = Session.load([report_path], Settings())
    return ChatAgent(session, get_provider("openai", settings).chat_model(settings))


def test_multi_step_tool_conversation_is_fully_grounded(server, agent):
    final = ("项目支出超预算：实际支出1239.52万元，预算1220.20万元，复核控制率为101.58%"
             "（1,239.52÷1,220.20×100），而报告以１２５０.７５万元为分母列为99.10%"
             "「项目支出预算控制率=1239.52/1250.75*100%=99.10%」。见第3条意见。")
    server.enqueue(
        tool_calls(call("list_findings")),
        tool_calls(call("explain_finding", {"n": 3}), call("search_report", {"query": "项目支出预算控制率", "k": 2})),
        tool_calls(call("calculate", {"expression": "1239.52/1220.20*100"})),
        final,
    )
    ans = agent.ask("项目支出为什么超了？")
    assert [c["name"] for c in ans.tool_calls] == ["list_findings", "explain_finding", "search_report", "calculate"]
    assert all(c["ok"] for c in ans.tool_calls)
    assert ans.grounding.ok, ans.grounding.ungrounded
    assert {"1239.52", "1220.20", "101.58", "1250.75", "99.10"} <= set(ans.grounding.grounded)
    assert ans.text == final  # nothing flagged
    # the model saw the tools and got each result back
    assert {t["function"]["name"] for t in server.requests[0]["tools"]} == set(TOOLS)
    assert "OVER_BUDGET" in tool_messages(server.requests[1])[0]
    assert any("101.583347" in m for m in tool_messages(server.requests[3]))
    # the next turn keeps the conversation
    server.enqueue("好的。")
    agent.ask("谢谢")
    assert any(m.get("content") == "项目支出为什么超了？" for m in server.requests[-1]["messages"])


def test_bad_tool_arguments_go_back_to_the_model(server, agent):
    server.enqueue(
        tool_calls(call("explain_finding", {"n": "three"})),  # wrong type
        tool_calls(call("explain_finding", '{"n": 3')),  # not JSON at all
        tool_calls(call("explain_finding", {"n": 99}), call("no_such_tool", {}), call("calculate", {"expression": "os.system(1)"})),
        tool_calls(call("explain_finding", {"n": 3})),
        "第3条：报告以1250.75万元为分母列为99.10%。",
    )
    ans = agent.ask("解释第3条")
    oks = [c["ok"] for c in ans.tool_calls]
    assert oks == [False, False, False, False, False, True]
    errors = [c["result"] for c in ans.tool_calls if not c["ok"]]
    assert errors[0].startswith("error: bad arguments for explain_finding: n:")
    assert "not valid JSON" in errors[1]
    assert "没有第 99 条意见" in errors[2] and "unknown tool" in errors[3] and "不允许函数调用" in errors[4]
    assert tool_messages(server.requests[1])[0].startswith("error: bad arguments")
    assert ans.grounding.ok


def test_invented_number_is_flagged_visibly(server, agent):
    server.enqueue(tool_calls(call("get_facts", {"name": "三公经费"})),
                   "三公经费预算9.72万元，实际支出9.60万元，超支１２.３４万元，占比3,456.7%。")
    ans = agent.ask("三公经费超了多少？")
    assert ans.grounding.ungrounded == ["12.34", "3456.7"]
    assert "9.72" in ans.grounding.grounded and "9.60" in ans.grounding.grounded
    assert "超支１２.３４〔未核实〕万元，占比3,456.7〔未核实〕%" in ans.text  # marked in the model's own spelling
    assert "9.72万元" in ans.text and "⚠ 未核实的数字：12.34、3456.7" in ans.text


def test_add_a_finding_only_reruns_the_checks(server, agent):
    before = [it.finding.id for it in agent.session.numbered()]
    server.enqueue(tool_calls(call("recheck_findings")), "已重新运行检查，共4条意见，没有新增。")
    ans = agent.ask("加一条意见：三公经费超支")
    assert ans.tool_calls[0]["name"] == "recheck_findings" and "不能手工添加" in ans.tool_calls[0]["result"]
    assert [it.finding.id for it in agent.session.numbered()] == before
    assert ans.grounding.ok


def test_reword_keeps_numbers_or_is_rejected(agent, tmp_path):
    s = agent.session
    result, ok = run_tool(s, "reword_finding", {"n": 3, "text": "项目支出超预算约20万元，请说明。"})
    assert not ok and "改写被拒绝" in result
    text = "经复核，项目支出实际支出1239.52万元，已超出预算1220.20万元，建议说明原因并以1220.20万元为分母重新计算控制率。"
    result, ok = run_tool(s, "reword_finding", {"n": 3, "text": text})
    assert ok
    out = tmp_path / "memo.md"
    run_tool(s, "export", {"path": str(out)})
    assert text in out.read_text(encoding="utf-8")


def test_ctrl_c_rolls_back_the_turn(agent, monkeypatch):
    n = len(agent.messages)

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(agent, "model", type("M", (), {"invoke": boom})())
    with pytest.raises(KeyboardInterrupt):
        agent.ask("三公经费")
    assert len(agent.messages) == n


def test_piped_chat_with_openai_provider(server, report_path, tmp_path):
    server.enqueue(tool_calls(call("get_facts", {"name": "三公"})), "三公经费实际支出9.60万元，预算9.72万元。",
                   "总计99999万元。")
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "test",
           "BUDGET_REVIEW_LLM__MAX_RETRIES": "0", "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "agent.cli.main", "chat", str(report_path), "--provider", "openai",
                           "--model", "test", "--transcripts", str(tmp_path / "tr")],
                          input="三公经费多少？\n还有呢？\n", text=True, capture_output=True, cwd=ROOT, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "三公经费实际支出9.60万元" in proc.stdout and "99999〔未核实〕" in proc.stdout
    rows = [json.loads(x) for x in next((tmp_path / "tr").glob("*.jsonl")).read_text().splitlines()]
    assert rows[0]["mode"] == "llm" and rows[0]["tool_calls"][0]["name"] == "get_facts"
    assert rows[0]["ungrounded_numbers"] == [] and rows[1]["ungrounded_numbers"] == ["99999"]


def test_invented_quote_is_flagged(server, agent):
    server.enqueue(tool_calls(call("search_report", {"query": "三公经费控制率"})),
                   "报告写道「“三公经费”控制率=9.60/9.72*100%=98.77%」，又称「三公经费全部用于公务接待」。")
    ans = agent.ask("三公经费控制率是多少？")
    assert ans.grounding.ungrounded == []
    assert ans.grounding.bad_quotes == ["三公经费全部用于公务接待"]
    assert "⚠ 未在原文或工具结果中找到的引用：「三公经费全部用于公务接待」" in ans.text
