"""The single source of truth for every data type the pipeline passes around.

Document (what was loaded) -> Facts (what the report states, grounded) -> Finding
(what is wrong with it).  Every stage takes and returns these pydantic models; JSON
output is always ``model_dump_json`` of one of them.
"""

from __future__ import annotations

import bisect
import hashlib
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PrivateAttr

SCHEMA_VERSION = "1.0"

# Decimals serialise as strings so "99.10" keeps its stated precision in JSON.
Money = Annotated[Decimal, PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- document


class Span(Model):
    """A verbatim quote of the loaded text with its character offsets."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    page: int | None = None
    section: str | None = Field(default=None, description="section path, e.g. '三、资金使用及绩效情况 > （一）…'")


class SectionKind(StrEnum):
    PART = "part"  # 第一部分
    CHAPTER = "chapter"  # 一、
    SECTION = "section"  # （一）
    ITEM = "item"  # 1. / 1、
    SUBITEM = "subitem"  # （1）
    ANNEX = "annex"  # 附件
    TABLE = "table"  # 公开01表, 收入支出决算总表, 自评表
    TITLE = "title"  # the document title


class Section(Model):
    id: str
    title: str
    level: int
    kind: SectionKind
    start: int = Field(description="offset of the heading line in Document.text")
    end: int = Field(description="offset where the section (with its children) ends")
    children: list[Section] = Field(default_factory=list)


class TableCell(Model):
    """One cell; ``row``/``col`` are its grid position when the loader knows the grid (PDF rulings,
    .docx), so a merged cell is one cell with a span instead of a dropped or shifted column."""

    text: str
    start: int
    end: int
    row: int | None = None
    col: int | None = None
    rowspan: int = 1
    colspan: int = 1


class Table(Model):
    id: str
    title: str | None = None
    start: int
    end: int
    page: int | None = None
    rows: list[list[TableCell]] = Field(default_factory=list)
    n_cols: int | None = Field(default=None, description="grid width when the loader knows the grid")
    continued_from: str | None = Field(default=None, description="id of the table this one continues "
                                       "(a table broken over a page)")

    def grid(self) -> list[list[TableCell | None]]:
        """Cells by grid position; a merged cell stands in every position it covers.  Without known
        positions, each row's cells left to right (the text convention cannot tell spans)."""
        if self.n_cols is None or any(c.row is None or c.col is None for r in self.rows for c in r):
            return [list(r) for r in self.rows]
        height = max((c.row + c.rowspan for r in self.rows for c in r), default=0)  # type: ignore[operator]
        out: list[list[TableCell | None]] = [[None] * self.n_cols for _ in range(height)]
        for r in self.rows:
            for c in r:
                for i in range(c.row, c.row + c.rowspan):  # type: ignore[arg-type]
                    for j in range(c.col, min(self.n_cols, c.col + c.colspan)):  # type: ignore[arg-type]
                        out[i][j] = c
        return out


class TextBlock(Model):
    """Where a range of Document.text came from in the source file.

    locator is ``p:<i>`` for the i-th body paragraph of a .docx, ``t:<t>/r:<r>/c:<c>/p:<i>``
    for a paragraph inside a table cell, ``page:<n>`` for PDF text, ``sheet:<name>/r:<r>/c:<c>``
    for a spreadsheet cell.  run_starts holds, for .docx, the offset in Document.text where
    each run of the paragraph begins, so a comment can be anchored on exact runs.
    """

    start: int
    end: int
    locator: str
    page: int | None = None
    run_starts: list[int] = Field(default_factory=list)


class Document(Model):
    schema_version: str = SCHEMA_VERSION
    id: str = Field(description="first 16 hex digits of the sha256 of the source bytes")
    path: str
    format: Literal["txt", "md", "docx", "pdf", "xlsx"]
    sha256: str
    encoding: str | None = None
    text: str
    sections: list[Section] = Field(default_factory=list, description="roots of the section tree")
    tables: list[Table] = Field(default_factory=list)
    blocks: list[TextBlock] = Field(default_factory=list)
    _offsets: dict[int, list[int]] = PrivateAttr(default_factory=dict)
    _paths: dict[int, str | None] = PrivateAttr(default_factory=dict)  # section_path by offset, asked per span

    def iter_sections(self):
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.children))

    def _starts(self, items: list) -> list[int]:
        """Start offsets of a sorted list of sections or blocks, cached (spans are made by the
        thousand on a large report: a linear scan each time made review quadratic)."""
        offsets = self.__pydantic_private__["_offsets"]  # direct: pydantic's __getattr__ cost 5 µs a call
        key = id(items)
        cached = offsets.get(key)
        if cached is None or len(cached) != len(items):
            cached = [x.start for x in items]
            offsets[key] = cached
        return cached

    def section_path(self, offset: int) -> str | None:
        """Titles of the sections containing ``offset``, outermost first, joined by ' > '."""
        memo = self.__pydantic_private__["_paths"]
        if offset in memo:
            return memo[offset]
        memo[offset] = found = self._section_path(offset)
        return found

    def _section_path(self, offset: int) -> str | None:
        path: list[str] = []
        level = self.sections
        while level:
            i = bisect.bisect_right(self._starts(level), offset) - 1
            hit = level[i] if i >= 0 and level[i].start <= offset < level[i].end else None
            if hit is None:
                break
            path.append(hit.title)
            level = hit.children
        return " > ".join(path) if path else None

    def page_at(self, offset: int) -> int | None:
        """The PDF page of ``offset`` (page blocks are disjoint and in order); None for other formats."""
        if not self.blocks or self.blocks[0].page is None:
            return None
        i = bisect.bisect_right(self._starts(self.blocks), offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i].page
        return None

    def span(self, start: int, end: int) -> Span:
        """A grounded Span over the loaded text (quote taken from the text itself).  Validated: for a
        model this small pydantic's validator is faster than ``model_construct`` (a review makes tens of
        thousands)."""
        if not 0 <= start <= end:
            raise ValueError(f"span [{start}, {end}) is not within the text")
        return Span(start=start, end=end, quote=self.text[start:end], page=self.page_at(start),
                    section=self.section_path(start))


# --------------------------------------------------------------------------- facts


class Figure(Model):
    """One number the report states, with what it measures and where it stands."""

    key: str = Field(
        description="canonical key of the quantity, e.g. 'dept.project.actual', "
        "'project:信创适配改造项目.actual', 'sangong.budget'; equal keys mean the same quantity"
    )
    label: str = Field(description="what it measures, in the report's words, e.g. '项目支出 执行数'")
    value: Money
    unit: str = Field(description="万元, 元, %, 分, 人次, 个, 件 …")
    year: int | None = None
    span: Span
    section: str | None = None
    origin: Literal["text", "table"] = "text"

    @property
    def decimals(self) -> int:
        exp = self.value.as_tuple().exponent
        return -exp if isinstance(exp, int) and exp < 0 else 0


class ClaimBase(Model):
    span: Span = Field(description="the sentence or table region making the claim")
    label: str = ""


class SumClaim(ClaimBase):
    """total = Σ parts (e.g. 基本支出 + 项目支出 = 总支出)."""

    kind: Literal["sum"] = "sum"
    total: Figure
    parts: list[Figure]
    note_rounding: bool = Field(default=False, description="the report notes 尾数误差 for this total")


class RatioClaim(ClaimBase):
    """stated% = numerator / denominator (e.g. '9.60/9.72*100%=98.77%', '完成预算的84.85%')."""

    kind: Literal["ratio"] = "ratio"
    stated: Figure
    numerator: Figure
    denominator: Figure
    explicit_formula: bool = Field(default=False, description="the report writes the division out")
    bound: Literal["at_least", "at_most", "about"] | None = Field(
        default=None, description="the rate is stated as a bound or an estimate ('达到90%以上', '95%左右'), not a value")


class ChangeClaim(ClaimBase):
    """A stated change of a current value against a prior one (增加/减少 N, 增长/降低 x%)."""

    kind: Literal["change"] = "change"
    current: Figure | None = Field(description="None when only the prior and the change are stated "
                                               "('一般公共预算拨款比上年2,312.40万元增加144.40万元，增长5.8%')")
    direction: Literal["increase", "decrease"]
    amount: Figure | None = None
    rate: Figure | None = None
    prior: Figure | None = Field(default=None, description="the base value when the report states it")
    explanation: Span | None = Field(default=None, description="the reason the report gives right after the change "
                                                               "('增加的主要原因是…'), quoted when its direction is wrong")


class BalanceClaim(ClaimBase):
    """result = Σ plus − Σ minus (年初结转 + 本年收入 − 本年支出 = 年末结转结余; 年初预算 + 调整 = 全年预算)."""

    kind: Literal["balance"] = "balance"
    result: Figure
    plus: list[Figure]
    minus: list[Figure] = Field(default_factory=list)


class DirectionClaim(ClaimBase):
    """A sentence asserting left > right (or <, or =), e.g. '决算数大于年初预算数的主要原因'."""

    kind: Literal["direction"] = "direction"
    left: Figure
    right: Figure
    relation: Literal["gt", "lt", "eq"] = Field(description="eq: '决算数等于预算数'")
    wording: Span = Field(description="the direction words themselves, e.g. '大于'")
    right_name: str | None = Field(default=None, description="what the sentence calls the right side when its "
                                   "figure is stated elsewhere, e.g. '全年预算数'")
    item: str | None = Field(default=None, description="the item its line is about, when the line opens by naming "
                             "it, e.g. '信息化建设' in '2．信息化建设（2101504）：年初预算为120.00万元…'")


class BudgetLine(Model):
    """Budget and execution of one item: the department, 基本/项目支出, 三公经费, a project."""

    subject: str = Field(description="'部门整体', '基本支出', '项目支出', '三公经费', or a project name")
    key: str
    initial_budget: Figure | None = None  # 年初预算
    adjustment: Figure | None = None  # 调增/调减 (signed)
    full_budget: Figure | None = None  # 全年预算 / 调整后预算
    actual: Figure | None = None  # 执行数 / 实际支出
    stated_rate: Figure | None = None  # 执行率 / 完成预算的 x%
    rate_basis: Literal["initial", "full", "unknown"] = "unknown"
    score: Figure | None = None
    grade: Span | None = Field(default=None, description="a stated grade such as '优秀'")
    span: Span


class Comparator(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


class ScoreRow(Model):
    """One row of a 绩效自评表."""

    level1: str | None = None
    level2: str | None = None
    level3: str
    weight: Figure | None = Field(default=None, description="分值")
    score: Figure | None = Field(default=None, description="得分")
    target_text: str | None = None
    target_comparator: Comparator | None = None
    target: Figure | None = None
    actual_text: str | None = None
    actual: Figure | None = None
    reason: str | None = None
    span: Span


class ScoreGroup(Model):
    name: str = Field(description="一级/二级指标 name, e.g. '产出指标'")
    stated_weight: Figure
    row_indexes: list[int]


class ScoreTable(Model):
    rows: list[ScoreRow] = Field(default_factory=list)
    groups: list[ScoreGroup] = Field(default_factory=list)
    total_weight: Figure | None = None
    total_score: Figure | None = None
    span: Span
    one_decimal: bool = Field(default=False, description="the report states its 得分 are kept to one decimal "
                              "('得分精确到小数点后一位'): a whole-number 得分 then means exactly that number")
    excerpt: bool = Field(default=False, description="the table is presented as an excerpt ('自评表（节选）'): "
                          "its rows' 分值 need not add up to 100")
    unscored_funds: bool = Field(default=False, description="a 资金 block ('年度资金总额 | 全年预算数 | 全年执行数 | 执行率') "
                                 "without 分值 or 得分: the rows' 分值 may leave its weight to the 总分")


class StatementKind(StrEnum):
    ADJUST_RATE_ZERO = "adjust_rate_zero"  # "预算调整率为0"
    GRADE = "grade"  # 评价等级为"优秀"
    PROBLEM = "problem"  # a problem statement that names a direction
    YEAR_REFERENCE = "year_reference"
    TEMPLATE_RESIDUE = "template_residue"
    PRIVACY = "privacy"
    DUPLICATE = "duplicate"
    MISSING = "missing"
    EMPTY_TABLE_NOTE = "empty_table_note"  # '故本表为空表' under a table that holds figures
    REASON_CONTRADICTS = "reason_contradicts"  # '减少2.98%。主要原因是：…经费增加'
    FULLY_SPENT = "fully_spent"  # '项目资金已全部支付完毕', '无结余资金': the whole budget said to be spent
    GOOD_PROGRESS = "good_progress"  # '资金支出进度总体较快', '预算执行情况良好': spending said to be on track


class Statement(Model):
    """A checkable non-arithmetic statement, grounded on a span."""

    kind: StatementKind
    span: Span
    detail: str = ""
    value: Money | None = None
    related: list[Span] = Field(default_factory=list)


Claim = Annotated[
    SumClaim | RatioClaim | ChangeClaim | BalanceClaim | DirectionClaim, Field(discriminator="kind")
]


class CoverageStatus(StrEnum):
    HELD = "held"  # checked, and the arithmetic agrees within tolerance
    FAILED = "failed"  # checked, and it does not (a finding says so)
    NOT_VERIFIED = "not_verified"  # numbers found, but no relation confident enough to check
    UNREAD = "unread"  # a table or passage that could not be read reliably


class CoverageItem(Model):
    """One thing the review checked or could not check: what a reviewer must still look at by hand."""

    status: CoverageStatus
    kind: str = Field(description="sum | ratio | change | balance | direction | table | relation | statement")
    label: str = Field(description="what it is, in the report's words, e.g. '公开05表 201类 = Σ款'")
    reason: str = Field(default="", description="why it was not verified or not read")
    span: Span | None = None
    origin: Literal["rules", "llm"] = "rules"


class Coverage(Model):
    """What the review covered: identities checked (held / failed) and what was left unchecked."""

    checked: int = 0
    held: int = 0
    failed: int = 0
    not_verified: int = 0
    unread: int = 0
    items: list[CoverageItem] = Field(default_factory=list)


class Notice(Model):
    """Something a reviewer must see about how the review ran (an LLM fact group that fell back to the
    rules, a model reply that was rejected, injection-like text in the report); never a finding."""

    kind: Literal["llm_unavailable", "llm_invalid", "llm_ungrounded", "llm_budget", "injection"]
    group: str | None = Field(default=None, description="LLM fact group, e.g. 'sangong'")
    message: str = Field(description="one line in Chinese")
    message_en: str
    span: Span | None = None


class Provenance(Model):
    extractor: str
    version: str
    provider: str = "rules"
    model: str | None = None
    prompt_ids: list[str] = Field(default_factory=list)
    tokens: int | None = None
    warnings: list[str] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)


class DocumentKind(StrEnum):
    DEPT_SELF_EVAL = "dept_self_eval"  # 部门整体支出绩效自评报告
    PROJECT_SELF_EVAL = "project_self_eval"  # 项目支出绩效自评报告
    FINAL_ACCOUNTS = "final_accounts"  # 部门决算
    BUDGET = "budget"  # 部门预算 / 单位预算 (the budget disclosure with its national tables)
    UNKNOWN = "unknown"


class Facts(Model):
    schema_version: str = SCHEMA_VERSION
    document_id: str
    kind: DocumentKind = DocumentKind.UNKNOWN
    kinds: list[DocumentKind] = Field(default_factory=list, description="all parts found (决算 + 自评 …)")
    title: str | None = None
    unit_name: str | None = None
    year: int | None = None
    figures: list[Figure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    budget_lines: list[BudgetLine] = Field(default_factory=list)
    score_tables: list[ScoreTable] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    unchecked: list[CoverageItem] = Field(
        default_factory=list, description="passages and tables the extractor found but could not turn into a "
        "confident relation (status not_verified) or could not read (status unread)")
    provenance: Provenance

    def all_figures(self) -> list[Figure]:
        """Every figure in the facts (standalone, in claims, lines, tables), deduplicated by span+key."""
        seen: set[tuple[int, int, str]] = set()
        out: list[Figure] = []

        def add(f: Figure | None) -> None:
            if f is None:
                return
            k = (f.span.start, f.span.end, f.key)
            if k not in seen:
                seen.add(k)
                out.append(f)

        for f in self.figures:
            add(f)
        for c in self.claims:
            fields = type(c).model_fields
            for name in ("total", "stated", "numerator", "denominator", "current", "amount", "rate",
                         "prior", "result", "left", "right"):
                if name in fields:
                    add(getattr(c, name))
            for name in ("parts", "plus", "minus"):
                if name in fields:
                    for f in getattr(c, name) or []:
                        add(f)
        for b in self.budget_lines:
            for f in (b.initial_budget, b.adjustment, b.full_budget, b.actual, b.stated_rate, b.score):
                add(f)
        for t in self.score_tables:
            add(t.total_weight)
            add(t.total_score)
            for r in t.rows:
                for f in (r.weight, r.score, r.target, r.actual):
                    add(f)
        return out


# --------------------------------------------------------------------------- findings


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class FindingValues(Model):
    stated: str | None = None
    recomputed: str | None = None
    tolerance: str | None = None
    details: dict[str, str] = Field(default_factory=dict)


class Finding(Model):
    id: str = Field(description="stable id: hash of rule and evidence offsets")
    rule: str
    severity: Severity
    message: str = Field(description="Chinese review comment a reviewer can paste into a memo")
    message_en: str
    evidence: list[Span] = Field(min_length=1)
    values: FindingValues = Field(default_factory=FindingValues)
    related_rules: list[str] = Field(default_factory=list)
    section: str | None = None
    suggestion: str | None = Field(default=None, description="what to ask the unit to correct")
    origin: Literal["rules", "llm"] = Field(
        default="rules", description="llm: a relation the LLM proposed and Python verified (agent.extract.llm_relations)")

    @staticmethod
    def make_id(rule: str, evidence: list[Span]) -> str:
        raw = rule + "|" + ";".join(f"{e.start}-{e.end}" for e in evidence)
        return rule.lower() + "-" + hashlib.sha1(raw.encode()).hexdigest()[:10]


class DocumentInfo(Model):
    id: str
    path: str
    format: str
    sha256: str
    title: str | None = None
    unit_name: str | None = None
    year: int | None = None
    kind: DocumentKind = DocumentKind.UNKNOWN


class ReviewSummary(Model):
    total: int
    by_severity: dict[str, int]
    by_rule: dict[str, int]


class ToolInfo(Model):
    name: str = "budget-review"
    version: str
    rules_version: str
    schema_version: str = SCHEMA_VERSION
    extractor: str
    provider: str = "rules"
    model: str | None = None
    prompt_ids: list[str] = Field(default_factory=list)
    tokens: int | None = None
    warnings: list[str] = Field(default_factory=list)
    degraded: bool = Field(default=False, description="an LLM step fell back or was rejected; see notices")
    notices: list[Notice] = Field(default_factory=list)


class ReviewResult(Model):
    document: DocumentInfo
    findings: list[Finding]
    summary: ReviewSummary
    tool: ToolInfo
    coverage: Coverage = Field(default_factory=Coverage)
