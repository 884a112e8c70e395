"""Shared by the render tests: real findings on seed 003, a .docx made from a seed, and readers
that check where Word comments are anchored (straight from the package XML, not python-docx).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from agent.schemas import (
    Document,
    DocumentInfo,
    DocumentKind,
    Finding,
    FindingValues,
    ReviewResult,
    ReviewSummary,
    Severity,
    Span,
    ToolInfo,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _find(doc: Document, quote: str, after: str | None = None, nth: int = 0) -> Span:
    """Span of the nth occurrence of ``quote`` (after the first occurrence of ``after``)."""
    pos = doc.text.index(after) if after else 0
    start = doc.text.index(quote, pos)
    for _ in range(nth):
        start = doc.text.index(quote, start + 1)
    return doc.span(start, start + len(quote))


def _finding(rule: str, sev: Severity, msg: str, msg_en: str, evidence: list[Span], **kw) -> Finding:
    return Finding(
        id=Finding.make_id(rule, evidence), rule=rule, severity=sev, message=msg, message_en=msg_en,
        evidence=evidence, section=evidence[0].section, **kw,
    )


def seed003_findings(doc: Document) -> list[Finding]:
    """Real problems of seed 003 (株洲市行政审批服务局 2024 部门决算) with grounded evidence."""
    ratio = _find(doc, "授予中小企业合同金额118.97万元，占政府采购支出总额的97.47%")
    housing_fig = _find(doc, "年初预算53.14万元，支出决算41.39万元")
    housing_claim = _find(doc, "决算数大于年初预算数", after="年初预算53.14万元")
    phone = _find(doc, "18670870880")
    cell = _find(doc, "1,489.93")  # first table: 收入支出决算总表, 一般公共预算财政拨款收入
    residue_row = _find(doc, "2.本套报表金额单位转换时可能存在尾数误差")
    return [
        _finding(
            "RATIO_MISMATCH", Severity.ERROR,
            "授予中小企业合同金额118.97万元占政府采购支出总额119.60万元的比例应为99.47%，报告为97.47%，请核实。",
            "Contracts to SMEs 118.97 of total procurement 119.60 is 99.47%, the report states 97.47%; please check.",
            [ratio],
            values=FindingValues(stated="97.47%", recomputed="99.47%", tolerance="±0.005%",
                                 details={"numerator": "118.97", "denominator": "119.60"}),
            suggestion="请将“占政府采购支出总额的97.47%”更正为99.47%。",
        ),
        _finding(
            "TEXT_CONTRADICTION", Severity.WARNING,
            "住房保障支出决算41.39万元小于年初预算53.14万元，但报告称“决算数大于年初预算数”，表述与数据相反，请核实。",
            "住房保障 spending 41.39 is below its initial budget 53.14, yet the report says spending exceeded "
            "the budget; please correct the wording.",
            [housing_claim, housing_fig],
            values=FindingValues(stated="大于", recomputed="41.39 < 53.14（小于）"),
            related_rules=["RATIO_MISMATCH"],
            suggestion="请将“决算数大于年初预算数”改为“决算数小于年初预算数”，并相应说明原因。",
        ),
        _finding(
            "PRIVACY", Severity.INFO,
            "公开文件中含个人手机号码18670870880，建议删除或改为办公电话。",
            "A personal mobile number (18670870880) appears in a public document; remove it or use an office number.",
            [phone],
        ),
        _finding(
            "FIGURE_INCONSISTENT", Severity.INFO,
            "一般公共预算财政拨款收入1,489.93万元与支出合计存在尾数差异，报告已注明尾数误差，请复核。",
            "General-budget appropriation income 1,489.93 differs from total spending by a rounding "
            "remainder that the report notes; please recheck.",
            [cell, residue_row],
            values=FindingValues(stated="1,489.93", recomputed="1,489.92", tolerance="±0.01"),
        ),
    ]


def make_result(doc: Document, findings: list[Finding]) -> ReviewResult:
    by_sev: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for f in findings:
        by_sev[f.severity.value] = by_sev.get(f.severity.value, 0) + 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return ReviewResult(
        document=DocumentInfo(
            id=doc.id, path=doc.path, format=doc.format, sha256=doc.sha256,
            title="株洲市行政审批服务局2024年度部门决算", unit_name="株洲市行政审批服务局", year=2024,
            kind=DocumentKind.FINAL_ACCOUNTS,
        ),
        findings=findings,
        summary=ReviewSummary(total=len(findings), by_severity=by_sev, by_rule=by_rule),
        tool=ToolInfo(version="0.1.0", rules_version="test", extractor="test"),
    )


def result_for(doc: Document) -> ReviewResult:
    """The review pipeline's result when it exists, else the hand-built seed-003 findings."""
    return make_result(doc, seed003_findings(doc))


# --------------------------------------------------------------------------- .docx from a seed


def seed_to_docx(text: str, out: Path, split_every: int = 7) -> None:
    """A Word report from seed text: body lines become paragraphs, tab-led cell lines real tables.

    Each paragraph is cut into runs every ``split_every`` characters with alternating bold, so
    quotes start and end in the middle of runs, as in real Word files.
    """
    import docx

    document = docx.Document()

    def fill(p, s: str) -> None:
        for i in range(0, len(s), split_every):
            r = p.add_run(s[i:i + split_every])
            r.bold = (i // split_every) % 2 == 1

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            rows: list[list[str]] = [[]]
            while i < len(lines) and (lines[i].startswith("\t") or (
                    lines[i] == "" and i + 1 < len(lines) and lines[i + 1].startswith("\t"))):
                if lines[i] == "":
                    rows.append([])
                else:
                    rows[-1].append(lines[i][1:])
                i += 1
            rows = [r for r in rows if r]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    fill(cell.paragraphs[0], value.replace("\t", " "))
            continue
        fill(document.add_paragraph(), lines[i].lstrip("\t"))
        i += 1
    document.save(str(out))


# --------------------------------------------------------------------------- reading comments back


def _run_text(r) -> str:
    out = []
    for c in r:
        tag = c.tag
        if tag == W + "t":
            out.append(c.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag == W + "br" and c.get(W + "type") in (None, "textWrapping"):
            out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def read_comments(path: Path) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """(comments by id from word/comments.xml, commented text by id as one string per paragraph)."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():  # a document without findings has no comments part
            return {}, {}
        comments_xml = etree.fromstring(z.read("word/comments.xml"))
        document_xml = etree.fromstring(z.read("word/document.xml"))
    comments = {}
    for c in comments_xml.iter(W + "comment"):
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
        comments[c.get(W + "id")] = {"author": c.get(W + "author"), "initials": c.get(W + "initials"),
                                     "text": text}
    open_: dict[str, list[tuple[object, str]]] = {}
    done: dict[str, list[str]] = {}
    for el in document_xml.iter():
        if el.tag == W + "commentRangeStart":
            open_[el.get(W + "id")] = []
        elif el.tag == W + "commentRangeEnd":
            pieces = open_.pop(el.get(W + "id"))
            paras: list[list] = []
            for p, s in pieces:
                if not paras or paras[-1][0] is not p:
                    paras.append([p, ""])
                paras[-1][1] += s
            done[el.get(W + "id")] = [s for _, s in paras]
        elif el.tag == W + "r" and open_:
            if any(a.tag == W + "del" for a in el.iterancestors()):
                continue
            p = next(a for a in el.iterancestors() if a.tag == W + "p")
            for pieces in open_.values():
                pieces.append((p, _run_text(el)))
    assert not open_, f"comment ranges never closed: {sorted(open_)}"
    return comments, done


def quote_paragraph_pieces(quote: str) -> list[str]:
    """What a quote looks like as paragraph text: the loaded text's line/cell separators removed."""
    return [ln[1:] if ln.startswith("\t") else ln for ln in quote.split("\n") if ln.strip("\t")]
