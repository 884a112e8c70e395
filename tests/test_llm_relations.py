"""LLM-proposed relations for not-verified passages: Python grounds every number and does the arithmetic.

The rule helper's extractor records `Facts.unchecked` items with status not_verified; here they
are made directly, as the extractor would, so the test does not depend on which passages it
abstains on.  Replies come from the local OpenAI-compatible test server.
"""

from __future__ import annotations

import json

import pytest
from llm_server import ScriptedLLMServer
from llm_support import llm_settings

from agent.extract import extract_rules
from agent.extract.llm import extract_relations
from agent.ingest import load_document
from agent.pipeline import review_document
from agent.providers.openai import make_chat_model
from agent.render import render
from agent.schemas import CoverageItem, CoverageStatus

REPORT = """某县信息中心2024年度部门整体支出绩效自评报告

一、部门支出情况

本年度信息化运维支出由三项组成：机房运维18.00万元、网络租赁12.50万元、软件服务9.30万元，三项相加为41.80万元。
培训经费年初安排6.00万元，实际使用5.40万元，实际使用数低于年初安排数。
"""
PASSAGE = "本年度信息化运维支出由三项组成"
SUM_REPLY = {"relations": [{
    "type": "sum", "sentence": "本年度信息化运维支出由三项组成：机房运维18.00万元、网络租赁12.50万元、软件服务9.30万元，三项相加为41.80万元",
    "result": {"label": "信息化运维支出", "value": "41.80", "quote": "三项相加为41.80万元"},
    "operands": [{"label": "机房运维", "value": "18.00", "quote": "机房运维18.00万元"},
                 {"label": "网络租赁", "value": "12.50", "quote": "网络租赁12.50万元"},
                 {"label": "软件服务", "value": "9.30", "quote": "软件服务9.30万元"}]}]}
INVENTED_REPLY = {"relations": [{
    "type": "sum", "sentence": "本年度信息化运维支出由三项组成：机房运维18.00万元、网络租赁12.50万元、软件服务9.30万元，三项相加为41.80万元",
    "result": {"label": "信息化运维支出", "value": "41.80", "quote": "三项相加为41.80万元"},
    "operands": [{"label": "机房运维", "value": "20.00", "quote": "机房运维20.00万元"},  # not printed anywhere
                 {"label": "网络租赁", "value": "12.50", "quote": "网络租赁12.50万元"},
                 {"label": "软件服务", "value": "9.30", "quote": "软件服务9.30万元"}]}]}
UNSTATED_REPLY = {"relations": [{  # a true-looking pairing the sentence never states: no finding may come of it
    "type": "comparison", "sentence": "培训经费年初安排6.00万元，实际使用5.40万元，实际使用数低于年初安排数",
    "result": {"label": "实际使用", "value": "5.40", "quote": "实际使用5.40万元"},
    "operands": [{"label": "年初安排", "value": "6.00", "quote": "年初安排6.00万元"}],
    "direction": "gt", "wording": "高于"}]}


@pytest.fixture
def server():
    with ScriptedLLMServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGET_REVIEW_LLM_BACKOFF", "0")
    monkeypatch.setenv("BUDGET_REVIEW_LOGS_DB", str(tmp_path / "logs.db"))


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "it.txt"
    path.write_text(REPORT, encoding="utf-8")
    return load_document(path)


def not_verified(doc, text: str) -> CoverageItem:
    s = doc.text.index(text)
    e = doc.text.index("\n", s)
    return CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="relation", label=text,
                        reason="numbers found, no relation confident enough to check", span=doc.span(s, e))


def with_items(doc, settings, *texts):
    rules = extract_rules(doc, settings)
    return rules.model_copy(update={"unchecked": list(rules.unchecked) + [not_verified(doc, t) for t in texts]})


def test_a_relation_the_rules_miss_becomes_an_llm_finding(server, doc, tmp_path):
    settings = llm_settings(server.base_url, tmp_path / "cache")
    facts = with_items(doc, settings, PASSAGE)
    offline = review_document(doc, settings, facts=facts)
    assert "SUM_MISMATCH" not in offline.summary.by_rule  # the rules abstain on this phrasing
    server.enqueue(SUM_REPLY, group="relations")
    out = extract_relations(doc, facts, settings, make_chat_model(settings))
    relation_requests = [r for r in server.requests if r["response_format"]["json_schema"]["name"] == "relations"]
    assert len(relation_requests) == 1  # both short passages in one prompt: the fixed prompt is paid once
    shown = relation_requests[0]["messages"][1]["content"]
    assert PASSAGE in shown and "培训经费" in shown and "部门支出情况" not in shown  # the passages, not the report
    result = review_document(doc, settings, facts=out)
    sums = [f for f in result.findings if f.rule == "SUM_MISMATCH"]
    assert len(sums) == 1 and sums[0].origin == "llm"
    assert sums[0].values.stated == "41.80" and sums[0].values.recomputed == "39.80"
    for e in sums[0].evidence:
        assert doc.text[e.start:e.end] == e.quote
    assert all(f.origin == "rules" for f in result.findings if f.rule != "SUM_MISMATCH")
    # the item is verified now: no longer in the not-verified list, and its coverage item says llm
    assert not any(i.status == "not_verified" and i.label == PASSAGE for i in result.coverage.items)
    assert any(i.origin == "llm" and i.status == "failed" for i in result.coverage.items)
    data = json.loads(result.model_dump_json())
    assert [f["origin"] for f in data["findings"] if f["rule"] == "SUM_MISMATCH"] == ["llm"]
    md = render(result, "markdown", doc=doc, lang="zh")
    assert "来源：语言模型提出的数字关系" in md
    assert not result.tool.degraded


def test_an_invented_number_rejects_the_relation_visibly(server, doc, tmp_path):
    settings = llm_settings(server.base_url, tmp_path / "cache")
    facts = with_items(doc, settings, PASSAGE)
    server.enqueue(INVENTED_REPLY, group="relations")
    out = extract_relations(doc, facts, settings, make_chat_model(settings))
    result = review_document(doc, settings, facts=out)
    assert "SUM_MISMATCH" not in result.summary.by_rule
    assert any(i.status == "not_verified" and i.label == PASSAGE for i in result.coverage.items)
    assert result.tool.degraded
    assert any(n.group == "relations" and "未通过核实" in n.message for n in result.tool.notices)
    assert any("20.00" in w for w in out.provenance.warnings)


def test_a_relation_the_sentence_does_not_state_is_rejected(server, doc, tmp_path):
    settings = llm_settings(server.base_url, tmp_path / "cache")
    facts = with_items(doc, settings, "培训经费年初安排")
    server.enqueue(UNSTATED_REPLY, group="relations")
    out = extract_relations(doc, facts, settings, make_chat_model(settings))
    result = review_document(doc, settings, facts=out)
    assert not any(f.origin == "llm" for f in result.findings)
    assert any("wording" in w for w in out.provenance.warnings)


def test_the_provider_path_asks_for_relations_after_extraction(server, doc, tmp_path, monkeypatch):
    import agent.pipeline as pipeline  # the pipeline extracts the rule facts (once) and hands them on

    real = pipeline.extract_rules
    monkeypatch.setattr(pipeline, "extract_rules",
                        lambda d, s=None: with_items(d, s, PASSAGE) if d.id == doc.id else real(d, s))
    server.enqueue(SUM_REPLY, group="relations")
    result = review_document(doc, llm_settings(server.base_url, tmp_path / "cache"), provider="openai")
    assert any(f.rule == "SUM_MISMATCH" and f.origin == "llm" for f in result.findings)
    assert "extraction.relations@2" in result.tool.prompt_ids
    assert result.tool.extractor.startswith("rules+llm")
