"""A tiny stand-in review function for the batch tests (injected with review_fn / --review-fn).

It loads the report with the real loaders (so broken/empty/scanned files fail as they would)
and makes findings from marker words, so the batch machinery is tested apart from the checks:
  ERROR_MARK -> one error finding, WARN_MARK -> one warning, always one info finding;
  CRASH_WORKER -> the worker process dies (os._exit), to test isolation from dead workers.
BATCH_FAKE_SLEEP (seconds, env) slows each review so a test can kill a batch mid-run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from agent import __version__
from agent.ingest import load_document
from agent.schemas import DocumentInfo, Finding, ReviewResult, ReviewSummary, Severity, ToolInfo


def _finding(doc, rule: str, sev: Severity, at: int) -> Finding:
    span = doc.span(at, min(at + 4, len(doc.text)))
    return Finding(id=Finding.make_id(rule, [span]), rule=rule, severity=sev, message=f"{rule} 测试",
                   message_en=f"{rule} test", evidence=[span])


def fake_review(path: Path, settings=None, *, provider=None, model=None, rules=None):
    delay = float(os.environ.get("BATCH_FAKE_SLEEP", "0") or 0)
    if delay:
        time.sleep(delay)
    doc = load_document(path)
    if "CRASH_WORKER" in doc.text:
        os._exit(17)
    if "LINGER" in doc.text:  # still running when a crashing report beside it kills the worker
        time.sleep(2)
    findings = [_finding(doc, "FAKE_INFO", Severity.INFO, 0)]
    for mark, rule, sev in (("ERROR_MARK", "FAKE_ERROR", Severity.ERROR), ("WARN_MARK", "FAKE_WARN", Severity.WARNING)):
        i = doc.text.find(mark)
        if i >= 0:
            findings.append(_finding(doc, rule, sev, i))
    by_sev = {s.value: sum(f.severity == s for f in findings) for s in Severity}
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    result = ReviewResult(
        document=DocumentInfo(id=doc.id, path=doc.path, format=doc.format, sha256=doc.sha256),
        findings=findings,
        summary=ReviewSummary(total=len(findings), by_severity=by_sev, by_rule=by_rule),
        tool=ToolInfo(version=__version__, rules_version="test", extractor="fake"),
    )
    return doc, result


def slow_review(path: Path, settings=None, **kw):
    """The real pipeline, slowed by BATCH_FAKE_SLEEP."""
    from agent.batch.worker import default_review

    delay = float(os.environ.get("BATCH_FAKE_SLEEP", "0") or 0)
    if delay:
        time.sleep(delay)
    return default_review(path, settings, **kw)


def make_variants(seeds: list[Path], dest: Path, n: int, sub: bool = True) -> list[Path]:
    """n distinct reports (copies of the seeds with a varied number each, so content hashes differ)."""
    import re

    dest.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        # vary the first amount with two decimals: still a plausible report, a different file
        text = re.sub(r"(\d+)\.(\d\d)", lambda m, k=i: f"{int(m.group(1)) + k + 1}.{m.group(2)}", text, count=1)
        folder = dest / (f"unit{i % 3}" if sub else "")
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / f"report_{i:03d}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def make_scanned_pdf(path: Path) -> Path:
    """An image-only PDF, as a scanner makes: no text layer at all."""
    from fpdf import FPDF
    from PIL import Image

    img = path.with_suffix(".png")
    Image.new("RGB", (200, 100), (230, 230, 230)).save(img)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(img), x=10, y=10, w=180)
    pdf.output(str(path))
    img.unlink()
    return path


def broken_review(path: Path, settings=None, **kw):
    """A review function with a bug: the batch must report it as one 'internal error' line."""
    return 1 / 0


def echo_settings_review(path: Path, settings=None, **kw):
    """The fake review, recording the chroma URL the worker received in tool.warnings."""
    doc, result = fake_review(path, settings, **kw)
    result.tool.warnings.append(f"chroma_url={getattr(settings, 'chroma_url', None)}")
    return doc, result


def interrupting_review(path: Path, settings=None, **kw):
    """The fake review, pressing Ctrl-C on a report that contains INTERRUPT_MARK."""
    if "INTERRUPT_MARK" in Path(path).read_text(encoding="utf-8"):
        raise KeyboardInterrupt
    return fake_review(path, settings, **kw)
