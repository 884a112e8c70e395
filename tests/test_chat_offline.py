"""Offline chat (no model): a piped session on a seed, and grounded retrieval answers on every seed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, seed, seed_paths

from agent.chat.answer import HEADER, answer
from agent.chat.repl import Chat
from agent.chat.session import Session
from agent.config import Settings

QUESTIONS = ["三公经费为什么超了？", "项目支出执行率怎么算的？", "三公经费", "项目支出"]
_QUOTE = re.compile(r"「([^「」]+)」")


def assert_verbatim(text: str, doc_text: str) -> int:
    """Every 「quote」 in ``text`` is a slice of the report (line breaks are shown as ' / ')."""
    quotes = _QUOTE.findall(text)
    for q in quotes:
        for piece in q.split(" / "):
            assert piece.strip() in doc_text, f"not verbatim: {piece!r}"
    return len(quotes)


def run_chat(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "agent.cli.main", "chat", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=env, timeout=120)


@pytest.fixture(scope="module")
def sessions():
    if not seed_paths():
        pytest.skip("seed reports not found (CI always has them)")
    return {p.name: Session.load([p], Settings()) for p in seed_paths()}


def test_piped_session_on_a_seed(tmp_path):
    path = seed("001")
    doc_text = path.read_text(encoding="utf-8")
    stdin = "/findings\n/explain 1\n/calc 1239.52/1220.20*100\n三公经费为什么超了？\n/quit\n/findings\n"
    proc = run_chat([str(path), "--transcripts", str(tmp_path / "tr")], stdin, tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    turns = out.split("\n> ")
    assert len(turns) == 6 and turns[5].startswith("/quit")  # banner + 5 turns; nothing after /quit runs
    findings, explain, calc, question = turns[1:5]
    assert "1. [错误] RATIO_MISMATCH" in findings and "OVER_BUDGET" in findings
    # /explain 1: the evidence quotes with section, stated vs recomputed and the arithmetic
    assert "报告数：99.99%" in explain and "复核数：99.80%" in explain
    assert "300.10÷300.69×100 = 99.803785 ≈ 99.80" in explain
    assert "（二）绩效目标完成情况分析 · 字符 5710–5718" in explain
    assert assert_verbatim(explain, doc_text) >= 3
    assert "1239.52/1220.20*100 = 101.583347 ≈ 101.58" in calc
    # a plain question, answered from retrieval with verbatim quotes, and saying so
    assert HEADER in question
    assert "“三公经费”控制率=9.60/9.72*100%=98.77%" in question
    assert "未发现“三公经费”超预算" in question
    assert assert_verbatim(question, doc_text) >= 3
    # one transcript line per turn
    rows = [json.loads(x) for x in next((tmp_path / "tr").glob("chat-*.jsonl")).read_text().splitlines()]
    assert [r["user"] for r in rows] == ["/findings", "/explain 1", "/calc 1239.52/1220.20*100", "三公经费为什么超了？",
                                         "/quit"]
    assert rows[3]["mode"] == "retrieval" and rows[0]["mode"] == "command"
    assert {"time", "user", "answer", "tool_calls", "grounded_numbers", "ungrounded_numbers"} <= set(rows[0])


@pytest.mark.parametrize("question", QUESTIONS)
def test_grounded_answers_on_every_seed(sessions, question):
    for name, s in sessions.items():
        doc = s.reports[0].doc
        text = answer(s, question)
        assert HEADER in text.splitlines()[:2], name  # after the one-line figure, when there is one
        n_quotes = assert_verbatim(text, doc.text)
        topic = "三公" if "三公" in question else "项目支出"
        if topic == "三公" and "三公" not in doc.text:
            # honest about absence, and the finding that says it is missing
            assert "报告中没有出现“三公经费”的表述" in text, name
            assert "MISSING_ITEM" in text and "三公" in text.split("相关审核意见")[1], name
        else:
            assert "相关原文：" in text, name
            passages = text.split("相关原文：")[1]
            assert topic in passages.replace("“", "").replace("”", ""), name
            assert n_quotes >= 2, name


def test_how_is_the_rate_computed_shows_the_reports_formula(sessions):
    s = sessions["001_0a5204197d249eea.txt"] if "001_0a5204197d249eea.txt" in sessions else pytest.skip("seed 001")
    text = answer(s, "项目支出执行率怎么算的？")
    assert "项目支出预算控制率：报告写作 1239.52 ÷ 1250.75 × 100% = 99.10%" in text
    assert "OVER_BUDGET" in text and "/explain 3" in text


def test_add_a_finding_only_reruns_the_checks(sessions):
    s = next(iter(sessions.values()))
    before = [f.id for it in s.numbered() for f in [it.finding]]
    text = answer(s, "请帮我加一条意见：三公经费超支")
    assert "不能手工添加" in text and "已重新运行全部检查" in text
    assert [it.finding.id for it in s.numbered()] == before


def test_commands_and_errors_in_process(sessions, tmp_path):
    s = next(iter(sessions.values()))
    chat = Chat(s)
    assert "/explain N" in chat.handle("/help").answer
    assert chat.handle("/explain 999").answer.startswith("错误：没有第 999 条意见")
    assert chat.handle("/explain x").answer.startswith("错误：")
    assert chat.handle("/calc os.system('x')").answer.startswith("错误：")
    assert chat.handle("/section 不存在的章节").answer.startswith("错误：")
    assert chat.handle("/nope").answer.startswith("未知命令")
    assert chat.handle("/quit").quit
    md, docx = tmp_path / "memo.md", tmp_path / "memo.docx"
    assert "已导出" in chat.handle(f"/export {md}").answer and md.read_text(encoding="utf-8").startswith("#")
    assert "已导出" in chat.handle(f"/export {docx}").answer and docx.stat().st_size > 0
    assert chat.handle(f"/export {tmp_path / 'x.pdf'}").answer.startswith("错误：不支持的导出类型")
    taken = tmp_path / "taken.md"
    taken.mkdir()  # cannot be replaced by a file: the command fails, the session goes on
    assert chat.handle(f"/export {taken}").answer.startswith("错误：")
    assert "/explain N" in chat.handle("/help").answer


def test_ctrl_c_cancels_the_answer_not_the_session(sessions, monkeypatch):
    s = next(iter(sessions.values()))
    chat = Chat(s)

    def interrupted(line):
        raise KeyboardInterrupt

    monkeypatch.setattr(chat, "handle", interrupted)
    assert chat.run_turn("三公经费").answer == "（已取消本次回答）"
    monkeypatch.undo()
    assert "审核意见" in chat.run_turn("/findings").answer or "0 条" in chat.run_turn("/findings").answer


def test_two_reports_number_findings_across_both(tmp_path):
    a, b = seed("001"), seed("004")
    stdin = "/findings\n/search 项目支出\n"
    proc = run_chat([str(a), str(b), "--transcripts", str(tmp_path)], stdin, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert a.name in proc.stdout and b.name in proc.stdout
    total = sum(len(Session.load([p], Settings()).numbered()) for p in (a, b))
    assert f"\n{total}. [" in proc.stdout


def test_search_over_a_chroma_store(tmp_path):
    path = seed("001")
    s = Session.load([path], Settings(), store=str(tmp_path / "store"))
    assert s.retriever is not None
    hits = s.search("三公经费控制率", k=3)
    assert hits and all(h.text == r.doc.text[h.start:h.end] for r, h in hits)
    assert any("三公" in h.text for _, h in hits)
    text = answer(s, "三公经费")
    assert assert_verbatim(text, s.reports[0].doc.text) >= 2


def test_chat_modules_import_no_langchain():
    code = ("import sys, agent.cli.chat, agent.chat.repl, agent.chat.tools, agent.chat.answer, agent.chat.agent, "
            "agent.render.polish; print(any(m.split('.')[0] in ('langchain_core', 'langchain_openai', 'openai', "
            "'prompt_toolkit', 'chromadb') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_piped_session_on_a_docx(tmp_path):
    path = ROOT / "samples" / "dept_self_eval_errors.docx"
    if not path.exists():
        pytest.skip("samples/dept_self_eval_errors.docx missing")
    from agent.ingest import load_document

    doc_text = load_document(path).text
    proc = run_chat([str(path), "--transcripts", str(tmp_path)], "/findings\n/explain 1\n三公经费\n", tmp_path)
    assert proc.returncode == 0, proc.stderr
    findings, explain, question = proc.stdout.split("\n> ")[1:4]
    assert "1. [" in findings
    assert "原文证据：" in explain and assert_verbatim(explain, doc_text) >= 1
    assert HEADER in question and assert_verbatim(question, doc_text) >= 2


def test_reword_offline_keeps_the_numbers(tmp_path):
    s = Session.load([seed("001")], Settings())
    chat = Chat(s)
    n = next(it.n for it in s.numbered() if it.finding.rule == "OVER_BUDGET")
    assert chat.handle(f"/reword {n} 项目支出超支约19万元").answer.startswith("错误：改写被拒绝")
    text = "经复核，项目支出实际支出1239.52万元，超出预算1220.20万元，请说明原因。"
    assert "已改写" in chat.handle(f"/reword {n} {text}").answer
    assert f"{n}. [警示] OVER_BUDGET {text}" in chat.handle("/findings").answer
    out = tmp_path / "memo.md"
    chat.handle(f"/export {out}")
    assert text in out.read_text(encoding="utf-8")
    assert "/reword" in answer(s, f"把第{n}条意见改得委婉一点")


def test_zero_budget_is_answered_not_raised(tmp_path):
    """A report whose budgets are 0 gets an answer that says the rate cannot be computed."""
    path = tmp_path / "zero.txt"
    path.write_text("2024年度某县某局部门整体支出绩效自评报告\n一、基本情况\n（三）“三公”经费控制指标及支出情况\n"
                    "2024年“三公”经费预算0万元，实际支出0万元，其中公务接待费预算0万元，实际支出0万元。\n项目支出预算0万元，实际支出0万元，执行率0%。\n",
                    encoding="utf-8")
    session = Session.load([path], Settings())
    for q in QUESTIONS:
        text = answer(session, q)
        assert HEADER in text.splitlines()[:2]
    assert "分母为0，无法计算" in answer(session, "三公经费为什么超了？")
