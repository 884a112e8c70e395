"""What every style shares: the random source, the labels being collected, privacy-safe fakes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from eval.generator import phrases
from eval.generator.doc import Doc


@dataclass
class Ctx:
    rng: random.Random
    plants: set[str]
    year: int
    city: str
    district: str
    unit: str
    labels: list[dict[str, Any]] = field(default_factory=list)
    near_misses: list[dict[str, Any]] = field(default_factory=list)
    doc: Doc = field(default_factory=Doc)

    @classmethod
    def new(cls, rng: random.Random, plants: set[str], level: str = "district") -> Ctx:
        city, district = rng.choice(phrases.CITIES)
        unit = rng.choice(phrases.UNITS)
        return cls(rng=rng, plants=set(plants), year=rng.randint(2021, 2024), city=city, district=district,
                   unit=(city if level == "city" else city + district) + unit)

    def has(self, plant: str) -> bool:
        return plant in self.plants

    def label(self, rule: str, keys: list[Any], severity: str, *, alternatives: list[str] | None = None,
              any_keys: list[Any] | None = None, note: str = "", required: bool = True) -> None:
        d: dict[str, Any] = {"rule": rule, "severity": severity, "keys": [str(k) for k in keys]}
        if alternatives:
            d["alternatives"] = alternatives
        if any_keys:
            d["any_keys"] = [str(k) for k in any_keys]
        if not required:
            d["required"] = False
        d["note"] = note
        self.labels.append(d)

    def near_miss(self, rule: str, keys: list[Any], note: str, max_severity: str = "none") -> None:
        self.near_misses.append({"rule": rule, "keys": [str(k) for k in keys], "max_severity": max_severity,
                                 "note": note})

    def pick(self, pool: list[Any], k: int) -> list[Any]:
        return self.rng.sample(pool, k)


def fake_mobile(rng: random.Random) -> str:
    """A well-formed mobile number in the 1380013xxxx test range (not a real person's)."""
    return "1380013" + f"{rng.randint(0, 9999):04d}"


def fake_id_number(rng: random.Random, year: int) -> str:
    """An 18-digit 居民身份证号 with a valid check digit for a made-up person."""
    body = f"430102{year - rng.randint(25, 55)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def landline(rng: random.Random) -> str:
    return f"0731-{rng.randint(2200, 2899)}{rng.randint(1000, 9999)}"


def quoted(name: str) -> str:
    """“name”, unless the name already starts with a quoted part (“放管服”改革经费), as the seeds write it."""
    return name if name.startswith("“") else f"“{name}”"


def fragments(paragraph: str, size: int = 8) -> list[str]:
    """Distinctive pieces of a repeated paragraph: the first ``size`` characters of each clause, so a
    DUPLICATE_TEXT finding quoting any one sentence or clause of it matches."""
    import re

    return [c.strip()[:size] for c in re.split(r"[。；，：]", paragraph) if len(c.strip()) >= size]
