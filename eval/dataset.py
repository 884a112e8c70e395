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
    set: str | None = Field(None, description="the named set it was loaded from (filled by load_dataset)")


# Roles of the named sets, in report order: what each measures decides where its line goes.
SET_ROLES: dict[str, str] = {
    "real": "real-document corpus",
    "blind": "frozen blind set",
    "learning": "learning set",
    "handwritten": "hand-written set (learnt from after its first run, in its README)",
    "seeds": "seeds",
    "samples": "shipped samples",
    "generated": "generated set",
    "other": "labelled set",
}


def set_role(name: str) -> str:
    """The role of a set from its file or folder name (real, blind*, learning*, handwritten*, seeds,
    samples, generated*); anything else is "other"."""
    for prefix in ("real", "blind", "learning", "handwritten", "seeds", "samples", "generated"):
        if name == prefix or (prefix in ("blind", "learning", "handwritten", "generated") and name.startswith(prefix)):
            return prefix
    return "other"


class SetInfo(_M):
    """One named set of a dataset: a top-level label file or a folder with its label file."""

    name: str
    role: str
    title: str = ""
    source: str | None = None
    frozen: bool = Field(False, description="scored once, never used for fixes (labels.yaml `frozen: true`)")
    regression_check: bool = Field(False, description="generated from templates: shows regressions, not quality")
    first_run: dict | None = Field(None, description="first_run.json beside the labels, if recorded")
    samples: int = 0


class Dataset(_M):
    version: str = EVAL_FORMAT_VERSION
    name: str = "eval"
    samples: list[Sample] = Field(default_factory=list)
    source: str | None = None
    generator: str | None = Field(None, description="command that regenerates this file, if generated")
    frozen: bool = Field(False, description="a frozen set: scored once (first_run.json), never used for fixes")
    sets: list[SetInfo] = Field(default_factory=list, description="the named sets, filled by load_dataset")


def seeds_dir() -> Path:
    """Seeds live beside the checkout (../shared/seeds); BUDGET_REVIEW_SEEDS_DIR overrides."""
    env = os.environ.get("BUDGET_REVIEW_SEEDS_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"


def resolve_path(sample_path: str, base: Path | None = None) -> Path:
    if sample_path.startswith("seeds/"):
        return seeds_dir() / sample_path.removeprefix("seeds/")
    if sample_path.startswith("shared/"):  # ../shared beside the checkout (the published PDFs in shared/real)
        return seeds_dir().parent / sample_path.removeprefix("shared/")
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


_LABEL_NAMES = ("labels.yaml", "labels.yml", "labels.jsonl")
_LABEL_GLOBS = ("*.yaml", "*.yml", "*.jsonl")
FIRST_RUN = "first_run.json"


def _folder_label_files(folder: Path) -> list[Path]:
    """A set folder's label file (labels.yaml); generated folders also any other *.yaml."""
    named = [folder / n for n in _LABEL_NAMES if (folder / n).is_file()]
    if named or not folder.name.startswith("generated"):
        return named
    return sorted(p for g in _LABEL_GLOBS for p in folder.glob(g))


def set_files(path: Path) -> list[tuple[str, list[Path]]]:
    """The named sets of a dataset directory: each top-level label file (``seeds.yaml``,
    ``samples.yaml``) and each folder holding a label file (``real/``, ``blind*/``, ``learning/``,
    ``handwritten*/``, ``generated*/``…; not ``figures/``), in report order."""
    sets: list[tuple[str, list[Path]]] = []
    for f in sorted(p for g in _LABEL_GLOBS for p in path.glob(g)):
        sets.append((path.name if f.name in _LABEL_NAMES else f.stem, [f]))
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        if folder.name == "figures" or folder.name.startswith((".", "_")):
            continue
        files = _folder_label_files(folder)
        if files:
            sets.append((folder.name, files))
    order = list(SET_ROLES)
    return sorted(sets, key=lambda nf: order.index(set_role(nf[0])))


def _set_name(file: Path) -> str:
    return file.parent.name if file.name in _LABEL_NAMES else file.stem


def _first_run(folder: Path) -> dict | None:
    p = folder / FIRST_RUN
    if not p.is_file():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


RETIRED_BLIND = "retired blind set (superseded by a newer one; learnt from after its first run, in its README)"


def _set_info(name: str, files: list[Path], parts: list[Dataset]) -> SetInfo:
    role = set_role(name)
    frozen = any(d.frozen for d in parts)
    title = RETIRED_BLIND if role == "blind" and not frozen else SET_ROLES[role]
    return SetInfo(name=name, role=role, title=title, source=_display(files[0]),
                   frozen=frozen, regression_check=role == "generated",
                   first_run=_first_run(files[0].parent), samples=sum(len(d.samples) for d in parts))


def load_dataset(path: str | Path | None = None) -> Dataset:
    """One label file, or a directory of named sets (see ``set_files``); each sample records its set
    in ``Sample.set`` and each set's role, ``frozen`` flag and first-run figures are in ``sets``."""
    path = Path(path) if path else DEFAULT_DATASET
    groups = set_files(path) if path.is_dir() else [(_set_name(path), [path])]
    samples: list[Sample] = []
    infos: list[SetInfo] = []
    seen: set[str] = set()
    for name, files in groups:
        parts = [_load_file(f) for f in files]
        infos.append(_set_info(name, files, parts))
        for f, ds in zip(files, parts, strict=True):
            for s in ds.samples:
                if s.id in seen:
                    raise ValueError(f"duplicate sample id {s.id!r}")
                seen.add(s.id)
                s.set = name
                _prefer_near(s, [f.parent, path if path.is_dir() else path.parent])
            samples += ds.samples
    frozen = len(infos) == 1 and infos[0].frozen
    return Dataset(name=path.stem, samples=samples, source=_display(path), frozen=frozen, sets=infos)


def _prefer_near(s: Sample, bases: list[Path]) -> None:
    """Files next to the label file (or the dataset) win over the repository path: a set generated
    with --out elsewhere, tests, ad-hoc sets."""
    p = Path(s.path)
    if s.path.startswith("seeds/") or p.is_absolute():
        return
    for base in dict.fromkeys(bases):
        for near in (base / p, base / p.name):
            if near.exists() and near.resolve() != (REPO_ROOT / p).resolve():
                s.path = str(near.resolve())
                return


def _display(path: Path) -> str:
    """Repo-relative when inside the checkout, so logs and JSON diff cleanly across clones."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def sample_file(sample: Sample) -> Path:
    return resolve_path(sample.path)


def unavailable(sample: Sample) -> bool:
    """A document of a corpus that ships its labels but not its files (real published documents
    fetched from public sources: see the SOURCES.md beside the labels for restoring them)."""
    path = sample_file(sample)
    return not path.exists() and (path.parent / "SOURCES.md").exists()
