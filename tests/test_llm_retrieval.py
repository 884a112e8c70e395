"""LLM extraction retrieves through the vector store: paraphrases surface, failures are recorded."""

from __future__ import annotations

import logging

import pytest

from agent.extract.prompts import group_queries, load_prompt
from agent.extract.select import DocumentRetriever, select_ranges
from agent.ingest import load_document

REPORT = """某县文化馆2024年度部门整体支出绩效自评报告

一、基本情况

本馆共有在编人员12人，全年开展公益演出46场。

二、预算执行情况

全年预算总额为356.20万元，实际支出349.80万元。

三、其他经费情况

本年度招待费开支2.10万元，车辆运行开支4.60万元，出境考察未安排经费。

四、下一步工作

继续加强资金管理，提升公共文化服务水平。
"""
PARAPHRASE = "本年度招待费开支2.10万元，车辆运行开支4.60万元"


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    return load_document(p)


def test_group_queries_come_from_vocabulary_and_schema_descriptions():
    qs = group_queries(load_prompt("sangong"))
    assert any("招待费" in q for q in qs) and any("公务接待费" in q for q in qs)
    assert any("分值" in q for q in group_queries(load_prompt("score_table")))  # from ScoreRowOut's descriptions


def test_a_paraphrase_without_a_single_keyword_is_still_sent(doc):
    prompt = load_prompt("sangong")
    assert not any(k in PARAPHRASE for k in prompt.keywords)  # the old keyword gate could never pick it
    retriever = DocumentRetriever(doc)
    assert retriever.backend.startswith("chroma:") and not retriever.warnings
    ranges = select_ranges(doc, prompt, None, retriever)
    sent = "".join(doc.text[s:e] for s, e in ranges)
    assert PARAPHRASE in sent
    assert "公益演出" not in sent  # a number unrelated to the group stays out


def test_a_vector_store_failure_is_logged_and_recorded_not_swallowed(doc, monkeypatch, caplog):
    from vectorstore import store

    def broken(self, *a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.Store, "index_document", broken)
    with caplog.at_level(logging.WARNING, logger="agent.extract.select"):
        retriever = DocumentRetriever(doc)
    assert retriever.backend.startswith("memory:")
    assert any("disk full" in w for w in retriever.warnings)
    assert any("disk full" in r.getMessage() for r in caplog.records)
    ranges = select_ranges(doc, load_prompt("budget"), None, retriever)
    assert any("356.20" in doc.text[s:e] for s, e in ranges)  # the in-memory hybrid index still answers


def test_glossary_expansion_bridges_english_and_regional_words():
    from vectorstore.glossary import expand

    assert "公务接待" in expand("budget for official receptions") and "预算" in expand("budget")
    assert "人员经费" in expand("人头经费是多少")
    assert expand("三公经费预算") == "三公经费预算"  # the report's own words are left alone
    assert expand("corporate strategy") == "corporate strategy"  # whole words only ('rate' is not in it)


def test_chat_search_finds_an_english_question(doc):
    from agent.chat.session import Session
    from agent.config import Settings

    session = Session.load([doc.path], Settings())
    hits = session.search("how much was spent on receptions and vehicles", k=2)
    assert any("招待费开支2.10万元" in h.text for _, h in hits)
