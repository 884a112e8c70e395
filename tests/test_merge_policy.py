"""The one merge policy (agent.checks.merge): the rules are the reference, an LLM only adds, one
problem is one finding — and the pipeline extracts the rule facts once for it."""

from __future__ import annotations

from llm_support import ERRORS_SAMPLE, SANGONG_OK, llm_settings

import agent.extract
from agent.checks import run_checks
from agent.checks.merge import with_reference
from agent.extract import extract_rules
from agent.ingest import load_document
from agent.pipeline import extract_with_reference, review_document
from agent.providers import scripted


def _count_rule_extractions(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = agent.extract.Ctx

    def counting(doc):  # noqa: ANN001, ANN202
        calls.append(1)
        return real(doc)

    monkeypatch.setattr(agent.extract, "Ctx", counting)  # built once per extract_rules run
    return calls


def test_review_with_a_model_runs_the_rule_extractor_once(monkeypatch, tmp_path):
    doc = load_document(ERRORS_SAMPLE)
    settings = llm_settings(None, tmp_path, provider="scripted")
    offline = {f.id for f in run_checks(extract_rules(doc, settings), settings.checks)}
    calls = _count_rule_extractions(monkeypatch)
    queue = scripted.ReplyQueue()
    queue.enqueue(SANGONG_OK, group="sangong")
    monkeypatch.setattr(scripted, "DEFAULT_QUEUE", queue)
    result = review_document(doc, settings, provider="scripted")
    assert len(calls) == 1
    assert result.tool.provider == "scripted"
    assert offline <= {f.id for f in result.findings}  # never fewer than offline


def test_review_of_given_facts_uses_the_given_reference(monkeypatch, tmp_path):
    doc = load_document(ERRORS_SAMPLE)
    settings = llm_settings(None, tmp_path, provider="scripted")
    queue = scripted.ReplyQueue()
    queue.enqueue(SANGONG_OK, group="sangong")
    monkeypatch.setattr(scripted, "DEFAULT_QUEUE", queue)
    calls = _count_rule_extractions(monkeypatch)
    facts, reference = extract_with_reference(doc, settings, provider="scripted")
    review_document(doc, settings, facts=facts, reference=reference)
    assert len(calls) == 1
    review_document(doc, settings, facts=facts)  # no reference given: extracted for the check, once
    assert len(calls) == 2


def test_with_reference_adds_only_what_the_merged_facts_lost(tmp_path):
    doc = load_document(ERRORS_SAMPLE)
    findings = run_checks(extract_rules(doc), llm_settings(None, tmp_path).checks)
    assert len(findings) >= 2
    kept, lost = findings[1:], findings[:1]
    merged = with_reference([f.model_copy(deep=True) for f in kept], [f.model_copy(deep=True) for f in findings])
    assert {f.id for f in merged} == {f.id for f in findings}
    same = with_reference([f.model_copy(deep=True) for f in findings], [f.model_copy(deep=True) for f in lost])
    assert [f.id for f in same] == [f.id for f in findings]
