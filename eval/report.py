"""Render an EvalLog's scores as text, Markdown, JSON or one self-contained HTML file, and
compare two runs.  JSON is sorted and rounded so two runs diff cleanly."""

from __future__ import annotations

import html
import json
from typing import Any

from eval.log import Counts, EvalLog, Scores, SetScore

FROZEN_NOTE = "frozen (scored once; first-run figure recorded in its README)"
REGRESSION_NOTE = "regression check (generated from templates, not a measure of quality)"


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _first_run_note(x: SetScore) -> str:
    """The recorded first-run figure of a set, from its first_run.json, if there is one."""
    fr = x.first_run or {}
    o = fr.get("overall") if isinstance(fr.get("overall"), dict) else None
    if not o:
        return ""
    return (f"first run {fr.get('created', '?')}: precision {_f(o.get('precision'))}, "
            f"recall {_f(o.get('recall'))} (first_run.json)")


def set_marks(x: SetScore) -> str:
    """What a reader must know about a set's figure: frozen, a regression check, its first run."""
    marks = [FROZEN_NOTE] if x.frozen else []
    if x.regression_check:
        marks.append(REGRESSION_NOTE)
    if note := _first_run_note(x):
        marks.append(note)
    return "; ".join(marks)


def _set_dict(x: SetScore) -> dict[str, Any]:
    d = x.model_dump()
    d["marks"] = set_marks(x)
    return d


def _set_rows(s: Scores) -> list[tuple[str, str, int, Counts, Counts, str, str]]:
    """(name, title, samples, rule-only, severity-aware, false alarms per clean doc, marks) per set,
    then the combined line."""
    rows = [(x.name, x.title, x.samples, x.overall, x.overall_severity,
             _f(x.false_alarms_per_clean_document), set_marks(x)) for x in s.sets]
    if len(s.sets) != 1:
        rows.append(("combined", "all sets", len(s.samples), s.overall, s.overall_severity,
                     _f(s.false_alarms_per_clean_document), ""))
    return rows


def summary_dict(log: EvalLog, *, samples: bool = True) -> dict[str, Any]:
    s = _scores(log)

    def c(x: Counts) -> dict[str, Any]:
        return x.model_dump()

    out: dict[str, Any] = {
        "version": log.version,
        "dataset": log.dataset,
        "dataset_sha256": log.dataset_sha256,
        "provider": log.provider,
        "model": log.model,
        "overall": c(s.overall),
        "overall_incl_info": c(s.overall_incl_info),
        "overall_severity": c(s.overall_severity),
        "sets": [_set_dict(x) for x in s.sets],
        "per_rule": {k: c(v) for k, v in s.per_rule.items()},
        "per_rule_incl_info": {k: c(v) for k, v in s.per_rule_incl_info.items()},
        "clean": {
            "documents": s.clean_documents,
            "false_alarms": s.clean_false_alarms,
            "false_alarms_per_document": s.false_alarms_per_clean_document,
        },
        "near_miss_violations": s.near_miss_violations,
        "figures": {"labelled": s.figures_total, "matched": s.figures_matched, "accuracy": s.figure_accuracy,
                    "money_accuracy": s.figure_money_accuracy},
        "samples_failed": s.samples_failed,
    }
    if samples:
        out["samples"] = [x.model_dump() for x in s.samples]
    return out


def _scores(log: EvalLog) -> Scores:
    if log.scores is None:
        raise ValueError("log has no scores; re-score it against a dataset first")
    return log.scores


def render_json(log: EvalLog) -> str:
    return json.dumps(summary_dict(log), ensure_ascii=False, indent=1, sort_keys=True)


def _rule_rows(s: Scores) -> list[tuple[str, Counts, Counts | None]]:
    rules = sorted(set(s.per_rule) | set(s.per_rule_incl_info))
    return [(r, s.per_rule_incl_info.get(r, Counts()), s.per_rule.get(r)) for r in rules]


def render_text(log: EvalLog) -> str:
    s = _scores(log)
    o, oi = s.overall, s.overall_incl_info
    lines = [
        f"eval: {log.dataset}  provider={log.provider}{' model=' + log.model if log.model else ''}  "
        f"samples={len(s.samples)}  failed={s.samples_failed}  {log.seconds:.1f}s",
        "",
        *_text_sets(s),
        f"{'rule':<22}{'found/req':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'prec':>8}{'f1':>8}",
    ]
    for rule, c, _ in _rule_rows(s):
        lines.append(f"{rule:<22}{f'{c.found}/{c.expected}':>10}{_f(c.recall):>8}{c.tp:>5}{c.fp:>5}"
                     f"{_f(c.precision):>8}{_f(c.f1):>8}")
    lines += [
        "",
        f"error/warning: precision {_f(o.precision)}  recall {_f(o.recall)}  f1 {_f(o.f1)}  "
        f"(tp {o.tp}, false alarms {o.fp}, found {o.found}/{o.expected})",
        f"incl. info:    precision {_f(oi.precision)}  recall {_f(oi.recall)}  f1 {_f(oi.f1)}",
        f"with severity: precision {_f(s.overall_severity.precision)}  recall {_f(s.overall_severity.recall)}  "
        f"f1 {_f(s.overall_severity.f1)}  (severity mismatches {o.severity_mismatch}, duplicates {o.duplicates})",
        f"clean documents: {s.clean_documents}, error/warning false alarms per document: "
        f"{_f(s.false_alarms_per_clean_document)}",
        f"near-miss violations: {s.near_miss_violations}",
    ]
    if s.figures_total:
        lines.append(f"figure accuracy: {s.figures_matched}/{s.figures_total} = {_f(s.figure_accuracy)}"
                     f" (money figures: {_f(s.figure_money_accuracy)})")
    missed = [(x.id, lb) for x in s.samples for lb in x.labels if lb.required and not lb.found]
    if missed:
        lines += ["", "missed (required):"]
        lines += [f"  {sid}: {lb.rule} {lb.keys} {lb.note}".rstrip() for sid, lb in missed]
    fas = [(x.id, f) for x in s.samples for f in x.findings if f.outcome == "false_alarm"]
    if fas:
        lines += ["", "false alarms:"]
        for sid, f in fas:
            q = (f.quotes[0] if f.quotes else "")[:60].replace("\n", " ")
            lines.append(f"  {sid}: {f.rule}/{f.severity} {f.message[:60]} «{q}»")
    mis = [(x, f) for x in s.samples for f in x.findings if f.severity_ok is False]
    if mis:
        lines += ["", "severity mismatches (finding severity ≠ labelled):"]
        for x, f in mis:
            want = sorted({lb.severity for lb in x.labels if lb.required and f.id in lb.matched_by})
            lines.append(f"  {x.id}: {f.rule}/{f.severity}, labelled {'/'.join(want)}: {f.message[:60]}")
    dups = [(x.id, f) for x in s.samples for f in x.findings if f.outcome == "duplicate"]
    if dups:
        lines += ["", "duplicates (a further finding on an already credited label):"]
        lines += [f"  {sid}: {f.rule}/{f.severity} {f.message[:60]}" for sid, f in dups]
    errs = [x for x in s.samples if x.error]
    if errs:
        lines += ["", "failed samples:"] + [f"  {x.id}: {x.error}" for x in errs]
    return "\n".join(lines)


def _text_sets(s: Scores) -> list[str]:
    if not s.sets:
        return []
    lines = [f"{'set':<20}{'samples':>8}{'prec':>8}{'recall':>8}{'sev-p':>8}{'sev-r':>8}{'dup':>5}{'sev≠':>5}"
             f"{'fa/clean':>9}  what"]
    for name, title, n, o, sev, fa, marks in _set_rows(s):
        lines.append(f"{name:<20}{n:>8}{_f(o.precision):>8}{_f(o.recall):>8}{_f(sev.precision):>8}"
                     f"{_f(sev.recall):>8}{o.duplicates:>5}{o.severity_mismatch:>5}{fa:>9}  "
                     f"{title}{' — ' + marks if marks else ''}")
    return [*lines, ""]


def _markdown_sets(s: Scores) -> list[str]:
    if not s.sets:
        return []
    lines = ["## Sets (each on its own; error/warning findings)", "",
             "| set | what | samples | precision | recall | precision (severity) | recall (severity) | found / required "
             "| duplicates | severity mismatches | false alarms per clean doc | note |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, title, n, o, sev, fa, marks in _set_rows(s):
        bold = "**" if name == "combined" else ""
        lines.append(f"| {bold}{name}{bold} | {title} | {n} | {_f(o.precision)} | {_f(o.recall)} | {_f(sev.precision)} | "
                     f"{_f(sev.recall)} | {o.found}/{o.expected} | {o.duplicates} | {o.severity_mismatch} | {fa} | "
                     f"{marks or '-'} |")
    return [*lines, ""]


def render_markdown(log: EvalLog) -> str:
    s = _scores(log)
    o, oi = s.overall, s.overall_incl_info
    lines = [
        f"# Eval run — {log.created}",
        "",
        f"Dataset `{log.dataset}` ({len(s.samples)} samples), provider `{log.provider}`"
        + (f", model `{log.model}`" if log.model else "") + f", {log.seconds:.1f} s.",
        "",
        "| | precision | recall | F1 | TP | false alarms | found / required |",
        "|---|---|---|---|---|---|---|",
        f"| error/warning | {_f(o.precision)} | {_f(o.recall)} | {_f(o.f1)} | {o.tp} | {o.fp} | {o.found}/{o.expected} |",
        f"| incl. info | {_f(oi.precision)} | {_f(oi.recall)} | {_f(oi.f1)} | {oi.tp} | {oi.fp} | {oi.found}/{oi.expected} |",
        f"| with severity | {_f(s.overall_severity.precision)} | {_f(s.overall_severity.recall)} | "
        f"{_f(s.overall_severity.f1)} | {s.overall_severity.tp} | {s.overall_severity.fp} | "
        f"{s.overall_severity.found}/{s.overall_severity.expected} |",
        "",
        f"Duplicates (further findings on a credited label, neither TP nor false alarm): {o.duplicates}; "
        f"severity mismatches: {o.severity_mismatch}.",
        "",
        *_markdown_sets(s),
        f"Clean documents: {s.clean_documents}; error/warning false alarms per clean document: "
        f"{_f(s.false_alarms_per_clean_document)}. Near-miss violations: {s.near_miss_violations}."
        + (f" Figure accuracy: {s.figures_matched}/{s.figures_total} = {_f(s.figure_accuracy)}"
           f" (money figures {_f(s.figure_money_accuracy)})." if s.figures_total else ""),
        "",
        "## Per rule (all severities)",
        "",
        "| rule | found / required | recall | TP | false alarms | precision | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule, c, _ in _rule_rows(s):
        lines.append(f"| {rule} | {c.found}/{c.expected} | {_f(c.recall)} | {c.tp} | {c.fp} | {_f(c.precision)} | {_f(c.f1)} |")
    lines += ["", "## Samples", "", "| sample | kind | required found | missed | false alarms |", "|---|---|---|---|---|"]
    for x in s.samples:
        req = [lb for lb in x.labels if lb.required]
        missed = ", ".join(f"{lb.rule} {lb.keys}" for lb in req if not lb.found)
        fa = ", ".join(f"{f.rule}" for f in x.findings if f.outcome == "false_alarm")
        lines.append(f"| {x.id} | {x.kind}{' (clean)' if x.clean else ''} | "
                     f"{sum(lb.found for lb in req)}/{len(req)} | {missed or '-'} | {fa or '-'} |")
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}
th{background:#f3f3f3}.tp{color:#186a3b}.fa{color:#b03a2e;font-weight:bold}.miss{color:#b03a2e}
.opt{color:#777}.num{text-align:right}h1{font-size:20px}h2{font-size:16px}"""


def _bar_chart(s: Scores) -> str:
    rows = _rule_rows(s)
    w, lh, left = 560, 22, 170
    h = lh * len(rows) * 2 + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + left + 60}" height="{h}" role="img">']
    y = 20
    for rule, c, _ in rows:
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(rule)}</text>')
        for name, v, color, dy in (("recall", c.recall, "#2e86c1", 0), ("precision", c.precision, "#28b463", lh - 4)):
            bw = int(w * (v or 0))
            parts.append(f'<rect x="{left}" y="{y + dy}" width="{bw}" height="{lh - 8}" fill="{color}">'
                         f'<title>{name} {_f(v)}</title></rect>')
            parts.append(f'<text x="{left + bw + 4}" y="{y + dy + 11}" font-size="11">{name[0]} {_f(v)}</text>')
        y += lh * 2
    parts.append(f'<line x1="{left}" y1="10" x2="{left}" y2="{h}" stroke="#999"/></svg>')
    return "".join(parts)


def render_html(log: EvalLog) -> str:
    s = _scores(log)
    e = html.escape
    o, oi = s.overall, s.overall_incl_info
    out = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>budget-review eval</title>"
           f"<style>{_CSS}</style></head><body>",
           f"<h1>budget-review eval — {e(log.created)}</h1>",
           f"<p>Dataset <code>{e(log.dataset)}</code>, {len(s.samples)} samples, provider <code>{e(log.provider)}</code>"
           f"{', model <code>' + e(log.model) + '</code>' if log.model else ''}, {log.seconds:.1f} s.</p>",
           "<table><tr><th></th><th>precision</th><th>recall</th><th>F1</th><th>TP</th><th>false alarms</th></tr>",
           f"<tr><td>error/warning</td><td>{_f(o.precision)}</td><td>{_f(o.recall)}</td><td>{_f(o.f1)}</td>"
           f"<td>{o.tp}</td><td>{o.fp}</td></tr>",
           f"<tr><td>incl. info</td><td>{_f(oi.precision)}</td><td>{_f(oi.recall)}</td><td>{_f(oi.f1)}</td>"
           f"<td>{oi.tp}</td><td>{oi.fp}</td></tr>",
           f"<tr><td>with severity</td><td>{_f(s.overall_severity.precision)}</td><td>{_f(s.overall_severity.recall)}"
           f"</td><td>{_f(s.overall_severity.f1)}</td><td>{s.overall_severity.tp}</td><td>{s.overall_severity.fp}</td>"
           f"</tr></table>",
           f"<p>Duplicates: {o.duplicates}; severity mismatches: {o.severity_mismatch}.</p>",
           _html_sets(s),
           f"<p>Clean documents: {s.clean_documents}; error/warning false alarms per clean document: "
           f"{_f(s.false_alarms_per_clean_document)}; near-miss violations: {s.near_miss_violations}"
           + (f"; figure accuracy {s.figures_matched}/{s.figures_total}" if s.figures_total else "") + ".</p>",
           "<h2>Per rule (recall by label rule, precision by finding rule; all severities)</h2>",
           _bar_chart(s),
           "<h2>Samples</h2><table><tr><th>sample</th><th>kind</th><th>expected</th><th>findings</th></tr>"]
    for x in s.samples:
        exp = []
        for lb in x.labels:
            cls = "tp" if lb.found else ("miss" if lb.required else "opt")
            mark = "✓" if lb.found else ("✗ missed" if lb.required else "optional")
            exp.append(f"<div class='{cls}'>{mark} {e(lb.rule)} {e(', '.join(lb.keys))}"
                       f"<br><small>{e(lb.note)}</small></div>")
        found = []
        for f in x.findings:
            cls = {"tp": "tp", "false_alarm": "fa"}.get(f.outcome, "opt")
            quote = e((f.quotes[0] if f.quotes else "")[:120])
            found.append(f"<div class='{cls}'>[{e(f.outcome)}] {e(f.rule)}/{e(f.severity)}: {e(f.message[:160])}"
                         f"<br><small>«{quote}»</small></div>")
        err = f"<div class='fa'>error: {e(x.error)}</div>" if x.error else ""
        out.append(f"<tr><td>{e(x.id)}<br><small>{e(x.path)}</small></td><td>{e(x.kind)}"
                   f"{' (clean)' if x.clean else ''}</td><td>{''.join(exp) or '-'}</td>"
                   f"<td>{err}{''.join(found) or '-'}</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def _html_sets(s: Scores) -> str:
    if not s.sets:
        return ""
    e = html.escape
    rows = ["<h2>Sets</h2><table><tr><th>set</th><th>what</th><th>samples</th><th>precision</th><th>recall</th>"
            "<th>precision (severity)</th><th>recall (severity)</th><th>duplicates</th><th>severity mismatches</th>"
            "<th>false alarms per clean doc</th><th>note</th></tr>"]
    for name, title, n, o, sev, fa, marks in _set_rows(s):
        rows.append(f"<tr><td>{e(name)}</td><td>{e(title)}</td><td class='num'>{n}</td><td>{_f(o.precision)}</td>"
                    f"<td>{_f(o.recall)}</td><td>{_f(sev.precision)}</td><td>{_f(sev.recall)}</td>"
                    f"<td class='num'>{o.duplicates}</td><td class='num'>{o.severity_mismatch}</td><td>{fa}</td>"
                    f"<td>{e(marks)}</td></tr>")
    return "".join(rows) + "</table>"


def compare(a: EvalLog, b: EvalLog) -> dict[str, Any]:
    """What changed from run A to run B: labels newly missed / found, new / gone false alarms."""
    sa, sb = _scores(a), _scores(b)

    def labels(s: Scores) -> dict[str, bool]:
        return {f"{x.id} {lb.rule} {lb.keys}": lb.found for x in s.samples for lb in x.labels if lb.required}

    def alarms(s: Scores) -> set[str]:
        return {f"{x.id} {f.rule}/{f.severity}: {(f.quotes[0] if f.quotes else f.message)[:80]}"
                for x in s.samples for f in x.findings if f.outcome == "false_alarm"}

    la, lb = labels(sa), labels(sb)
    fa, fb = alarms(sa), alarms(sb)
    return {
        "newly_missed": sorted(k for k, v in lb.items() if not v and la.get(k, False)),
        "newly_found": sorted(k for k, v in lb.items() if v and not la.get(k, False)),
        "new_false_alarms": sorted(fb - fa),
        "fixed_false_alarms": sorted(fa - fb),
        "overall": {"a": sa.overall.model_dump(), "b": sb.overall.model_dump()},
    }


def render_compare(d: dict[str, Any], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True)
    oa, ob = d["overall"]["a"], d["overall"]["b"]
    lines = [f"overall error/warning: precision {_f(oa['precision'])} -> {_f(ob['precision'])}, "
             f"recall {_f(oa['recall'])} -> {_f(ob['recall'])}, f1 {_f(oa['f1'])} -> {_f(ob['f1'])}"]
    for key in ("newly_missed", "newly_found", "new_false_alarms", "fixed_false_alarms"):
        lines.append(f"{key.replace('_', ' ')}: {len(d[key])}")
        lines += [f"  {item}" for item in d[key]]
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "html": render_html}
