"""Shared fixtures: the real seed reports live in ../shared/seeds beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
SAMPLES_DIR = ROOT / "samples"


def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


@pytest.fixture
def seeds() -> list[Path]:
    paths = seed_paths()
    if not paths:
        pytest.skip(f"seed reports not found in {SEEDS_DIR} (CI always has them)")
    return paths


def seed(prefix: str) -> Path:
    for p in seed_paths():
        if p.name.startswith(prefix):
            return p
    pytest.skip(f"seed {prefix} not found in {SEEDS_DIR}")
    raise AssertionError  # unreachable
