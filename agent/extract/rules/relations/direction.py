"""Comparisons stated in words: 'A大于/小于/高于/低于B' between two quantities of the report.

'本年支出大于本年收入，主要是…'; '项目支出执行数616.44万元，高于全年预算数的主要原因是…';
'年初预算为1500.00万元，支出决算为1385.50万元，…决算数大于年初预算数的主要原因是…'.  Each side is
a noun of the lexicon (``lexicon.COMPARED``: 决算数, 年初预算数, 本年收入, 上年数…) and is paired with
the nearest amount of its own paragraph so measured; a side left unpaired is the figure keyed for the
statement's subject (its clause, its paragraph or its section), found by the resolver.  A side whose
nearest sentence offers two different amounts is ambiguous: the comparison is listed as not verified.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules import lexicon
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import subject_of
from agent.extract.rules.mentions import Mention, mentions_between
from agent.extract.rules.relations.model import Relation

_SIDES = "|".join(f"(?P<{name}_{{side}}>{words})" for name, words in lexicon.COMPARED)
_COMPARE = fastre.compile(
    rf"(?:{_SIDES.format(side='a')})?\s*(?P<rel>{lexicon.COMPARE_GT}|{lexicon.COMPARE_LT})"
    rf"(?:{_SIDES.format(side='b')})(?![率比（(])")
_REL = fastre.compile(rf"{lexicon.COMPARE_GT}|{lexicon.COMPARE_LT}")
_NEGATED = fastre.compile(r"(不|未|没有|并未|无)\s*$")
_CHANGED = fastre.compile(lexicon.CHANGE_AMOUNT)  # '减少0.50万元' is no value
_GT = fastre.compile(lexicon.COMPARE_GT)
_BUDGET_SIDES = {"initial_budget", "full_budget", "budget"}
_LOOKBACK = 600  # characters of the paragraph searched for a side's amount
_REASON = fastre.compile(r"(?:的)?(?:主要)?原因(?:是|为|在于)?[^，,。；;\n]{0,30}|[，,]\s*主要(?:是|原因是)[^，,。；;\n]{0,30}")


def extract(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    text = ctx.text
    for m in _comparisons(text):
        if _NEGATED.search(text[max(0, m.start() - 3) : m.start()]) or re.match(r"[（(]", text[m.end() : m.end() + 1]):
            continue  # '未超过预算'; '决算数大于（小于）预算数' is a template left in (TEMPLATE_RESIDUE)
        rel = _relation(ctx, m)
        if rel is not None:
            out.append(rel)
    return out


def _comparisons(text: str) -> list[re.Match[str]]:
    """``_COMPARE``'s matches, tried only where a comparison word stands (its optional lead made a scan of
    every offset the costliest pattern of a review)."""
    out: list[re.Match[str]] = []
    end = 0
    for w in _REL.finditer(text):
        if w.start() < end:
            continue
        for j in range(max(end, w.start() - 12), w.start() + 1):
            m = _COMPARE.match(text, j)
            if m is not None and m.start("rel") == w.start():
                out.append(m)
                end = m.end()
                break
    return out


def _side(m: re.Match[str], side: str) -> str | None:
    return next((name for name, _ in lexicon.COMPARED if m.group(f"{name}_{side}")), None)


def _relation(ctx: Ctx, m: re.Match[str]) -> Relation | None:
    text = ctx.text
    a_side, b_side = _side(m, "a"), _side(m, "b")
    assert b_side is not None
    para_start, _ = ctx.paragraph_bounds(m.start())
    lo = max(para_start, m.start() - _LOOKBACK)
    pool = [x for x in mentions_between(ctx, lo, m.start()) if x.kind == "money" and x.depth == 0
            and x.end <= m.start() and not _CHANGED.search(x.clause)]
    clause_start = max(text.rfind(ch, lo, m.start()) for ch in "，,。；;") + 1
    sentence_start = max(text.rfind(ch, lo, m.start()) for ch in "。；;") + 1
    # '项目支出决算数大于全年预算数': the subject's words may run into the side's ('支出决算数')
    subject = ctx.subject(text[clause_start : m.start()], m.start()) or \
        (ctx.subject(text[clause_start : m.start("rel")], m.start()) if a_side else None) or \
        _topic(ctx, [x for x in pool if x.start >= sentence_start]) or _topic(ctx, pool) or _heading(ctx, m.start())
    ambiguous: list[str] = []
    if a_side is None:
        # '项目支出执行数616.44万元，高于全年预算数的…': the amount just before the comparison word
        a = pool[-1] if pool and re.fullmatch(r"[\s，,]*", text[pool[-1].end : m.start()]) else None
        if a is None or a.label.prior:
            return None
        a_side = "actual" if a.label.measure == "actual" else None
        if a_side is None:
            return None
    else:
        a = _nearest(ctx, pool, a_side, subject, ambiguous)
    b = _nearest(ctx, [x for x in pool if x is not a], b_side, subject, ambiguous)
    if a_side == b_side or (a is not None and b is not None and a.value == b.value and a.start == b.start):
        return None
    keyed_a = a is None and a_side in ("actual", "spending") and subject is not None
    keyed_b = b is None and b_side in _BUDGET_SIDES and subject is not None
    if (a is None and not keyed_a) or (b is None and not keyed_b):
        return None
    start = min([x.start for x in (a, b) if x is not None], default=m.start())
    # the claim with the reason given for it ('决算数小于预算数的主要原因是厉行节约'): what the reviewer reads
    reason = _REASON.match(text, m.end())
    end = reason.end() if reason else m.end()
    rel = Relation(kind="direction", confidence=0.9, start=start, end=end,
                   label=m.group(0), source="direction:compare", current=a, prior=b,
                   direction="increase" if _GT.fullmatch(m.group("rel")) else "decrease",
                   wording=(m.start(), end), subject=subject,
                   budget_base=("initial" if b_side == "initial_budget" else "full" if b_side == "full_budget"
                                else "any") if b_side in _BUDGET_SIDES else None)
    if ambiguous:
        rel.confidence, rel.reason = 0.4, f"'{m.group(0)}': {ambiguous[0]}"
    return rel


def _matches(x: Mention, side: str) -> bool:
    label = x.label
    if side == "prior":
        return label.prior
    if label.prior:
        return False
    if side == "actual":
        return label.measure == "actual"
    if side == "spending":
        return label.measure == "actual" and "支出" in label.words
    if side == "income":
        return label.measure == "income" and "收入" in label.words
    if side == "budget":
        return label.measure in _BUDGET_SIDES
    return label.measure == side


def _nearest(ctx: Ctx, pool: list[Mention], side: str, subject: str | None, ambiguous: list[str]) -> Mention | None:
    """The last amount of the pool measured as ``side`` (of the subject, when one is named); two different
    amounts of that measure in its sentence make the pairing ambiguous."""
    hits = [x for x in pool if _matches(x, side)]
    if subject is not None:
        own = [x for x in hits if ctx.subject(x.label.words, x.start) in (subject, None)]
        hits = own
    if not hits:
        return None
    last = hits[-1]
    s = max(ctx.text.rfind(ch, 0, last.start) for ch in "。；;\n") + 1
    if len({x.value for x in hits if x.start >= s}) > 1:
        ambiguous.append(f"two amounts could be its {side}")
    return last


def _topic(ctx: Ctx, pool: list[Mention]) -> str | None:
    """The subject a sentence (or paragraph) is about: its first amount's."""
    if not pool:
        return None
    return ctx.subject(pool[0].label.words, pool[0].start) or subject_of(pool[0].clause)


def _heading(ctx: Ctx, pos: int) -> str | None:
    """The subject its section heading names ('六、“三公”经费支出决算情况说明')."""
    path = ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or ""
    return subject_of(path.split(" > ")[-1]) if path else None
