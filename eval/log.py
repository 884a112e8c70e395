"""The versioned record of one eval run: what the solver found per sample, and the scores.

Findings are stored in a compact, schema-independent form (rule, severity, message, quotes,
values) so an old log can be re-scored against an edited dataset without re-running the
reviewer, and two logs can be compared (``--compare``).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from eval import EVAL_FORMAT_VERSION


class _M(BaseModel):
    model_config = ConfigDict(extra="ignore")


class FoundFinding(_M):
    id: str = ""
    rule: str
    severity: str
    message: str = ""
    quotes: list[str] = Field(default_factory=list)
    values: dict[str, str] = Field(default_factory=dict)

    @property
    def serious(self) -> bool:
        return self.severity in ("error", "warning")

    def haystack(self) -> str:
        return "\n".join([self.message, *self.quotes, *self.values.values()])


class FoundFigure(_M):
    key: str
    label: str = ""
    value: str
    unit: str = ""
    context: str = Field("", description="the document text 40 characters either side of the figure")


class SampleRun(_M):
    """What the solver produced for one sample (the raw material of scoring)."""

    id: str
    path: str
    error: str | None = None
    seconds: float = 0.0
    findings: list[FoundFinding] = Field(default_factory=list)
    figures: list[FoundFigure] | None = None
    extractor: str | None = None
    prompt_ids: list[str] = Field(default_factory=list, description="prompt id@version used (LLM providers)")
    tokens: int | None = None
    warnings: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="LLM degradation notices (English), as the "
                               "review's tool.notices; any makes `eval --strict-llm` exit 5")


class LabelResult(_M):
    rule: str
    alternatives: list[str] = Field(default_factory=list)
    severity: str
    required: bool
    keys: list[str] = Field(default_factory=list)
    found: bool
    matched_by: list[str] = Field(default_factory=list, description="ids of matching findings")
    found_with_severity: bool = Field(False, description="a matching finding has the labelled severity")
    duplicates: int = Field(0, description="matching findings beyond the one credited as the true positive")
    note: str = ""


class FindingResult(_M):
    id: str
    rule: str
    severity: str
    outcome: str = Field(description="tp | duplicate | optional | tolerated | false_alarm")
    severity_ok: bool | None = Field(None, description="for a finding on a required label: its severity is the "
                                     "labelled one (None: it matches no required label)")
    outcome_severity: str = Field("", description="the outcome when severity must match too: a finding whose "
                                  "labels all have another severity is a false_alarm here")
    message: str = ""
    quotes: list[str] = Field(default_factory=list)


class SampleScore(_M):
    id: str
    set: str = Field("", description="the named set (label file or folder) the sample came from")
    path: str
    kind: str
    clean: bool
    error: str | None = None
    labels: list[LabelResult] = Field(default_factory=list)
    findings: list[FindingResult] = Field(default_factory=list)
    near_miss_violations: list[str] = Field(default_factory=list)
    figures_total: int = 0
    figures_matched: int = 0
    figures_missed: list[str] = Field(default_factory=list)
    figures_money_total: int = 0
    figures_money_matched: int = 0


class Counts(_M):
    tp: int = 0  # findings credited to a required label (one per label)
    fp: int = 0  # findings matching no label
    duplicates: int = 0  # further findings on an already credited label: neither tp nor fp
    severity_mismatch: int = 0  # findings on a required label, none of whose labels has their severity
    found: int = 0  # required labels found
    expected: int = 0  # required labels
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None


class SetScore(_M):
    """One named set's figures (the real corpus, a frozen blind set, seeds, a generated set…)."""

    name: str
    role: str = Field(description="real | blind | learning | handwritten | seeds | samples | generated | other")
    title: str = ""
    source: str = ""
    frozen: bool = False
    regression_check: bool = False
    first_run: dict | None = Field(None, description="the set's first_run.json (overall figures), if recorded")
    samples: int = 0
    overall: Counts
    overall_severity: Counts
    clean_documents: int = 0
    clean_false_alarms: int = 0
    false_alarms_per_clean_document: float | None = None
    near_miss_violations: int = 0
    samples_failed: int = 0


class Scores(_M):
    overall: Counts
    overall_incl_info: Counts
    overall_severity: Counts = Field(default_factory=Counts,
                                     description="error/warning, a finding counting only with the labelled severity")
    sets: list[SetScore] = Field(default_factory=list, description="each named set on its own")
    per_rule: dict[str, Counts]
    per_rule_incl_info: dict[str, Counts]
    clean_documents: int = 0
    clean_false_alarms: int = 0
    false_alarms_per_clean_document: float | None = None
    near_miss_violations: int = 0
    figures_total: int = 0
    figures_matched: int = 0
    figure_accuracy: float | None = None
    figure_money_accuracy: float | None = Field(None, description="the same over 万元/元 figures only")
    samples_failed: int = 0
    samples: list[SampleScore] = Field(default_factory=list)


class EvalLog(_M):
    version: str = EVAL_FORMAT_VERSION
    created: str
    dataset: str
    dataset_sha256: str = ""
    provider: str = "rules"
    model: str | None = None
    tool_version: str = ""
    seconds: float = 0.0
    runs: list[SampleRun] = Field(default_factory=list)
    scores: Scores | None = None

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> EvalLog:
        p = Path(path)
        if p.is_dir():
            p = p / "eval-log.json"
        return cls.model_validate_json(p.read_text(encoding="utf-8"))
