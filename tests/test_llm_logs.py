"""Every prompt and reply is logged in SQLite and shown by `budget-review logs`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from llm_server import Error, ScriptedLLMServer
from llm_support import ERRORS_SAMPLE, SANGONG_OK, llm_settings

from agent.extract.llm import extract_llm
from agent.ingest import load_document
from agent.providers import logdb
from agent.providers.openai import make_chat_model


@pytest.fixture
def server():
    with ScriptedLLMServer() as srv:
        yield srv


def _cli(tmp_path, *args):
    env = {**os.environ, "BUDGET_REVIEW_LOGS_DB": str(tmp_path / "logs.db")}
    return subprocess.run([sys.executable, "-m", "agent.cli.main", "logs", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_every_request_and_failure_is_logged_and_listed(server, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_REVIEW_LOGS_DB", str(tmp_path / "logs.db"))
    monkeypatch.setenv("BUDGET_REVIEW_LLM_BACKOFF", "0")
    server.enqueue(SANGONG_OK, group="sangong")
    server.enqueue(Error(500, "boom"), group="projects")
    settings = llm_settings(server.base_url, tmp_path / "cache", max_retries=0)
    extract_llm(load_document(ERRORS_SAMPLE), settings, make_chat_model(settings), provider="openai")
    rows = logdb.recent(100)
    assert len(rows) == len(server.requests)  # one row per request the server saw
    ok = next(r for r in rows if r["group"] == "sangong")
    assert ok["status"] == "ok" and json.loads(ok["response"]) == SANGONG_OK
    assert ok["prompt"][0][0] == "system" and "<report>" in ok["prompt"][1][1]
    assert ok["options"]["response_format"]["json_schema"]["name"] == "sangong"
    assert ok["model"] == "test" and ok["provider"] == "openai" and ok["document"].endswith(ERRORS_SAMPLE.name)
    failed = next(r for r in rows if r["group"] == "projects")
    assert failed["status"] == "error" and "500" in failed["error"] and failed["response"] is None

    out = _cli(tmp_path, "--json", "-n", "1")
    assert out.returncode == 0, out.stderr
    latest = json.loads(out.stdout)
    assert len(latest) == 1 and latest[0]["id"] == rows[0]["id"]
    text = _cli(tmp_path, "-n", "2").stdout
    assert text.startswith(f"#{rows[0]['id']}") and "[system]" in text and "[human]" in text


def test_logging_can_be_turned_off(server, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_REVIEW_LOGS", "off")
    monkeypatch.setenv("BUDGET_REVIEW_LOGS_DB", str(tmp_path / "logs.db"))
    settings = llm_settings(server.base_url, tmp_path / "cache")
    extract_llm(load_document(ERRORS_SAMPLE), settings, make_chat_model(settings), provider="openai")
    assert server.requests and not (tmp_path / "logs.db").exists()


def test_logs_on_an_empty_database(tmp_path):
    out = _cli(tmp_path)
    assert out.returncode == 0 and "no logged model calls yet" in out.stdout
    assert _cli(tmp_path, "--json").stdout.strip() == "[]"
