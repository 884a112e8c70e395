"""jieba tokens for BM25: Chinese words, numbers kept whole, punctuation dropped.

jieba is imported lazily (its dictionary takes ~0.5 s to load) so nothing pays for it until a
BM25 index is actually built.  ``cut_for_search`` adds the sub-words of long compounds
(三公经费 -> 三公, 经费, 三公经费), which is what makes "三公经费预算" match "“三公”经费".
"""

from __future__ import annotations

import re
from functools import lru_cache

_KEEP = re.compile(r"[\w.%]+")  # word characters, decimals, percent signs
_STRIP_NUM = re.compile(r"(?<=\d),(?=\d{3})")  # 1,489.93 -> 1489.93 so both spellings match


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    jieba = _jieba()
    text = _STRIP_NUM.sub("", text.lower())
    out: list[str] = []
    for tok in jieba.cut_for_search(text):
        tok = tok.strip()
        if tok and _KEEP.fullmatch(tok) and tok not in _STOP:
            out.append(tok)
    return out


_STOP = frozenset("的 了 和 与 及 为 在 是 对 等 其中 中 年 万元 元 其 以 并 或 由 将 按 从 于 个 共 有 无".split())
