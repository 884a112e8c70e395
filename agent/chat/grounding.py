"""Which numbers in a generated answer are backed by the report or by a tool result.

Why after the answer rather than in the prompt: a model can be told to cite, but only a check
proves it.  Numbers are compared as Decimals after normalising full-width digits and thousands
separators, so "1,239.52", "１２３９.５２" and "1239.520" all equal the report's "1239.52".
An answer with ungrounded numbers is shown with a visible flag, never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from agent.ingest.normalize import normalize

_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")


def normalise(text: str) -> str:
    """The parser's own normalisation (full-width folded, thousands separators dropped)."""
    return normalize(text).text


def numbers(text: str) -> list[tuple[str, Decimal]]:
    """(as printed after normalising, value) for every number in ``text``."""
    out: list[tuple[str, Decimal]] = []
    for m in _NUM.finditer(normalise(text)):
        try:
            out.append((m.group(0), Decimal(m.group(0))))
        except InvalidOperation:
            continue
    return out


def number_set(*texts: str) -> set[Decimal]:
    return {v.normalize() for t in texts for _, v in numbers(t)}


@dataclass
class GroundingReport:
    grounded: list[str] = field(default_factory=list)
    ungrounded: list[str] = field(default_factory=list)
    bad_quotes: list[str] = field(default_factory=list)  # 「quotes」 found neither in the report nor a tool result

    @property
    def ok(self) -> bool:
        return not self.ungrounded and not self.bad_quotes


def check_numbers(answer: str, known: set[Decimal]) -> GroundingReport:
    """Split the answer's numbers into grounded (in ``known``) and ungrounded, each listed once."""
    rep = GroundingReport()
    for printed, value in numbers(answer):
        bucket = rep.grounded if value.normalize() in known else rep.ungrounded
        if printed not in bucket:
            bucket.append(printed)
    return rep


_SPELLED = re.compile(r"(?<![0-9０-９.．])[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]{3})|[.．](?=[0-9０-９]))*")


_QUOTE = re.compile(r"「([^「」]{2,})」")
_SQUASH = re.compile(r"\s+| / ")


def squash(text: str) -> str:
    """For quote matching: normalised digits, no whitespace, no ' / ' line-break markers."""
    return _SQUASH.sub("", normalise(text))


def check_quotes(answer: str, rep: GroundingReport, sources: str) -> GroundingReport:
    """Add to ``rep`` every 「quote」 of the answer that is not in ``sources`` (already squashed)."""
    for q in _QUOTE.findall(answer):
        if squash(q) not in sources and q not in rep.bad_quotes:
            rep.bad_quotes.append(q)
    return rep


def flag(answer: str, rep: GroundingReport) -> str:
    """The answer with each ungrounded number marked inline (whatever its spelling: full-width,
    thousands separators) and a warning line appended."""
    if rep.ok:
        return answer
    if not rep.ungrounded:
        return answer + "\n\n⚠ 未在原文或工具结果中找到的引用：" + "、".join(f"「{q}」" for q in rep.bad_quotes)
    bad = set(rep.ungrounded)

    def mark(m: re.Match[str]) -> str:
        plain = normalise(m.group(0)).replace("，", "")
        return m.group(0) + "〔未核实〕" if plain in bad else m.group(0)

    marked = _SPELLED.sub(mark, answer)
    out = (marked + f"\n\n⚠ 未核实的数字：{'、'.join(rep.ungrounded)} —— 这些数字不在报告原文或工具结果中，"
           "请勿直接采用。")
    if rep.bad_quotes:
        out += "\n⚠ 未在原文或工具结果中找到的引用：" + "、".join(f"「{q}」" for q in rep.bad_quotes)
    return out
