"""Warm-up of the batch's fork server (preloaded by it, see ``agent.forkserver``; nothing else imports it).

A process's first review costs ≈ 0.35 s of CPU more than the next ones: the extraction and check
modules are imported on first use and hundreds of regular expressions are compiled on first match.
Every worker forked from the server used to pay that again.  Importing this module reviews one small
built-in report in the server, so every worker starts with all of it done.  Never raises: a failed
warm-up only means the workers warm themselves up.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# a small 决算-style report with a 说明, a sum, a change and a table: enough to reach every stage
_TEXT = """某局2024年度部门决算

一、收入支出决算总体情况说明
2024年度收入总计1,250.00万元，支出总计1,250.00万元。与2023年度相比，收入支出总计增加50.00万元，增长4.17%。
其中：基本支出1,000.00万元，项目支出250.00万元。

二、一般公共预算财政拨款支出决算情况说明
2024年度一般公共预算财政拨款支出1,200.00万元，占本年支出合计的96.00%。

\t科目编码
\t科目名称
\t本年支出合计

\t201
\t一般公共服务支出
\t1,200.00

\t合计
\t
\t1,200.00
"""


def warm_up() -> None:
    """Review the built-in report once in this process (imports, compiled patterns, caches)."""
    try:
        from agent.ingest import load_document
        from agent.pipeline import review_document

        with tempfile.TemporaryDirectory(prefix="budget-review-warm-") as tmp:
            p = Path(tmp) / "warm.txt"
            p.write_text(_TEXT, encoding="utf-8")
            review_document(load_document(p))
        import agent.ingest.pdf  # noqa: F401 - PDF reading (pypdfium2), imported on the first PDF
    except Exception as e:  # noqa: BLE001 - see module docstring
        log.debug("fork-server warm-up failed: %s: %s", type(e).__name__, e)


warm_up()
