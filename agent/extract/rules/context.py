"""Shared state of one extraction run: the document, its normalised view, and figure construction.

Patterns run on the normalised text; every figure and claim span is mapped back to the loaded
text here, so grounding is guaranteed by construction rather than checked afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from agent import fastre
from agent.extract.rules.numbers import norm_unit
from agent.ingest.normalize import NormalizedText, normalize
from agent.schemas import Document, Figure, Span

_TERMINAL = "。；;!?！？"
_STOP = fastre.compile(r"[。；;!?！？\n]")
_AMOUNT_FIRST = fastre.compile(r"\d+(\.\d+)?\s*(万元|元|万|%)")


@dataclass
class Sentence:
    start: int  # in normalised text
    end: int
    text: str


_PROJECT_WHOLE_YEAR = fastre.compile(
    r"(?:^|[。；;，,：:\s和及])(全年|本年度?|当年|年度)(共|共计)?(实际)?(支出|执行数?|预算数?|到位资金|资金到位数?|下达(资金)?)"
    r"([\u4e00-\u9fff]{0,4}资金)?(为|是)?\s*$")  # '全年共支出管护资金512.47万元': the project's spending

# a department's own budget or spending named by its measure alone ('年初预算986.00万元', '实际支出增加了…')
_DEPT_WHOLE = fastre.compile(
    r"(?:^|[。；;，,：:\s和及])(?:\d{4}年度?)?(?:(?:本|我)?(?:局|委|办|单位|部门|中心|院|所|站|厅|馆|队))?"  # '本局全年实际支出'
    r"((全年|本年度?|当年|年度)(实际)?(支出|执行数?|预算数?|支出总额)|年初预算数?|"
    r"调整后(的)?(全年)?预算数?|(本?部门)?(整体)?实际支出|支出总额|总支出)(数)?(为|是|共计)?\s*$")
_DEPT_WORDS = fastre.compile(r"部门(整体)?|财政资金|预算资金|资金收支|收支")  # '二、部门财政资金收支情况' is the whole
_NARROW_SECTION = fastre.compile(r"项目|三公|专项|经费|科目|基本支出|单位|资金|采购|结转|结余|收入")
_UNIT_NOTE = fastre.compile(r"[（(](金额)?单位[:：][^）)]*[）)]")  # （金额单位：元） names no scope


@dataclass
class Ctx:
    doc: Document
    nt: NormalizedText = field(init=False)
    year: int | None = None
    kinds: list = field(default_factory=list)
    _sentences: list[Sentence] | None = field(default=None, init=False)
    _periods: list[Sentence] | None = field(default=None, init=False)
    _mentions: list | None = field(default=None, init=False)  # agent.extract.rules.mentions
    _by_period: list | None = field(default=None, init=False)
    _mention_starts: list | None = field(default=None, init=False)  # mentions.mentions_between
    _money_tokens: tuple | None = field(default=None, init=False)  # tokens.money_tokens: (tokens, their starts)

    text: str = field(init=False)  # the normalised text (an attribute: read a million times on a large report)

    def __post_init__(self) -> None:
        self.nt = normalize(self.doc.text)
        self.text = self.nt.text

    # ------------------------------------------------------------------ spans
    def span(self, nstart: int, nend: int) -> Span:
        s, e = self.nt.to_source(nstart, nend)
        # trim surrounding whitespace so quotes read cleanly
        src = self.doc.text
        while s < e and src[s].isspace():
            s += 1
        while e > s and src[e - 1].isspace():
            e -= 1
        return self.doc.span(s, e)

    def figure(
        self,
        nstart: int,
        nend: int,
        *,
        value: str | Decimal,
        unit: str,
        key: str,
        label: str,
        origin: str = "text",
        year: int | None = None,
    ) -> Figure:
        span = self.span(nstart, nend)
        return Figure(
            key=key,
            label=label,
            value=Decimal(value),
            unit=norm_unit(unit),
            year=year if year is not None else self.year,
            span=span,
            section=span.section,
            origin=origin,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ sentences
    def sentences(self) -> list[Sentence]:
        """Sentences of the normalised text; a line broken inside a sentence (page-break
        artefacts such as '公用经费\\n\\n18 万元') is joined to the next line."""
        if self._sentences is not None:
            return self._sentences
        text = self.text
        out: list[Sentence] = []
        start = 0
        i = 0
        n = len(text)
        while i < n:
            stop = _STOP.search(text, i)  # only terminals and line ends do anything: jump to the next one
            if stop is None:
                break
            i = stop.start()
            ch = text[i]
            if ch in _TERMINAL:
                out.append(Sentence(start, i + 1, text[start : i + 1]))
                start = i + 1
            elif ch == "\n":
                j = i
                while j < n and text[j] in "\n \t":
                    j += 1
                prev = text[start:i].rstrip()
                joins = prev and prev[-1] not in _TERMINAL + ":：" and j < n \
                    and _AMOUNT_FIRST.match(text[j : j + 20]) \
                    and not text[start:i].startswith("\t")
                if not joins:
                    if text[start:i].strip():
                        out.append(Sentence(start, i, text[start:i]))
                    start = i + 1
                    i = j - 1 if j > i + 1 else i
                    start = i + 1
            i += 1
        if text[start:].strip():
            out.append(Sentence(start, n, text[start:]))
        self._sentences = [s for s in out if s.text.strip()]
        return self._sentences

    def periods(self) -> list[Sentence]:
        """Full sentences: cut at 。!? and line ends only ('；' separates clauses of one statement)."""
        if self._periods is None:
            out = []
            for m in re.finditer(r"[^。!?！？\n]+[。!?！？]?", self.text):
                if m.group().strip():
                    out.append(Sentence(m.start(), m.end(), m.group()))
            self._periods = out
        return self._periods

    def subject(self, text: str, pos: int | None = None) -> str | None:
        """subject_of, plus: in a 项目支出绩效自评报告 '项目/本项目' is the project itself (key 'total');
        in a 部门整体 report, at ``pos`` (normalised) in a section about the whole budget, a bare
        '全年实际支出' is the department's."""
        from agent.extract.rules.labels import subject_of
        from agent.schemas import DocumentKind

        found = subject_of(text)
        if found is None and DocumentKind.PROJECT_SELF_EVAL in self.kinds and (
                re.search(r"项目", text) or _PROJECT_WHOLE_YEAR.search(text)):
            return "total"  # '全年实际支出1026.48万元' in a 项目 report: the project's own spending
        if found is None and pos is not None and self.kinds and self.kinds[0] == DocumentKind.DEPT_SELF_EVAL \
                and _DEPT_WHOLE.search(text) and self._whole_budget_section(pos):
            return "total"  # '（二）预算执行情况 1.总体执行。全年实际支出1938.62万元': the department's
        return found

    def _whole_budget_section(self, pos: int) -> bool:
        """The section holding pos (below the title), and its paragraph up to pos, name no narrower scope:
        no project, 三公, account ('（三）“三公”经费。…全年实际支出9.37万元' is the 三公's)."""
        line = self.text[self.text.rfind("\n", 0, pos) + 1 : pos]
        cut = line.find("。")  # the paragraph's inline heading ('（三）“三公”经费。') and the sentence itself
        line = (line[: cut + 1] + line[line.rfind("。") + 1 :]) if cut >= 0 else line
        if _NARROW_SECTION.search(line) or re.search(r"基本支出|项目支出|人员经费|公用经费", line):
            return False
        path = self.doc.section_path(self.nt.to_source(pos, pos + 1)[0]) or ""
        inner = path.split(" > ")[1:]
        if not inner and cut >= 0:  # headings written inline ('（三）预算执行。全年实际支出…'): the paragraph's own
            return bool(re.match(r"\s*[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*[^。]{0,12}(预算|支出|执行|资金|收支)", line))
        return bool(inner) and not any(_NARROW_SECTION.search(_DEPT_WORDS.sub("", _UNIT_NOTE.sub("", t))) for t in inner)

    def paragraph_bounds(self, pos: int) -> tuple[int, int]:
        """The line (paragraph) of the normalised text containing pos."""
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return s, (len(self.text) if e < 0 else e)
