"""``re.compile`` for patterns that scan a whole report: the same matches, found faster.

Python's regex engine skips ahead only when a pattern opens with a literal or a class.  A pattern that
opens with a lookbehind ('(?<!支出)预算执行率'), an optional group ('(部门)?(整体)?预算…') or a wide
alternation (the thirty template-residue phrases) is instead tried in full at every character of the
text: on a 3 MB report one such scan costs tens of milliseconds, and the extractor runs hundreds.
Led by a lookahead on the characters a match can start with, the engine skips every other position
at once and finds exactly the same matches.

The first characters are derived from the pattern itself (an alternative added later is covered);
when they cannot be derived, are a wide class (CJK, ``\\w``), or the engine already skips by itself,
the pattern is compiled as it is.
"""

from __future__ import annotations

import re

try:  # the parser of the standard library's regex engine (re._parser since 3.11)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - another Python: no prefilter, same results
    _c = _p = None  # type: ignore[assignment]


class _Unknown(Exception):
    """A construct whose first characters are not worked out here."""


_CATEGORIES = {} if _c is None else {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w",
                                     _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_NOT_SPACE: r"\S",
                                     _c.CATEGORY_NOT_WORD: r"\W"}


def _first(items: list, cls: list[str]) -> bool:
    """Add the class items a match of ``items`` (a parsed sequence) can start with to ``cls``; whether the
    sequence can match the empty string."""
    for op, av in items:
        if op is _c.LITERAL:
            cls.append(re.escape(chr(av)))
            return False
        if op is _c.IN:
            for iop, iav in av:
                if iop is _c.LITERAL:
                    cls.append(re.escape(chr(iav)))
                elif iop is _c.RANGE:
                    cls.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is _c.CATEGORY and iav in _CATEGORIES:
                    cls.append(_CATEGORIES[iav])
                else:  # NEGATE, other categories
                    raise _Unknown
            return False
        if op is _c.SUBPATTERN:
            if av[1] or av[2]:  # scoped flags, e.g. (?i:…)
                raise _Unknown
            if not _first(list(av[-1]), cls):
                return False
            continue
        if op is _c.BRANCH:
            empty = False
            for alt in av[1]:
                empty = _first(list(alt), cls) or empty
            if not empty:
                return False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, item = av
            if not _first(list(item), cls) and lo > 0:
                return False
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: the next item starts the match
        raise _Unknown
    return True


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class (``[…]``) of the characters a non-empty match of ``pattern`` can start with;
    None when not derivable (unknown constructs, case-insensitive or verbose patterns, or a pattern that
    can match the empty string)."""
    if _p is None:
        return None
    try:
        cls: list[str] = []
        parsed = _p.parse(pattern, flags)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        if _first(list(parsed), cls):
            return None  # can match the empty string
    except (_Unknown, re.error):
        return None
    return "[" + "".join(dict.fromkeys(cls)) + "]"


def _skipped_by_the_engine(pattern: str, flags: int) -> bool:
    """Whether the engine already skips to the first characters itself: a pattern opening with a literal or a
    class (it scans for the prefix or the class); one opening with a lookaround, an anchor, an optional item or
    a group it is tried in full at every position."""
    try:
        parsed = list(_p.parse(pattern, flags))
    except re.error:
        return True
    return bool(parsed) and parsed[0][0] in (_c.LITERAL, _c.IN)


_WIDE = re.compile(r"\\[wWSD]|(.)-(.)")


def _narrow(cls: str) -> bool:
    """A class of a few characters (skipping is worth it): no wide ranges such as 一-鿿, no \\w."""
    for m in _WIDE.finditer(cls):
        if m.group(1) is None or ord(m.group(2)) - ord(m.group(1)) > 255:
            return False
    return True


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - the drop-in for re.compile
    """``pattern`` compiled, led by a lookahead on its first characters when they are known: the engine
    then skips every other position at once (a pattern opening with a lookbehind or an optional group
    is otherwise tried in full at every character).  The matches are exactly the same."""
    cls = first_class(pattern, flags)
    if cls is None or not _narrow(cls) or _skipped_by_the_engine(pattern, flags):
        return re.compile(pattern, flags)
    try:
        return re.compile(f"(?={cls})(?:{pattern})", flags)
    except re.error:  # global inline flags must open the expression: left as written
        return re.compile(pattern, flags)
