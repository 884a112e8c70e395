"""Shared helpers for the LLM tests: settings pointed at the scripted server, sample replies."""

from __future__ import annotations

from pathlib import Path

from agent.config import LLMSettings, Settings

ROOT = Path(__file__).resolve().parents[1]
ERRORS_SAMPLE = ROOT / "samples" / "dept_self_eval_errors.txt"


def llm_settings(base_url: str | None, cache_dir: Path, **overrides) -> Settings:
    llm = dict(provider="openai", model="test", base_url=base_url, api_key="test-key", cache_dir=str(cache_dir),
               timeout=5.0, max_retries=1, max_validation_retries=2, token_budget=60000)
    llm.update(overrides)
    return Settings(llm=LLMSettings(**llm))


def fig(i: str, key: str, value: str, quote: str, unit: str = "万元", label: str | None = None, **extra) -> dict:
    return {"id": i, "label": label or key, "key": key, "value": value, "unit": unit, "quote": quote, **extra}


# A correct 三公 reply for samples/dept_self_eval_errors.txt (its planted direction error included).
SANGONG_OK = {
    "figures": [
        fig("f1", "sangong.budget", "6.80", "全年“三公”经费预算6.80万元"),
        fig("f2", "sangong.reception.budget", "3.70", "公务接待费3.70万元"),
        fig("f3", "sangong.vehicle_run.budget", "3.10", "公务用车运行维护费3.10万元"),
        fig("f4", "sangong.actual", "6.10", "“三公”经费实际支出6.10万元"),
    ],
    "claims": [
        {"kind": "sum", "sentence": "全年“三公”经费预算6.80万元，其中：公务接待费3.70万元，公务用车运行维护费3.10万元",
         "total": "f1", "parts": ["f2", "f3"]},
        {"kind": "direction", "sentence": "决算数大于年初预算数的主要原因是严格执行公务接待标准",
         "left": "f4", "right": "f1", "relation": "gt", "wording": "大于"},
    ],
}

# Same reply plus a number the document never prints.
SANGONG_INVENTED = {
    "figures": SANGONG_OK["figures"] + [fig("f9", "sangong.abroad.actual", "1.20", "因公出国（境）费1.20万元")],
    "claims": SANGONG_OK["claims"] + [
        {"kind": "sum", "sentence": "全年“三公”经费实际支出6.10万元", "total": "f4", "parts": ["f9"]}],
}
