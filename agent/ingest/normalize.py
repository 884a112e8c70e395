"""Normalisation for parsing that never loses the way back to the verbatim text.

Parsing wants ASCII digits and punctuation, no thousands separators and no Word-export
artefacts; reviewers want verbatim quotes.  ``normalize`` returns the parse-friendly text
together with, for every normalised character, its offset in the original text, so any
match in the normalised text maps back to an exact slice of the loaded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

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


# _fold for the characters it changes, applied by one regex (``str.translate`` with a dict is slower on
# CJK text); every mapping is one character to one, so offsets are kept
_FOLDS = {ch: f for ch in [*map(chr, range(0xFF01, 0xFF5F)), *_EXTRA] if (f := _fold(ch)) != ch}
_FOLD_RE = re.compile("[" + "".join(re.escape(ch) for ch in _FOLDS) + "]")


def _fold_all(text: str) -> str:
    return _FOLD_RE.sub(lambda m: _FOLDS[m.group()], text)


def normalize(source: str) -> NormalizedText:
    """Fold, drop artefacts and thousands separators, with the source offset of every character kept.
    Done by slices and one regex (a loop over every character cost ≈ 1 s per MB)."""
    kept: list[tuple[int, int]] = []  # source ranges outside artefacts
    pos = 0
    for m in _ARTEFACT.finditer(source):
        kept.append((pos, m.start()))
        pos = m.end()
    kept.append((pos, len(source)))
    if len(kept) == 1:
        folded, origin = _fold_all(source), list(range(len(source)))
    else:
        folded = _fold_all("".join(source[a:b] for a, b in kept))
        origin = list(chain.from_iterable(range(a, b) for a, b in kept))
    commas = [m.start() for m in _THOUSANDS.finditer(folded)]
    if commas:
        bounds = [-1, *commas, len(folded)]
        text = "".join(folded[a + 1:b] for a, b in zip(bounds, bounds[1:], strict=False))
        origin = list(chain.from_iterable(origin[a + 1:b] for a, b in zip(bounds, bounds[1:], strict=False)))
    else:
        text = folded
    origin.append(len(source))
    return NormalizedText(text=text, origin=tuple(origin))
