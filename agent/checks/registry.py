"""The rule catalogue as code: every rule ID of ../shared/review-rules.md with its severity, and the
registry of check functions (one per rule, pure: Facts -> list[Finding]).

The check modules import this one to register themselves; it imports none of them (that was an
import cycle): ``agent.checks`` imports them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agent.config import CheckSettings
from agent.schemas import Facts, Finding, Severity

RULES_VERSION = "2026.11-1"

CheckFn = Callable[[Facts, CheckSettings], list[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title_zh: str
    title_en: str
    description: str
    params: dict[str, str] = field(default_factory=dict)


RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("SUM_MISMATCH", Severity.ERROR, "合计数与分项之和不符", "total differs from the sum of its parts",
         "a stated total differs from the sum of its stated parts"),
    Rule("RATIO_MISMATCH", Severity.ERROR, "比率计算有误", "stated ratio differs from its recomputation",
         "a stated percentage/ratio differs from its recomputation"),
    Rule("CHANGE_MISMATCH", Severity.ERROR, "增减额或增减率有误", "stated change does not match the two values",
         "a stated increase/decrease (amount or rate) does not match the values"),
    Rule("BALANCE_MISMATCH", Severity.ERROR, "平衡关系不成立", "accounting identity does not hold",
         "an accounting identity fails (全年预算 = 年初预算 + 调整; 结转结余 = 上年结转 + 收入 − 支出; 收入总计 = 支出总计)"),
    Rule("FIGURE_INCONSISTENT", Severity.ERROR, "同一数据前后不一致", "same quantity stated with different values",
         "the same quantity is stated with different values in two places"),
    Rule("OVER_BUDGET", Severity.WARNING, "超预算支出", "spending exceeds its budget",
         "actual spending exceeds its budget, including when the report widens the denominator",
         {"over_budget_threshold": "100 (%)"}),
    Rule("LOW_EXECUTION", Severity.WARNING, "预算执行率偏低", "low budget execution",
         "execution rate below the configured threshold", {"low_execution_threshold": "80 (%)"}),
    Rule("SCORE_MISMATCH", Severity.ERROR, "自评表分值或得分有误", "self-evaluation score arithmetic is wrong",
         "self-evaluation table arithmetic: totals, weights, score over weight, 执行率得分"),
    Rule("TARGET_NOT_MET", Severity.WARNING, "指标未完成仍给满分", "target missed but full score given",
         "an indicator misses its target but gets the full score"),
    Rule("TEXT_CONTRADICTION", Severity.WARNING, "文字表述与数据矛盾", "text contradicts the figures",
         "a sentence's claim contradicts the figures (direction words, 预算调整率为0, grades)",
         {"excellent_grade_min_rate": "60 (%)"}),
    Rule("YEAR_MISMATCH", Severity.WARNING, "年度引用有误", "reference to the wrong fiscal year", "a reference to another fiscal year's report"),
    Rule("TEMPLATE_RESIDUE", Severity.INFO, "模板文字未删除", "template text left in the report", "template instructions or alternatives left in"),
    Rule("MISSING_ITEM", Severity.INFO, "缺少必要内容", "required item missing", "a required section or figure is absent"),
    Rule("DUPLICATE_TEXT", Severity.INFO, "内容重复", "duplicated text", "a paragraph or sentence repeated verbatim",
         {"duplicate_min_chars": "30"}),
    Rule("PRIVACY", Severity.INFO, "含个人信息", "personal data in a public document", "personal data (mobile numbers, ID numbers) in a public document"),
]}

_CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    if rule_id not in RULES:
        raise KeyError(f"unknown rule {rule_id}")

    def deco(fn: CheckFn) -> CheckFn:
        _CHECKS[rule_id] = fn
        return fn

    return deco


def registered() -> dict[str, CheckFn]:
    """The checks registered so far: ``agent.checks`` imports every check module, so through it all of them."""
    return dict(_CHECKS)
