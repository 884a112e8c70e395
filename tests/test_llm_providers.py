"""Provider registry, the scripted provider, langchain fake models, and rules ∪ LLM merging."""

from __future__ import annotations

import subprocess
import sys

import pytest
from llm_support import ERRORS_SAMPLE, SANGONG_INVENTED, SANGONG_OK, fig, llm_settings

from agent.config import Settings
from agent.errors import ConfigError
from agent.extract import extract_rules
from agent.extract.llm import extract_llm
from agent.extract.merge import merge_facts
from agent.extract.prompts import load_prompt
from agent.ingest import load_document
from agent.providers import available_providers, get_provider
from agent.providers.scripted import ReplyQueue, ScriptedProvider


def test_registry_names_and_unknown_provider():
    assert {"rules", "openai", "scripted"} <= set(available_providers())
    with pytest.raises(ConfigError) as e:
        get_provider("nosuch", Settings())
    assert "openai" in str(e.value) and "rules" in str(e.value) and "scripted" in str(e.value)


def test_importing_providers_loads_no_langchain_or_openai():
    code = ("import sys, agent.providers, agent.extract.llm, agent.cli.main; "
            "print(any(m.split('.')[0] in ('langchain_openai', 'langchain_core', 'openai') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_openai_provider_needs_key_or_base_url(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        get_provider("openai", Settings()).chat_model()


def test_rules_provider_is_the_rule_extractor():
    doc = load_document(ERRORS_SAMPLE)
    facts = get_provider("rules", Settings()).extract(doc, Settings())
    assert facts.provenance.extractor == "rules"


def test_scripted_provider_merges_with_rules(tmp_path):
    doc = load_document(ERRORS_SAMPLE)
    queue = ReplyQueue()
    queue.enqueue(SANGONG_INVENTED, group="sangong")
    settings = llm_settings(None, tmp_path)
    facts = ScriptedProvider(settings, queue=queue).extract(doc, settings)
    rules = extract_rules(doc, settings)
    assert facts.provenance.provider == "scripted"
    assert facts.provenance.extractor.startswith("rules")
    assert load_prompt("sangong").ref in facts.provenance.prompt_ids
    # the union keeps every rule figure and never an invented one
    got = {(f.span.start, f.key) for f in facts.all_figures()}
    assert {(f.span.start, f.key) for f in rules.all_figures()} <= got
    assert all(str(f.value) != "1.20" for f in facts.all_figures())
    assert queue.requests and queue.requests[0]["group"] == "budget"


def test_langchain_fake_chat_model_drives_extraction(tmp_path):
    import json

    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    doc = load_document(ERRORS_SAMPLE)
    settings = llm_settings(None, tmp_path)
    budget = {"figures": [fig("f1", "total.actual", "1,028.40", "全年共计支出1,028.40万元")]}
    model = FakeListChatModel(responses=[json.dumps(budget, ensure_ascii=False)]
                              + [json.dumps(SANGONG_OK, ensure_ascii=False)] * 5)
    facts = extract_llm(doc, settings, chat_model=model, provider="fake", groups=("budget", "sangong"))
    keys = {f.key for f in facts.figures}
    assert {"total.actual", "sangong.budget"} <= keys
    assert facts.provenance.tokens and facts.provenance.tokens > 0


def test_merge_agreement_disagreement_and_llm_only(tmp_path):
    doc = load_document(ERRORS_SAMPLE)
    rules = extract_rules(doc, Settings())
    queue = ReplyQueue()
    wrong = {"figures": [fig("f1", "sangong.actual", "3.25", "公务接待费3.25万元")]}  # mis-keyed by the model
    queue.enqueue(wrong, group="budget")
    queue.enqueue(SANGONG_OK, group="sangong")
    settings = llm_settings(None, tmp_path)
    from agent.providers.scripted import make_scripted_chat_model

    llm = extract_llm(doc, settings, chat_model=make_scripted_chat_model(queue), provider="scripted")
    merged = merge_facts(rules, llm)
    assert any("sangong.actual" in w and "rules kept" in w for w in merged.provenance.warnings)
    sangong_actual = {f.value for f in merged.all_figures() if f.key == "sangong.actual"}
    assert str(min(sangong_actual)) != "3.25"
    assert len(merged.claims) >= len(rules.claims)
    assert merged.statements == rules.statements


def test_scripted_provider_replays_a_script_file(tmp_path, monkeypatch):
    import json

    from agent.providers import scripted

    script = tmp_path / "script.json"
    script.write_text(json.dumps({"sangong": [SANGONG_OK]}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(scripted.SCRIPT_ENV, str(script))
    monkeypatch.setattr(scripted, "DEFAULT_QUEUE", ReplyQueue())
    settings = llm_settings(None, tmp_path / "cache")
    facts = get_provider("scripted", settings).extract(load_document(ERRORS_SAMPLE), settings)
    assert facts.provenance.model == "scripted"
    assert any(f.key == "sangong.budget" for f in facts.all_figures())


def test_merge_names_projects_as_the_rules_do(tmp_path):
    from conftest import seed

    from agent.providers.scripted import make_scripted_chat_model

    doc = load_document(seed("000"))
    rules = extract_rules(doc)
    if not any(b.key.startswith("project:") for b in rules.budget_lines):
        pytest.skip("the rules found no named project in this seed")
    queue = ReplyQueue()
    queue.enqueue({"figures": [
        fig("a", "project:业务性专项经费项目.initial_budget", "6.30", "年初预算金额6.30万元"),
        fig("b", "project:业务性专项经费项目.actual", "7.25", "实际支出7.25万元")]}, group="projects")
    llm = extract_llm(doc, llm_settings(None, tmp_path), chat_model=make_scripted_chat_model(queue))
    merged = merge_facts(rules, llm)
    assert not [w for w in merged.provenance.warnings if "project:" in w]
    assert [b.key for b in merged.budget_lines if b.key.startswith("project:")] == \
        [b.key for b in rules.budget_lines if b.key.startswith("project:")]


def test_chat_hook_uses_the_provider_model(tmp_path):
    queue = ReplyQueue()
    queue.enqueue("你好")
    provider = ScriptedProvider(llm_settings(None, tmp_path), queue=queue)
    assert provider.chat([{"role": "user", "content": "hi"}]) == "你好"
    with pytest.raises(ConfigError):
        get_provider("rules", Settings()).chat([{"role": "user", "content": "hi"}])
