"""绩效自评表: the budget-execution row and the indicator rows with 分值, 得分, targets and group weights."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.cells import cell_figure, cell_number, cell_text, without_index
from agent.schemas import (
    BudgetLine,
    Comparator,
    Document,
    Figure,
    RatioClaim,
    ScoreGroup,
    ScoreRow,
    ScoreTable,
    SumClaim,
    Table,
    TableCell,
)

_ONE_DECIMAL = fastre.compile(r"(得分|分值|评分)[^。\n]{0,12}(精确到|保留)(小数点后)?一位(小数)?")
_GROUP_WEIGHT = fastre.compile(r"[(（](\d+(?:\.\d+)?)分[)）]")
_PRINTED_WEIGHT = fastre.compile(r"[(（]([\d０-９]+(?:[.．][\d０-９]+)?)分[)）]")  # as printed, full-width digits too
_COLS = {
    "level1": fastre.compile(r"^一级指标"),
    "level2": fastre.compile(r"^二级指标"),
    "level3": fastre.compile(r"^(三级指标|指标名称|指标内容|具体指标)"),
    "target": fastre.compile(r"指标值|目标值"),
    "actual": fastre.compile(r"实际完成值|完成值|实际值"),
    "weight": fastre.compile(r"^(分值|权重|指标分值|标准分)"),
    "score": fastre.compile(r"^(得分|自评得分|实际得分|评分)"),
    "reason": fastre.compile(r"偏差|原因"),
}


def extract_score_tables(doc: Document, fb: FactsBuilder) -> None:
    scored = []
    for t in map(without_index, doc.tables):
        texts = [[cell_text(c) for c in row] for row in t.rows]
        if any(re.search(r"分值|权重", " ".join(r)) and re.search(r"得分|评分", " ".join(r)) for r in texts):
            scored.append((t, texts))
    carried: list[ScoreRow] = []  # a 自评表 drawn as several tables (资金 part, a page break): rows go on
    for i, (t, texts) in enumerate(scored):
        continued = i + 1 < len(scored) and _adjacent(doc, t, scored[i + 1][0])
        carried = _extract(doc, t, texts, fb, carried, continued)


_BETWEEN_PARTS = fastre.compile(r"\s|续表|[（()）:：]|第\d+页|共\d+页|[—-]\s*\d+\s*[—-]")


def _adjacent(doc: Document, t: Table, nxt: Table) -> bool:
    """Nothing but a page break, a page number or '（续表）' between two tables: one table drawn in parts."""
    return len(_BETWEEN_PARTS.sub("", doc.text[t.end : nxt.start])) <= 12


def _extract(doc: Document, t: Table, texts: list[list[str]], fb: FactsBuilder,
             funds: list[ScoreRow], continued: bool = False) -> list[ScoreRow]:
    """Reads one 自评表; returns its scored rows when the table goes on in the next one (its 资金 part alone,
    or indicator rows before a page break) and has no 总分 row of its own."""
    table = ScoreTable(span=doc.span(t.start, min(t.end, t.start + 30)), rows=list(funds),
                       excerpt=bool(_EXCERPT.search(doc.text[max(0, t.start - 60) : t.start])),
                       one_decimal=bool(_ONE_DECIMAL.search(doc.text)))
    header: dict[str, int] | None = None
    width = 0
    carry = {"level1": None, "level2": None}
    for r, row in enumerate(t.rows):
        cells = texts[r]
        if r and any(re.search(r"一级指标|三级指标", c) for c in cells) and \
                not any(_COLS["weight"].match(c) for c in cells) and any(_COLS["weight"].match(c) for c in texts[r - 1]):
            # a two-row header ('绩效指标 | 年度指标值 | … | 分值 | 得分' over '一级指标 | 二级指标 | 三级指标 | | …'):
            # the lower row's blanks are the upper row's merged cells
            cells = _under_upper_header(t.rows[r - 1], texts[r - 1], row, cells)
        if "执行率" in cells and any(_COLS["weight"].match(c) or _WEIGHT_IN_HEADER.search(c) or _COLS["score"].match(c)
                                    for c in cells) and any(re.search(r"预算数|执行数", c) for c in cells):
            # (a 资金 part may give its 得分 without a 分值 column: its weight is the rest of the 100)
            _budget_row(doc, t, r, cells, fb, table)
            continue
        if any(_COLS["weight"].match(c) for c in cells) and any(_COLS["score"].match(c) for c in cells) and \
                any(re.search(r"三级|指标名称|指标内容|一级指标", c) for c in cells):
            header = {}
            for name, pat in _COLS.items():
                for i, c in enumerate(cells):
                    if pat.search(c) and name not in header:
                        header[name] = i
            if "level3" not in header and "指标" in cells:  # '一级指标 | 指标 | 年度目标值 …'
                header["level3"] = cells.index("指标")
            if "level3" in header:  # '一级指标 | 分值 | 二级指标 | 三级指标 | … | 分值 | 得分': the first 分值 is the group's
                after = [i for i, c in enumerate(cells) if i > header["level3"] and _COLS["weight"].search(c)]
                if after and header.get("weight", -1) < header["level3"]:
                    header["weight"] = after[0]
            if "level3" not in header:  # scored at its deepest level: 二级指标, or 一级指标 in a summary table
                deepest = "level2" if "level2" in header else "level1" if "level1" in header else None
                if deepest:
                    header["level3"] = header.pop(deepest)
            width = len(cells)
            continue
        if cells and re.sub(r"\s", "", cells[0]) in ("总分", "合计") or (cells and cells[0].startswith("总分")):
            nums = [c for c in row[1:] if cell_number(c)]
            if header is not None and len(cells) == width and "weight" in header and "score" in header and \
                    all(cell_number(row[header[k]]) for k in ("weight", "score")):
                nums = [row[header["weight"]], row[header["score"]]]  # the indicator columns, not a group's 分值
            elif len(nums) > 2:
                nums = nums[-2:]  # '合计 | 100 | … | 100 | 97.8': a group weight column stands before them
            if len(nums) >= 2:
                table.total_weight = fb.add_figure(cell_figure(doc, nums[0], key="selfeval.total_weight",
                                                               label="总分分值", default_unit="分"))
                table.total_score = fb.add_figure(cell_figure(doc, nums[1], key="selfeval.total_score",
                                                              label="自评总分", default_unit="分"))
            continue
        if header is None and cells and re.match(r"(年度)?资金总额", re.sub(r"\s", "", next((c for c in cells if c), ""))) \
                and not any(_COLS["weight"].match(c) or _COLS["score"].match(c) for row_texts in texts[:r + 1]
                            for c in row_texts):
            table.unscored_funds = True  # '年度资金总额 | 380.00 | 380.00 | 100%' with no 分值 or 得分 column
        if header is None or len(cells) != width:
            continue
        row_obj = _indicator_row(doc, row, cells, header, carry, fb)
        if row_obj is not None:
            table.rows.append(row_obj)
    if header is None and table.total_weight is None and table.rows and \
            all(r.level1 == "预算执行" for r in table.rows):
        return table.rows  # only the 资金 part: its 总分 is the next table's
    if continued and table.total_weight is None and table.total_score is None and table.rows:
        return table.rows  # broken by a page: the 总分 row closes the next part
    _groups(doc, table)
    weights = [r.weight.value for r in table.rows if r.weight is not None]
    if table.total_score is None and not (weights and sum(weights) < 90):
        # a table of a few indicators (30 points of 100) is not what the report's 自评得分 totals
        table.total_score = _stated_total(doc, fb)
    if table.rows or table.total_score:
        fb.score_tables.append(table)
    return []


def _under_upper_header(upper: list, upper_texts: list[str], row: list, cells: list[str]) -> list[str]:
    """Each blank cell of ``row`` named by the ``upper`` header cell above it: by grid column where the loader
    knows it (a merged '绩效指标' spans three), else by position in rows of one width."""
    if all(c.col is not None for c in (*upper, *row)):
        above = {k: text for c, text in zip(upper, upper_texts, strict=True) for k in range(c.col, c.col + c.colspan)}
        return [text or above.get(c.col, "") for c, text in zip(row, cells, strict=True)]
    if len(upper_texts) == len(cells):
        return [text or above for text, above in zip(cells, upper_texts, strict=True)]
    return cells


def _indicator_row(doc, row, cells, header, carry, fb) -> ScoreRow | None:
    def get(name: str) -> str:
        i = header.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    for lvl in ("level1", "level2"):
        if get(lvl):
            carry[lvl] = get(lvl)
            if lvl == "level1":
                carry["level1_cell"] = row[header["level1"]]
            weighted = carry.get(f"{lvl}_weighted", "")
            if _GROUP_WEIGHT.search(get(lvl)):
                carry[f"{lvl}_weighted"] = get(lvl)
            elif weighted and re.sub(r"\s", "", _GROUP_WEIGHT.sub("", weighted)) == re.sub(r"\s", "", get(lvl)):
                # '产出指标（50分）' on a row of its own, then '产出指标' on each of its rows: they are its rows
                carry[lvl] = weighted
    level3 = get("level3")
    if not level3 and get("level1") and not get("level2") and (get("target") or get("actual")) and \
            not _GROUP_WEIGHT.search(get("level1")):
        level3 = get("level1")  # '预算执行率 | | | 100% | 93.54% | 10 | 9.4': an indicator scored on its own row
    if not level3:
        return None
    weight = score = target = actual = None
    if "weight" in header:
        weight = cell_figure(doc, row[header["weight"]], key=f"misc:分值:{level3}", label=f"{level3}分值",
                             default_unit="分")
    if "score" in header:
        score = cell_figure(doc, row[header["score"]], key=f"misc:得分:{level3}", label=f"{level3}得分",
                            default_unit="分")
    comparator = None
    if "target" in header:
        tn = cell_number(row[header["target"]])
        if tn is not None:
            comparator = Comparator(tn.comparator) if tn.comparator in {c.value for c in Comparator} else None
            if comparator is None and Decimal(tn.value) == 100 and tn.unit == "%":
                comparator = Comparator.GE  # a bare '100%' target: nothing exceeds it, anything less misses it
            target = cell_figure(doc, row[header["target"]], key=f"misc:目标:{level3}", label=f"{level3}年度指标值",
                                 default_unit="")
    if "actual" in header:
        actual = cell_figure(doc, row[header["actual"]], key=f"misc:实际:{level3}", label=f"{level3}实际完成值",
                             default_unit="")
    for f in (weight, score, target, actual):
        if f is not None:
            fb.add_figure(f)
    first = row[0]
    last = row[-1]
    return ScoreRow(
        level1=carry.get("level1"), level2=carry.get("level2"), level3=level3,
        weight=weight, score=score,
        target_text=get("target") or None, target_comparator=comparator, target=target,
        actual_text=get("actual") or None, actual=actual, reason=get("reason") or None,
        span=doc.span(first.start, last.end),
    )


_TOTAL_SENTENCE = fastre.compile(r"自评(总分|得分)(为|是)?\s*(?P<v>\d+(?:\.\d+)?)\s*分")


def _stated_total(doc: Document, fb: FactsBuilder) -> Figure | None:
    """'自评总分95.3分' in the text, for a 自评表 that has no 总分 row."""
    from agent.ingest.normalize import normalize

    nt = normalize(doc.text)
    m = _TOTAL_SENTENCE.search(nt.text)
    if not m:
        return None
    s, e = nt.to_source(m.start("v"), m.end())
    span = doc.span(s, e)
    return fb.add_figure(Figure(key="selfeval.total_score", label="自评总分", value=Decimal(m.group("v")), unit="分",
                                span=span, section=span.section, origin="text"))


def _groups(doc: Document, table: ScoreTable) -> None:
    """'产出指标（50分）' in a 一级/二级 cell: the rows under it must add up to 50."""
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(table.rows):
        for lvl in (r.level1, r.level2):
            if lvl and _GROUP_WEIGHT.search(lvl):
                by_name.setdefault(lvl, []).append(i)
    for name, idx in by_name.items():
        m = _GROUP_WEIGHT.search(name)
        # ground the weight on its own cell: the first '（50分）' / '(50分)' / '（５０分）' inside the table
        hit = next((w for w in _PRINTED_WEIGHT.finditer(doc.text, table.span.start)
                    if Decimal(unicodedata.normalize("NFKC", w.group(1))) == Decimal(m.group(1))), None)
        if hit is None:
            continue
        span = doc.span(hit.start(1), hit.end(0) - 1)
        weight = Figure(key=f"misc:组分值:{name}", label=f"{re.sub(_GROUP_WEIGHT, '', name)}分值", origin="table",
                        value=Decimal(m.group(1)), unit="分", span=span, section=span.section)
        table.groups.append(ScoreGroup(name=re.sub(r"\s", "", _GROUP_WEIGHT.sub("", name)), stated_weight=weight,
                                       row_indexes=idx))


_EXCERPT = fastre.compile(r"节选|摘录|摘选|部分指标")  # '六、部门整体支出绩效自评表（节选）'
_SOURCE_ROW = fastre.compile(r"^(其中[:：])?(当年财政拨款|一般公共预算|上年结转(资金)?|其他资金|政府性基金|财政专户)")


_UNIT_IN_HEADER = fastre.compile(r"[(（](万元|元)[)）]|单位[:：]\s*(万元|元)")


def _money_unit(doc: Document, t: Table) -> str:
    """'项目资金（元）' in the table's first rows, or a '单位：元' line just above it; 万元 otherwise."""
    for row in t.rows[:2]:
        for c in row:
            if m := _UNIT_IN_HEADER.search(c.text):
                return m.group(1) or m.group(2)
    found = _UNIT_IN_HEADER.findall(doc.text[max(0, t.start - 200) : t.start])
    return (found[-1][0] or found[-1][1]) if found else "万元"


def _budget_row(doc: Document, t: Table, r: int, header: list[str], fb: FactsBuilder, table: ScoreTable) -> None:
    """年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分: the 年度资金总额 row, and under it
    (项目支出绩效自评表) the funding-source rows that must add up to it, column by column."""
    if r + 1 >= len(t.rows):
        return
    row = t.rows[r + 1]
    cells = [cell_text(c) for c in row]
    if len(cells) < len(header):
        return
    shift = len(cells) - len(header)  # a header whose first cell spans two columns: align from the right
    col = {name: i + shift for i, name in enumerate(header)}
    subject = _project_name(t) or "部门整体"
    money = _money_unit(doc, t)

    def fig(cells_row, name: str, key: str, label: str, unit: str = money) -> Figure | None:
        i = next((j for h, j in col.items() if re.search(name, h)), None)
        if i is None:
            return None
        f = cell_figure(doc, cells_row[i], key=key, label=label, default_unit=unit)
        return fb.add_figure(f) if f else None

    initial = fig(row, "年初", "total.initial_budget", "年初预算数")
    full = fig(row, "全年预算", "total.full_budget", "全年预算数")
    actual = fig(row, "全年执行", "total.actual", "全年执行数")
    weight = fig(row, _COLS["weight"].pattern, "selfeval.budget_weight", "预算执行率分值", "分") or \
        _header_weight(doc, t.rows[r], fb)  # '得分（分值10）': the weight written in the score's header
    rate = fig(row, "执行率", "total.rate", "预算执行率", "%")
    score = fig(row, "得分", "selfeval.budget_score", "预算执行率得分", "分")
    span = doc.span(row[0].start, row[-1].end)
    if rate is not None and actual is not None and full is not None:
        fb.claims.append(RatioClaim(stated=rate, numerator=actual, denominator=full, label="预算执行率", span=span))
    fb.budget_lines.append(BudgetLine(subject=subject, key="total", initial_budget=initial, full_budget=full,
                                      actual=actual, stated_rate=rate, rate_basis="full", score=score, span=span))
    if score is not None:  # its weight unknown when no 分值 column is given: the row's score still counts
        table.rows.append(ScoreRow(level1="预算执行", level3="预算执行率", weight=weight, score=score, span=span,
                                   actual=rate, actual_text=rate.span.quote if rate else None))
    _source_rows(doc, t, r + 2, header, fb, {"年初": initial, "全年预算": full, "全年执行": actual}, fig)
    _nature_split(doc, t, r + 2, fb, {"initial_budget": initial, "full_budget": full, "actual": actual})


_WEIGHT_IN_HEADER = fastre.compile(r"得分\s*[（(]\s*(?:分值|满分|权重)\s*(?P<w>\d+(?:\.\d+)?)\s*分?\s*[)）]")


def _header_weight(doc: Document, header: list, fb: FactsBuilder) -> Figure | None:
    """The 资金 row's weight stated in its score column's header ('得分（分值10）')."""
    for cell in header:
        m = _WEIGHT_IN_HEADER.search(cell.text)
        if m:
            span = doc.span(cell.start + m.start("w"), cell.start + m.end("w"))
            if span.quote != m.group("w"):
                return None
            return fb.add_figure(Figure(key="selfeval.budget_weight", label="预算执行率分值", value=Decimal(m.group("w")),
                                        unit="分", span=span, section=span.section, origin="table"))
    return None


_NATURE = fastre.compile(r"(?P<name>基本支出|项目支出)\s*[:：]\s*(?P<v>\d[\d,]*(?:\.\d+)?)")


def _nature_split(doc: Document, t: Table, first: int, fb: FactsBuilder, totals: dict[str, Figure | None]) -> None:
    """'按支出性质分：其中：基本支出：642.17 / 项目支出：847.76' under the 年度资金总额 row names no column: the
    measure is the one whose total the two add up to (else the split stays unkeyed)."""
    found: dict[str, tuple[TableCell, re.Match[str]]] = {}
    for row in t.rows[first : first + 4]:
        for c in row:
            if (m := _NATURE.search(c.text)) is not None:
                found.setdefault(m.group("name"), (c, m))
    if len(found) != 2:
        return
    values = {n: Decimal(m.group("v").replace(",", "")) for n, (_, m) in found.items()}
    total = values["基本支出"] + values["项目支出"]
    measure = next((k for k, f in totals.items() if f is not None and abs(f.value - total) <= Decimal("0.011")), None)
    if measure is None:
        return
    for name, (cell, m) in found.items():
        subject = "basic" if name == "基本支出" else "project"
        span = doc.span(cell.start + m.start("v"), cell.start + m.end("v"))
        fb.add_figure(Figure(key=f"{subject}.{measure}", label=f"自评表{name}", value=values[name],
                             unit=totals[measure].unit, span=span, section=span.section, origin="table"))


def _source_rows(doc, t, first, header, fb, totals, fig) -> None:
    parts: dict[str, list[Figure]] = {k: [] for k in totals}
    last = None
    for row in t.rows[first:]:
        cells = [cell_text(c) for c in row]
        name = next((c for c in cells if c), "")
        if len(cells) != len(t.rows[first - 1]) or not _SOURCE_ROW.match(name):
            break
        label = _SOURCE_ROW.match(name).group(2)
        for col_name in totals:
            f = fig(row, col_name, f"misc:资金来源:{label}:{col_name}", f"{label}{col_name}")
            if f is not None:
                parts[col_name].append(f)
        sub_full, sub_actual = fig(row, "全年预算", "", ""), fig(row, "全年执行", "", "")
        sub_rate = fig(row, "执行率", f"misc:资金来源:{label}:执行率", f"{label}执行率", "%")
        if sub_rate is not None and sub_full is not None and sub_actual is not None:
            fb.claims.append(RatioClaim(stated=sub_rate, numerator=sub_actual, denominator=sub_full,
                                        label=f"{label}执行率", span=doc.span(row[0].start, row[-1].end)))
        last = row
    if last is None:
        return
    for col_name, total in totals.items():
        if total is not None and len(parts[col_name]) >= 2:
            fb.claims.append(SumClaim(total=total, parts=parts[col_name], label=f"年度资金总额（{col_name}）",
                                      span=doc.span(total.span.start, last[-1].end)))


def _project_name(t: Table) -> str | None:
    for row in t.rows[:3]:
        cells = [cell_text(c) for c in row]
        if "项目名称" in cells:
            i = cells.index("项目名称")
            if i + 1 < len(cells) and cells[i + 1]:
                return cells[i + 1]
    return None
