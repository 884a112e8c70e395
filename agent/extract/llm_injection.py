"""Find text in a report that reads like instructions to a language model (prompt injection).

Why report it: the report only ever reaches a model inside a delimited data block and the model
never decides a finding, so such text cannot change a review — but a report that carries it is
itself suspicious, and a reviewer must be told (as a notice, with the quote and its offsets).
The patterns are deliberately specific ("忽略以上要求", "ignore previous instructions", a fake
``</report>`` delimiter, "SYSTEM OVERRIDE"): ordinary budget prose must never trip them.
"""

from __future__ import annotations

import re

from agent import fastre
from agent.schemas import Document, Notice

_PATTERNS = [
    r"(忽略|无视|不要理会|忘记|忘掉)(以上|上述|之前|前面|先前|此前|所有|全部)?的?(所有|全部)?(指令|指示|要求|规则|提示|设定|说明)",
    r"(你现在是|你是一个|扮演)(一个|一名)?(AI|人工智能|助手|模型|审核员)",
    r"(系统|开发者)(提示词|指令)",
    r"(输出|返回)[“\"「]?(无问题|没有问题|未发现问题|零个?问题|0个?问题|零条|0条)",
    r"\bignore\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|rules|prompts?)",
    r"\bdisregard\s+.{0,30}\binstructions\b",
    r"\bsystem\s+(override|prompt)\b",
    r"\byou\s+are\s+now\b",
    r"\breport\s+(zero|no)\s+findings\b",
    r"</?\s*(report|system|assistant|instructions?)\s*>",
    r"<\|im_(start|end)\|>",
]
_RX = fastre.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
MAX_NOTICES = 5


def injection_notices(doc: Document) -> list[Notice]:
    """One notice per suspicious passage (at most MAX_NOTICES), quoting the line it sits in."""
    out: list[Notice] = []
    seen_lines: set[int] = set()
    text = doc.text
    for m in _RX.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start in seen_lines:
            continue
        seen_lines.add(line_start)
        s, e = max(line_start, m.start() - 20), min(len(text), m.end() + 20)
        nl = text.find("\n", m.end())
        if 0 <= nl < e:
            e = nl
        span = doc.span(s, e)
        quote = span.quote.strip()
        out.append(Notice(kind="injection", span=span,
                          message=f"报告中有疑似提示注入的文字（仅作为数据处理，未执行）：「{quote}」（第 {s} 字符）",
                          message_en=f"Prompt-injection-like text in the report (treated as data, not followed): "
                                     f"“{quote}” (offset {s})"))
        if len(out) >= MAX_NOTICES:
            break
    return out


def looks_injected(text: str) -> bool:
    """True when a model's reply carries instruction-like text (a hijacked model echoing its orders)."""
    return bool(_RX.search(text or ""))
