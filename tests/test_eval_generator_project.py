"""The 项目支出绩效自评表 style of the generator: clean documents recompute exactly (independent
Decimal arithmetic on the rendered text and table), the same seed gives the same bytes, every plant
is labelled, and the committed ``eval/data/generated_project`` set is current and loaded by default."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from eval.dataset import load_dataset
from eval.generator import project
from eval.generator.base import Ctx
from eval.generator.build import generate_project

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "eval" / "data" / "generated_project"
N = r"(\d+(?:\.\d+)?)"
CATALOGUE = {"SUM_MISMATCH", "RATIO_MISMATCH", "CHANGE_MISMATCH", "BALANCE_MISMATCH", "FIGURE_INCONSISTENT",
             "OVER_BUDGET", "LOW_EXECUTION", "SCORE_MISMATCH", "TARGET_NOT_MET", "TEXT_CONTRADICTION",
             "YEAR_MISMATCH", "TEMPLATE_RESIDUE", "MISSING_ITEM", "DUPLICATE_TEXT", "PRIVACY"}


def _d(s: str) -> Decimal:
    return Decimal(s.replace(",", "").strip())


def _round_as_stated(value: Decimal, stated: str) -> Decimal:
    places = len(stated.split(".")[1]) if "." in stated else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ratio_ok(a: Decimal, b: Decimal, stated: str) -> bool:
    return _round_as_stated(a * 100 / b, stated) == _d(stated)


def _table(text: str) -> list[list[str]]:
    """Rows of the flattened Word table: "\t<cell>" starts a cell, other lines continue it, a blank
    line ends a row."""
    rows: list[list[str]] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:])
        elif line == "":
            if row:
                rows.append(row)
            row = []
        elif row:
            row[-1] += "\n" + line
    return rows


def _build(seed: int, plants: set[str]) -> Ctx:
    ctx = Ctx.new(random.Random(seed), plants)
    project.build(ctx)
    return ctx


def _check(text: str, year: int, *, tail_ok: bool = False) -> None:
    rows = _table(text)
    assert rows[0][0] == "项目名称" and rows[1][0] == "主管部门" and rows[1][2] == "实施单位"
    by_label = {r[1]: r for r in rows if len(r) == 8}
    total = by_label["年度资金总额"]
    parts = [by_label["其中：当年财政拨款"], by_label["上年结转资金"], by_label["其他资金"]]
    for col in (2, 3, 4):  # 年初预算数, 全年预算数, 全年执行数
        diff = _d(total[col]) - sum((_d(p[col]) for p in parts), Decimal(0))
        assert diff == 0 or (tail_ok and col == 4 and abs(diff) <= Decimal("0.01") and "尾数误差" in text), (col, diff)
    budget, spent = _d(total[3]), _d(total[4])
    rate = total[6].rstrip("%")
    assert _ratio_ok(spent, budget, rate), (spent, budget, rate)
    assert spent <= budget and total[5] == "10"
    assert _d(total[7]) == (_d(rate) * 10 / 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    for p in parts:
        if p[6] != "—":
            assert _ratio_ok(_d(p[4]), _d(p[3]), p[6].rstrip("%")), p
    # indicators: group weights, Σ分值 = 100 = 总分's 分值, Σ得分 = 总分, 得分 ≤ 分值, targets met
    ind = [r for r in rows if len(r) == 9 and r[6].isdigit()]
    assert len(ind) >= 8
    groups: dict[str, list[int]] = {}
    current = ""
    for r in ind:
        if r[1]:
            m = re.fullmatch(r"(\S+指标)\n（(\d+)分）", r[1])
            assert m, r[1]
            current = m.group(1)
            groups[current] = [int(m.group(2)), 0]
        groups[current][1] += int(r[6])
        assert _d(r[7]) <= _d(r[6]), r
        assert (_d(r[7]) < _d(r[6])) == bool(r[8]), r  # a deduction always says why
        m = re.fullmatch(r"([≥≤=><])" + N + r"(\D*)", r[4])
        if m:
            cmp, target, unit = m.groups()
            got = re.fullmatch(N + re.escape(unit), r[5])
            assert got, r
            a, t = _d(got.group(1)), _d(target)
            assert {"≥": a >= t, "≤": a <= t, "=": a == t, ">": a > t, "<": a < t}[cmp], r
    assert {g: w for g, (w, _s) in groups.items()} == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert all(w == s for w, s in groups.values()), groups
    tot = next(r for r in rows if r[0] == "总  分")
    assert 10 + sum(int(r[6]) for r in ind) == 100 == int(tot[1])
    assert _d(total[7]) + sum((_d(r[7]) for r in ind), Decimal(0)) == _d(tot[2])
    # the text restates the table
    b0, b, a, w = re.search(r"项目年初预算" + N + r"万元，全年预算" + N + r"万元，实际支出" + N + r"万元，预算执行率" + N + "%",
                            text).groups()
    assert (_d(b0), _d(b), _d(a)) == (_d(total[2]), budget, spent) and _ratio_ok(spent, budget, w)
    m = re.search(r"全年预算资金" + N + r"万元，其中：([^。]+)。", text)
    if m:
        assert _d(m.group(1)) == sum((_d(v) for v in re.findall(N + "万元", m.group(2))), Decimal(0))
    m = re.search(r"专项资金" + N + r"万元，年中执行调(增|减)" + N + r"万元，实际支出" + N + r"万元，结余结转" + N, text)
    if m:
        f0, sign, adj, a2, rest = m.groups()
        assert _d(f0) + (_d(adj) if sign == "增" else -_d(adj)) == budget and _d(a2) == spent
        assert _d(rest) == budget - spent
    assert re.search(r"绩效自评得分" + N + "分", text).group(1) == tot[2]
    assert set(re.findall(r"(20\d\d)年度", text)) == {str(year)}
    assert not re.search(r"1[3-9]\d{9}", text)


@pytest.mark.parametrize("seed", range(12))
def test_clean_project_documents_recompute_exactly(seed: int) -> None:
    ctx = _build(seed, set())
    assert not ctx.labels and not ctx.near_misses
    _check(ctx.doc.text(), ctx.year)


@pytest.mark.parametrize("seed", range(6))
def test_near_misses_stay_within_tolerance(seed: int) -> None:
    ctx = _build(seed, {"nearmiss_tail", "nearmiss_target", "nearmiss_full"})
    assert not ctx.labels
    _check(ctx.doc.text(), ctx.year, tail_ok=True)


@pytest.mark.parametrize("plant", project.PLANTS)
def test_every_plant_is_labelled(plant: str) -> None:
    for seed in range(4):
        ctx = _build(seed, {plant})
        assert ctx.labels, plant
        assert {lb["rule"] for lb in ctx.labels} <= CATALOGUE
        assert all(lb["keys"] or lb.get("any_keys") for lb in ctx.labels)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate_project(11, a, planted=4, clean=2, docx_every=2)
    generate_project(11, b, planted=4, clean=2, docx_every=2)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and any(f.endswith(".docx") for f in files)
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    generate_project(12, b, planted=4, clean=2, docx_every=2)
    assert (a / "labels.yaml").read_bytes() != (b / "labels.yaml").read_bytes()


def test_docx_table_matches_the_text(tmp_path: Path) -> None:
    import docx

    ctx = _build(3, set())
    path = tmp_path / "p.docx"
    path.write_bytes(ctx.doc.docx_bytes())
    table = docx.Document(str(path)).tables[0]
    rows = _table(ctx.doc.text())
    assert [c.text for c in table.rows[3].cells[:8]] == rows[3]


def test_committed_project_set_is_current_and_big_enough(tmp_path: Path) -> None:
    out = tmp_path / "eval" / "data" / "generated_project"
    generate_project(11, out)
    committed = sorted(p.name for p in COMMITTED.iterdir())
    assert committed == sorted(p.name for p in out.iterdir())
    for name in committed:
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), \
            f"{name}: rerun python -m eval.generator --style project --seed 11 --out eval/data/generated_project"
    ds = load_dataset(COMMITTED / "labels.yaml")
    assert len(ds.samples) >= 20 and sum(s.clean for s in ds.samples) >= 4
    assert sum(len(s.expected) for s in ds.samples) >= 60
    assert all(s.kind == "project_self_eval" for s in ds.samples)
    assert all(not s.expected for s in ds.samples if s.clean)
    rules = {lb.rule for s in ds.samples for lb in s.expected}
    assert {"RATIO_MISMATCH", "SCORE_MISMATCH", "SUM_MISMATCH", "TARGET_NOT_MET", "OVER_BUDGET", "LOW_EXECUTION",
            "YEAR_MISMATCH", "TEMPLATE_RESIDUE", "PRIVACY"} <= rules <= CATALOGUE
    assert any(s.near_misses for s in ds.samples)
    for s in ds.samples:
        assert Path(ds.source).parent.joinpath(Path(s.path).name).exists() or (ROOT / s.path).exists()


def test_default_dataset_includes_the_project_set() -> None:
    ids = {s.id for s in load_dataset().samples}
    assert {s.id for s in load_dataset(COMMITTED / "labels.yaml").samples} <= ids
    assert any(i.startswith("gen-") for i in ids)
