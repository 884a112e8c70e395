"""Write the learning set: every everyday phrasing of issue 15's three commonest errors (sum, ratio,
change), wrong and consistent, each in four number styles.

The phrasings below are written by hand; the variants are mechanical so that each phrasing is
tried with 万元, 元 with thousands separators, 万元 with thousands separators (amounts ×10) and
full-width digits.  This is where fixes come from — it is not a held-out measure.

    python eval/data/learning/build.py      # rewrites the .txt files and labels.yaml here
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (id, rule, template, wrong values, right values, stated key name).  Placeholders {name} hold amounts
# in 万元 (converted per variant); {name%} hold percentages (never converted).
CASES: list[tuple[str, str, str, dict[str, str], dict[str, str], str]] = [
    # ---- six ways (and a seventh) to write one total and its parts
    ("sum-qizhong", "SUM_MISMATCH", "2024年部门支出合计{T}，其中：基本支出{A}，项目支出{B}。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-next-sentence", "SUM_MISMATCH", "2024年部门支出合计{T}。基本支出{A}，项目支出{B}。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-parenthesis", "SUM_MISMATCH", "2024年部门支出合计{T}（基本支出{A}、项目支出{B}）。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-total-last", "SUM_MISMATCH", "2024年基本支出{A}，项目支出{B}，合计{T}。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-baokuo", "SUM_MISMATCH", "2024年部门支出合计{T}，包括基本支出{A}和项目支出{B}。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-goucheng", "SUM_MISMATCH", "2024年部门支出合计{T}，由基本支出{A}和项目支出{B}构成。",
     {"T": "865.30"}, {"T": "856.30"}, "T"),
    ("sum-respectively", "SUM_MISMATCH",
     "2024年“三公”经费支出{T}，公务接待费、公务用车运行维护费、因公出国（境）费分别为{a}、{b}、{c}。",
     {"T": "8.93"}, {"T": "7.93"}, "T"),
    ("sum-prefix", "SUM_MISMATCH",
     "本年度年中预算调增{T}，分别为：（1）年度绩效考核奖金{x}；（2）增人增资{y}；（3）设备运维经费追加{z}。",
     {"T": "35.00"}, {"T": "47.00"}, "T"),
    # ---- a share or rate of two amounts
    ("ratio-share-of", "RATIO_MISMATCH", "2024年项目支出实际支出{N}，占全年预算{D}的{P%}。",
     {"P%": "95.84"}, {"P%": "93.84"}, "P%"),
    ("ratio-division", "RATIO_MISMATCH", "项目支出实际支出{N}，全年预算{D}，预算执行率={N}÷{D}={P%}。",
     {"P%": "95.84"}, {"P%": "93.84"}, "P%"),
    ("ratio-rate-paren", "RATIO_MISMATCH", "2024年项目支出预算执行率为{P%}（{N}/{D}）。",
     {"P%": "95.84"}, {"P%": "93.84"}, "P%"),
    ("ratio-usage", "RATIO_MISMATCH", "2024年项目资金到位{D}，已使用{N}，资金使用率达{P%}。",
     {"P%": "95.84"}, {"P%": "93.84"}, "P%"),
    ("ratio-completion", "RATIO_MISMATCH", "2024年项目全年预算{D}，实际完成支出{N}，预算完成率{P%}。",
     {"P%": "95.84"}, {"P%": "93.84"}, "P%"),
    # ---- a change against the prior year
    ("change-prior-rate", "CHANGE_MISMATCH", "2024年部门支出{C}，比上年{Pr}增加{Dlt}，增长{R%}。",
     {"R%": "8.88"}, {"R%": "6.88"}, "R%"),
    ("change-prior-amount", "CHANGE_MISMATCH", "2024年部门支出{C}，比上年{Pr}增加{Dlt}，增长{R%}。",
     {"Dlt": "65.10", "R%": "6.88"}, {"R%": "6.88"}, "Dlt"),
    ("change-yoy", "CHANGE_MISMATCH", "2024年部门支出{C}，上年支出{Pr}，同比增长{R%}。",
     {"R%": "8.88"}, {"R%": "6.88"}, "R%"),
    ("change-yoy-amount", "CHANGE_MISMATCH", "2024年部门支出{C}，同比增加{Dlt}，增长{R%}。",
     {"R%": "8.88"}, {"R%": "6.88"}, "R%"),
    ("change-year-named", "CHANGE_MISMATCH", "2024年部门支出{C}，与2023年相比增加{Dlt}，增长{R%}。",
     {"R%": "8.88"}, {"R%": "6.88"}, "R%"),
    ("change-decrease", "CHANGE_MISMATCH", "2024年部门支出{Pr}，较上年{C}减少{Dlt}，下降{Q%}。",
     {"Q%": "8.43"}, {"Q%": "6.43"}, "Q%"),
]

BASE = {"A": "512.36", "B": "343.94", "a": "4.52", "b": "3.41", "c": "0.00", "x": "28.00", "y": "7.00",
        "z": "12.00", "N": "856.30", "D": "912.50", "C": "856.30", "Pr": "801.20", "Dlt": "55.10"}

STYLES = ("wan", "yuan", "wan-sep", "fullwidth")
HEADER = ("某县农业农村局\n\n2024年度部门整体支出绩效自评报告\n\n一、部门基本情况\n\n"
          "某县农业农村局为县政府工作部门，内设机构6个。\n\n二、部门整体支出情况\n\n")
FOOTER = "\n\n三、绩效自评结论\n\n综合评价，本部门2024年度整体支出绩效自评得分为92.5分，评价等级为“优秀”。\n"


def _grouped(v: Decimal) -> str:
    whole, _, frac = f"{v:.2f}".partition(".")
    return f"{int(whole):,}.{frac}"


def amount(value: str, style: str) -> str:
    v = Decimal(value)
    if style == "yuan":
        return _grouped(v * 10000) + "元"
    if style == "wan-sep":
        return _grouped(v * 10) + "万元"
    text = f"{v:.2f}万元"
    return _fullwidth(text) if style == "fullwidth" else text


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() or ch in ".%" else ch for ch in text)


def render(template: str, values: dict[str, str], style: str) -> str:
    out = template
    for name, v in values.items():
        if name.endswith("%"):
            text = f"{v}%"
            out = out.replace("{" + name + "}", _fullwidth(text) if style == "fullwidth" else text)
        else:
            out = out.replace("{" + name + "}", amount(v, style))
    return out


def key_of(name: str, value: str, style: str) -> str:
    if name.endswith("%"):
        return value
    v = Decimal(value)
    return f"{v * 10000:.2f}" if style == "yuan" else f"{v * 10:.2f}" if style == "wan-sep" else f"{v:.2f}"


def main() -> None:
    samples = []
    for cid, rule, template, wrong, right, stated in CASES:
        for style in STYLES:
            for clean in (False, True):
                values = {**BASE, **(right if clean else wrong)}
                sid = f"{cid}-{style}" + ("-clean" if clean else "")
                path = HERE / f"{sid}.txt"
                path.write_text(HEADER + render(template, values, style) + FOOTER, encoding="utf-8")
                sample = {"id": sid, "path": f"eval/data/learning/{path.name}", "kind": "dept_self_eval",
                          "clean": clean, "expected": []}
                if not clean:
                    sample["expected"] = [{"rule": rule, "severity": "error",
                                           "keys": [key_of(stated, values[stated], style)]}]
                samples.append(sample)
    import yaml

    doc = {"version": "1", "name": "learning", "samples": samples}
    head = ("# Learning set (issue 15): hand-written phrasings of sum, ratio and change errors, each wrong and\n"
            "# consistent, in four number styles.  Written by eval/data/learning/build.py; fixes come from here.\n")
    (HERE / "labels.yaml").write_text(head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
