"""Every finding's wording, zh and en, in one place: a template per rule and case.

The checks compute (Decimal arithmetic, number formatting with ``fmt``/``money``) and name the
case; the words a reviewer reads live here, so a wording fix is one edit and the zh and en texts of
a finding sit side by side.  Templates use ``str.format`` fields; a value given as a ``(zh, en)``
pair fills each language with its own text.  A field left unfilled raises ``KeyError`` (tested for
every template in tests/test_messages.py).  Fragments (``fragment=True``) are pieces inserted into a
message, not whole findings; a fragment with an empty ``en`` is said in Chinese only.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Wording:
    zh: str
    en: str
    suggestion: str | None = None  # zh, as the Finding.suggestion field is
    fragment: bool = False


class Said(NamedTuple):
    zh: str
    en: str
    suggestion: str | None


MESSAGES: dict[tuple[str, str], Wording] = {
    ("SUM_MISMATCH", "sum"): Wording(
        "{label}为{total}，但所列分项合计为{parts_total}{unit}（{parts}），相差{diff}{unit}，{scope}请核实。",
        "{label} is stated as {total} but its parts add up to {parts_total}{unit} ({parts}); difference {diff}.{scope}",
        "请核对{label}及其分项数据，确保合计数等于分项之和。"),
    ("SUM_MISMATCH", "scope"): Wording(
        "前{k}项之和已等于{total}，其余分项（{extra}）是否属于该合计的口径，",
        " The first {k} parts alone make the total; are the others ({extra}) within its scope?", fragment=True),
    ("RATIO_MISMATCH", "ratio"): Wording(
        "{name}：{numerator}÷{denominator}={true}%，报告列为{stated}%，计算有误，请核实。",
        "{name}: {numerator} / {denominator} = {true}%, but the report states {stated}%.",
        "请按{numerator}÷{denominator}重新计算{name}。"),
    ("RATIO_MISMATCH", "truncated"): Wording(
        "{name}：{numerator}÷{denominator}={true}%，报告列为{stated}%，系尾数截断而非四舍五入（尾数处理），建议统一取舍规则。",
        "{name}: {numerator} / {denominator} = {true}%; the stated {stated}% truncates instead of rounding "
        "(last-digit handling)."),
    ("RATIO_MISMATCH", "adjusted_rate"): Wording(
        "{subject}执行率：{actual}÷（{initial}{sign}{adjustment}）={true}%，报告列为{stated}%，计算有误，请核实。",
        "'{subject}' execution: {actual} / ({initial} {sign} {adjustment}) = {true}%, stated {stated}%."),
    ("CHANGE_MISMATCH", "amount"): Wording(
        "{label}：本期{current}、上期{prior}，应{word}{expected}{unit}，报告列为{amount}，请核实。",
        "{label}: current {current}, prior {prior} imply a change of {expected}, the report states {amount}."),
    ("CHANGE_MISMATCH", "rate"): Wording(
        "{label}：本期{current}，{word}{amount}，则上期应为{prior}{unit}，{word}率应为{true}%，报告列为{stated}%，"
        "增减额与增减率不符，请核实。",
        "{label}: current {current} and a change of {amount} imply a prior value of {prior} and a rate of {true}%, "
        "but the report states {stated}%."),
    ("CHANGE_MISMATCH", "rate_of_change"): Wording(
        "{label}：{word}额{amount}、上期{prior}，{word}率应为{true}%，报告列为{stated}%，请核实。",
        "{label}: a change of {amount} on a prior {prior} is {true}%, the report states {stated}%."),
    ("CHANGE_MISMATCH", "rate_against_prior"): Wording(
        "{label}：本期{current}、上期{prior}，{word}率应为{true}%，报告列为{stated}%，请核实。",
        "{label}: current {current} against prior {prior} is a change of {true}%, the report states {stated}%."),
    ("BALANCE_MISMATCH", "identity"): Wording(
        "{label}不成立：{formula} = {expected}{unit}，报告列为{result}，相差{diff}{unit}，请核实。",
        "Identity '{label}' fails: {formula} = {expected}, the report states {result}."),
    ("FIGURE_INCONSISTENT", "values"): Wording(
        "同一数据前后表述不一致：{places}，请核实并统一。",
        "The same quantity is stated with different values: {places}.",
        "请核对原始账表，统一全文各处的同一数据。"),
    ("FIGURE_INCONSISTENT", "rerounded"): Wording(
        "同一数据前后表述不一致：{places}，仅相差末位一个单位，疑为各表分别四舍五入形成的尾差，建议统一。",
        "The same quantity is stated with different values: {places}; one unit of the last digit apart "
        "(tables rounded separately).",
        "请核对原始账表，统一全文各处的同一数据。"),
    ("FIGURE_INCONSISTENT", "place"): Wording(
        "{label}在“{section_a}”中为{value_a}，在“{section_b}”中为{value_b}",
        "{label}: {value_a} vs {value_b}", fragment=True),
    ("OVER_BUDGET", "subject"): Wording(
        "{name}实际支出{actual}，超过{budget_name}{budget}，预算控制率{rate}%{masked}，请核实超支原因。",
        "{name}: actual {actual} exceeds the budget {budget} ({rate}%){masked}.",
        "请说明{name}超预算原因，并按实际预算数{budget}计算控制率。"),
    ("OVER_BUDGET", "masked"): Wording(
        "，报告以{denominator}为分母列为{stated}%",
        "; the report divides by {denominator} to state {stated}%", fragment=True),
    ("OVER_BUDGET", "line"): Wording(
        "{subject}实际支出{actual}，超过预算{budget}，执行率{rate}%，请说明超支原因。",
        "'{subject}': actual {actual} exceeds its budget {budget} ({rate}%).",
        "请说明超预算支出的原因及审批依据。"),
    ("LOW_EXECUTION", "line"): Wording(
        "{subject}预算{budget}，实际支出{actual}，执行率{rate}%，低于{threshold}%，请说明原因。",
        "'{subject}': execution {rate}% ({actual} of {budget}) is below {threshold}%.",
        "请说明预算执行率偏低的原因及改进措施。"),
    ("LOW_EXECUTION", "stated_rate"): Wording(
        "{budget_label}{budget}，{actual_label}{actual}，{name}{rate}%，低于{threshold}%，请说明原因。",
        "Execution {rate}% ({actual} of {budget}) is below {threshold}%.",
        "请说明预算执行率偏低的原因及改进措施。"),
    ("LOW_EXECUTION", "subject"): Wording(
        "{name}全年预算{budget}，实际支出{actual}，执行率{rate}%，低于{threshold}%。",
        "{name}: execution {rate}% is below {threshold}%."),
    ("SCORE_MISMATCH", "sum"): Wording(
        "自评表{label}为{stated}分，但各项合计为{total}分，请核实。",
        "Self-evaluation table: {label} is {stated} but the rows add up to {total}."),
    ("SCORE_MISMATCH", "weights"): Wording(
        "自评表各指标分值合计为{total}分，不等于100分，请核实。",
        "Weights add up to {total}, not 100."),
    ("SCORE_MISMATCH", "total_weight"): Wording(
        "自评表总分值为{total}分，不等于100分。",
        "Total weight is {total}, not 100."),
    ("SCORE_MISMATCH", "group"): Wording(
        "自评表“{group}（{weight}分）”下各指标分值合计为{total}分，与标注的{weight}分不符，请核实。",
        "Group '{group}' is weighted {weight} but its rows' weights add up to {total}.",
        "请核对“{group}”各三级指标分值。"),
    ("SCORE_MISMATCH", "over_weight"): Wording(
        "自评表“{indicator}”得分{score}分，超过该指标分值{weight}分。",
        "'{indicator}' scores {score}, above its weight {weight}."),
    ("SCORE_MISMATCH", "execution_score"): Wording(
        "预算执行率得分应为执行率{rate}%×分值{weight}={expected}分，自评表列为{score}分。",
        "Execution score should be {rate}% x {weight} = {expected}, stated {score}."),
    ("TARGET_NOT_MET", "full_score"): Wording(
        "自评表“{indicator}”年度指标值为{target}，实际完成值{actual}，未达到目标，但得分{score}分（满分{weight}分），"
        "请核实评分依据。",
        "'{indicator}' target {target}, actual {actual}: missed, yet scored {score} of {weight}.",
        "请按绩效目标实现比例重新计算该指标得分，并说明偏差原因。"),
    ("TEXT_CONTRADICTION", "direction"): Wording(
        "报告称“{wording}”，但{left_label}{left}{relation}{right_label}{right}，文字说明与数据矛盾，请修改。",
        "The report says the final figure is {said} the budget, but {left} is {relation} than {right}.",
        "请按实际数据修改增减方向的表述及原因说明。"),
    ("TEXT_CONTRADICTION", "bound"): Wording(
        "报告称{name}达到{stated}%{said}，但{numerator}÷{denominator}={true}%，文字说明与数据矛盾，请修改。",
        "The report says {name} is {said} {stated}%, but {numerator} / {denominator} = {true}%.",
        "请按实际数据修改表述。"),
    ("TEXT_CONTRADICTION", "zero_base"): Wording(
        "报告称{label}为{stated}，但其分母{base_label}为{base}，以0为基数的比率不成立，请核实所用口径（如应为全年预算）。",
        "The report states {stated} against a base of {base}: no such rate exists.",
        "请核实比率的计算口径，并修改表述。"),
    ("TEXT_CONTRADICTION", "grew_more_than_it_is"): Wording(
        "{current_label}{current}，报告却称{label}{amount}：增加额大于本年数（上年数将为负），增减表述与数据矛盾，请核实。",
        "The report says {current} grew by {amount}: the prior figure would be negative.",
        "请核实本年数与增加额，疑为沿用其他项目的表述。"),
    ("TEXT_CONTRADICTION", "reason"): Wording(
        "报告称“{stated}”（{figures}），但其原因说明为“{reason}”，原因说明与数据矛盾，请核实。",
        "The report states '{stated}' but explains it by '{reason}': the reason says the opposite.",
        "请按实际增减方向修改原因说明。"),
    ("TEXT_CONTRADICTION", "empty_table"): Wording(
        "表下注明“{note}”，但表中列有{shown}等数据，表格与说明矛盾，请核实是表格数据有误还是说明有误。",
        "The note under the table says it is empty ('{note}'), but the table shows {shown} among others.",
        "请核实该表数据；如确无相关预算（决算），应清空表格，否则删除“本表为空”的说明。"),
    ("TEXT_CONTRADICTION", "change_direction"): Wording(
        "报告称{label}{stated}，但{current}与{prior_label}{prior}相比实际{real}{delta}{unit}，增减方向与数据矛盾，请修改。",
        "The report says {said} of {stated}, but {current} against {prior} is {real}.",
        "请按实际数据修改增减（节约/超支）的表述。"),
    ("TEXT_CONTRADICTION", "change_direction_implied"): Wording(
        "报告称{label}{amount}、{word}{stated}%，但{amount}÷{stated}%对应的上年数为{prior}{unit}，大于本年{current}，"
        "数据所示实为{real}，增减方向与数据矛盾，请修改。",
        "The report says {said} of {amount} ({stated}%), but that change and rate imply a prior of {prior} against "
        "the current {current}: the figures show {real}.",
        "请按实际数据修改增减的表述。"),
    ("TEXT_CONTRADICTION", "fully_spent"): Wording(
        "报告称“{claim}”，但{actual_label}{actual}小于{budget_label}{budget}（执行率{rate}%），尚有{gap}{unit}未支出，"
        "文字说明与数据矛盾，请核实。",
        "The report says the funds were fully spent ('{claim}'), but {actual} is less than the budget {budget} "
        "({rate}%): {gap} is unspent.",
        "请按实际执行情况修改表述，或说明未支出资金的去向。"),
    ("TEXT_CONTRADICTION", "good_progress"): Wording(
        "报告称“{claim}”，但{actual_label}{actual}仅为{budget_label}{budget}的{rate}%，低于{threshold}%，文字评价与数据矛盾，"
        "请核实。",
        "The report calls the spending on track ('{claim}'), but {actual} is only {rate}% of the budget {budget} "
        "(below {threshold}%).",
        "请按实际执行情况修改评价，并说明执行偏低的原因。"),
    ("TEXT_CONTRADICTION", "zero_adjustment"): Wording(
        "报告称“{statement}”，但同时列示{adjustment}{why}，请核实预算调整率。",
        "The report states a zero budget adjustment rate while reporting {adjustment}.",
        "请按预算调整数/年初预算数重新计算预算调整率，或说明除外调整的依据。"),
    ("TEXT_CONTRADICTION", "exclusion_contradicted"): Wording(
        "；虽称系除外调整，问题部分又称“{problem}”，前后矛盾", "", fragment=True),
    ("TEXT_CONTRADICTION", "no_exclusion_basis"): Wording("，且未说明剔除政策性调整的依据", "", fragment=True),
    ("TEXT_CONTRADICTION", "grade"): Wording(
        "{subject}预算执行率仅{rate}%（{actual}/{budget}），评价等级却为“优秀”，评价结论与数据不符，请核实。",
        "'{subject}' executed only {rate}% of its budget but is graded 优秀 (excellent).",
        "请结合预算执行情况重新评定等级。"),
    ("TEXT_CONTRADICTION", "grade_scale"): Wording(
        "自评得分{score}分，按报告所列评分标准（{floor}分以上为“{grade}”）达不到“{grade}”，评价等级却定为“{grade}”，请核实。",
        "A score of {score} is below the {floor} the report's own scale requires for '{grade}', yet it is graded so."),
    ("YEAR_MISMATCH", "reference"): Wording(
        "本报告为{year}年度，但引用了“{quote}”（{cited}年度），疑为沿用往年文本，请核实。",
        "This is a {year} report but it refers to '{quote}' ({cited}).",
        "请将引用改为{year}年度的对应文件。"),
    ("YEAR_MISMATCH", "comparison_base"): Wording(
        "本报告为{year}年度，但“{quote}”{more}以{base}年为比较基期，应与{expected}年比较，请核实。",
        "This {year} report compares with {base} ('{quote}', {count} place(s)); the base should be {expected}.",
        "请将比较基期改为{expected}年。"),
    ("YEAR_MISMATCH", "more_places"): Wording("等{count}处", "", fragment=True),
    ("TEMPLATE_RESIDUE", "residue"): Wording(
        "报告中残留模板文字“{text}”（{count}处），请删除或按实际情况填写。",
        "Template text '{text}' left in the report ({count} place(s))."),
    ("MISSING_ITEM", "missing"): Wording("报告{what}，请补充。", "The report lacks: {detail}."),
    ("MISSING_ITEM", "table"): Wording("公开表不全：目录列有“{table}”，但正文中没有该表", "", fragment=True),
    ("MISSING_ITEM", "partial"): Wording("仅列示“{quote}”，未列示{detail}", "", fragment=True),
    ("DUPLICATE_TEXT", "repeated"): Wording(
        "以下文字在报告中重复出现{count}次：“{preview}”，请删除重复内容。",
        "Text repeated {count} times: '{preview}'."),
    ("PRIVACY", "personal"): Wording(
        "公开文本中含有个人{what}（{masked}），请删除或改为单位办公电话。",
        "A personal {what} ({masked}) appears in a document meant for publication."),
    # Merging findings (agent.checks.merge): any rule; the host's message keeps its wording.
    ("*", "same_figure"): Wording("{host}；同一数据还涉及：{other}", "{host}; the same figure also affects: {other}",
                                  fragment=True),
    ("*", "absorbed"): Wording("{host}；{other}", "{host}; {other}", fragment=True),
}

# MISSING_ITEM: what the report lacks, per item the extractor names (zh; en says the item's name).
MISSING_ZH = {
    "三公经费": "未说明“三公”经费预算及支出情况", "自评得分": "未给出绩效自评得分", "存在的问题": "未说明存在的问题",
    "改进措施": "未提出改进措施", "实际支出": "未列示实际支出数", "三公经费说明": "决算说明中缺少“三公”经费支出情况说明",
}


def fields(template: str) -> set[str]:
    """The ``str.format`` field names a template needs."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def say(rule: str, case: str, **values: object) -> Said:
    """The (zh, en, suggestion) of ``rule``'s ``case`` with ``values`` filled in; a ``(zh, en)`` pair
    fills each language with its own text."""
    w = MESSAGES[(rule, case)]
    zh = {k: v[0] if isinstance(v, tuple) else v for k, v in values.items()}
    en = {k: v[1] if isinstance(v, tuple) else v for k, v in values.items()}
    return Said(w.zh.format_map(zh), w.en.format_map(en),
                None if w.suggestion is None else w.suggestion.format_map(zh))


def pair(rule: str, case: str, **values: object) -> tuple[str, str]:
    """A fragment as a ``(zh, en)`` pair, to fill a field of another template."""
    said = say(rule, case, **values)
    return said.zh, said.en
