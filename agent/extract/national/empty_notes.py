"""'故本表为空表' under a table that is not empty.

A 部门决算/预算 prints every national table, and one with nothing to show carries a note under it:
"注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"  When the same table holds figures
(a real 预算 printed 47.91 / 1.35 / 46.56 … above that note), the note or the table is wrong — the
reviewer must say which.  Only the note directly under the table counts (before the next table's
title); zeros do not make a table non-empty.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.extract.national.layout import Layout
from agent.schemas import Document, Statement, StatementKind, Table

_EMPTY_NOTE = fastre.compile(r"(?:故|因此|所以)?本表(?:为空表?|无数据|数据为空|无(?:相关)?(?:收支|支出|收入)?数据)")
_TITLE_LINE = fastre.compile(r"^[^\n，。；,;]{2,40}表[）)]?[ \t]*$", re.M)
_REACH = 200  # characters under the table the note may sit in
_OTHER_TABLE = fastre.compile(r"公开\s*0?\d{1,2}\s*表|[\u4e00-\u9fff“”]{4,30}(决算|预算)?表[（(：:]")


def empty_table_note(doc: Document, table: Table, lay: Layout, last: Table, next_start: int | None) -> Statement | None:
    """The note under ``table`` (ending with its continuation ``last``) that calls it empty, if it has figures."""
    stop = min(last.end + _REACH, next_start if next_start is not None else len(doc.text))
    title = _TITLE_LINE.search(doc.text, last.end, stop)
    if title is not None:
        stop = title.start()  # a note after the next table's title ('公开08表 / 单位：万元 / （本表无数据）') is that table's
    m = _EMPTY_NOTE.search(doc.text, last.end, stop)
    if m is None:
        return None
    if _OTHER_TABLE.search(doc.text, last.end, m.start()):
        return None  # '政府性基金预算财政拨款收入支出决算表（公开08表）：本部门…本表无数据': the note names its own table
    filled = []
    for g in lay.groups:
        for row in g.rows:
            for col in g.amounts:
                n = row.number(col.index)
                if n is not None and Decimal(n.value) != 0:
                    filled.append(doc.span(n.start, n.end))
    if not filled:
        return None
    line_start = doc.text.rfind("\n", 0, m.start()) + 1
    line_end = doc.text.find("\n", m.end())
    return Statement(kind=StatementKind.EMPTY_TABLE_NOTE, span=doc.span(line_start, len(doc.text) if line_end < 0 else line_end),
                     detail=m.group(0), related=filled[:6])
