"""部门决算 公开表: 收入支出决算总表, 收入/支出决算表 by 科目, and the 三公经费 table."""

from __future__ import annotations

import re

from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.cells import cell_figure, cell_number, cell_text
from agent.schemas import BalanceClaim, Document, Figure, SumClaim, Table

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_UNIT = re.compile(r"单位[:：]\s*(万元|元)")


def table_unit(doc: Document, t: Table) -> str:
    """The table's money unit from its '单位：元 / 万元' line; 决算 tables in 元 are not 万元 text."""
    found = _UNIT.findall(doc.text[: t.start])  # a table's own line, else the one declared for all 附表
    return found[-1] if found else "万元"


_CODE_TITLES = {1: "收入支出决算总表", 2: "收入决算表", 3: "支出决算表", 5: "一般公共预算财政拨款支出决算表",
                7: "财政拨款“三公”经费支出决算表"}


def _title(t: Table) -> str:
    """The table's name; when the title line is something else, the 公开NN表 code in its first rows."""
    title = t.title or ""
    if re.search(r"(收入|支出)决算(总|明细)?表|三公", title):
        return title
    for row in t.rows[:2]:
        for c in row:
            m = re.search(r"公开\s*0?(\d+)\s*表", cell_text(c))
            if m and int(m.group(1)) in _CODE_TITLES:
                return _CODE_TITLES[int(m.group(1))]
    return title


def extract_final_tables(doc: Document, fb: FactsBuilder) -> None:
    rounding = "尾数误差" in doc.text
    for t in doc.tables:
        title = _title(t)
        t = t if title == (t.title or "") else t.model_copy(update={"title": title})
        if "三公" in title:
            _sangong_table(doc, t, fb)
        elif re.search(r"收入支出决算总表", title):
            _summary_table(doc, t, fb, rounding)
        elif re.search(r"(支出|收入)决算(明细)?表", title):
            keyed = bool(re.match(r"^(支出|收入)决算表", title))
            _subject_table(doc, t, fb, rounding, income="收入" in title and "支出" not in title, keyed=keyed)


def _span_of(doc: Document, t: Table):
    return doc.span(t.start, min(t.end, t.start + 40))


def _summary_table(doc: Document, t: Table, fb: FactsBuilder, rounding: bool) -> None:
    """Left half 收入, right half 支出: each side's rows add up to its 合计, and 总计 balance."""
    left: dict[str, Figure] = {}
    right: dict[str, Figure] = {}
    left_rows: list[Figure] = []
    right_rows: list[Figure] = []
    for row in t.rows:
        texts = [cell_text(c) for c in row]
        if len(row) < 6:
            continue
        lab_l, val_l, lab_r, val_r = texts[0], row[2], texts[3], row[5]
        for lab, cell, side, rows in ((lab_l, val_l, left, left_rows), (lab_r, val_r, right, right_rows)):
            if not lab or lab in ("项目", "栏次"):
                continue
            fig = cell_figure(doc, cell, key=_summary_key(lab, side is left), label=lab,
                              default_unit=table_unit(doc, t))
            if fig is None:
                continue
            fig = fb.add_figure(fig)
            side[lab] = fig
            if re.match(r"^[一二三四五六七八九十]+、", lab):
                rows.append(fig)
    span = _span_of(doc, t)
    for side, rows, total_name in ((left, left_rows, "本年收入合计"), (right, right_rows, "本年支出合计")):
        total = side.get(total_name)
        if total is not None and len(rows) >= 2:
            fb.claims.append(SumClaim(total=total, parts=rows, label=total_name, span=span, note_rounding=rounding))
    total_in = left.get("总计")
    total_out = right.get("总计")
    in_parts = [left[k] for k in left if k in ("本年收入合计", "使用非财政拨款结余(含专用结余)", "年初结转和结余",
                                               "年初财政拨款结转和结余")]
    out_parts = [right[k] for k in right if k in ("本年支出合计", "结余分配", "年末结转和结余", "年末财政拨款结转和结余")]
    if total_in is not None and in_parts:
        fb.claims.append(SumClaim(total=total_in, parts=in_parts, label="收入总计", span=span))
    if total_out is not None and out_parts:
        fb.claims.append(SumClaim(total=total_out, parts=out_parts, label="支出总计", span=span))
    if total_in is not None and total_out is not None:
        fb.claims.append(BalanceClaim(result=total_out, plus=[total_in], label="收入总计=支出总计", span=span))


def _summary_key(label: str, income: bool) -> str:
    if label == "本年支出合计":
        return "total.actual"
    if label == "本年收入合计":
        return "total.income"
    return f"misc:{'收入' if income else '支出'}:{label}"


def _header_roles(t: Table) -> list[str] | None:
    """Column names of a 科目 table's header row (the one naming 基本支出/项目支出 or the 收入 sources)."""
    for row in t.rows[:4]:
        texts = [cell_text(c) for c in row]
        if ("基本支出" in texts and "项目支出" in texts) or any("本年收入合计" in x for x in texts):
            return texts
    return None


def _roles(header: list[str] | None, n: int) -> list[str]:
    """Role of each of a row's n value cells, aligning the header from the right (科目代码/名称 may be one
    merged header cell or two).  Without a header: 合计, 基本, 项目 … in the standard order."""
    default = ["total", "basic", "project"] + ["other"] * max(0, n - 3)
    if header is None or len(header) < n:
        return default[:n]
    names = header[len(header) - n:]
    roles = []
    for x in names:
        if re.search(r"合计|小计", x):
            roles.append("total")
        elif x == "基本支出":
            roles.append("basic")
        elif x == "项目支出":
            roles.append("project")
        else:
            roles.append("other")
    return roles if "total" in roles else default[:n]


def _subject_table(doc: Document, t: Table, fb: FactsBuilder, rounding: bool, income: bool, keyed: bool) -> None:
    """Rows by 功能分类科目: 合计 row = Σ leaf rows per column; each row's 合计 = Σ its other columns."""
    header = _header_roles(t)
    unit = table_unit(doc, t)
    # roles come from the 科目 rows (code + name + values); a 合计 row's values line up with theirs
    code_width = next((len(r) - 2 for r in t.rows if r and _CODE.match(cell_text(r[0])) and len(r) >= 3), None)
    code_roles = _roles(header, code_width) if code_width else None
    total_row: list[Figure | None] | None = None
    total_roles: list[str] = []
    rows: list[tuple[str, str, list[Figure | None], list[str]]] = []
    for row in t.rows:
        texts = [cell_text(c) for c in row]
        if not texts:
            continue
        if texts[0] == "合计":
            vals, name, code = row[1:], "合计", ""
        elif len(texts) > 1 and texts[0] == "" and texts[1] == "合计":
            vals, name, code = row[2:], "合计", ""
        elif _CODE.match(texts[0]) and len(row) >= 3:
            code, name, vals = texts[0], texts[1], row[2:]
        else:
            continue
        if code_roles:
            roles = (code_roles + ["other"] * len(vals))[: len(vals)]
        else:
            roles = _roles(header, len(vals))
        if "total" not in roles:
            roles = _roles(None, len(vals))
        figs: list[Figure | None] = []
        for i, c in enumerate(vals):
            key = _role_key(roles[i], income) if code == "" and keyed else f"misc:{t.title}:{code}:{i}"
            f = cell_figure(doc, c, key=key, label=f"{name}第{i + 1}栏", default_unit=unit)
            figs.append(fb.add_figure(f) if f else None)
        if code == "":
            total_row, total_roles = figs, roles
        else:
            rows.append((code, name, figs, roles))
    span = _span_of(doc, t)
    if not rows:
        return
    max_len = max(len(r[0]) for r in rows)
    leaves = [r for r in rows if len(r[0]) == max_len]
    if total_row is not None:
        for col, total in enumerate(total_row):
            parts = [r[2][col] for r in leaves if col < len(r[2]) and r[2][col] is not None]
            if total is not None and len(parts) >= 2:
                fb.claims.append(SumClaim(total=total, parts=parts, label=f"{t.title}合计第{col + 1}栏", span=span,
                                          note_rounding=rounding))
    everything = rows + ([("合计", "合计", total_row, total_roles)] if total_row else [])
    for code, _name, figs, roles in everything:  # each row: 合计 column = Σ the other columns
        if "total" not in roles:
            continue
        ti = roles.index("total")
        if ti >= len(figs) or figs[ti] is None:
            continue
        others = [f for i, f in enumerate(figs) if i != ti]
        parts = [f for f in others if f is not None]
        if len(parts) >= 1 and (len(parts) >= 2 or len(others) >= 2):
            if len(parts) == 1 and parts[0].value == figs[ti].value:
                continue
            fb.claims.append(SumClaim(total=figs[ti], parts=parts, label=f"{code}行合计", span=span,
                                      note_rounding=rounding))
    for code, name, figs, roles in rows:  # 类 = Σ 项 within it, in the 合计 column
        ti = roles.index("total") if "total" in roles else 0
        if len(code) < max_len and len(figs) > ti and figs[ti] is not None:
            kids = [r[2][ti] for r in leaves if r[0].startswith(code) and len(r[2]) > ti and r[2][ti] is not None]
            if len(kids) >= 2:
                fb.claims.append(SumClaim(total=figs[ti], parts=kids, label=f"{code}{name}", span=span))


def _role_key(role: str, income: bool) -> str:
    if income:
        return "total.income" if role == "total" else f"misc:收入:{role}"
    return {"total": "total.actual", "basic": "basic.actual", "project": "project.actual"}.get(role, f"misc:支出:{role}")


_SANGONG_COLS = ["sangong", "sangong.abroad", "sangong.vehicle", "sangong.vehicle_purchase",
                 "sangong.vehicle_run", "sangong.reception"]
_SANGONG_NAMES = ["三公经费合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费",
                  "公务接待费"]


def _sangong_halves(t: Table) -> tuple[str, str]:
    """Which half of the 12 columns is 预算 and which 决算, from the header row (预算 first by default)."""
    for row in t.rows[:4]:
        texts = [cell_text(c) for c in row]
        b = next((i for i, x in enumerate(texts) if "预算" in x), None)
        a = next((i for i, x in enumerate(texts) if "决算" in x or "实际" in x), None)
        if b is not None and a is not None:
            return ("actual", "budget") if a < b else ("budget", "actual")
    return "budget", "actual"


_VERTICAL_ITEMS = [
    ("sangong", re.compile(r"^(合计|总计|三公经费合计)$")),
    ("sangong.abroad", re.compile(r"因公出国")),
    ("sangong.vehicle_purchase", re.compile(r"(公务用车|公车)购置费?$")),
    ("sangong.vehicle_run", re.compile(r"(公务用车|公车)运行(维护)?费?$")),
    ("sangong.vehicle", re.compile(r"(公务用车|公车)购置及运行")),
    ("sangong.reception", re.compile(r"公务接待")),
]


def _vertical_sangong(doc: Document, t: Table, fb: FactsBuilder) -> bool:
    """The 三公 table laid out with one row per item and columns 预算数/决算数 (in either order)."""
    header = next(([cell_text(c) for c in r] for r in t.rows[:3]
                   if any("预算" in cell_text(c) for c in r) and any("决算" in cell_text(c) for c in r)), None)
    if header is None or len(header) > 4:
        return False
    cols = {("budget" if "预算" in h else "actual"): i for i, h in enumerate(header) if "预算" in h or "决算" in h}
    figs: dict[str, dict[str, Figure]] = {"budget": {}, "actual": {}}
    for row in t.rows:
        name = re.sub(r"^(其中[:：])", "", cell_text(row[0])) if row else ""
        key = next((k for k, pat in _VERTICAL_ITEMS if pat.search(name)), None)
        if key is None:
            continue
        for measure, i in cols.items():
            if i < len(row):
                f = cell_figure(doc, row[i], key=f"{key}.{measure}", label=f"{name}{'预算数' if measure == 'budget' else '决算数'}",
                                default_unit=table_unit(doc, t))
                if f is not None:
                    figs[measure][key] = fb.add_figure(f)
    span = _span_of(doc, t)
    for measure, got in figs.items():
        total = got.get("sangong")
        vehicle = got.get("sangong.vehicle") or got.get("sangong.vehicle_run")
        parts = [f for f in (got.get("sangong.abroad"), vehicle, got.get("sangong.reception")) if f is not None]
        if total is not None and len(parts) >= 2:
            fb.claims.append(SumClaim(total=total, parts=parts, label=f"三公经费{'预算数' if measure == 'budget' else '决算数'}",
                                      span=span))
    return bool(figs["budget"] or figs["actual"])


def _sangong_table(doc: Document, t: Table, fb: FactsBuilder) -> None:
    if _vertical_sangong(doc, t, fb):
        return
    first, second = _sangong_halves(t)
    words = {"budget": "预算数", "actual": "决算数"}
    for row in t.rows:
        if len(row) != 12 or not any(cell_number(c) for c in row):
            continue
        if [cell_text(c) for c in row[:3]] == ["1", "2", "3"]:
            continue  # 栏次 row
        span = doc.span(row[0].start, row[-1].end)
        for half, measure in ((row[:6], first), (row[6:], second)):
            word = words[measure]
            figs: list[Figure | None] = []
            for i, c in enumerate(half):
                f = cell_figure(doc, c, key=f"{_SANGONG_COLS[i]}.{measure}", label=f"{_SANGONG_NAMES[i]}{word}",
                                default_unit=table_unit(doc, t))
                figs.append(fb.add_figure(f) if f else None)
            total, abroad, vehicle, purchase, run, reception = figs
            parts = [f for f in (abroad, vehicle, reception) if f is not None]
            if total is not None and len(parts) >= 2:
                fb.claims.append(SumClaim(total=total, parts=parts, label=f"三公经费{word}", span=span))
            vparts = [f for f in (purchase, run) if f is not None]
            if vehicle is not None and len(vparts) >= 2:
                fb.claims.append(SumClaim(total=vehicle, parts=vparts, label=f"公务用车费{word}", span=span))
