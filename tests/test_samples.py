"""The shipped sample reports say what samples/README.md claims: clean ones add up, planted errors are there."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import SAMPLES_DIR

from agent.ingest import load_document

CLEAN = ["dept_self_eval_clean.txt", "final_accounts_clean.txt"]
FORMULA = re.compile(r"([\d.]+)/([\d.]+)\*100%=([\d.]+)%")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _d(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _pct(a: Decimal, b: Decimal) -> Decimal:
    return (a / b * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _text(name: str) -> str:
    return (SAMPLES_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_formulas_are_exact(name: str) -> None:
    found = FORMULA.findall(_text(name))
    if name.startswith("dept"):
        assert len(found) >= 5
    for a, b, c in found:
        assert _pct(_d(a), _d(b)) == _d(c), f"{a}/{b} != {c}%"


@pytest.mark.parametrize("name", CLEAN)
def test_clean_samples_have_no_other_years_phones_or_template_residue(name: str) -> None:
    text = _text(name)
    years = set(re.findall(r"(?<!\d)(20\d\d)年", text))
    assert years == {"2024"}
    assert not PHONE.search(text)
    assert "（减）" not in text and "大于（小于）" not in text and "XX" not in text


def test_final_accounts_stated_rates_are_exact() -> None:
    text = _text("final_accounts_clean.txt")
    pairs = re.findall(r"年初预算为([\d.,]+)万元，支出决算为([\d.,]+)万元，完成年初预算的([\d.]+)%，决算数(大于|小于)", text)
    assert len(pairs) == 9
    for budget, actual, rate, word in pairs:
        assert _pct(_d(actual), _d(budget)) == _d(rate)
        assert (word == "大于") == (_d(actual) > _d(budget))
    shares = re.findall(r"([\d.]+)万元，占([\d.]+)%", text)
    for part, share in shares:
        whole = {"438.20": Decimal("512.64"), "74.44": Decimal("512.64"), "986.45": Decimal("986.45")}.get(
            part, Decimal("978.23")
        )
        assert _pct(_d(part), whole) == _d(share), part


def test_final_accounts_tables_add_up() -> None:
    doc = load_document(SAMPLES_DIR / "final_accounts_clean.txt")
    t03 = next(t for t in doc.tables if t.title and "公开03表" in t.title)
    rows = [[c.text for c in r] for r in t03.rows]
    total = next(r for r in rows if r[0] == "合计")
    items = [r for r in rows if re.fullmatch(r"\d{7}", r[0])]
    for col in range(3):
        assert sum((_d(r[2 + col]) for r in items if r[2 + col]), Decimal(0)) == _d(total[1 + col])
    t01 = next(t for t in doc.tables if t.title and "公开01表" in t.title)
    rows01 = {r[0].text: r for r in t01.rows}
    income, carry = _d(rows01["本年收入合计"][2].text), _d(rows01["年初结转和结余"][2].text)
    spend, left = _d(rows01["本年收入合计"][5].text), _d(rows01["年初结转和结余"][5].text)
    assert income + carry == _d(rows01["总计"][2].text) == spend + left == _d(rows01["总计"][5].text)


def test_dept_clean_tables_add_up() -> None:
    doc = load_document(SAMPLES_DIR / "dept_self_eval_clean.txt")
    execution = doc.tables[0]
    rows = [[c.text for c in r] for r in execution.rows[1:]]
    *parts, total = rows
    for col in range(1, 5):
        assert sum((_d(r[col]) for r in parts), Decimal(0)) == _d(total[col])
    for r in rows:
        assert _d(r[1]) + _d(r[2]) == _d(r[3])
        assert _pct(_d(r[4]), _d(r[3])) == _d(r[5].rstrip("%"))


def test_planted_errors_are_present() -> None:
    text = _text("dept_self_eval_errors.txt")
    assert _pct(Decimal("6.10"), Decimal("6.80")) != Decimal("92.65")
    assert "“三公”经费控制率=6.10/6.80*100%=92.65%" in text
    assert "项目支出预算控制率=575.80/590.20*100%=97.56%" in text
    assert _pct(Decimal("575.80"), Decimal("560.20")) > 100
    assert "28.00万元；（2）增人增资7.00万元；（3）政务服务大厅设备运维经费追加12.00万元" in text
    assert "决算数大于年初预算数" in text
    assert "现将2023年度" in text
    assert "调增（减）" in text
    assert PHONE.search(text).group() == "13912345678"  # type: ignore[union-attr]
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for quote in ("92.65%", "590.20", "13912345678", "调增（减）", "2023年度", "决算数大于年初预算数", "47.00"):
        assert quote in readme
