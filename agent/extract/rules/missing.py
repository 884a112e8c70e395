"""Required items a report leaves out (actual spending, 三公经费, self-evaluation score, problems, measures)."""

from __future__ import annotations

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.schemas import DocumentKind, Span, Statement, StatementKind

_REQUIRED_TEXT = [
    ("三公经费", fastre.compile(r"三公"), "未说明“三公”经费预算及支出情况"),
    ("自评得分", fastre.compile(r"(自评|评价)得分|总\s*分|评分|得分\s*\d"), "未给出绩效自评得分"),
    ("存在的问题", fastre.compile(r"问题"), "未说明存在的问题"),
    ("改进措施", fastre.compile(r"改进|整改|下一步"), "未提出改进措施"),
]


def _anchor(ctx: Ctx) -> Span:
    """Evidence for an absence: the document's title line (or its first line)."""
    for sec in ctx.doc.iter_sections():
        if sec.kind.value in ("title", "chapter"):
            end = ctx.doc.text.find("\n", sec.start)
            return ctx.doc.span(sec.start, end if end > 0 else sec.start + len(sec.title))
    first = next(i for i, c in enumerate(ctx.doc.text) if not c.isspace())
    end = ctx.doc.text.find("\n", first)
    return ctx.doc.span(first, end if end > 0 else len(ctx.doc.text))


def extract_missing(ctx: Ctx, fb: FactsBuilder, kinds: list[DocumentKind]) -> None:
    if DocumentKind.FINAL_ACCOUNTS in kinds:
        titles = [s.title for s in ctx.doc.iter_sections() if s.kind.value != "table"]
        if not any("三公" in t for t in titles):
            fb.statements.append(Statement(kind=StatementKind.MISSING, span=_anchor(ctx), detail="三公经费说明"))
    if DocumentKind.DEPT_SELF_EVAL not in kinds and DocumentKind.PROJECT_SELF_EVAL not in kinds:
        return
    keys = {f.key for f in fb.figures}
    for line in fb.budget_lines:
        for f in (line.actual, line.initial_budget, line.full_budget):
            if f is not None:
                keys.add(f.key)
    anchor = _anchor(ctx)
    has_actual = any(k.endswith(".actual") for k in keys)
    for subj, name in (("basic", "基本支出"), ("project", "项目支出")):
        budget = next((f for f in fb.figures if f.key.startswith(subj + ".") and "budget" in f.key), None)
        # '（一）基本支出2,104.36万元' names no measure, but a bare amount of the item is its spending
        bare = any(f.label.endswith(name) and "budget" not in f.key and f.unit in ("万元", "元") for f in fb.figures)
        if budget is not None and f"{subj}.actual" not in keys and "total.actual" not in keys and not bare:
            fb.statements.append(Statement(kind=StatementKind.MISSING, span=budget.span, detail=f"{name}实际支出",
                                           value=None))
    if not has_actual:
        fb.statements.append(Statement(kind=StatementKind.MISSING, span=anchor, detail="实际支出"))
    for name, pat, _msg in _REQUIRED_TEXT:
        if name == "三公经费" and DocumentKind.DEPT_SELF_EVAL not in kinds:
            continue  # a project's self-evaluation does not account for the department's 三公经费
        if not pat.search(ctx.text):
            fb.statements.append(Statement(kind=StatementKind.MISSING, span=anchor, detail=name))
