"""How the scorer, the figure scorer and the label lint read text and numbers: one normaliser so
all three agree on what "the same number" is. Its own module because the scorer imports the figure
scorer, and both need it (it lived in the scorer, which made the two import each other)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

NUM = re.compile(r"-?\d+(?:\.\d+)?")
NUMERIC_KEY = re.compile(r"^-?\d+(?:\.\d+)?%?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


def normalize(text: str) -> str:
    """Full-width → ASCII, thousands separators dropped."""
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


def dec(s: str) -> Decimal | None:
    """``s`` as a Decimal, or None when it is not a number."""
    try:
        return Decimal(s)
    except InvalidOperation:
        return None
