"""What the CLI does with a review's LLM notices: one stderr line each, and exit 5 under --strict-llm.

Why a notice and not silence: with ``--provider openai`` a dead or hijacked endpoint used to give
exit 0 and nothing on the terminal; the review still completes (rules), but a reviewer has to
know it was not the review they asked for, and a pipeline has to be able to refuse it.
"""

from __future__ import annotations

import sys
from typing import TextIO

from agent.errors import ProviderError
from agent.schemas import ReviewResult


def emit_notices(result: ReviewResult, lang: str = "zh", stream: TextIO | None = None) -> int:
    """One ``budget-review: warning: …`` line per notice on stderr; returns how many."""
    stream = stream or sys.stderr
    for n in result.tool.notices:
        print(f"budget-review: warning: {n.message if lang == 'zh' else n.message_en}", file=stream)
    return len(result.tool.notices)


def strict_failure(results: list[ReviewResult]) -> ProviderError | None:
    """The exit-5 error for ``--strict-llm`` when any review degraded, else None."""
    degraded = [r for r in results if r.tool.degraded]
    if not degraded:
        return None
    n = sum(len(r.tool.notices) for r in degraded)
    return ProviderError(f"--strict-llm: the language model path degraded ({n} notice{'s' if n != 1 else ''} "
                         f"in {len(degraded)} document{'s' if len(degraded) != 1 else ''}; see the warnings above)")
