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


# A 项目 report whose sum the rule extractor does not parse, and the reply that finds it (50+40+20 ≠ 120).
ODD_REPORT = """某县档案馆2024年度项目支出绩效自评报告

一、项目概况

档案数字化项目经费总额为120.00万元，由三部分构成：扫描加工50.00万元、系统运维40.00万元、安全测评20.00万元。
"""
ODD_REPLY = {
    "figures": [fig("t", "project:档案数字化项目.full_budget", "120.00", "经费总额为120.00万元"),
                fig("a", "misc:扫描加工", "50.00", "扫描加工50.00万元"),
                fig("b", "misc:系统运维", "40.00", "系统运维40.00万元"),
                fig("c", "misc:安全测评", "20.00", "安全测评20.00万元")],
    "claims": [{"kind": "sum", "sentence": "档案数字化项目经费总额为120.00万元，由三部分构成",
                "total": "t", "parts": ["a", "b", "c"]}],
}
# The planted 年中预算调增 sum of samples/dept_self_eval_errors.txt, as the rules already find it.
ADJUST_REPLY = {
    "figures": [fig("t", "total.adjustment", "45.00", "年中预算调增（减）45.00万元"),
                fig("p1", "misc:年度绩效考核奖金", "28.00", "年度绩效考核奖金28.00万元"),
                fig("p2", "misc:增人增资", "7.00", "增人增资7.00万元"),
                fig("p3", "misc:设备运维经费追加", "12.00", "政务服务大厅设备运维经费追加12.00万元")],
    "claims": [{"kind": "sum", "sentence": "本年度年中预算调增（减）45.00万元，分别为",
                "total": "t", "parts": ["p1", "p2", "p3"]}],
}
