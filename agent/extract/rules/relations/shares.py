"""A stated percentage with the two amounts it is computed from.

Shapes: 'a，占Y b的p%'; 'a÷b=p%' / 'a/b=p%' (with or without ×100%); 'p%（a/b）'; and a rate word
(执行率, 使用率, 完成率 …, from the lexicon) whose sentence holds exactly one amount of the
rate's numerator kind and one of its denominator kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import half_unit, ratio_mismatch
from agent.extract.rules import lexicon
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import in_order
from agent.extract.rules.mentions import Mention, by_period, mentions, mentions_between
from agent.extract.rules.relations.model import Relation
from agent.schemas import DocumentKind

_NUM = r"\d+(?:\.\d+)?"
_MONEY_U = r"(?:万元|元|亿元)"
_DIVISION = fastre.compile(rf"(?P<a>{_NUM})\s*{_MONEY_U}?\s*[/÷]\s*(?P<b>{_NUM})\s*{_MONEY_U}?\s*"
                       rf"(?:[*×xX]\s*100\s*%?)?\s*[=＝]\s*(?P<c>{_NUM})\s*%")
_PAREN_DIVISION = fastre.compile(rf"\s*\(\s*=?\s*(?P<a>{_NUM})\s*{_MONEY_U}?\s*[/÷]\s*(?P<b>{_NUM})\s*{_MONEY_U}?\s*"
                             rf"(?:[*×xX]\s*100\s*%?)?\s*\)")
_OF_WORD = fastre.compile(r"(占|完成|达到)(?=[^，,。；;\d]{0,10}$)")
_SHARE_GAP = fastre.compile(r"^[\s，,]*(的)?$")
_AFTER_DEN = fastre.compile(r"^\s*的?\s*(比例|比重|比率)?\s*(为|是|达到?)?\s*$")
_RATE_WORD = fastre.compile(rf"(?P<w>{lexicon.RATE_WORDS})\s*(为|达到?|是|了|仅为|仅)?\s*$")
_RATE_PAIRS = [(fastre.compile(w), fastre.compile(n), fastre.compile(d)) for w, n, d in lexicon.RATE_PAIRS]


def extract(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    ms = mentions(ctx)
    groups = by_period(ctx)
    by_start = {m.start: m for m in ms}
    periods = ctx.periods()
    for i, sent in enumerate(periods):
        sm = groups[i]
        if not any(m.kind == "percent" for m in sm):
            continue
        out += _divisions(ctx, sent.start, sent.end, by_start, sm)
        out += _shares(ctx, sm)
        out += _shares_of_named_whole(ctx, sm)
        out += _shares_of_named_parts(ctx, sm)
        out += _share_of_which(ctx, sm)
        out += _named_share_of_stated_total(ctx, sm)
        out += _share_list(ctx, sm, ms)
        out += _count_rates(ctx, sm)
        out += _balance_rates(ctx, sm)
        out += _completion_of_budget(ctx, sm)
        prev = periods[i - 1] if i and "\n" not in ctx.text[periods[i - 1].end : sent.start] else None
        out += _rate_words(ctx, sm, groups[i - 1] if prev else [])
    return out


def _ratio(stated: Mention, num: Mention, den: Mention, source: str, start: int, end: int, label: str,
           confidence: float) -> Relation:
    reason = ""
    if num.unit != den.unit and "" not in (num.unit, den.unit):
        confidence, reason = min(confidence, 0.4), "numerator and denominator in different units"
    return Relation(kind="ratio", confidence=confidence, start=start, end=end, label=label, source=source,
                    reason=reason, stated=stated, numerator=num, denominator=den)


def _divisions(ctx: Ctx, start: int, end: int, by_start: dict[int, Mention], sm: list[Mention]) -> list[Relation]:
    out = _widened_divisions(ctx, start, end, by_start)
    for m in _DIVISION.finditer(ctx.text, start, end):
        a, b, c = (by_start.get(m.start(g)) for g in ("a", "b", "c"))
        if a and b and c:
            label = re.split(r"[，,。；;:：=]", ctx.text[start : m.start()])[-1].strip() or "比率"
            out.append(_ratio(c, a, b, "share:division", m.start(), m.end(), label, 0.95))
    for c in [x for x in sm if x.kind == "percent"]:
        p = _PAREN_DIVISION.match(ctx.text, c.end)
        if p:
            a, b = by_start.get(p.start("a")), by_start.get(p.start("b"))
            if a and b:
                label = re.split(r"[，,。；;:：]", ctx.text[start : c.start])[-1].strip() or "比率"
                out.append(_ratio(c, a, b, "share:rate-formula", c.start, p.end(), label, 0.95))
    return out


_NAMED_GAP = fastre.compile(r"^\s*[,，]\s*占(?P<whole>[^，,。；;:：\d]{2,10}?)的?(?:比例|比重)?\s*(?:为|是)?\s*$")
_SUM_DIVISION = fastre.compile(rf"(?P<a>{_NUM})\s*{_MONEY_U}?\s*[/÷]\s*\(\s*(?P<terms>{_NUM}\s*{_MONEY_U}?(?:\s*\+\s*{_NUM}\s*"
                           rf"{_MONEY_U}?)+)\s*\)\s*(?:[*×xX]\s*100\s*%?)?\s*[=＝]\s*(?P<c>{_NUM})\s*%")


def _widened_divisions(ctx: Ctx, start: int, end: int, by_start: dict[int, Mention]) -> list[Relation]:
    """'项目支出预算控制率=1286.74÷（1248.30+52.60）×100%=98.91%': a rate over a sum the report wrote out.  The
    denominator is that sum, quoted as written ('1248.30+52.60'), so a budget widened by 上年结转 shows."""
    out = []
    for m in _SUM_DIVISION.finditer(ctx.text, start, end):
        a, c = by_start.get(m.start("a")), by_start.get(m.start("c"))
        terms = [by_start.get(t.start() + m.start("terms")) for t in re.finditer(_NUM, m.group("terms"))]
        if a is None or c is None or any(t is None for t in terms) or len({t.unit for t in terms if t}) != 1:
            continue
        total = sum((t.value for t in terms if t), Decimal(0))
        first, last = terms[0], terms[-1]
        assert first is not None and last is not None
        whole = Mention(start=first.start, end=last.end, num=str(total), unit=first.unit or a.unit, kind="money",
                        depth=first.depth, clause=first.clause, report_year=first.report_year)
        label = re.sub(r"^\d+[.、．]", "", re.split(r"[，,。；;:：]", ctx.text[start : m.start()])[-1].strip().rstrip("=＝ ")) \
            or "比率"
        out.append(_ratio(c, a, whole, "share:division-of-sum", m.start(), m.end(), label, 0.95))
    return out


_BARE_SHARE = fastre.compile(r"^\s*[,，]\s*(?:占比?|所占比重|比重)\s*(?:为|是)?\s*$")


def _share_list(ctx: Ctx, sm: list[Mention], before: list[Mention]) -> list[Relation]:
    """'按支出功能分类：城乡社区支出5,678.80万元，占89.85%；社会保障和就业支出327.96万元，占5.19%；…' — shares
    with no denominator named are shares of the whole the list breaks down.  That whole is an amount
    stated before the list (the nearest one) equal to the sum of the parts; every share is then
    recomputed on it, but only when all of them save at most one agree with it — otherwise the list is
    partial or the shares are of another whole, and nothing is claimed."""
    pairs = []
    named = 0  # shares naming the whole's spending ('占支出总额的49.1%'): of one whole, however few
    money = [m for m in sm if m.kind == "money" and m.depth == 0]
    for p in (m for m in sm if m.kind == "percent"):
        num = next((m for m in reversed(money) if m.end <= p.start), None)
        if num is None:
            continue
        gap = ctx.text[num.end : p.start]
        of_whole = _NAMED_GAP.match(gap)
        if _BARE_SHARE.match(gap) or (of_whole and _WHOLE_SPENDING.match(of_whole.group("whole"))):
            pairs.append((num, p))
            named += bool(of_whole)
    if len(pairs) < 2 or len({n.unit for n, _ in pairs}) != 1:
        return []
    parts = [n for n, _ in pairs]
    total = sum((n.value for n in parts), Decimal(0))
    slack = sum((half_unit(n.value) for n in parts), Decimal(0))
    first = bisect_left(before, parts[0].start, key=lambda m: m.start)  # the whole is stated before the list
    whole = next((m for m in reversed(before[:first]) if m.kind == "money" and m.unit == parts[0].unit
                  and abs(m.value - total) <= slack + half_unit(m.value)), None)
    if whole is None:
        # '本年支出1,855.63万元…。按支出功能分类：A 1,452.30万元，占78.26%；B 198.36万元，占10.96%…': the parts do not
        # add up (one is misstated), but the whole the list opens on is stated right before it — taken when at
        # least half of the shares agree with it
        whole = _opened_whole(ctx, before[:first], parts[0])
        if whole is None or 2 * sum(1 for n, p in pairs if not ratio_mismatch(p.value, n.value, whole.value)) < len(pairs):
            return []
        return [_ratio(p, n, whole, "share:list-opened", n.start, p.end, (n.label.words or "占比") + "占比", 0.85)
                for n, p in pairs]
    agree = [p for n, p in pairs if not ratio_mismatch(p.value, n.value, whole.value)]
    shares = [p for _, p in pairs]
    complete = abs(sum((p.value for p in shares), Decimal(0)) - 100) <= sum((half_unit(p.value) for p in shares),
                                                                            Decimal(0))
    subjects = {ctx.subject(n.label.words, n.start) for n in parts}
    # '基本支出A，占72.38%，…；项目支出B，占27.26%': 基本 + 项目 is the whole by definition (lexicon.COMPOSITION)
    partition = any(subjects == group for groups in lexicon.COMPOSITION.values() for group in groups)
    if not complete and not partition and (len(pairs) < (2 if named == len(pairs) else 3)
                                           or len(agree) < len(pairs) - 1):
        return []  # shares adding up to 100% are of this whole however many disagree ('占69%；…占31%' swapped)
    return [_ratio(p, n, whole, "share:list", n.start, p.end, (n.label.words or "占比") + "占比", 0.85)
            for n, p in pairs]


def _opened_whole(ctx: Ctx, before: list[Mention], first: Mention) -> Mention | None:
    """The amount a '按…分类：' list breaks down: the first amount of the sentence before the opener (its lead,
    '本年支出1,855.63万元，其中…'), in the same paragraph and unit, labelled as a whole (支出/收入/合计)."""
    opener = _LIST_OPENER.search(ctx.text, max(0, first.start - 30), first.start)
    if opener is None:
        return None
    para = ctx.text.rfind("\n", 0, opener.start()) + 1
    prev = max(para, ctx.text.rfind("。", para, max(para, opener.start() - 1)) + 1)
    if prev >= opener.start() - 1:  # the opener starts its sentence: the sentence before it
        prev = max(para, ctx.text.rfind("。", para, max(para, prev - 1)) + 1)
    cands = [m for m in before if m.kind == "money" and m.unit == first.unit and m.depth == 0 and m.start >= prev
             and m.end <= opener.start() and not m.label.prior]
    lead = cands[0] if cands else None
    return lead if lead is not None and re.search(r"支出|收入|合计|总计|总额", lead.label.words) else None


_LIST_OPENER = fastre.compile(r"按[^，,。；;：:]{1,10}(分类|划分|分)[:：，,]")
_COUNT_RATE = fastre.compile(rf"(?P<w>{lexicon.COUNT_RATE_WORDS})\s*(为|达到?|是)?\s*$")


def _count_rates(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'发放问卷500份，表示满意的478份，满意度96.5%': a rate of two counts of one unit, the part named by the
    rate's own word (满意 for 满意度, 合格 for 合格率) and the other count the whole."""
    out = []
    for p in (m for m in sm if m.kind == "percent"):
        w = _COUNT_RATE.search(p.clause)
        if not w:
            continue
        stem = w.group("w")[:2]
        # '按时限处置1862件，处置及时率98.77%': the rate's own verb names the part too
        verb = p.clause[max(0, w.start() - 2) : w.start()]
        counts = [m for m in sm if m.kind == "count" and m.end <= p.start and m.depth == p.depth]
        if len(counts) > 2:  # '…；完成检测31座，计划36座；受理1935件，处置1862件，处置及时率98.77%': its own clause group
            semi = max(ctx.text.rfind(ch, 0, p.start) for ch in "；;")
            counts = [m for m in counts if m.start > semi]
        if len(counts) != 2 or counts[0].unit != counts[1].unit:
            continue
        said = [re.sub(rf"{stem}[度率]?(调查|测评|问卷)", "", m.clause) for m in counts]  # '满意度调查问卷500份' is the whole
        named = [m for m, c in zip(counts, said, strict=True) if stem in c and not re.search(rf"[不未非]{stem}", c)]
        if not named and re.fullmatch(r"[\u4e00-\u9fff]{2}", verb):
            named = [m for m, c in zip(counts, said, strict=True) if verb in c and not re.search(rf"[不未非]{verb}", c)]
        if len(named) != 1:
            continue
        part = named[0]
        whole = counts[1] if part is counts[0] else counts[0]
        if part.value > whole.value:
            continue
        out.append(_ratio(p, part, whole, "share:count-rate", counts[0].start, p.end, w.group("w"), 0.85))
    return out


_BALANCE_RATE = fastre.compile(r"(结转结余率|结余结转率|结余率)\s*(为|是|达)?\s*$")


def _balance_rates(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'年末结转结余84.57万元，结转结余率2.24%': the catalogue's 结转结余率 = 结转结余 / 支出预算数 — the
    department's budget, stated elsewhere (the resolver takes it by key, or lists the rate as not verified)."""
    out = []
    for p in (m for m in sm if m.kind == "percent" and _BALANCE_RATE.search(m.clause)):
        nums = [m for m in sm if m.kind == "money" and m.end <= p.start and m.depth == p.depth
                and re.search(r"结转|结余", m.clause) and not m.label.prior]
        if len(nums) != 1 or ctx.kinds[:1] != [DocumentKind.DEPT_SELF_EVAL]:
            continue
        out.append(Relation(kind="ratio", confidence=0.85, start=nums[0].start, end=p.end, label="结转结余率",
                            source="share:balance-rate", stated=p, numerator=nums[0], subject="total",
                            reason="the budget is stated elsewhere"))
    return out


_OF_BUDGET = fastre.compile(r"完成(?:年初|全年|调整后)?预算(?:数)?的\s*$")


def _completion_of_budget(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'公务接待费3.42万元，预算为3.00万元，完成预算的114.00%': the item's spending over its budget, both
    in the rate's own clause group (since the last '；'); one amount named a budget, one not."""
    out = []
    for p in (m for m in sm if m.kind == "percent" and _OF_BUDGET.search(m.clause)):
        group_start = max(ctx.text.rfind(ch, 0, p.start) for ch in "；;。\n") + 1
        pool = [m for m in sm if m.kind == "money" and group_start <= m.start and m.end <= p.start
                and m.depth == p.depth and not m.label.prior]
        dens = [m for m in pool if "预算" in m.clause]
        nums = [m for m in pool if "预算" not in m.clause]
        if len(dens) == 1 and len(nums) == 1 and nums[0].unit == dens[0].unit:
            rel = _ratio(p, nums[0], dens[0], "share:completion-of-budget", nums[0].start, p.end,
                         (nums[0].label.words or "") + "完成预算比例", 0.85)
            out.append(rel)
    return out


def _shares(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'实际支出856.30万元，占全年预算912.50万元的95.84%' — and of counts in one unit: '已接管农户4126户，占规划户数
    4500户的92.69%'."""
    text = ctx.text
    out = []
    money = [m for m in sm if m.kind in ("money", "count")]
    for p in sm:
        if p.kind != "percent":
            continue
        den = next((m for m in reversed(money) if m.end <= p.start), None)
        if den is None or not _AFTER_DEN.match(text[den.end : p.start]):
            continue
        word = _OF_WORD.search(text, max(0, den.start - 12), den.start)
        if word is None or re.search(r"[，,。；;\d]", text[word.end() : den.start]):
            continue
        zhan = word.start()  # '占全年预算912.50万元的95.84%', '完成年初预算50.00万元的96.24%', '完成计划1000人次的112%'
        num = next((m for m in reversed(money) if m.end <= zhan), None)
        if num is None or not _SHARE_GAP.match(text[num.end : zhan]) or num.depth != den.depth:
            continue
        if num.kind != den.kind or (num.kind == "count" and num.unit != den.unit):
            continue  # a share of money in money, of 户 in 户
        label = (num.label.words or "占比") + "占比"
        out.append(_ratio(p, num, den, "share:of", num.start, p.end, label, 0.9))
    return out


_OF_NAMED = fastre.compile(r"(?P<head>[^，,。；;:：\d]{0,12}?)\s*占(?P<whole>[^，,。；;:：\d]{2,10}?)的?(?:比例|比重|比率)?"
                       r"\s*(?:为|是|达到?)?\s*$")
_WHOLE_SPENDING = fastre.compile(rf"^(?:{lexicon.WHOLE_SPENDING})$")


def _shares_of_named_whole(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'省级补助资金实际支出318.60万元，占已支出资金的62.1%'; '项目支出占全部执行数的33.2%': a share of the
    whole's spending named but not stated here.  The whole is the report's spending (key total.actual)
    and the part is the amount just before 占, or the figure keyed for the subject named there; the
    resolver takes keyed figures only when each is stated once (else the share is not verified)."""
    out = []
    money = [m for m in sm if m.kind == "money"]
    named = False  # a share of the whole's spending was named earlier in the sentence
    for p in (m for m in sm if m.kind == "percent"):
        o = _OF_NAMED.search(ctx.text, max(0, p.start - 40), p.start)
        if named and (o is None or o.end() != p.start):
            # '农林水支出1,506.27万元，占本年支出的81.7%；社会保障和就业支出168.34万元，占9.31%': the same whole
            num = next((m for m in reversed(money) if m.end <= p.start), None)
            if num is not None and _BARE_SHARE.match(ctx.text[num.end : p.start]) and num.depth == p.depth:
                out.append(Relation(kind="ratio", confidence=0.85, start=num.start, end=p.end,
                                    label=(num.label.words or "") + "占比", source="share:of-named-whole",
                                    stated=p, numerator=num, denominator_key="total.actual",
                                    reason="the whole is stated elsewhere"))
            continue
        whole_key = _whole_key(ctx, o.group("whole"), p.start) if o is not None and o.end() == p.start else None
        if o is None or whole_key is None:
            continue
        named = whole_key == "total.actual"
        zhan = o.start("whole") - 1
        num = next((m for m in reversed(money) if m.end <= zhan), None)
        num_key = None
        if num is not None and num.depth == p.depth and not _SHARE_GAP.match(ctx.text[num.end : zhan]) and \
                _ONE_CLAUSE_BETWEEN.match(ctx.text[num.end : zhan]):
            pass  # '事业收入186,400.00元，为档案查询复制服务收入，占本年收入合计的4.95%': a clause describing it
        elif num is None or not _SHARE_GAP.match(ctx.text[num.end : zhan]) or num.depth != p.depth:
            num = None
            head = o.group("head")
            subject = ctx.subject(head, p.start) if head and not re.search(r"[\d]", head) else None
            if subject is None or subject == "total" or f"{subject}.actual" == whole_key:
                continue
            num_key = f"{subject}.actual"
        elif whole_key != "total.income" and re.search(r"预算|计划|安排|下达|到位", num.clause):
            continue  # a budget's share of the spending is no share
        out.append(Relation(kind="ratio", confidence=0.85, start=num.start if num else o.start(), end=p.end,
                            label=(num.label.words if num else o.group("head")) + "占比", source="share:of-named-whole",
                            stated=p, numerator=num, numerator_key=num_key, denominator_key=whole_key,
                            reason="the whole is stated elsewhere"))
    return out


_WHOLE_INCOME = fastre.compile(r"^(本年|全年|当年)?(收入)(合计|总额|总计)?$|^(本年|全年|当年)?总收入$")
_ONE_CLAUSE_BETWEEN = fastre.compile(r"^[，,][^，,。；;\d]{2,30}[，,]$")
_PART_WHOLES = {"basic", "project", "sangong"}  # wholes a part's share is of ('公用经费占基本支出的8.24%')


def _whole_key(ctx: Ctx, words: str, pos: int) -> str | None:
    """The key of a whole named in '占…的': the report's spending, its income, or a subject that has parts."""
    if _WHOLE_SPENDING.match(words):
        return "total.actual"
    if _WHOLE_INCOME.match(words):
        return "total.income"
    subject = ctx.subject(words, pos)
    if subject in _PART_WHOLES and re.fullmatch(r"[\u4e00-\u9fff“”\"]{2,8}", words):
        return f"{subject}.actual"
    return None


_TARGET = fastre.compile(r"目标|计划|任务|规划")
_NAMED_BUDGET = fastre.compile(r"预算(数|金额)?\s*(为|是)?\s*$")
_EXECUTION = fastre.compile(r"执行率|控制率|到位率")
_OWN_FORMULA = fastre.compile(lexicon.OWN_FORMULA)
_WIDENED_BASIS = fastre.compile(r"(计入|加上|含|包括|算上|考虑)[^，,。；;]{0,6}上年结转")
_FUND_PART = fastre.compile(r"财政拨款|结转|补助|自筹|中央|省级|市级|县级|区级|其他资金|配套")
_SPENDING_RATE = fastre.compile(r"执行率|控制率")  # rates of spending over a budget (到位率 divides funds received)


_OF_WHICH = fastre.compile(r"\s*其中")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last 。 or line break, 400 characters at most)."""
    lo = max(0, pos - 400)
    return max(text.rfind("。", lo, pos), text.rfind("\n", lo, pos)) + 1 or lo


_BARE_BUDGET = fastre.compile(r"(全年|年初|调整后)?预算(数|金额)?(为|是)?")


def _own_amounts(ctx: Ctx, pool: list[Mention], own: str) -> list[Mention]:
    """The amounts of subject ``own`` — with a bare budget stated right after its spending ('基本支出1838.12万元，
    全年预算1862.05万元，基本支出预算控制率98.7%': that budget is 基本支出's)."""
    out: list[Mention] = []
    for i, m in enumerate(pool):
        subject = ctx.subject(m.label.words, m.start)
        if subject == own or (subject is None and out and i and out[-1] is pool[i - 1]
                              and _BARE_BUDGET.fullmatch(m.clause.strip(" ，,"))):
            out.append(m)
    return out


def _rate_words(ctx: Ctx, sm: list[Mention], prev: list[Mention]) -> list[Relation]:
    """'资金到位912.50万元，已使用856.30万元，资金使用率达95.84%'."""
    out = []
    for p in sm:
        if p.kind != "percent" or p.label.prior:
            continue  # '2023年我局预算执行率为93.8%' in the 2024 report: last year's rate, of last year's figures
        w = _RATE_WORD.search(p.clause)
        if not w:
            continue
        word = w.group("w")
        if _OWN_FORMULA.match(ctx.text, p.end):
            continue  # '预算执行率为98.95%（实际支出÷（全年预算＋上年结转））': the report states its own 口径
        lead = ctx.text[max(ctx.text.rfind(ch, 0, p.start) for ch in "。；;\n") + 1 : p.start]
        if "使用率" in word and _WIDENED_BASIS.search(lead):
            continue  # '若计入上年结转资金，资金使用率为98.0%': a use rate of the funds with the carry-over, its own 口径
        pair = next(((n, d) for rw, n, d in _RATE_PAIRS if rw.search(word)), None)
        if pair is None:
            continue
        pool = [m for m in sm if m.kind == "money" and m.end <= p.start and m.depth == p.depth]
        if not pool:
            if _OF_WHICH.match(ctx.text, _sentence_start(ctx.text, p.start)):
                # '实际支出317.72万元，执行率为74.22%。其中，中央资金已全部支出，执行率100.00%': a rate in a
                # 其中 sentence is its part's, never the whole's of the sentence before
                continue
            pool = [m for m in prev if m.kind == "money" and m.depth == 0]
        named = re.split(r"[，,。；;:：、]", p.clause[: w.start()])[-1]
        own = ctx.subject(named, p.start) if named and _SPENDING_RATE.search(word) else None
        if own is not None:
            # '基本支出预算控制率为97.27%' after '全年实际支出1987.42万元': a rate naming its subject divides that
            # subject's amounts, not the department's stated before it
            pool = _own_amounts(ctx, pool, own)
        elif _FUND_PART.search(named) and len(named) >= 4 and not any(named[-4:] in m.label.words for m in pool):
            # '分资金来源看，当年财政拨款执行率89.4%，上年结转资金执行率94.6%': the rate of a part of the funds whose
            # amounts this text does not state — never the project's total over its budget
            continue
        if not pool and _EXECUTION.search(word):
            # '…项目支出4,589.53万元。部门整体预算执行率98.42%。项目支出执行率为99.73%': the subject's spending and
            # budget were stated before; the resolver takes both from their keys (or lists the rate as not verified)
            head = re.split(r"[，,。；;:：、]", p.clause[: w.start()])[-1]
            subject = ctx.subject(head, p.start) if head else None
            if subject is not None:
                out.append(Relation(kind="ratio", confidence=0.85, start=p.start, end=p.end, label=head + word,
                                    source="share:rate-word-keyed-both", stated=p, subject=subject,
                                    reason="its spending and budget are stated elsewhere"))
            continue
        if not pool and "完成率" in word:
            # '全年签约居民186,420人，签约目标200,000人，完成率94.21%': two counts of one unit, one the target
            counts = [m for m in sm if m.kind == "count" and m.end <= p.start and m.depth == p.depth]
            targets = [m for m in counts if _TARGET.search(m.clause)]
            if len(counts) == 2 and len(targets) == 1 and counts[0].unit == counts[1].unit:
                done = next(m for m in counts if m is not targets[0])
                out.append(_ratio(p, done, targets[0], "share:rate-word", counts[0].start, p.end, word, 0.85))
            continue
        floor = max(ctx.text.rfind("。", max(0, p.start - 400), p.start), ctx.text.rfind("\n", max(0, p.start - 400), p.start))
        semi = max(ctx.text.rfind("；", max(0, floor), p.start), ctx.text.rfind(";", max(0, floor), p.start))
        in_group = [m for m in pool if m.start > semi]
        if semi > floor and len(in_group) >= 2:
            pool = in_group  # '…预算控制率99.59%；项目支出260.67万元，项目支出预算265.00万元，项目支出预算控制率98.37%'
        named_budget = [m for m in pool if _NAMED_BUDGET.search(m.clause)]  # '基本支出预算615.00万元': a budget
        nums = [m for m in pool if pair[0].search(m.clause) and not pair[1].search(m.clause) and m not in named_budget]
        dens = [m for m in pool if (pair[1].search(m.clause) and not pair[0].search(m.clause)) or m in named_budget]
        if _EXECUTION.search(word) and p.clause[: w.start()].endswith("预算"):
            # '资金到位352.80万元，…预算执行率95.75%': a 预算执行率 divides by the budget, never by the funds received
            dens = [m for m in dens if re.search(r"预算|计划|安排", m.clause)]
        if not nums and not dens:
            continue
        label = (re.split(r"[，,。；;:：]", p.clause)[-1][: w.start()].strip() + word) or word
        start = min(m.start for m in pool)
        if len(nums) == 1 and len(dens) == 1 and not any(m.label.prior for m in (nums[0], dens[0])):
            out.append(_ratio(p, nums[0], dens[0], "share:rate-word", start, p.end, label, 0.85))
        elif len(nums) == 1 and not dens and not nums[0].label.prior and _EXECUTION.search(word) and \
                (subject := ctx.subject(nums[0].label.words, nums[0].start)) is not None:
            # '本部门2024年实际支出1080.00万元。全年预算执行率为92.00%': the budget is the subject's, stated
            # elsewhere; the resolver takes it from its key (or leaves the rate not verified)
            out.append(Relation(kind="ratio", confidence=0.85, start=nums[0].start, end=p.end, label=label,
                                source="share:rate-word-keyed", stated=p, numerator=nums[0], subject=subject,
                                budget_base="any", reason="the budget is stated elsewhere"))
        elif len(nums) == 1 and not dens and not nums[0].label.prior and "到位率" in word and \
                ctx.kinds[:1] == [DocumentKind.PROJECT_SELF_EVAL]:
            # '项目资金实际到位630.00万元，资金到位率96.65%': of the project's planned funds, stated elsewhere
            out.append(Relation(kind="ratio", confidence=0.85, start=nums[0].start, end=p.end, label=label,
                                source="share:arrival-keyed", stated=p, numerator=nums[0],
                                denominator_key="total.full_budget|total.budget", reason="the plan is stated elsewhere"))
        elif len(dens) == 1 and not nums and not dens[0].label.prior and _SPENDING_RATE.search(word) and \
                (subject := _spending_subject(ctx, p, w.start())) is not None:
            # '项目全年支出432.16万元。以年度预算450.00万元为基数，预算执行率96.8%': the spending is the subject's,
            # stated before; the resolver takes it by key only when it is stated once
            out.append(Relation(kind="ratio", confidence=0.85, start=dens[0].start, end=p.end, label=label,
                                source="share:rate-word-keyed-spending", stated=p, denominator=dens[0],
                                numerator_key=f"{subject}.actual", reason="the spending is stated elsewhere"))
        elif len(nums) == 1 and not dens and not nums[0].label.prior and _same_item(ctx, label, word, nums[0]) and \
                (base := _earlier_base(ctx, nums[0], pair)) is not None:
            # '项目资金实际到位860.00万元。项目实际支出812.36万元，资金支出率为94.64%': the base, stated once before
            out.append(_ratio(p, nums[0], base, "share:rate-word-earlier-base", nums[0].start, p.end, label, 0.85))
        else:
            n, d = (nums or pool)[-1], (dens or pool)[0]
            rel = _ratio(p, n, d, "share:rate-word", start, p.end, label, 0.4)
            rel.reason = rel.reason or f"{word}: {len(nums)} numerator and {len(dens)} denominator amounts"
            out.append(rel)
    return out


def _spending_subject(ctx: Ctx, p: Mention, word_at: int) -> str | None:
    """Whose spending an execution rate divides: the item its clause names ('项目支出执行率'), else in a
    项目支出绩效自评报告 the project itself."""
    head = re.split(r"[，,。；;:：、]", p.clause[:word_at])[-1]
    subject = ctx.subject(head, p.start) if head else None
    if subject is None and ctx.kinds[:1] == [DocumentKind.PROJECT_SELF_EVAL]:
        subject = "total"
    return subject


def _item_of(ctx: Ctx, num: Mention) -> str:
    """The item an amount is of: named in its own words, else the last item its sentence names."""
    item = _ITEM_WORDS.sub("", num.label.words)
    if len(item) < 2:  # '家庭医生签约服务补助项目资金拨付进度偏慢，全年支出83.52万元': the sentence names the item
        sentence = max(ctx.text.rfind(ch, 0, num.start) for ch in "。；;\n")
        named = _NAMED_ITEM.findall(ctx.text[sentence + 1 : num.start])
        item = named[-1] if named else item
    return item


def _same_item(ctx: Ctx, label: str, word: str, num: Mention) -> bool:
    """A rate naming its item ('桥涵养护维修子项执行率') divides that item's figures: not an amount its sentence gives
    another item ('路面病害修补子项…实际支出226.35万元；桥涵养护维修子项执行率为78.93%')."""
    own = _ITEM_WORDS.sub("", label.removesuffix(word))
    other = _item_of(ctx, num)
    return len(own) < 2 or len(other) < 2 or own[:4] == other[:4]


def _the_items_own(clause: str, item: str, pair: tuple) -> bool:
    """'…省级补助资金260.00万元' in the list of the funds: the item's own amount, named by the item alone (no word of
    spending) — what its '支付率' divides ('省级补助资金已支付238.60万元，支付率为93.77%')."""
    tail = re.search(r"[\u4e00-\u9fff]{2,20}$", clause)
    return len(item) >= 2 and tail is not None and _names(tail.group(0), item[:4]) and not pair[0].search(clause)


def _names(words: str, item: str) -> bool:
    """The item's name in the words, its characters in order ('省级补助' in '省级财政补助'), from its first two."""
    at = words.find(item[:2])
    return at >= 0 and in_order(item[2:], words[at + 2 :])


def _earlier_base(ctx: Ctx, num: Mention, pair: tuple) -> Mention | None:
    """The rate's base stated before its sentence (at most 800 characters back): the amounts its words name
    (到位, 预算, 计划…), all of one value and not below the numerator — and, when the numerator names an item
    ('烈士纪念设施维护管理执行90.00万元'), named by that item too.  Two different candidates: which one the rate
    divides cannot be told."""
    text = ctx.text
    sentence = max(text.rfind(ch, 0, num.start) for ch in "。；;\n")
    item = _item_of(ctx, num)
    found = [m for m in mentions_between(ctx, max(0, num.start - 800), sentence) if m.kind == "money"
             and m.depth == 0 and not m.label.prior and m.unit == num.unit
             and (_last_word(m.clause, pair) == 1 or _the_items_own(m.clause, item, pair))
             and m.value >= num.value
             and (len(item) < 2 or _names(m.clause, item[:4]))]
    return found[-1] if found and len({m.value for m in found}) == 1 else None


_NAMED_ITEM = fastre.compile(r"([\u4e00-\u9fff“”]{2,20}?(?:子项目|子项|项目|经费|补助|工程|专项))")
def _last_word(clause: str, pair: tuple) -> int | None:
    """Which of the pair's words the clause ends with ('项目资金实际到位': 到位, the base; '项目实际支出': 支出)."""
    ends = [max((m.end() for m in pair[i].finditer(clause)), default=-1) for i in (0, 1)]
    return None if ends == [-1, -1] or ends[0] == ends[1] else (0 if ends[0] > ends[1] else 1)


# the words of a spending label that name no item: what is left names one ('烈士纪念设施维护管理')
_ITEM_WORDS = fastre.compile(r"全年|本年|年度|截至|年底|年末|\d+年|实际|累计|已|共|支出|执行|使用|支付|拨付|到位|资金|项目|"
                         r"总额|金额|数|为|达|是|了|本|该|部门|整体|预算")


_NAMED_PART_SHARE = fastre.compile(r"(?:^|[。，,；;:：])\s*(?:其中)?\s*(?P<part>[\u4e00-\u9fff]{2,10}?)占(?:(?P<whole>[\u4e00-\u9fff]{2,8}?)的?)?"
                               r"(?:比例|比重)?\s*(?:为|是|达)?\s*$")
_TRAILING_FUND_WORD = fastre.compile(r"(资金|经费|补助|投入|拨款)+$")
_LIST_LEAD = fastre.compile(r"^.*(?:来源|包括|其中|分别为)[为是:：]?")  # '资金来源包括中央财政补助' names 中央财政补助


def _by_name(words: str, pool: list[Mention]) -> Mention | None:
    """The one amount the paragraph gave a name like ``words`` ('中央资金' ~ '中央财政衔接资金260.00万元')."""
    core = _TRAILING_FUND_WORD.sub("", words)
    if len(core) < 2:
        return None
    hits = {m.num: m for m in pool if (w := _LIST_LEAD.sub("", _TRAILING_FUND_WORD.sub("", m.label.words or ""))) and
            (w == core or (w.startswith(core) and len(core) >= 2 and words != core))}
    return next(iter(hits.values())) if len(hits) == 1 else None


def _shares_of_named_parts(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'资金来源包括：中央财政衔接资金260.00万元、省级水利发展资金120.00万元…。其中中央资金占全年预算的55.50%，
    省级资金占25.16%': shares naming a part and its whole by name, each an amount the paragraph stated once —
    a bare '省级资金占p%' after it is of the same whole."""
    out: list[Relation] = []
    whole: Mention | None = None
    paragraph: list[Mention] | None = None
    for p in (m for m in sm if m.kind == "percent"):
        if paragraph is None:
            paragraph = mentions_between(ctx, ctx.text.rfind("\n", 0, p.start) + 1, p.start)
        before = [m for m in paragraph if m.kind == "money" and m.end <= p.start and m.depth == 0]
        o = _NAMED_PART_SHARE.search(ctx.text, max(0, p.start - 30), p.start)
        if o is None or any(m.end > o.start() for m in before if m.start >= o.start()) or p.depth:
            whole = None
            continue
        if o.group("whole"):
            whole = next((m for m in reversed(before) if (m.label.words or "").endswith(o.group("whole"))), None)
            if whole is not None and len({m.num for m in before if (m.label.words or "").endswith(o.group("whole"))}) > 1:
                whole = None  # two amounts of that name: which one is in doubt
        part = _by_name(o.group("part"), before)
        if whole is None or part is None or part is whole or part.unit != whole.unit:
            continue
        out.append(_ratio(p, part, whole, "share:named-parts", part.start, p.end, o.group("part") + "占比", 0.85))
    return out


_NAMED_SHARE = fastre.compile(r"(?:^|[。，,；;:：])\s*(?P<part>[\u4e00-\u9fff]{2,12}?)(?:所占比[重例]|占比|比重)\s*(?:为|是|达到?)?\s*$")
_TOTAL_WORDS = fastre.compile(r"总额|总计|合计|总数")


def _named_share_of_stated_total(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'全年政府采购合同总额96.20万元，授予中小企业合同85.36万元，中小企业合同占比83.73%': a share naming its part,
    whose whole is the one total (总额/合计) the sentence states before that part."""
    out: list[Relation] = []
    money = [m for m in sm if m.kind == "money" and m.depth == 0 and not m.label.prior]
    for p in (m for m in sm if m.kind == "percent" and m.depth == 0):
        o = _NAMED_SHARE.search(ctx.text, max(0, p.start - 30), p.start)
        before = [m for m in money if m.end <= p.start]
        if o is None or any(m.end > o.start() for m in before):
            continue
        name = o.group("part")
        parts = [m for m in before if (w := m.label.words or "") and len(name) >= 2 and (w.endswith(name) or name in w)]
        if len({m.num for m in parts}) != 1:
            continue
        part = parts[-1]
        wholes = [m for m in before if m.end <= part.start and _TOTAL_WORDS.search(m.label.words or "")]
        if len(wholes) != 1 or wholes[0].unit != part.unit or wholes[0].value < part.value:
            continue
        out.append(_ratio(p, part, wholes[0], "share:named-part-of-total", wholes[0].start, p.end, name + "占比", 0.85))
    return out


_OF_WHICH_GAP = fastre.compile(r"^\s*[，,]\s*其中[^，,。；;\d]{0,24}$")


def _share_of_which(ctx: Ctx, sm: list[Mention]) -> list[Relation]:
    """'全年政府采购合同金额1,256.40万元，其中授予中小企业合同金额1,031.85万元，占比86.13%': a bare share right after
    the one part a 其中 names is that part's share of the total it follows."""
    out: list[Relation] = []
    money = [m for m in sm if m.kind == "money" and m.depth == 0]
    for p in (m for m in sm if m.kind == "percent" and m.depth == 0):
        before = [m for m in money if m.end <= p.start]
        if len(before) < 2 or not _BARE_SHARE.match(ctx.text[before[-1].end : p.start]):
            continue
        part, total = before[-1], before[-2]
        if not _OF_WHICH_GAP.match(ctx.text[total.end : part.start - len(part.clause)] + part.clause) or \
                part.unit != total.unit or part.value > total.value:
            continue
        out.append(_ratio(p, part, total, "share:of-which", total.start, p.end, (part.label.words or "") + "占比", 0.85))
    return out
