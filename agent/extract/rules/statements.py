"""Non-arithmetic statements the checks need: other-year references, template residue, personal data,
repeated text, '预算调整率为0' and the adjustments it denies, problem statements, missing items."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from decimal import Decimal

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.numbers import NUM
from agent.schemas import DocumentKind, Statement, StatementKind

_YEAR_REF = fastre.compile(
    r"《?(?P<year>20\d\d)\s*年度?[^《》。；\n]{0,40}?(绩效自评报告|自评报告|绩效自评表|自评表|部门决算(?:情况说明|表)?|部门预算情况说明|部门预算公开表|部门(?:预算|决算)(?:情况)?公开如下|绩效目标申报表|绩效评价报告|绩效自评情况|绩效目标表|绩效目标(?=》)|绩效自评得分|"
    r"(?:绩效)?(?:自评|评价)工作的?通知)》?"
)
_FOLLOW_UP = fastre.compile(r"针对|整改|指出的|反馈的|发现的问题|提出的问题")
_SCOPE = fastre.compile(r"(自评范围|评价范围|自评对象|评价对象)[^。；\n]{0,12}?(?P<year>20\d\d)\s*年度?")
_AS_OF = fastre.compile(r"截\s*[至止]\s*(?P<year>20\d\d)\s*年\s*12\s*月\s*31\s*日")
# '本报告所列数据均为2023年1月1日至12月31日期间的…': the whole year the report's figures cover
_FULL_YEAR = fastre.compile(r"(?P<year>20\d\d)\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:至|到|—|－|-|~|～)\s*"
                        r"(?:(?P=year)\s*年\s*)?12\s*月\s*31\s*日")
# a template's "either/or" left in: '决算数大于（小于）', '下降（增长）'
_ALTERNATIVES = [("大于", "小于"), ("增加", "减少"), ("增长", "下降"), ("上升", "下降"), ("高于", "低于"), ("超支", "结余"),
                 ("增加", "降低"), ("增长", "降低")]
_TEMPLATE = [
    r"格式参考如下", r"参考格式", *[rf"(?:决算数?)?{a}[(（]{b}[)）]" for x, y in _ALTERNATIVES for a, b in ((x, y), (y, x))],
    r"调增[(（]减[)）]", r"调减[(（]增[)）]", r"[(（](增加|新增|补充|删除|修改)内容[)）]",
    r"(?<![A-Za-z])[XＸ×]{2,}[局委办厅部处科室院所站队县市区镇乡]", r"[(（]可单独提供[^)）]{0,30}[)）]", r"此处填写", r"[(（]填写[^)）]{0,20}[)）]", r"[(（]单位名称[)）]",
    r"XX+万元", r"××+", r"XXXX年", r"(?<![A-Za-z])X{3,}(?![A-Za-z])",
    r"[(（][^（）()\n]{0,30}(删除本提示|填写完成后删除)[^（）()\n]{0,10}[)）]",
    r"[(（]请(简要|简述|详细|结合|说明|填写|插入|附)[^（）()\n]{0,30}[)）]", r"[(（]此处[^（）()\n]{0,40}[)）]", r"[(（]请(填写|根据|按照)[^)）]{0,30}[)）]", r"【[^】]{0,20}(填写|模板|示例)[^】]{0,20}】",
]
# led by its first characters: trying thirty alternatives at every character was a tenth of a PDF's review
_WORD_LIMIT = fastre.compile(r"[(（]\s*\d{2,4}\s*字以内\s*[)）]")
_TEMPLATE_RE = fastre.compile("|".join(f"(?:{p})" for p in _TEMPLATE))
# '13800135521', '138 0013 5521', '138-0013-5521': one separator style throughout
_MOBILE = fastre.compile(r"(?<![\d.])1[3-9]\d(?:\d{8}|(?P<sep>[ \-])\d{4}(?P=sep)\d{4})(?![\d.])")
_ID = fastre.compile(r"(?<![\d.])\d{17}[\dXx](?![\d.])")
# '预算调整率为0'; '全年未发生预算调整', '年度预算未作调整': no adjustment, said in words
_ADJ_ZERO = fastre.compile(r"预算调整率\s*(为|=|是)?\s*0(\.0+)?\s*%?(?![\d.])|"
                       r"(?:全年|年度|年内|年中)?(?:未|没有)(?:发生|进行|作|做)过?(?:任何)?预算调整|"
                       r"(?:全年|年度)预算未(?:作|做|进行|发生)?(?:任何)?调整")
_ADJUSTED = fastre.compile(rf"(调增|追加|调减)[^，,。；;\d]{{0,24}}?(?P<amt>{NUM})\s*万元")
_EXCLUSION = fastre.compile(r"除外调整|政策性调整|不纳入.{0,6}调整|剔除|不含.{0,10}调整")
_PROBLEM_ADJ = fastre.compile(r"(年中)?调整预算较多|预算调整(较大|较多|频繁)|调整较多")
# the whole budget said to be spent: '项目资金均已按进度足额支付', '资金已全部支付完毕', '无结余资金'
_FULLY_SPENT = fastre.compile(r"资金(?:[^，,。；;\n未没不尚]){0,6}?(?:全部|足额|全额)[^，,。；;\n]{0,6}?(?:支付|使用|支出)(?:完毕|到位)?|"
                          r"(?<!年末)(?<!期末)无(?:资金)?结余(?:资金)?(?![^，,。；;\n]{0,4}结转)")
# spending said to be on track: '资金支出进度总体较快', '项目预算执行情况良好'
_GOOD_PROGRESS = fastre.compile(r"(?:资金|预算)?(?:支出|执行|使用|支付)(?:进度|情况)(?:总体|整体)?(?:较快|良好|较好|正常)")
# what the claim is about: the funds as a whole ('本项目资金…', '部门预算资金…'), not a narrower fund or item
# ('上年结转资金186.40万元，当年已全部使用完毕', '农村饮水工程维修养护项目资金全部支出')
_ITEM_PARAGRAPH = fastre.compile(r"\s*(?:\d{1,2}[．.、]|[（(][一二三四五六七八九十\d]{1,2}[)）])[^。，,：:\n]{2,24}[。：:]")
_DEPT_WHOLE = fastre.compile(r"部门|单位|我局|本局|全年|全部预算|本年度")
_WHOLE_FUNDS = fastre.compile(r"\s*(?:本|该|我)?(?:项目|部门|单位|局|中心)?(?:年度)?(?:预算|财政)?(?:的)?")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _valid_id(s: str) -> bool:
    total = sum(int(d) * w for d, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == s[17].upper()


def _whole_claim(ctx: Ctx, fb: FactsBuilder, pattern: re.Pattern[str], kind: StatementKind) -> None:
    """The first claim ``pattern`` finds about the funds as a whole, in a self-evaluation, for the checks to hold
    against the report's own execution figures: '本项目资金已全部支付完毕' (FULLY_SPENT), '资金支出进度总体较快'
    (GOOD_PROGRESS).  A claim about one item or one fund is not the whole's."""
    if not {DocumentKind.DEPT_SELF_EVAL, DocumentKind.PROJECT_SELF_EVAL} & set(ctx.kinds[:1]):
        return
    text = ctx.text
    for m in pattern.finditer(text):
        lo = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;\n") + 1
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _WHOLE_FUNDS.fullmatch(text[lo : m.start()]) or _ITEM_PARAGRAPH.match(text, line_start):
            continue  # '3．重大动物疫病防控。…预算资金全部支付完毕': that item's funds
        if ctx.kinds[0] == DocumentKind.DEPT_SELF_EVAL and not _DEPT_WHOLE.search(text[lo : m.start()]):
            continue  # in a 部门整体 report a bare '资金' may be any item's; the department's is named as such
        stop = min((i for i in (text.find(ch, m.end()) for ch in "。；;\n") if i >= 0), default=len(text))
        end = m.end()
        if kind == StatementKind.GOOD_PROGRESS and re.search(r"\d\s*%", text[lo:stop]):
            continue  # '资金支付进度较快，预算执行率达到90%以上': the sentence's own rate is what gets checked
        if kind == StatementKind.FULLY_SPENT:
            for more in pattern.finditer(text, end, stop):
                end = more.end()  # '项目资金已全部按期支付到位，无结余资金': the sentence's every such clause
        fb.statements.append(Statement(kind=kind, span=ctx.span(lo, end), detail=m.group(0)))
        return  # one claim is enough to put the figures to the reviewer


def extract_statements(ctx: Ctx, fb: FactsBuilder, duplicates: list[Statement] | None = None) -> None:
    text = ctx.text
    _whole_claim(ctx, fb, _FULLY_SPENT, StatementKind.FULLY_SPENT)
    _whole_claim(ctx, fb, _GOOD_PROGRESS, StatementKind.GOOD_PROGRESS)
    for m in _YEAR_REF.finditer(text):
        if _FOLLOW_UP.search(text, max(0, m.start() - 12), min(len(text), m.end() + 16)):
            continue  # '针对《2023年度…自评报告》指出的问题，…已整改到位': last year's report, meant as such
        start, end = m.start(), m.end()
        opened = text.rfind("《", max(0, start - 20), start + 1)
        if opened >= 0 and "》" not in text[opened:start]:  # '《关于开展2023年度…通知》': the whole title
            start = opened
            closed = text.find("》", start, start + 80)
            end = max(end, closed + 1) if closed >= 0 else end
        # the clause it stands in, so the reviewer reads what the year is said of ('纳入2023年度部门决算编制范围')
        lo = max(text.rfind(ch, max(0, start - 30), start) for ch in "，,。；;：:\n") + 1
        his = [i for i in (text.find(ch, end, end + 30) for ch in "，,。；;\n") if i >= 0]
        hi = min(his) if his else end
        clause = [ctx.span(lo, hi)] if (lo, hi) != (start, end) and hi > lo else []
        fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(start, end),
                                       detail=m.group(0), value=int(m.group("year")), related=clause))
    for m in _SCOPE.finditer(text):
        fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start(), m.end()),
                                       detail=m.group(0), value=int(m.group("year"))))
    for m in _AS_OF.finditer(text):
        # '截至2023年12月31日，项目实际支出1496.32万元': the reviewer sees what is dated so
        stop = min([i for i in (text.find(ch, m.end()) for ch in "。；;\n") if i >= 0] + [m.end() + 80])
        fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start(), m.end()),
                                       detail=m.group(0), value=int(m.group("year")),
                                       related=[ctx.span(m.start(), min(stop, m.end() + 80))]))
    for m in _FULL_YEAR.finditer(text):
        fb.statements.append(Statement(kind=StatementKind.YEAR_REFERENCE, span=ctx.span(m.start(), m.end()),
                                       detail=m.group(0), value=int(m.group("year"))))
    for m in _TEMPLATE_RE.finditer(text):
        fb.statements.append(Statement(kind=StatementKind.TEMPLATE_RESIDUE, span=ctx.span(m.start(), m.end()),
                                       detail=re.sub(r"[（(]", "（", re.sub(r"[)）]", "）", m.group(0)))))
    _grade_against_scale(ctx, fb)
    _within_budget(ctx, fb)
    _nothing_left(ctx, fb)
    for m in _WORD_LIMIT.finditer(text):
        # '对照年度目标,说明…完成情况(100字以内)': the form's prompt left where the answer belongs — quoted from the
        # start of its clause
        start = max(text.rfind(ch, max(0, m.start() - 40), m.start()) for ch in "。；;\n\t") + 1
        start = max(start, m.start() - 40)
        fb.statements.append(Statement(kind=StatementKind.TEMPLATE_RESIDUE, span=ctx.span(start, m.end()),
                                       detail=re.sub(r"[（(]", "（", re.sub(r"[)）]", "）", text[start : m.end()]))))
    for m in _MOBILE.finditer(text):
        fb.statements.append(Statement(kind=StatementKind.PRIVACY, span=ctx.span(m.start(), m.end()),
                                       detail="mobile"))
    for m in _ID.finditer(text):
        if _valid_id(m.group(0)):
            fb.statements.append(Statement(kind=StatementKind.PRIVACY, span=ctx.span(m.start(), m.end()),
                                           detail="id_number"))
    _adjustment_rate(ctx, fb)
    fb.statements.extend(duplicate_statements(ctx) if duplicates is None else duplicates)


def _adjustment_rate(ctx: Ctx, fb: FactsBuilder) -> None:
    text = ctx.text
    evidence: list | None = None  # the first adjustment and the first problem stated: the same for every match
    for m in _ADJ_ZERO.finditer(text):
        if evidence is None:  # (was every adjustment and problem of the whole text, once per match: quadratic)
            evidence = [ctx.span(x.start(), x.end()) for rx in (_ADJUSTED, _PROBLEM_ADJ) if (x := rx.search(text))]
        line_s, line_e = ctx.paragraph_bounds(m.start())
        excl = _EXCLUSION.search(text, line_s, line_e)
        detail = "exclusion_stated" if excl else "no_exclusion"
        # from its clause's start: '本年预算调整率为0' is quoted with the year it is said of
        lead = re.search(r"(?:本年|全年|年度|本年度|当年)?(?:部门)?$", text[max(0, m.start() - 5) : m.start()])
        start = m.start() - (len(lead.group(0)) if lead else 0)
        fb.statements.append(Statement(kind=StatementKind.ADJUST_RATE_ZERO, span=ctx.span(start, m.end()),
                                       detail=detail, value=None, related=list(evidence)))


_ENUM = fastre.compile(r"^\s*([①-⑳]|[(]\d{1,2}[)]|\d{1,2}[、.]|[一二三四五六七八九十]+[是、])\s*")


def _comparable(text: str) -> str:
    """A sentence without its list marker: '⑧通过设立…' and '④通过设立…' are the same text.  (Called for every line
    and sentence of a report: the marker is looked for only where one can start, spaces are dropped by table.)"""
    head = text.lstrip()[:1]
    if head and (head in _ENUM_FIRST or head.isdigit()):
        text = _ENUM.sub("", text)
    return text.translate(_NO_SPACE)


_ENUM_FIRST = set("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳(一二三四五六七八九十")
_NO_SPACE = {c: None for c in range(0x3001) if chr(c).isspace()}
_WORD_CHAR = fastre.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


# A 决算/预算 说明 explains each 科目 in the same words ("决算数小于预算数的主要原因：…"): formulaic, not a
# paragraph copied by mistake.
_FORMULAIC = fastre.compile(r"^\s*[（(]?\d*[）)]?\s*(决算数|预算数|决算|支出)?[^，,。]{0,12}(主要原因|原因是|主要用于)")


def _wordy(text: str, min_chars: int) -> bool:
    """Enough words to be a sentence: table-of-contents leaders ('……………') and rules are not."""
    return len(text) >= min_chars and len(_WORD_CHAR.findall(text)) >= min_chars


_CONNECTIVE = fastre.compile(r"^(此外|另外|同时|其次|最后|再次)[,，]")


def _duplicate_paragraphs(ctx: Ctx, fb: FactsBuilder, min_chars: int, covered: list[tuple[int, int]]) -> None:
    """Whole paragraphs repeated, even when each of their clauses is short."""
    lines: dict[str, list[tuple[int, int]]] = defaultdict(list)
    formulaic = bool({DocumentKind.FINAL_ACCOUNTS, DocumentKind.BUDGET} & set(ctx.kinds))
    headings = {re.sub(r"\s", "", sec.title) for sec in ctx.doc.iter_sections()}
    pos = 0
    for line in ctx.text.split("\n"):
        # table rows and short lines first: a key only loses characters, so neither can be a paragraph
        if len(line) >= min_chars and not line.startswith("\t"):
            key = _CONNECTIVE.sub("", _comparable(line))
            if _wordy(key, min_chars) and key not in headings and not (formulaic and _FORMULAIC.search(line)):
                lines[key].append((pos, pos + len(line)))
        pos += len(line) + 1
    starts = [s for s, _ in covered]  # disjoint and in order (runs of consecutive sentences)
    for spans in lines.values():
        if len(spans) < 2 or _overlaps(covered, starts, *spans[0]):
            continue
        fb.statements.append(Statement(
            kind=StatementKind.DUPLICATE, span=ctx.span(*spans[0]), detail="paragraph repeated",
            related=[ctx.span(s, e) for s, e in spans[1:]],
        ))


def _overlaps(covered: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Whether [a, b) starts inside a covered run or a run starts inside it; by bisect, as the runs are
    disjoint and sorted (a scan of every run per paragraph was quadratic on a long report)."""
    i = bisect.bisect_right(starts, a) - 1
    if i >= 0 and a < covered[i][1]:
        return True
    j = bisect.bisect_left(starts, a)
    return j < len(starts) and starts[j] < b


def duplicate_statements(ctx: Ctx, min_chars: int = 30) -> list[Statement]:
    """Sentences and paragraphs repeated verbatim (of the text alone: read beside the other readers on a large
    report, see ``agent.extract.rules.textonly``)."""
    fb = FactsBuilder()
    _duplicates(ctx, fb, min_chars)
    return fb.statements


def _duplicates(ctx: Ctx, fb: FactsBuilder, min_chars: int = 30) -> None:
    """Sentences repeated verbatim; consecutive repeated sentences are reported as one passage."""
    formulaic = bool({DocumentKind.FINAL_ACCOUNTS, DocumentKind.BUDGET} & set(ctx.kinds))
    headings = {re.sub(r"\s", "", sec.title) for sec in ctx.doc.iter_sections()}
    sents = [s for s in ctx.sentences() if _wordy(s.text, min_chars) and "\t" not in s.text
             and re.sub(r"\s", "", s.text) not in headings and not (formulaic and _FORMULAIC.search(s.text))]
    keys = [_comparable(s.text) for s in sents]
    seen: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        seen[key].append(i)
    dup_idx = {i for idxs in seen.values() if len(idxs) > 1 for i in idxs}
    groups: list[list[int]] = []
    for i in sorted(dup_idx):
        if seen[keys[i]][0] != i:
            continue  # later occurrences are evidence of the first
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    covered: list[tuple[int, int]] = []
    for g in groups:
        covered.append((sents[g[0]].start, sents[g[-1]].end))
    _duplicate_paragraphs(ctx, fb, min_chars, covered)
    for g in groups:
        first = sents[g[0]]
        last = sents[g[-1]]
        repeats = [sents[j] for j in seen[keys[g[0]]][1:]]
        fb.statements.append(Statement(
            kind=StatementKind.DUPLICATE, span=ctx.span(first.start, last.end),
            detail=f"{len(g)} sentence(s) repeated",
            related=[ctx.span(r.start, r.end) for r in repeats],
        ))


_SCALE = fastre.compile(r"(?<!\d)(?P<lo>\d{2,3})\s*分\s*(?:[（(]?含[)）]?)?\s*(?:及)?(?:以上)?"
                    r"(?:\s*(?:至|-|~|—)\s*\d{2,3}\s*分(?:以下)?)?\s*(?:的)?(?:为|评为|评定为|属于)\s*[“\"]?"
                    r"(?P<g>优秀|良好|中等|优|良|中|合格|较差|差)")
_SCORE_GRADE = fastre.compile(r"(?=[自综得总])(?:自评|综合)?(?:得分|总分)\s*(?:为)?\s*(?P<s>\d{2,3}(?:\.\d+)?)\s*分[^。；;\n]{0,20}?"
                          r"(?:评价等级|等级|评价结果|评定)\s*(?:为|是|评定为)\s*[“\"]?(?P<g>优秀|良好|中等|优|良|中|合格|较差|差)")


def _grade_against_scale(ctx: Ctx, fb: FactsBuilder) -> None:
    """'总分90分（含）以上为“优秀”，80分（含）至90分为“良好”…' and '自评得分82.5分，评价等级为“优秀”': the grade the
    report's own scale gives the score is not the one stated.  Only when the report states its scale."""
    text = ctx.text
    floor: dict[str, Decimal] = {}
    for m in _SCALE.finditer(text):
        floor.setdefault(m.group("g"), Decimal(m.group("lo")))
    if not floor:
        return
    for m in _SCORE_GRADE.finditer(text):
        score, grade = Decimal(m.group("s")), m.group("g")
        lo = floor.get(grade)
        if lo is None or score >= lo or score > 100:
            continue
        fb.statements.append(Statement(kind=StatementKind.GRADE, span=ctx.span(m.start("g"), m.end("g")),
                                       detail=f"{grade}|{lo}", value=score,
                                       related=[ctx.span(m.start("s"), m.end("s") + 1)]))


_WITHIN = fastre.compile(r"(?P<w>(?:控制|保持)在(?:年初|全年)?预算(?:范围|额度|数)?(?:以)?内|未超(?:出|过)(?:年初|全年)?预算(?:数|额度)?|(?:略有|有所|尚有|稍有|存在|形成少量|少量|形成)结余(?!率))"
                     r"|(?P<over>(?:略有|有所|出现)?超支(?!率)|超出(?:年初|全年)?预算)")


_WIDENED = fastre.compile(r"加(?:上)?(?:上年|年初)?结转|与上年结转[^。；;]{0,8}之和|结转资金之和|[含包括]+(?:上年|年初)结转")
_AMOUNT_AFTER = fastre.compile(r"\s*\d[\d,.]*\s*(?:万元|元)")


def _within_budget(ctx: Ctx, fb: FactsBuilder) -> None:
    """'“三公”经费支出控制在预算范围内' is a claim: the item's spending is not above its budget — checked against
    the item's keyed spending and budget, each stated once (else nothing is claimed)."""
    from agent.schemas import DirectionClaim

    text = ctx.text
    for m in _WITHIN.finditer(text):
        if re.search(r"(未能|没能|没有|不能|难以|未|无|不|防止|避免|杜绝)\s*$", text[max(0, m.start() - 4) : m.start()]):
            continue  # '“三公”经费未能控制在预算以内' says it was not
        start = max(text.rfind(ch, max(0, m.start() - 300), m.start()) for ch in "。；;\n") + 1
        head = re.split(r"[，,]", text[start : m.start()])[-1] or text[start : m.start()]
        if re.search(r"个别|部分|少数|某些|一些|有的", head):
            continue  # '个别项目支出超出预算': some items, not the whole
        if _WIDENED.search(text, start, m.start()):
            continue  # '当年预算1820.40万元，加上年结转66.50万元，控制率98.41%，控制在预算以内': said of its own widened 口径
        subject = ctx.subject(head, m.start()) or ctx.subject(text[start : m.start()], m.start())
        if subject not in ("total", "basic", "project") and not (subject or "").startswith("sangong"):
            continue
        spent = {f.value: f for f in fb.with_key(f"{subject}.actual")}
        budget = {f.value: f for f in fb.figures if f.key in (f"{subject}.full_budget", f"{subject}.budget")} or \
            {f.value: f for f in fb.with_key(f"{subject}.initial_budget")}  # no adjusted budget: the 年初 one is it
        if len(spent) != 1 or len(budget) != 1:
            continue
        (actual,), (planned,) = spent.values(), budget.values()
        g = "w" if m.group("w") else "over"  # '基本支出略有超支': spending above the budget
        amount = _AMOUNT_AFTER.match(text, m.end())  # '比全年预算数超支14.13万元': quoted with the amount it names
        fb.claims.append(DirectionClaim(left=actual, right=planned, relation="lt" if g == "w" else "gt",
                                        label=head or "支出", wording=ctx.span(m.start(g), m.end(g)),
                                        span=ctx.span(start, amount.end() if amount else m.end())))


_NOTHING_LEFT = fastre.compile(r"(?<![是否])(不存在|无|没有)(任何)?(结转结余|结余结转|结转和结余|结转及结余)(资金)?")


def _nothing_left(ctx: Ctx, fb: FactsBuilder) -> None:
    """'资金支付进度达到序时要求，不存在结转结余' while the report's own figures leave part of the budget unspent
    (405.60 of 650.00): a claim that everything was spent, checked against the spending and the budget, each
    stated once — and only when the gap is plain (under 95% spent), not a rounding or a few yuan."""
    from agent.schemas import DirectionClaim

    for m in _NOTHING_LEFT.finditer(ctx.text):
        spent = {f.value: f for f in fb.with_key("total.actual")}
        budget = {f.value: f for f in fb.figures if f.key in ("total.full_budget", "total.budget")}
        if len(spent) != 1 or len(budget) != 1:
            return
        (actual,), (planned,) = spent.values(), budget.values()
        if actual.unit != planned.unit or planned.value <= 0 or actual.value >= planned.value * Decimal("0.95"):
            return
        start = ctx.text.rfind("\n", 0, m.start()) + 1  # its paragraph, which often states the unspent amount
        if m.end() - start > 150:
            start = max(ctx.text.rfind(ch, 0, m.start()) for ch in "。；;\n") + 1
        fb.claims.append(DirectionClaim(left=actual, right=planned, relation="eq", label="结转结余",
                                        wording=ctx.span(m.start(), m.end()), span=ctx.span(start, m.end())))
        return
