"""Every other stated quantity (money, percentages, counts such as 人次/件/项) as a grounded figure.

The specific patterns give figures their meaning and claims; this pass makes sure nothing a
reviewer may ask about ('进驻单位54家', '好评率99.99%', '累计邮递11.26万件') is missing from the
facts, for the chat agent, the LLM merge and FIGURE_INCONSISTENT's neighbours.  Such figures are
keyed ``misc:<label>`` and are never compared across places.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.extract.rules.tokens import label_before

_UNITS = (
    "亿元|万元|元|万人次|人次|万人|万件|万条|万个|万名|万次|万平方米|平方米|公顷|个工作日|工作日|万|%|"
    "人|名|个|项|件|次|家|套|份|类|张|台|条|篇|期|封|面|种|辆|位|批|天|分|余件|余个|余项|户|所|座|处|场|册|亩|公里|吨"
)
_QUANTITY = fastre.compile(rf"(?<![\d.A-Za-z])({NUM})\s*({_UNITS})(?![A-Za-z])")
_CELL_VALUE = fastre.compile(rf"[:：]\s*({NUM})\s*$", re.M)


def extract_quantities(ctx: Ctx, fb: FactsBuilder) -> None:
    taken = {f.span.start for f in fb.figures}
    text = ctx.text
    for m in _QUANTITY.finditer(text):
        unit = m.group(2)
        s, _ = ctx.nt.to_source(m.start(1), m.end(1))
        if s in taken:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        label = label_before(ctx, m.start(1), line_start) or unit
        fig = ctx.figure(m.start(1), m.end(), value=m.group(1), unit=unit.removeprefix("余"), key=f"misc:{label}",
                         label=label)
        fb.add_figure(fig)
        taken.add(fig.span.start)
    for m in _CELL_VALUE.finditer(text):  # '其中：一般公共预算：1535.92' in table cells
        s, _ = ctx.nt.to_source(m.start(1), m.end(1))
        if s in taken:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        label = label_before(ctx, m.start(), line_start) or "数值"
        fb.add_figure(ctx.figure(m.start(1), m.end(1), value=m.group(1), unit="万元", key=f"misc:{label}",
                                 label=label))
