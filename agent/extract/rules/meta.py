"""Document-level facts: fiscal year, document kind(s), title and unit name."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from agent import fastre
from agent.schemas import Document, DocumentKind

_ANY_WIDTH_YEAR = fastre.compile(r"([2２][0０][12１２][0-9０-９])\s*年")


def fiscal_year(doc: Document) -> int | None:
    """The year in the title if any (first lines), else the most frequent 'YYYY年'."""
    return _fiscal_year_of(doc.text)


@lru_cache(maxsize=16)
def _fiscal_year_of(text: str) -> int | None:
    """Cached by the text (a str hashes once): table readers ask for it per column of every table."""
    head = unicodedata.normalize("NFKC", text[:400])  # '２０２４年度…' counts as 2024
    # '…管委会2024年' / '一般公共预算“三公”经费预算': a title broken over two lines
    m = re.search(r"(20[12]\d)\s*年度?\s*\n?[^\n]{0,30}(报告|决算|自评|(部门|单位)预算|经费预算|支出预算)", head)
    if m:
        return int(m.group(1))
    # years in full-width digits count too, without normalising a whole (possibly very large) report
    counts = Counter(int(unicodedata.normalize("NFKC", y)) for y in _ANY_WIDTH_YEAR.findall(text))
    return counts.most_common(1)[0][0] if counts else None


def _title_lines(text: str) -> str:
    """The first two non-empty lines: where a report names what it is ('…项目绩效自评报告')."""
    return "".join([ln.strip() for ln in text[:400].split("\n") if ln.strip()][:2])


def document_kinds(doc: Document) -> list[DocumentKind]:
    kinds: list[DocumentKind] = []
    text = doc.text
    if re.search(r"公开\s*0?1\s*表|收入支出决算总表|部门决算", text):
        kinds.append(DocumentKind.FINAL_ACCOUNTS)
    head = re.sub(r"\s+", "", text[:300])  # the title block
    if not kinds and re.search(r"(部门|单位)预算|收支预算总表|预算公开", head) and not re.search(r"决算|自评", head):
        kinds.append(DocumentKind.BUDGET)
        return kinds
    title = _title_lines(text)
    if re.search(r"部门整体支出[^\n]{0,6}绩效自评|整体支出绩效自评|部门整体支出预算绩效自评", text):
        kinds.append(DocumentKind.DEPT_SELF_EVAL)
    elif re.search(r"项目(支出)?(预算)?绩效(自评|自我评价)", title):
        kinds.append(DocumentKind.PROJECT_SELF_EVAL)
    elif re.search(r"(局|委|办|院|中心|部|会|所|站|馆|室)\d{4}年度?[^\n]{0,12}绩效自评报告", title):
        kinds.append(DocumentKind.DEPT_SELF_EVAL)  # '某局2024年度预算执行情况及绩效自评报告': the department's
    elif re.search(r"项目支出绩效自评", text):
        kinds.append(DocumentKind.PROJECT_SELF_EVAL)
    if not kinds and re.search(r"(部门|单位)预算|预算情况说明|(基本|项目)支出预算\s*\d", text) and \
            not re.search(r"自评|决算|执行率|执行数|控制率|实际支出|共计支出", text):
        kinds.append(DocumentKind.BUDGET)  # a 预算 说明 published without its title page ('2023年单位预算全口径安排…')
    if not kinds and re.search(r"绩效|自评", text):
        kinds.append(DocumentKind.DEPT_SELF_EVAL)
    return kinds or [DocumentKind.UNKNOWN]


def title(doc: Document) -> str | None:
    for sec in doc.iter_sections():
        if sec.kind.value == "title":
            return sec.title
    for line in doc.text.split("\n")[:8]:
        line = line.strip()
        if 6 <= len(line) <= 50 and re.search(r"报告|决算|自评|预算执行情况", line):
            return line
    return None


def unit_name(doc: Document) -> str | None:
    m = re.search(r"部门[:：]\s*([^\s\t]{3,30}?(局|委|办|中心|院|所|厅))", doc.text)
    if m:
        return m.group(1)
    m = re.search(r"([\u4e00-\u9fff]{2,20}(局|委员会|办公室|中心))\s*\n?\s*(20\d\d\s*年度)?\s*[^\n]{0,6}部门整体", doc.text[:600])
    if m:
        return m.group(1)
    m = re.search(r"^\s*([\u4e00-\u9fff]{4,20}(局|委员会|办公室|中心))\s*$", doc.text[:300], re.M)
    return m.group(1) if m else None
