"""`review --polish`: reword each finding in a reviewer's tone with the LLM, numbers untouched.

Why the gate: a comment that goes to a budget unit must not carry a number the checks did not
produce.  The polished text is kept only when every number in it equals a number of the
original finding (its message, values or evidence quotes); otherwise — and on any endpoint
error — the template wording stays.  Without an LLM provider (rules) this is a no-op with a
note on stderr.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from agent.chat.agent import load_prompt
from agent.chat.grounding import check_numbers
from agent.chat.tools import finding_numbers
from agent.config import Settings, with_model
from agent.providers import get_provider

if TYPE_CHECKING:
    from agent.schemas import Finding, ReviewResult

MAX_GROWTH = 3  # a polished comment longer than 3× the template is rewriting, not polishing

log = logging.getLogger(__name__)


def polish_findings(result: ReviewResult, settings: Settings | None = None, *, provider: str | None = None,
                    model: str | None = None) -> ReviewResult:
    settings = with_model(settings or Settings(), model)  # never change the caller's settings
    name = (provider or settings.llm.provider or "rules").strip().lower()
    chat_model = None if name == "rules" else get_provider(name, settings).chat_model(settings)
    if chat_model is None:
        print(f"budget-review: note: --polish needs an LLM provider (--provider openai); provider {name!r} has "
              "no model, comments keep their template wording", file=sys.stderr)
        return result

    template, prompt_id = load_prompt("polish")
    kept = changed = 0
    findings = []
    for f in result.findings:
        text = polish_one(chat_model, template, f)
        if text is None:
            kept += 1
            findings.append(f)
        else:
            changed += 1
            findings.append(f.model_copy(update={"message": text}))
    warnings = list(result.tool.warnings)
    if kept:
        warnings.append(f"polish: {kept} comment(s) kept their template wording (numbers changed or endpoint error)")
    tool = result.tool.model_copy(update={"warnings": warnings, "prompt_ids": [*result.tool.prompt_ids, prompt_id]})
    if kept:
        print(f"budget-review: note: polished {changed} comment(s); {kept} kept the template wording", file=sys.stderr)
    return result.model_copy(update={"findings": findings, "tool": tool})


def polish_one(chat_model, template: str, f: Finding) -> str | None:  # noqa: ANN001 - a LangChain chat model
    """The polished message, or None when the model failed or changed a number."""
    try:
        reply = chat_model.invoke([("system", template), ("user", f.message)])
    except Exception as e:  # noqa: BLE001 - endpoint failures keep the template, never fail the review
        print(f"budget-review: note: polish failed for {f.rule}: {type(e).__name__}", file=sys.stderr)
        log.debug("polish of %s failed", f.id, exc_info=True)
        return None
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    text = text.strip().strip("「」\"“”")
    if not text or len(text) > MAX_GROWTH * max(len(f.message), 20):
        return None
    if not check_numbers(text, finding_numbers(f)).ok:
        return None
    return text
