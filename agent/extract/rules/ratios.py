"""Stated ratios: written-out formulas, '完成预算的c%' execution rates, and '好评率' style rates."""

from __future__ import annotations

import re

from agent import fastre
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.context import Ctx
from agent.extract.rules.labels import clean_label, make_key, project_name, subject_of
from agent.extract.rules.mentions import money_unit
from agent.extract.rules.numbers import COUNT, NUM
from agent.extract.rules.tokens import Tok, depth_at, label_before, money_tokens
from agent.schemas import BudgetLine, DocumentKind, Figure, RatioClaim

_FORMULA_REST = (rf"=\s*(?P<a>{NUM})\s*(?P<ua>万元|元)?\s*[/÷]\s*(?P<b>{NUM})\s*(?P<ub>万元|元)?"
                 rf"\s*[*×xX]\s*100\s*%\s*=\s*(?P<c>{NUM})\s*%")
_FORMULA = fastre.compile(rf"(?P<name>[^=\n,，。;；:：]{{0,30}}?)\s*{_FORMULA_REST}")
_FORMULA_CORE = fastre.compile(_FORMULA_REST)  # from the '=' on: a literal first character, so a fast scan
_COMPLETION = fastre.compile(
    rf"(完成(?P<init>年初)?(全年)?预算(数)?的|执行率(为|达)?|(资金|预算)?执行进度(为|达)?|预算完成率(为|达)?)\s*(?P<pct>{NUM})\s*%")
_BUDGET_WORD = fastre.compile(r"预算|专项资金|金额|安排")
_ACTUAL_WORD = fastre.compile(r"决算|执行数|实际支出|使用|支出数")
_GRADE = fastre.compile(r"评价等级为\s*[\"“]?(?P<g>优秀|良好|中|合格|差)[\"”]?")
_SCORE = fastre.compile(rf"评价得分\s*(?P<s>{NUM})\s*分")
_RATE = fastre.compile(rf"(?P<stem>[\u4e00-\u9fff]{{1,6}})率\s*(为|达到?|是)?\s*(?P<pct>{NUM})\s*%")


def extract_formulas(ctx: Ctx, fb: FactsBuilder) -> None:
    if "=" not in ctx.text:  # every formula has one; the pattern's lazy 30-character name made the scan slow
        return
    for m in _formulas(ctx.text):
        name = clean_label(m.group("name")) or "比率"
        subj = subject_of(name)
        ua = m.group("ua") or m.group("ub") or money_unit(ctx, m.start("a"))
        num_key = make_key(subj, "actual", name) if subj else f"misc:{name}:分子"
        a = fb.add_figure(ctx.figure(m.start("a"), m.end("ua") if m.group("ua") else m.end("a"), value=m.group("a"),
                                     unit=ua, key=num_key, label=f"{name}分子"))
        b = fb.add_figure(ctx.figure(m.start("b"), m.end("ub") if m.group("ub") else m.end("b"), value=m.group("b"),
                                     unit=m.group("ub") or ua, key=f"misc:{name}:分母", label=f"{name}分母"))
        c = fb.add_figure(ctx.figure(m.start("c"), m.end(), value=m.group("c"), unit="%",
                                     key=f"misc:{name}", label=name))
        fb.claims.append(RatioClaim(stated=c, numerator=a, denominator=b, label=name, explicit_formula=True,
                                    span=ctx.span(m.start("name") if m.group("name").strip() else m.start("a"), m.end())))


def _formulas(text: str) -> list[re.Match[str]]:
    """``_FORMULA.finditer(text)``, found from each formula's '=': the pattern's lazy 30-character name
    tried at every offset of the text cost ≈ 17 ms a 20 k-character report.  The same matches: a match
    uses the first '=' after its start (the name holds none), ends where the rest matched from that
    '=' ends, and starts at most 30 characters before the blank run that precedes the '='."""
    out: list[re.Match[str]] = []
    pos = 0
    for core in _FORMULA_CORE.finditer(text):
        ws = core.start()
        while ws > pos and text[ws - 1].isspace():
            ws -= 1
        m = _FORMULA.search(text, max(pos, ws - 30), core.end())
        if m is None:  # cannot happen (see above); never lose a formula to the shortcut
            return list(_FORMULA.finditer(text))
        out.append(m)
        pos = m.end()
    return out


def _clause_start(ctx: Ctx, pos: int) -> int:
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    cut = max(ctx.text.rfind(ch, line_start, pos) for ch in "。；;")
    return max(line_start, cut + 1)


def _subject_text(ctx: Ctx, start: int, first_tok: Tok) -> str:
    head = ctx.text[start : first_tok.start]
    named = re.search(r"(?:年初预算项目|年中追加项目)\s*(?P<n>.+?)(?:专项资金|金额|$)", head)
    if named:
        return named.group("n").strip("，,：: ")
    head = re.split(r"全年预算|年初预算|预算数|专项资金|预算为|金额|预算\s*$|预算\d", head)[0]
    head = re.sub(r"^[\s\d、.()（）]*", "", head).strip("，,：: ")
    head = re.sub(r"^(一是|二是|三是|四是|五是|六是|七是|八是|九是)", "", head)
    return head.strip("，,：: ")


def extract_completion(ctx: Ctx, fb: FactsBuilder) -> None:
    """'全年预算数A万元，执行数B万元，完成预算的C%' and '年初预算为A万元，支出决算为B万元，完成年初预算的C%'."""
    for m in _COMPLETION.finditer(ctx.text):
        start = _clause_start(ctx, m.start())
        depth = depth_at(ctx, m.start())
        if depth:
            start = max(start, ctx.text.rfind("(", start, m.start()) + 1)
        toks = [t for t in money_tokens(ctx, start, m.start()) if t.depth == depth]
        if not toks and not depth:
            # '年初预算A万元，支出决算B万元。完成年初预算的C%': the figures close the previous sentence
            start = _clause_start(ctx, max(0, start - 1))
            toks = [t for t in money_tokens(ctx, start, m.start()) if t.depth == 0]
        cut = max(ctx.text.rfind(ch, start, m.start()) for ch in "：:；;")
        if cut > start and len([t for t in toks if t.start > cut]) >= 2:
            # '财政拨款支出790.15万元，主要用于以下方面：文物保护（项）年初预算A万元，支出决算B万元，完成…': the line is
            # the item's after the colon, not the whole's that introduces the list
            start = cut + 1
            toks = [t for t in toks if t.start > cut]
        if len(toks) < 2:
            # item titles on their own line: '1、…（项）。\n年初预算为A万元，支出决算为B万元'
            continue
        budget_tok = actual_tok = None
        for t in toks:
            ctx_words = ctx.text[max(start, t.start - 12) : t.start]
            if _ACTUAL_WORD.search(ctx_words):
                actual_tok = t
            elif _BUDGET_WORD.search(ctx_words) and actual_tok is None:
                budget_tok = t
        if budget_tok is None and actual_tok is not None and toks[0] is not actual_tok:
            budget_tok = toks[0]
        if m.group("init") and actual_tok is not None:
            # '年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%': the rate names
            # its base; the 年初 figure is the denominator even when a 全年 figure stands between
            initial_toks = [t for t in toks if t.start < actual_tok.start
                            and "年初" in ctx.text[max(start, t.start - 12) : t.start]]
            if initial_toks:
                budget_tok = initial_toks[-1]
        if budget_tok is None or actual_tok is None or budget_tok.start > actual_tok.start:
            continue
        between = ctx.text[budget_tok.end : actual_tok.start]
        if re.search(r"%|其中|[；;]", between):
            continue  # '三公预算A，决算B，完成C%，其中：出国费决算D，完成E%': D is a part's, not paired with A
        if re.search(r"(调增|调减|追加)\s*(?!0\s*万)[\d.]+\s*万", between):
            continue  # the rate is against 年初预算 ± 调整: the project line carries it
        initial = bool(m.group("init")) or "年初" in ctx.text[max(start, budget_tok.start - 12) : budget_tok.start]
        subject = _subject_text(ctx, start, toks[0])
        key_base, basis = _line_key(ctx, subject, start, initial)
        if subject in ("", "项目", "本项目", "该项目") and key_base.startswith("project:"):
            subject = key_base.removeprefix("project:")  # named by its numbered heading
        measure_b = "initial_budget" if initial else ("full_budget" if "全年" in ctx.text[max(start, budget_tok.start - 12):budget_tok.start] else "budget")
        b = fb.add_figure(ctx.figure(budget_tok.start, budget_tok.end, value=budget_tok.num, unit=budget_tok.unit,
                                     key=f"{key_base}.{measure_b}", label=f"{subject}预算数"))
        a = fb.add_figure(ctx.figure(actual_tok.start, actual_tok.end, value=actual_tok.num, unit=actual_tok.unit,
                                     key=f"{key_base}.actual", label=f"{subject}执行数"))
        c = fb.add_figure(ctx.figure(m.start("pct"), m.end(), value=m.group("pct"), unit="%",
                                     key=f"{key_base}.rate", label=f"{subject}执行率"))
        fb.claims.append(RatioClaim(stated=c, numerator=a, denominator=b, label=f"{subject}执行率",
                                    span=ctx.span(start, m.end())))
        tail_end = ctx.text.find("。", m.end())
        tail_end = len(ctx.text) if tail_end < 0 else tail_end
        tail = ctx.text[m.end() : min(tail_end, m.end() + 80)]
        grade = score = None
        g = _GRADE.search(tail)
        if g:
            grade = ctx.span(m.end() + g.start("g"), m.end() + g.end("g"))
        sc = _SCORE.search(tail)
        if sc:
            score = fb.add_figure(ctx.figure(m.end() + sc.start("s"), m.end() + sc.end(), value=sc.group("s"),
                                             unit="分", key=f"{key_base}.score", label=f"{subject}评价得分"))
        fb.budget_lines.append(BudgetLine(
            subject=subject or key_base, key=key_base,
            initial_budget=b if initial else None, full_budget=None if initial else b,
            actual=a, stated_rate=c, rate_basis=basis, score=score, grade=grade,
            span=ctx.span(start, m.end()),
        ))


_HEADED_NAME = fastre.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]\s*(?P<n>[^。；;，,：:\d]{2,30})[。：:]")


# a 科目 named by its code: '（一）2130301行政运行。', '行政运行（2100101）：'
_CODED_ITEM = fastre.compile(r"(?<![\d.])2[0-3]\d(?:\d\d){1,2}(?![\d.%])\s*[\u4e00-\u9fff]|[\u4e00-\u9fff][（(]2[0-3]\d(?:\d\d){1,2}[)）]")


def _line_key(ctx: Ctx, subject: str, start: int, initial: bool) -> tuple[str, str]:
    """Which item a budget line is about: a 决算 科目, a 三公 part, the department, or a project."""
    prev_line_end = start - 1
    prev_line_start = ctx.text.rfind("\n", 0, max(0, prev_line_end)) + 1
    prev_line = ctx.text[prev_line_start:prev_line_end] if start > 0 and ctx.text[start - 1] == "\n" else ""
    # '（三）城乡社区支出（类）…（项）。年初预算为…': the 科目 heads the line, before the clause
    line_head = ctx.text[ctx.text.rfind("\n", 0, start) + 1 : start]
    if re.search(r"[（(]类[）)]|[（(]款[）)]|[（(]项[）)]", subject + prev_line + line_head) or \
            _CODED_ITEM.search(subject + prev_line + line_head):
        name = re.sub(r"^[\s\d、.]*", "", subject or line_head or prev_line).strip("。 ").split("。")[-1]
        name = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", name)  # an inline heading and its '(一)' aside
        return f"account:{name[:40]}", "initial"
    subj = subject_of(subject)
    if subj and subj.startswith("sangong"):
        return subj, "full"
    if subject in ("项目", "本项目", "该项目") and DocumentKind.PROJECT_SELF_EVAL in ctx.kinds:
        return "total", ("initial" if initial else "full")  # a 项目支出绩效自评报告 is about one project
    headed = _HEADED_NAME.match(line_head)
    if subject in ("", "项目", "本项目", "该项目") and headed:
        subject = headed.group("n")  # '2.农村客运补贴。项目预算820.00万元…': the item its numbered heading names
    if not subject:
        return "misc:未命名", "unknown"
    if subj in ("total", "basic", "project", "fiscal") or re.search(r"财政拨款支出|整体支出", subject):
        return (subj or "total"), ("initial" if initial else "full")
    name = project_name(subject)
    if not name:
        return "misc:未命名", "unknown"
    return f"project:{name}", ("initial" if initial else "full")


def extract_stem_rates(ctx: Ctx, fb: FactsBuilder) -> None:
    """'汇集300.69万条好差评数据，其中好评数300.10万条，好评率99.99%': part named by the rate's stem / first total."""
    for sent in ctx.sentences():
        if "率" not in sent.text:
            continue  # (most sentences: no rate to read)
        for m in _RATE.finditer(ctx.text, sent.start, sent.end):
            counts = [c for c in COUNT.finditer(ctx.text, sent.start, m.start())]
            if len(counts) < 2:
                continue
            stem_text = m.group("stem")
            part = None
            for c in counts[1:]:
                label = label_before(ctx, c.start(1), sent.start)
                if any(len(k) >= 2 and stem_text.endswith(k) and k in label
                       for k in (stem_text[-4:], stem_text[-3:], stem_text[-2:])):
                    part = c
            if part is None:
                continue
            total = next((c for c in counts if c.start() < part.start() and c.group(2) == part.group(2)), None)
            if total is None:
                continue
            rate_name = stem_text[-4:] + "率"
            lt = label_before(ctx, total.start(1), sent.start)
            lp = label_before(ctx, part.start(1), sent.start)
            den = fb.add_figure(ctx.figure(total.start(1), total.end(), value=total.group(1), unit=total.group(2),
                                           key=f"misc:{lt}", label=lt))
            num = fb.add_figure(ctx.figure(part.start(1), part.end(), value=part.group(1), unit=part.group(2),
                                           key=f"misc:{lp}", label=lp))
            stated = fb.add_figure(ctx.figure(m.start("pct"), m.end(), value=m.group("pct"), unit="%",
                                              key=f"misc:{rate_name}", label=rate_name))
            fb.claims.append(RatioClaim(stated=stated, numerator=num, denominator=den, label=rate_name,
                                        span=ctx.span(total.start(1), m.end())))


__all__ = ["extract_formulas", "extract_completion", "extract_stem_rates", "Figure"]
