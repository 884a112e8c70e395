"""Solvers turn a sample into findings.  The default runs the real review pipeline; tests use a
scripted solver so the scorer is tested without depending on the reviewer's quality."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Protocol

from eval.dataset import Sample, sample_file
from eval.log import FoundFigure, FoundFinding, SampleRun


class Solver(Protocol):
    name: str

    def __call__(self, sample: Sample) -> SampleRun: ...


def compact_finding(f: Any) -> FoundFinding:
    """agent.schemas.Finding (or a dict of one) -> the log's compact form."""
    d = f if isinstance(f, Mapping) else f.model_dump(mode="json")
    values = d.get("values") or {}
    flat = {k: str(v) for k, v in values.items() if k != "details" and v is not None}
    flat.update({f"details.{k}": str(v) for k, v in (values.get("details") or {}).items()})
    return FoundFinding(
        id=str(d.get("id", "")),
        rule=str(d["rule"]),
        severity=str(d.get("severity", "error")),
        message=str(d.get("message", "")),
        quotes=[str(e.get("quote", "")) for e in d.get("evidence", [])],
        values=flat,
    )


def compact_figure(f: Any, text: str = "") -> FoundFigure:
    d = f if isinstance(f, Mapping) else f.model_dump(mode="json")
    span = d.get("span") or {}
    context = ""
    if text and "start" in span:
        context = text[max(0, span["start"] - 40): span["end"] + 40]
    return FoundFigure(key=str(d.get("key", "")), label=str(d.get("label", "")), value=str(d["value"]),
                       unit=str(d.get("unit", "")), context=context)


class PipelineSolver:
    """Runs agent.pipeline on the sample's file (provider rules by default).

    The facts are extracted once and serve both the review and the figure-label accuracy, so an
    LLM provider is asked once per sample and both scores describe the same extraction.
    """

    def __init__(self, provider: str | None = None, model: str | None = None, want_figures: bool = True,
                 settings: Any = None) -> None:
        self.provider = provider or "rules"
        self.model = model
        self.settings = settings  # None: the defaults (and BUDGET_REVIEW_* environment)
        self.want_figures = want_figures
        self.name = f"pipeline:{self.provider}" + (f":{model}" if model else "")

    def __call__(self, sample: Sample) -> SampleRun:
        from agent.ingest import load_document
        from agent.pipeline import extract_with_reference, review_document

        path = sample_file(sample)
        t0 = time.perf_counter()
        run = SampleRun(id=sample.id, path=sample.path)
        try:
            doc = load_document(path)
            facts, reference = extract_with_reference(doc, self.settings, provider=self.provider, model=self.model)
            result = review_document(doc, self.settings, provider=self.provider, model=self.model, facts=facts,
                                     reference=reference)
            run.findings = [compact_finding(f) for f in result.findings]
            run.extractor = result.tool.extractor
            run.prompt_ids = list(result.tool.prompt_ids)
            run.tokens = result.tool.tokens
            run.warnings = list(result.tool.warnings)
            run.notices = [n.message_en for n in result.tool.notices]
            if self.want_figures:
                run.figures = self._figures(sample, doc, facts)
        except Exception as e:  # noqa: BLE001 - one failing document must not stop the run
            run.error = f"{type(e).__name__}: {e}"
        run.seconds = round(time.perf_counter() - t0, 3)
        return run

    def _figures(self, sample: Sample, doc: Any, facts: Any) -> list[FoundFigure] | None:
        from eval.figures import figure_label_file

        if figure_label_file(sample) is None:
            return None
        return [compact_figure(f, doc.text) for f in facts.all_figures()]


class ScriptedSolver:
    """Replays prepared findings per sample id (dicts shaped like Finding); for tests and re-scoring."""

    name = "scripted"

    def __init__(self, findings: Mapping[str, list[Any]], figures: Mapping[str, list[Any]] | None = None) -> None:
        self.findings = findings
        self.figures = figures or {}

    def __call__(self, sample: Sample) -> SampleRun:
        figs = self.figures.get(sample.id)
        return SampleRun(
            id=sample.id,
            path=sample.path,
            findings=[compact_finding(f) for f in self.findings.get(sample.id, [])],
            figures=[compact_figure(f) for f in figs] if figs is not None else None,
        )
