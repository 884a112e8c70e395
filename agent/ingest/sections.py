"""The section tree of a report, built from its Chinese heading markers.

Ranks (outermost first): 第X部分 / 附件 / document titles; 一、 and table titles; （一）;
1. / 1、; （1）.  A numbered line is a heading only when it is short and does not read as a
sentence, because reports also number plain list items ("1、负责指导…。").
"""

from __future__ import annotations

import re

from agent.ingest.normalize import normalize
from agent.ingest.tables import TABLE_TITLE
from agent.schemas import Section, SectionKind

_CN_NUM = "一二三四五六七八九十百零〇"
_PATTERNS: list[tuple[SectionKind, int, re.Pattern[str]]] = [
    (SectionKind.PART, 1, re.compile(rf"^第[{_CN_NUM}\d]+部分")),
    (SectionKind.ANNEX, 1, re.compile(r"^附件\s*\d*\s*$|^附件\s*\d*[:：、]")),
    (SectionKind.CHAPTER, 2, re.compile(rf"^[{_CN_NUM}]+\s*[、.]")),
    (SectionKind.SECTION, 3, re.compile(rf"^[(（]\s*[{_CN_NUM}]+\s*[)）]")),
    (SectionKind.ITEM, 4, re.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    (SectionKind.SUBITEM, 5, re.compile(r"^[(（]\s*\d{1,2}\s*[)）]")),
]
_TITLE = re.compile(r"(绩效自评报告|自评报告|决算情况说明|部门决算|评价报告)\s*$")
_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]*\]")


def _heading(line: str) -> tuple[SectionKind, int] | None:
    if line.startswith("\t") or not line.strip():
        return None  # table cells and blank lines (most lines of a 决算) are never headings
    body = _ARTEFACT.sub("", normalize(line).text).strip().strip("\t")
    if not body:
        return None
    compact = re.sub(r"\s+", "", body)
    for kind, rank, pat in _PATTERNS:
        m = pat.match(compact)
        if not m:
            continue
        rest = compact[m.end():]
        if kind in (SectionKind.PART, SectionKind.ANNEX):
            return kind, rank
        if len(rest) <= 40 and not rest.endswith(("。", ";", "；", ",")) and rest.count(",") <= 1:
            return kind, rank
        return None
    if len(compact) <= 40 and TABLE_TITLE.search(compact) and not compact.startswith(("注", "说明")):
        return SectionKind.TABLE, 2
    if len(compact) <= 40 and _TITLE.search(compact):
        return SectionKind.TITLE, 1
    return None


def _only_code(line: str) -> bool:
    """A line that carries only a table code and metadata (公开02表, 部门：…, 单位：万元)."""
    compact = re.sub(r"[\s\u3000]+", "", line)
    compact = re.sub(r"公开0?\d+表|(部门|编制单位)[:：][^单公]*|单位[:：](万元|元)", "", compact)
    return not compact


def build_sections(text: str) -> list[Section]:
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    pos = 0
    count = 0
    for line in text.split("\n"):
        found = _heading(line)
        if found:
            kind, rank = found
            if kind == SectionKind.TABLE and _only_code(line) and stack and stack[-1][1].kind == SectionKind.TABLE and (
                pos - stack[-1][1].start < 400 and "\n\t" not in text[stack[-1][1].start:pos]
            ):
                pos += len(line) + 1  # a second title line (e.g. 公开02表) of the same table
                continue
            count += 1
            title = re.sub(r"\s+", " ", _ARTEFACT.sub("", line)).strip()
            sec = Section(id=f"s{count}", title=title, level=rank, kind=kind, start=pos, end=len(text))
            while stack and stack[-1][0] >= rank:
                _, closed = stack.pop()
                closed.end = pos
            (stack[-1][1].children if stack else roots).append(sec)
            stack.append((rank, sec))
        pos += len(line) + 1
    return roots
