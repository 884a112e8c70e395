"""Extraction: Document -> Facts.  The rule-based extractor is the embedded default; LLM providers
fill the same schema and are merged with it (see agent.extract.llm / merge)."""

from __future__ import annotations

from agent import fastre
from agent.config import Settings
from agent.extract.national import extract_national_tables
from agent.extract.national.budget_items import extract_budget_items
from agent.extract.national.restatements import link_restatements, misprinted_restatements
from agent.extract.rules import (
    accounts,
    changes,
    forms,
    indicator_lines,
    indicators,
    keyed,
    meta,
    missing,
    project_tables,
    projects,
    quantities,
    ratios,
    relations,
    score_table,
    statements,
    sums,
    textonly,
)
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.identities import add_keyed_identities
from agent.gcpause import without_gc
from agent.schemas import (
    ChangeClaim,
    CoverageItem,
    CoverageStatus,
    DirectionClaim,
    Document,
    Facts,
    Provenance,
    RatioClaim,
    SumClaim,
)

EXTRACTOR_NAME = "rules"
EXTRACTOR_VERSION = "1.0"


@without_gc
def extract_rules(doc: Document, settings: Settings | None = None) -> Facts:
    ctx = Ctx(doc)
    ctx.year = meta.fiscal_year(doc)
    kinds = meta.document_kinds(doc)
    ctx.kinds = kinds
    fb = FactsBuilder()
    text_only = textonly.start(ctx)  # (read beside the other readers on a large report)
    extract_national_tables(doc, fb)
    link_restatements(ctx, fb)
    extract_budget_items(ctx, fb, ctx.year)
    score_table.extract_score_tables(doc, fb)
    indicator_lines.extract_indicator_lines(ctx, fb)
    indicator_lines.extract_funds_line(ctx, fb)
    project_tables.extract_project_tables(doc, fb)
    forms.extract_forms(doc, fb)
    ratios.extract_formulas(ctx, fb)
    ratios.extract_completion(ctx, fb)
    sums.extract_sums(ctx, fb)
    sums.extract_named_shares(ctx, fb)
    ratios.extract_stem_rates(ctx, fb)
    accounts.extract_account_lists(ctx, fb)
    projects.extract_project_lines(ctx, fb)
    projects.extract_headed_project_lines(ctx, fb)
    projects.extract_named_project_spending(ctx, fb)
    projects.extract_listed_projects(ctx, fb)
    keyed.extract_keyed(ctx, fb)
    project_tables.key_project_list_totals(fb)
    changes.extract_directions(ctx, fb)
    read = text_only()
    relations.extract_relations(ctx, fb, read.candidates)
    statements.extract_statements(ctx, fb, read.duplicates)
    _fund_scoped_parts(ctx, fb)
    add_keyed_identities(ctx, fb)
    indicators.extract_indicators(ctx, fb)
    quantities.extract_quantities(ctx, fb)
    missing.extract_missing(ctx, fb, kinds)
    misprinted_restatements(ctx, fb)
    return Facts(
        document_id=doc.id,
        kind=kinds[0],
        kinds=kinds,
        title=meta.title(doc),
        unit_name=meta.unit_name(doc),
        year=ctx.year,
        figures=fb.figures,
        claims=_with_items(doc, _with_reasons(doc, _with_bounds(doc, _without_dwarfed_sums(
            _without_subsumed_sums(fb.claims), fb)))),
        budget_lines=fb.budget_lines,
        score_tables=fb.score_tables,
        statements=fb.statements,
        unchecked=fb.unchecked,
        provenance=Provenance(extractor=EXTRACTOR_NAME, version=EXTRACTOR_VERSION),
    )


_BOUND = fastre.compile(r"\s*(?:(?P<ge>及以上|以上|之上)|(?P<le>以下|以内|之内)|(?P<about>左右|上下))")


def _with_bounds(doc: Document, claims: list) -> list:
    """A rate written with 以上/以下/左右 ('预算执行率达到90%以上') is a bound or an estimate, not a stated value:
    marked so, whichever reader found it, for the checks to judge as a claim."""
    for c in claims:
        if isinstance(c, RatioClaim) and (b := _BOUND.match(doc.text, c.stated.span.end)) is not None:
            c.bound = "at_least" if b.group("ge") else "at_most" if b.group("le") else "about"
    return claims


_REASON = fastre.compile(r"[，,]\s*(?:(?:增加|减少|增长|下降|变动|增减)的?)?主要(?:原因|是)[^。；;\n]{2,60}?(?=[，,。；;\n]|$)")


def _with_reasons(doc: Document, claims: list) -> list:
    """'比上年增加22.62万元，增长1.74%，增加的主要原因是…': the reason the report gives for a change, kept with it — a
    reviewer judging the direction word reads it too."""
    for c in claims:
        if isinstance(c, ChangeClaim) and (m := _REASON.match(doc.text, c.span.end)) is not None:
            c.explanation = doc.span(m.start() + 1, m.end())
    return claims


# '2．信息化建设（2101504）：年初预算为120.00万元…': a line opening by naming the item it is about
# ('3.林业和草原（款）林业草原防灾减灾（项）：…': the 项 is the item)
_ITEM_LINE = fastre.compile(r"\s*(?:\d{1,2}\s*[．.、]|[（(]\d{1,2}[)）])\s*(?:[\u4e00-\u9fff]{2,20}?[（(][类款][)）])*"
                            r"(?P<item>[\u4e00-\u9fff“”]{2,20}?)\s*(?:[（(](?:项|\d{3,7})[)）])?\s*[：:]")


def _with_items(doc: Document, claims: list) -> list:
    """'2．信息化建设（2101504）：…，决算数小于年初预算数，…': the item a comparison's line is about, kept with it — the
    sentence itself names no item, and a reviewer needs to know which 科目 is meant."""
    for c in claims:
        if isinstance(c, DirectionClaim) and c.item is None and \
                (m := _ITEM_LINE.match(doc.text, doc.text.rfind("\n", 0, c.wording.start) + 1)) is not None:
            c.item = m.group("item")
    return claims


# '一般公共预算财政拨款支出中，基本支出1127.48万元…；项目支出1309.04万元': a sentence opened by one fund's spending
_FUND_LEAD = fastre.compile(r"\s*(?:\d{4}年度?)?(?P<fund>[^，,。；;\d]{0,12}(?:财政拨款|一般公共预算|政府性基金|国有资本经营)"
                            r"[^，,。；;\d]{0,8}?)(?:支出|收入)(?:决算)?中[，,:：]")


def _fund_scoped_parts(ctx: Ctx, fb: FactsBuilder) -> None:
    """The 基本/项目 split of one fund's spending is that fund's, not the department's: figures keyed 'basic.*' or
    'project.*' in a sentence opened by '一般公共预算财政拨款支出中，' take the 一般公共预算 key ('gpb.'), and those of
    another fund are left unkeyed — the department's 本年支出合计 is not their sum."""
    for f in fb.figures:
        if f.key.split(".")[0] not in ("basic", "project", "personnel", "public") or f.origin != "text":
            continue
        start = max(ctx.doc.text.rfind(ch, 0, f.span.start) for ch in "。\n") + 1
        lead = _FUND_LEAD.match(ctx.doc.text, start)
        if lead is None or lead.end() > f.span.start:
            continue
        gpb = "一般公共预算" in lead.group("fund")
        fb.rekey(f, f"gpb.{f.key}" if gpb else f"misc:{f.label}")


def _without_dwarfed_sums(claims: list, fb: FactsBuilder) -> list:
    """A sum one of whose parts is more than twice its total is a pairing the reading got wrong ('县级财政204.88
    万元；其中一般公共预算拨款1954.02万元' speaks of the whole budget): listed as not verified, never a finding."""
    out = []
    for c in claims:
        # '调增0万元，其中：…': not its list; parts twice the total: subtotals listed with their items
        if isinstance(c, SumClaim) and (_twice(c) or c.total.value >= 0 and c.total.origin == "text" and
                                         any(p.value > 2 * c.total.value for p in c.parts)):
            fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="sum", label=c.label,
                                             reason="a part is more than twice the total: the pairing is in doubt",
                                             span=c.span))
            continue
        if isinstance(c, SumClaim) and c.total.origin == "text" and _mixed_flows(c):
            fb.unchecked.append(CoverageItem(status=CoverageStatus.NOT_VERIFIED, kind="sum", label=c.label,
                                             reason="the parts are an income and a spending: each belongs to its own "
                                                    "total, not one list", span=c.span))
            continue
        out.append(c)
    return out


_INCOME = fastre.compile(r"收入")
_SPENDING = fastre.compile(r"支出")


def _mixed_flows(c: SumClaim) -> bool:
    """'收入总计2925.34万元，支出总计2925.34万元，其中本年收入2867.04万元，本年支出2829.44万元': income and spending
    in one 其中 are the parts of the two totals in turn, never of one."""
    labels = [p.label or "" for p in c.parts]
    income = any(_INCOME.search(x) and not _SPENDING.search(x) for x in labels)
    spending = any(_SPENDING.search(x) and not _INCOME.search(x) for x in labels)
    return income and spending


def _twice(c: SumClaim) -> bool:
    """Parts adding up to exactly twice the total: a list holding its subtotals and their items."""
    from agent.checks.tolerance import sum_mismatch

    return len(c.parts) >= 4 and not sum_mismatch(2 * c.total.value, [p.value for p in c.parts])


def _without_subsumed_sums(claims: list) -> list:
    """Two readings of one list ('总预算T，其中a、b、c…，合计T'): when one sum's parts are a strict subset of
    another's with a total of the same value, the shorter reading dropped a part (a part named like a
    change, '稳增长30.00万') and is not a second claim about the report."""
    by_value: dict = {}
    for c in claims:
        if isinstance(c, SumClaim):
            by_value.setdefault(c.total.value, []).append(c)
    drop: set[int] = set()
    for group in by_value.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: c.total.span.start)  # near pairs only: a long report repeats its values
        spans = [{(p.span.start, p.span.end) for p in c.parts} for c in group]
        for i, (a, pa) in enumerate(zip(group, spans, strict=True)):
            j = i
            while j > 0 and a.total.span.start - group[j - 1].total.span.start < 400:
                j -= 1
            for b, pb in zip(group[j:], spans[j:], strict=False):
                if b.total.span.start - a.total.span.start >= 400:
                    break
                if a is not b and pa < pb:
                    drop.add(id(a))
    return [c for c in claims if id(c) not in drop]
