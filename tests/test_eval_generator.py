"""The generator: clean documents recompute exactly (checked with independent Decimal arithmetic
on the rendered text), the same seed gives the same bytes, and the committed set is current."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from eval.dataset import load_dataset
from eval.generator import accounts, dept, selfeval
from eval.generator.base import Ctx
from eval.generator.build import generate

ROOT = Path(__file__).resolve().parents[1]
N = r"(\d+(?:\.\d+)?)"
CATALOGUE = {"SUM_MISMATCH", "RATIO_MISMATCH", "CHANGE_MISMATCH", "BALANCE_MISMATCH", "FIGURE_INCONSISTENT",
             "OVER_BUDGET", "LOW_EXECUTION", "SCORE_MISMATCH", "TARGET_NOT_MET", "TEXT_CONTRADICTION",
             "YEAR_MISMATCH", "TEMPLATE_RESIDUE", "MISSING_ITEM", "DUPLICATE_TEXT", "PRIVACY"}


def _d(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _round_as_stated(value: Decimal, stated: str) -> Decimal:
    places = len(stated.split(".")[1]) if "." in stated else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ratio_ok(a: str, b: str, stated: str) -> bool:
    return _round_as_stated(_d(a) * 100 / _d(b), stated) == _d(stated)


def _clean_text(module, seed: int, plants: set[str] | None = None) -> str:
    ctx = Ctx.new(random.Random(seed), plants or set())
    module.build(ctx)
    assert not ctx.labels
    return ctx.doc.text()


def _check_text(text: str) -> int:
    """Recompute every stated sum / ratio / balance the templates produce; returns how many were checked."""
    checked = 0
    for a, b, c in re.findall(N + "/" + N + r"\*100%=" + N + "%", text):
        assert _ratio_ok(a, b, c), (a, b, c)
        checked += 1
    for total, x, y in re.findall(r"(?:年初部门预算|总预算为|全年共计支出)" + N + r"万元，其中[:：]基本支出" + N + r"万元，项目支出"
                                  + N + "万元", text):
        assert _d(total) == _d(x) + _d(y), (total, x, y)
        checked += 1
    for c0, inc, out, end in re.findall(r"上年度预算结转" + N + r"万元，本年度预算收入为" + N + r"万元，全年共计支出" + N
                                        + r"万元，年末结转项目性专项" + N, text):
        assert _d(c0) + _d(inc) - _d(out) == _d(end)
        checked += 1
    for b, a, c in re.findall(r"(?:年初预算为?|全年预算数|项目)" + N + r"万元，(?:支出决算为?|执行数)" + N + r"万元[，。]完成(?:年初)?预算的"
                              + N + "%", text):
        assert _ratio_ok(a, b, c), (a, b, c)
        checked += 1
    for b, a, c, d, r in re.findall(r"支出预算为" + N + r"万元，支出决算为" + N + r"万元，完成预算的" + N + r"%；与上年相比减少" + N
                                    + r"万元，降低" + N + "%", text):
        assert _ratio_ok(a, b, c) and _ratio_ok(d, str(_d(a) + _d(d)), r), (a, b, c, d, r)
        checked += 1
    for total, part, share in re.findall(r"(?:政府采购支出总额|政府采购的金额为)" + N + r"万元.*?授予中小企业合同金额" + N
                                         + r"万元，占政府采购支出总额的" + N + "%", text):
        assert _ratio_ok(part, total, share)
        checked += 1
    for n, g, rate in re.findall(r"汇集" + N + r"万条好差评数据，其中好评数" + N + r"万条，好评率" + N + "%", text):
        assert _ratio_ok(g, n, rate)
        checked += 1
    for acc, done, rate in re.findall(r"共受理" + N + r"个事项，办结" + N + r"个事项，办结率" + N + "%", text):
        assert _ratio_ok(done, acc, rate)
        checked += 1
    for total, x, y in re.findall(r"基本支出" + N + r"万元，其中人员经费" + N + r"万元，公用经费" + N + "万元", text):
        assert _d(total) == _d(x) + _d(y)
        checked += 1
    for total, listing in re.findall(r"年项目支出" + N + r"万元，其中：([^。]+)。", text):
        assert _d(total) == sum((_d(v) for v in re.findall(r"(\d+\.\d{2})万元", listing)), Decimal(0))
        checked += 1
    return checked


def _check_score_table(text: str) -> None:
    rows = [[ln[1:] for ln in block.split("\n") if ln.startswith("\t")] for block in text.split("\n\n")]
    money = next(r for r in rows if len(r) > 1 and r[1] == "年度资金总额")
    scores = [_d(money[7])]
    weights = [Decimal(10)]
    for r in rows:
        if len(r) == 9 and r[6].isdigit():
            weights.append(_d(r[6]))
            scores.append(_d(r[7]))
            assert _d(r[7]) <= _d(r[6])
    total = next(r for r in rows if r and r[0] == "总  分")
    assert sum(weights) == Decimal(100) == _d(total[1])
    assert sum(scores) == _d(total[2])
    rate = _d(money[6].rstrip("%"))
    assert _round_as_stated(rate / 10, money[7]) == _d(money[7])
    assert _ratio_ok(money[4], money[3], money[6].rstrip("%"))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("module", [dept, selfeval, accounts])
def test_clean_documents_are_internally_consistent(module, seed: int) -> None:
    text = _clean_text(module, seed)
    assert _check_text(text) >= 3
    if module is selfeval:
        _check_score_table(text)


def test_near_misses_stay_within_rounding() -> None:
    for seed in range(6):
        _check_text(_clean_text(dept, seed, {"nearmiss_rate"}))
        _check_text(_clean_text(selfeval, seed, {"nearmiss_rate"}))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate(11, a, planted=4, clean=2, docx_every=2)
    generate(11, b, planted=4, clean=2, docx_every=2)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and any(f.endswith(".docx") for f in files)
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    generate(12, b, planted=4, clean=2, docx_every=2)
    assert (a / "labels.yaml").read_bytes() != (b / "labels.yaml").read_bytes()


def test_committed_set_is_current_and_big_enough(tmp_path: Path) -> None:
    committed = ROOT / "eval" / "data" / "generated"
    generate(7, tmp_path)
    for p in sorted(committed.iterdir()):
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), f"{p.name}: rerun python -m eval.generator --seed 7"
    ds = load_dataset(committed / "labels.yaml")
    planted = [s for s in ds.samples if not s.clean]
    assert len(planted) >= 40 and sum(s.clean for s in ds.samples) >= 10
    assert sum(len(s.expected) for s in planted) >= 200
    rules = {lb.rule for s in ds.samples for lb in s.expected}
    assert rules == CATALOGUE, CATALOGUE - rules


def test_every_label_names_a_catalogue_rule() -> None:
    ds = load_dataset(ROOT / "eval" / "data")
    for s in ds.samples:
        for lb in s.expected:
            assert lb.rules <= CATALOGUE, (s.id, lb.rules)
            # an absent item or a repeated passage has no figure to quote (the label lint exempts them too)
            # (an optional consequence label may name no figure: it never counts as missed)
            assert lb.keys or lb.any_keys or lb.rule in ("MISSING_ITEM", "DUPLICATE_TEXT") or s.id in ("002", "003") \
                or not lb.required, \
                (s.id, lb)
