"""A total and its parts, found by the shape of the text rather than by one phrasing.

Shapes: 'A、B、C分别为a、b、c' after a total; parts first and '合计T' last; 'T，包括A a和B b';
'T，由A a和B b构成'; 'T（A a、B b）'; and a total closing one sentence whose parts (the lexicon's
composition of its subject) fill the next.  Lists presented as incomplete ('主要用于', '…等') are
never summed: they are returned unconfident, to be listed as not verified.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent import fastre
from agent.checks.tolerance import precise_together, sum_mismatch
from agent.extract.rules import lexicon
from agent.extract.rules.context import Ctx, Sentence
from agent.extract.rules.labels import measure_of, subject_words
from agent.extract.rules.mentions import Mention, by_period, mentions, mentions_between
from agent.extract.rules.relations.model import Relation

# '分别为a、b'; '分别支出a、b' (a spending or allocation verb, never a change: '分别增加' is a list of changes)
_RESPECTIVELY = fastre.compile(r"分别为|分别是|依次为|分别(?:实际)?(?:支出|使用|安排|拨付|下达|投入|到位|发放|兑付|列支)(?:了|为)?")
_NAME_SEP = fastre.compile(lexicon.NAME_SEPARATORS)
_BOUNDARY = fastre.compile(r"[，,；;:：。]")
# '…合计T'; '上述5个项目合计即为全年项目支出T': the total named after its parts
_TOTAL_AFTER = fastre.compile(rf"^\s*(以上|上述)?([两二三四五六七八九十\d]+(项|个项目|个))?(个?项目|项)?({lexicon.TOTAL_AFTER})"
                          rf"(\s*|即为[^，,。；;\d]{{0,10}})$")
_OPENER = fastre.compile(r"\s*[,，]?\s*(其中)?\s*(包括|由(?!于)|含|(?:主要)?用于)[:：]?")
# a use list names what it likes, '含A和B' what it chooses to point out: checked only for excess
_USED_FOR = fastre.compile(r"\s*[,，]?\s*(?:其中)?\s*(?:(?:主要)?用于|含|包含)")
_CLOSER = fastre.compile(lexicon.LIST_CLOSERS)
_INCOMPLETE = fastre.compile(lexicon.INCOMPLETE)
_NEW_TOTAL = fastre.compile(lexicon.TOTAL_LABEL)
_LEAD = fastre.compile(r"\s*(其中|具体为|具体是|分别为|分别是|主要是)?\s*[,，:：]?")
_GAP_VALUES = fastre.compile(r"^[\s、，,和及与:：]*$")


def extract(ctx: Ctx) -> list[Relation]:
    out: list[Relation] = []
    groups = by_period(ctx)
    periods = ctx.periods()
    for i, sent in enumerate(periods):
        money = [m for m in groups[i] if m.kind == "money"]
        if not money:
            continue
        out += _respectively(ctx, sent, money)
        out += _total_last(ctx, sent, money)
        out += _opened(ctx, sent, money)
        out += _parenthesis(ctx, sent, money)
        out += _counted(ctx, sent, money)
        if i + 1 < len(periods):
            out += _next_sentence(ctx, sent, periods[i + 1], money, groups[i + 1])
        out += _counted_lines(ctx, sent, money)
    return out


_COUNTED_KINDS = fastre.compile(r"(?:包括|包含|涉及|分为)[^。；;\d]{0,40}?(?P<n>\d+|[两二三四五六七八九十])(?:个|项|类)"
                            r"[^。；;\d]{0,8}?(?:科目|项目|方面|类别|部分)")
_ITEM_MARKERS = (fastre.compile(r"[ \t\u3000]*[（(][一二三四五六七八九十\d]{1,2}[)）]"), fastre.compile(r"[ \t\u3000]*\d{1,2}[、.．](?!\d)"),
                 fastre.compile(r"[ \t\u3000]*[一二三四五六七八九十][、.．]"))


def _marker(text: str, pos: int) -> int | None:
    """Which kind of list marker opens the line at pos ('（一）', '1.', '一、'), if any."""
    return next((i for i, rx in enumerate(_ITEM_MARKERS) if rx.match(text, pos)), None)


def _counted_lines(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    """'一般公共预算拨款支出预算总额5864.32万元，包括卫生健康支出、社会保障和就业支出和住房保障支出三个功能分类科目…' and
    the next lines '（一）卫生健康支出4962.18万元…（二）…（三）…': a total whose count of parts is stated, each part
    opening a numbered line of its own — a complete list."""
    text = ctx.text
    c = _COUNTED_KINDS.search(text, sent.start, sent.end)
    if c is None:
        return []
    total = next((m for m in reversed(money) if m.end <= c.start() and m.depth == 0 and not m.label.prior), None)
    if total is None or not re.fullmatch(r"[\s,，]*", text[total.end : c.start()]):
        return []
    n = int(c.group("n")) if c.group("n").isdigit() else _CHINESE_COUNT.get(c.group("n"))
    if n is None or n < 2:
        return []
    parts: list[Mention] = []
    pos = text.find("\n", sent.end - 1)
    style = _marker(text, pos + 1) if pos >= 0 else None
    while pos >= 0 and len(parts) < n:
        line_end = text.find("\n", pos + 1)
        line_end = len(text) if line_end < 0 else line_end
        if style is None or _marker(text, pos + 1) != style:
            break
        first = next((m for m in mentions_between(ctx, pos + 1, line_end) if m.kind == "money" and m.depth == 0), None)
        if first is None or first.unit != total.unit or first.start - pos > 40:
            break
        parts.append(first)
        pos = line_end if line_end < len(text) else -1
    if len(parts) != n or (pos >= 0 and _marker(text, pos + 1) == style):
        return []  # fewer numbered lines than the count, or more: not the list the count announces
    return [Relation(kind="sum", confidence=0.9, start=total.start, end=parts[-1].end, label=total.label.words or "合计",
                     source="enumeration:counted-lines", total=total, parts=parts)]


def _relation(total: Mention, parts: list[Mention], source: str, start: int, end: int, text: str,
              confidence: float = 0.9, reason: str = "") -> Relation:
    if len({p.unit for p in parts} | {total.unit}) != 1:
        confidence, reason = min(confidence, 0.5), "total and parts in different units"
    if (_INCOMPLETE.search(text) or _USED_FOR.match(text)) and not _exceeds(total, parts):
        confidence, reason = min(confidence, 0.3), "list presented as incomplete (主要用于/…等): not summed"
    return Relation(kind="sum", confidence=confidence, start=start, end=end, label=total.label.words or "合计",
                    source=source, reason=reason, total=total, parts=parts)


def _values_after(money: list[Mention], pos: int, text: str) -> list[Mention]:
    """Consecutive amounts from pos, separated only by 、，和及."""
    out: list[Mention] = []
    for m in money:
        if m.start < pos:
            continue
        if not _GAP_VALUES.match(text[pos:m.start]):
            break
        out.append(m)
        pos = m.end
    return out


_BETWEEN_TOTAL_AND_LIST = fastre.compile(
    r"[\s，,:：]*(?:(?:涉及|共|共计|包括|含)?(?P<count>[\d两二三四五六七八九十]+)(?:个|项)[\u4e00-\u9fff]{0,4}[\s，,:：]*)?"
    r"(其中)?[\s，,:：]*")


def _total_before(money: list[Mention], pos: int, text: str) -> Mention | None:
    """The amount standing right before pos, with only punctuation, 其中 or the list's count between
    ('全年项目支出510.44万元，涉及4个项目，A、B、C、D分别支出…')."""
    before = [m for m in money if m.end <= pos]
    if before and _BETWEEN_TOTAL_AND_LIST.fullmatch(text[before[-1].end : pos]):
        return before[-1]
    return None


def _stated_count(text: str) -> int | None:
    """The count a total's list announces ('涉及4个项目'), if any."""
    m = _BETWEEN_TOTAL_AND_LIST.fullmatch(text)
    if m is None or not m.group("count"):
        return None
    word = m.group("count")
    return int(word) if word.isdigit() else _CHINESE_COUNT.get(word)


_CHINESE_COUNT = {w: i for i, w in enumerate("零一二三四五六七八九十") if i} | {"两": 2}


def _respectively(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    text = ctx.text
    out = []
    for r in _RESPECTIVELY.finditer(text, sent.start, sent.end):
        cut = max((b.end() for b in _BOUNDARY.finditer(text, sent.start, r.start())), default=sent.start)
        names = [n for n in _NAME_SEP.split(re.sub(r"^(其中|包括)", "", text[cut : r.start()])) if n.strip()]
        if len(names) < 2:
            continue  # '调增X，分别为：（1）…' is a 其中 list
        if all(_YEAR_NAME.fullmatch(n.strip()) for n in names):
            continue  # '2022年、2023年和2024年追回金额分别为198.4万元、265.0万元和312.6万元': a series, not parts
        values = _values_after(money, r.end(), text)
        total = _total_before(money, cut, text) or _named_before(ctx, sent, cut) or _total_closing(money, values, text)
        if total is None:
            continue
        if len(names) > len(values):  # '差旅及其他商品服务支出' is one name: split at 、 only
            names = [n for n in re.split(r"、", re.sub(r"^(其中|包括)", "", text[cut : r.start()])) if n.strip()]
        end = values[-1].end if values else r.end()
        rel = _relation(total, values, "enumeration:respectively", total.start, end, text[cut:end])
        rel.names = [n.strip() for n in names]
        if len(values) != len(names):
            rel.confidence, rel.reason = 0.4, f"分别为: {len(names)} names, {len(values)} amounts"
        if _REST_FOLLOWS.match(text, end) and not _exceeds(total, values):
            # '…分别支出1058.30万元、186.42万元、95.60万元，其余主要用于养老服务…': the list names only some parts
            rel.confidence, rel.reason = 0.3, "the list is followed by 其余/其他: not all parts are named"
        count = _stated_count(text[total.end : cut]) if total.end <= cut else None
        if count is not None and count != len(names):
            rel.confidence, rel.reason = 0.4, f"the list announces {count} items and names {len(names)}"
        out.append(rel)
    return out


_YEAR_NAME = fastre.compile(r"(?:19|20)\d\d\s*年度?[^、，,和及与]{0,12}")
_REST_FOLLOWS = fastre.compile(r"\s*[，,；;]?\s*(其余|其他|剩余|另有|此外|余下)")
_CLOSING_TOTAL = fastre.compile(r"[，,]\s*[^，,。；;:：\d]{0,10}?(合计|共计|总计)\s*(为|是|达)?\s*$")


def _total_closing(money: list[Mention], values: list[Mention], text: str) -> Mention | None:
    """'基本支出、项目支出分别为a、b，全年支出合计T': the total closing the values it adds up."""
    after = [m for m in money if values and m.start >= values[-1].end]
    if not after or not _CLOSING_TOTAL.match(text[values[-1].end : after[0].start]):
        return None
    return after[0]


_AMONG = fastre.compile(r"^\s*(?P<name>[\u4e00-\u9fff“”]{2,12}?)(?:中|之中|当中)\s*[,，:：]?\s*$")


def _named_before(ctx: Ctx, sent: Sentence, cut: int) -> Mention | None:
    """'公用经费177.44万元。公用经费中，办公费、…分别为a、b、c': the whole named before the list is the amount
    the paragraph gave that name, just before."""
    among = _AMONG.match(ctx.text[sent.start : cut])
    if among is None:
        return None
    name = among.group("name").strip("“”")
    line_start = ctx.text.rfind("\n", 0, sent.start) + 1
    before = [m for m in mentions(ctx) if line_start <= m.start < sent.start and m.kind == "money" and m.depth == 0]
    hit = next((m for m in reversed(before) if m.label.words and (m.label.words.endswith(name)
                                                                    or name.endswith(m.label.words))), None)
    return hit


def _total_last(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    out = []
    for i, t in enumerate(money):
        if i < 2 or not _TOTAL_AFTER.match(t.clause):
            continue
        first = 0  # '总预算T，其中a、b、c，合计T': the parts begin after the opener, never with the total
        for j in range(i - 1):
            between = ctx.text[money[j].end:money[j + 1].start]
            if re.search(r"其中|包括|分别|合计|共计", between):
                first = j + 1
        parts = [m for m in money[first:i] if m.depth == t.depth]
        if len(parts) < 2:
            continue
        rel = _relation(t, parts, "enumeration:total-last", parts[0].start, t.end, ctx.text[parts[0].start:t.start])
        rel.lead = ctx.text[sent.start : parts[0].start - len(parts[0].clause)]
        if len({p.label.measure for p in parts if p.label.measure}) > 1:
            rel.confidence, rel.reason = 0.5, "parts of different measures before 合计"
        out.append(rel)
    return out


def _opened(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    text = ctx.text
    out = []
    for t in money:
        o = _OPENER.match(text, t.end, sent.end)
        if not o:
            continue
        semi = fastre.compile(r"[；;]").search(text, o.end(), sent.end)
        end_of_list = semi.start() if semi else sent.end  # '；' starts the next item of the paragraph
        close = _CLOSER.search(text, o.end(), end_of_list)
        stop = close.start() if close else end_of_list
        parts = []
        for m in money:
            if m.start < o.end() or m.end > stop or m.depth != t.depth:
                continue
            clause = re.split(r"[，,；;]", text[(parts[-1].end if parts else o.end()) : m.start])[-1]
            if _NEW_TOTAL.search(clause):
                break
            parts.append(m)
        if len(parts) < 2:
            continue
        end = close.end() if close else parts[-1].end
        tail = text[parts[-1].end : (close.start() if close else min(sent.end, parts[-1].end + 4))]
        out.append(_relation(t, parts, "enumeration:opened", t.start, end, text[o.start() : parts[-1].end] + tail))
    return out


def _parenthesis(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    text = ctx.text
    out = []
    for t in money:
        o = re.match(r"\s*\(", text[t.end : t.end + 3])
        if not o:
            continue
        open_at = t.end + o.end()
        close = text.find(")", open_at, sent.end)
        if close < 0:
            continue
        parts = [m for m in money if open_at <= m.start and m.end <= close and m.depth == t.depth + 1]
        if len(parts) < 2:
            continue
        inner = text[open_at:close]
        rel = _relation(t, parts, "enumeration:parenthesis", t.start, close + 1, inner)
        if inner.lstrip().startswith("其中") and not _composes(t, parts) and not _exceeds(t, parts):
            rel.confidence, rel.reason = min(rel.confidence, 0.5), "（其中…） may name only some of the parts"
        out.append(rel)
    return out


_COUNTED = fastre.compile(r"(?P<lead>[^，,。；;\n]{0,16}?)[，,]?[^，,。；;\n]{0,8}?共(?:安排|实施|设立|设置|开展|支持|涉及|有)?"
                      r"(?P<n>\d+|[两二三四五六七八九十])个(?:[^，,。；;:：\d]{0,6})?(?:项目|专项|子项目)[:：]")
_CHINESE_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _counted(ctx: Ctx, sent: Sentence, money: list[Mention]) -> list[Relation]:
    """'项目支出方面，全年共安排3个项目：A a、B b、C c': a list whose count is stated is complete; its whole
    is the figure the report keys for the lead's subject (项目支出) under the measure of the section it
    stands in (执行情况: spending; 预算安排: the budget), stated once elsewhere."""
    text = ctx.text
    out: list[Relation] = []
    if "共" not in text[sent.start : sent.end]:  # the pattern's lazy lead is slow to try everywhere
        return out
    for c in _COUNTED.finditer(text, sent.start, sent.end):
        n = int(c.group("n")) if c.group("n").isdigit() else _CHINESE_COUNT[c.group("n")]
        items = re.split(r"[、；;]", text[c.end() : sent.end])
        parts: list[Mention] = []
        pos = c.end()
        for item in items:
            in_item = [m for m in money if pos <= m.start < pos + len(item) and m.depth == 0]
            if len(in_item) != 1:
                break
            parts.append(in_item[0])
            pos += len(item) + 1
        subject = ctx.subject(c.group("lead")) or ("project" if "项目" in c.group("lead") else None)
        path = ctx.doc.section_path(ctx.nt.to_source(sent.start, sent.start + 1)[0]) or ""
        measure = measure_of(path.split(" > ")[-1], fallback=False)
        if n < 2 or not parts or subject is None:
            continue
        rel = Relation(kind="sum", confidence=0.9, start=c.start(), end=parts[-1].end, label=c.group("lead") or "合计",
                       source="enumeration:counted", parts=parts[:n], total_key=f"{subject}.{measure}")
        if len(parts) < n or measure not in ("actual", "full_budget", "initial_budget", "budget"):
            rel.confidence, rel.reason = 0.4, f"共{n}个: {len(parts)} amounts, or its measure is not told by its section"
        out.append(rel)
    return out


def _half(m: Mention) -> Decimal:
    return Decimal(5).scaleb(-m.decimals - 1)


def _exceeds(total: Mention, parts: list[Mention]) -> bool:
    """Some of the parts already add up to more than the total: wrong whether the list is complete or not
    ('12,163,793.95元（其中8,102,450.60元、2,961,343.35元、1,200,000.00元）')."""
    if any(p.unit != total.unit for p in parts):
        return False
    low = sum((p.value - _half(p) for p in parts), Decimal(0))
    return low > total.value + _half(total)


def _composes(total: Mention, parts: list[Mention], ctx: Ctx | None = None) -> bool:
    """The parts' subjects are exactly what the lexicon says the total's subject is made of (the total
    named by its clause, or — '2024年部门年初预算3268.45万元' — as the department's by the report)."""
    subjects = frozenset(p.label.subject for p in parts)
    whole = total.label.subject or (ctx.subject(total.label.words, total.start) if ctx and total.label.words else None)
    return None not in subjects and subjects in lexicon.COMPOSITION.get(whole or "", ())


_BREAKDOWN = fastre.compile(r"^\s*(?:按|从)[^，,。；;\d]{1,12}(?:分|看|划分)\s*[，,:：]")


_SOURCES = fastre.compile(r"\s*(其中)?[，,]?\s*(?:(资金来源|经费来源|来源)(包括|为|是|由|构成为|分别为)|"
                      r"(?:按|从)(?:资金|经费)?来源(?:渠道)?(?:分|看|划分))[:：，,]?")  # '按资金来源分，'
_FUNDING = fastre.compile(r"资金|补助|拨款|配套|专项|财政")


def _named_whole(ctx: Ctx, money: list[Mention], parts: list[Mention]) -> tuple[Mention, str] | None:
    """The amount of this sentence whose subject the next sentence's parts make up (the lexicon's
    composition, in the same measure), with the words naming it: the sentence's last amount, or —
    '“三公”经费支出25.25万元，完成预算28.00万元的90.2%，比上年减少2.65万元。其中：…' — the one its rate and
    change are said of.  When the sentence gives the subject's budget and then its 决算 ('“三公”经费支出预算为
    20.00万元，支出决算为16.28万元。其中：…'), the parts are of whichever they add up to, else of the 决算."""
    for t in (money[-1], *money[:-1]):
        if t.depth or t.label.prior or not _composes(t, parts, ctx) or \
                not all(measure_of(p.clause, fallback=False) in (None, t.label.measure) for p in parts):
            continue
        if t.label.measure == "actual":
            return t, ""
        spent = [u for u in money if u.start > t.end and not u.depth and not u.label.prior
                 and u.label.subject is None and u.label.measure == "actual" and u.unit == t.unit]
        if spent and not _adds_up(t, parts):
            return spent[0], subject_words(t.label.words) + spent[0].label.words
        return t, ""
    return None


def _adds_up(total: Mention, parts: list[Mention]) -> bool:
    """The catalogue's sum tolerance, read as the checks read it ('0万元' beside cents is an exact nought)."""
    if any(p.unit != total.unit for p in parts):
        return False
    whole, *rest = precise_together(total, *parts)
    return not sum_mismatch(whole, rest)


def _next_sentence(ctx: Ctx, sent: Sentence, nxt: Sentence, money: list[Mention], nxt_ms: list[Mention]
                   ) -> list[Relation]:
    """'2024年支出合计T。基本支出a，项目支出b。': the next sentence lists the parts of this one's total."""
    text = ctx.text
    parts = [m for m in nxt_ms if m.kind == "money" and m.depth == 0]
    lead_words = _BREAKDOWN.sub("", text[nxt.start : parts[0].start] if parts else "")  # '按支出类别分，基本支出…'
    if len(parts) < 2 or re.search(r"[，,；;]", lead_words.strip("，,:： ")):
        return []
    if (named := _named_whole(ctx, money, parts)) is not None:
        # every component is named, so '主要用于…' describes a part, not an incomplete list
        whole, lead = named
        rel = _relation(whole, parts, "enumeration:next-sentence", whole.start, parts[-1].end,
                        text[nxt.start : parts[0].start])
        rel.lead = lead
        return [rel]
    t = money[-1]
    if t.depth or t.label.prior or not re.fullmatch(r"[\s。，,]*", text[t.end : sent.end]):
        return []
    lead = bool(_LEAD.match(text, nxt.start).group(1))  # type: ignore[union-attr]
    if _SOURCES.match(text, nxt.start) and "\n" not in text[sent.end : nxt.start] and \
            t.label.measure in ("full_budget", "initial_budget", "budget") and \
            all(_FUNDING.search(p.clause) for p in parts):
        # '全年预算365.50万元。资金来源包括省级补助资金150.00万元、市级补助资金95.50万元和区级财政资金130.00万元':
        # the sources of the budget just stated, each named as funds
        return [_relation(t, parts, "enumeration:sources", t.start, parts[-1].end,
                          text[nxt.start : min(nxt.end, parts[-1].end + 4)], confidence=0.85)]
    if lead and "\n" not in text[sent.end : nxt.start]:
        return [_relation(t, parts, "enumeration:next-sentence", t.start, parts[-1].end,
                          text[nxt.start : min(nxt.end, parts[-1].end + 4)], confidence=0.6,
                          reason="the next sentence's amounts may not all be parts of the total")]
    return []
