"""Answering a plain question without a language model: retrieval plus the extracted facts.

Why not generate: offline there is no model, and a reviewer must be able to trust every word.
So the answer is assembled from verbatim passages (with section and offsets), the figures
whose keys match the question's topic, the report's own formulas recomputed, and the findings
on that topic — and it says plainly that it is a retrieval answer.  A question that presumes
something the checks do not support ("为什么超了" when nothing is over budget) is answered with
the figures that show it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.chat import tools as T
from agent.chat.calc import CalcError, calculate
from agent.chat.terms import compact, figure_matches, in_text, keywords, topics
from agent.checks.tolerance import ratio_mismatch
from agent.schemas import RatioClaim

if TYPE_CHECKING:
    from agent.chat.session import Numbered, Report, Session

HEADER = "（检索回答：以下内容直接摘自报告原文与抽取的数字，未经语言模型生成；加 --provider openai 可获得生成式回答。）"
GENERIC = {"执行率", "预算", "收入"}
_ADD_FINDING = re.compile(r"(添加|新增|增加|补充|加上?)(一|1)?[条个项]?.{0,6}(意见|问题|发现)|add (a |one )?finding",
                          re.IGNORECASE)
_REWORD = re.compile(r"(改写|改得|改成|润色|委婉|措辞|语气|rewrite|reword|polish)", re.IGNORECASE)
_EXPORT = re.compile(r"(导出|输出|生成).{0,6}(意见|报告|备忘|memo)|export", re.IGNORECASE)
_OVER = re.compile(r"超(了|支|出|预算)?|超过")
_HOW = re.compile(r"怎么算|如何计算|怎样计算|算法|公式|口径|how")
MAX_PASSAGES = 3
MAX_FORMULAS = 6
# what the question asks for -> (figure-key suffixes, the word used in the answer)
_MEASURES = (
    (re.compile(r"执行率|完成率|控制率|执行进度"), (".rate",), "执行率"),
    (re.compile(r"调整|调增|调减"), (".adjustment",), "预算调整"),
    (re.compile(r"年初预算|年初"), (".initial_budget", ".budget"), "年初预算"),
    (re.compile(r"预算"), (".budget", ".full_budget", ".initial_budget"), "预算"),
    (re.compile(r"决算|实际|支出|花了|用了"), (".actual",), "实际支出"),
)
_NUMBERING = re.compile(r"^\s*(第[一二三四五六七八九十百]+部分|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|"
                        r"\d+[.．、]|[（(]\d+[）)])")


def answer(session: Session, question: str) -> str:
    q = question.strip()
    if _ADD_FINDING.search(q):
        return T.recheck(session)
    if _EXPORT.search(q):
        return "导出审核意见请用：/export 审核意见.md（备忘录）或 /export 审核意见.docx（在原文上加批注）。"
    if _REWORD.search(q):
        m = re.search(r"第\s*(\d+)\s*条", q)
        hint = f"\n\n{T.explain_finding(session, int(m.group(1)))}" if m and m.group(1) != "0" else ""
        return ("离线模式不自动改写意见：可用 /reword N 新措辞 自行改写（数字须与原意见一致），"
                "或用 --provider openai 让语言模型改写。" + hint)
    terms = topics(q)
    specific = [t for t in terms if t not in GENERIC] or terms
    lines = headline(session, q, specific) + [HEADER]
    if terms:
        lines.append("问题涉及：" + "、".join(terms))
    missing = [t for t in specific if not any(in_text(t, r.doc.text) for r in session.reports)]
    for t in missing:
        lines.append(f"报告中没有出现“{t}”的表述。")
    lines += _presumption(session, q, specific)
    lines += _passages(session, q, missing)
    formulas = _formulas(session, specific, terms)
    lines += formulas
    if not formulas and _HOW.search(q) and "执行率" in terms:
        lines.append("报告没有写出该执行率的算式；通行口径为：执行率 = 实际支出 ÷ 预算数 × 100%（可用 /calc 复核）。")
    lines += _figures(session, specific)
    lines += _findings(session, specific or keywords(q))
    return "\n".join(lines)


def headline(session: Session, q: str, specific: list[str]) -> list[str]:
    """The figure asked for, first, on one line with its source: "三公经费预算 9.72 万元（§七，第 23 页）"."""
    if not specific:
        return []
    term = specific[0]
    for rx, suffixes, word in _MEASURES:
        if not rx.search(q):
            continue
        for r in session.reports:
            # the key says what it is and the report's own words around it name the topic
            figs = [f for f in r.facts.all_figures() if f.key.endswith(suffixes) and not f.key.startswith("misc")
                    and figure_matches(term, f.key, f.label)
                    and in_text(term, f.label + _sentence(r.doc.text, f.span.start, f.span.end))]
            figs.sort(key=lambda f: (":" in f.key, f.key.count("."), f.span.start))
            if figs:
                f = figs[0]
                who = f"{r.name}：" if len(session.reports) > 1 else ""
                name = term if word in term else term + word
                unit = f.unit if f.unit in ("%", "") else " " + f.unit
                return [f"{who}{name} {T.num(f.value)}{unit}（{source_of(f.span)}）"]
        return []
    return []


def _sentence(text: str, start: int, end: int) -> str:
    s = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    ends = [i for i in (text.find(c, end) for c in "。；\n") if i >= 0]
    return text[s:min(ends) if ends else len(text)]


def source_of(span) -> str:  # noqa: ANN001 - a schemas.Span
    """'§七，第 23 页': the section's numbering (its title when unnumbered) and the PDF page if known."""
    parts = []
    for title in (span.section or "").split(" > "):
        m = _NUMBERING.match(title)
        if m:
            parts.append(m.group(1).rstrip("、.．"))
    place = "§" + "".join(parts) if parts else (f"§{span.section.split(' > ')[-1][:16]}" if span.section else "")
    place = place or f"第 {span.start} 字符"
    return place + (f"，第 {span.page} 页" if span.page is not None else "")


def _passages(session: Session, q: str, missing: list[str]) -> list[str]:
    topic_terms = [t for t in topics(q) if t not in missing]
    if missing and not topic_terms:
        return []  # nothing in the text to quote; the findings below say what is missing
    hits = session.search(q, k=MAX_PASSAGES + 2)
    if topic_terms:  # keep passages that mention the topic, when any do
        on_topic = [(r, h) for r, h in hits if any(in_text(t, h.text) for t in topic_terms)]
        hits = on_topic or hits
    if not hits:
        return ["没有检索到相关段落。"]
    out = ["相关原文："]
    kw = keywords(q)
    for i, (r, h) in enumerate(hits[:MAX_PASSAGES], 1):
        s, e = T.excerpt(h.text, h.start, kw)
        out.append(f"[{i}] {T.where(h.section, s, e, r if len(session.reports) > 1 else None)}\n    {T.quote(r, s, e)}")
    return out


def _percent_text(num: str, den: str) -> str:
    """'num/den*100 = … ≈ …' by the safe calculator; a zero denominator is said, not raised."""
    try:
        return calculate(f"{num}/{den}*100").text()
    except CalcError as e:
        return f"{num}/{den}*100：{'分母为0' if str(e) == '除数为0' else e}，无法计算"


def _ratio_matches(c: RatioClaim, terms: list[str]) -> bool:
    label = c.label or c.stated.label
    return all(figure_matches(t, c.numerator.key + " " + c.stated.key, label + c.numerator.label) for t in terms)


def _formulas(session: Session, specific: list[str], terms: list[str]) -> list[str]:
    """The report's own ratios on the topic, as written and recomputed."""
    if not specific:
        return []
    out: list[str] = []
    seen: set[tuple] = set()
    for r in session.reports:
        for c in r.facts.claims:
            if not isinstance(c, RatioClaim) or not _ratio_matches(c, specific):
                continue
            key = (c.numerator.value, c.denominator.value, c.stated.value)
            if key in seen:
                continue
            seen.add(key)
            n, d, st = (T.num(x.value) for x in (c.numerator, c.denominator, c.stated))
            res = _percent_text(n, d)
            name = c.label or c.stated.label
            wrong = ratio_mismatch(c.stated.value, c.numerator.value, c.denominator.value)
            out.append(f"- {name}：报告写作 {n} ÷ {d} × 100% = {st}%；复核 {res}"
                       + ("" if c.denominator.value == 0 else "（与报告不符）" if wrong else "（一致）")
                       + f"  「{c.span.quote.strip()}」 — {T.where(c.span.section, c.span.start, c.span.end, r if len(session.reports) > 1 else None)}")
    if len(out) > MAX_FORMULAS:
        out = out[:MAX_FORMULAS] + [f"……另有 {len(out) - MAX_FORMULAS} 个算式（/facts 查看相关数字）"]
    return (["报告中的算式（原文与复核）："] + out) if out else []


def _figures(session: Session, specific: list[str]) -> list[str]:
    if not specific:
        return []
    text = T.get_facts(session, specific[0])
    if text.startswith("没有"):
        return []
    body = text.splitlines()
    return ["相关数字：" + body[0]] + body[1:9] + (["……（/facts " + specific[0] + " 查看全部）"] if len(body) > 9 else [])


def _finding_about(it: Numbered, words: list[str]) -> bool:
    f = it.finding
    hay = compact(f.message) + " ".join(compact(s.section or "") for s in f.evidence)
    return any(in_text(w, hay) for w in words)


def _findings(session: Session, words: list[str]) -> list[str]:
    if not words:
        return []
    items = [it for it in session.numbered() if _finding_about(it, words)]
    if not items:
        return [f"审核意见：规则检查没有针对“{'、'.join(words[:3])}”的意见。"]
    out = ["相关审核意见："]
    for it in items:
        out.append(f"- 第{it.n}条 [{T.SEVERITY_ZH[it.finding.severity.value]}] {it.finding.rule} "
                   f"{session.message(it.finding)}（/explain {it.n} 查看证据与算式）")
    return out


def _presumption(session: Session, q: str, specific: list[str]) -> list[str]:
    """'为什么超了': say whether the checks found it over budget, with the figures that decide it."""
    if not specific or not _OVER.search(q):
        return []
    over = [it for it in session.numbered() if it.finding.rule in ("OVER_BUDGET", "SUM_MISMATCH", "RATIO_MISMATCH")
            and _finding_about(it, specific)]
    out = []
    if over:
        out.append(f"规则检查对“{specific[0]}”有 {len(over)} 条计算类意见（见下方“相关审核意见”）。")
    for r in session.reports:
        pair = _actual_vs_budget(r, specific[0])
        if pair:
            a, b = pair
            rate = _percent_text(T.num(a.value), T.num(b.value))
            verdict = "未超预算" if a.value <= b.value else "超过预算"
            who = f"{r.name}：" if len(session.reports) > 1 else ""
            out.append(f"{who}按报告数字，“{specific[0]}”实际支出 {T.num(a.value)}{a.unit}「{a.span.quote}」，"
                       f"预算 {T.num(b.value)}{b.unit}「{b.span.quote}」，{verdict}（{rate}）。")
    if not out and any(in_text(specific[0], r.doc.text) for r in session.reports):
        out.append(f"规则检查未发现“{specific[0]}”超预算的问题。")
    elif not over and out:
        out.insert(0, f"规则检查未发现“{specific[0]}”超预算：")
    return out


def _actual_vs_budget(r: Report, term: str):
    figs = [f for f in r.facts.all_figures() if figure_matches(term, f.key, f.label) and ":" not in f.key]
    def best(suffixes: tuple[str, ...]):
        cands = [f for f in figs if f.key.endswith(suffixes) and f.key.count(".") == 1]
        return max(cands, key=lambda f: len(f.span.quote), default=None)

    actual, budget = best((".actual",)), best((".full_budget", ".budget"))
    if actual and budget and actual.unit == budget.unit:
        return actual, budget
    return None
