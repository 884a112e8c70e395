"""What the speed work relies on: the collector paused while a review builds its facts (agent.gcpause), spans
built without re-validation but still within the text."""

from __future__ import annotations

import gc

import pytest

from agent.gcpause import gc_paused, without_gc
from tests.helpers import review_text


def test_the_collector_is_off_inside_and_resumed_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer block resumes it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_call_still_resumes_the_collector():
    @without_gc
    def fails() -> None:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fails()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_review_leaves_the_collector_running(monkeypatch):
    seen: list[bool] = []
    import agent.extract as extract

    real = extract.extract_national_tables

    def spy(doc, fb):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return real(doc, fb)

    monkeypatch.setattr(extract, "extract_national_tables", spy)
    review_text("2024年度某局部门整体支出绩效自评报告\n一、预算情况\n全年预算100.00万元，实际支出90.00万元。\n")
    assert seen == [False] and gc.isenabled()


def test_a_span_is_built_from_the_text_and_refuses_offsets_outside_it(tmp_path):
    from agent.ingest import load_document

    path = tmp_path / "r.txt"
    path.write_text("一、预算情况\n全年预算100.00万元。\n", encoding="utf-8")
    doc = load_document(path)
    span = doc.span(9, 15)
    assert span.quote == doc.text[9:15] and span.section == "一、预算情况"
    with pytest.raises(ValueError):
        doc.span(5, 2)
