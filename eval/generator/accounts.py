"""Style ``accounts``: 部门决算 with 公开01/02/03/05/07表 and the 决算情况说明 (seed 003, first half).

Figures: 科目 rows add to 类 totals and to 合计; 合计 = 基本 + 项目; 说明 restates every table
figure; each 科目 spends 86–99.5 % of its 年初预算 and the 年初预算 of the 科目 add to the stated
total; 人员经费 + 公用经费 = 基本支出; 三公 = 出国 + 公车 + 接待; 比上年 changes imply one prior value.
"""

from __future__ import annotations

from decimal import Decimal

from eval.generator import phrases as ph
from eval.generator.base import Ctx, fragments
from eval.generator.dept import _contact
from eval.generator.money import D, amount, fm, fmt_table, fp, pct, q

PLANTS = ["sum_table", "sum_budget", "sum_sangong", "ratio_item", "ratio_struct", "ratio_sme", "ratio_staff",
          "change_rate", "change_sangong", "direction", "residue_direction", "figure_total", "over_sangong",
          "year_ref", "missing_sangong", "privacy_mobile", "duplicate", "nearmiss_tail"]
EXCLUSIVE = [{"missing_sangong", "sum_sangong", "change_sangong", "over_sangong"}, {"direction", "residue_direction"},
             {"sum_table", "nearmiss_tail"}]

CLASSES = {"201": "一般公共服务支出", "208": "社会保障和就业支出", "210": "卫生健康支出", "221": "住房保障支出"}
CLASS_ROW = {"201": 0, "208": 7, "210": 8, "221": 18}  # position among the 26 standard expenditure rows
SUBJECTS = [
    ("2010301", "行政运行", True, "一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"),
    ("2010302", "一般行政管理事务", False, "一般公共服务（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）"),
    ("2010350", "事业运行", True, "一般公共服务（类）政府办公厅（室）及相关机构事务（款）事业运行（项）"),
    ("2013102", "一般行政管理事务", False, "一般公共服务（类）党委办公厅（室）及相关机构事务（款）一般行政管理事务（项）"),
    ("2080501", "行政单位离退休", True, "社会保障和就业支出（类）行政事业单位养老支出(款）行政单位离退休（项）"),
    ("2080505", "机关事业单位基本养老保险缴费支出", True,
     "社会保障和就业支出（类）行政事业单位养老支出(款）机关事业单位基本养老保险缴费支出（项）"),
    ("2080506", "机关事业单位职业年金缴费支出", True,
     "社会保障和就业支出（类）行政事业单位养老支出(款）机关事业单位职业年金缴费支出（项）"),
    ("2101101", "行政单位医疗", True, "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）"),
    ("2101103", "公务员医疗补助", True, "卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）"),
    ("2210201", "住房公积金", True, "住房保障支出（类）住房改革支出（款）住房公积金（项）"),
]
STANDARD = ["一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
            "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
            "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出",
            "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
            "抗疫特别国债安排的支出"]
INCOME = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
          "经营收入", "附属单位上缴收入", "其他收入"]
NUM = "一二三四五六七八九十"


def _cn(i: int) -> str:
    return NUM[i - 1] if i <= 10 else ("十" + NUM[i - 11] if i < 20 else "二十" + (NUM[i - 21] if i > 20 else ""))


def build(ctx: Ctx) -> None:
    r, y, doc = ctx.rng, ctx.year, ctx.doc
    subjects = [s for s in SUBJECTS if s[0] in ("2010301", "2010302", "2210201") or r.random() < 0.7]
    amounts = {s[0]: amount(r, 5, 80) if s[0][:3] != "201" else amount(r, 100, 900) for s in subjects}
    if ctx.has("nearmiss_tail"):
        tail_code = next(s[0] for s in subjects if s[2] and s[0][:3] != "201")
    budgets = {c: q(v / D(str(r.uniform(0.86, 0.995)))) for c, v in amounts.items()}
    total = sum(amounts.values(), D(0))
    basic = sum((amounts[s[0]] for s in subjects if s[2]), D(0))
    project = total - basic
    classes = {k: sum((v for c, v in amounts.items() if c[:3] == k), D(0)) for k in CLASSES}
    classes = {k: v for k, v in classes.items() if v}
    if ctx.has("nearmiss_tail"):  # one row printed 0.01 lower everywhere; totals keep the unrounded sum
        amounts[tail_code] -= D("0.01")
        tail = fm(amounts[tail_code])
        ctx.near_miss("SUM_MISMATCH", [fm(total), tail], "rows sum 0.01 below 合计 (尾数误差 noted)", "info")
        ctx.near_miss("SUM_MISMATCH", [fm(basic), tail], "basic rows sum 0.01 below 基本支出 (尾数误差)", "info")
        ctx.near_miss("SUM_MISMATCH", [fm(classes[tail_code[:3]]), tail], "科目 rows 0.01 below 类 total", "info")
    budget0 = sum(budgets.values(), D(0))
    prev = total + amount(r, 50, 400) * r.choice([1, -1])
    pe = q(basic * D(str(r.uniform(0.78, 0.9))))
    pu = basic - pe
    unit_name = ctx.unit
    # 三公
    v, h = amount(r, 2, 8), amount(r, 1, 4)
    va, ha = q(v * D(str(r.uniform(0.86, 0.99)))), q(h * D(str(r.uniform(0.86, 0.99))))
    if ctx.has("over_sangong"):
        va = q(v * D(str(r.uniform(1.05, 1.2))))
    s_budget, s_actual = v + h, va + ha
    dv, dh = amount(r, 0.2, 5), amount(r, 0.1, 1.5)
    ds = dv + dh
    purchase_g, purchase_w, purchase_s = amount(r, 10, 80), amount(r, 0, 5), amount(r, 10, 80)
    purchase = purchase_g + purchase_w + purchase_s
    sme = q(purchase * D(str(r.uniform(0.9, 0.999))))
    small = q(sme * D(str(r.uniform(0.05, 0.4))))

    doc.p(" 第一部分", f"{unit_name}概况", "", "一、部门职责")
    for i, duty in enumerate(ctx.pick(ph.DUTIES, 4), 1):
        doc.p(f"  （{NUM[i - 1]}）{duty.format(area='市')}")
    doc.p("", "二、机构设置及决算单位构成", f"（一）内设机构设置。{unit_name}共有{r.randint(3, 7)}个内设科室。",
          f"（二）决算单位构成。{unit_name}{y}年部门决算汇总公开单位构成包括：{unit_name}本级。", " 第二部分    部门决算表")
    # ------------------------------------------------------------ 公开01表
    rows = [["收入", "支出"], ["项目", "行次", "金额", "项目", "行次", "金额"], ["栏次", "", "1", "栏次", "", "2"]]
    for i in range(26):
        inc = f"{_cn(i + 1)}、{INCOME[i]}" if i < len(INCOME) else ""
        inc_v = fmt_table(total) if i == 0 else ""
        key = next((k for k, pos in CLASS_ROW.items() if pos == i and k in classes), None)
        rows.append([inc, str(i + 1), inc_v, f"{_cn(i + 1)}、{STANDARD[i]}", str(31 + i),
                     fmt_table(classes[key]) if key else ""])
    stated_table_total = total
    rows += [["本年收入合计", "27", fmt_table(total), "本年支出合计", "57", fmt_table(stated_table_total)],
             ["使用非财政拨款结余（含专用结余）", "28", "", "结余分配", "58", ""],
             ["年初结转和结余", "29", "0.00", "年末结转和结余", "59", ""],
             ["总计", "30", fmt_table(total), "总计", "60", fmt_table(total)],
             ["注：1.本表反映部门本年度的总收支和年末结转结余情况。"], ["    2.本套报表金额单位转换时可能存在尾数误差。"]]
    doc.table(["收入支出决算总表", "\t\t\t\t\t公开01表", f"部门：{unit_name}\t\t\t\t\t单位：万元"], rows)
    # ------------------------------------------------------------ 公开02/03/05表
    rows = [["科目代码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
            ["合计", fmt_table(total), fmt_table(total), "", "", "", "", ""]]
    rows += [[c, n, fmt_table(amounts[c]), fmt_table(amounts[c]), "", "", "", "", ""] for c, n, _, _ in subjects]
    rows.append(["注：本表反映部门本年度取得的各项收入情况。"])
    doc.table(["收入决算表", "\t\t\t\t\t\t\t\t\t公开02表", f"部门：{unit_name}\t\t\t\t\t\t单位：万元"], rows)
    stated_basic_03 = basic + D("1.00") if ctx.has("sum_table") else basic
    if ctx.has("sum_table"):
        ctx.label("SUM_MISMATCH", [fm(stated_basic_03)], "error", alternatives=["FIGURE_INCONSISTENT"],
                  note=f"公开03表 合计 基本支出 {fm(stated_basic_03)} ≠ Σ rows {fm(basic)}")
    for title, code, basic_total in (("支出决算表", "公开03表", stated_basic_03),
                                     ("一般公共预算财政拨款支出决算表", "公开05表", basic)):
        extra = ["", "", ""] if code == "公开03表" else []
        head = ["科目代码", "科目名称", "本年支出合计" if extra else "小计", "基本支出", "项目支出"]
        head += ["上缴上级支出", "经营支出", "对附属单位补助支出"] if extra else []
        rows = [head, ["合计", fmt_table(total), fmt_table(basic_total), fmt_table(project), *extra]]
        for c, n, is_basic, _ in subjects:
            val = fmt_table(amounts[c])
            rows.append([c, n, val, val if is_basic else "", "" if is_basic else val, *extra])
        rows.append([f"注：本表反映部门本年度{'各项' if extra else '一般公共预算财政拨款'}支出情况。"])
        doc.table([title, f"\t\t\t\t\t\t\t\t{code}", f"部门：{unit_name}\t\t\t\t\t\t单位：万元"], rows)
    # ------------------------------------------------------------ 公开07表
    rows = [["预算数", "决算数"],
            ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "合计", "因公出国（境）费",
             "公务用车购置及运行维护费", "公务接待费"],
            ["", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
            [str(i) for i in range(1, 13)],
            [fmt_table(s_budget), "", fmt_table(v), "", fmt_table(v), fmt_table(h), fmt_table(s_actual), "", fmt_table(va), "",
             fmt_table(va), fmt_table(ha)],
            ["注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。"]]
    doc.table(["财政拨款“三公”经费支出决算表", f"部门：{unit_name}\t\t\t\t\t\t\t\t\t公开07表"], rows)
    # ------------------------------------------------------------ 说明
    up = prev < total
    d_total = abs(total - prev)
    rate_total = pct(d_total, prev, 1)
    stated_rate_total = rate_total + D("3.0") if ctx.has("change_rate") else rate_total
    if ctx.has("change_rate"):
        ctx.label("CHANGE_MISMATCH", [fm(d_total), fp(stated_rate_total)], "error",
                  note=f"{'增加' if up else '减少'}{fm(d_total)} implies prior {fm(prev)}, rate {rate_total}%, stated {stated_rate_total}%")
    change = f"与上年相比，{'增加' if up else '减少'}{fm(d_total)}万元，{'增长' if up else '降低'}{fp(stated_rate_total)}%"
    reason = ph.CHANGE_REASONS[2 if up else 0]
    doc.p("", "第三部分", f"{y}年度部门决算情况说明", "", "一、收入支出决算总体情况说明",
          f"{y}年度收、支总计{fm(total)}万元。{change}，主要是因为{reason}。",
          "二、收入决算情况说明", f"{y}年度收入合计{fm(total)}万元，其中：财政拨款收入{fm(total)}万元，占100%。")
    stated_spend_total = total + D("0.10") if ctx.has("figure_total") else total
    if ctx.has("figure_total"):
        ctx.label("FIGURE_INCONSISTENT", [fm(stated_spend_total)], "error", alternatives=["SUM_MISMATCH"],
                  note=f"支出合计 {fm(stated_spend_total)} in 说明 vs {fm(total)} in the tables")
    doc.p("三、支出决算情况说明", f"{y}年度支出合计{fm(stated_spend_total)}万元，其中：基本支出{fm(basic)}万元，占"
          f"{fp(pct(basic, stated_spend_total))}%；项目支出{fm(project)}万元，占{fp(pct(project, stated_spend_total))}%。")
    struct = []
    for i, (k, val) in enumerate(classes.items()):
        share = pct(val, total)
        if ctx.has("ratio_struct") and i == 1:
            wrong = share + D("1.20")
            ctx.label("RATIO_MISMATCH", [fm(val), fp(wrong)], "error",
                      note=f"{CLASSES[k]} {fm(val)}/{fm(total)} = {share}%, stated {wrong}%")
            share = wrong
        name = "一般公共服务（类）支出" if k == "201" else CLASSES[k]
        struct.append(f"{name}{fm(val)}万元，占{fp(share)}%")
    stated_b0 = budget0 + D("3.15") if ctx.has("sum_budget") else budget0
    if ctx.has("sum_budget"):
        ctx.label("SUM_MISMATCH", [fm(stated_b0)], "error", any_keys=[fm(budget0)],
                  note=f"科目 年初预算 add to {fm(budget0)}, stated {fm(stated_b0)}")
    doc.p("四、一般公共预算财政拨款支出决算情况说明", "（一）一般公共预算财政拨款支出决算总体情况",
          f"{y}年度财政拨款支出{fm(total)}万元，占本年支出合计的100%，{change.replace('与上年相比，', '与上年相比，财政拨款支出')}，"
          f"主要是因为{reason}。", "（二）一般公共预算财政拨款支出决算结构情况",
          f"{y}年度财政拨款支出{fm(total)}万元，主要用于以下方面：{'；'.join(struct)}。",
          "（三）一般公共预算财政拨款支出决算具体情况",
          f"{y}年度财政拨款支出年初预算数为{fm(stated_b0)}万元，支出决算数为{fm(total)}万元，完成年初预算的"
          f"{fp(pct(total, stated_b0))}%，其中：")
    reasons = ctx.pick(ph.REASONS_LESS, len(subjects))
    dup_reason = None
    for i, (c, _n, _b, path) in enumerate(subjects, 1):
        a_i, b_i = amounts[c], budgets[c]
        ratio = pct(a_i, b_i)
        if ctx.has("ratio_item") and i == 2:
            wrong = ratio - D("5.00")
            ctx.label("RATIO_MISMATCH", [fm(a_i), fp(wrong)], "error",
                      note=f"{path} {fm(a_i)}/{fm(b_i)} = {ratio}%, stated {wrong}%")
            ratio = wrong
        word = "小于"
        if ctx.has("direction") and i == len(subjects):
            word = "大于"
            ctx.label("TEXT_CONTRADICTION", [fm(a_i), fm(b_i), "大于"], "warning", note=f"决算数大于年初预算数 while {a_i} < {b_i}")
        if ctx.has("residue_direction") and i == 1:
            word = "大于（小于）"
            ctx.label("TEMPLATE_RESIDUE", ["大于（小于）"], "info")
        sentence = f"决算数{word}年初预算数的主要原因是：{reasons[i - 1]}"
        if ctx.has("duplicate") and i == 1:
            sentence = (f"决算数{word}年初预算数的主要原因是：{reasons[0]}{ph.SANGONG_REASON}")
            dup_reason = sentence
        elif ctx.has("duplicate") and i == 2:
            sentence = dup_reason or sentence
        if r.random() < 0.5:  # seed 003 items 1-4
            line = f"年初预算为{fm(b_i)}万元，支出决算为{fm(a_i)}万元，完成年初预算的{fp(ratio)}%，{sentence}"
        else:  # seed 003 items 5-8
            line = f"年初预算{fm(b_i)}万元，支出决算{fm(a_i)}万元。完成年初预算的{fp(ratio)}%，{sentence}"
        doc.p(f"{i}、{path}。", line)
    if dup_reason:
        ctx.label("DUPLICATE_TEXT", [], "info", any_keys=fragments(dup_reason)[1:],
                  note="reason sentence repeated verbatim (not keyed on the shared 决算数…的主要原因是)")
    staff_share = pct(pe, basic)
    stated_staff = staff_share + D("2.00") if ctx.has("ratio_staff") else staff_share
    if ctx.has("ratio_staff"):
        ctx.label("RATIO_MISMATCH", [fm(pe), fp(stated_staff)], "error",
                  note=f"人员经费 {fm(pe)}/{fm(basic)} = {staff_share}%, stated {stated_staff}%")
    doc.p("五、一般公共预算财政拨款基本支出决算情况说明", f"{y}年度一般公共预算财政拨款基本支出{fm(basic)}万元，其中：",
          f"人员经费{fm(pe)}万元，占基本支出的{fp(stated_staff)}%,主要包括基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费。",
          f"公用经费{fm(pu)}万元，占基本支出的{fp(pct(pu, basic))}%,主要包括办公费、印刷费、邮电费、差旅费、公务接待费、工会经费。")
    if ctx.has("missing_sangong"):
        ctx.label("MISSING_ITEM", ["三公"], "info", note="the 三公经费 说明 section is missing")
    else:
        _sangong(ctx, v, h, va, ha, dv, dh, ds)
    doc.p("七、政府性基金预算收入支出决算情况", "本单位没有政府性基金收入，也没有使用政府性基金安排的支出。")
    d_run = amount(r, 3, 30)
    doc.p("八、关于机关运行经费支出说明", f"本部门{y}年度机关运行经费支出{fm(pu)}万元，比年初预算数减少{fm(d_run)}万元，"
          f"降低{fp(pct(d_run, pu + d_run))}%。主要原因是：严格执行厉行节约规定，压减公用经费。")
    sme_share = pct(sme, purchase)
    stated_sme = sme_share - D("2.00") if ctx.has("ratio_sme") else sme_share
    if ctx.has("ratio_sme"):
        ctx.label("RATIO_MISMATCH", [fm(sme), fp(stated_sme)], "error",
                  note=f"{fm(sme)}/{fm(purchase)} = {sme_share}%, stated {stated_sme}%")
    doc.p("九、关于政府采购支出说明", f"本部门{y}年度政府采购支出总额{fm(purchase)}万元，其中：政府采购货物支出{fm(purchase_g)}万元、"
          f"政府采购工程支出{fm(purchase_w)}万元、政府采购服务支出{fm(purchase_s)}万元。授予中小企业合同金额{fm(sme)}万元，"
          f"占政府采购支出总额的{fp(stated_sme)}%，其中：授予小微企业合同金额{fm(small)}万元，占授予中小企业合同金额的{fp(pct(small, sme))}%。")
    asset_year = y - 1 if ctx.has("year_ref") else y
    if ctx.has("year_ref"):
        ctx.label("YEAR_MISMATCH", [asset_year], "warning", note=f"国有资产 as of {asset_year}-12-31 in a {y} 决算")
    doc.p("十、关于国有资产占用情况说明", f"截至{asset_year}年12月31日，部门（单位）共有车辆{r.randint(1, 3)}辆；"
          "单位价值100万元以上设备（不含车辆）0台（套）。")
    doc.p("十一、关于预算绩效情况的说明", f"组织对{y}年度本部门（单位）整体支出开展绩效自评，涉及项目{r.randint(3, 8)}个，共涉及资金"
          f"{fm(project)}万元，占一般公共预算支出总额的{fp(pct(project, total), 1)}%。")
    if ctx.has("privacy_mobile"):
        _contact(ctx)


def _sangong(ctx: Ctx, v: Decimal, h: Decimal, va: Decimal, ha: Decimal, dv: Decimal, dh: Decimal, ds: Decimal) -> None:
    y = ctx.year
    s_budget, s_actual = v + h, va + ha
    stated_budget = s_budget + D("1.00") if ctx.has("sum_sangong") else s_budget
    if ctx.has("sum_sangong"):
        ctx.label("SUM_MISMATCH", [fm(stated_budget)], "error", alternatives=["FIGURE_INCONSISTENT"],
                  note=f"三公 预算 {fm(stated_budget)} vs parts 0 + {fm(v)} + {fm(h)} = {fm(s_budget)}")
    rate_v = pct(dv, va + dv)
    stated_rate_v = rate_v + D("4.00") if ctx.has("change_sangong") else rate_v
    if ctx.has("change_sangong"):
        ctx.label("CHANGE_MISMATCH", [fm(dv), fp(stated_rate_v)], "error",
                  note=f"公务用车 减少{fm(dv)} implies prior {fm(va + dv)}, rate {rate_v}%, stated {stated_rate_v}%")
    word_v = "大于" if va > v else "小于"
    if ctx.has("over_sangong"):
        ctx.label("OVER_BUDGET", [fm(va), fm(v)], "warning", note=f"公务用车运行维护费 {pct(va, v)}% of budget")
    over_total = s_actual > s_budget
    ctx.doc.p("六、财政拨款“三公”经费支出决算情况说明", "（一）“三公”经费财政拨款支出决算总体情况说明",
              f"{y}年度“三公”经费财政拨款支出预算为{fm(stated_budget)}万元，支出决算为{fm(s_actual)}万元，完成预算的"
              f"{fp(pct(s_actual, stated_budget))}%；与上年相比减少{fm(ds)}万元，降低{fp(pct(ds, s_actual + ds))}%。"
              f"决算数{'大于' if over_total else '小于'}预算数的主要原因是{'公务用车维修支出增加。' if over_total else ph.SANGONG_REASON}",
              "（二）“三公”经费财政拨款支出决算具体情况说明", "1.因公出国（境）费支出预算为0万元，支出决算为0万元。",
              f"2.公务用车购置费及运行维护费支出预算为{fm(v)}万元，支出决算为{fm(va)}万元，完成预算的{fp(pct(va, v))}%；"
              f"与上年相比减少{fm(dv)}万元，降低{fp(stated_rate_v)}%。决算数{word_v}预算数的主要原因是"
              f"{'车辆老化维修费用增加' if va > v else '严守公务用车使用管理纪律'}。",
              f"3.公务接待费支出预算为{fm(h)}万元，支出决算为{fm(ha)}万元，完成预算的{fp(pct(ha, h))}%；与上年相比减少{fm(dh)}万元，"
              f"降低{fp(pct(dh, ha + dh))}%。决算数小于预算数的主要原因是严格规范公务接待行为和经费支出，不得超标准、超范围接待。")
    if over_total:
        ctx.label("OVER_BUDGET", [fm(s_actual), fm(stated_budget)], "warning", note="三公 total over budget")
