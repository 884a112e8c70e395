"""Normalisation for parsing that never loses the way back to the verbatim text.

Parsing wants ASCII digits and punctuation, no thousands separators and no Word-export
artefacts; reviewers want verbatim quotes.  ``normalize`` returns the parse-friendly text
together with, for every normalised character, its offset in the original text, so any
match in the normalised text maps back to an exact slice of the loaded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Word export leaves "[bookmark: _Toc123]" / "[bookmark: OLE_LINK2]" in front of headings.
_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]*\]")
# A comma between a 1-3 digit group and exactly three digits is a thousands separator.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

_EXTRA = {
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",
    "\u2212": "-",  # minus sign
    "\u2014": "-",
    "\u2013": "-",
    "\u2236": ":",
    "\u3002": "。",
}


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII block
        return chr(code - 0xFEE0)
    return _EXTRA.get(ch, ch)


@dataclass(frozen=True)
class NormalizedText:
    text: str
    origin: tuple[int, ...]  # origin[i] = offset in the source of text[i]; one sentinel at the end

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of the normalised text to the source text."""
        if start >= end:
            s = self.origin[start]
            return s, s
        return self.origin[start], self.origin[end - 1] + 1


def normalize(source: str) -> NormalizedText:
    drop = [False] * len(source)
    for m in _ARTEFACT.finditer(source):
        for i in range(m.start(), m.end()):
            drop[i] = True
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(source):
        if drop[i]:
            continue
        chars.append(_fold(ch))
        origin.append(i)
    folded = "".join(chars)
    keep = [True] * len(folded)
    for m in _THOUSANDS.finditer(folded):
        keep[m.start()] = False
    text = "".join(c for c, k in zip(folded, keep, strict=True) if k)
    mapped = [o for o, k in zip(origin, keep, strict=True) if k]
    mapped.append(len(source))
    return NormalizedText(text=text, origin=tuple(mapped))
