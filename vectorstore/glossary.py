"""Query expansion with the domain's own vocabulary: English and regional words -> the report's terms.

Why: a reviewer asks "budget for official receptions" or "招待费" while the report says
公务接待费; BM25 and character n-grams cannot bridge that, and the bundled neural embedder is
too slow for every query on a small machine.  The glossary holds the standard terms of these
report templates (部门整体支出绩效自评报告, 部门决算) and their common other names; it was written
from the templates and the rule catalogue, not from the benchmark's queries.  Expansion only
*appends* terms, so an exact query ranks as before.
"""

from __future__ import annotations

import re

# other name (English phrase or Chinese variant) -> the report's terms
GLOSSARY: dict[str, str] = {
    # English
    "budget": "预算", "budgeted": "预算", "appropriation": "预算 拨款", "supplementary": "追加 调增",
    "adjust": "调整", "adjustment": "调整", "mid-year": "年中", "year end": "年末", "year-end": "年末",
    "expenditure": "支出", "expense": "支出", "expenses": "支出", "spending": "支出 开支", "spent": "支出 开支",
    "costs": "经费 支出", "cost": "经费 支出", "revenue": "收入", "income": "收入", "funds": "资金 经费",
    "execution rate": "执行率 控制率", "execution": "执行", "completion": "完成", "rate": "率",
    "ratio": "率 比例", "share": "占 比例", "proportion": "占 比例", "percentage": "率 %",
    "procurement": "政府采购", "contracts": "合同", "small and medium": "中小企业", "enterprises": "企业",
    "personnel": "人员经费", "staff": "人员 编制", "payroll": "在职 实有人员", "headcount": "编制 人数",
    "operating": "运行经费 公用经费", "basic expenditure": "基本支出", "project": "项目",
    "carried forward": "结转 结余", "carryover": "结转", "balance": "结余 余额",
    "overseas travel": "因公出国（境）", "travel": "出国", "vehicles": "公务用车 公车 车辆", "vehicle": "公务用车 公车 车辆",
    "receptions": "公务接待 接待费 招待费", "reception": "公务接待 接待费 招待费", "three public": "三公经费",
    "score": "得分", "grade": "等级", "self-evaluation": "自评", "performance": "绩效",
    "target": "目标 指标值", "targets": "目标 指标", "quantified": "量化", "satisfaction": "满意度 满意率",
    "hotline": "热线", "website": "网站", "page views": "浏览量", "contingency": "预备费",
    "reserve": "预备费", "housing provident fund": "住房公积金", "provident": "公积金",
    "government fund": "政府性基金", "increase": "增加 增长", "decrease": "减少 下降",
    "last year": "上年", "compared": "比 相比", "problems": "问题", "reasons": "原因", "why": "原因",
    "published": "公开", "disclosure": "公开", "seal": "刻章", "engraving": "刻章", "building": "建筑",
    "floor area": "面积", "licences": "证照", "licenses": "证照", "certificates": "证照",
    "electronic": "电子", "calls": "调用", "online": "网上 网办 线上", "window": "窗口",
    "windows": "窗口", "departments": "单位 科室", "total": "合计 总计", "information technology": "信息化",
    "domestic it": "信创", "network": "网络", "security": "安全", "maintenance": "运维 维护",
    "training": "培训", "service": "服务", "services": "服务 事项", "data sharing": "数据共享",
    "api": "接口", "newborn": "新生儿", "birth": "出生", "cross-province": "跨省通办",
    "intermediary": "中介", "consulting": "咨询", "citizen": "群众 市民", "agency": "机关",
    # other Chinese names for the templates' terms
    "招待费": "公务接待费", "招待": "公务接待", "公车": "公务用车", "车辆运行": "公务用车运行维护费",
    "出境": "因公出国（境）", "人头经费": "人员经费", "人头": "人员经费", "运转经费": "公用经费",
    "日常运转": "基本支出 公用经费", "专项开支": "项目支出", "盘子": "预算", "开支": "支出",
    "花销": "支出", "花了": "支出", "年底": "年末", "编内": "编制", "在岗": "在职", "结余下来": "结转结余",
    "剩余资金": "结转结余", "短板": "问题 不足", "成因": "原因", "追加": "调增 调整",
}
_KEYS = sorted(GLOSSARY, key=len, reverse=True)
_RX = re.compile("|".join(rf"(?<![a-z]){re.escape(k)}(?![a-z])" if k.isascii() else re.escape(k) for k in _KEYS),
                 re.IGNORECASE)


def expand(query: str) -> str:
    """``query`` plus the report's terms for every glossary word it contains (longest match first)."""
    extra: list[str] = []
    for m in _RX.finditer(query):
        term = GLOSSARY.get(m.group(0)) or GLOSSARY.get(m.group(0).lower())
        if term and term not in extra and term not in query:
            extra.append(term)
    return query if not extra else query + " " + " ".join(extra)
