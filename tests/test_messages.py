"""Finding wording lives in agent/checks/messages.py: every template renders in zh and en with no field
left unfilled, every rule has its wording there, and the checks build no message text themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from agent.checks.messages import MESSAGES, fields, pair, say
from agent.checks.registry import RULES

CHECKS_DIR = Path(__file__).resolve().parents[1] / "agent" / "checks"
CHECK_MODULES = ["arithmetic.py", "budget.py", "consistency.py", "selfeval.py", "text.py", "merge.py"]


def _needed(rule: str, case: str) -> set[str]:
    w = MESSAGES[(rule, case)]
    return fields(w.zh) | fields(w.en) | (fields(w.suggestion) if w.suggestion else set())


@pytest.mark.parametrize("key", sorted(MESSAGES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_every_template_renders_in_both_languages(key):
    rule, case = key
    values = {name: (f"〔{name}〕", f"<{name}>") for name in _needed(rule, case)}
    said = say(rule, case, **values)
    w = MESSAGES[key]
    for text in (said.zh, said.en, said.suggestion or ""):
        assert "{" not in text and "}" not in text, text
    for name in fields(w.zh):
        assert f"〔{name}〕" in said.zh
    for name in fields(w.en):
        assert f"<{name}>" in said.en
    assert said.zh
    if not w.fragment:  # a whole finding is said in both languages
        assert said.en
    if _needed(rule, case):
        missing = dict(values)
        missing.pop(sorted(_needed(rule, case))[0])
        with pytest.raises(KeyError):
            say(rule, case, **missing)


def test_every_rule_has_its_wording():
    whole = {rule for (rule, _), w in MESSAGES.items() if not w.fragment}
    assert whole == set(RULES)
    assert {rule for rule, _ in MESSAGES} <= set(RULES) | {"*"}


def _calls(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id in names]


def test_the_checks_use_every_template_and_only_known_ones():
    used = set()
    for name in CHECK_MODULES:
        tree = ast.parse((CHECKS_DIR / name).read_text(encoding="utf-8"))
        for call in _calls(tree, {"say", "pair"}):
            rule, case = call.args[:2]
            cases = [case.body, case.orelse] if isinstance(case, ast.IfExp) else [case]  # 'a' if x else 'b'
            assert all(isinstance(a, ast.Constant) for a in [rule, *cases]), ast.unparse(call)
            for c in cases:
                key = (rule.value, c.value)
                assert key in MESSAGES, key
                used.add(key)
    assert used == set(MESSAGES)


def _has_cjk(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and any("\u4e00" <= ch <= "\u9fff"
               for ch in n.value) for n in ast.walk(node))


def test_no_check_builds_a_finding_message_itself():
    for name in CHECK_MODULES:
        tree = ast.parse((CHECKS_DIR / name).read_text(encoding="utf-8"))
        for call in _calls(tree, {"finding"}):
            for arg in call.args[1:3]:
                assert not isinstance(arg, ast.JoinedStr | ast.BinOp) and not _has_cjk(arg), \
                    f"{name}:{call.lineno}: message built in the check: {ast.unparse(arg)[:80]}"


def test_pairs_fill_each_language_with_its_own_text():
    zh, en = pair("OVER_BUDGET", "masked", denominator="50.00万元", stated="95")
    assert zh == "，报告以50.00万元为分母列为95%"
    assert en == "; the report divides by 50.00万元 to state 95%"
    said = say("PRIVACY", "personal", what=("手机号码", "mobile number"), masked="138****0000")
    assert said.zh == "公开文本中含有个人手机号码（138****0000），请删除或改为单位办公电话。"
    assert said.en == "A personal mobile number (138****0000) appears in a document meant for publication."
