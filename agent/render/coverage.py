"""What the review covered, in the reviewer's words: one line, a few rows, and the items left to check.

Every output shows the same figures of ``ReviewResult.coverage`` (computed in
``agent.checks.coverage``): how many arithmetic identities were checked, how many held and
failed, and what was not verified or not read — the part a reviewer must still do by hand.
One wording here keeps the terminal, memo, Word, Excel and batch summary in step.
"""

from __future__ import annotations

from agent.schemas import Coverage, CoverageItem, CoverageStatus

MAX_ITEMS = 10  # unchecked items listed before "…另有 N 项"

_STATUS = {
    "zh": {CoverageStatus.HELD: "成立", CoverageStatus.FAILED: "不成立", CoverageStatus.NOT_VERIFIED: "未核实",
           CoverageStatus.UNREAD: "未读取"},
    "en": {CoverageStatus.HELD: "held", CoverageStatus.FAILED: "failed", CoverageStatus.NOT_VERIFIED: "not verified",
           CoverageStatus.UNREAD: "unread"},
}


def status_label(status: CoverageStatus | str, lang: str) -> str:
    return _STATUS[lang][CoverageStatus(status)]


def coverage_line(cov: Coverage, lang: str) -> str:
    """'核查 N 项勾稽关系：成立 a，不成立 b；未核实 c，未读取 d' / its English equivalent."""
    if lang == "zh":
        return (f"核查 {cov.checked} 项勾稽关系：成立 {cov.held}，不成立 {cov.failed}；"
                f"未核实 {cov.not_verified}，未读取 {cov.unread}")
    return (f"checked {cov.checked} identities: {cov.held} held, {cov.failed} failed; "
            f"{cov.not_verified} not verified, {cov.unread} unread")


def coverage_rows(cov: Coverage, lang: str) -> list[tuple[str, int]]:
    """(label, count) rows of a summary table, in the order of the one-line form."""
    if lang == "zh":
        labels = ["核查的勾稽关系", "成立", "不成立", "未核实", "未读取"]
    else:
        labels = ["identities checked", "held", "failed", "not verified", "unread"]
    return list(zip(labels, [cov.checked, cov.held, cov.failed, cov.not_verified, cov.unread], strict=True))


def unchecked(cov: Coverage) -> list[CoverageItem]:
    """The items a reviewer must still check by hand: not verified first, then unread, in reading order."""
    order = {CoverageStatus.NOT_VERIFIED: 0, CoverageStatus.UNREAD: 1}
    items = [i for i in cov.items if i.status in order]
    return sorted(items, key=lambda i: (order[i.status], i.span.start if i.span else -1))


def item_text(item: CoverageItem, lang: str) -> str:
    """'【未核实】公开05表 201类 = Σ款 — 分项无法对应（第3页）'."""
    tag = f"【{status_label(item.status, lang)}】" if lang == "zh" else f"[{status_label(item.status, lang)}] "
    text = tag + item.label
    if item.reason:
        text += ("——" if lang == "zh" else " — ") + item.reason
    if item.span is not None and item.span.page is not None:
        text += f"（第{item.span.page}页）" if lang == "zh" else f" (p. {item.span.page})"
    return text


def capped(items: list[CoverageItem], lang: str, limit: int = MAX_ITEMS) -> tuple[list[str], str | None]:
    """The first ``limit`` items as text, and '…另有 N 项' / '… and N more' when some were left out."""
    shown = [item_text(i, lang) for i in items[:limit]]
    rest = len(items) - len(shown)
    if rest <= 0:
        return shown, None
    return shown, (f"…另有 {rest} 项" if lang == "zh" else f"… and {rest} more")
