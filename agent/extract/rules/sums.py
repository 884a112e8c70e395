"""'X万元，其中：A万元，B万元' totals and their parts, and '占…的c%' shares of them."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import precise, sum_mismatch, sum_tolerance
from agent.extract.rules import lexicon
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx, Sentence
from agent.extract.rules.labels import clean_label, is_prior_year, make_key, measure_of, subject_of
from agent.extract.rules.numbers import NUM, PERCENT
from agent.extract.rules.tokens import Tok, clause_before, depth_at, label_before, money_tokens
from agent.schemas import CoverageItem, CoverageStatus, Figure, RatioClaim, SumClaim

_MARKER = fastre.compile(r"其中|主要用于以下方面|分别为|资金来源为|来源为|分别是|具体为|具体包括|(?<=元)中(?=[，,:：])")
# a word every marker holds: where none stands, no marker can (one scan of the text instead of one per sentence)
_MARKER_HINT = fastre.compile(r"中|分别[为是]|来源为|主要用于以下方面|具体[为包]")
_GAP_CLAUSES = fastre.compile(rf"[,，;；]?\s*[\u4e00-\u9fff]{{0,6}}?(占[^,，;；。%]{{0,20}}?|执行率|完成率|控制率)[为达]?\s*{NUM}\s*%")
_TOTAL_SPENDING = fastre.compile(r"(本年|全年|部门)?(总支出|支出总额|支出合计|全部支出)")
_WHOLE_SPENDING = fastre.compile(lexicon.WHOLE_SPENDING)
_ACCOUNT_ITEM = fastre.compile(r"[（(]\s*\d{7}\s*[)）]|[（(]项[)）]")
_CHANGE_WORD = fastre.compile(r"(增加|减少|增长|下降|降低|节约|超支)\s*$")
_HEADING = fastre.compile(r"^\s*([一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十]+[)]|第[一二三四五六七八九十]+部分)")
_NUMBERING = fastre.compile(r"^\s*(\d{1,2}[、.]|[(]\d{1,2}[)]|[一二三四五六七八九十]是)")
_CARRY = fastre.compile(r"结余|结转")
_NEW_TOTAL = fastre.compile(lexicon.TOTAL_LABEL)
_COMPARED = fastre.compile(lexicon.CHANGE_BASES)
_INCOMPLETE = fastre.compile(lexicon.INCOMPLETE)
_DATED = fastre.compile(r"[，,。；;]\s*20\d\d年")
_SHARE = fastre.compile(rf"^\s*[,，]?\s*占(?P<den>[^%\d，,。；;]{{0,30}}?)的?\s*(?P<pct>{NUM})\s*%")


def _spending(label: str) -> bool:
    """A spending total ('2023年支出'), whose list may go on with 结余结转 — not a funding total
    ('全年预算资金…其中：当年财政拨款…上年结转资金…'), where the carry-over is one of the sources.  Fund names
    ('一般公共预算财政拨款支出') say which money, not that it is a budget."""
    label = re.sub(lexicon.FUND_NAMES, "", label)
    return "支出" in label and not re.search(r"收入|资金|预算|来源|结转|结余", label)


# the words of a label that say how much and when, not of what ('全年实际支出合计')
_MEASURE_ONLY = fastre.compile(r"(?:本|我|全)(?:局|委|办|单位|部门|中心|院|所|站|厅|馆|队)|"  # '我局实际支出数': no item
                               r"全年|本年度?|当年|年度|年初|调整后|实际|累计|合计|共计|总计|总额|支出|支付|使用|预算|决算|"
                               r"执行|完成|金额|资金|经费|数|额|共|为|是|达|了|的|\d{4}年")


def _names_its_own(label: str) -> bool:
    """'全年政府采购支出' under '（四）“三公”经费及政府采购' names what it measures (words the lexicon does not
    know): the heading's subject is not lent to it."""
    return len(re.findall(r"[\u4e00-\u9fff]", _MEASURE_ONLY.sub("", label))) >= 2


def _subject_with_section(ctx: Ctx, label: str, pos: int) -> str | None:
    subj = subject_of(label)
    if subj is None and not _names_its_own(label):
        section = ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or ""
        last = section.split(" > ")[-1] if section else ""
        subj = subject_of(last) if "三公" in last else None
    elif subj == "total":
        # '（四）“三公”经费。2024年“三公”经费预算4.50万元，实际支出合计3.92万元': a bare 合计 under a heading run into its
        # paragraph that names one part is that part's
        line_start = ctx.text.rfind("\n", 0, pos) + 1
        inline = re.match(r"\s*[（(][一二三四五六七八九十\d]{1,3}[)）]\s*([^。：:，,\d]{2,12})[。：:]", ctx.text[line_start:pos])
        narrower = subject_of(inline.group(1)) if inline else None
        if narrower is None and not _WHOLE_WORDS.search(label):
            # '四、“三公”经费情况 / 2024年“三公”经费预算14.00万元，实际支出合计12.83万元': the sentence's own item, else
            # the item its section is about
            sentence_start = max(line_start, ctx.text.rfind("。", 0, pos) + 1)
            head = re.split(r"[，,；;]", ctx.text[sentence_start:pos])[0]
            section = (ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or "").split(" > ")[-1]
            narrower = subject_of(head) if head != ctx.text[sentence_start:pos] else None
            narrower = narrower if narrower not in (None, "total") else subject_of(section) if "三公" in section else None
        if narrower is not None and narrower.split(".")[0] in ("sangong", "project", "basic", "personnel", "public"):
            subj = narrower
    return subj


_WHOLE_WORDS = fastre.compile(r"部门|整体|全部|全局|本局|我局|本单位|总支出|支出总额|总计")


_BUDGET_SECTION = fastre.compile(r"(?P<initial>年初)?预算(安排|批复|编制|情况)?$|预算安排|预算批复")


def _section_measure(ctx: Ctx, pos: int) -> str | None:
    """'（一）年初预算。…按支出性质分，基本支出842.15万元': a bare item amount under a budget heading is a budget."""
    last = (ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or "").split(" > ")[-1]
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    inline = re.match(r"\s*[（(][一二三四五六七八九十\d]{1,3}[)）]\s*([^。：:，,\d]{2,10})[。：:]", ctx.text[line_start:pos])
    if inline:  # '（一）年初预算。2024年部门年初预算…': a heading run into its paragraph
        last = inline.group(1)
    m = _BUDGET_SECTION.search(re.sub(r"[。：:\s]+$", "", last))
    if m is None or re.search(r"执行|支出情况|决算", last):
        return None
    return "initial_budget" if m.group("initial") else "budget"


def total_figure(ctx: Ctx, tok: Tok, floor: int, fb: FactsBuilder) -> Figure:
    label = label_before(ctx, tok.start, floor)
    context = clause_before(ctx, tok.start, floor)
    subj = _subject_with_section(ctx, label, tok.start)
    # the total's own words first ('收入决算情况说明：本年收入合计' is income, not 决算), then its clause
    measure = measure_of(label, fallback=False) or measure_of(context, fallback=False) or \
        _section_measure(ctx, tok.start) or measure_of(context) or measure_of(label)
    key = make_key(subj, measure, label) if not is_prior_year(context, ctx.year) else f"misc:{label}"
    return fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=key, label=label))


def part_figure(ctx: Ctx, tok: Tok, floor: int, total: Figure, fb: FactsBuilder) -> Figure:
    label = label_before(ctx, tok.start, floor)
    context = clause_before(ctx, tok.start, floor)
    total_subj, _, total_measure = total.key.partition(".")
    own_measure = measure_of(context, fallback=False)
    inherited = total_measure if not total.key.startswith("misc:") else measure_of(total.label, fallback=False)
    measure = own_measure or (inherited if inherited in ("initial_budget", "full_budget", "budget", "actual") else None)
    subj = subject_of(label)
    if subj is None and total_subj == "total" and measure in ("initial_budget", "adjustment") and \
            measure_of(label, fallback=False) == measure:
        subj = "total"  # '预算收入X，其中年初预算A，调整追加B': the parts are the total's own components
    if subj is None and len(label) >= 4 and (total_subj == "project" or _names_projects(ctx, total)):
        subj = "project:" + label  # a project list under 项目支出 ('其他项目支出，年初预算数是X，其中A a…')
    key = make_key(subj, measure, label) if not is_prior_year(context, ctx.year) else f"misc:{label}"
    fig = fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=key, label=label))
    fb.group_total[fig.span.start] = total
    return fig


def _names_projects(ctx: Ctx, total: Figure) -> bool:
    """The clause chain leading to a total names 项目支出 (e.g. '二是其他项目支出，年初预算数是X')."""
    end = bisect_left(ctx.nt.origin, total.span.start)
    start = max(ctx.text.rfind("\n", 0, end), ctx.text.rfind("。", 0, end), ctx.text.rfind("；", 0, end)) + 1
    return total.key.startswith("misc:") and subject_of(ctx.text[start:end]) == "project"


def _colon_list(ctx: Ctx, after: int) -> list[Tok]:
    """Parts listed one per line after '其中：' ending a sentence."""
    parts: list[Tok] = []
    pos = ctx.text.find("\n", after)
    for _ in range(30):
        if pos < 0:
            break
        nxt = ctx.text.find("\n", pos + 1)
        line_end = len(ctx.text) if nxt < 0 else nxt
        line = ctx.text[pos + 1 : line_end]
        if line.strip():
            if _HEADING.match(line):
                break
            toks = [t for t in money_tokens(ctx, pos + 1, line_end) if t.depth == 0]
            if not toks or toks[0].start - (pos + 1) > 40:
                break
            parts.append(toks[0])
        pos = nxt
    return parts


# '其中当年财政拨款支出845.36万元，占当年财政拨款860.00万元的98.30%': the whole of a share, no part of the list
_SHARE_OF = fastre.compile(r"占[^，,。；;\d]{0,12}$")
_ONE_FUND = fastre.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营")


def extract_sums(ctx: Ctx, fb: FactsBuilder) -> None:
    """Lists run to the full stop: '；' separates the parts of one list ('（1）…；（2）…'), not sentences."""
    text = ctx.text
    done: set[int] = set()
    sentences = ctx.sentences()
    starts = [s.start for s in sentences]
    hints = [m.start() for m in _MARKER_HINT.finditer(text)]
    for sent in sentences:
        if sent.start in done:
            continue
        stop = text.find("。", sent.start)
        line_end = text.find("\n", max(sent.start, sent.end - 1))
        ends = [e for e in (stop + 1 if stop >= 0 else -1, line_end) if e > 0]
        end = min(ends) if ends else len(text)
        end = max(end, sent.end)
        for s2 in sentences[bisect_left(starts, sent.start):bisect_left(starts, end)]:
            done.add(s2.start)
        h = bisect_left(hints, sent.start)
        if h < len(hints) and hints[h] < end:  # most sentences hold no list marker: not read further
            _sentence_sums(ctx, Sentence(sent.start, end, text[sent.start:end]), fb)


_ZERO_ADJUSTMENT = fastre.compile(r"[，,]\s*[\u4e00-\u9fff]{0,6}(?:调增|调减|追加|调整)[（(]?[增减]?[)）]?[\u4e00-\u9fff]{0,4}"
                                  r"\s*0(?:\.0+)?\s*(?:万元|元)")


def _sentence_sums(ctx: Ctx, sent: Sentence, fb: FactsBuilder) -> None:
    markers = [m for m in _MARKER.finditer(ctx.text, sent.start, sent.end) if depth_at(ctx, m.start()) == 0]
    if not markers:
        return
    toks = money_tokens(ctx, sent.start, sent.end)
    for i, m in enumerate(markers):
        p = m.start()
        before = [t for t in toks if t.end <= p and t.depth == 0]
        if len(before) >= 2 and Decimal(before[-1].num) == 0 and \
                _ZERO_ADJUSTMENT.fullmatch(ctx.text[before[-2].end : before[-1].end]):
            before = before[:-1]  # '项目全年预算850.00万元，年中调增（减）0万元，其中：…': the list is the budget's
        total_tok: Tok | None = None
        if before and re.fullmatch(r"[\s,，:：;；]*", _GAP_CLAUSES.sub("", _ZERO_ADJUSTMENT.sub("", ctx.text[before[-1].end : p]))):
            total_tok = before[-1]  # '基本支出A万元，占总支出的x%，执行率y%；其中…': the clauses describe A
        elif not ctx.text[sent.start : p].strip() and (prev := _total_of_previous_sentence(ctx, sent.start)):
            total_tok = prev  # '全年实际支出3,402.15万元，预算执行率97.57%。其中基本支出…，项目支出…': its parts
        else:
            bare = re.search(rf"(?<![\d.])({NUM})\s*$", ctx.text[sent.start : p])
            if bare and toks:
                s = sent.start + bare.start(1)
                unit = next((t.unit for t in toks if t.start > p), "万元")
                total_tok = Tok(s, s + len(bare.group(1)), bare.group(1), unit, 0)
        if total_tok is None:
            continue
        seg_end = markers[i + 1].start() if i + 1 < len(markers) else sent.end
        part_toks = [t for t in toks if p < t.start < seg_end and t.depth == 0
                     and not _CHANGE_WORD.search(ctx.text[max(p, t.start - 6) : t.start])
                     and not _SHARE_OF.search(ctx.text[max(p, t.start - 16) : t.start])]
        part_toks = _without_sublists(ctx, part_toks)
        if not part_toks and re.fullmatch(r"[:：\s]*", ctx.text[m.end() : sent.end]):
            part_toks = _colon_list(ctx, sent.end - 1)
        floor = sent.start if total_tok.start >= sent.start else ctx.text.rfind("\n", 0, total_tok.start) + 1
        total = total_figure(ctx, total_tok, floor, fb)
        floor = sent.start
        parts: list[Figure] = []
        carried: list[Figure] = []
        prev = m.end()
        for t in part_toks:
            if _list_ends(ctx, prev, t) or _sibling_of(ctx, total, prev, t):
                break
            fig = part_figure(ctx, t, prev, total, fb)
            prev = t.end
            _share(ctx, t, fig, total, fb)
            if t.unit != total.unit:
                continue
            if _spending(total.label) and re.search(r"预算|计划", fig.label):
                continue  # '实际支出X。其中A预算a，实际支出b，完成率…': a part's budget is no part of the spending
            if _CARRY.search(fig.label) and _spending(total.label):
                carried.append(fig)  # a carry-over is a part of spending only when the sum needs it (a source)
                continue
            parts.append(fig)
        parts = _top_level(ctx, parts)
        if len(parts) >= 2 and sum(1 for p in parts if _ACCOUNT_ITEM.search(ctx.doc.text[max(0, p.span.start - 40) :
                                                                                       p.span.start])) >= 2:
            # '其中：行政运行（2040601）…支出决算3,912,448.35元；法律援助（2040607）…': a 决算 说明 names its main 项,
            # not all of them (the catalogue's incomplete lists)
            fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label=total.label,
                reason="科目 paragraphs of a 说明 name the main 项 only: not summed",
                span=ctx.doc.span(total.span.start, parts[-1].span.end)))
            continue
        if carried and parts and sum_mismatch(total.value, [p.value for p in parts]) and \
                not sum_mismatch(total.value, [p.value for p in parts + carried]):
            parts += carried  # '累计支出498.62万元，其中使用省级补助325.40万元、县级配套136.42万元、上年结转36.80万元'
        subjects = {p.key.split(".")[0] for p in parts}
        if _ONE_FUND.search(total.label or "") and subjects & {"basic", "project", "personnel", "public"}:
            # '一般公共预算财政拨款支出1,820.76万元，其中基本支出1,412.65万元…': that fund's 基本/项目支出, never the
            # department's (a sum over them is checked; they are not compared with the department's figures)
            for p in parts:
                if p.key.split(".")[0] in ("basic", "project", "personnel", "public"):
                    fb.rekey(p, f"misc:{total.label}:{p.key}")
        elif total.key.startswith("misc:") and {"basic", "project"} <= subjects:
            # '全年预算数为983.88万元，其中基本支出…、项目支出…': a total of 基本 + 项目 is the department's
            measure = parts[0].key.split(".", 1)[1] if "." in parts[0].key else measure_of(total.label)
            fb.rekey(total, f"total.{measure}")
        budget_parts = {p.key.rpartition(".") for p in parts}
        if len(budget_parts) == 2 and {m for _, _, m in budget_parts} == {"initial_budget", "adjustment"} \
                and len({s for s, _, _ in budget_parts}) == 1:
            # '预算收入128.04万元，其中年初预算106.45万元，调整追加21.59万元': 年初 + 调整 is the full budget
            fb.rekey(total, f"{next(iter(budget_parts))[0]}.full_budget")
        tail_end = min(seg_end, _n_end(ctx, parts[-1]) + 3) if parts else m.end()
        if len(parts) >= 2 and _INCOMPLETE.search(m.group(0) + ctx.text[m.end() : tail_end]) \
                and not _parts_exceed(total, parts):  # '主要用于A、B等' cannot add up to more than the whole
            fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label=total.label,
                reason="list presented as incomplete (主要用于/…等): not summed",
                span=ctx.doc.span(total.span.start, parts[-1].span.end)))
            continue
        if len(parts) >= 2 and _selection(total, parts):
            fb.unchecked.append(CoverageItem(
                status=CoverageStatus.NOT_VERIFIED, kind="sum", label=total.label,
                reason="the parts after 其中 make up less than half of the total: a selection, not a breakdown",
                span=ctx.doc.span(total.span.start, parts[-1].span.end)))
            continue
        if len(parts) >= 2 or (parts and m.group(0) == "分别为"):
            s0, _ = ctx.nt.to_source(sent.start, sent.start + 1)
            for group in partition(total, parts):
                end = max(f.span.end for f in group)
                span = ctx.doc.span(min(s0, total.span.start), end)
                if m.group(0) not in ("分别为", "分别是") and (k := prefix_making(total, group)):
                    # '收入总计A，其中本年收入a、年初结转b，…c、d': the first k parts already make the total; the
                    # rest belong to another whole the sentence goes on to (only '分别为' lists each part)
                    fb.unchecked.append(CoverageItem(
                        status=CoverageStatus.NOT_VERIFIED, kind="sum", label=total.label, span=span,
                        reason=f"the first {k} parts already make the total: the others' scope is not told"))
                    continue
                fb.claims.append(SumClaim(total=total, parts=group, label=total.label, span=span))


_SUBLIST = fastre.compile(r"[,，]\s*(?:其中)?(?:包括|含)[:：]?")


def _without_sublists(ctx: Ctx, toks: list[Tok]) -> list[Tok]:
    """'其中：基本支出327.60万元，包括人员经费286.42万元、公用经费41.18万元；项目支出132.00万元': the amounts
    a part is broken into (after its 包括, up to the next '；') are not parts of the whole."""
    out: list[Tok] = []
    skip_until = -1
    for i, t in enumerate(toks):
        if t.start < skip_until:
            continue
        out.append(t)
        nxt = toks[i + 1].start if i + 1 < len(toks) else None
        if nxt is not None and _SUBLIST.search(ctx.text, t.end, nxt):
            semi = min((k for k in (ctx.text.find("；", t.end), ctx.text.find(";", t.end)) if k >= 0), default=-1)
            skip_until = semi if semi >= 0 else 10**9
    return out


def _total_of_previous_sentence(ctx: Ctx, start: int) -> Tok | None:
    """The one amount of the sentence before ``start`` on the same line, only rates about it after it."""
    line_start = ctx.text.rfind("\n", 0, start) + 1
    sent_start = max(line_start, ctx.text.rfind("。", 0, max(line_start, start - 1)) + 1)
    before = [t for t in money_tokens(ctx, sent_start, start) if t.depth == 0]
    if len(before) != 1:
        return None  # only a sentence stating one amount has it as the whole its 其中 breaks down
    gap = _GAP_CLAUSES.sub("", ctx.text[before[-1].end : start])
    return before[-1] if re.fullmatch(r"[\s,，:：;；。]*", gap) else None


def _selection(total: Figure, parts: list[Figure]) -> bool:
    """'部门支出856.30万元，其中：办公费12.00万元，印刷费3.00万元' names some items, it does not break the
    total down: parts adding up to less than half of it, none of them a known component of the total."""
    known = {p.key.split(".")[0] for p in parts} & {"basic", "project", "personnel", "public", "sangong",
                                                      "total", "carryover", "balance"}
    known |= {p.key.split(".")[0] for p in parts if p.key.startswith(("project:", "sangong"))}
    return not known and sum((p.value for p in parts), Decimal(0)) * 2 < total.value


def _n_end(ctx: Ctx, f: Figure) -> int:
    """Normalised offset just after a figure."""
    return bisect_left(ctx.nt.origin, f.span.end)


_ADJUST_SIGN = {"调增": 1, "追加": 1, "调减": -1, "追减": -1, "压减": -1, "核减": -1}
_ADJUST_VERB = fastre.compile("|".join(_ADJUST_SIGN))


def _sibling_of(ctx: Ctx, total: Figure, prev: int, tok: Tok) -> bool:
    """'基本支出A元，其中人员经费a、公用经费b；项目支出B元，占20.00%': 项目支出 stands beside 基本支出 (both parts of
    the department's total), so it ends 基本支出's list rather than joining it."""
    clause = re.split(r"[，,。；;]", ctx.text[prev : tok.start])[-1]
    signs = {_ADJUST_SIGN[m.group()] for m in _ADJUST_VERB.finditer(total.label or "")}
    if len(signs) == 1 and {_ADJUST_SIGN[m.group()] for m in _ADJUST_VERB.finditer(clause)} - signs:
        return True  # '调增预算186.20万元，分别为…；…调减预算35.00万元': the other adjustment, not a part of this one
    own = subject_of(total.label or "")
    named = subject_of(clean_label(ctx.text[prev : tok.start]))
    if own is None or named is None or named == own:
        return False
    return any(own in group and named in group for groups in lexicon.COMPOSITION.values() for group in groups)


def _list_ends(ctx: Ctx, prev: int, tok: Tok) -> bool:
    """A list of parts ends where a new total is named ('…；支出总计X') or a new dated statement
    begins ('…，2024年度项目支出涉及项目8个，涉及资金X')."""
    between = ctx.text[prev : tok.start]
    clause = re.split(r"[，,。；;]", between)[-1]
    # '…公务接待费2.52万元，比上年14.05万元减少1.59万元': a comparison ends the list
    # '三公经费预算12.60万元，其中…公务接待费3.80万元；实际支出10.85万元': a bare measure after '；' is the whole's
    return bool(_NEW_TOTAL.search(clause) or _DATED.search(between) or _COMPARED.search(clause)
                or (re.search(r"[；;]", between) and _BARE_MEASURE.fullmatch(clause.strip())))


_BARE_MEASURE = fastre.compile(r"(全年|本年|当年)?(实际支出|支出决算|决算数|执行数|实际执行|实际使用)(数|金额)?(为|是)?")


def partition(total: Figure, parts: list[Figure]) -> list[list[Figure]]:
    """Consecutive groups of parts that each add up to the total: one total broken down two ways
    ('其中年初预算A，年中追加B；分类型看，基本支出C，项目支出D').  Otherwise the one list."""
    groups: list[list[Figure]] = []
    cur: list[Figure] = []
    for p in parts:
        cur.append(p)
        if len(cur) >= 2 and not sum_mismatch(precise(total), [precise(f) for f in cur]):
            groups.append(cur)
            cur = []
    if cur or len(groups) < 2:
        return [parts]
    return groups


def _share(ctx: Ctx, tok: Tok, part: Figure, total: Figure, fb: FactsBuilder) -> None:
    """'基本支出642.17万元，占43.1%' — a share of the group total or of a named figure."""
    m = _SHARE.match(ctx.text[tok.end : tok.end + 50])
    if not m:
        return
    den_label = m.group("den").strip()
    if not den_label or re.sub(r"(合计|总额|总计)$", "", den_label) in (total.label or ""):
        denominator: Figure | None = total  # '本年收入合计A，其中：财政拨款收入a，占本年收入的p%': the list's whole
    elif _TOTAL_SPENDING.fullmatch(den_label) or _WHOLE_SPENDING.fullmatch(den_label):
        denominator = _total_spending(ctx, fb, part, tok.start, m.group("pct")) or \
            resolve_label(fb, den_label, before=part.span.start)  # '占本年支出的44.13%': the whole's spending
    else:
        denominator = _same_measure(fb, resolve_label(fb, den_label, before=part.span.start), part, den_label)
    if denominator is None:
        return
    ps = tok.end + m.start("pct")
    pe = tok.end + m.end()
    stated = fb.add_figure(ctx.figure(ps, pe, value=m.group("pct"), unit="%", key=f"misc:占比:{part.label}",
                                      label=f"{part.label}占比"))
    fb.claims.append(RatioClaim(stated=stated, numerator=part, denominator=denominator, label=f"{part.label}占比",
                                span=ctx.doc.span(part.span.start, stated.span.end)))


def _same_measure(fb: FactsBuilder, whole: Figure | None, part: Figure, named: str) -> Figure | None:
    """'基本支出预算318.40万元，实际支出317.96万元，其中人员经费282.31万元，占基本支出的88.78%': the whole named is
    基本支出, and the part is spending — so the whole is 基本支出's spending (317.96), not its budget."""
    if whole is None or "." not in whole.key or "." not in part.key or ":" in whole.key or _MEASURE_WORD.search(named):
        return whole  # '占全年预算数的26.24%': the whole's measure is named
    subject, _, measure = whole.key.rpartition(".")
    wanted = part.key.rpartition(".")[2]
    if measure == wanted or wanted not in ("actual", "budget", "full_budget", "initial_budget"):
        return whole
    same = [f for f in fb.with_key(f"{subject}.{wanted}") if f.span.start < part.span.start and f.unit == part.unit]
    return same[-1] if same else whole


def _total_spending(ctx: Ctx, fb: FactsBuilder, part: Figure, pos: int, stated: str | None = None) -> Figure | None:
    """The department's total spending: the figure keyed total.actual, else the nearest earlier amount
    labelled 支出总额/总支出/支出合计 (found in the text: it may not be a figure yet)."""
    keyed = [f for f in fb.with_key("total.actual") if f.unit == part.unit]
    if keyed and stated is not None and len({f.value for f in keyed}) > 1:
        from agent.checks.tolerance import ratio_mismatch

        # the whole stated two ways (a FIGURE_INCONSISTENT of its own): the one the share holds with
        fits = [f for f in keyed if not ratio_mismatch(Decimal(stated), part.value, f.value)]
        return (fits or keyed)[0]
    if keyed:
        return keyed[0]
    for t in reversed(money_tokens(ctx, max(0, pos - 3000), pos)):
        line_start = ctx.text.rfind("\n", 0, t.start) + 1
        label = label_before(ctx, t.start, line_start)
        if t.unit == part.unit and _TOTAL_SPENDING.search(label) and not is_prior_year(label):
            return fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit, key=f"misc:{label}",
                                            label=label))
    return None


_CODED_ROW = fastre.compile(r"\s\d{3,7}\s")


def _parts_exceed(total: Figure, parts: list[Figure]) -> bool:
    """Listed parts (of one unit with the total) already add up to more than the total, beyond rounding."""
    if any(p.unit != total.unit for p in parts):
        return False
    return sum((p.value for p in parts), Decimal(0)) - total.value > sum_tolerance(total.value, [p.value for p in parts])


# '本年收入合计5,736.00万元，其中：一般公共预算财政拨款收入' names a part of 本年收入合计, not 本年收入合计
_NEXT_ITEM = fastre.compile(r"其中|[，,：:；;]")


def resolve_label(fb: FactsBuilder, label: str, before: int, window: int = 2000) -> Figure | None:
    """The nearest earlier figure whose label names ``label`` (e.g. 占基本支出的 → 基本支出642.17)."""
    label = re.sub(r"^(本年|全部)", "", label)
    if len(label) < 3:
        return None  # '收入', '支出': every table has one; which is meant is not told by the words
    best: Figure | None = None
    for f in fb.figures_between(before - window, before):  # indexed by start: a scan of all was quadratic
        if f.unit == "%":
            continue
        if f.origin == "table" and _CODED_ROW.search(f.label):
            continue  # '…05表 2210201 住房公积金 本年支出合计': the column names a 科目 row's cell, not the total
        if f.label.endswith(label) or (len(label) >= 4 and label in f.label and
                                       not _NEXT_ITEM.search(f.label[f.label.rfind(label) + len(label):])):
            if best is None or f.span.start > best.span.start:
                best = f
    return best


def extract_named_shares(ctx: Ctx, fb: FactsBuilder) -> None:
    """'授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%' outside 其中 lists."""
    ratio_starts: set[int] = set()  # numerator starts of the ratio claims (a scan of all per token was quadratic)
    indexed = 0
    for tok in money_tokens(ctx, 0, len(ctx.text)):
        m = _SHARE.match(ctx.text[tok.end : tok.end + 50])
        if not m or not m.group("den").strip():
            continue
        s0, _ = ctx.nt.to_source(tok.start, tok.end)
        ratio_starts.update(c.numerator.span.start for c in fb.claims[indexed:] if c.kind == "ratio")
        indexed = len(fb.claims)
        if s0 in ratio_starts:
            continue
        line_start = ctx.text.rfind("\n", 0, tok.start) + 1
        label = label_before(ctx, tok.start, line_start)
        part = fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit,
                                        key=make_key(subject_of(label), None, label), label=label))
        named = m.group("den").strip()
        whole = _TOTAL_SPENDING.fullmatch(named) or _WHOLE_SPENDING.fullmatch(named)
        # '占本年支出的44.13%': the department's spending, not the nearest figure whose label ends in 支出
        den = (_total_spending(ctx, fb, part, tok.start, m.group("pct")) if whole else None) or \
            _same_measure(fb, resolve_label(fb, named, before=part.span.start), part, named)
        if den is None:
            den = _resolve_in_line(ctx, fb, m.group("den").strip(), line_start, tok.start)
        if den is None or den is part:
            continue
        ps, pe = tok.end + m.start("pct"), tok.end + m.end()
        stated = fb.add_figure(ctx.figure(ps, pe, value=m.group("pct"), unit="%", key=f"misc:占比:{label}",
                                          label=f"{label}占比"))
        fb.claims.append(RatioClaim(stated=stated, numerator=part, denominator=den, label=f"{label}占比",
                                    span=ctx.doc.span(part.span.start, stated.span.end)))


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (labels are short)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _resolve_in_line(ctx: Ctx, fb: FactsBuilder, den_label: str, line_start: int, pos: int) -> Figure | None:
    toks = list(reversed(money_tokens(ctx, line_start, pos)))
    spent = re.search(r"支出|实际|使用|支付", den_label) and not re.search(r"预算|计划", den_label)
    its_spending: Tok | None = None  # a bare '实际支出B' between the whole's budget and the part
    for t in toks:
        label = label_before(ctx, t.start, line_start)
        if spent and re.search(r"预算|计划", label) and not re.search(r"支出|实际", label):
            continue  # '占政府采购支出总额的86.19%': what was spent (实际采购金额), not the 政府采购预算
        if label.endswith(den_label) or (len(den_label) >= 4 and den_label in label) or (
                _common(label, den_label) >= 4 and re.search(r"金额|总额|总计|合计", label + den_label)):
            subject = subject_of(label)
            if its_spending is not None and subject and _BUDGET_WORD.search(label) and not _BUDGET_WORD.search(den_label):
                # '基本支出预算318.40万元，实际支出317.96万元，其中人员经费282.31万元，占基本支出的88.78%': the part is
                # spent money, so the whole is what 基本支出 spent
                t, label = its_spending, label_before(ctx, its_spending.start, line_start)
                return fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit, key=f"{subject}.actual",
                                                label=label))
            return fb.add_figure(ctx.figure(t.start, t.end, value=t.num, unit=t.unit,
                                            key=make_key(subject, None, label), label=label))
        if its_spending is None and _BARE_SPENDING.fullmatch(label):
            its_spending = t
    return None


_BUDGET_WORD = fastre.compile(r"预算|计划|安排")
_MEASURE_WORD = fastre.compile(r"预算|计划|安排|实际|执行|决算|到位|下达")
_BARE_SPENDING = fastre.compile(r"[，,、\s]*(实际支出|实际执行|执行数|决算数|支出决算)(数|金额)?(为|是|达)?")


__all__ = ["extract_sums", "extract_named_shares", "resolve_label", "PERCENT"]


def prefix_making(total: Figure, parts: list[Figure]) -> int:
    """k when the first k parts (1 ≤ k < all) already add up to the total within tolerance, else 0
    ('政府采购支出总额58.70万元，其中政府采购服务支出58.70万元，授予中小企业合同金额58.70万元')."""
    from agent.checks.tolerance import sum_mismatch

    values = [p.value for p in parts]
    if not sum_mismatch(total.value, values):
        return 0
    return next((k for k in range(1, len(values)) if not sum_mismatch(total.value, values[:k])), 0)


def _top_level(ctx: Ctx, parts: list[Figure]) -> list[Figure]:
    """The parts of the whole, without the parts of its parts: '其中：基本支出438.26万元，人员经费391.05万元，
    …公用经费47.21万元；项目支出158.58万元，主要用于A 68.00万元、B 32.50万元等' adds 基本 + 项目 only — 人员经费 and
    公用经费 make up 基本支出 (the lexicon's composition), and a '主要用于' list spells out the item before it."""
    from agent.extract.rules import lexicon

    out: list[Figure] = []
    in_uses = False
    for i, p in enumerate(parts):
        between = ctx.doc.text[parts[i - 1].span.end : p.span.start] if i else ""
        if re.search(r"[；;]", between):
            in_uses = False
        if re.search(r"主要用于|用于|包括", re.split(r"[；;]", between)[-1]):
            in_uses = True
        subject = subject_of(p.label or "")
        inside = any(subject in group for q in out for group in lexicon.COMPOSITION.get(subject_of(q.label or "") or "", ()))
        if in_uses or inside:
            continue
        out.append(p)
    return out
