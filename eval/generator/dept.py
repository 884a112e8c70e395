"""Style ``dept``: 部门整体支出（预算）绩效自评报告 like seeds 001 / 000 / 004.

Figures: 年初预算 (基本 + 项目) + 年中调增 = 全年预算; 基本 fully spent; projects 86–100 % spent;
年末结转 = 上年结转 + 全年预算 − 支出; 三公 parts add up; every ratio is recomputed from the
figures it names.  Plants break exactly one of those and record the label.
"""

from __future__ import annotations

from decimal import Decimal

from eval.generator import phrases as ph
from eval.generator.base import Ctx, fake_id_number, fake_mobile, fragments, landline, quoted
from eval.generator.money import D, amount, fm, fp, pct, q

PLANTS = ["ratio_sangong", "ratio_praise", "ratio_sme", "ratio_control", "sum_sangong_parts", "sum_budget_parts",
          "sum_adjust_parts", "balance", "figure_basic", "adjust_zero", "over_masked", "over_plain", "over_project",
          "over_sangong", "low_exec", "year_ref", "residue_format", "residue_adjust", "privacy_mobile", "privacy_id",
          "duplicate", "missing_sangong", "nearmiss_rate"]
EXCLUSIVE = [{"over_masked", "over_plain", "ratio_control", "over_project"},
             {"missing_sangong", "ratio_sangong", "sum_sangong_parts", "over_sangong"},
             {"privacy_mobile", "privacy_id"}, {"low_exec", "over_project", "over_masked"}]


def build(ctx: Ctx) -> None:
    r, y, doc = ctx.rng, ctx.year, ctx.doc
    area = "区" if "区" in ctx.unit[-12:] else "市"
    # ---------------------------------------------------------------- figures
    carry = amount(r, 10, 60)
    n_proj = r.randint(3, 5)
    names = ctx.pick(ph.PROJECTS, n_proj)
    b = [amount(r, 20, 400) for _ in names]
    x = [amount(r, 5, 60) if i < 2 and r.random() < 0.6 else D(0) for i in range(n_proj)]
    special = n_proj - 1  # the project a plant may touch; it gets no adjustment
    x[special] = D(0)
    raise_ = amount(r, 5, 30)
    bb0 = amount(r, 200, 700)
    pb0 = sum(b, D(0))
    bf = bb0 + raise_
    full = [bi + xi for bi, xi in zip(b, x, strict=True)]
    pf = sum(full, D(0))
    b0_total, adj = bb0 + pb0, raise_ + sum(x, D(0))
    budget = b0_total + adj
    a = [q(f * D(str(r.uniform(0.86, 1.0)))) for f in full]
    if ctx.has("low_exec"):
        a[special] = q(full[special] * D(str(r.uniform(0.35, 0.75))))
    if ctx.has("over_project") or ctx.has("over_masked"):
        a = list(full)
        extra = q(min(full[special] * D(str(r.uniform(0.08, 0.3))), carry * D("0.9")))
        a[special] = full[special] + extra
    ba = bf
    pa = sum(a, D(0))
    if ctx.has("over_project") and pa > pf:  # keep the department within budget: trim the others
        over = pa - pf + D("0.50")
        for i in range(n_proj - 1):
            cut = min(over, q(a[i] * D("0.1")))
            a[i] -= cut
            over -= cut
        pa = sum(a, D(0))
    if ctx.has("over_project") and pa > pf:
        ctx.label("OVER_BUDGET", [fm(pa), fm(pf)], "warning", note="项目支出 over its 全年预算")
    if ctx.has("over_plain"):
        extra = pf - pa + q(min(pf * D(str(r.uniform(0.015, 0.06))), carry * D("0.9")))
        a[0] += extra
        pa = sum(a, D(0))
        if a[0] > full[0]:
            ctx.label("OVER_BUDGET", [fm(a[0]), fm(full[0])], "warning", note=f"{names[0]} over its budget")
    if pct(pa, pf) < 80:
        ctx.label("LOW_EXECUTION", [fm(pa), fm(pf)], "warning", note=f"项目支出 {pct(pa, pf)}% of 全年预算")
    total = ba + pa
    end_carry = carry + budget - total
    s1, s2 = amount(r, 2, 10), amount(r, 2, 8)
    sa1, sa2 = q(s1 * D(str(r.uniform(0.88, 0.995)))), q(s2 * D(str(r.uniform(0.88, 0.995))))
    if ctx.has("over_sangong"):
        sa1 = q(s1 * D(str(r.uniform(1.05, 1.25))))
    sang, sang_a = s1 + s2, sa1 + sa2
    batches, persons = r.randint(20, 150), r.randint(150, 1600)
    good_total = amount(r, 50, 400)
    good = q(good_total * D(str(r.uniform(0.995, 0.998))))
    purchase = amount(r, 50, 300)
    sme = q(purchase * D(str(r.uniform(0.9, 0.999))))
    score = q(D(str(r.uniform(90, 99.4))), 1)
    staff, retired = r.randint(10, 45), r.randint(1, 8)

    # ---------------------------------------------------------------- text
    doc.p(f" {ctx.unit}", "", r.choice(["部门整体支出预算绩效自评报告", f"{y}年度部门整体支出绩效自评报告"]), "")
    doc.p(f"为进一步规范财政资金管理，强化财政支出绩效理念，切实提高财政资金使用效益，根据《关于全面实施预算绩效管理的实施意见》等文件要求，"
          f"我局对{y}年部门预算整体支出绩效情况进行了认真对照检查，现将有关情况汇报如下：", "")
    doc.p("一、部门概况", "", "（一）基本情况", "",
          f"目前机关在职干部{staff}人，退休人员{retired}人，设办事窗口{r.randint(40, 200)}个。", "单位主要职能", "")
    for i, duty in enumerate(ctx.pick(ph.DUTIES, 4), 1):
        doc.p(f"{i}.{duty.format(area=area)}")
    doc.p("二、部门整体支出管理和使用基本情况", "", "   （一）预算情况")
    stated_pb0 = pb0 + D("10.00") if ctx.has("sum_budget_parts") else pb0
    if ctx.has("sum_budget_parts"):
        ctx.label("SUM_MISMATCH", [fm(stated_pb0), fm(b0_total)], "error",
                  note=f"年初预算 {fm(b0_total)} ≠ 基本 {fm(bb0)} + 项目 {fm(stated_pb0)}")
    doc.p(f"    1.年初预算情况：上年结转{fm(carry)}万元，{y}财政年初部门预算{fm(b0_total)}万元，其中:基本支出{fm(bb0)}万元，"
          f"项目支出{fm(stated_pb0)}万元，均系项目性专项。", "")
    items = [(f"追加{quoted(n)}项目经费", xi) for n, xi in zip(names, x, strict=True) if xi > 0] + [(f"{y}年增人增资", raise_)]
    shown = [v for _, v in items]
    if ctx.has("sum_adjust_parts"):
        shown[-1] = raise_ + D("5.00")
        ctx.label("SUM_MISMATCH", [fm(adj), fm(shown[-1])], "error",
                  note=f"调增 {fm(adj)} ≠ Σ 分项 {fm(sum(shown, D(0)))}")
    parts = "；".join(f"（{i}）{t}{fm(v)}万元" for i, ((t, _), v) in enumerate(zip(items, shown, strict=True), 1))
    doc.p(f"    2.年中预算调整情况：本年度年中预算调增{fm(adj)}万元，分别为：{parts}。无预算调减资金。", "")
    doc.p(f"3.全年总预算情况：上年结转{fm(carry)}万元，调整后{y}年财政总预算为{fm(budget)}万元，其中：基本支出{fm(bf)}万元，"
          f"项目支出{fm(pf)}万元。")
    doc.p("（二）预算执行情况", "", f"全年共计支出{fm(total)}万元，其中:基本支出{fm(ba)}万元，项目支出{fm(pa)}万元。", "")
    stated_end = end_carry + D("1.00") if ctx.has("balance") else end_carry
    if ctx.has("balance"):
        ctx.label("BALANCE_MISMATCH", [fm(stated_end), fm(total)], "error",
                  note=f"{fm(carry)} + {fm(budget)} − {fm(total)} = {fm(end_carry)}, stated {fm(stated_end)}")
    doc.p("（三）资金结余情况", "", f"上年度预算结转{fm(carry)}万元，本年度预算收入为{fm(budget)}万元，全年共计支出{fm(total)}万元，"
          f"年末结转项目性专项{fm(stated_end)}万元。", "")
    sang_rate = pct(sang_a, sang)
    stated_sang_rate = sang_rate - D("2.00") if ctx.has("ratio_sangong") else sang_rate
    if ctx.has("ratio_sangong"):
        ctx.label("RATIO_MISMATCH", [fm(sang_a), fp(stated_sang_rate)], "error",
                  note=f"三公控制率 {fm(sang_a)}/{fm(sang)} = {sang_rate}%, stated {stated_sang_rate}%")
    if ctx.has("over_sangong"):
        ctx.label("OVER_BUDGET", [fm(sang_a), fm(sang)], "warning", note=f"三公 {sang_rate}% of budget")
    stated_s1 = s1 + D("1.00") if ctx.has("sum_sangong_parts") else s1
    if ctx.has("sum_sangong_parts"):
        ctx.label("SUM_MISMATCH", [fm(sang), fm(stated_s1)], "error", any_keys=[fm(stated_s1 + s2)],
                  note=f"三公预算 {fm(sang)} ≠ {fm(stated_s1)} + {fm(s2)}")
    if not ctx.has("missing_sangong"):
        doc.p("（四）“三公经费”控制指标及支出情况", "",
              f"{y}年，我局认真执行中央、省、市有关规定，严格控制“三公经费”的支出，成效明显。{y}年一般公共财政预算拨款安排“三公”经费预算"
              f"{fm(sang)}万元，其中：公务接待费用{fm(stated_s1)}万元，公车运行维护费用{fm(s2)}万元，没有安排因公出国（境）费。"
              f"我局实际支出数为{fm(sang_a)}万元：其中：公务接待费用{fm(sa1)}万元，批次{batches}次，人次{persons}人。公车运行维护费用"
              f"{fm(sa2)}万元，“三公经费”控制率={fm(sang_a)}/{fm(sang)}*100%={fp(stated_sang_rate)}% 。")
    else:
        ctx.label("MISSING_ITEM", ["三公"], "info", note="no 三公经费 section")
    doc.p("三、部门整体支出绩效情况", "", "（一）部门整体支出绩效分析", "", "1.预算执行", "")
    if ctx.has("adjust_zero"):
        doc.p(f"（1）预算调整率：预算调整率=０。本年度预算调增{fm(adj)}万元，预算调整率为0。", "")
        ctx.label("TEXT_CONTRADICTION", [fm(adj), "预算调整率"], "warning", note="预算调整率为0 while 调增 was made")
    else:
        doc.p(f"（1）预算调整率：预算调整率=预算调整数/年初预算数*100%={fm(adj)}/{fm(b0_total)}*100%={fp(pct(adj, b0_total))}%", "")
    stated_ba = ba - D("3.00") if ctx.has("figure_basic") else ba
    if ctx.has("figure_basic"):
        ctx.label("FIGURE_INCONSISTENT", [fm(ba), fm(stated_ba)], "error",
                  note="基本支出实际支出 stated differently in two sections")
    doc.p("（2）基本支出预算控制率：", "", f"{y}年基本支出实际支出为{fm(stated_ba)}万元，基本支出年度总预算为{fm(bf)}万元。", "",
          f"基本支出预算控制率={fm(stated_ba)}/{fm(bf)}*100%={fp(pct(stated_ba, bf))}%", "")
    control = pct(pa, pf)
    doc.p("（3）项目支出预算控制率：", "")
    if ctx.has("over_masked"):
        wide = pf + carry
        doc.p(f"{y}年项目支出实际支出为{fm(pa)}万元，上年结转{fm(carry)}万元，项目支出年度总预算为{fm(pf)}万元。", "",
              f"项目支出预算控制率={fm(pa)}/{fm(wide)}*100%={fp(pct(pa, wide))}%", "")
        ctx.label("OVER_BUDGET", [fm(pa), fm(pf), fp(pct(pa, wide))], "warning",
                  note=f"项目支出 {fm(pa)}/{fm(pf)} = {control}%, masked by dividing by {fm(wide)} (+上年结转)")
    else:
        stated_control = control - D("1.50") if ctx.has("ratio_control") else control
        doc.p(f"{y}年项目支出实际支出为{fm(pa)}万元，项目支出年度总预算为{fm(pf)}万元。", "",
              f"项目支出预算控制率={fm(pa)}/{fm(pf)}*100%={fp(stated_control)}%", "")
        if ctx.has("ratio_control"):
            ctx.label("RATIO_MISMATCH", [fm(pa), fp(stated_control)], "error",
                      note=f"{fm(pa)}/{fm(pf)} = {control}%, stated {stated_control}%")
        if ctx.has("over_plain"):
            ctx.label("OVER_BUDGET", [fm(pa), fm(pf)], "warning", note=f"项目支出预算控制率 {control}% > 100%")
    doc.p("（4）资金结余：", "", f"上年结转{fm(carry)}万元，本年结转{fm(stated_end)}万元，全部系项目性专项结转（因未到合同期，故暂未付款）。", "")
    if not ctx.has("missing_sangong"):
        doc.p("（5）“三公经费”控制率：", "",
              f"“三公经费”实际支出数为：公务接待费用{fm(sa1)}万元，公车运行维护费用{fm(sa2)}万元，合计{fm(sang_a)}万元。"
              f"“三公经费”预算安排数为{fm(sang)}万元。", "", f"“三公经费”控制率={fm(sang_a)}/{fm(sang)}*100%={fp(stated_sang_rate)}%", "")
    doc.p("2.预算管理", "")
    for i, (t, s) in enumerate(ph.MANAGEMENT, 1):
        doc.p(f"（{i}）{t}：", "", s, "")
    sme_rate = pct(sme, purchase)
    stated_sme = sme_rate - D("2.00") if ctx.has("ratio_sme") else sme_rate
    if ctx.has("ratio_sme"):
        ctx.label("RATIO_MISMATCH", [fm(sme), fp(stated_sme)], "error",
                  note=f"{fm(sme)}/{fm(purchase)} = {sme_rate}%, stated {stated_sme}%")
    doc.p("（4）政府采购完成情况：", "", f"{y}年全年政府采购的金额为{fm(purchase)}万元，全部严格按照政府采购的要求进行政府采购。"
          f"授予中小企业合同金额{fm(sme)}万元，占政府采购支出总额的{fp(stated_sme)}%。", "")
    # ---------------------------------------------------------------- 绩效目标
    doc.p("（二）绩效目标完成情况分析", "")
    nums = {"n1": r.randint(5, 60), "n2": r.randint(10, 90), "n3": r.randint(10000, 200000),
            "n4": r.randint(500, 3000), "n5": r.randint(500, 3000)}
    ach = [t.format(**nums) for t in ctx.pick(ph.ACHIEVEMENTS, 3)]
    for i, t in enumerate(ach, 1):
        doc.p(f"{i}.{t}", "")
    good_rate = pct(good, good_total)
    stated_good = D("99.99") if ctx.has("ratio_praise") else good_rate
    if ctx.has("ratio_praise") and stated_good == good_rate:
        stated_good = good_rate - D("0.50")
    if ctx.has("ratio_praise"):
        ctx.label("RATIO_MISMATCH", [fm(good), fp(stated_good)], "error",
                  note=f"好评率 {fm(good)}/{fm(good_total)} = {good_rate}%, stated {stated_good}%")
    doc.p(f"4.{y}年{ctx.city}共累计汇集{fm(good_total)}万条好差评数据，其中好评数{fm(good)}万条，好评率{fp(stated_good)}%，"
          "全市差评有效处置率100%。", "")
    accepted = r.randint(5000, 30000)
    if ctx.has("nearmiss_rate"):
        done, stated_done = _near_integer_rate(r, accepted)
        ctx.near_miss("RATIO_MISMATCH", [done], f"{done}/{accepted} = {pct(D(done), D(accepted))}% stated {stated_done}%")
    else:
        done = int(accepted * r.uniform(0.97, 0.999))
        stated_done = fp(pct(D(done), D(accepted)))
    doc.p(f"5.全年通过“一件事一次办”系统共受理{accepted}个事项，办结{done}个事项，办结率{stated_done}%，居全市前列。", "")
    # ---------------------------------------------------------------- projects
    doc.p("（三）项目支出绩效情况", "")
    if ctx.has("residue_format"):
        doc.p("对应年初预算申报及年中预算调整的子项目分别描述绩效情况，格式参考如下：")
        ctx.label("TEMPLATE_RESIDUE", ["格式参考如下"], "info")
    results = ctx.pick(ph.PROJECT_RESULTS, n_proj)
    style000 = r.random() < 0.4  # seed 000's project sentence instead of seed 003's
    for i, (name, bi, xi, ai) in enumerate(zip(names, b, x, a, strict=True), 1):
        fi = bi + xi
        verb = "年中调增" if style000 else "年中执行调增"
        adj_text = f"{verb}{fm(xi) if xi else '0'}万元"
        if ctx.has("residue_adjust") and i - 1 == special:
            adj_text = f"{verb}（减）0万元"
            ctx.label("TEMPLATE_RESIDUE", ["调增（减）"], "info")
        rest = fi - ai
        rest_text = fm(rest) if rest > 0 else "0"
        if style000:
            doc.p(f"{i}．项目{quoted(name)}年初预算金额{fm(bi)}万元，上级转移支付0万元，{adj_text}，实际支出{fm(ai)}万元，"
                  f"结余结转{rest_text}万元。项目实施及绩效情况如下：{results[i - 1]}")
        else:
            doc.p(f"{i}.年初预算项目{quoted(name)}专项资金{fm(bi)}万元，{adj_text}，实际支出{fm(ai)}万元，"
                  f"结余结转{rest_text}万元，项目执行率{fp(pct(ai, fi))}%。项目实施及绩效情况如下：{results[i - 1]}")
        if i - 1 == special and ctx.has("low_exec"):
            ctx.label("LOW_EXECUTION", [fm(ai), fm(fi)], "warning", note=f"{name} {pct(ai, fi)}%")
        if i - 1 == special and (ctx.has("over_project") or ctx.has("over_masked")):
            ctx.label("OVER_BUDGET", [fm(ai), fm(fi)], "warning", note=f"{name} {pct(ai, fi)}% of its budget")
    doc.p("")
    if ctx.has("duplicate"):
        doc.p(f"此外，{ach[0]}", "")
        ctx.label("DUPLICATE_TEXT", [], "info", any_keys=fragments(ach[0]), note="paragraph repeated verbatim")
    doc.p("四、存在的主要问题 ", "")
    for i, t in enumerate(ctx.pick(ph.PROBLEMS, 2), 1):
        doc.p(f"（{'一二三'[i - 1]}）{t}", "")
    doc.p("五、改进的措施和建议 ")
    for i, t in enumerate(ctx.pick(ph.MEASURES, 2), 1):
        doc.p(f"（{'一二三'[i - 1]}）{t}")
    ref_year = y - 1 if ctx.has("year_ref") else y
    if ctx.has("year_ref"):
        ctx.label("YEAR_MISMATCH", [ref_year], "warning", note=f"a {y} report refers to the {ref_year} 自评表")
    doc.p("", "六、绩效自评结果", f"根据预算绩效管理要求，本单位组织对{y}年度部门整体支出开展了绩效自评，经综合评价，自评得分为{fp(score, 1)}分，"
          f"评价等级为“优秀”，《{ref_year}年度部门整体支出绩效自评表》详见附件。", "")
    _contact(ctx)
    doc.p(f"{ctx.unit} ", " ")


def _near_integer_rate(r, accepted: int) -> tuple[int, str]:
    """A count whose rate lies within half a point of an integer but not on it, stated as that integer."""
    while True:
        done = int(accepted * r.uniform(0.97, 0.995))
        exact = pct(D(done), D(accepted))
        whole = q(exact, 0)
        if exact != whole and abs(exact - whole) < D("0.5"):
            return done, str(whole)


def _contact(ctx: Ctx) -> None:
    name = ctx.rng.choice(ph.PERSON_NAMES)
    if ctx.has("privacy_mobile"):
        phone = fake_mobile(ctx.rng)
        ctx.label("PRIVACY", [phone], "info", note="mobile number of the contact")
    else:
        phone = landline(ctx.rng)
    ctx.doc.p(f"联系人：{name}    联系电话：{phone}")
    if ctx.has("privacy_id"):
        idn = fake_id_number(ctx.rng, ctx.year)
        ctx.doc.p(f"经办人：{name}，身份证号码：{idn}")
        ctx.label("PRIVACY", [idn], "info", note="ID number")


__all__ = ["EXCLUSIVE", "PLANTS", "build", "Decimal"]
