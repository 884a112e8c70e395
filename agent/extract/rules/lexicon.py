"""The words the rule extractor knows, as data: subjects × measures (with 口径), units, and the
structure words relations are found by.

Adding a phrasing is an entry here, not a new pass.  Entries are regular-expression fragments
matched against the normalised text (ASCII digits and punctuation, no thousands separators).
Order matters only inside one table: the first (most specific) entry that matches wins.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- subjects × measures

# (subject key, pattern).  Keys: see agent.extract.rules.labels (total, basic, project, personnel,
# public, sangong and its parts, carryover, fiscal, balance).
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("sangong.abroad", r"因公出国"),
    ("sangong.vehicle_purchase", r"(公务用车|公车)购置(?!费?及)"),  # '公务用车购置支出决算为0万元' too
    ("sangong.vehicle_run", r"(公务用车|公车)(运行维护|运行|维护)"),
    ("sangong.vehicle", r"(公务用车|公车)购置及运行|公务用车购置费及运行"),
    ("sangong.reception", r"公务接待"),
    ("sangong", r"三公"),
    ("personnel", r"人员经费"),
    ("public", r"公用经费"),
    ("basic", r"基本支出"),
    ("project", r"项目支出(?!绩效)"),
    ("carryover", r"上年(年末)?结转|年初结转"),
    # 财政拨款 is one 口径 of spending, not the total: 本年支出合计 may include other funds
    # 政府性基金 and 国有资本经营 money is its own fund, never the 一般公共预算 财政拨款 (keyed apart: not compared)
    ("gov_fund", r"政府性基金|国有资本经营"),
    ("fiscal", r"财政拨款(支出|收入|收支)|一般公共预算财政拨款"),
    ("balance", r"年末(项目|资金)?结转|结余结转|结转结余"),
    ("total", r"^\d{4}年度?支出(为|是)?$|^(我局|本局|我单位|本单位|本部门|我部门)?\d{4}年度?(全年)?(实际)?(支出|执行)(数)?(为|是)?$|"
              r"^(我局|本局|我单位|本单位|本部门|我部门)?\d{4}年度?(年初预算|全年预算数?)(为|是)?$|"
              r"(批复|下达|核定)(给)?(我局|本局|我单位|本单位|本部门|我部门)的?(\d{4}年度?)?(年初预算|全年预算数?)(总额|数)?(为|是)?$|^(\d{4}年度?)?(本年|全年|当年)收入(为|是)?$|"
              r"调整后[^，,。]{0,10}预算|(?<!采购)支出合计|收入合计|共计支出|(?<!采购)支出总额|(?<!采购)总支出|收、?支总计|"
              r"(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)预算收入|部门预算|"
              r"(?<!项目)总预算|整体支出|年度资金总额|(部门|单位|本局|我局)收入预算(总额|总计|合计)?"),
)

# (measure key, pattern); the last entry ('…支出' = spending) is the fallback.
MEASURES: tuple[tuple[str, str], ...] = (
    # '追加调整后预算为3,486.72万元', '追加节水改造补助后全年预算650.00万元': the budget after the adjustment
    ("full_budget", r"调整后[^，,。；;\d]{0,6}预算|(调增|调减|追加|调整)[^，,。；;\d]{0,12}后[^，,。；;\d]{0,3}预算"),
    ("adjustment", r"调增|调减|追加|调整数|(?:执行中|年中|年内)调整(?:预算)?$"),
    ("initial_budget", r"年初"),
    ("full_budget", r"全年预算|调整后|总预算|年度总预算|全年总预算"),
    # '未执行资金', '尚未使用': what was NOT spent is no spending
    ("actual", r"实际支出|执行数|决算数|支出决算|共计支出|支出合计|实际使用|(?<![未没可])使用|决算|(?<![未没])已?支付|"
               r"(?<![未没])(累计)?完成支出|累计支出|"
               r"已?拨付|(?<![未没])执行(?![率数中])"),
    ("income", r"收入|到位资金|资金到位|下达(?!率)"),
    ("budget", r"预算"),
    ("actual", r"支出$"),
)

# Fund names say which money, not that a figure is a budget (一般公共预算 is no 预算 measure).
FUND_NAMES = r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算单位|预算绩效|部门预算口径"

# a sentence naming one of these before a 年末结转 figure states a part's balance, not the department's
NARROW_SCOPE = r"项目|基本支出|人员经费|公用经费"

# The 上年 口径: a figure of the prior year is never the current year's quantity.
PRIOR = r"上年(?!结转|年末结转|度预算结转)|去年|上一年|与上年相比|比上年"

# Which subjects a total is made of (one level), for totals and parts stated in separate sentences.
COMPOSITION: dict[str, tuple[frozenset[str], ...]] = {
    "total": (frozenset({"basic", "project"}),),
    "basic": (frozenset({"personnel", "public"}),),
    "sangong": (frozenset({"sangong.abroad", "sangong.vehicle", "sangong.reception"}),
                frozenset({"sangong.abroad", "sangong.vehicle_run", "sangong.reception"}),
                frozenset({"sangong.abroad", "sangong.vehicle_run", "sangong.vehicle_purchase", "sangong.reception"}),
                frozenset({"sangong.vehicle_run", "sangong.reception"}),
                frozenset({"sangong.abroad", "sangong.reception"}),
                frozenset({"sangong.abroad", "sangong.vehicle_run"})),
}

# The 类 of the national 支出功能分类科目: a line named so is a 决算/预算 科目 (compared with 年初预算, which
# mid-year additions exceed without any overspend), never the department or a project.
FUNCTION_CLASSES = (r"一般公共服务|外交|国防|公共安全|教育|科学技术|文化旅游体育与传媒|文化体育与传媒|社会保障和就业|"
                    r"社会保险基金|卫生健康|医疗卫生与计划生育|节能环保|城乡社区|农林水|交通运输|资源勘探工业信息等|"
                    r"商业服务业等|金融|援助其他地区|自然资源海洋气象等|住房保障|粮油物资储备|灾害防治及应急管理|"
                    r"债务付息|债务发行费用")

# --------------------------------------------------------------------------- units

MONEY_UNITS = r"亿元|万元|元|万(?![人件条次个名亩吨平户])"
COUNT_UNITS = (r"万人次|人次|万人|万件|万条|万个|万名|万次|万平方米|平方米|公顷|万亩|亩|万吨|吨|公斤|千克|公里|千米|个工作日|工作日|"
               r"户|人|名|个|项|件|次|家|套|份|类|张|台|条|篇|期|封|面|种|辆|位|批|天|座|所|处|场|册|余件|余个|余项")
# rates of a part of a counted whole, named after what the part is: 满意的478份 of 500份 → 满意度
COUNT_RATE_WORDS = (r"满意度|满意率|合格率|达标率|覆盖率|知晓率|回收率|好评率|参与率|优良率|通过率|验收率|"
                    r"及时率|办结率|结案率|处置率|回复率|响应率")
SCORE_UNITS = r"分"
PERCENT_UNITS = r"%|个百分点"

# --------------------------------------------------------------------------- structure words

# a part's label that names a new total ends an enumeration ('…；支出总计1,321.52万元')
TOTAL_LABEL = r"总计|合计|全年预算|调整后预算|总额|总预算"
# the word that states the total after its parts ('A a，B b，合计T')
TOTAL_AFTER = r"(合计|共计|总计|累计|总共|一共)(为|是|达|支出|金额)?"
# openers of a list of parts after the total
LIST_OPENERS = r"其中|分别为|分别是|包括|具体为|具体包括|由"
# an enumeration closed by 构成/组成 ('由A a和B b构成')
LIST_CLOSERS = r"构成|组成"
# lists presented as incomplete: never summed ('主要用于…', '包括…等')
INCOMPLETE = r"主要用于|主要包括|主要有|重点用于|等(方面|项目|支出|费用)?(?=[，,。；;]|$)|^等"
# between the names of an 'A、B、C分别为a、b、c' list
NAME_SEPARATORS = r"、|和|及|与|以及"

# a direction of change and its sign
UP_WORDS = r"增加|增长|上升|提高|增幅|上涨|多支出|超支|超出"
DOWN_WORDS = r"减少|下降|降低|减幅|降幅|回落|少支出|节约|节余|(?<!结转)结余"
# the words before an amount that make it a change ('本年增加157.72万元'), never the quantity that changed
CHANGE_AMOUNT = rf"(?:{UP_WORDS}|{DOWN_WORDS})(?:了|为|达)?\s*-?$"
# the base a change is stated against
CHANGE_BASES = (r"比上年(度|同期)?|较上年(度|同期)?|与上年(度)?(同期)?(相比|对比)|同比|与上年(度)?(?=[^，,。；;\d]{0,8}\d[\d.]*\s*(?:万元|元)\s*相比)|"
                r"比20\d\d年度?|较20\d\d年度?|"
                r"与20\d\d年度?(同期)?相比|与20\d\d年度?的(?=\s*\d)|与上年(度)?的(?=\s*\d)|"
                r"与20\d\d年度?(?=[^，,。；;\d]{1,8}\d[\d.]*\s*(?:万元|元)\s*相比)|"
                r"比去年(同期)?|较去年(同期)?|[比较](年初|全年)?预算数?")
# the quantities a comparison word sets against each other ('决算数大于年初预算数', '本年支出大于本年收入'): (side, words)
COMPARED: tuple[tuple[str, str], ...] = (
    ("initial_budget", r"年初预算(?:数|安排数?)?"),
    ("full_budget", r"(?:全年|调整后)预算(?:数)?"),
    ("budget", r"预算(?:数|安排数?)?"),
    ("income", r"本年(?:度)?收入(?:合计)?"),
    ("spending", r"本年(?:度)?支出(?:合计)?"),
    ("actual", r"(?:支出)?决算数?|(?:实际)?执行数|实际支出(?:数)?|支出数"),
    ("prior", r"上年(?:同期|度)?(?:决算)?(?:数)?|去年(?:同期)?"),
)
# a rate followed by its own formula, with a widened denominator ('（实际支出÷（全年预算＋上年结转））')
OWN_FORMULA = r"\s*[（(][^。；;\n]{0,12}[÷/][^。；;\n]{0,20}[＋+]"
COMPARE_GT = r"大于|高于|超过|多于"  # 超出预算: a claim of its own (statements)
COMPARE_LT = r"小于|低于|少于"
# a rate that is spending over a budget, or a part over a whole
# a share's whole named without its amount: the whole's spending ('占已支出资金的62.1%', '占全部执行数的33.2%')
WHOLE_SPENDING = r"(已|全部|全年|本年度?|当年|累计|实际)*(支出|执行数|使用|执行)(资金|总额|数|总数|金额|合计)?|总支出|支出总额"
RATE_WORDS = r"执行率|使用率|完成率|支出率|支付率|到位率|控制率|拨付率|执行进度|支付进度|支出进度|占比|比重"
# (rate word, numerator clause words, denominator clause words): which amounts a rate divides
_SPENT = r"实际支出|支出数|执行数|决算数|已使用|使用|实际使用|已支付|支付|支出|执行|完成|实际"
_BUDGETED = r"全年预算|调整后预算|预算|年初预算|计划|下达|拨付|到位|安排|资金总额|总额|可用资金"
RATE_PAIRS: tuple[tuple[str, str, str], ...] = (
    (r"使用率", _SPENT, r"到位|下达|拨付|预算|安排|资金总额|总额|可用资金"),
    (r"执行率|执行进度|支付进度|支出进度|控制率|支出率|支付率", _SPENT, _BUDGETED + r"|合同金额|合同额|合同价"),
    (r"完成率", _SPENT, r"预算|计划|目标|任务"),
    (r"到位率|拨付率", r"到位|拨付", r"预算|计划|下达|安排"),
)
