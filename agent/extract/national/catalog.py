"""Which national table a table is (部门决算 公开01–09, 部门预算 tables), from its title or code.

The identities a table must satisfy depend on its kind: a 收支总表 balances its two sides, a
科目 table adds up by 类/款/项 and across its columns, the 三公 table by item.
"""

from __future__ import annotations

import re
from enum import StrEnum

from agent import fastre
from agent.extract.rules.cells import cell_text
from agent.schemas import Table


class TableKind(StrEnum):
    SUMMARY = "summary"  # 收入支出决算总表 / 财政拨款收入支出决算总表 / 收支总表 (two sides)
    SUBJECT = "subject"  # 收入/支出决算表, 一般公共预算财政拨款支出决算表 (科目 rows)
    BASIC = "basic"  # 一般公共预算财政拨款基本支出决算表 (经济分类, repeated groups)
    SANGONG = "sangong"  # 财政拨款"三公"经费支出决算表
    FUND = "fund"  # 政府性基金 / 国有资本经营 (年初结转 + 收入 − 支出 = 年末结转)
    OTHER = "other"


CODES = {1: "收入支出决算总表", 2: "收入决算表", 3: "支出决算表", 4: "财政拨款收入支出决算总表",
          5: "一般公共预算财政拨款支出决算表", 6: "一般公共预算财政拨款基本支出决算表",
          7: "财政拨款“三公”经费支出决算表", 8: "政府性基金预算财政拨款收入支出决算表",
          9: "国有资本经营预算财政拨款支出决算表"}
_CODE = fastre.compile(r"公开\s*0?(\d{1,2})\s*表")


def table_name(t: Table) -> str:
    """The table's own name, or the national name of the 公开NN表 code in its title or first rows."""
    title = re.sub(r"\s+", "", t.title or "")
    m = _CODE.search(title)
    if m and re.fullmatch(r"[（(]?" + _CODE.pattern + r"[）)]?", title) and int(m.group(1)) in CODES:
        return CODES[int(m.group(1))]  # the title line was only the '公开07表' code: the national name it stands for
    if re.search(r"表", title) and not re.search(r"^第.部分", title):
        return title
    if not title or re.search(r"^第.部分", title):
        guessed = _by_content(t)
        if guessed:
            return guessed
    if m and int(m.group(1)) in CODES:
        return CODES[int(m.group(1))]
    for row in t.rows[:3]:
        for c in row:
            m = _CODE.search(cell_text(c))
            if m and int(m.group(1)) in CODES:
                return CODES[int(m.group(1))]
            if not title and re.search(r"(预算|决算)\S{0,12}表$", cell_text(c)) and len(cell_text(c)) <= 40:
                return cell_text(c)  # the title drawn inside the table's own rulings
    return _by_content(t) or title


def _by_content(t: Table) -> str | None:
    """A 收支总表 whose title line is something else (a part heading): 收入 and 支出 side by side in
    its first row and 总计 rows below."""
    if not t.rows:
        return None
    first = {cell_text(c) for c in t.rows[0]}
    labels = {cell_text(r[0]) for r in t.rows if r}
    if {"收入", "支出"} <= first and "总计" in labels:
        return "收入支出决算总表"
    if {"财政拨款收入", "财政拨款支出"} <= first and "总计" in labels:
        return "财政拨款收入支出决算总表"
    return None


def table_kind(name: str) -> TableKind:
    if "三公" in name:
        return TableKind.SANGONG
    if re.search(r"基本支出(决算|预算)?表|基本支出.{0,8}经济分类", name):
        return TableKind.BASIC
    if re.search(r"政府性基金|国有资本经营", name):
        return TableKind.FUND
    if re.search(r"收支总表|收入支出(决算|预算)?总表|收支预算总表", name):
        return TableKind.SUMMARY
    if re.search(r"(收入|支出)(决算|预算)?总?表|支出(决算|预算)明细表|功能分类(决算|预算)?表", name):
        return TableKind.SUBJECT
    return TableKind.OTHER
