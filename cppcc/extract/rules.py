"""The extractor's knowledge of how work reports word their figures: tables, not code.

Each metric of the catalogue has a ``Rule``: the words that name what is counted,
the units it is counted in, and the words around it that make a number something
else (a target, another body's figure, a visit, one topic's share). Words are short
regular expressions; most are plain text.
"""

import re
from dataclasses import dataclass

from cppcc.extract.numbers import parse_number


@dataclass(frozen=True)
class Rule:
    metric: str
    words: tuple[str, ...]  # name what is counted, before the number: 收到提案286件
    units: tuple[str, ...]
    after: tuple[str, ...] = ()  # or right after it: 12篇社情民意信息获……批示
    needs: tuple[str, ...] = ()  # one of these somewhere in the sentence
    near: tuple[str, ...] = ()  # one of these next to the number (between its neighbours)
    not_near: tuple[str, ...] = ()  # none of these next to the number
    not_in_clause: tuple[str, ...] = ()  # none of these in the number's clause
    not_in_sentence: tuple[str, ...] = ()  # none of these in the number's sentence
    plain_after: tuple[str, ...] = ()  # the words must follow one of these verbs directly
    per_topic: bool = False  # under "围绕……" the count is one topic's share, not a total
    mixed_ok: bool = False  # "市委、市政府领导批示": the enumeration says who, not what
    stock: bool = False  # counted as it stands (rooms built): 近年来 still means "now"
    leaders: tuple[str, ...] = ()  # the levels of leader whose endorsements it counts
    whole: bool = False  # all proposals, not one group of submitters' (集体提案, 民主党派)
    not_before: tuple[str, ...] = ()  # none of these earlier in the number's sentence


TIMES = ("次", "场", "场次")
# "12篇社情民意信息获……批示", or with the noun left out: "其中12条获……批示"
ENDORSED = (
    "社情民意", "信息", "建议", "提案", r"(被|获得?|得到)[^，。；]{0,20}批示",
    r"对[^，。；]{0,12}(作出|做出)?批示",  # 领导36人次对社情民意作出批示
)  # fmt: skip
INSTRUCTED = ("件", "篇", "条", "期", "次", "件次", "人次")

# Leaders' endorsements are counted per level; the catalogue keeps the region's apart.
# In Ningxia the provincial level is the region's: 省级领导, 省委 are its leaders.
REGION_LEADERS = ("自治区", "区党委", "区政府", "省级", "省委", "省政府", "省领导")
CENTRAL_LEADERS = ("中央", "全国", "国务院", "国家", "省部级", "以上领导")
# The committee's own level: 市委、市政府领导, 县级领导. Named beside the region's
# (被自治区政府、市委领导批示11篇) the count is of endorsements at every level.
OWN_LEADERS = (
    "市委", "市政府", "市领导", "市级", "市主要领导", "县委", "县政府", "县领导", "县级",
    "县主要领导", "旗委", "旗政府",
)  # fmt: skip
# The people's congress has proposals (议案) and suggestions (代表建议) of its own.
OTHER_BODIES = ("人大", "议案", "代表建议", "代表团")
# Platforms are counted as the committee's total only when built, not when visited,
# planned, or newly added this year.
VISITS = ("观摩", "参观", "走访", "考察", "视察", "察看", "到访", "来到", "走进", "看望")
NOT_YET = ("待", "拟", "筹建", "在建", "正在", "培育", "新建", "新增", "又建", "再建", "增建")
BUILT = (
    "建设", "建成", "建立", "组建", "设立", "成立", "打造", "挂牌", "建有", "拥有",
    "共有", "现有", "已有", "设置", "搭建", "开设", "达到", "布局", "累计达", "总数达",
)  # fmt: skip
PLATFORM = {
    "units": ("个", "家", "处"),
    "needs": BUILT,
    "not_in_clause": VISITS + NOT_YET,
    "stock": True,
}

RECEIVED = "(收到|提交|提出|征集到?|受理)"
# 其中，市政府承办74件，满意率98%: a rate after one handler's share is that share's
ONE_HANDLERS_SHARE = r"其中[，]?[^，。；]{0,12}(承办|办理)"
ONE_LEADERS_SHARE = r"(书记|市长|县长|区长|旗长|主席|主任)[^，。；\d]{0,8}(领衔|牵头)?督办"
DISPOSED = (r"转(交|为|办|送|化为|成|给)", "移交", "移送", "分流")
NOT_ACCEPTED = "(?<!不予)(?<!不)(?<!未)(?<!未予)(?<!撤)"
ACTIVITIES = r"(?<![界别专题对口理法])(各类|各种|重点)?(协商(议事|议政)?活动|协商议政(?!性))"

RULES = (
    # 提案
    Rule(
        "proposals_received",
        # who submitted may stand between: 收到委员、各参加单位提案; other things may not
        (rf"{RECEIVED}((?!发言|建议|议案|信息|报告)[^，。；]){{0,12}}?(?<!集体)提案",),
        ("件",),
        after=("提案(?!被|已)",),  # 共收到300件提案
        near=(RECEIVED,),
        not_in_clause=OTHER_BODIES,
        mixed_ok=True,  # 收到委员、各参加单位提案: the enumeration says who submitted
        whole=True,
    ),
    Rule(
        "proposals_accepted",
        # 经审查立案241件; 立案的129件提案已全部办复; 并案后交办250件; not 不予立案20件
        (f"{NOT_ACCEPTED}(立案|交办)(提案)?", f"{NOT_ACCEPTED}立案的"),
        ("件",),
        after=("立案提案",),  # 79件立案提案全部办复完毕
        not_in_clause=OTHER_BODIES,
        whole=True,
    ),
    Rule(
        "proposals_key",
        ("重点提案",),
        ("件",),
        # 确定37件重点提案; 等37件提案被确定为……重点提案
        after=(
            "重点提案",
            r"([(（]?系列[)）]?)?提案(被|已)?(确定|列|遴选)为[^，。；]{0,24}重点提案",
        ),
        # 视察了……等4件重点提案: the ones visited; 市委书记领衔督办重点提案2件: one
        # leader's share of them
        not_in_clause=(*OTHER_BODIES, *VISITS, ONE_LEADERS_SHARE),
    ),
    Rule(
        "proposals_reply_rate",
        ("办复率", "答复率"),
        ("%",),
        not_in_clause=OTHER_BODIES,
        not_before=(ONE_HANDLERS_SHARE,),
    ),
    # 办结率 is the reply rate unless the sentence gives one: 办结率81.6%，答复率100%
    Rule(
        "proposals_reply_rate",
        ("办结率",),
        ("%",),
        not_in_clause=OTHER_BODIES,
        not_in_sentence=("办复率", "答复率"),
        not_before=(ONE_HANDLERS_SHARE,),
    ),
    Rule(
        "proposals_satisfaction_rate",
        ("满意率", "满意度", r"满意(或|和|及)基本满意[^，。；\d%]{0,12}"),
        ("%",),
        needs=("提案", "办复", "委员满意"),
        not_in_clause=(*OTHER_BODIES, "群众满意"),
        not_before=(ONE_HANDLERS_SHARE,),
    ),
    # 社情民意
    Rule(
        "opinion_items",
        ("社情民意", "民意信息"),
        ("条", "篇", "件"),
        after=("社情民意", "民意信息"),
        not_in_clause=("批示", "采用", "采纳"),  # those count the items that got somewhere
        # items passed on or turned into opinion items (转交热线平台, 提案转为社情民意)
        # count what became of something, not what the committee gathered
        not_near=DISPOSED,
    ),
    Rule(
        "opinion_bulletins",
        ("社情民意", "民意信息", "政协信息", "信息专报", "社情民意(信息)?(专报|专刊|快报|简报)"),
        ("期",),
    ),
    Rule(
        "opinion_instructions_region",
        ("批示",),
        INSTRUCTED,
        after=ENDORSED,
        near=("批示",),
        leaders=("region",),
        mixed_ok=True,
    ),
    Rule(
        "opinion_instructions",
        ("批示",),
        INSTRUCTED,
        after=ENDORSED,
        near=("批示",),
        leaders=("own", "every", "unnamed"),
        mixed_ok=True,
    ),
    # 协商: counts of one form of consultation; 协商活动 only when no form is named
    Rule("consultation_reports", ("协商报告",), ("篇", "份", "件", "个"), per_topic=True),
    Rule(
        "consultation_activities",
        (ACTIVITIES,),
        TIMES,
        after=(ACTIVITIES,),  # 开展30余次协商活动
        per_topic=True,
    ),
    Rule("consultation_special", ("专题协商",), TIMES, after=("专题协商",), per_topic=True),
    Rule("consultation_sector", ("界别协商",), TIMES, after=("界别协商",), per_topic=True),
    Rule(
        "consultation_proposal", ("提案办理协商",), TIMES, after=("提案办理协商",), per_topic=True
    ),
    Rule(
        "consultation_counterpart",
        ("对口协商", r"[“‘\"]?有事好商量[”’\"]?(协商)?(议事)?(活动)?"),
        TIMES,
        per_topic=True,
    ),
    Rule(
        "consultation_legislative",
        ("立法协商",),
        TIMES,
        not_in_clause=("人大",),
        per_topic=True,
    ),
    Rule(
        "standing_committee_sessions",
        ("常委会专题议政", "(专题)?议政性常委会会?议?"),
        TIMES,
        per_topic=True,
    ),
    Rule(
        "suggestions",
        ("意见建议", "意见和建议", "对策建议", "建议"),
        ("条", "件"),
        not_in_clause=OTHER_BODIES,
        plain_after=("收集", "征集", "提出", "汇聚", "汇集", "反映", "梳理", "形成", "提交"),
        per_topic=True,
    ),
    # 履职平台
    Rule(
        "platform_reception_rooms",
        ("委员会客室", "委员会客厅"),
        after=("委员会客室", "委员会客厅"),
        **PLATFORM,
    ),
    Rule(
        "platform_sector_studios",
        ("界别委员工作室", "委员工作室"),
        after=("界别委员工作室", "委员工作室"),
        **PLATFORM,
    ),
    Rule(
        "platform_deliberation_rooms",
        ("协商议事室", "协商议事厅", "议事堂"),
        after=("协商议事室", "协商议事厅", r"[\u4e00-\u9fff]{0,4}议事堂"),
        **PLATFORM,
    ),
    Rule(
        "platform_liaison_groups",
        ("委员联络小组", "委员联络组", "联络小组"),
        after=("委员联络小组", "委员联络组"),
        **PLATFORM,
    ),
    Rule(
        "platform_contact_points",
        ("委员基层联系点", "基层联系点", "委员联系点"),
        after=("委员基层联系点", "委员联系点"),
        **PLATFORM,
    ),
    Rule(
        "townships_covered",
        ("乡镇", "街道"),
        ("个",),
        after=("乡镇", "街道", r"乡[(（]镇[)）]", r"镇[(（、]", r"乡[(（、]"),
        needs=("覆盖",),
        stock=True,
    ),
    # 成效
    Rule(
        "livelihood_issues_resolved",
        (
            "民生实事",
            "民生问题",
            "急难愁盼问题",
            "民生难题",
            # 协商解决群众关心关注的操心事、烦心事、难心事113件
            r"解决[^，。；]{0,30}(心事|难事|实事|急难愁盼问题|民生问题|群众[^，。；]{0,10}问题)",
        ),
        ("件", "个", "项"),
        needs=("解决",),
        mixed_ok=True,  # the enumeration says what kind of issue
    ),
)

# Forms of consultation: a number that counts two of them together counts consultations
# (专题议政性常委会会议和专题协商会议17次).
CONSULTATION_FORMS = (
    "consultation_special", "consultation_sector", "consultation_proposal",
    "consultation_counterpart", "consultation_legislative", "standing_committee_sessions",
    "consultation_activities",
)  # fmt: skip
CONSULTATIONS = "consultation_activities"
FORM_JOINERS = re.compile(r"、|和|及|与|以及")

# What may stand between the name of a count and its number, in this order:
# 编发《社情民意》专报12期, 委员会客室已建成20个, 办复率、委员满意率均为100%,
# 委员会客室总数达到30个, 召开专题协商会4次.
_FILLER = (
    r"[》”’」』)）]*",
    r"(专报|专刊|简报|会议?|座谈会|活动)?",
    r"(均|都|共|累计|总计|合计)?",
    r"(已经?)?(建成|建立|设立|组建|开展|召开|报送|编发|收集)?",
    r"(数量|总数|数)?",
    r"(保持在|稳定在|为|达到?|有|计|是|在)?",
    r"[：:]?",  # 收到提案：286件
)
NAME_TO_NUMBER = re.compile("".join(_FILLER))
# Generic words allowed between a verb and what it counts: 收集各类建议.
GENERIC_MODIFIERS = ("各类", "各项", "各方面", "各方", "相关", "有关", "委员", "群众", "了", "到")
# Numbers that count several kinds of thing at once: 重要文件、重大项目及立法协商工作15次.
CONJUNCTIONS = re.compile(r"、|及(?!时)")

# A figure stated as a goal, or for the future, is not a result. Plans announce
# themselves anywhere in the sentence (2024年，市政协将力争……); goals only in the
# number's own clause (确保办复率100%), since 确保 and 目标 also frame real results.
PLAN_WORDS = (
    "力争", "力求", "预计", "预期", r"拟(?!定)", "下一步", "今后", "明年",
    r"计划[^，。；\d]{0,6}?(新建|开展|完成|实现|建成|达到|召开|举办|组织|设立|成立)",
)  # fmt: skip
GOAL_WORDS = (
    "争取", "确保", r"目标(是|为|值)", "努力实现", "将达到", "将实现", "要达到", "要实现",
    "不少于", "至少",
)  # fmt: skip
# Sections that set out plans: 二、2024年工作安排, 下一步工作打算, 工作建议.
PLAN_HEADING = re.compile(
    r"(工作|任务)(安排|打算|计划|思路|建议|展望)|下一步|今后.{0,4}工作|展望|目标任务"
)
# Counts per year, per member or per quarter are norms, not totals.
NORM = re.compile(r"每(年|季度?|月|个|名|位|半年|届|人)")
# "围绕养老服务……" and "针对……" frame the counts that follow as one topic's share;
# "围绕市委中心工作" frames the whole year's work.
_GENERAL = r"(?![^，。；]{0,8}(中心|大局|重点工作|决策部署|工作要点))"
TOPIC_FRAME = re.compile(rf"围绕{_GENERAL}|针对{_GENERAL}|就[^，。；]{{1,30}}(议题|问题)")


# Periods. Each entry: a pattern, a function (match, publication year) -> (start, end),
# and how the text gives the year: 'stated' (2024年), 'inferred' (今年, 去年, 五年来),
# 'date' (2022年6月24日: the day of one event, so it holds for its own sentence only),
# 'now' (目前: the report's own year), 'vague' (近年来: no period at all) or 'part'
# (上半年: only part of a year). Other words for the report's own year (全年, 一年来)
# are not listed: a number without a time expression already takes the report's year.
# "十二届二次会议以来" is said at the next plenary, about the year between the two.
def _years_back(count: int, year: int) -> tuple[int, int]:
    # "五年来" in a review published at the turn of the term: the full years before
    return year - count, year - 1


def _same(year: int) -> tuple[int, int]:
    return year, year


_FEW = r"([2-9]|[二两三四五六七八九十])"  # "一年来" is the report's own year


def _plan(numeral: str) -> tuple[int, int]:
    # 十一五 is 2006–2010, 十四五 2021–2025: five-year plans, the periods reports use
    start = 2006 + 5 * (int(parse_number(numeral)) - 1)
    return start, start + 4


_SESSION = r"[一二三四五六七八九十]+次(全体)?(会议|全会)"

TIME_WORDS = (
    (r"[“\"]?十([一二三四五六])五[”\"]?(时期|期间|以来)", lambda m, y: _plan(m[1]), "stated"),
    # "since the last plenary", at the next one: the year between the two
    (
        rf"([一二三四五六七八九十]+届(政协)?)?{_SESSION}(以来|后)",
        lambda m, y: _same(y - 1),
        "inferred",
    ),
    (r"(\d{4})\s*年?\s*[-—～~至到]\s*(\d{4})年", lambda m, y: (int(m[1]), int(m[2])), "stated"),
    (r"(\d{4})年以来", lambda m, y: (int(m[1]), max(int(m[1]), y)), "stated"),
    (r"(\d{4})年(?=\d{1,2}月)", lambda m, y: _same(int(m[1])), "date"),
    (r"(\d{4})年度?(?![\d初前后])", lambda m, y: _same(int(m[1])), "stated"),
    (r"去年以来", lambda m, y: (y - 1, y), "inferred"),
    (r"今年(?=\d{1,2}月)", lambda m, y: _same(y), "date"),
    (r"今年以来|今年", lambda m, y: _same(y), "inferred"),
    # as the report stands: its own year (截至10月底, 截至年底)
    (r"截[至止](目前|本?年底|年末|\d{1,2}月(底|末|份)?)|目前|当前|现已", None, "now"),
    (r"(?<![较比于同])(去年|上一?年度?|(刚刚)?过去的?一年)", lambda m, y: _same(y - 1), "inferred"),
    # the year the report is about, whichever that is (a plenary's report: the year before)
    (r"(?<![过去的])一年(来|以来)", None, "year"),
    (r"前年", lambda m, y: _same(y - 2), "inferred"),
    (
        # 五年来, 过去的五年, 这五年; 五年共收到…, 五年间: a span, not the report's year
        rf"(?:近|过去的?|这){_FEW}年(?:来|以来|间|里|中)?"
        rf"|{_FEW}年(?:来|以来|间|里|中|(?=共|累计|合计|总计))",
        lambda m, y: _years_back(int(parse_number(m[1] or m[2])), y),
        "inferred",
    ),
    # since the current term began: its first year only when the text dates the term
    # (``periods.time_marks``); 本届政协共收到 counts over the term so far
    (
        r"(换届|本届(政协)?|(?P<term>[一二三四五六七八九十]+)届(政协)?)以来"
        r"|本届(政协)?(?=[^，。；\d]{0,6}(共|累计|合计|总计))",
        None,
        "term",
    ),
    (r"近年来?|多年来|长期以来|一直以来|历年|近些年", None, "vague"),
    # since something began whose year is not given: 政协成立以来, 平台开通以来
    (r"(成立|组建|建立|创建|创办|开通|运行|设立|启动|实施|开展|挂牌|建成)以来", None, "vague"),
    (
        r"上半年|下半年|[一二三四1-4]季度|前三季度|\d{1,2}[-—至到]\d{1,2}月|前\d{1,2}个?月",
        None,
        "part",
    ),
)
