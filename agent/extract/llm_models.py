"""The reduced schemas the model fills, one per fact group.

The model never sees the full ``Facts`` schema: it returns figures as *strings copied from the
report* (value, unit, quote) and claims that point at those figures by id.  Python then grounds
every quote in ``Document.text`` (agent.extract.align) and builds the real ``Figure``/``Span``
objects with offsets taken from the source, so a number the model computed or invented can
never pass.  Validation errors here are what the retry loop sends back to the model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent import fastre
from agent.ingest.normalize import normalize

_NUMBER = fastre.compile(r"^[-−+]?[\d０-９]{1,3}([,，][\d０-９]{3})*([.．][\d０-９]+)?$|^[-−+]?[\d０-９]+([.．][\d０-９]+)?$")
_KEY = fastre.compile(r"^[^\s]{2,120}$")


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class FigureOut(_Out):
    id: str = Field(description="short id such as f1, used by claims")
    label: str = Field(default="", description="what it measures, in the report's words")
    key: str = Field(description="canonical key, see the prompt's key list")
    value: str = Field(description="the number exactly as written in quote, without unit")
    unit: str = Field(description="万元, 元, %, 分, 人次 …")
    quote: str = Field(description="verbatim text from the report containing the number (≤ 60 chars)")
    row: str | None = Field(default=None, description="for a table cell: the verbatim row label")

    @field_validator("value")
    @classmethod
    def _number(cls, v: str) -> str:
        v = v.strip().rstrip("%％")
        if not _NUMBER.match(v):
            raise ValueError(f"value must be a number as written in the report, got {v!r}")
        return v

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not _KEY.match(v):
            raise ValueError(f"key must be a non-empty canonical key without spaces, got {v!r}")
        return v

    @model_validator(mode="after")
    def _quote_has_value(self) -> FigureOut:
        q = normalize(self.quote).text.replace(" ", "")
        v = normalize(self.value).text.lstrip("+")
        if v not in q:
            raise ValueError(f"figure {self.id}: quote {self.quote!r} must contain the value {self.value!r}")
        return self


ClaimKind = Literal["sum", "ratio", "change", "balance", "direction"]
_REQUIRED: dict[str, tuple[str, ...]] = {
    "sum": ("total", "parts"),
    "ratio": ("stated", "numerator", "denominator"),
    "change": ("current", "direction"),
    "balance": ("result", "plus"),
    "direction": ("left", "right", "relation", "wording"),
}


class ClaimOut(_Out):
    """A checkable relation between figures; the figure fields hold figure ids from ``figures``."""

    kind: ClaimKind
    sentence: str = Field(description="the verbatim sentence (or table row) making the claim")
    total: str | None = None
    parts: list[str] = Field(default_factory=list)
    stated: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    current: str | None = None
    prior: str | None = None
    amount: str | None = None
    rate: str | None = None
    direction: Literal["increase", "decrease"] | None = None
    result: str | None = None
    plus: list[str] = Field(default_factory=list)
    minus: list[str] = Field(default_factory=list)
    left: str | None = None
    right: str | None = None
    relation: Literal["gt", "lt"] | None = None
    wording: str | None = Field(default=None, description="the direction words, e.g. 大于")

    @model_validator(mode="after")
    def _complete(self) -> ClaimOut:
        missing = [f for f in _REQUIRED[self.kind] if not getattr(self, f)]
        if missing:
            raise ValueError(f"{self.kind} claim needs {', '.join(missing)}")
        if self.kind == "change" and not (self.amount or self.rate):
            raise ValueError("change claim needs amount or rate")
        return self

    def refs(self) -> list[str]:
        one = [self.total, self.stated, self.numerator, self.denominator, self.current, self.prior,
               self.amount, self.rate, self.result, self.left, self.right]
        return [r for r in one if r] + self.parts + self.plus + self.minus


class FactsOut(_Out):
    """Reply for the figure groups: budget, sangong, projects, final_accounts, reasons."""

    figures: list[FigureOut] = Field(default_factory=list)
    claims: list[ClaimOut] = Field(default_factory=list)

    @model_validator(mode="after")
    def _refs_exist(self) -> FactsOut:
        ids = [f.id for f in self.figures]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"figure ids must be unique: {sorted(dup)}")
        quotes = {f.quote for f in self.figures}
        for c in self.claims:
            bad = [r for r in c.refs() if r not in ids and r not in quotes]
            if bad:
                raise ValueError(f"{c.kind} claim refers to unknown figures {bad}; use ids from figures")
        return self


class ScoreRowOut(_Out):
    level1: str | None = None
    level2: str | None = None
    level3: str = Field(description="the verbatim indicator (三级指标) name")
    weight: str | None = Field(default=None, description="分值 as written")
    score: str | None = Field(default=None, description="得分 as written")
    target: str | None = Field(default=None, description="年度指标值 cell, verbatim")
    actual: str | None = Field(default=None, description="实际完成值 cell, verbatim")


class ScoreTableOut(_Out):
    """Reply for the self-evaluation table group."""

    rows: list[ScoreRowOut] = Field(default_factory=list)
    total_weight: str | None = None
    total_score: str | None = None


CLAIM_FIELDS: dict[str, tuple[str, ...]] = {
    "sum": ("total", "parts"),
    "ratio": ("stated", "numerator", "denominator"),
    "change": ("current", "prior", "amount", "rate", "direction"),
    "balance": ("result", "plus", "minus"),
    "direction": ("left", "right", "relation", "wording"),
}


def compact_schema(model: type[BaseModel], claim_kinds: tuple[str, ...] | None = None) -> dict[str, Any]:
    """JSON Schema without titles, descriptions and defaults: the prompt already explains the
    fields, and every schema token is paid again on each request.  ``claim_kinds`` narrows the
    claim object to the kinds a group can state (validation still accepts every kind)."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            options = node.get("anyOf")
            if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
                # optional fields are simply not required; "or null" costs tokens on every request
                return strip(next(o for o in options if o != {"type": "null"}))
            return {k: strip(v) for k, v in node.items()
                    if k not in ("title", "description", "default") or not isinstance(v, str | list | None)}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    schema = strip(model.model_json_schema())
    claim = schema.get("$defs", {}).get("ClaimOut")
    if claim and claim_kinds:
        keep = {"kind", "sentence"}.union(*(CLAIM_FIELDS[k] for k in claim_kinds))
        claim["properties"] = {k: v for k, v in claim["properties"].items() if k in keep}
        claim["properties"]["kind"] = {"enum": list(claim_kinds), "type": "string"}
    return schema


# --------------------------------------------------------------------------- relations (agent.extract.llm_relations)
class NumberOut(_Out):
    label: str = Field(description="what the number measures, in the report's words")
    value: str = Field(description="the number exactly as written in quote, without unit")
    quote: str = Field(description="verbatim text from the passage containing the number (≤ 60 chars)")


class RelationOut(_Out):
    type: Literal["sum", "ratio", "change", "balance", "comparison", "target"]
    sentence: str = Field(description="the verbatim sentence (or table row) that states the relation and "
                                      "holds every one of its numbers")
    result: NumberOut = Field(description="sum: the total; ratio: the stated percentage; change: the stated "
                                          "change (amount or %); balance: the result; comparison: the left side; "
                                          "target: the actual value achieved")
    operands: list[NumberOut] = Field(description="sum: the parts; ratio: [numerator, denominator]; change: "
                                                  "[current, prior]; balance: the added items; comparison: "
                                                  "[right side]; target: [the target value]")
    minus: list[NumberOut] = Field(default_factory=list, description="balance: the subtracted items")
    direction: Literal["increase", "decrease", "gt", "lt", "ge", "le"] | None = Field(
        default=None, description="change: increase/decrease; comparison: gt/lt; target: ge/le/gt/lt of the target")
    wording: str | None = Field(default=None, description="comparison: the words stating it (大于, 超过); "
                                                          "target: the words saying it was met (完成, 达到)")


class RelationsOut(_Out):
    relations: list[RelationOut] = Field(default_factory=list)
