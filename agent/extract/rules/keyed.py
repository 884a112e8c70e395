"""Figures named outright: '项目支出全年预算560.20万元', '基本支出实际支出为623.09万元'.

A money figure whose own clause names both a subject (基本支出, 项目支出, 三公经费 …) and a measure
(年初预算, 全年预算, 实际支出 …) gets that canonical key, so restatements elsewhere can be compared
and budgets found for OVER_BUDGET.  Figures already keyed by a more specific pattern keep their key.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules import lexicon
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import is_prior_year, make_key, measure_of, subject_of
from agent.extract.rules.tokens import clause_before, label_before, money_tokens

_DIFFERENCE = fastre.compile(
    r"(超出|超支|节约|节余|增加|减少|增长|下降|降低|调增|调减|追加|多支出|少支出|大于|小于|高于|低于)[^\d，,。；;]{0,6}$")
_NARROW = fastre.compile(lexicon.NARROW_SCOPE)
# '…全年实际支出3412.58万元。从构成看，基本支出1838.12万元': a breakdown of the spending (no 预算 before it in the line)
_SPENDING_CONTEXT = fastre.compile(r"支出结构|支出构成|(?<!预算)支出情况|资金使用情况|支出执行情况|执行结果|执行情况看|"
                               r"实际支出[^。\n]{0,30}。(从|按)(支出)?(构成|结构|性质)(来)?(看|分|划分)|"
                               r"(?:^|[。；;])\s*从(支出)?(构成|结构)(来)?看")  # '…执行目标。从结构看，基本支出…'
_BUDGETS = {"initial_budget", "full_budget"}
_SPENDING_SECTION = fastre.compile(r"^[（(]?[一二三四五六七八九十\d]*[)）、.．]?\s*(预算)?(支出|执行|支出执行|预算执行|支出完成|资金使用|资金支出)(情况|结构)$")
_LISTED = fastre.compile(r"其中|包括|分别|含")
# '全年“三公”经费实际支出8.46万元，预算8.00万元': a bare budget word after an item's spending is its budget
_BARE_BUDGET = fastre.compile(r"(全年|年初|调整后)?预算(数|金额)?(为|是)?")
_NARROWER_PART = fastre.compile(r"政府性基金|国有资本经营|财政拨款收入支出|财政拨款收支|财政拨款支出")  # a heading of one 口径
_CONTAINED = fastre.compile(r"[\u4e00-\u9fff”\"](?:之)?中(?:含|包含|包括)")
_RECOVERED = fastre.compile(r"收回|核减|压减|冲减|调出|缴回|退回")
_PART_OF = fastre.compile(r"主要|用于|其中|包括")  # '项目全年支出432.16万元，主要支付服务费268.40万元': a part, not the item
_SUBJECTS = ("basic", "project", "personnel", "public", "sangong", "total", "carryover", "balance")


def extract_keyed(ctx: Ctx, fb: FactsBuilder) -> None:
    last_subject: tuple[int, str] | None = None  # (sentence start, subject) of the previous keyed figure
    last_end = 0  # end of the previous keyed figure
    sentence_topic: tuple[int, str] | None = None  # (sentence start, subject) of the sentence's first named item
    last_spent = -1  # end of the last figure keyed as an item's spending
    sibling: tuple[int, str, str] | None = None  # (paragraph start, subject, measure) of the last keyed figure
    topic: tuple[str, str, str] | None = None  # (part of the report, subject, measure) of the last budget stated
    whole: tuple[int, str, str, int] | None = None  # (paragraph start, subject, measure, end) of the last whole keyed
    whole_sentence = -1  # start of the sentence the whole was stated in
    list_line = -1  # start of a '其中：' line listing the 基本/项目 split of the spending stated before it
    for tok in money_tokens(ctx, 0, len(ctx.text)):
        own_budget = False  # keyed as the budget stated right after its item's spending
        window = ctx.text[max(0, tok.start - 8) : tok.start]
        if tok.depth or (_DIFFERENCE.search(window) and "调整后" not in window):  # '追加调整后预算为X': the budget
            continue  # '超出全年预算33.20万元', '较预算节约28.36万元': a difference, not the quantity itself
        line_start = ctx.text.rfind("\n", 0, tok.start) + 1
        sentence_start = max(line_start, ctx.text.rfind("。", 0, tok.start) + 1)
        group_start = max(sentence_start, ctx.text.rfind("；", sentence_start, tok.start) + 1,
                          ctx.text.rfind(";", sentence_start, tok.start) + 1)  # bounded: a scan from 0 was quadratic
        clause = clause_before(ctx, tok.start, line_start)
        known = fb.figure_starting_at(ctx.nt.to_source(tok.start, tok.end)[0])
        if known is not None and not known.key.startswith(("misc:", "project:")) and known.key.count(".") >= 1:
            sibling = (line_start, *known.key.rsplit(".", 1))  # keyed by a list before: its measure goes on
            if sibling[1] in lexicon.COMPOSITION and not (whole and whole[0] == line_start and whole[1] == sibling[1]
                                                          and whole_sentence == sentence_start):
                whole = (line_start, sibling[1], sibling[2], tok.end)
                whole_sentence = sentence_start
        if _RECOVERED.search(clause):
            continue  # '收回海域使用动态监管等项目资金26.07万元': money taken back, an adjustment, not spending
        if _CONTAINED.search(clause):
            continue  # '项目支出中含使用其他收入安排的档案修裱耗材支出10.85万元': a part of 项目支出, not 项目支出
        subj = ctx.subject(_own_words(clause), tok.start)
        if subj == "total" and _BARE_ADJUSTED.search(clause) and \
                (narrower := _narrower_subject(ctx.text[sentence_start : tok.start - len(clause)])):
            subj = narrower  # '基本支出全年支出高于年初预算…，未超过调整后预算1136.90万元': 基本支出's budget
        if subj is not None:  # the newest item named, even when its own figure is not keyed (a prior year's)
            last_subject = (sentence_start, subj)
            if sentence_topic is None or sentence_topic[0] != sentence_start:
                sentence_topic = (sentence_start, subj)
        elif last_subject and last_subject[0] == sentence_start and last_subject[1] not in ("carryover", "balance") \
                and (last_end >= group_start or (sentence_topic and sentence_topic[0] == sentence_start)) \
                and not re.match(r"(加上|减去|扣除|减除|另加)", clause.strip()) and \
                not _PART_OF.search(ctx.text[max(last_end, sentence_start) : tok.start]) and \
                (measure_of(clause, fallback=False) == "actual" or
                 # '公务用车运行维护费预算7.00万元、支出6.12万元': a bare 支出 right after the item's own budget
                 (re.fullmatch(r"(实际)?支出(数)?(为|是)?", clause.strip(" 、，,")) and last_end >= 0 and
                  re.fullmatch(r"[、，,]?\s*", ctx.text[last_end : tok.start - len(clause)])) or
                 (_BARE_BUDGET.fullmatch(clause.strip()) and
                  last_spent >= 0 and re.fullmatch(r"[，,]\s*", ctx.text[last_spent : tok.start - len(clause)]))):
            subj = last_subject[1]  # '“三公”经费预算5.00万元，实际支出4.00万元': the same item's spending
            own_budget = measure_of(clause, fallback=False) != "actual"  # '基本支出1838.12万元，全年预算1862.05万元'
            if last_end < group_start and sentence_topic is not None:
                subj = sentence_topic[1]  # past a '；' the sentence's own item: '“三公”经费预算7.50万元，其中…；实际支出7.92万元'

        heading = _item_heading(ctx.text[line_start:sentence_start])
        if subj is None and _bare_item(heading) and not _names_an_item(clause) and \
                (named := ctx.subject(heading, tok.start)) not in (None, "total"):
            subj = named  # '6．“三公”经费。…合计12.00万元，与年初预算数12.00万元持平': the item its heading names
        elif subj is None and topic and topic[0] == _part(ctx, tok.start) and not _names_an_item(clause) and \
                measure_of(clause, fallback=False) in _BUDGETS - {topic[2]}:
            subj = topic[1]  # '年初预算1,846.30万元，其中…。年中调增…，全年预算数为2,061.90万元': the same budget, adjusted
        if subj == "total" and (topic_of := _SENTENCE_TOPIC.match(ctx.text, sentence_start, tok.start)) is not None \
                and (named := subject_of(topic_of.group("t"))) not in (None, "total"):
            subj = named  # '“三公”经费方面，年初预算4.50万元，全年实际支出4.82万元': the topic the sentence opens with
        if subj is None or subj.split(".")[0] not in _SUBJECTS or is_prior_year(clause, ctx.year):
            continue
        if subj == "total" and (_under_narrower_heading(ctx, tok.start) or _NARROWER_ITEM.search(
                _inline_heading(ctx.text[line_start:sentence_start]))) and not _DEPARTMENT.search(clause):
            continue  # '三、项目支出情况 … 全年预算合计2,245.35万元，实际支出合计2,222.56万元': the projects' total
        if subj in ("total", "carryover", "balance", "basic", "project", "personnel", "public") and \
                (_NARROWER_PART.search(_part(ctx, tok.start).split(" > ")[-1]) or
                 _NARROWER_PART.search(_inline_heading(ctx.text[line_start:sentence_start])) or
                 _NARROWER_PART.search(_colon_lead(ctx.text[sentence_start:tok.start]))):
            # '八、政府性基金预算财政拨款收入支出决算情况说明 … 本年支出318.40万元': that fund's, not the whole's;
            # '三、财政拨款支出决算情况说明 … 其中基本支出1,412.65万元': the 财政拨款 口径's 基本支出
            continue
        # '收入支出决算总表（公开01表）：本年收入合计1836.40万元': the words after a colon name the figure
        measure = measure_of(re.split(r"[:：]", clause)[-1] or clause, fallback=False)
        if measure is None and sibling and sibling[0] == line_start and _siblings(sibling[1], subj) and \
                not _LISTED.search(ctx.text[sentence_start : tok.start]):  # a new 其中 list is another whole's
            measure = sibling[2]  # '其中：公务接待费6.47万元，批次136次。公车运行维护费3.13万元': the list goes on
            if measure in (_BUDGETS | {"budget"}) and _own_budget_follows(ctx, tok.end, clause):
                measure = None  # '项目支出260.67万元，项目支出预算265.00万元': the item's budget is the next figure
        if measure is None and whole and whole[0] == line_start and _part_of(subj, whole[1]) and \
                _heads_list(ctx.text[whole[3] : tok.start]) and not re.search(r"结余|结转|收入", clause):
            measure = whole[2]  # '“三公”经费支出11.36万元…。其中：公务用车运行费8.55万元；公务接待费2.18万元': the whole's
        if measure is None and subj in ("basic", "project") and _LIST_LINE.match(ctx.text, line_start) and \
                not re.search(r"结余|结转|收入", clause) and (list_line == line_start or (
                    whole and whole[0] == ctx.text.rfind("\n", 0, max(0, line_start - 1)) + 1
                    and whole[1:3] == ("total", "actual"))):
            # '2024年度实际支出1402.18万元，预算执行率98.06%。与上年…相比…' / '其中：基本支出908.83万元…；项目支出
            # 493.35万元': a line opened by 其中 lists the 基本/项目 split of the spending the paragraph before stated
            measure, list_line = "actual", line_start
        if measure is None and subj in ("basic", "project") and \
                (lead := _COMPOSED.match(ctx.text, sentence_start, tok.start)) is not None:
            # '年初预算由基本支出和项目支出构成，其中基本支出478.15万元…；项目支出131.25万元': the whole's measure
            measure = measure_of(lead.group("whole"), fallback=False) if lead.group("whole") else "actual"
        if measure is None and re.match(r"\s*[,，]\s*占[^,，。;；]{0,8}支出", ctx.text[tok.end : tok.end + 16]):
            measure = "actual"  # '项目支出1,162.11万元，占总支出的47.11%': a share of spending is spending
        scope = heading + ctx.text[sentence_start : tok.start]
        if subj == "balance" and ("年末" not in clause or "“" in ctx.text[sentence_start : tok.start]
                                  or _narrow(ctx, scope)):
            continue  # only the department's year-end balance; a project's 结余结转 is its own figure
        if subj == "carryover" and make_key(subj, "actual", clause).startswith("misc:"):
            continue  # '上年结转资金支出58.00万元': what was spent out of the carry-over, not the carry-over itself
        if subj == "carryover" and (_narrow(ctx, heading + ctx.text[group_start : tok.start]) or
                                    _opens_with_item(ctx.text[group_start : tok.start])):
            # (its own clause group: '…主要原因是档案数字化加工项目资金增加；年初结转和结余8.90万元' is the department's)
            continue  # '水土保持综合治理项目全年预算382.00万元，另使用上年结转资金14.00万元': that project's carry-over
        if measure is None and subj.startswith("sangong") and re.search(r"支出\s*(为|是)?$", clause):
            measure = "actual"  # '（三）公务接待费支出3.62万元': a 三公 item's 支出 is its spending
        if subj in ("carryover", "balance"):
            measure = "actual"  # '年初预算情况：上年结转30.55万元' is an amount carried over, not a budget
        if measure is None and subj == "total" and re.search(r"(全年|本年度?|当年|整体)(共|共计)?(实际)?支出([\u4e00-\u9fff]{0,4}资金)?\s*(为|是)?$",
                                                              clause):
            measure = "actual"  # '全年支出8,912,450.60元' in a 项目 report: the project's spending
        if measure is None and subj in ("basic", "project", "personnel", "public") and \
                re.search(r"(?:(全年|本年度?|当年)|^\s*\d{4}年度?(本部门|本单位|我局|本局)?)(共|共计)?(实际)?(基本|项目)支出"
                          r"(共|共计|合计)?\s*(为|是)?$", clause):  # (a prior year's is left out above)
            measure = "actual"  # '（一）预算管理。全年基本支出468.57万元，保障了…': the year's spending on it
        if measure is None and (spending := _last(_SPENDING_CONTEXT, ctx.text, line_start, tok.start)) is not None and \
                not re.search(r"预算|计划|安排", ctx.text[spending : tok.start]) and \
                not re.search(r"用于|包括|其中|含", clause):  # '项目支出主要用于抽检215.60万元': a part
            measure = "actual"  # '2.支出结构。从支出结构看，基本支出1256.08万元': spending, by its heading
        if measure is None and subj in ("basic", "project", "personnel", "public") and \
                _SPENDING_SECTION.search(_part(ctx, tok.start).split(" > ")[-1]) and \
                not re.search(r"预算|计划|安排|用于|包括|其中|含", ctx.text[line_start : tok.start]):
            measure = "actual"  # '（二）支出情况 / ２．项目支出２７７．０６万元。': an item's spending, by its section
        if measure is None or (measure == "income" and subj != "total"):
            continue
        label = label_before(ctx, tok.start, line_start)
        fb.add_figure(ctx.figure(tok.start, tok.end, value=tok.num, unit=tok.unit, key=f"{subj}.{measure}",
                                 label=label))
        last_subject = (sentence_start, subj)
        if not own_budget:  # a list goes on in its items' measure, not in the budget one of them added
            sibling = (line_start, subj, measure)
        last_spent = tok.end if measure == "actual" else -1
        last_end = tok.end
        if subj in lexicon.COMPOSITION and not (whole and whole[0] == line_start and whole[1] == subj
                                                and whole_sentence == sentence_start):
            # the sentence's first figure of the whole is what a following 其中 breaks down ('“三公”经费支出8.98万元，
            # 年初预算12.00万元，…。其中公务用车运行维护费6.84万元': the spending's parts, not the budget's)
            whole = (line_start, subj, measure, tok.end)
            whole_sentence = sentence_start
        if measure in _BUDGETS and not _LISTED.search(ctx.text[sentence_start : tok.start]):
            topic = (_part(ctx, tok.start), subj, measure)  # a budget stated outright, not one of a list's parts


_INLINE_HEADING = fastre.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])[^。；;\n]{2,40}?[。：:]")


def _inline_heading(line_head: str) -> str:
    """'四、政府性基金预算财政拨款收入支出决算情况说明。年初结转和结余20.00万元…': the heading the paragraph opens with."""
    m = _INLINE_HEADING.match(line_head)
    return m.group(0) if m else ""


def _colon_lead(sentence_head: str) -> str:
    """'政府性基金预算财政拨款收入支出决算表（公开08表）：本年收入856.00万元…': the words before a colon that no amount
    precedes — what the figures after it belong to."""
    lead, colon, _ = sentence_head.partition("：") if "：" in sentence_head else sentence_head.partition(":")
    return lead if colon and not re.search(r"\d", re.sub(r"（公开\d+表）|\(公开\d+表\)", "", lead)) else ""


_DEPARTMENT = fastre.compile(r"部门|全局|本局|我局|单位|整体")
# a sentence opening with what its list composes: '年初预算由基本支出和项目支出构成，其中…'
_COMPOSED = fastre.compile(r"\s*(?:\d{4}年度?)?(?P<whole>年初预算|全年预算|调整后预算|预算|实际支出|全年支出|决算)(?:数)?"
                       r"(?:由|包括|主要由)[^。；;]{2,20}?(?:构成|组成)?[,，:：]|"
                       # '本年支出中，基本支出1,182.46万元…；项目支出1,774.76万元': the parts of the year's spending
                       r"\s*(?P<whole2>(?:本年|全年|当年)(?:实际)?支出)(?:合计)?(?:数)?中[,，:：]")
_SENTENCE_TOPIC = fastre.compile(r"\s*(?:关于|从)?(?P<t>[^，,。；;:：\d]{2,16}?)(?:方面|而言|来看)[，,:：]")
_NARROWER_ITEM = fastre.compile(r"三公|项目支出|基本支出|人员经费|公用经费")  # an inline heading naming one part
_LIST_LINE = fastre.compile(r"[ \t\u3000]*其中\s*[:：]")


def _under_narrower_heading(ctx: Ctx, pos: int) -> bool:
    """pos lies in a section whose own heading names a part of the department's spending (项目支出, 基本支出, 三公)
    — in a 部门整体 report, where a bare '合计' there is that part's, not the department's."""
    from agent.extract.rules.labels import subject_of
    from agent.schemas import DocumentKind

    if ctx.kinds[:1] == [DocumentKind.PROJECT_SELF_EVAL]:
        return False
    title = _part(ctx, pos).split(" > ")[-1]
    return subject_of(title) in ("project", "basic", "sangong", "personnel", "public")


def _part(ctx: Ctx, pos: int) -> str:
    """The section holding pos: '（一）年初预算。…（三）全年预算。经上述调整，全年预算数为…' paragraphs under one
    heading speak of one budget."""
    return ctx.doc.section_path(ctx.nt.to_source(pos, pos + 1)[0]) or ""


def _siblings(a: str, b: str) -> bool:
    """Two parts of one whole in the lexicon's composition (公务接待费 and 公车运行维护费 of 三公)."""
    return a != b and any(a in parts and b in parts for options in lexicon.COMPOSITION.values() for parts in options)


_ITEM_HEADING = fastre.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十\d]{1,3}[)）])[、.．]?\s*"
                           r"[^。；;，,：:\d]{2,30}[。：:]")


def _bare_item(heading: str) -> bool:
    """A heading that only names an item ('6．“三公”经费。'), not a section about it ('（二）“三公”经费…具体情况说明。')."""
    name = re.sub(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十\d]{1,3}[)）])[、.．]?|[。：:\s“”\"]", "",
                  heading)
    return 2 <= len(name) <= 6 and not re.search(r"情况|说明|概况|分析|执行|安排|使用|管理", name)


def _item_heading(line_head: str) -> str:
    """The numbered item heading a line opens with ('1.森林防火能力提升项目。'), which scopes its sentences."""
    m = _ITEM_HEADING.match(line_head)  # it heads every sentence of its paragraph, not only the first
    return m.group(0) if m else ""


_OPENING_ITEM = fastre.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?(?P<name>[\u4e00-\u9fff“”\"]{2,24}?)"
                              r"(?:全年|年初|调整后|本年)?(?:预算|资金|实际支出|支出)")
_THE_WHOLE = fastre.compile(r"^(?:\d{4}年度?)?(?:本|我|全)?(?:局|委|办|单位|部门|中心|院|所|站|厅|馆|队)?(?:整体)?"
                            r"(?:全年|年初|年度|本年度?|当年|年中|合计|共计|总)?$")


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """Where the last match of pattern in text[start:end] begins (the words after it are what it heads)."""
    found = None
    for m in pattern.finditer(text, start, end):
        found = m.start()
    return found


def _opens_with_item(words: str) -> bool:
    """'困难群众救助补助全年预算1,260.00万元，加上年结转48.00万元': a clause group opening with an item's name and its
    budget speaks of that item, whatever the lexicon knows of the name."""
    m = _OPENING_ITEM.match(words)
    if m is None:
        return False
    name = re.sub(r"^(本|该)?项目|项目$", "", m.group("name"))  # '项目资金来源为上年结转': the report's own project
    return len(name) >= 2 and subject_of(m.group("name")) is None and not _THE_WHOLE.match(m.group("name"))


def _narrow(ctx: Ctx, words: str) -> bool:
    """Words naming a part of the whole: in a 项目支出绩效自评报告 the project is the whole ('年末项目结转45.64万元')."""
    from agent.schemas import DocumentKind

    if ctx.kinds[:1] == [DocumentKind.PROJECT_SELF_EVAL]:
        words = re.sub(r"(本|该)?项目", "", words)
    return bool(_NARROW.search(words))


def _part_of(part: str, whole: str) -> bool:
    """A part of the whole in the lexicon's composition (公务接待费 of 三公经费, 基本支出 of the total)."""
    return any(part in parts for parts in lexicon.COMPOSITION.get(whole, ()))


def _heads_list(between: str) -> bool:
    """The whole stands right before the 其中 that opens the list (no other amount between them: '预算5.00万元，
    支出4.58万元，…其中' lists the parts of 4.58, not of the budget)."""
    # '其中'; '由人员经费和公用经费构成，人员经费A…；公用经费B' names its parts before their amounts
    opener = re.search(r"其中|由[^，,。；;\d]{2,20}(?:构成|组成)", between)
    at = opener.start() if opener else -1
    own = re.sub(r"(比|较|与|同比)?(上年|去年|上一年)[^，,。；;]*|(增加|减少|增长|下降|节约|超支)[了为]?\s*[\d.]+\s*(万元|元)",
                 "", between[:at])  # the whole's own change against last year is no other amount
    return at >= 0 and not re.search(r"\d\s*(万元|元|亿元)", own) and "。" not in between[at:] and \
        not re.search(r"实际|执行|决算|预算", between[at:])  # '…；实际支出4.37万元，…分别为': another whole's list


_MEASURE_WORDS = fastre.compile(r"全年|年初|调整后|预算数?|实际|支出数?|执行数?|决算数?|金额|为|是|共计|合计")


def _own_words(clause: str) -> str:
    """The words naming the figure: after a heading's colon when they name an item of their own
    ('主要项目支出情况如下：“三月三”活动经费全年预算312.00万元' is the activity's budget, not 项目支出's)."""
    # '一般公共预算支出(含上年结转)580.80万元': a bracket says what the amount includes, it names no subject
    clause = re.sub(r"[（(](?:含|包括|不含|其中)[^（）()]*[)）]", "", clause)
    parts = re.split(r"[:：]", clause)
    if len(parts) > 1 and len(re.findall(r"[\u4e00-\u9fff]", _MEASURE_WORDS.sub("", parts[-1]))) >= 3:
        return parts[-1]
    return clause


def _names_an_item(clause: str) -> bool:
    """Words beyond the measure name an item of their own ('县级配套资金年初安排150.00万元' is one source's)."""
    rest = re.sub(r"安排|数额|资金数?$", "", _MEASURE_WORDS.sub("", re.split(r"[:：]", clause)[-1]))
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 3


_BARE_ADJUSTED = fastre.compile(r"^[^部整全本我]*调整后[^，,。]{0,6}预算(数)?(为|是)?$")


def _narrower_subject(sentence: str) -> str | None:
    """The item a sentence is about when it opens by naming one (基本支出, 项目支出, 三公 …) before a bare
    budget word ('年度执行中，…调减基本支出18.70万元，调整后全年预算为880.00万元' is the department's)."""
    from agent.extract.rules.labels import subject_of

    found = subject_of(re.sub(r"^[\s（(]*[一二三四五六七八九十\d]+[)）、.．]\s*", "", sentence)[:8])
    return found if found in ("basic", "project", "personnel", "public") or (found or "").startswith("sangong") \
        else None


def _own_budget_follows(ctx: Ctx, end: int, clause: str) -> bool:
    """The same item's budget is stated next in the clause group ('项目支出260.67万元，项目支出预算265.00万元')."""
    window = ctx.text[end : end + 200]
    stop = end + min((i for i in (window.find(ch) for ch in "；;。\n") if i >= 0), default=len(window))
    name = re.split(r"[，,：:]", clause)[-1].strip()
    return bool(name) and bool(re.search(re.escape(name) + r"预算", ctx.text[end:stop]))
