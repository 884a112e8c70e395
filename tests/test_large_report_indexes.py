"""The indexes that made review linear in document size (issue 14) answer exactly what the scans
they replaced answered.  Timing itself is measured by benchmarks/bench_scaling.py, never here."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.extract.rules import statements
from agent.extract.rules.builder import FactsBuilder
from agent.extract.rules.firstchars import first_chars, led
from agent.ingest.normalize import _ARTEFACT, _THOUSANDS, _fold, normalize
from agent.schemas import Figure, Span


def _reference_normalize(source: str) -> tuple[str, tuple[int, ...]]:
    """The per-character loop normalize was before (kept here as the specification)."""
    drop = [False] * len(source)
    for m in _ARTEFACT.finditer(source):
        for i in range(m.start(), m.end()):
            drop[i] = True
    chars, origin = [], []
    for i, ch in enumerate(source):
        if not drop[i]:
            chars.append(_fold(ch))
            origin.append(i)
    folded = "".join(chars)
    keep = [True] * len(folded)
    for m in _THOUSANDS.finditer(folded):
        keep[m.start()] = False
    text = "".join(c for c, k in zip(folded, keep, strict=True) if k)
    return text, tuple([o for o, k in zip(origin, keep, strict=True) if k] + [len(source)])


_PIECES = st.sampled_from(["1,234,567", "１，２３４", "[bookmark: _Toc12]", "[bookmark:x\n]", "万元", "（", "）",
                           "\u3000", "\u2212", "\u2014", "。", "，", ",", "12", "X", "Ｚ", "\n", " ", "增加", "〇"])


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_normalize_equals_the_per_character_reference(src):
    n = normalize(src)
    assert (n.text, n.origin) == _reference_normalize(src)


def _fig(start: int, end: int, *, label: str = "x", unit: str = "万元", key: str = "misc:x") -> Figure:
    return Figure(key=key, label=label, value=Decimal("1"), unit=unit, span=Span(start=start, end=end, quote="1"))


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 5)), max_size=40), st.integers(-10, 70),
       st.integers(0, 40))
def test_builder_indexes_equal_scans(spans, lo, width):
    fb = FactsBuilder()
    for s, n in spans:
        fb.add_figure(_fig(s, s + n))
    for s in range(-1, 70):
        assert fb.figure_starting_at(s) is next((f for f in fb.figures if f.span.start == s), None)
    assert fb.figures_between(lo, lo + width) == [f for f in fb.figures if lo <= f.span.start < lo + width]


def test_first_chars_of_patterns():
    assert first_chars("abc") == {"a"}
    assert first_chars("a?b") == {"a", "b"}
    assert first_chars("(?:x|y)z") == {"x", "y"}
    assert first_chars(r"(?<![A-Z])[XＸ]{2,}") == {"X", "Ｘ"}
    for unknown in (r"\d+", "a*", "[^a]", ".b", "(?i:a)", "(?i)a"):
        assert first_chars(unknown) is None, unknown


_TEXT = st.lists(st.sampled_from(["格式参考如下", "决算数大于（小于）", "增长(下降)", "XX局", "xXXX", "XXXX年", "××",
                                  "（请填写单位名称）", "【示例】", "此处填写", "调增（减）", "预算", "大于", "(", "（",
                                  "X", "A", "年", "\n", "，"]), max_size=25).map("".join)


@settings(max_examples=300)
@given(_TEXT)
def test_led_template_pattern_finds_the_same_matches(text):
    plain = re.compile("|".join(f"(?:{p})" for p in statements._TEMPLATE))
    assert statements._TEMPLATE_RE.pattern.startswith("(?=[")  # the lookahead is really in use
    assert [(m.span(), m.group()) for m in statements._TEMPLATE_RE.finditer(text)] == \
        [(m.span(), m.group()) for m in plain.finditer(text)]


def test_led_without_known_first_chars_is_the_pattern():
    assert led(r"\d+元").pattern == r"\d+元"


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), max_size=12), st.integers(0, 80), st.integers(1, 20))
def test_overlaps_by_bisect_equals_scan(gaps, a, n):
    covered, pos = [], 0
    for gap, length in gaps:  # disjoint runs in order, as _duplicates builds them
        covered.append((pos + gap, pos + gap + length))
        pos += gap + length
    b = a + n
    scan = any(s <= a < e or a <= s < b for s, e in covered)
    assert statements._overlaps(covered, [s for s, _ in covered], a, b) == scan


@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 6)), max_size=30), st.integers(0, 90),
       st.integers(0, 8))
def test_first_overlapping_wording_equals_the_scan(wordings, w0, width):
    from agent.extract.rules.relations.resolve import _first_overlapping

    worded: dict[tuple[int, int], int] = {}
    for i, (s, n) in enumerate(wordings):
        worded.setdefault((s, s + n), i)
    spans = sorted((s, e, i) for (s, e), i in worded.items())
    starts = [s for s, _, _ in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    w = (w0, w0 + width)
    scan = [i for (s, e), i in worded.items() if s < w[1] and w[0] < e]
    assert _first_overlapping(starts, spans, longest, w) == (scan[0] if scan else None)


_SUM_PIECES = st.sampled_from(["其中", "其", "中", "元", "，", "分别为", "分别是", "资金来源为", "来源", "为", "主要用于以下方面",
                               "具体为", "具体包括", "12万元", "。", "\n", "x"])


@given(st.lists(_SUM_PIECES, max_size=25).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_every_list_marker_holds_a_hint(text, a, b):
    """extract_sums reads only the sentences where a hint stands: any marker found in a stretch has one."""
    from agent.extract.rules.sums import _MARKER, _MARKER_HINT

    lo, hi = min(a, b), max(a, b)
    if _MARKER.search(text, lo, hi):
        assert any(lo <= m.start() < hi for m in _MARKER_HINT.finditer(text))
