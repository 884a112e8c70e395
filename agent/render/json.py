"""JSON output: exactly the pydantic model, so the schema module stays the only contract.

Decimals keep their stated precision (they serialise as strings); nothing is hand-built here.
"""

from __future__ import annotations

from agent.schemas import ReviewResult


def render_json(result: ReviewResult) -> str:
    return result.model_dump_json(indent=2)
