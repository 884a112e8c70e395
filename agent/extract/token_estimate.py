"""A tokenizer-free token estimate, used for budgets and benchmarks when the endpoint reports none.

tiktoken needs its BPE files from the internet, and Chinese-first models (Qwen, DeepSeek) use
other vocabularies anyway.  The estimate counts one token per CJK character (close to what
those tokenizers give for budget prose, slightly pessimistic for OpenAI's o200k) and one per
four other non-space characters; it is applied to both sides of every ratio we report.
"""

from __future__ import annotations

import math


def _is_wide(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation (“”…)
    )


def estimate_tokens(text: str) -> int:
    wide = 0
    other = 0
    for ch in text:
        if _is_wide(ch):
            wide += 1
        elif not ch.isspace():
            other += 1
    return wide + math.ceil(other / 4)
