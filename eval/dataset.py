"""The labelled eval set: samples (documents) with expected findings, loaded from YAML or JSONL.

Format (version 1, documented in docs/eval.md): a YAML file ``{version, samples: [...]}`` or a JSONL
file with one sample per line; a directory loads every ``*.yaml``/``*.yml``/``*.jsonl`` in it and in
its ``generated/`` and ``generated_*/`` folders (not recursively into ``figures/``).  Keeping labels
as data, not code, lets reviewers add a case without touching Python.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eval import EVAL_FORMAT_VERSION

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = REPO_ROOT / "eval" / "data"
FIGURES_DIR = DEFAULT_DATASET / "figures"

SeverityName = Literal["error", "warning", "info"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _as_str_list(v: object) -> list[str]:
    if v is None:
        return []
    if not isinstance(v, list):
        v = [v]
    return [str(x) for x in v]


class ExpectedFinding(_M):
    """One problem a correct reviewer must (required) or may (optional) report.

    A finding matches when its rule is ``rule`` or one of ``alternatives`` and every string in
    ``keys`` occurs in its evidence quotes, values or message (numbers compare as numbers:
    "1220.2" matches "1,220.20"); when ``any_keys`` is given at least one of those must occur too.
    """

    rule: str
    alternatives: list[str] = Field(default_factory=list)
    severity: SeverityName = "error"
    required: bool = True
    keys: list[str] = Field(default_factory=list)
    any_keys: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("keys", "any_keys", "alternatives", mode="before")
    @classmethod
    def _strings(cls, v: object) -> list[str]:
        return _as_str_list(v)

    @property
    def rules(self) -> set[str]:
        return {self.rule, *self.alternatives}

    @property
    def serious(self) -> bool:
        return self.severity in ("error", "warning")


class NearMiss(_M):
    """Something that looks like a problem but is within tolerance: it must not be reported
    above ``max_severity`` ("none" = not at all; "info" = an info note is acceptable)."""

    rule: str
    keys: list[str] = Field(default_factory=list)
    max_severity: Literal["none", "info"] = "none"
    note: str = ""

    @field_validator("keys", mode="before")
    @classmethod
    def _strings(cls, v: object) -> list[str]:
        return _as_str_list(v)


class Sample(_M):
    id: str
    path: str = Field(description="'seeds/<file>' or a path relative to the repository root")
    kind: str = "unknown"
    format: str | None = None
    clean: bool = Field(False, description="no error/warning finding is expected at all")
    expected: list[ExpectedFinding] = Field(default_factory=list)
    near_misses: list[NearMiss] = Field(default_factory=list)
    figures: str | None = Field(None, description="figure-label file (default eval/data/figures/<id>.yaml)")
    note: str = ""


class Dataset(_M):
    version: str = EVAL_FORMAT_VERSION
    name: str = "eval"
    samples: list[Sample] = Field(default_factory=list)
    source: str | None = None
    generator: str | None = Field(None, description="command that regenerates this file, if generated")


def seeds_dir() -> Path:
    """Seeds live beside the checkout (../shared/seeds); BUDGET_REVIEW_SEEDS_DIR overrides."""
    env = os.environ.get("BUDGET_REVIEW_SEEDS_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"


def resolve_path(sample_path: str, base: Path | None = None) -> Path:
    if sample_path.startswith("seeds/"):
        return seeds_dir() / sample_path.removeprefix("seeds/")
    p = Path(sample_path)
    if p.is_absolute():
        return p
    # next to the dataset file first (a set generated with --out elsewhere), then the repository
    candidates = [base / p, base / p.name] if base is not None else []
    candidates.append(REPO_ROOT / p)
    for c in candidates:
        if c.exists():
            return c
    return (base or REPO_ROOT) / p


def _load_file(path: Path) -> Dataset:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        samples = [Sample.model_validate(json.loads(line)) for line in text.splitlines() if line.strip()]
        return Dataset(name=path.stem, samples=samples, source=str(path))
    import yaml

    raw = yaml.safe_load(text) or {}
    if isinstance(raw, list):
        raw = {"samples": raw}
    raw.setdefault("name", path.stem)
    ds = Dataset.model_validate(raw)
    if ds.version != EVAL_FORMAT_VERSION:
        raise ValueError(f"{path}: eval format version {ds.version!r}, expected {EVAL_FORMAT_VERSION!r}")
    ds.source = str(path)
    return ds


def load_dataset(path: str | Path | None = None) -> Dataset:
    """One file, or every label file in a directory (sorted, one level plus ``generated/`` and
    ``generated_*/``, e.g. the 项目支出绩效自评表 set in ``generated_project/``)."""
    path = Path(path) if path else DEFAULT_DATASET
    if path.is_dir():
        files = sorted(
            p for pattern in ("*.yaml", "*.yml", "*.jsonl", "generated/*.yaml", "generated/*.jsonl",
                              "generated_*/*.yaml", "generated_*/*.jsonl")
            for p in path.glob(pattern)
        )
        parts = [_load_file(f) for f in files]
        samples = [s for ds in parts for s in ds.samples]
        base = path
    else:
        ds = _load_file(path)
        samples, base = ds.samples, path.parent
    seen: set[str] = set()
    for s in samples:
        if s.id in seen:
            raise ValueError(f"duplicate sample id {s.id!r}")
        seen.add(s.id)
        p = Path(s.path)
        if s.path.startswith("seeds/") or p.is_absolute():
            continue
        # files next to the dataset win (a set generated with --out elsewhere, tests, ad-hoc sets)
        for near in (base / p, base / p.name):
            if near.exists() and near.resolve() != (REPO_ROOT / p).resolve():
                s.path = str(near.resolve())
                break
    return Dataset(name=path.stem, samples=samples, source=_display(path))


def _display(path: Path) -> str:
    """Repo-relative when inside the checkout, so logs and JSON diff cleanly across clones."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def sample_file(sample: Sample) -> Path:
    return resolve_path(sample.path)
