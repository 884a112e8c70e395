"""Turn validated model replies into grounded Facts parts (figures, claims, budget lines, tables).

Everything here goes through the Grounder: a figure whose quote or value is not in the source is
dropped with a warning, and a claim that refers to a dropped figure, or to figures outside the
paragraph or table of its own sentence, is dropped with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.extract.align import Grounder, compact, comparator, to_decimal
from agent.extract.llm_models import ClaimOut, FactsOut, ScoreTableOut
from agent.schemas import (
    BalanceClaim,
    BudgetLine,
    ChangeClaim,
    DirectionClaim,
    Figure,
    RatioClaim,
    ScoreRow,
    ScoreTable,
    SumClaim,
)

# key suffix -> BudgetLine field
_LINE_FIELDS = {"initial_budget": "initial_budget", "adjustment": "adjustment", "full_budget": "full_budget",
                "actual": "actual", "rate": "stated_rate", "score": "score"}
_SUBJECTS = {"total": "部门整体", "basic": "基本支出", "project": "项目支出", "sangong": "三公经费"}


@dataclass
class Part:
    figures: list[Figure] = field(default_factory=list)
    claims: list = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    score_tables: list[ScoreTable] = field(default_factory=list)


def build_facts_part(g: Grounder, group: str, out: FactsOut) -> Part:
    part = Part()
    by_ref: dict[str, Figure] = {}
    for f in out.figures:
        hit = g.ground_value(f.quote, f.value, f.row)
        if isinstance(hit, str):
            g.warnings.append(f"llm[{group}]: dropped figure {f.key}={f.value}: {hit}")
            continue
        s, e, value = hit
        fig = g.make_figure(s, e, value, key=f.key, label=f.label or _label(f.quote, f.key), unit=f.unit.strip())
        part.figures.append(fig)
        by_ref[f.id] = fig
        by_ref.setdefault(f.quote, fig)
    for c in out.claims:
        claim = _claim(g, group, c, by_ref)
        if claim is not None:
            part.claims.append(claim)
    part.budget_lines = _budget_lines(part.figures)
    return part


def _label(quote: str, key: str) -> str:
    """The words before the number in the quote (the model may leave ``label`` out)."""
    words = re.split(r"[-−+]?[0-9０-９]", quote, maxsplit=1)[0]
    words = re.split(r"[，,。；;：:、]", words)[-1].strip(" 为是达“”\"")
    return words or key


def _claim(g: Grounder, group: str, c: ClaimOut, by_ref: dict[str, Figure]):
    missing = [r for r in c.refs() if r not in by_ref]
    if missing:
        g.warnings.append(f"llm[{group}]: dropped {c.kind} claim: figures {missing} not grounded")
        return None
    span = g.span(c.sentence)
    if span is None:
        g.warnings.append(f"llm[{group}]: dropped {c.kind} claim: sentence not found: {c.sentence[:40]!r}")
        return None
    region = _region(g, span.start, span.end)
    far = [r for r in c.refs() if not (region[0] <= by_ref[r].span.start and by_ref[r].span.end <= region[1])]
    if far:
        g.warnings.append(f"llm[{group}]: dropped {c.kind} claim: figures {far} are not in the paragraph or "
                          "table of its sentence")
        return None
    f = by_ref.get
    if c.kind == "sum":
        return SumClaim(span=span, total=f(c.total), parts=[f(p) for p in c.parts], label="llm")
    if c.kind == "ratio":
        return RatioClaim(span=span, stated=f(c.stated), numerator=f(c.numerator),
                          denominator=f(c.denominator), label="llm")
    if c.kind == "change":
        return ChangeClaim(span=span, current=f(c.current), direction=c.direction,
                           amount=f(c.amount) if c.amount else None, rate=f(c.rate) if c.rate else None,
                           prior=f(c.prior) if c.prior else None, label="llm")
    if c.kind == "balance":
        return BalanceClaim(span=span, result=f(c.result), plus=[f(p) for p in c.plus],
                            minus=[f(m) for m in c.minus], label="llm")
    wording = g.span_within(span, c.wording or "")
    if wording is None:
        g.warnings.append(f"llm[{group}]: dropped direction claim: wording {c.wording!r} not in sentence")
        return None
    return DirectionClaim(span=span, left=f(c.left), right=f(c.right), relation=c.relation,
                          wording=wording, label="llm")


def _region(g: Grounder, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) or table holding [start, end): a claim may only relate figures inside it,
    so a model cannot pair numbers from unrelated places into a false finding."""
    text = g.doc.text
    for t in g.doc.tables:
        if t.start <= start <= t.end:
            return t.start, t.end
    nl = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if nl < 0 else nl


def _budget_lines(figures: list[Figure]) -> list[BudgetLine]:
    """Group figures keyed <subject>.<measure> into BudgetLines (first figure of a field wins)."""
    lines: dict[str, BudgetLine] = {}
    for fig in figures:
        subject_key, _, measure = fig.key.rpartition(".")
        attr = _LINE_FIELDS.get(measure)
        if attr is None or not subject_key or subject_key.startswith(("fa.", "score:", "misc:")):
            continue
        if subject_key not in _SUBJECTS and not subject_key.startswith("project:"):
            continue
        line = lines.get(subject_key)
        if line is None:
            subject = _SUBJECTS.get(subject_key) or subject_key.removeprefix("project:")
            line = lines[subject_key] = BudgetLine(subject=subject, key=subject_key, span=fig.span)
        if getattr(line, attr) is None:
            setattr(line, attr, fig)
    return list(lines.values())


def build_score_table(g: Grounder, out: ScoreTableOut) -> Part:
    part = Part()
    rows: list[ScoreRow] = []
    table = None
    for r in out.rows:
        found = g.rows_labelled(r.level3)
        if not found:
            g.warnings.append(f"llm[score_table]: dropped row {r.level3!r}: not found in a table")
            continue
        t, cells, i = found[0]
        table = table or t
        rest = cells[i + 1:]
        weight = _cell_figure(g, rest, r.weight, f"score:{r.level3}.weight", "分值", "分", first=True)
        score = _cell_figure(g, rest, r.score, f"score:{r.level3}.score", "得分", "分", first=False)
        target, target_cmp = _text_cell(g, rest, r.target, f"score:{r.level3}.target", "年度指标值")
        actual, _ = _text_cell(g, rest, r.actual, f"score:{r.level3}.actual", "实际完成值")
        rows.append(ScoreRow(level1=r.level1, level2=r.level2, level3=r.level3, weight=weight, score=score,
                             target_text=r.target, target_comparator=target_cmp, target=target,
                             actual_text=r.actual, actual=actual,
                             span=g.doc.span(cells[0].start, cells[-1].end)))
        part.figures.extend(f for f in (weight, score, target, actual) if f is not None)
    if table is None:
        return part
    total_w = total_s = None
    for _t, cells, i in g.rows_labelled("合计") + g.rows_labelled("总分"):
        if _t is table:
            total_w = _cell_figure(g, cells[i + 1:], out.total_weight, "score:total.weight", "总分值", "分", True)
            total_s = _cell_figure(g, cells[i + 1:], out.total_score, "score:total.score", "总得分", "分", False)
            break
    part.score_tables.append(ScoreTable(rows=rows, total_weight=total_w, total_score=total_s,
                                        span=g.doc.span(table.start, table.end)))
    return part


def _cell_figure(g: Grounder, cells, value: str | None, key: str, label: str, unit: str, first: bool):
    wanted = to_decimal(value) if value else None
    if wanted is None:
        return None
    order = cells if first else list(reversed(cells))
    for c in order:
        nums = g.numbers(c.start, c.end)
        if len(nums) == 1 and nums[0][2] == wanted and compact(c.text).rstrip("分") == compact(value):
            s, e, v = nums[0]
            return g.make_figure(s, e, v, key=key, label=label, unit=unit)
    g.warnings.append(f"llm[score_table]: dropped {key}={value}: not in the row")
    return None


def _text_cell(g: Grounder, cells, text: str | None, key: str, label: str):
    if not text:
        return None, None
    want = compact(text)
    for c in cells:
        if compact(c.text) == want:
            nums = g.numbers(c.start, c.end)
            if len(nums) == 1:
                s, e, v = nums[0]
                unit = g._unit_after(e)[0] or ""
                return g.make_figure(s, e, v, key=key, label=label, unit=unit), comparator(c.text)
            return None, comparator(c.text)
    return None, None
