"""Lines broken only because the page (or the exporting tool) was full, rejoined.

A hard-wrapped .txt ('…比上年减\n少929.49万元，下降4.35%') cuts sentences, numbers and their labels
apart; every extractor would then see two half-sentences.  A line is joined to the next when it is a
*full* line — as wide as the file's usual wrapped line — that does not end a sentence, and the next line
does not start a heading, a list item or a table row.  Files whose lines are whole paragraphs (the
usual Word export) have no usual width and are left alone.
"""

from __future__ import annotations

import re
from collections import Counter

TERMINAL = tuple("。！？!?：:；;")
STARTS_ITEM = re.compile(
    r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第.{1,3}部分|附件|注[:：]|"
    r"[□■●◆]|表\s*\d)")
_MIN_WIDTH = 16  # a wrap narrower than 16 characters is a list, not a page


def wrap_width(lines: list[str]) -> int | None:
    """The length (in characters: text tools wrap by count) most running-text lines share, if the text is
    hard-wrapped; None otherwise."""
    widths = [len(ln) for ln in lines if ln.strip() and not ln.startswith("\t")]
    if len(widths) < 8:
        return None
    full, _ = Counter(widths).most_common(1)[0]
    near = [ln for ln in lines if ln.strip() and not ln.startswith("\t") and abs(len(ln) - full) <= 2]
    running = sum(1 for ln in near if re.search(r"[，,]", ln))  # wrapped prose, not a run of headings
    # a wrapped paragraph ends in a shorter line closing its sentence; paragraphs that merely share a
    # length (and end anyhow) have no such tails
    tails = sum(1 for ln in lines if ln.strip() and not ln.startswith("\t") and len(ln) < full - 2
                and ln.rstrip().endswith(TERMINAL))
    ok = (full >= _MIN_WIDTH and len(near) >= max(5, 0.3 * len(widths)) and running >= 0.6 * len(near)
          and tails >= 0.15 * len(near))
    return full if ok else None


def rejoin_hard_wraps(text: str) -> str:
    """``text`` with the line breaks of a hard-wrapped file removed where a sentence continues."""
    lines = text.split("\n")
    full = wrap_width(lines)
    if full is None:
        return text
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if (prev.strip() and line.strip() and not prev.startswith("\t") and not line.startswith("\t")
                and len(prev) >= full - 2 and not prev.rstrip().endswith(TERMINAL) and not STARTS_ITEM.match(line)
                and not (STARTS_ITEM.match(prev) and not re.search(r"[，,。]", prev))):  # a heading stands alone
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
