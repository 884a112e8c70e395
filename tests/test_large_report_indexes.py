"""The indexes that made review linear in document size (issue 14) answer exactly what the scans
they replaced answered.  Timing itself is measured by benchmarks/bench_scaling.py, never here."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent import fastre
from agent.extract.rules import statements
from agent.extract.rules.builder import FactsBuilder
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


def test_first_class_of_patterns():
    assert fastre.first_class("abc") == "[a]"
    assert fastre.first_class("a?b") == "[ab]"
    assert fastre.first_class("(?:x|y)z") == "[xy]"
    assert fastre.first_class(r"(?<![A-Z])[XＸ]{2,}") == "[XＸ]"
    assert fastre.first_class(r"(?<![\d.])\d+") == r"[\d]"
    assert fastre.first_class(r"(部门)?(整体)?预算执行率") == "[部整预]"
    for unknown in ("a*", "[^a]", ".b", "(?i:a)", "(?i)a", "$"):
        assert fastre.first_class(unknown) is None, unknown


def test_compile_leads_only_where_the_engine_would_not_skip():
    assert fastre.compile(r"(?<!支出)(?<!项目)(部门)?预算执行率").pattern.startswith("(?=[部预])")
    for as_written in ("预算执行率", r"[一二三]、", r"[\u4e00-\u9fff]{1,6}率", r"(?<!x)[\u4e00-\u9fff]率", "a*b?"):
        assert fastre.compile(as_written).pattern == as_written


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


_SAMPLE = st.lists(st.sampled_from(["预算执行率", "部门", "整体", "支出", "项目", "控制在预算范围内", "未超预算", "略有结余",
                                   "超支", "12.5", "-3", "万元", "%", "（", "(", ")", "，", "。", "\n", " ", "x", "加-2"]),
                   max_size=30).map("".join)
_LED = [r"(?<!支出)(?<!项目)(部门)?(整体)?预算执行率\s*(?P<pct>\d+(?:\.\d+)?)?",
        r"(?<![\d.])((?:(?<=[\u4e00-\u9fff：:，,])(?<![加少长降升高低幅])-)?\d+(?:\.\d+)?)\s*(万元|%)?",
        r"(?P<w>(?:控制|保持)在预算(?:范围)?内|未超(?:出|过)?预算|(?:略有|有所)?结余)|(?P<over>超支|超出预算)",
        r"^\s*(?:\d{1,2}[、.]|[（(]\d[)）])?\s*部门"]


@settings(max_examples=300)
@given(_SAMPLE, st.integers(0, 3), st.integers(0, 30))
def test_led_patterns_find_the_same_matches(text, which, pos):
    plain = re.compile(_LED[which], re.M)
    fast = fastre.compile(_LED[which], re.M)
    assert fast.pattern != plain.pattern  # the lookahead is in use
    for a, b in ((plain.finditer(text), fast.finditer(text)), (plain.finditer(text, pos), fast.finditer(text, pos))):
        assert [(m.span(), m.groups()) for m in a] == [(m.span(), m.groups()) for m in b]
    assert (plain.search(text, pos) or None) and plain.search(text, pos).span() == fast.search(text, pos).span() \
        or plain.search(text, pos) is fast.search(text, pos) is None


def test_every_led_pattern_of_the_extractor_finds_what_it_did_on_the_seeds(seeds):
    """Each pattern the extractor and the checks compile through fastre, against the same pattern compiled as
    written, on the seed reports (raw and normalised): the same matches."""
    import importlib
    import pkgutil

    import agent
    from agent.ingest import load_document

    # line by line, runs of spaces closed up: some patterns are meant for a clause after an amount, not a report
    texts = [re.sub(r"\s{3,}", "  ", line) for p in seeds
             for t in (p.read_text(encoding="utf-8"), normalize(load_document(p).text).text)
             for line in t.splitlines() if line.strip()]
    led = []
    for info in pkgutil.walk_packages(agent.__path__, "agent."):
        if info.name.startswith(("agent.extract", "agent.checks")):
            led += [obj for obj in vars(importlib.import_module(info.name)).values()
                    if isinstance(obj, re.Pattern) and obj.pattern.startswith("(?=[")]
    assert len(led) > 50
    for fast in led:
        plain = re.compile(fast.pattern.split("])(?:", 1)[1][:-1], fast.flags)  # as written
        for text in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text)], fast.pattern


def test_the_text_only_readers_in_a_forked_child_read_the_same(seeds):
    """A large report's relation candidates and repeated text are read in a forked process: the same as read in
    this one."""
    import os

    import pytest

    from agent.extract.rules import meta, textonly
    from agent.extract.rules.context import Ctx
    from agent.ingest import load_document

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform: the text-only readers run in-process")
    for p in seeds:
        doc = load_document(p)
        ctx = Ctx(doc)
        ctx.year, ctx.kinds = meta.fiscal_year(doc), meta.document_kinds(doc)
        forked, here = textonly.start(ctx, min_chars=0)(), textonly.read(ctx)
        assert [(r.kind, r.source, r.start, r.end, r.label) for r in forked.candidates] == \
            [(r.kind, r.source, r.start, r.end, r.label) for r in here.candidates]
        assert forked.duplicates == here.duplicates


def test_no_fork_beside_other_threads(seeds):
    """A fork beside running threads may inherit a lock one of them holds: then the readers run here."""
    import threading

    from agent.extract.rules import textonly
    from agent.extract.rules.context import Ctx
    from agent.ingest import load_document

    ctx = Ctx(load_document(seeds[0]))
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        collect = textonly.start(ctx, min_chars=0)
        assert collect.__name__ == "<lambda>"  # the in-process reading, not a child's
        assert collect() == textonly.read(ctx)
    finally:
        stop.set()
        t.join()
