"""说明 ↔ tables: the 情况说明's restatements of table figures, keyed like the table cells.

A 决算 说明 restates its tables under the tables' own names ("收入支出总计", "财政拨款收入支出
总计", "一般公共预算财政拨款基本支出", "人员经费", a 科目 "（类）…（款）…（项）").  A figure named
that way gets the same key as the table cell it restates, so the consistency check compares
them — with their units (tables in 元, text in 万元) and rounding.  Only names that denote one
table figure unambiguously are linked; "支出" alone, or a 基本支出 outside the 一般公共预算 part,
stays unlinked (a different 口径 is not the same quantity).
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.tokens import MONEY
from agent.schemas import DocumentKind, Figure

# name as written → key; the number must follow the name closely ("…总计2,995.39万元", "…为0.3万元")
_LINK = "(?:决算数?)?(?:为|是|共计|合计|总额为?)?\\s*"
_GRAND = fastre.compile(r"(?P<fiscal>财政拨款)?(收入支出总计|收支总计|收入(?:预算)?总计|支出(?:预算)?总计)" + _LINK + r"$")
_NAMES: list[tuple[re.Pattern[str], str]] = [
    (fastre.compile(r"一般公共预算财政拨款基本支出" + _LINK + r"$"), "gpb.basic.actual"),
    (fastre.compile(r"一般公共预算财政拨款项目支出" + _LINK + r"$"), "gpb.project.actual"),
    # the 公开05表's 合计 ('2024年度一般公共预算财政拨款支出1889.26万元，占本年支出合计的91.68%')
    (fastre.compile(r"(?<!年初)一般公共预算财政拨款支出" + _LINK + r"$"), "gpb.actual"),
    (fastre.compile(r"一般公共预算(财政)?拨款收入" + _LINK + r"$"), "gpb.income"),
    # a 部门预算's '一般公共预算当年拨款情况': this year's 一般公共预算 money, without the carry-over
    (fastre.compile(r"一般公共预算当年(财政)?拨款(收入)?" + _LINK + r"$"), "gpb.income"),
    (fastre.compile(r"(收入|其中)[^，,。；;\d]{0,4}一般公共预算拨款" + _LINK + r"$"), "gpb.income"),
]
_FUND = fastre.compile(r"政府性基金|国有资本经营")
_IN_BASIC_PART = fastre.compile(r"一般公共预算财政拨款基本支出")
_PERSONNEL = fastre.compile(r"(?:其中[:：]?\s*)?(人员经费|公用经费)" + _LINK + r"$")
_BASIC_PROJECT = fastre.compile(r"(?:其中[:：]?\s*)?(基本支出|项目支出)" + _LINK + r"$")
# a section about the 一般公共预算财政拨款 spending: its 基本支出/项目支出 are that fund's, not all funds'
_FUNCTIONAL = fastre.compile(r"按(支出)?功能分类[分看]?[:：，,]")
_CLASS_NAME = fastre.compile(r"[\u4e00-\u9fff]{2,12}支出(为|是)?")
_GPB_SECTION = fastre.compile(r"一般公共预算财政拨款(基本)?支出决算")
_GPB_TOTAL = fastre.compile(r"一般公共预算财政拨款支出(决算)?(数)?\s*(为|是)?\s*\d")
_CJK, _CJK_OR_LIST = "[\u4e00-\u9fff]", "[\u4e00-\u9fff、]"  # the name characters of the two patterns below
_ACCOUNT = fastre.compile(r"(?P<cls>[\u4e00-\u9fff、]+?)[（(]类[）)](?P<kuan>[\u4e00-\u9fff、]+?)[（(]款[）)]"
                      r"(?P<xiang>[\u4e00-\u9fff、]+?)[（(]项[）)]")
_CLASS_SHARE = fastre.compile(r"(?P<cls>[\u4e00-\u9fff]{2,20}?)[（(]类[）)]\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>万元|元)")
_ACTUAL = fastre.compile(r"(支出决算(数)?|决算数?)\s*(为|是)?\s*$")
_CLASS_MARK = fastre.compile(r"[（(]类[）)]")


def _from_class_marks(pattern: re.Pattern[str], text: str, name_char: str, longest: int) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that opens with a lazy run of ``name_char`` characters
    (at most ``longest``) followed by '（类）': tried only in the run that ends at each '（类）'.  Tried at
    every offset, the lazy name scanned each Chinese run once per character (≈ 9 ms a 20 k-character
    report).  The same matches: the name cannot cross '（', so a match starts in the run right before
    its '（类）', and the earliest start there that matches is the one finditer returns."""
    out: list[re.Match[str]] = []
    pos = 0
    for mark in _CLASS_MARK.finditer(text):
        q = mark.start()
        if q < pos:
            continue
        r = q
        while r > pos and q - r < longest and re.fullmatch(name_char, text[r - 1]):
            r -= 1
        for s in range(r, q):
            m = pattern.match(text, s)
            if m is not None:
                out.append(m)
                pos = m.end()
                break
    return out


_INVOLVES = fastre.compile(r"\s*(?:共)?(?:涉及|用于|主要用于|安排用于|其中用于)")


def link_restatements(ctx: Ctx, fb: FactsBuilder) -> None:
    """Key the 说明's figures that restate a national table's cell (see the module docstring)."""
    text = ctx.text
    for m in MONEY.finditer(text):
        start = m.start(1)
        line_start = text.rfind("\n", 0, start) + 1
        if text.startswith("\t", line_start):
            continue  # a table cell, not the 说明
        before = text[max(line_start, start - 40): start]
        if _INVOLVES.match(re.split(r"[，,。；;:：]", before)[-1]):
            continue  # '项目支出全部编制绩效目标，涉及一般公共预算当年拨款4,539,670.00元': a part the sentence's item takes
        key = next((k for pat, k in _NAMES if pat.search(before)), None)
        grand = _GRAND.search(before)
        if key is None and grand:
            scope = _heading(ctx, start).split(" > ")[-1]
            if _FUND.search(scope):
                continue  # a fund's own 收支总计 (政府性基金 section) is not the department's
            fiscal = grand.group("fiscal") or "财政拨款" in scope  # '四、财政拨款收入支出决算总体情况说明 … 总计'
            key = "fiscal.grand_total" if fiscal else "final.grand_total"
        label = None
        if key is None:
            pm = _PERSONNEL.search(before)
            if pm and _IN_BASIC_PART.search(_heading(ctx, start)):
                key = "gpb.personnel.actual" if pm.group(1) == "人员经费" else "gpb.public.actual"
                label = pm.group(1)  # the report's own word: "人员经费"
        if key is None:
            bp = _BASIC_PROJECT.search(before)
            clause = re.split(r"[，,。；;]", before)[-1]  # '公开03表中基本支出880.55万元': another table's
            inline = text[line_start : line_start + max(0, text.find("。", line_start, start) - line_start)]
            heading = _heading(ctx, start).split(" > ")[-1] + " " + inline  # '四、一般公共预算…说明。2024年度…'
            # '二、财政拨款支出决算情况。2024年度一般公共预算财政拨款支出1,791.96万元。按支出性质分，基本支出…':
            # under a 财政拨款 heading, the breakdown of the 一般公共预算 total stated in the sentence before
            cut = text.rfind("。", line_start, text.rfind("。", line_start, start)) + 1 or line_start
            broken_down = "财政拨款" in heading and _GPB_TOTAL.search(text[cut:start])
            if bp and (_GPB_SECTION.search(heading) or broken_down) and not re.search(r"表|全部|含", clause):
                # '五、一般公共预算财政拨款支出决算情况说明 … 支出971.35万元，其中基本支出560.18万元'
                key = "gpb.basic.actual" if bp.group(1) == "基本支出" else "gpb.project.actual"
                label = f"一般公共预算财政拨款{bp.group(1)}"
        if key is None and (fc := _FUNCTIONAL.search(text, line_start, start)) is not None and \
                not re.search(r"财政拨款|一般公共预算|政府性基金|国有资本", _heading(ctx, start).split(" > ")[-1]
                              + text[line_start : fc.start()]):  # the 财政拨款 口径's classes are another table's
            item = re.split(r"[，,；;:：。]", before)[-1]
            if _CLASS_NAME.fullmatch(item) and not re.search(r"[\d%]", text[fc.end() : start][-2:]):
                # '按支出功能分类：一般公共服务支出1,452.30万元，占78.26%；…住房保障支出181.52万元': the 总表's 类 rows
                measure = "budget" if DocumentKind.BUDGET in ctx.kinds else "actual"
                key, label = f"finalclass:{item.rstrip('为是')}.{measure}", item.rstrip("为是")
        if key is None:
            continue
        fb.add_figure(ctx.figure(start, m.end(), value=m.group(1), unit=m.group(2), key=key,
                                 label=label or re.sub(r"[为是:：\s]+$", "", before.split("，")[-1].split("。")[-1])))
    _link_accounts(ctx, fb)
    _slipped_items(ctx, fb)


# anchored at the '（款）' mark, the 款's name read back from it (a scan led by a character class was slow)
_KUAN_MARK = fastre.compile(r"[（(]款[）)]")
_ITEM_AMOUNT = fastre.compile(r"[（(]款[）)](?P<xiang>[\u4e00-\u9fff]{2,16})[（(]项[）)]"
                          r"[^，,。；;\d]{0,6}?(?P<v>\d[\d,]*\.\d+)\s*(?P<u>万元|元)")
_KUAN_NAME = fastre.compile(r"[\u4e00-\u9fff]{2,12}$")


def _misprint(a: Decimal, b: Decimal, *, swaps_only: bool = False) -> bool:
    """Two amounts of at least four significant digits, written alike but for one digit or two neighbours swapped
    (8,794.22 / 8,974.22) — the same figure misprinted, not two figures (1,500.00 / 1,900.00 may be two).
    ``swaps_only``: only two neighbours swapped (a changed digit is also what a round fund's share makes: 309.90 of
    一般公共预算 beside 349.90 of all funds)."""
    x, y = (format(v, ".2f").replace(".", "") for v in (a, b))
    if len(x) != len(y) or len(x.strip("0")) < 4 or len(y.strip("0")) < 4:
        return False
    diff = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]
    return swapped or (len(diff) == 1 and not swaps_only)


def _slipped_items(ctx: Ctx, fb: FactsBuilder) -> None:
    """'普通教育（款）高中教育（项）8,794.22万元' where the tables print that 项 as 8,974.22 and nothing as 8,794.22: the
    说明 restates the row with its digits slipped — the two are given one key, for FIGURE_INCONSISTENT to report.
    Only a slip (a digit changed or two swapped): which table and 口径 a 说明 amount restates is otherwise not told."""
    text = ctx.text
    for mark in _KUAN_MARK.finditer(text):
        m = _ITEM_AMOUNT.match(text, mark.start())
        kuan = _KUAN_NAME.search(text, max(0, mark.start() - 12), mark.start())
        if m is None or kuan is None:
            continue
        xiang, stated = m.group("xiang"), Decimal(m.group("v").replace(",", ""))
        rows = [f for f in fb.figures if f.origin == "table" and f.unit == m.group("u")
                and re.search(rf"\s\d{{7}}\s{re.escape(xiang)}\s", f" {f.label} ")]
        values = {f.value for f in rows}
        if not rows or stated in values:
            continue
        slipped = {v for v in values if _misprint(stated, v)}
        if len(slipped) != 1:
            continue
        row = next(f for f in rows if f.value in slipped)
        measure = "budget" if DocumentKind.BUDGET in ctx.kinds else "actual"
        key = f"itemrestated:{kuan.group(0)}/{xiang}.{measure}"
        fb.rekey(row, key)
        fb.add_figure(ctx.figure(m.start("v"), m.end(), value=m.group("v"), unit=m.group("u"), key=key,
                                 label=f"{xiang}（项）"))


def _link_accounts(ctx: Ctx, fb: FactsBuilder) -> None:
    """'…（类）…（款）…（项）。…支出决算为X万元' → the 05表 row of that 项 (key by the three names)."""
    text = ctx.text
    for m in _from_class_marks(_CLASS_SHARE, text, _CJK, 20):
        fb.add_figure(ctx.figure(m.start("v"), m.end(), value=m.group("v"), unit=m.group("u"),
                                 key=class_key(m.group("cls")), label=f"{_name(m.group('cls'))}（类）支出决算"))
    for m in _from_class_marks(_ACCOUNT, text, _CJK_OR_LIST, 10**9):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        nxt = _ACCOUNT.search(text, m.end(), end)
        stop = nxt.start() if nxt else end
        for t in MONEY.finditer(text, m.end(), stop):
            if _ACTUAL.search(text[max(m.end(), t.start(1) - 10): t.start(1)]):
                key = f"gpbitem:{_name(m.group('cls'))}/{_name(m.group('kuan'))}/{_name(m.group('xiang'))}.actual"
                fb.add_figure(ctx.figure(t.start(1), t.end(), value=t.group(1), unit=t.group(2), key=key,
                                         label=f"{_name(m.group('xiang'))}（项）支出决算"))
                break


def _name(s: str) -> str:
    return re.sub(r"^[\d、.\s]+|^(其中|主要用于)[:：]?", "", s).strip("：:，,。 ")


def _heading(ctx: Ctx, pos: int) -> str:
    source, _ = ctx.nt.to_source(pos, pos + 1)
    return ctx.doc.section_path(source) or ""


def account_key(class_name: str, kuan_name: str, item_name: str) -> str:
    """The key a 05表 项 row's 合计 shares with its 说明 paragraph."""
    return f"gpbitem:{_name(class_name)}/{_name(kuan_name)}/{_name(item_name)}.actual"


def class_key(class_name: str) -> str:
    """The key a 05表 类 row's 合计 shares with the 说明's '…（类）X万元，占Y%'."""
    return f"gpbclass:{_name(class_name)}.actual"


_SUBJECT_KEYS = ("basic", "project", "personnel", "public", "sangong")


_MONEY_UNITS = ("元", "万元")


def _misprinted_keyed(ctx: Ctx, fb: FactsBuilder) -> None:
    """'农机安全监理专项经费…实际支出42.70万元' where the 项目表 keyed that project's spending 47.20; '中心严格按照年初预算
    856.20万元' beside the 年初预算 865.20: an amount left unkeyed, in the measure of a keyed figure, about the same
    subject (its sentence names the project; or it names no item), and written as that figure with two neighbouring
    digits swapped — one figure printed two ways: it takes the keyed figure's key, for FIGURE_INCONSISTENT.  Only
    when exactly one keyed figure fits and none is stated with the amount's own value."""
    from agent.extract.rules.labels import is_prior_year, measure_of, subject_of

    keyed: dict[tuple[str, Decimal], list[Figure]] = {}  # (unit, value) → keyed figures: looked up, never scanned
    for f in fb.figures:
        if f.unit in _MONEY_UNITS and "." in f.key and not f.key.startswith(("misc:", "misprinted:")) and f.value > 0:
            keyed.setdefault((f.unit, f.value), []).append(f)
    for m in [f for f in fb.figures if f.key.startswith("misc:") and f.unit in _MONEY_UNITS and f.value > 0]:
        label = m.label or ""
        if (m.unit, m.value) in keyed or (measure := measure_of(label)) is None or \
                is_prior_year(label, ctx.year) or subject_of(label) not in (None, "total"):
            continue
        near = [k for v in _swapped(m.value) for k in keyed.get((m.unit, v), ())]
        if not near:
            continue
        sentence = _sentence_before(ctx.doc.text, m.span.start)
        budget = DocumentKind.BUDGET in ctx.kinds[:1]  # in a 部门预算 every amount of an item is its budget
        fits = {k.key for k in near if (k.key.rsplit(".", 1)[1] == measure or budget) and _same_subject(k.key, sentence)}
        if len(fits) == 1:
            fb.rekey(m, fits.pop())


def _swapped(v: Decimal) -> list[Decimal]:
    """The amounts written as v with two neighbouring digits swapped (those ``_misprint`` calls swaps)."""
    digits = format(v, ".2f").replace(".", "")
    out = []
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            d = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            w = Decimal(f"{d[:-2]}.{d[-2:]}")
            if _misprint(v, w, swaps_only=True):
                out.append(w)
    return out


def _sentence_before(text: str, pos: int) -> str:
    start = max(text.rfind(ch, 0, pos) for ch in "。\n") + 1
    return text[start:pos]


def _same_subject(key: str, sentence: str) -> bool:
    """A project's or a 科目's figure needs its name in the amount's sentence; the department's, a sentence naming no
    project."""
    subject = key.rsplit(".", 1)[0]
    if ":" in subject:  # a project's or a 科目's ('gpbitem:农林水支出/水利/行政运行'): its own name
        name = re.sub(r"^\d+", "", subject.split(":", 1)[1].split("/")[-1])
        return len(name) >= 2 and name[:4] in sentence
    return subject == "total" and "项目" not in sentence


def misprinted_restatements(ctx: Ctx, fb: FactsBuilder) -> None:
    """A 部门预算 stating one subject's amount twice, the two written alike but for a slipped digit ('项目支出1,256,000.00元'
    in 三、 and '2025年安排项目支出1,265,000.00元' in 五、): in a budget every amount of a subject is its budget, so two
    that differ only by a misprint are one figure printed two ways — given one key, for FIGURE_INCONSISTENT."""
    from agent.extract.rules.labels import is_prior_year, subject_of

    _misprinted_keyed(ctx, fb)
    if DocumentKind.BUDGET not in ctx.kinds[:1]:
        return
    by_subject: dict[tuple[str, str], list] = {}
    for f in list(fb.figures):
        if f.unit not in ("元", "万元") or f.value <= 0 or is_prior_year(f.label or "", ctx.year):
            continue
        if re.search(r"\s\d{3,7}\s", f" {f.label} "):
            continue  # a 科目 row's cell is that 科目's amount, not the subject's
        subject = subject_of(f.label or "")
        if subject in _SUBJECT_KEYS:
            by_subject.setdefault((subject, f.unit), []).append(f)
    for (subject, _unit), figs in by_subject.items():
        values = sorted({f.value for f in figs})
        said = {f.value for f in figs if f.origin == "text"}
        # a 说明 amount against another statement of it (two cells of one column are different rows' amounts)
        pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1 :]
                 if _misprint(a, b, swaps_only=True) and {a, b} & said]
        if len(pairs) != 1:
            continue  # none, or several look-alikes: which is the misprint of which is not told
        for f in figs:
            if f.value in pairs[0]:  # (keyed ones too: the table's 'gpb.public' and the 说明's 'public' are one here)
                fb.rekey(f, f"misprinted:{subject}.budget")
