"""Union of rule facts and LLM facts, with the rules as the reference where both speak: the fact
half of the one merge policy written in ``agent.checks.merge``.

Same quantity (same canonical key) from both: when the values agree the rule figure stands
(grounded agreement); when they disagree — or both read the same printed number as different
quantities — the LLM figure (and any LLM claim built on it) is dropped and the disagreement is
logged — a model's mis-keying must never create a FIGURE_INCONSISTENT finding.  Where the rules
could only key a number ``misc:`` (unknown quantity), the LLM's specific key is added beside it.  Figures and
claims only the LLM found are added; the checks then verify them like any other.  A key the
LLM alone gives with two different values is ambiguous and demoted to ``misc:`` (no pairing).
"""

from __future__ import annotations

import re

from agent.extract.rules.labels import same_project
from agent.schemas import BudgetLine, Facts, Figure, Provenance


def _vague(key: str) -> bool:
    """``misc:`` keys name no comparable quantity (the rules' way of saying "not sure")."""
    return key.startswith("misc:")


def _overlaps(a: Figure, b: Figure) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


def _figure_sig(f: Figure) -> tuple[int, int]:
    return f.span.start, f.span.end


def _claim_sig(c) -> tuple:  # noqa: ANN001 - any Claim
    spans = []
    for name in _CLAIM_ONE:
        f = getattr(c, name, None)
        if f is not None:
            spans.append(_figure_sig(f))
    for name in ("parts", "plus", "minus"):
        spans.extend(_figure_sig(f) for f in getattr(c, name, []) or [])
    return c.kind, tuple(sorted(spans))


def _values(c) -> list:  # noqa: ANN001 - any Claim
    vals = [getattr(c, n).value for n in _CLAIM_ONE if getattr(c, n, None) is not None]
    for n in ("parts", "plus", "minus"):
        vals.extend(f.value for f in getattr(c, n, []) or [])
    return sorted(vals)


def _restates(c, rule_claims: list) -> bool:  # noqa: ANN001
    """The same relation the rules already hold: same kind, overlapping sentence, same numbers."""
    return any(r.kind == c.kind and r.span.start < c.span.end and c.span.start < r.span.end
               and _values(r) == _values(c) for r in rule_claims)


def _project_names(facts: Facts) -> set[str]:
    keys = [f.key for f in facts.all_figures()] + [b.key for b in facts.budget_lines]
    return {k.removeprefix("project:").rsplit(".", 1)[0] if "." in k else k.removeprefix("project:")
            for k in keys if k.startswith("project:")}


def _core(name: str) -> str:
    """A project name without its trailing 项目/专项/经费/资金 words (all of them, repeatedly)."""
    prev = None
    name = name.strip("“”\"' ")
    while prev != name:
        prev, name = name, re.sub(r"(项目|专项资金|专项经费|专项|经费|资金)$", "", name)
    return name


def _align_project_keys(rules: Facts, llm: Facts) -> Facts:
    """Name the LLM's projects as the rules do (``project:业务性`` for 业务性专项经费项目), so the
    same project is one quantity and never two budget lines with duplicate findings."""
    known = _project_names(rules)
    mapping = {}
    for name in _project_names(llm):
        match = next((k for k in known if k != name and (same_project(k, name) or _core(k) == _core(name))), None)
        if match:
            mapping[name] = match
    if not mapping:
        return llm

    def fix(key: str) -> str:
        if not key.startswith("project:"):
            return key
        name, dot, measure = key.removeprefix("project:").rpartition(".")
        if not dot:
            name, measure = measure, ""
        new = mapping.get(name, name)
        return f"project:{new}{dot}{measure}"

    def walk(node):  # noqa: ANN001, ANN202 - plain dump data
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            if isinstance(out.get("key"), str):
                out["key"] = fix(out["key"])
                if "subject" in out and out["subject"] in mapping:
                    out["subject"] = mapping[out["subject"]]
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return Facts.model_validate(walk(llm.model_dump()))


def merge_facts(rules: Facts, llm: Facts) -> Facts:
    llm = _align_project_keys(rules, llm)
    warnings = list(rules.provenance.warnings) + list(llm.provenance.warnings)
    rule_figs = rules.all_figures()
    by_key: dict[str, list[Figure]] = {}
    for f in rule_figs:
        by_key.setdefault(f.key, []).append(f)

    figures = list(rules.figures)
    llm_values: dict[str, Figure] = {}
    rejected: set[tuple[int, int]] = set()
    demoted: dict[tuple[int, int], str] = {}
    for f in llm.all_figures():
        same = by_key.get(f.key)
        at_same_place = [r for r in rule_figs if _overlaps(f, r)]
        if any(r.key == f.key for r in at_same_place) or (at_same_place and _vague(f.key)):
            continue  # grounded agreement, or the rules' reading is at least as specific
        named = [r for r in at_same_place if not _vague(r.key)]
        if named:
            warnings.append(f"merge: figure at {f.span.start} is {named[0].key} for the rules but {f.key} "
                            "for the llm; rules kept")
            rejected.add(_figure_sig(f))
            continue
        if same:
            if all(r.value != f.value for r in same):
                warnings.append(f"merge: {f.key}: llm {f.value} at {f.span.start} disagrees with rules "
                                f"{same[0].value} at {same[0].span.start}; llm figure dropped")
                rejected.add(_figure_sig(f))
                continue
        elif f.key in llm_values and llm_values[f.key].value != f.value:
            warnings.append(f"merge: {f.key}: llm gives {llm_values[f.key].value} and {f.value}; "
                            "ambiguous, keyed misc:")
            demoted[_figure_sig(f)] = f"misc:{f.label}"
            f = f.model_copy(update={"key": demoted[_figure_sig(f)]})
        else:
            llm_values.setdefault(f.key, f)
        figures.append(f)

    claims = list(rules.claims)
    seen = {_claim_sig(c) for c in claims}
    for c in llm.claims:
        sig = _claim_sig(c)
        if sig in seen or any(s in rejected for s in sig[1]) or _restates(c, rules.claims):
            continue
        seen.add(sig)
        claims.append(_rekey(c, demoted))

    added = claims[len(rules.claims):]
    return rules.model_copy(update={
        "figures": figures,
        "claims": claims,
        # a relation the rules left unchecked that the LLM stated as a claim is checked now
        "unchecked": [u for u in rules.unchecked if u.span is None or not any(
            c.span.start < u.span.end and u.span.start < c.span.end for c in added)],
        "budget_lines": _merge_lines(rules.budget_lines, _clean_lines(llm.budget_lines, rejected | set(demoted)),
                                     warnings),
        "score_tables": rules.score_tables or llm.score_tables,
        "provenance": Provenance(
            extractor=f"{rules.provenance.extractor}+{llm.provenance.extractor}",
            version=f"{rules.provenance.version}+{llm.provenance.version}",
            provider=llm.provenance.provider, model=llm.provenance.model,
            prompt_ids=llm.provenance.prompt_ids, tokens=llm.provenance.tokens,
            warnings=list(dict.fromkeys(warnings)),
        ),
    })


_LINE_FIELDS = ("initial_budget", "adjustment", "full_budget", "actual", "stated_rate", "score")
_CLAIM_ONE = ("total", "stated", "numerator", "denominator", "current", "amount", "rate", "prior", "result",
              "left", "right")


def _rekey(c, demoted: dict[tuple[int, int], str]):  # noqa: ANN001, ANN202 - any Claim
    """The claim with demoted (ambiguous) figures carrying their misc: key too."""
    if not demoted:
        return c
    update = {}
    for name in _CLAIM_ONE:
        f = getattr(c, name, None)
        if f is not None and _figure_sig(f) in demoted:
            update[name] = f.model_copy(update={"key": demoted[_figure_sig(f)]})
    for name in ("parts", "plus", "minus"):
        fs = getattr(c, name, None)
        if fs:
            update[name] = [f.model_copy(update={"key": demoted[_figure_sig(f)]}) if _figure_sig(f) in demoted
                            else f for f in fs]
    return c.model_copy(update=update)


def _clean_lines(lines: list[BudgetLine], bad: set[tuple[int, int]]) -> list[BudgetLine]:
    out = []
    for line in lines:
        update = {n: None for n in _LINE_FIELDS if (f := getattr(line, n)) is not None and _figure_sig(f) in bad}
        line = line.model_copy(update=update)
        if any(getattr(line, n) is not None for n in _LINE_FIELDS):
            out.append(line)
    return out


def _merge_lines(rules: list[BudgetLine], llm: list[BudgetLine], warnings: list[str]) -> list[BudgetLine]:
    out = [b.model_copy() for b in rules]
    index = {b.key: b for b in out}
    for line in llm:
        mine = index.get(line.key)
        if mine is None:
            out.append(line)
            index[line.key] = line
            continue
        # A line the rules can already check (an actual and a budget) is left as it is: filling in,
        # say, a full budget would change the comparison and could hide an offline finding.
        complete = mine.actual is not None and (mine.full_budget or mine.initial_budget) is not None
        for name in _LINE_FIELDS:
            theirs, ours = getattr(line, name), getattr(mine, name)
            if theirs is None:
                continue
            if ours is None:
                if not complete:
                    setattr(mine, name, theirs)
            elif ours.value != theirs.value:
                warnings.append(f"merge: {line.key}.{name}: llm {theirs.value} disagrees with rules {ours.value}; "
                                "rules kept")
    return out
