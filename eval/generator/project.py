"""Style ``project``: 项目支出绩效自评报告 text and the 项目支出绩效自评表 (one project per document).

The table follows the seed 003 自评表 layout (flattened Word table, one "\t<cell>" line per cell)
with the project-level rows of the standard form: 项目名称 / 主管部门 / 实施单位; 项目资金（万元）
rows 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金 with 年初预算数 / 全年预算数 / 全年执行数 /
分值 / 执行率 / 得分; 年度总体目标 (预期目标 / 实际完成情况); 绩效指标 rows with group weights; 总分.

Figures: in every column 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金; 执行率 = 全年执行数 /
全年预算数 (two decimals); 执行率得分 = 执行率 × 10 (one decimal); indicator 分值 add to their group
weight (产出 50, 效益 30, 满意度 10) and, with the 10 of the 资金 row, to 100; 总分 = Σ 得分; every
numeric target met.  Plants break exactly one of those and record the label.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eval.generator import phrases as ph
from eval.generator.base import Ctx, fake_mobile, landline, quoted
from eval.generator.money import D, amount, fm, fp, pct, q

PLANTS = ["ratio_table", "ratio_text", "score_rate", "score_total", "score_group", "score_over", "target_missed",
          "sum_funds", "over_budget", "low_exec", "year_ref", "residue", "privacy_mobile"]
NEAR_MISSES = ["nearmiss_rate", "nearmiss_tail", "nearmiss_target", "nearmiss_full"]
EXCLUSIVE = [{"over_budget", "low_exec", "nearmiss_full"}, {"ratio_table", "ratio_text", "nearmiss_rate"},
             {"score_rate", "over_budget", "ratio_table"}, {"sum_funds", "nearmiss_tail"},
             {"target_missed", "nearmiss_target"}, {"score_over", "score_total"}]

CONTENTS = [
    "采购电子政务外网安全运维服务，保障全{area}政务外网安全稳定运行",
    "向电信运营商租赁政务外网线路，满足全{area}政务外网骨干接入服务",
    "建设运维政务服务大厅综合管理平台，提升线上线下政务服务能力",
    "委托第三方开展信息化项目专业咨询评审，提高信息化项目审查效率",
    "为现场办证、网上申请办证的单位及群众提供审批结果快递送达服务",
    "为新设立企业免费刻制公章，降低企业开办成本",
    "保障12345政务服务便民热线平台运行维护和话务服务",
    "推进“一件事一次办”改革，完成事项梳理、流程再造和系统对接",
]

GOALS = [
    "保障项目全年稳定运行，全面完成年度工作任务，服务对象满意度不低于90%。",
    "按合同约定完成项目建设及运维任务，提升政务服务效能，为企业群众办事提供便利。",
    "严格按照预算执行项目资金，确保项目按期完成并通过验收，服务质量持续提升。",
]
DONE = ["已全面完成年度目标任务。", "完成目标任务。", "年度绩效目标已基本实现，项目运行平稳。"]

# (name, comparator, unit, target range, "over" = the actual exceeds a ≥/> target by this much)
QUANTITY = [("办理政务服务事项", "≥", "件", (8000, 60000)), ("运维巡检次数", "≥", "次", (12, 60)),
            ("快递送达证照", "≥", "份", (1000, 5000)), ("免费刻制公章", "≥", "套", (500, 3000)),
            ("服务对象人数", ">", "万人次", (100, 200)), ("开展业务培训", "≥", "场次", (4, 20))]
QUALITY = [("系统正常运行率", "≥", "%", (95, 99)), ("验收合格率", "=", "%", (100, 100)),
           ("提供便民服务事项完成率", "≥", "%", (95, 99))]
TIMELY = [("故障响应时间", "≤", "小时", (2, 4)), ("即办件审批时限", "=", "天", (1, 1)),
          ("项目完成及时率", "≥", "%", (95, 100))]
SOCIAL = [("企业群众办事便利度", "定性", "明显提升"), ("推进行政审批效能", "定性", "推进"),
          ("政务服务效率", "逐步提升", "有效提升"), ("网络安全保障水平", "有效提升", "有效提升")]
LASTING = [("长效运维机制", "建立", "已建立"), ("项目持续发挥效益", "长期", "持续发挥")]
SATISFACTION = [("服务对象满意度", "≥", "%", (85, 90)), ("群众满意度", ">", "%", (85, 90))]
REASON_PARTIAL = ["部分工作仍在推进中，下一步加快推进。", "效益需长期观察，下一步持续跟踪。"]

PROBLEMS = ["项目绩效目标量化程度不高，部分绩效指标设置不够合理。", "项目资金按合同分批次付款，支付进度与项目进度不完全匹配。",
            "项目前期论证不够充分，预算编制的精准度有待提高。", "绩效跟踪监控不够及时，过程管理有待加强。"]
MEASURES = ["加强项目前期论证，科学合理编制项目预算，提高预算编制的精准度。", "按时间进度分解资金使用计划，加快项目资金支付进度。",
            "完善绩效指标体系，细化量化绩效目标，提高绩效目标编制质量。", "加强绩效运行监控，及时纠正执行中的偏差，提高资金使用效益。"]


def _grade(total: Decimal) -> str:
    return "优秀" if total >= 90 else "良好" if total >= 80 else "中" if total >= 60 else "差"


def _num(rng: Any, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def _numeric_row(ctx: Ctx, spec: tuple, weight: int, *, boundary: bool = False) -> list:
    """[name, target, actual, weight, score, reason, meta] for a met comparator target."""
    r = ctx.rng
    name, cmp, unit, (lo, hi) = spec
    t = r.randint(lo, hi)
    if unit == "%":
        if cmp == "=":
            actual = t
        elif boundary:
            actual = t
        else:
            actual = r.randint(t + 1, 100) if t < 100 else 100
            if cmp == ">" and actual <= t:
                actual = t + 1
    elif cmp == "≤":
        actual = t if boundary else max(1, t - r.randint(1, max(1, t - 1)))
        if actual == t and not boundary:
            actual = t  # ≤ is met at the boundary too
    elif cmp == "=":
        actual = t
    else:
        actual = t if boundary else t + r.randint(1, max(2, t // 10))
    if cmp == ">" and actual <= t:
        actual = t + 1
    return [name, f"{cmp}{t}{unit}", f"{actual}{unit}", weight, D(weight), "", {"cmp": cmp, "t": t, "a": actual,
                                                                               "unit": unit}]


def _indicators(ctx: Ctx, budget: Decimal, spent: Decimal) -> list[tuple[str, int, list[tuple[str, list[list]]]]]:
    r = ctx.rng
    boundary = ctx.has("nearmiss_target")
    qty = [_numeric_row(ctx, s, w) for s, w in zip(r.sample(QUANTITY, 2), (15, 10), strict=True)]
    qual = [_numeric_row(ctx, r.choice(QUALITY), 10, boundary=boundary)]
    if boundary:
        m = qual[0][6]
        if m["cmp"] in ("≥", "≤"):
            ctx.near_miss("TARGET_NOT_MET", [qual[0][0]], f"{qual[0][0]} {qual[0][1]} met exactly ({qual[0][2]})")
    timely = [_numeric_row(ctx, r.choice(TIMELY), 5)]
    cost = [["项目预算控制数", f"≤{fm(budget)}万元", f"{fm(spent)}万元", 10, D(10), "",
             {"cmp": "≤", "t": budget, "a": spent, "unit": "万元"}]]
    soc = [[n, t, a, w, D(w), "", None] for (n, t, a), w in zip(r.sample(SOCIAL, 2), (15, 10), strict=True)]
    last = [[*r.choice(LASTING), 5, D(5), "", None]]
    sat = [_numeric_row(ctx, r.choice(SATISFACTION), 10)]
    return [("产出指标", 50, [("数量\n指标", qty), ("质量\n指标", qual), ("时效\n指标", timely), ("成本\n指标", cost)]),
            ("效益指标", 30, [("社会效\n益指标", soc), ("可持续影\n响指标", last)]),
            ("满意度指标", 10, [("服务对象\n满意度指标", sat)])]


def _funds(ctx: Ctx) -> dict[str, Any]:
    """年初 / 全年 / 执行 per source: 当年财政拨款 f, 上年结转资金 c, 其他资金 o."""
    r = ctx.rng
    f0 = amount(r, 30, 400)
    sources = r.choice(["f", "fc", "fo", "fco"])  # 当年财政拨款 always; 上年结转 / 其他资金 in some documents
    c = amount(r, 5, 60) if "c" in sources else D(0)
    o = amount(r, 2, 20) if "o" in sources else D(0)
    adj = D(0)
    roll = r.random()
    if roll < 0.35:
        adj = amount(r, 3, 40)
    elif roll < 0.55:
        adj = -q(f0 * D(str(r.uniform(0.03, 0.15))))
    f = f0 + adj
    budget = f + c + o
    if ctx.has("over_budget"):
        ratio = D(str(r.uniform(1.03, 1.15)))
    elif ctx.has("low_exec"):
        ratio = D(str(r.uniform(0.62, 0.78)))
    elif ctx.has("nearmiss_full"):
        ratio = D(1)
    else:
        ratio = D(str(r.uniform(0.9, 0.999)))
    spent = q(budget * ratio)
    ca = c if spent >= c else spent
    oa = min(o, spent - ca)
    fa = spent - ca - oa
    return {"f0": f0, "c0": c, "o0": o, "f": f, "c": c, "o": o, "fa": fa, "ca": ca, "oa": oa, "adj": adj,
            "budget0": f0 + c + o, "budget": budget, "spent": spent}


def build(ctx: Ctx) -> None:
    r, y, doc = ctx.rng, ctx.year, ctx.doc
    area = "区" if "区" in ctx.unit[-12:] else "市"
    name = r.choice(ph.PROJECTS)
    pname = name if name.endswith("项目") else name + "项目"
    parent = ctx.unit
    impl = ctx.unit if r.random() < 0.6 else ctx.unit.removesuffix(next(u for u in ph.UNITS if ctx.unit.endswith(u))) \
        + r.choice(["政务服务中心", "信息中心", "政务服务大厅管理所"])
    fx = _funds(ctx)
    b0, b, a = fx["budget0"], fx["budget"], fx["spent"]
    rate = pct(a, b)
    if ctx.has("nearmiss_full"):
        ctx.near_miss("OVER_BUDGET", [fm(a)], f"全年执行数 = 全年预算数 = {fm(a)} exactly (执行率 100%)")

    # ------------------------------------------------------------------ the 自评表 funds rows
    stated_rate = rate
    if ctx.has("ratio_table"):
        stated_rate = rate + D("3.00") if rate < 95 else rate - D("4.00")
        ctx.label("RATIO_MISMATCH", [fp(stated_rate)], "error", any_keys=[fm(a), fm(b)],
                  alternatives=["FIGURE_INCONSISTENT"],
                  note=f"自评表 执行率 {fp(stated_rate)}% but {fm(a)}/{fm(b)} = {rate}% (the text states {fp(rate)}%)")
    money_score = q(min(stated_rate, D(100)) / 10, 1)
    shown_money = money_score
    if ctx.has("score_rate"):
        shown_money = money_score - D("1.0") if money_score >= D("9.5") else D(10)
        ctx.label("SCORE_MISMATCH", [fp(stated_rate), fp(shown_money, 1)], "error", any_keys=[fp(money_score, 1)],
                  note=f"执行率 {fp(stated_rate)}% × 10 = {money_score}, 得分 stated {shown_money}")
    if ctx.has("over_budget"):
        ctx.label("OVER_BUDGET", [fm(a), fm(b)], "warning",
                  note=f"全年执行数 {fm(a)} > 全年预算数 {fm(b)} ({rate}%)")
        ctx.label("SCORE_MISMATCH", [fp(rate)], "error", any_keys=["10"], required=False,
                  note=f"执行率 {rate}% × 10 = {q(rate / 10, 1)} capped at the 分值 10 (common practice)")
    if ctx.has("low_exec"):
        ctx.label("LOW_EXECUTION", [fm(a), fm(b)], "warning", note=f"执行率 {rate}% < 80%")

    col0 = {"total": b0, "f": fx["f0"], "c": fx["c0"], "o": fx["o0"]}
    col1 = {"total": b, "f": fx["f"], "c": fx["c"], "o": fx["o"]}
    col2 = {"total": a, "f": fx["fa"], "c": fx["ca"], "o": fx["oa"]}
    if ctx.has("sum_funds"):
        wrong = col0["f"] + D(r.choice(["10.00", "20.00", "5.00", "1.00"]))
        col0 = {**col0, "f": wrong}
        parts = wrong + col0["c"] + col0["o"]
        ctx.label("SUM_MISMATCH", [fm(b0), fm(wrong)], "error", any_keys=[fm(parts)],
                  note=f"年初预算数 年度资金总额 {fm(b0)} ≠ 当年财政拨款 {fm(wrong)} + 上年结转 {fm(fx['c0'])} "
                       f"+ 其他 {fm(fx['o0'])} = {fm(parts)}")
    tail_note = ""
    if ctx.has("nearmiss_tail"):
        col2 = {**col2, "f": col2["f"] + D("0.01")}
        tail_note = "注：资金数据因四舍五入，年度资金总额与分项之和存在尾数误差。"
        ctx.near_miss("SUM_MISMATCH", [fm(a)], f"全年执行数 {fm(a)} vs parts {fm(a + D('0.01'))}, 尾数误差 noted")

    def sub_rate(spent_: Decimal, full_: Decimal) -> str:
        return "—" if full_ == 0 else f"{fp(pct(spent_, full_))}%"

    rows: list[list[str]] = [
        ["项目名称", pname],
        ["主管部门", parent, "实施单位", impl],
        ["项目资金\n（万元）", "", "年初\n预算数", "全年\n预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", fm(b0), fm(b), fm(a), "10", f"{fp(stated_rate)}%", fp(shown_money, 1)],
        ["", "其中：当年财政拨款", fm(col0["f"]), fm(col1["f"]), fm(col2["f"]), "—", sub_rate(col2["f"], col1["f"]), "—"],
        ["", "上年结转资金", fm(col0["c"]), fm(col1["c"]), fm(col2["c"]), "—", sub_rate(col2["c"], col1["c"]), "—"],
        ["", "其他资金", fm(col0["o"]), fm(col1["o"]), fm(col2["o"]), "—", sub_rate(col2["o"], col1["o"]), "—"],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", r.choice(GOALS), r.choice(DONE)],
        ["绩\n效\n指\n标", "一级指标", "二级\n指标", "三级指标", "年度\n指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]

    # ------------------------------------------------------------------ indicators
    groups = _indicators(ctx, b, a)
    cost_row = groups[0][2][3][1][0]
    if ctx.has("over_budget"):  # the cost target is honestly missed and marked down: not a second finding
        cost_row[4] = D(cost_row[3] - 2)
        cost_row[5] = "年末集中支付合同款，支出超出预算，下一步严格按预算执行。"
    flat = [row for _, _, subs in groups for _, rws in subs for row in rws]
    if r.random() < 0.3 and not ctx.has("score_over"):  # a partially achieved qualitative row, honestly scored
        soft = next(row for row in flat if row[6] is None)
        soft[4] = D(soft[3] - 1)
        soft[5] = r.choice(REASON_PARTIAL)
    if ctx.has("target_missed"):
        row = next(rw for rw in flat if rw[6] and rw[6]["cmp"] in ("≥", ">") and rw[6]["unit"] != "%")
        m = row[6]
        low = max(1, int(m["t"] * r.uniform(0.6, 0.85)))
        row[2] = f"{low}{m['unit']}"
        ctx.label("TARGET_NOT_MET", [low, m["t"]], "warning", note=f"{row[0]} {row[1]} vs {row[2]}, full score {row[3]}")
    if ctx.has("score_over"):
        over = next(rw for rw in flat if rw[6] and rw[3] <= 10 and rw[0] != "项目预算控制数")
        over[4] = D(over[3] + 2)
        ctx.label("SCORE_MISMATCH", [fp(over[4]), over[3]], "error", note=f"{over[0]} 得分 {over[4]} > 分值 {over[3]}")
        soft = next(rw for rw in flat if rw[6] is None)
        soft[4] = D(soft[3] - 2)
        soft[5] = r.choice(REASON_PARTIAL)
    scores_sum = shown_money
    weights = 10
    bad_group = r.randrange(3) if ctx.has("score_group") else -1
    for g_index, (group, gw, subs) in enumerate(groups):
        weight = sum(row[3] for _, rws in subs for row in rws)
        assert weight == gw
        weights += weight
        stated_weight = weight
        if g_index == bad_group:
            stated_weight = weight - 5 if r.random() < 0.5 else weight + 5
            ctx.label("SCORE_MISMATCH", [group, stated_weight], "error", any_keys=[weight],
                      note=f"{group}（{stated_weight}分） but its rows' 分值 add to {weight}")
        first_in_group = True
        for sub, rws in subs:
            first_in_sub = True
            for nm, target, actual, w, score, reason, _m in rws:
                scores_sum += score
                rows.append(["", f"{group}\n（{stated_weight}分）" if first_in_group else "",
                             sub if first_in_sub else "", nm, target, actual, str(w), fp(score), reason])
                first_in_group = first_in_sub = False
    assert weights == 100
    total = scores_sum
    if ctx.has("score_total"):
        total = scores_sum - D("1.5") if scores_sum > 95 else scores_sum + D("1.5")
        ctx.label("SCORE_MISMATCH", [fp(total), fp(scores_sum)], "error",
                  note=f"总分 {fp(total)} ≠ Σ得分 {fp(scores_sum)}")
    rows.append(["总  分", "100", fp(total), ""])

    # ------------------------------------------------------------------ the report text
    doc.p(f"{y}年度{pname}", "项目支出绩效自评报告", "", "一、项目概况",
          f"{quoted(name)}由{parent}主管、{impl}组织实施。项目主要内容：{r.choice(CONTENTS).format(area=area)}。"
          f"项目年度绩效目标为：{rows[8][1]}")
    doc.p("二、资金投入和使用情况")
    text_rate = fp(rate)
    if ctx.has("nearmiss_rate") and rate != q(rate, 1):
        text_rate = fp(rate, 1)
        ctx.near_miss("RATIO_MISMATCH", [fm(a)], f"{fm(a)}/{fm(b)} = {rate}% stated {text_rate}%")
    if ctx.has("ratio_text"):
        text_rate = fp(rate - D("2.50") if rate > 50 else rate + D("2.50"))
        ctx.label("RATIO_MISMATCH", [fm(a), text_rate], "error", alternatives=["FIGURE_INCONSISTENT"],
                  note=f"{fm(a)}/{fm(b)} = {rate}%, text states {text_rate}% (自评表 {fp(rate)}%)")
    doc.p(f"项目年初预算{fm(b0)}万元，全年预算{fm(b)}万元，实际支出{fm(a)}万元，预算执行率{text_rate}%。")
    srcs = [f"当年财政拨款{fm(fx['f'])}万元"]
    if fx["c"]:
        srcs.append(f"上年结转资金{fm(fx['c'])}万元")
    if fx["o"]:
        srcs.append(f"其他资金{fm(fx['o'])}万元")
    if len(srcs) > 1:
        doc.p(f"全年预算资金{fm(b)}万元，其中：{'，'.join(srcs)}。")
    else:
        doc.p(f"全年预算资金{fm(b)}万元，全部为当年财政拨款。")
    adj = fx["adj"]
    if adj > 0:
        word = f"年中执行调增{fm(adj)}万元"
    elif adj < 0:
        word = f"年中执行调减{fm(-adj)}万元"
    elif ctx.has("residue") and r.random() < 0.5:
        word = "年中执行调增（减）0万元"
        ctx.label("TEMPLATE_RESIDUE", ["调增（减）"], "info", note="template wording left in the adjustment sentence")
    else:
        word = "年中执行调增0万元"
    rest = b - a
    single = fx["c"] == 0 and fx["o"] == 0  # the seed's 专项资金 sentence only when it is the whole budget
    if single and (r.random() < 0.6 or adj != 0 or "调增（减）" in word):
        doc.p(f"年初预算项目{quoted(name)}专项资金{fm(b0)}万元，{word}，实际支出{fm(a)}万元，"
              f"结余结转{fm(rest) if rest > 0 else '0'}万元。")
    elif "调增（减）" in word:
        ctx.labels.pop()
    if ctx.has("residue") and not any(lb["rule"] == "TEMPLATE_RESIDUE" for lb in ctx.labels):
        residue = r.choice(["（请根据实际情况填写）", "格式参考如下"])
        doc.p(f"项目资金支付情况{residue}：资金严格按照合同约定和项目进度支付，未发现截留、挤占、挪用项目资金的情况。")
        ctx.label("TEMPLATE_RESIDUE", [residue.strip("（）")[:6]], "info", note="template instruction left in the text")
    if ctx.has("over_budget"):
        doc.p(f"项目实际支出超出全年预算{fm(a - b)}万元，主要是年末集中支付合同款。")
    elif rest > 0 and not ctx.has("nearmiss_full"):
        doc.p(f"项目结余{fm(rest)}万元，主要原因是部分合同款按进度于次年支付。")
    if tail_note:
        doc.p(tail_note)
    doc.p("三、绩效目标完成情况")
    parts = []
    for group, _gw, subs in groups:
        done = [f"{rw[0]}年度指标值{rw[1]}，实际完成{rw[2]}" for _, rws in subs for rw in rws if rw[6]][:2]
        if done:
            parts.append(f"{group}：{'；'.join(done)}")
    for i, p in enumerate(parts, 1):
        doc.p(f"（{'一二三'[i - 1]}）{p}。")
    doc.p(f"综上，{quoted(name)}绩效自评得分{fp(total)}分，评价等级为“{_grade(total)}”。")
    doc.p("四、存在问题及改进措施")
    probs, meas = ctx.pick(PROBLEMS, 2), ctx.pick(MEASURES, 2)
    doc.p(f"一是{probs[0]}", f"二是{probs[1]}", f"(1){meas[0]}", f"(2){meas[1]}")
    ref = y - 1 if ctx.has("year_ref") else y
    if ctx.has("year_ref"):
        ctx.label("YEAR_MISMATCH", [ref], "warning", note=f"a {y} report points to the {ref} 自评表")
    if ctx.has("year_ref") and r.random() < 0.5:
        doc.p(f"截至{ref}年12月31日，项目资金已按合同约定支付，《{pname}支出绩效自评表》详见附件。", "")
    else:
        doc.p(f"《{ref}年度{pname}支出绩效自评表》详见附件。", "")
    doc.p(" ", "附件 ", f"{y}年度项目支出绩效自评表")
    doc.table([], rows)
    doc.p("备注：得分=绩效目标实现比例*分值，得分精确到小数点后一位。")
    person = r.choice(ph.PERSON_NAMES)
    if ctx.has("privacy_mobile"):
        phone = fake_mobile(r)
        ctx.label("PRIVACY", [phone], "info", note="mobile number of the 填表人")
    else:
        phone = landline(r)
    doc.p(f"填表人：{person} 填报日期：{y + 1}-{r.randint(3, 5)}-{r.randint(1, 28)} 联系电话：{phone} 单位负责人签字：")


__all__ = ["EXCLUSIVE", "NEAR_MISSES", "PLANTS", "build"]
