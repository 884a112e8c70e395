"""Speed shortcuts over whole-text scans must find exactly what the plain scan finds."""

from __future__ import annotations

import random

from agent.extract.rules.cells import cell_text
from agent.extract.rules.ratios import _FORMULA, _formulas
from agent.schemas import TableCell


def _formula_texts(n: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 4)):
            name = "".join(rng.choice("预算执行率 ，\n:ab=") for _ in range(rng.randint(0, 40)))

            def ws() -> str:
                return rng.choice(["", " ", "  ", "\n", " \n "])

            f = (f"{name}{ws()}={ws()}{rng.randint(0, 999)}{rng.choice(['', '万元', '元'])}{ws()}{rng.choice('/÷')}"
                 f"{ws()}{rng.randint(1, 999)}.{rng.randint(0, 9)}{ws()}{rng.choice('*×xX')}{ws()}100{ws()}%{ws()}="
                 f"{ws()}{rng.randint(0, 100)}{ws()}%")
            if rng.random() < 0.2:
                f = f.replace("%", "", 1)
            parts.append(f)
        out.append(rng.choice(["", "。", "\n", "==", "资金使用率"]).join(parts))
    return out


def test_formulas_found_from_their_equals_sign_are_the_plain_scan_s():
    texts = _formula_texts(3000) + [
        "项目预算执行率 = 90万元/100万元×100% = 90%",
        "执行率=" + " " * 50 + "90/100*100%=90%",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五 = 9/10×100%=90%",
        "a=1/2x100%=50%b=3/4×100%=75%",
    ]
    found = 0
    for t in texts:
        want = [(m.span(), m.groupdict()) for m in _FORMULA.finditer(t)]
        assert [(m.span(), m.groupdict()) for m in _formulas(t)] == want, t
        found += len(want)
    assert found > 1000  # the generated texts do hold formulas


def test_cell_text_is_cached_by_text_and_still_compact():
    a = TableCell(text=" 一般公共\n服务支出 ", start=0, end=9)
    b = TableCell(text=" 一般公共\n服务支出 ", start=40, end=49)
    assert cell_text(a) == cell_text(b) == "一般公共服务支出"


def test_class_account_patterns_tried_only_before_their_class_mark_find_what_finditer_finds():
    from agent.extract.national.restatements import (
        _ACCOUNT,
        _CJK,
        _CJK_OR_LIST,
        _CLASS_SHARE,
        _from_class_marks,
    )

    rng = random.Random(11)
    atoms = ["一般公共服务", "支出", "、", "（类）", "(类)", "（款）", "(款)", "（项）", "）", "（", "12.5", "30",
             "万元", "元", " ", "，", "。", "\n", "类", "行政运行", "人大事务"]
    texts = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 30))) for _ in range(3000)]

    def name() -> str:
        return "".join(rng.choice(["一般", "公共", "服务", "、", "支出", "教育"]) for _ in range(rng.randint(0, 12)))

    for _ in range(3000):  # shaped like the 说明's 科目 sentences, with noise
        parts = [name(), rng.choice(["（类）", "(类)", "（类", "类）"]), rng.choice(["", " ", "12.5万元", "3元", name()]),
                 rng.choice(["（款）", "(款)", ""]), name(), rng.choice(["（项）", "(项)", "）", ""]),
                 rng.choice(["", "，", "。", "\n", "支出决算为8.00万元。"])]
        texts.append("".join(parts) * rng.randint(1, 3))
    texts += ["一般公共服务支出（类）人大事务（款）行政运行（项）支出决算为12.50万元。",
              "教育支出（类）" + "普" * 40 + "（款）", "卫生健康支出（类）236.64万元，占" + "医" * 30 + "(类)5元"]
    found = 0
    for t in texts:
        for pattern, chars, longest in ((_CLASS_SHARE, _CJK, 20), (_ACCOUNT, _CJK_OR_LIST, 10**9)):
            want = [(m.span(), m.groupdict()) for m in pattern.finditer(t)]
            assert [(m.span(), m.groupdict()) for m in _from_class_marks(pattern, t, chars, longest)] == want, t
            found += len(want)
    assert found > 500
