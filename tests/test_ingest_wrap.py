"""Hard-wrapped .txt reports: lines broken only by the width are rejoined before anything reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ingest import load_document
from agent.ingest.wrap import rejoin_hard_wraps
from agent.pipeline import review_document

_PARA = ("2024年度本部门收入支出总计20,376.50万元。与2023年度相比，收入支出总计各减少929.49万元，下降{rate}%，"
         "主要原因是项目调整，部分专项资金不再安排，人员经费随退休人员增加而有所调整，公用经费严格压减。")
_FILLER = ("本部门认真落实过紧日子要求，严格控制一般性支出，加强预算执行管理，按月通报执行进度，"
           "推动资金及早发挥效益，确保各项重点工作顺利完成。")


def _report(rate: str) -> str:
    return "\n".join(["某局2024年度部门决算", "一、收入支出决算总体情况说明", _PARA.format(rate=rate),
                      "二、其他说明", _FILLER, _FILLER, _FILLER])


def _wrap(text: str, n: int = 28) -> str:
    out = []
    for line in text.split("\n"):
        while len(line) > n:
            out.append(line[:n])
            line = line[n:]
        out.append(line)
    return "\n".join(out)


def test_a_hard_wrapped_report_reads_as_its_paragraphs():
    text = _report("4.36")
    assert rejoin_hard_wraps(_wrap(text)) == text
    assert rejoin_hard_wraps(text) == text  # one line per paragraph (a Word export): left alone


@pytest.mark.parametrize("rate, wrong", [("4.36", False), ("5.35", True)])
def test_a_change_cut_by_the_wrap_is_still_checked(tmp_path: Path, rate: str, wrong: bool):
    """'…各减\\n少929.49万元，下降5.35%' (true 4.36%: 929.49 / 21,305.99)."""
    p = tmp_path / "wrapped.txt"
    p.write_text(_wrap(_report(rate)), encoding="utf-8")
    found = [f for f in review_document(load_document(p)).findings if f.rule == "CHANGE_MISMATCH"]
    assert bool(found) is wrong, [f.message for f in found]
