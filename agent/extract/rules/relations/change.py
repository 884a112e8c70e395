"""A stated change against a base: amount and/or rate with a direction word, and the values compared.

Shapes: 'T，比上年b增加d，增长r%'; 'T，同比增长r%' with '上年b' in the same sentence; '与2023年相比，
减少d，下降r%'; 'T，较上年b有所减少' (a comparison word only: a direction claim).  Base and direction
words come from the lexicon.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.extract.rules import lexicon
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import measure_of
from agent.extract.rules.mentions import Mention, by_period, mentions, mentions_between
from agent.extract.rules.relations.model import Relation

_NUM = r"\d+(?:\.\d+)?"
_MONEY = rf"{_NUM}\s*(?:万元|元|亿元|{lexicon.COUNT_UNITS})"  # amounts, and counts of one unit ('较上年385吨增长7.5%')
_DIR = rf"(?:{lexicon.UP_WORDS}|{lexicon.DOWN_WORDS}|压减)"  # ('结余较上年有所压减': a direction said of the figures)
# the prior's own label: '上年实际支出1318.20万元' after the base, or '与上年实际支出1190.62万元相比'
_PRIOR_LABEL = rf"(?:(?:上年|去年|上一年|(?:19|20)\d\d年度?)|(?<=上年)|(?<=上年度)|(?<=\d年)|(?<=\d年度)|(?<=较年初))(?:(?!{_DIR})[^，,。；;\d]){{0,8}}?(?=\d)"
_CHANGE = fastre.compile(
    rf"(?P<base>{lexicon.CHANGE_BASES}|较年初(?=结转|结余))[,，]?\s*(?:的|支出|数|{_PRIOR_LABEL})?\s*(?P<prior>{_MONEY})?\s*(?:相比)?\s*(?:[,，]\s*)?"
    rf"(?P<what>[^。；;，,\d]{{0,8}}?)(?P<mod>有所|略有|明显|大幅|共|合计)?(?P<dir>{_DIR})(?:了|为|达)?\s*-?"
    rf"(?:(?P<amt>{_MONEY})(?:\s*[,，]\s*(?:同比)?(?:{_DIR})?(?:率|幅度|幅)?\s*(?:为|了|达)?\s*-?(?P<rate>{_NUM})\s*%)?"
    rf"|(?P<rate2>{_NUM})\s*%(?:\s*[,，]?\s*(?:{_DIR})?(?:额|金额)?\s*(?:为|了|达)?\s*(?P<amt2>{_MONEY}))?)?")
_FROM_TO = fastre.compile(
    rf"(?:由|从)\s*(?P<prior>{_MONEY})\s*(?P<dir>{_DIR})?(?:到|至)\s*(?P<cur>{_MONEY})\s*[,，]?\s*(?P<dir2>{_DIR})"
    rf"(?:了|为|达)?\s*(?:(?P<amt>{_MONEY})\s*[,，]?\s*(?:{_DIR})?(?:了|为|达)?\s*)?(?:(?P<rate>{_NUM})\s*%)?")
_UP = fastre.compile(lexicon.UP_WORDS)
_CONNECTORS = {"", "和", "及", "与", "以及", "、"}
_CHANGE_AMOUNT = fastre.compile(lexicon.CHANGE_AMOUNT)
_DIR_WORD = fastre.compile(_DIR)
_BUDGET = fastre.compile(r"预算")
_FUND_NAME = fastre.compile(lexicon.FUND_NAMES)


def _budgeted(clause: str) -> bool:
    """Words naming a budget — not a fund ('一般公共预算拨款收入' is money received, not a budget)."""
    return bool(_BUDGET.search(_FUND_NAME.sub("", clause)))


def extract(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    ms = mentions(ctx)
    by_start = {m.start: m for m in ms}
    prev: tuple[int, list[Mention]] = (0, [])
    for sent, sm in zip(ctx.periods(), by_period(ctx), strict=True):
        # '收、支总计A万元。与上年相比，增加B万元': the amount may close the previous sentence of the paragraph
        carried = prev[1] if "\n" not in ctx.text[prev[0] : sent.start] else []
        for c in _CHANGE.finditer(ctx.text, sent.start, sent.end):
            rel = _relation(ctx, c, by_start, carried + sm)
            if rel is not None:
                out.append(rel)
        if "由" in sent.text or "从" in sent.text:  # (the words a '由…到…' change needs)
            out += _from_to(ctx, sent.start, sent.end, by_start)
        out += _prior_in_parenthesis(ctx, sent.start, sent.end, sm)
        out += _rate_then_paren_prior(ctx, sent.start, sent.end, sm)
        prev = (sent.end, sm)
    return out


def _same_words(label: str, named: str) -> bool:
    """'支总计' (a label cut at '、') and '收、支总计' name the same thing; at least three characters must agree."""
    a, b = (re.sub(r"[、，,\s]|决算|预算|[各均都]$", "", w) for w in (label, named))
    short = min(len(a), len(b))
    if short >= 2 and a[-2:] == b[-2:] in ("总计", "合计"):
        return True  # '收入、支出决算总计各1,070.31万元。…收、支总计各增加48.95万元': one 总计, however named
    cores = {re.sub(r"(总数|总额|总计|合计)$", "", w) for w in (a, b)}
    if "收支" in cores and cores & {"收入", "支出"}:
        return True  # '收入预算1453.80万元…；支出预算1453.80万元。收支预算总数比上年增加…': the 收支 total is either
    return short >= 3 and (a.endswith(b) or b.endswith(a))


_TOTAL_WORD = fastre.compile(r"(合计|总计|总额)$")


def _same_quantity(ctx: Ctx, m: Mention, named: str, pos: int) -> bool:
    """The mention is what the words name: the same words, or the same subject and measure ('本年支出' and
    '全年实际支出' are both the department's spending)."""
    if _same_words(m.label.words, named) or _core(m.label.words) == _core(named) != "":
        return True
    subject = ctx.subject(named, pos)
    return subject is not None and subject == ctx.subject(m.label.words, m.start) and \
        measure_of(named) == measure_of(m.label.words)


def _at(by_start: dict[int, Mention], c: re.Match[str], group: str) -> Mention | None:
    return by_start.get(c.start(group)) if c.group(group) else None


def _relation(ctx: Ctx, c: re.Match[str], by_start: dict[int, Mention], sm: list[Mention]) -> Relation | None:
    prior = _at(by_start, c, "prior")
    if prior is not None and re.search(r"(?:19|20)\d\d\s*年", prior.clause) and not prior.label.prior:
        prior = None  # '与上年相比，2024年实际支出X' in a 2024 report: this year's amount, not the prior
    amount = _at(by_start, c, "amt") or _at(by_start, c, "amt2")
    rate = _at(by_start, c, "rate") or _at(by_start, c, "rate2")
    text = ctx.text
    clause_start = max(text.rfind(ch, 0, c.start()) for ch in "。；;\n") + 1
    stated = prior or amount
    kind, unit = (stated.kind, stated.unit) if stated is not None and stated.kind == "count" else ("money", None)
    before = [m for m in sm if m.kind == kind and m.end <= c.start() and m.depth == 0 and unit in (None, m.unit)]
    if prior is None and ("同比" in c.group("base") or "上年" in c.group("base")):
        # '全年支出1,862.30万元，上年同期为1,905.44万元，较上年有所增长': the prior stated in the sentence
        stated_prior = [m for m in before if m.label.prior and not _DIR_WORD.search(m.clause)
                        and m.start >= clause_start]  # the total's prior is not its parts' ('…；公务接待费242万元，较上年减少12万元')
        prior = stated_prior[-1] if stated_prior else None
    if prior is None and amount is not None and rate is not None:
        # '全年支出增加203.81万元，增长5.35%，上年实际支出为3208.77万元': the prior stated right after, in its clause
        after = [m for m in sm if m.kind == kind and m.start >= c.end() and m.depth == 0 and unit in (None, m.unit)]
        if after and after[0].label.prior and not _DIR_WORD.search(after[0].clause) and \
                not re.search(r"[。；;]", text[c.end() : after[0].start]):
            prior = after[0]
    if prior is None and amount is not None and rate is None and re.search(r"上年|同比", c.group("base")):
        # '公用经费支出175.45万元，较上年增加8.47万元，…。上年同口径公用经费为183.92万元': the prior its paragraph
        # states in a later sentence, by the same name
        line_end = text.find("\n", c.end())
        line_end = len(text) if line_end < 0 else line_end
        here = [m for m in before if m.start >= clause_start]
        named_here = _core(here[-1].label.words) if here else ""
        later = [m for m in mentions_between(ctx, c.end(), line_end) if m.kind == "money" and m.depth == 0
                 and m.label.prior and m.unit == amount.unit and len(named_here) >= 2
                 and _same_name(_core(re.sub(r"^(上年|去年)(同口径|同期)?", "", m.label.words)), named_here)]
        prior = later[0] if len(later) == 1 else None
    if prior is None and amount is None and rate is None:
        return None
    # '分别为2108.56万元和2315.90万元': an amount named only by '和' is a list item, never the changed quantity
    # an amount named by a direction word ('本年增加157.72万元') is a change, never the quantity that changed
    pool = [m for m in before if not m.label.prior and m is not prior and m.label.words not in _CONNECTORS
            and not _CHANGE_AMOUNT.search(m.clause)]
    in_clause = [m for m in pool if m.start >= clause_start]
    subject = ctx.subject(text[clause_start : c.start()] + c.group("what"), c.start())
    if subject is None and ctx.year and re.fullmatch(rf"\s*(?:其中|同时)?[，,]?\s*{ctx.year}\s*年度?\s*", text[clause_start : c.start()]):
        subject = "total"  # '2024年比2023年增加174.62万元' in the 2024 report: the department's own spending
    current = None
    named = re.sub(r"[各均都分别]+$", "", c.group("what").strip())
    before_base = re.sub(r"[\s，,:：]|^(其中|同时|另外)", "", text[clause_start : c.start()])
    name = named if len(named) >= 2 else before_base  # '收、支总计比上年减少…' names it before the base
    if subject and not in_clause and len(name) >= 2:
        # '收、支总计3252.83万元。与上年相比，收、支总计各增加266.43万元': the figure the clause names, printed in
        # the sentence before, rather than whatever the subject's key holds elsewhere
        current = next((m for m in reversed(pool) if _same_words(m.label.words, name)), None)
    # the words naming what changed: before the base ('一般公共预算拨款比上年…') or after it ('与上年相比，本年支出合计减少…')
    own = re.sub(r"[\s，,:：]|^(其中|同时|另外)", "", text[clause_start : c.start()]) or named
    if current is None and not (subject and not in_clause):
        # '。“三公”经费比上年减少A': otherwise the subject's figure is found by the resolver
        pool = in_clause or pool
        spending = [m for m in pool if not _budgeted(m.clause)]
        if (prior is not None and _budgeted(prior.clause)) or \
                ("年初预算" in c.group("base") and any(_budgeted(m.clause) for m in pool)):
            # '与上年预算19.80万元相比': this year's budget; '全年预算168.00万元，较年初预算增加18.00万元': the budget
            spending = [m for m in pool if _budgeted(m.clause)]
        current = (spending or pool)[-1] if pool else None
        if current is not None and not in_clause and prior is not None and amount is not None:
            # '…实际支出16.92万元，…分别为14.35万元和2.57万元。与2023年的19.48万元相比减少2.56万元': the sentence
            # before holds several amounts; the one the stated prior and change lead to is the current, and
            # when none does, which was meant cannot be told (the rate is still checked against the prior)
            sized = [m for m in (spending or pool) if _same_size(m, prior)]
            line_start = text.rfind("\n", 0, c.start()) + 1
            paragraph = [m for m in mentions_between(ctx, line_start, c.start()) if m.end <= c.start() and m.kind == kind
                         and m.depth == 0 and not m.label.prior and m is not prior and m is not amount]
            current = _led_to(paragraph, prior, amount, c.group("dir")) or (sized[-1] if len(sized) == 1 else None)
        among = text.find("其中", clause_start, c.start())
        whole = [m for m in in_clause if m.end <= among] if among >= 0 else []
        if whole and prior is not None and current is not None and current is not whole[-1] and \
                re.search(r"[，,]\s*$", text[: c.start()]) and not _DIR_WORD.search(text[among : c.start()][:-1]):
            # '“三公”经费支出16.84万元，其中公务用车运行维护费12.30万元，公务接待费4.54万元，比上年15.92万元有所下降':
            # after a 其中 list the change may be the whole's or the last part's — the one of the prior's size
            # (a year-on-year change is rarely a factor of 1.5); when both are, which is meant cannot be told
            near = [m for m in (whole[-1], current) if _same_size(m, prior)]
            if len(near) != 1:
                return None
            current = near[0]
        if current is not None and not in_clause and len(own) >= 2 and not _same_quantity(ctx, current, own, c.start()):
            # '财政拨款收支预算2,636.80万元。一般公共预算拨款比上年2,312.40万元增加144.40万元': the clause names
            # its own item, whose amount is not stated; the sentence before spoke of another
            current = next((m for m in reversed(pool) if _same_quantity(ctx, m, own, c.start())), None)
            if current is None and prior is not None and amount is not None and rate is not None:
                return Relation(kind="change", confidence=0.85, start=c.start(), end=c.end(),
                                label=own + c.group("base") + c.group("dir"), source="change:stated-prior",
                                prior=prior, amount=amount, rate=rate,
                                direction="increase" if _UP.fullmatch(c.group("dir")) else "decrease",
                                wording=(c.start("dir"), c.end("dir")), reason="this year's amount is not stated")
    if current is None and prior is not None:
        current = _named_by_prior(ctx, prior)
    if current is None and not subject and len(own) >= 3 and amount is not None:
        # '…本年支出合计662.99万元，年末结转和结余2.51万元。与上年相比，本年支出合计增加54.54万元': the quantity its
        # paragraph stated by the same name, sentences before
        line_start = text.rfind("\n", 0, clause_start) + 1
        current = next((m for m in reversed(mentions_between(ctx, line_start, clause_start))
                        if m.kind == "money" and m.depth == 0 and not m.label.prior and m.unit == amount.unit
                        and (_same_words(m.label.words, own) or _TOTAL_WORD.sub("", m.label.words) == _TOTAL_WORD.sub("", own))),
                       None)
    if current is not None and re.search(r"构成|组成", text[current.end : c.start()]) and \
            not re.search(r"[。；;]", text[current.end : c.start()]):
        # '收入预算7102.30万元，由A 5862.30万元和B 1240.00万元构成，较上年增加366.50万元': the whole changed
        opener = text.rfind("由", 0, current.start)
        whole = [m for m in pool if m.end <= opener and opener - m.end <= 3]
        current = whole[-1] if whole else None
    direction = "increase" if _UP.fullmatch(c.group("dir")) else "decrease"
    signed = [m for m in (amount, rate) if m is not None]
    if signed and all(text[m.start - 1 : m.start] == "-" for m in signed):
        # '比上年预算2978.40万元减少-167.25万元，下降-5.62%': a negative decrease is an increase
        direction = "increase" if direction == "decrease" else "decrease"
    if current is None and prior is not None and amount is not None and rate is not None and not subject:
        # '与上年实际支出1190.62万元相比，增加77.73万元，增长5.53%': prior, change and rate are all stated
        return Relation(kind="change", confidence=0.85, start=c.start(), end=c.end(),
                        label=(own or "") + c.group("base") + c.group("dir"), source="change:stated-prior",
                        prior=prior, amount=amount, rate=rate, direction=direction,
                        wording=(c.start("dir"), c.end("dir")), reason="this year's amount is not stated")
    said = named or text[clause_start : c.start()].strip("，, ")
    label = (current.label.words if current else said) + c.group("base") + c.group("dir")
    rel = Relation(kind="change", confidence=0.9, start=(current.start if current else c.start()), end=c.end(),
                   label=label, source="change", current=current, prior=prior, amount=amount, rate=rate,
                   direction=direction, wording=(_wording_start(c), c.end("dir")),
                   subject=subject if current is None else ctx.subject(current.label.words) or subject)
    if "预算" in c.group("base"):
        rel.budget_base = "initial" if "年初" in c.group("base") else "any"
    if current is None and not subject:
        rel.confidence, rel.reason = 0.3, "the changed amount is not stated in the sentence"
    elif any(m is not None and current is not None and m.unit != current.unit for m in (prior, amount)):
        rel.confidence, rel.reason = 0.4, "amounts in different units"
    return rel


def _named_by_prior(ctx: Ctx, prior: Mention) -> Mention | None:
    """'由一般公共预算拨款收入5862.30万元和…构成。其中一般公共预算拨款收入上年为5920.45万元，本年比上年增加58.15万元':
    the stated prior names the quantity; this year's amount is the one of its paragraph named alike (stated once)."""
    name = re.sub(r"^(其中|同时)|(上年|去年|上一年)(同期)?(度)?|(为|是|的)$", "", prior.label.words)
    if len(name) < 4:
        return None
    line_start = ctx.text.rfind("\n", 0, prior.start) + 1
    named = [m for m in mentions_between(ctx, line_start, prior.start) if m.kind == prior.kind and m.unit == prior.unit
             and not m.label.prior and m.depth == 0 and _same_words(m.label.words, name)]
    return named[-1] if named and len({m.value for m in named}) == 1 else None


def _from_to(ctx: Ctx, start: int, end: int, by_start: dict[int, Mention]) -> list[Relation]:
    """'月人均补助标准由510元提高到540元，提高了6.88%': both values and the change between them."""
    out = []
    for c in _FROM_TO.finditer(ctx.text, start, end):
        prior, current = _at(by_start, c, "prior"), _at(by_start, c, "cur")
        amount, rate = _at(by_start, c, "amt"), _at(by_start, c, "rate")
        if prior is None or current is None or (amount is None and rate is None) or prior.unit != current.unit:
            continue
        direction = "increase" if _UP.fullmatch(c.group("dir2")) else "decrease"
        out.append(Relation(kind="change", confidence=0.9, start=c.start(), end=c.end(),
                            label=(current.label.words or "数值") + "变动", source="change:from-to", current=current,
                            prior=prior, amount=amount, rate=rate, direction=direction,
                            wording=(c.start("dir2"), c.end("dir2"))))
    return out


_PAREN_PRIOR = fastre.compile(rf"\s*[（(]\s*(?:上年|上年度|去年|20\d\d年度?)(?:为|是|数为)?\s*(?P<prior>{_MONEY})\s*[）)]")
_SAID_DIRECTION = fastre.compile(rf"(?:支出|收入|预算|经费|资金)[^，,。；;\d]{{0,4}}?(?P<dir>{_DIR})")


def _prior_in_parenthesis(ctx: Ctx, start: int, end: int, sm: list[Mention]) -> list[Relation]:
    """'政府性基金预算支出420.00万元（上年为465.00万元），…基金支出相应增加': the sentence's amount, its prior
    in brackets, and what the sentence says the amount did."""
    out = []
    for cur in (m for m in sm if m.kind == "money" and m.depth == 0 and not m.label.prior):
        p = _PAREN_PRIOR.match(ctx.text, cur.end, end)
        if p is None:
            continue
        prior = next((m for m in sm if m.start == p.start("prior")), None)
        said = _SAID_DIRECTION.search(ctx.text, p.end(), end)
        if prior is None or said is None or prior.unit != cur.unit or _CHANGE.search(ctx.text, p.end(), end):
            continue  # a stated change ('比上年增加…') is read as such
        direction = "increase" if _UP.fullmatch(said.group("dir")) else "decrease"
        out.append(Relation(kind="change", confidence=0.85, start=cur.start, end=said.end(),
                            label=(cur.label.words or "金额") + "与上年相比", source="change:paren-prior", current=cur,
                            prior=prior, direction=direction, wording=(said.start("dir"), said.end("dir"))))
    return out


_RATE_PAREN_PRIOR = fastre.compile(
    rf"\s*[，,]\s*(?:同比|较上年|比上年|与上年相比)\s*(?P<dir>{_DIR})\s*(?P<rate>{_NUM})\s*%\s*[（(]\s*(?:上年|上年同期|去年|去年同期)"
    rf"(?:为|是)?\s*(?P<prior>{_MONEY})\s*[）)]")


def _rate_then_paren_prior(ctx: Ctx, start: int, end: int, sm: list[Mention]) -> list[Relation]:
    """'全年受理群众投诉举报1,268件，同比增长12.6%（上年1,152件）': the amount, its rate of change, and the prior the
    bracket gives — a change to recompute, for counts as for money."""
    out = []
    for cur in (m for m in sm if m.kind in ("money", "count") and m.depth == 0 and not m.label.prior):
        p = _RATE_PAREN_PRIOR.match(ctx.text, cur.end, end)
        if p is None:
            continue
        prior = next((m for m in sm if m.start == p.start("prior")), None)
        rate = next((m for m in sm if m.start == p.start("rate")), None)
        if prior is None or rate is None or prior.unit != cur.unit or not _same_size(cur, prior):
            continue
        direction = "increase" if _UP.fullmatch(p.group("dir")) else "decrease"
        out.append(Relation(kind="change", confidence=0.9, start=cur.start, end=p.end(),
                            label=(cur.label.words or "数量") + "同比" + p.group("dir"), source="change:rate-paren-prior",
                            current=cur, prior=prior, rate=rate, direction=direction,
                            wording=(p.start("dir"), p.end("dir"))))
    return out


def _same_size(m: Mention, prior: Mention) -> bool:
    """Within a factor of 1.5 of the prior: what a year-on-year comparison compares."""
    if m.unit != prior.unit or m.value <= 0 or prior.value <= 0:
        return False
    return prior.value / m.value <= Decimal("1.5") and m.value / prior.value <= Decimal("1.5")


def _wording_start(c: re.Match[str]) -> int:
    """The direction words as written: '有所下降', '略有增加' (a modifier of degree, not '共'/'合计')."""
    mod = c.group("mod")
    start = c.start("mod") if mod and mod not in ("共", "合计") else c.start("dir")
    if not c.group("prior") and not c.group("what") and re.fullmatch(r"[\s，,]*", c.string[c.end("base") : start]):
        return c.start("base")  # '较上年有所增加': the comparison as written, base and all
    return start


def _same_name(a: str, b: str) -> bool:
    """'公用经费' and '公用经费支出': one names the other with a measure word added."""
    return len(a) >= 2 and len(b) >= 2 and (a == b or a.startswith(b) or b.startswith(a))


def _core(words: str) -> str:
    """The words without the year's qualifiers: '全年实际支出' and '本年支出' are both '支出'."""
    return re.sub(r"^(\d{4}年度?)?(全年|本年度?|当年|年度)?(实际|全部)?", "", words)


def _led_to(pool: list[Mention], prior: Mention, amount: Mention, word: str) -> Mention | None:
    """The amount of the pool that the prior and the stated change arrive at (within their rounding)."""
    from agent.checks.tolerance import half_unit

    expected = prior.value + amount.value if _UP.fullmatch(word) else prior.value - amount.value
    fits = [m for m in pool if m.unit == prior.unit and
            abs(m.value - expected) <= half_unit(m.value) + half_unit(prior.value) + half_unit(amount.value)]
    return fits[-1] if fits else None
