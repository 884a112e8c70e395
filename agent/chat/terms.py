"""What a reviewer's words mean in the facts: topic terms, their figure-key prefixes, matching.

Why a small glossary instead of embeddings: the topics reviewers ask about are few and fixed
by the report templates (三公经费, 项目支出, 执行率 …), and an exact map to the extractor's keys
("sangong.", "project.") finds the right figures every time, offline.
"""

from __future__ import annotations

import re

from vectorstore.tokenize import tokenize

# term -> (other spellings in the text, figure-key prefixes/fragments)
GLOSSARY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "三公经费": (("三公",), ("sangong",)),
    "公务接待": (("接待费",), ("sangong.reception",)),
    "公务用车": (("公车", "车辆"), ("sangong.vehicle",)),
    "因公出国": (("出国", "出境"), ("sangong.abroad",)),
    "项目支出": (("项目经费",), ("project.", "project:")),
    "基本支出": ((), ("basic.",)),
    "人员经费": ((), ("personnel.",)),
    "公用经费": ((), ("public.",)),
    "执行率": (("控制率", "完成预算", "执行进度"), (".rate",)),
    "预算调整率": (("调整率",), ("adjust",)),
    "结转结余": (("结转", "结余"), ("carryover", "balance")),
    "收入": ((), ("total.income",)),
    "总支出": (("全年支出", "本年支出", "支出总额"), ("total.actual",)),
    "自评得分": (("得分", "评分", "自评分"), ("selfeval", "score")),
    "政府采购": (("采购",), ()),
    "预算": ((), ("budget",)),
}
_QUOTES = re.compile(r"[“”\"'‘’「」《》\s]")
_FILLER = re.compile(r"(为什么|为何|怎么|如何|是否|多少|哪些|什么|请问|请|吗|呢|吧|了|的|是|有|算的|计算|超了|超支|说明"
                     r"|why|how|what|is|the|[？?！!。，,、：:；;])", re.IGNORECASE)


def compact(text: str) -> str:
    """Without quote marks and spaces: '“三公”经费' and '三公经费' compare equal."""
    return _QUOTES.sub("", text)


def topics(question: str) -> list[str]:
    """Glossary terms a question mentions (by the term or one of its spellings), longest first."""
    q = compact(question)
    found = [t for t, (alts, _) in GLOSSARY.items() if t in q or any(a in q for a in alts)]
    # '预算' inside '预算调整率': keep only the longer, more specific term
    return sorted({t for t in found if not any(t != o and t in o for o in found)}, key=len, reverse=True)


def keywords(question: str) -> list[str]:
    """Topic terms plus the question's remaining content words (for matching labels and sections)."""
    words = topics(question)
    rest = _FILLER.sub(" ", compact(question))

    for w in tokenize(rest):
        if len(w) >= 2 and not w.replace(".", "").isdigit() and not any(w in o for o in words):
            words.append(w)
    return words


def in_text(term: str, text: str) -> bool:
    """The term, or one of its spellings, appears in ``text`` (quote marks ignored)."""
    t = compact(text)
    alts = GLOSSARY.get(term, ((), ()))[0]
    return term in t or any(a in t for a in alts)


def figure_matches(term: str, key: str, label: str) -> bool:
    alts, keys = GLOSSARY.get(term, ((), ()))
    lab = compact(label)
    return (term in lab or any(a in lab for a in alts) or any(k in key for k in keys)
            or term.lower() in key.lower())
