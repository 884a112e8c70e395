"""自评 indicators written as prose, one numbered line each: '1.高标准农田建设面积：年度目标值≥2.5万亩，实际完成
2.31万亩，…，该指标得分10分（满分10分）'.

Such a line holds what a 自评表 row holds — the target with its comparator, the actual value, the score and the
full score — so it becomes a ScoreRow and the 自评表 checks (TARGET_NOT_MET, a score above its 分值) run on it.
A line is read only when all four are there and the target and actual share their unit; an indicator the
report's 自评表 already lists is left to the table.  The 资金 row may be prose too ('…执行率68.6%，分值10分，
得分6.9分') beside a table of indicators only: it joins that table.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.schemas import Comparator, ScoreRow, ScoreTable

_NUM = r"\d+(?:\.\d+)?"
_LINE = fastre.compile(
    r"^[ \t]*(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*(?P<name>[^：:。，,；;\n\d]{2,30})[：:]\s*"
    r"(?:年度)?(?:目标值?|指标值|目标)(?:为|是)?\s*(?P<cmp>≥|≤|>|<|＞|＜|=|不低于|不少于|不高于|不超过|达到)?\s*"
    rf"(?P<t>{_NUM})\s*(?P<tu>[^\d，,。；;\s]{{0,4}}?)\s*[，,；;]\s*"
    rf"实际(?:完成值?|达到|值)?(?:为|是)?\s*(?P<a>{_NUM})\s*(?P<au>[^\d，,。；;\s]{{0,4}}?)\s*[，,；;。]"
    rf"[^\n]{{0,80}}?得(?:分)?\s*(?P<s>{_NUM})\s*分\s*[（(]\s*(?:满分|分值|权重)\s*(?:为)?\s*(?P<w>{_NUM})\s*分\s*[)）]",
    re.M)
_COMPARATORS = {"≥": Comparator.GE, "不低于": Comparator.GE, "不少于": Comparator.GE, "达到": Comparator.GE,
                ">": Comparator.GT, "＞": Comparator.GT, "≤": Comparator.LE, "不高于": Comparator.LE,
                "不超过": Comparator.LE, "<": Comparator.LT, "＜": Comparator.LT, "=": Comparator.EQ}


def extract_indicator_lines(ctx: Ctx, fb: FactsBuilder) -> None:
    tabled = {r.level3 for t in fb.score_tables for r in t.rows}
    rows: list[ScoreRow] = []
    for m in _LINE.finditer(ctx.text):
        name = m.group("name").strip()
        if name in tabled or m.group("tu") != m.group("au"):
            continue
        comparator = _COMPARATORS.get(m.group("cmp") or "")
        if comparator is None and m.group("tu") == "%" and Decimal(m.group("t")) == 100:
            comparator = Comparator.GE  # a bare '100%' target: anything less misses it
        unit = m.group("tu")

        def fig(g: str, key: str, label: str, u: str, m: re.Match = m):
            return fb.add_figure(ctx.figure(m.start(g), m.end(g), value=m.group(g), unit=u, key=key, label=label))

        target_text = ctx.text[m.start("cmp") if m.group("cmp") else m.start("t") : m.end("tu")]
        rows.append(ScoreRow(
            level3=name,
            target_text=target_text, target_comparator=comparator,
            target=fig("t", f"misc:目标:{name}", f"{name}年度指标值", unit),
            actual_text=ctx.text[m.start("a") : m.end("au")],
            actual=fig("a", f"misc:实际:{name}", f"{name}实际完成值", unit),
            score=fig("s", f"misc:得分:{name}", f"{name}得分", "分"),
            weight=fig("w", f"misc:分值:{name}", f"{name}分值", "分"),
            span=ctx.span(m.start("name"), m.end()),
        ))
    if rows:
        fb.score_tables.append(ScoreTable(rows=rows, span=rows[0].span))


_FUNDS_LINE = fastre.compile(
    rf"执行率[^。；;\n]{{0,12}}?(?P<rate>{_NUM})\s*%[^。；;\n]{{0,12}}?[，,；;]\s*(?:分值|权重|满分)\s*(?:为)?\s*(?P<w>{_NUM})\s*分"
    rf"\s*[，,；;]\s*(?:得分|自评得分)\s*(?:为)?\s*(?P<s>{_NUM})\s*分")


def extract_funds_line(ctx: Ctx, fb: FactsBuilder) -> None:
    """'项目资金：全年预算数260.00万元，…执行率约68.6%，分值10分，得分6.9分': the 自评表's 资金 row written as prose
    beside a table of indicators only — without it the table's weights add up to 90 and its scores miss 6.9."""
    tables = [t for t in fb.score_tables if t.rows]
    if len(tables) != 1 or any(r.level1 == "预算执行" or "执行率" in r.level3 for r in tables[0].rows):
        return
    found = list(_FUNDS_LINE.finditer(ctx.text))
    if len(found) != 1:
        return
    m = found[0]
    weight = fb.add_figure(ctx.figure(m.start("w"), m.end("w"), value=m.group("w"), unit="分",
                                      key="selfeval.budget_weight", label="预算执行率分值"))
    score = fb.add_figure(ctx.figure(m.start("s"), m.end("s"), value=m.group("s"), unit="分",
                                     key="selfeval.budget_score", label="预算执行率得分"))
    tables[0].rows.insert(0, ScoreRow(level1="预算执行", level3="预算执行率", weight=weight, score=score,
                                      span=ctx.span(m.start(), m.end())))
