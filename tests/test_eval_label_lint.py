"""Every required label of the committed sets pins the figure the document states: keys present,
at least one of them in the document, and never a single number that occurs twice or more in it
(`budget-review eval --lint`).  The frozen sets (blind*, real) are linted by their writers."""

from __future__ import annotations

import pytest

from eval.dataset import DEFAULT_DATASET, load_dataset, set_files
from eval.lint import lint_dataset

OWN_SETS = [(name, files) for name, files in set_files(DEFAULT_DATASET)
            if name.startswith(("seeds", "samples", "handwritten", "generated"))]


def test_the_committed_sets_are_linted() -> None:
    assert {"seeds", "samples", "handwritten", "generated", "generated_project"} <= {n for n, _ in OWN_SETS}


@pytest.mark.parametrize("name,files", OWN_SETS, ids=[n for n, _ in OWN_SETS])
def test_required_labels_carry_the_stated_figure(name: str, files: list) -> None:
    issues = [i.line() for f in files for i in lint_dataset(load_dataset(f))]
    assert issues == []
