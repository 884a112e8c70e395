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
