"""Style ``selfeval``: 整体支出绩效自评报告 with 部门评价 paragraphs and the 自评表 (seed 003, second half).

Figures: 基本支出 = 人员经费 + 公用经费; 项目支出 = Σ projects; 执行数 = 基本 + 项目; each project's
完成预算的 x% = 执行数 / 全年预算数; 自评表 资金 得分 = 执行率 × 10 (one decimal); group weights
(产出 50, 效益 30, 满意度 10) equal their rows' 分值; 总分 = Σ 得分; every target met.
"""

from __future__ import annotations

from decimal import Decimal

from eval.generator import phrases as ph
from eval.generator.base import Ctx, fragments, quoted
from eval.generator.dept import _contact
from eval.generator.money import D, amount, fm, fp, pct, q

PLANTS = ["ratio_project", "over_stated_full", "low_exec_grade", "figure_project", "sum_basic", "sum_projects",
          "ratio_dept", "score_group", "score_over", "score_total", "score_rate", "target_missed", "year_ref",
          "residue_adjust", "privacy_mobile", "privacy_id", "duplicate", "figure_total", "nearmiss_rate"]
EXCLUSIVE = [{"privacy_mobile", "privacy_id"}, {"score_over", "score_total", "score_rate"},
             {"low_exec_grade", "over_stated_full"},
             {"ratio_dept", "figure_total"}]


def _indicators(ctx: Ctx) -> list[tuple[str, list[tuple[str, list[list]]]]]:
    """(group, [(sub, [[name, target, actual, weight, target_num, actual_num]])]) with met targets."""
    r = ctx.rng
    t_people = r.randint(100, 200)
    t_cases = r.randint(2, 9) * 10000
    qty = [["年度重点工作目标", "完成", "完成", 20, None, None],
           ["服务对象人数", f">{t_people}万人次", f"{t_people + r.randint(2, 30)}万人次", 10, t_people, None],
           ["全年办件量", f"≥{t_cases}件", f"{t_cases + r.randint(500, 9000)}件", 10, t_cases, None]]
    qual = [["提供便民服务事项完成率", "≥99%", "100%", 5, 99, 100]]
    when = [["即办件审批时限", "=1天", "1天", 5, 1, 1]]
    ben = [["推进行政审批效能", "定性", "推进", 15, None, None],
           ["企业群众办事便利度", "定性", "明显提升", 15, None, None]]
    sat_v = r.randint(95, 100)
    sat = [["群众满意度", "≥90%", f"{sat_v}%", 10, 90, sat_v]]
    return [("产出指标", [("数量\n指标", qty), ("质量\n指标", qual), ("时效\n指标", when)]),
            ("效益指标", [("社会效\n益指标", ben)]),
            ("满意度指标", [("服务对象\n满意度", sat)])]


def build(ctx: Ctx) -> None:
    r, y, doc = ctx.rng, ctx.year, ctx.doc
    area = "区" if "区" in ctx.unit[-12:] else "市"
    n = r.randint(4, 7)
    names = ctx.pick(ph.PROJECTS, n)
    b = [amount(r, 10, 250) for _ in names]
    x = [D(0)] * n
    for i in r.sample(range(n - 1), 2):
        x[i] = amount(r, 5, 50) if r.random() < 0.5 else -q(b[i] * D(str(r.uniform(0.05, 0.3))))
    full = [bi + xi for bi, xi in zip(b, x, strict=True)]
    a = [q(f * D(str(r.uniform(0.9, 0.999)))) for f in full]
    k = n - 1  # the project a plant may touch (no adjustment)
    if ctx.has("low_exec_grade"):
        a[k] = q(full[k] * D(str(r.uniform(0.3, 0.75))))
    if ctx.has("over_stated_full"):
        x[k] = amount(r, 10, 40)
        a[k] = full[k] + x[k]  # "执行数A（年中执行调增X万元）" but 全年预算数 left at the 年初 value
    pe, pu = amount(r, 300, 700), amount(r, 40, 120)
    ba = pe + pu
    pa = sum(a, D(0))
    spent = ba + pa
    budget = ba + amount(r, 0, 8) + sum(full, D(0)) + (x[k] if ctx.has("over_stated_full") else D(0))
    budget0 = budget + amount(r, -60, 120)
    rate = pct(spent, budget)
    money_score = q(rate / 10, 1)
    proj_scores = [q(D(str(r.uniform(92, 99.9))), 2) for _ in names]
    staff = r.randint(10, 40)

    doc.p(f" {y}年度{ctx.unit}", "整体支出绩效自评报告", "", "一、部门概况", "（一）部门（单位）基本情况。", "1、部门职能职责")
    for i, duty in enumerate(ctx.pick(ph.DUTIES, 4), 1):
        doc.p(f"   （{i}）{duty.format(area=area)}")
    doc.p("2、机构设置", f"（1）部门设置。根据编办核定，我单位内设科室{r.randint(3, 7)}个。",
          f"（2）人员情况。本部门编制数{staff + 2}人，在职人数{staff}人，其中在岗人数{staff}人；退休人员{r.randint(1, 6)}人。",
          "二、一般公共预算支出情况", "（一）基本支出")
    stated_pu = pu + D("2.00") if ctx.has("sum_basic") else pu
    if ctx.has("sum_basic"):
        ctx.label("SUM_MISMATCH", [fm(ba), fm(stated_pu)], "error", any_keys=[fm(pe + stated_pu)],
                  note=f"基本支出 {fm(ba)} ≠ {fm(pe)} + {fm(stated_pu)}")
    doc.p(f"{y}年基本支出{fm(ba)}万元，其中人员经费{fm(pe)}万元，公用经费{fm(stated_pu)}万元。", "（二）项目支出")
    listed = list(a)
    if ctx.has("sum_projects"):
        listed[0] = a[0] + D("5.00")
        ctx.label("SUM_MISMATCH", [fm(listed[0])], "error", alternatives=["FIGURE_INCONSISTENT"],
                  note=f"project list sums to {fm(sum(listed, D(0)))}, 项目支出 {fm(pa)}; {names[0]} stated {fm(a[0])} elsewhere")
    plist = "，".join(f"{nm}{fm(v)}万元" for nm, v in zip(names, listed, strict=True))
    doc.p(f"{y}年项目支出{fm(pa)}万元，其中：{plist}。")
    s1, s2 = amount(r, 2, 10), amount(r, 2, 8)
    sa1, sa2 = q(s1 * D(str(r.uniform(0.88, 0.995)))), q(s2 * D(str(r.uniform(0.88, 0.995))))
    doc.p("（三）“三公”经费", f"{y}年“三公”经费预算{fm(s1 + s2)}万元，其中：公务接待费用{fm(s1)}万元，公车运行维护费用{fm(s2)}万元，"
          f"没有安排因公出国（境）费。实际支出数为{fm(sa1 + sa2)}万元：其中：公务接待费用{fm(sa1)}万元，公车运行维护费用{fm(sa2)}万元，"
          f"“三公经费”控制率={fm(sa1 + sa2)}/{fm(s1 + s2)}*100%={fp(pct(sa1 + sa2, s1 + s2))}%。")
    doc.p("三、政府性基金预算支出情况", "本单位无政府性基金预算支出。", "四、国有资本经营预算支出情况", "本单位无国有资本经营预算支出。",
          "五、社会保险基金预算支出情况", "本单位无社会保险基金预算支出。", "六、资金使用及绩效情况（包含单位管理的公共专项）",
          "（一）整体支出绩效情况")
    nums = {"n1": r.randint(5, 60), "n2": r.randint(10, 90), "n3": r.randint(10000, 200000),
            "n4": r.randint(500, 3000), "n5": r.randint(500, 3000)}
    ach = [t.format(**nums) for t in ctx.pick(ph.ACHIEVEMENTS, 3)]
    for i, t in enumerate(ach, 1):
        doc.p(f"{i}.{t}")
    table_rows, total_score = _table(ctx, budget0, budget, spent, rate, money_score, ba, pa)
    stated_rate = rate - D("2.00") if ctx.has("ratio_dept") else rate
    if ctx.has("ratio_dept"):
        ctx.label("RATIO_MISMATCH", [fm(spent), fp(stated_rate)], "error", alternatives=["FIGURE_INCONSISTENT"],
                  note=f"{fm(spent)}/{fm(budget)} = {rate}%, stated {stated_rate}%")
    text_spent = spent + D("0.01") if ctx.has("figure_total") else spent
    if ctx.has("figure_total"):
        ctx.label("FIGURE_INCONSISTENT", [fm(spent), fm(text_spent)], "error", alternatives=["SUM_MISMATCH"],
                  note="执行数 in the text vs 全年执行数 in the 自评表")
    doc.p(f"{len(ach) + 1}.整体支出情况。{y}年度本部门（单位）整体支出全年预算数{fm(budget)}万元，执行数{fm(text_spent)}万元，"
          f"完成预算的{fp(pct(text_spent, budget) if ctx.has('figure_total') else stated_rate)}%，"
          f"绩效自评得分{fp(total_score)}分，评价等级为“优秀”。")
    doc.p("（二）项目支出绩效情况")
    results = ctx.pick(ph.PROJECT_RESULTS, n)
    stated_a = list(a)
    if ctx.has("figure_project"):
        stated_a[1] = a[1] - D("0.01")
        ctx.label("FIGURE_INCONSISTENT", [fm(a[1]), fm(stated_a[1])], "error",
                  note=f"{names[1]} 执行数 {fm(a[1])} vs 实际支出 {fm(stated_a[1])}")
    for i in range(n):
        if x[i] > 0 or (ctx.has("over_stated_full") and i == k):
            adj = f"年中执行调增{fm(x[i])}万元"
        elif x[i] < 0:
            adj = f"年中执行调减{fm(-x[i])}万元"
        elif ctx.has("residue_adjust") and i == k:
            adj = "年中执行调增（减）0万元"
            ctx.label("TEMPLATE_RESIDUE", ["调增（减）"], "info")
        else:
            adj = "年中执行调增0万元"
        rest = full[i] + (x[i] if ctx.has("over_stated_full") and i == k else 0) - a[i]
        doc.p(f"{i + 1}.年初预算项目{quoted(names[i])}专项资金{fm(b[i])}万元，{adj}，实际支出{fm(stated_a[i])}万元，"
              f"结余结转{fm(rest) if rest > 0 else '0'}万元。项目实施及绩效情况如下：{results[i]}")
    doc.p("（三）部门评价结果")
    evals = []
    for i in range(n):
        ri = pct(a[i], full[i])
        stated = ri
        if ctx.has("ratio_project") and i == 2:
            stated = ri - D("3.00")
            ctx.label("RATIO_MISMATCH", [fm(a[i]), fp(stated)], "error",
                      note=f"{names[i]} {fm(a[i])}/{fm(full[i])} = {ri}%, stated {stated}%")
        if ctx.has("over_stated_full") and i == k:
            stated = D(100)
            ctx.label("RATIO_MISMATCH", [fm(a[i]), fm(full[i])], "error", alternatives=["OVER_BUDGET"],
                      note=f"{names[i]} {fm(a[i])}/{fm(full[i])} = {ri}%, stated 100%")
        if ctx.has("low_exec_grade") and i == k:
            ctx.label("LOW_EXECUTION", [fm(a[i]), fm(full[i])], "warning", note=f"{names[i]} {ri}%")
            ctx.label("TEXT_CONTRADICTION", [fm(a[i]), "优秀"], "warning",
                      note=f"{ri}% execution graded 优秀 (the low execution itself is the label above)")
        shown = fp(stated)
        if ctx.has("nearmiss_rate") and i == 0 and ri != q(ri, 1):
            shown = fp(ri, 1)
            ctx.near_miss("RATIO_MISMATCH", [fm(a[i])], f"{fm(a[i])}/{fm(full[i])} = {ri}% stated {shown}%")
        note = f"（年中执行调增{fm(x[i])}万元）" if ctx.has("over_stated_full") and i == k else ""
        label = names[i] if names[i].endswith("项目") else names[i] + "项目"
        budget_words = "" if not note and r.random() < 0.3 else "全年预算数"  # seed: "…咨询服务项目100万元，执行数…"
        evals.append(f"{label}{budget_words}{fm(full[i])}万元，执行数{fm(a[i])}万元{note}，完成预算的{shown}%，"
                     f"部门评价得分{fp(proj_scores[i])}分，评价等级为“优秀”")
    doc.p("；".join(evals) + "。")
    doc.p("七、存在的问题及原因分析")
    probs = ctx.pick(ph.PROBLEMS, 2)
    doc.p(f"一是{probs[0]}", f"二是{probs[1]}", "八、下一步改进措施")
    meas = ctx.pick(ph.MEASURES, 2)
    doc.p(f"(1){meas[0]}", f"(2){meas[1]}")
    if ctx.has("duplicate"):
        doc.p(f"(3){meas[0]}")
        ctx.label("DUPLICATE_TEXT", [], "info", any_keys=fragments(meas[0]), note="improvement measure repeated verbatim")
    ref = y - 1 if ctx.has("year_ref") else y
    if ctx.has("year_ref"):
        ctx.label("YEAR_MISMATCH", [ref], "warning", note=f"a {y} report points to the {ref} 自评报告")
    doc.p("九、部门整体支出绩效自评结果拟应用和公开情况",
          f"我单位组织人员对全年的资金使用情况开展了绩效自评，《{ref}年度{ctx.unit}部门整体支出绩效自评表》详见附件2。", "")
    doc.p(" ", "附件2 ", f"{y}年度部门整体支出绩效自评表")
    doc.table([], table_rows)
    doc.p("备注：得分=绩效目标实现比例*分值，得分精确到小数点后一位。")
    _contact(ctx)


def _table(ctx: Ctx, budget0: Decimal, budget: Decimal, spent: Decimal, rate: Decimal, money_score: Decimal,
           ba: Decimal, pa: Decimal) -> tuple[list[list[str]], Decimal]:
    """The 自评表 rows (labels for score plants recorded on the way) and the stated 总分."""
    r = ctx.rng
    groups = _indicators(ctx)
    stated_money = money_score
    if ctx.has("score_rate"):
        stated_money = D(10) if money_score < D("9.8") else money_score - D("1.0")
        ctx.label("SCORE_MISMATCH", [fp(rate), fp(stated_money)], "error", any_keys=[fp(money_score)],
                  note=f"执行率 {rate}% × 10 = {money_score}, stated {stated_money}")
    rows: list[list[str]] = [
        ["市级预算部门名称", ctx.unit],
        ["年度预\n算申请\n（万元）", "", "年初\n预算数", "全年\n预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", fm(budget0), fm(budget), fm(spent), "10", f"{fp(rate)}%", fp(stated_money, 1)],
        ["", "按收入性质分：", "按支出性质分："],
        ["", f"其中：  一般公共预算：{fm(budget)}", f"其中：基本支出：{fm(ba)}"],
        ["", "政府性基金拨款：0", f"项目支出：{fm(pa)}"],
        ["年度总体目标", "年度目标", "实际完成情况"],
        ["", "一是持续深化“一把手走流程”。二是不断升级“一网通办”“一件事一次办”。三是持续推进“跨省通办”。", "完成目标任务。"],
        ["绩\n效\n指\n标", "一级指标", "二级\n指标", "三级指标\n内容", "年度\n指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]
    scores_sum = stated_money
    over_done = missed_done = False
    for g_index, (group, subs) in enumerate(groups):
        weight = sum(row[3] for _, rws in subs for row in rws)
        stated_weight = weight
        if ctx.has("score_group") and g_index == 0:
            stated_weight = weight - 10
            ctx.label("SCORE_MISMATCH", [group, stated_weight], "error", any_keys=[weight],
                      note=f"{group}（{stated_weight}分） but its rows' 分值 add to {weight}")
        first_in_group = True
        for sub, rws in subs:
            first_in_sub = True
            for name, target, actual, w, _tnum, _anum in rws:
                score = D(w)
                reason = ""
                if ctx.has("target_missed") and name == "服务对象人数" and not missed_done:
                    t = int(target.strip(">万人次"))
                    low = int(t * r.uniform(0.6, 0.85))
                    actual = f"{low}万人次"
                    missed_done = True
                    ctx.label("TARGET_NOT_MET", [low, t], "warning", note=f"{name} {target} vs {actual}, full score")
                if ctx.has("score_over") and not over_done and name == "即办件审批时限":
                    score = D(w + 2)
                    over_done = True
                    ctx.label("SCORE_MISMATCH", [fp(score), w], "error", note=f"{name} 得分 {score} > 分值 {w}")
                if ctx.has("score_over") and name == "年度重点工作目标":
                    score, actual, reason = D(w - 2), "基本完成", "个别工作仍在推进中"
                scores_sum += score
                rows.append(["", f"{group}\n（{stated_weight}分）" if first_in_group else "",
                             sub if first_in_sub else "", name, target, actual, str(w), fp(score), reason])
                first_in_group = first_in_sub = False
    stated_total = scores_sum
    if ctx.has("score_total"):
        stated_total = scores_sum - D("1.5")
        ctx.label("SCORE_MISMATCH", [fp(stated_total), fp(scores_sum)], "error",
                  note=f"总分 {stated_total} ≠ Σ得分 {scores_sum}")
    rows.append(["总  分", "100", fp(stated_total), ""])
    return rows, stated_total
