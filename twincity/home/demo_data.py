"""The demo data tables: the organisation, meetings, lists and results of the `demo` command.

Meetings 1–10 and the figures of the results follow public reports of the Chengdu–Chongqing
mechanism; everything else (later meetings, item states, reports) is invented for the demo.
The texts are the project's own short summaries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

PASSWORD = "demo-pass-2025"


class UnitRow(NamedTuple):
    code: str
    name: str
    short_name: str
    kind: str
    party: str  # a party code, or "" for none


class GroupRow(NamedTuple):
    number: int
    name: str
    cq_lead: str
    sc_lead: str
    members: tuple[str, ...]
    description: str


class AccountRow(NamedTuple):
    username: str
    display_name: str
    role: str
    unit: str
    group: int  # working-group number for a group lead, else 0
    title: str


class MeetingRow(NamedTuple):
    number: int
    date: dt.date | None
    precision: str
    place: str
    host: str  # party code or ""
    theme: str
    summary: str
    documents: tuple[str, ...] = ()


class ItemRow(NamedTuple):
    code: str
    title: str
    group: int
    scenario: str
    area: str = ""
    major: bool = False
    decision: int = 0  # number of the source decision in the list's meeting
    result: str = ""  # title of the result that closes it
    last: tuple[str, str] = ("", "")  # last report round per side (cq, sc); "" = by rotation
    target: str = ""  # central unit code, for policy needs
    answer: str = ""  # the ministry's answer, for answered policy needs


class ListRow(NamedTuple):
    kind: str
    name: str
    period: str
    meeting: int  # number of the source joint meeting
    document: str
    items: list[ItemRow]


class Figure(NamedTuple):
    label: str
    value: Decimal
    unit: str


class ResultRow(NamedTuple):
    title: str
    type: str
    date: dt.date | None  # None: the day the closing item's liaison reports it
    description: str
    figures: tuple[Figure, ...] = ()
    meeting: int = 0  # joint meeting number where it was reported
    public: bool = False


def _units(kind: str, party: str, rows: list[tuple[str, str, str]]) -> list[UnitRow]:
    return [UnitRow(code, name, short, kind, party) for code, name, short in rows]


def _f(label: str, value: str, unit: str) -> Figure:
    return Figure(label, Decimal(value), unit)


# fmt: off

PARTIES = [("cq", "渝", "重庆市", 1), ("sc", "川", "四川省", 2)]

UNITS: list[UnitRow] = [
    UnitRow("joint-office", "推动成渝地区双城经济圈建设联合办公室", "联合办公室",
            "joint_office", ""),
    *_units("department", "cq", [
        ("cq-fgw", "重庆市发展和改革委员会", "重庆市发展改革委"),
        ("cq-jxw", "重庆市经济和信息化委员会", "重庆市经济信息委"),
        ("cq-jtw", "重庆市交通运输委员会", "重庆市交通运输委"),
        ("cq-kjj", "重庆市科学技术局", "重庆市科技局"),
        ("cq-sww", "重庆市商务委员会", "重庆市商务委"),
        ("cq-wlw", "重庆市文化和旅游发展委员会", "重庆市文化旅游委"),
        ("cq-sthjj", "重庆市生态环境局", ""),
        ("cq-rsj", "重庆市人力资源和社会保障局", "重庆市人力社保局"),
        ("cq-wjw", "重庆市卫生健康委员会", "重庆市卫生健康委"),
        ("cq-jw", "重庆市教育委员会", "重庆市教委"),
        ("cq-gaj", "重庆市公安局", ""),
        ("cq-scjgj", "重庆市市场监督管理局", "重庆市市场监管局"),
        ("cq-dsjj", "重庆市大数据应用发展管理局", "重庆市大数据发展局"),
        ("cq-nyncw", "重庆市农业农村委员会", "重庆市农业农村委"),
        ("cq-zfcxw", "重庆市住房和城乡建设委员会", "重庆市住房城乡建委"),
        ("cq-ghzyj", "重庆市规划和自然资源局", "重庆市规划自然资源局"),
        ("cq-nyj", "重庆市能源局", ""),
        ("cq-jrj", "重庆市地方金融管理局", "重庆市金融管理局"),
        ("cq-czj", "重庆市财政局", ""),
    ]),
    *_units("department", "sc", [
        ("sc-fgw", "四川省发展和改革委员会", "四川省发展改革委"),
        ("sc-jxt", "四川省经济和信息化厅", ""),
        ("sc-jtt", "四川省交通运输厅", ""),
        ("sc-kjt", "四川省科学技术厅", "四川省科技厅"),
        ("sc-swt", "四川省商务厅", ""),
        ("sc-whlyt", "四川省文化和旅游厅", ""),
        ("sc-sthjt", "四川省生态环境厅", ""),
        ("sc-rst", "四川省人力资源和社会保障厅", "四川省人力资源社会保障厅"),
        ("sc-wjw", "四川省卫生健康委员会", "四川省卫生健康委"),
        ("sc-jyt", "四川省教育厅", ""),
        ("sc-gat", "四川省公安厅", ""),
        ("sc-scjgj", "四川省市场监督管理局", "四川省市场监管局"),
        ("sc-dsjzx", "四川省大数据中心", ""),
        ("sc-nynct", "四川省农业农村厅", ""),
        ("sc-zjt", "四川省住房和城乡建设厅", "四川省住房城乡建设厅"),
        ("sc-zrzyt", "四川省自然资源厅", ""),
        ("sc-nyj", "四川省能源局", ""),
        ("sc-jrj", "四川省地方金融管理局", "四川省金融管理局"),
        ("sc-czt", "四川省财政厅", ""),
    ]),
    *_units("city", "sc", [
        ("sc-chengdu", "四川省成都市", "成都市"), ("sc-mianyang", "四川省绵阳市", "绵阳市"),
        ("sc-suining", "四川省遂宁市", "遂宁市"), ("sc-guangan", "四川省广安市", "广安市"),
        ("sc-dazhou", "四川省达州市", "达州市"), ("sc-luzhou", "四川省泸州市", "泸州市"),
        ("sc-neijiang", "四川省内江市", "内江市"), ("sc-ziyang", "四川省资阳市", "资阳市"),
    ]),
    *_units("district", "cq", [
        ("cq-yongchuan", "重庆市永川区", "永川区"), ("cq-bishan", "重庆市璧山区", "璧山区"),
        ("cq-wanzhou", "重庆市万州区", "万州区"), ("cq-jiangjin", "重庆市江津区", "江津区"),
        ("cq-hechuan", "重庆市合川区", "合川区"), ("cq-rongchang", "重庆市荣昌区", "荣昌区"),
        ("cq-tongnan", "重庆市潼南区", "潼南区"), ("cq-dazu", "重庆市大足区", "大足区"),
    ]),
    *_units("central", "", [
        ("cn-ndrc", "国家发展和改革委员会", "国家发展改革委"),
        ("cn-mot", "交通运输部", ""),
        ("cn-miit", "工业和信息化部", ""),
        ("cn-most", "科学技术部", "科技部"),
        ("cn-mofcom", "商务部", ""),
        ("cn-mof", "财政部", ""),
        ("cn-mee", "生态环境部", ""),
        ("cn-nhc", "国家卫生健康委员会", "国家卫生健康委"),
        ("cn-gac", "海关总署", ""),
    ]),
    *_units("platform", "", [
        ("pf-gaozhu", "川渝高竹新区", ""),
        ("pf-wandakai", "万达开川渝统筹发展示范区", ""),
        ("pf-suitong", "遂潼川渝毗邻地区一体化发展先行区", ""),
        ("pf-luyongjiang", "泸永江融合发展示范区", ""),
    ]),
]

GROUPS: list[GroupRow] = [
    GroupRow(1, "规划政策专项组", "cq-fgw", "sc-fgw",
             ("cq-czj", "sc-czt", "cq-ghzyj", "sc-zrzyt"),
             "规划衔接、共同向上争取政策和年度重点任务统筹。"),
    GroupRow(2, "交通基础设施专项组", "cq-jtw", "sc-jtt",
             ("cq-fgw", "sc-fgw", "cq-wanzhou", "sc-dazhou"),
             "铁路、高速公路、航运和机场等互联互通项目。"),
    GroupRow(3, "能源保障专项组", "cq-nyj", "sc-nyj", ("cq-fgw", "sc-fgw"),
             "天然气、电网和清洁能源的共建共享。"),
    GroupRow(4, "产业协同专项组", "cq-jxw", "sc-jxt",
             ("cq-yongchuan", "sc-luzhou", "cq-bishan", "sc-mianyang"),
             "汽车、电子信息等先进制造业集群和产业转移协作。"),
    GroupRow(5, "数字经济专项组", "cq-dsjj", "sc-dsjzx", ("cq-jxw", "sc-jxt"),
             "数字经济产业和“数字成渝”建设。"),
    GroupRow(6, "科技创新专项组", "cq-kjj", "sc-kjt", ("sc-mianyang", "cq-bishan"),
             "成渝综合性科学中心和科技协同创新。"),
    GroupRow(7, "西部科学城建设专项组", "cq-kjj", "sc-kjt", ("sc-chengdu", "cq-bishan"),
             "“一城多园”模式共建西部科学城。"),
    GroupRow(8, "对外开放专项组", "cq-sww", "sc-swt", ("cq-jiangjin", "sc-luzhou", "cn-gac"),
             "自贸试验区协同开放和开放平台建设。"),
    GroupRow(9, "西部陆海新通道专项组", "cq-sww", "sc-jtt", ("cq-jtw", "sc-swt"),
             "西部陆海新通道和中欧班列（成渝）。"),
    GroupRow(10, "金融合作专项组", "cq-jrj", "sc-jrj", ("cq-czj", "sc-czt"),
             "共建西部金融中心，金融服务同城化。"),
    GroupRow(11, "文化旅游专项组", "cq-wlw", "sc-whlyt", ("cq-dazu", "sc-ziyang"),
             "巴蜀文化旅游走廊建设。"),
    GroupRow(12, "生态环境专项组", "cq-sthjj", "sc-sthjt",
             ("cq-ghzyj", "sc-zrzyt", "sc-dazhou"),
             "生态共建、污染共治和长江上游生态屏障。"),
    GroupRow(13, "公共服务专项组", "cq-rsj", "sc-rst", ("cq-wjw", "sc-wjw", "cq-jw", "sc-jyt"),
             "便捷生活行动和公共服务共建共享。"),
    GroupRow(14, "教育协同专项组", "cq-jw", "sc-jyt", ("cq-rsj", "sc-rst"),
             "高校学科共建和基础教育协作。"),
    GroupRow(15, "卫生健康专项组", "cq-wjw", "sc-wjw", ("cq-dsjj", "sc-dsjzx"),
             "医疗服务同城化和区域医疗中心建设。"),
    GroupRow(16, "川渝通办专项组", "cq-dsjj", "sc-dsjzx",
             ("cq-scjgj", "sc-scjgj", "cq-gaj", "sc-gat"),
             "“川渝通办”事项清单和政务服务协同。"),
    GroupRow(17, "市场一体化专项组", "cq-scjgj", "sc-scjgj", ("cq-sww", "sc-swt"),
             "统一市场准入、公平竞争审查和标准互认。"),
    GroupRow(18, "城乡融合与乡村振兴专项组", "cq-nyncw", "sc-nynct",
             ("cq-rongchang", "sc-neijiang"),
             "现代高效特色农业带和城乡融合发展。"),
    GroupRow(19, "国土空间与住房建设专项组", "cq-ghzyj", "sc-zrzyt", ("cq-zfcxw", "sc-zjt"),
             "国土空间规划衔接和住房城乡建设协作。"),
    GroupRow(20, "毗邻地区合作专项组", "cq-fgw", "sc-fgw",
             ("cq-tongnan", "sc-suining", "sc-guangan", "cq-hechuan", "pf-gaozhu",
              "pf-wandakai", "pf-suitong", "pf-luyongjiang"),
             "毗邻地区合作功能平台建设。"),
    GroupRow(21, "社会治理与公共安全专项组", "cq-gaj", "sc-gat", ("cq-dsjj", "sc-dsjzx"),
             "跨区域社会治理和执法协作。"),
    GroupRow(22, "体制机制改革专项组", "cq-fgw", "sc-fgw", ("cq-czj", "sc-czt", "pf-gaozhu"),
             "集成式标志性重大改革和经济区与行政区适度分离改革。"),
]

ACCOUNTS: list[AccountRow] = [
    AccountRow("office", "联合办公室专员", "office", "joint-office", 0, "综合处工作人员"),
    AccountRow("cq_liaison", "重庆发展改革委联络员", "liaison", "cq-fgw", 0, "联络员"),
    AccountRow("sc_liaison", "四川发展改革委联络员", "liaison", "sc-fgw", 0, "联络员"),
    AccountRow("cq_head", "重庆发展改革委负责人", "head", "cq-fgw", 0, "分管负责人"),
    AccountRow("sc_head", "四川发展改革委负责人", "head", "sc-fgw", 0, "分管负责人"),
    AccountRow("wg_lead", "规划政策专项组负责人", "wg_lead", "cq-fgw", 1, "专项组组长"),
    AccountRow("leader", "联合办公室领导", "leader", "joint-office", 0, "联合办公室主任"),
    AccountRow("sysadmin", "系统管理员", "sysadmin", "joint-office", 0, ""),
    AccountRow("secadmin", "安全管理员", "secadmin", "joint-office", 0, ""),
    AccountRow("auditor", "审计管理员", "auditor", "joint-office", 0, ""),
]


# --- meetings ----------------------------------------------------------------------------------

SERIES = [
    ("joint", "推动成渝地区双城经济圈建设重庆四川党政联席会议", "党政联席会议", "overall", 1),
    ("office-dispatch", "联合办公室主任调度会议", "主任调度会议", "yearly", 2),
    ("special", "分管副省市领导专项协调会议", "专项协调会议", "overall", 3),
]

CHAIRS = {"cq": "重庆市委书记", "sc": "四川省委书记"}

JOINT_MEETINGS: list[MeetingRow] = [
    MeetingRow(1, dt.date(2020, 3, 17), "day", "视频会议", "", "启动合作机制",
               "以视频方式召开，两省市启动推动双城经济圈建设的合作机制。"),
    MeetingRow(2, dt.date(2020, 12, 1), "month", "视频会议", "", "",
               "以视频方式召开，审议通过便捷生活行动方案。", ("便捷生活行动方案",)),
    MeetingRow(3, dt.date(2021, 5, 27), "day", "重庆永川", "cq", "首年工作回顾",
               "回顾双城经济圈建设第一年的进展，部署下一阶段合作。"),
    MeetingRow(4, dt.date(2021, 12, 1), "month", "", "", "",
               "审议2022年共建双城经济圈重大项目名单，共160个项目。",
               ("2022年共建成渝地区双城经济圈重大项目名单（160个）",)),
    MeetingRow(5, dt.date(2022, 6, 29), "day", "重庆", "cq", "巴蜀文化旅游走廊建设",
               "启动巴蜀文化旅游走廊建设系列活动。"),
    MeetingRow(6, dt.date(2022, 12, 30), "day", "", "", "",
               "审议通过市场一体化建设行动方案。", ("市场一体化建设行动方案",)),
    MeetingRow(7, dt.date(2023, 6, 26), "day", "重庆璧山", "cq", "推动成渝中部地区高质量发展",
               "聚焦成渝中部崛起；梳理下半年重点合作事项7个方面27项；细化设置22个联合专项"
               "工作组；联席会议轮值周期由半年调整为一年；首次举行成果发布会；建立政策需求、"
               "议定事项、工作成果“三张清单”。",
               ("2023年下半年重点合作事项清单",)),
    MeetingRow(8, dt.date(2023, 12, 28), "day", "四川绵阳", "sc", "年度工作盘点",
               "盘点2023年合作成效，部署2024年重点任务和共建重大项目。"),
    MeetingRow(9, dt.date(2024, 6, 21), "day", "四川广安", "sc",
               "深化改革激发创新活力、相互赋能发展新质生产力",
               "围绕改革创新和新质生产力协同发展深入研究，明确下半年合作重点。"),
    MeetingRow(10, dt.date(2024, 12, 30), "day", "重庆", "cq", "五年回顾与2025年工作部署",
               "总结双城经济圈建设五年成效，审议改革清单和公共服务行动方案，确定2025年共建"
               "重大项目320个，部署2025年重点任务。",
               ("成渝地区双城经济圈集成式标志性重大改革清单（2025—2027年）",
                "公共服务共建共享行动方案（2025—2027年）",
                "2025年共建成渝地区双城经济圈重大项目名单（320个）",
                "深化合作推动成渝地区双城经济圈建设2025年重点任务",
                "成渝地区双城经济圈建设五周年跨区域协作典型经验")),
]

# Joint meetings after the tenth are demo data: a theme for each June meeting in turn,
# and a year-end review every December.
JUNE_THEMES = ["协同建设现代化产业体系", "共建内陆开放门户", "推进公共服务同城化"]
JUNE_SUMMARY = "（演示）上半年会议聚焦一个重大主题，研究需要共同向上争取的重大事项。"
DECEMBER_THEME = "年度工作盘点"
DECEMBER_SUMMARY = "（演示）盘点当年工作，部署次年重点任务和共建重大项目。"

# Roles, not names: the demo keeps real officials' names out of the data.
MEETING_10_ATTENDEES = [
    ("重庆市委书记", "cq"), ("四川省委书记", "sc"), ("四川省委副书记、省长", "sc"),
    ("重庆市委副书记、市长", "cq"), ("成都市市长", "sc"), ("中央财办有关负责同志", ""),
    ("中央农办有关负责同志", ""),
]

MEETING_10_DECISIONS = [
    ("实施集成式标志性重大改革清单",
     "审议通过改革清单（2025—2027年），两省市分年度组织实施，联合办公室按季度调度。"),
    ("推进公共服务共建共享",
     "审议通过公共服务共建共享行动方案（2025—2027年），推动就业、教育、医疗、社保服务"
     "同城化。"),
    ("建设2025年共建重大项目", "确定2025年共建双城经济圈重大项目320个，按月调度投资完成情况。"),
    ("落实2025年重点任务", "部署2025年重点任务，由联合办公室分解到各联合专项工作组。"),
    ("共同争取纳入国家“十五五”规划", "联合梳理重大项目和政策需求，共同争取纳入国家规划。"),
    ("共建成渝中线科创走廊", "携手建设成渝中线科创走廊和成渝绵“创新金三角”。"),
    ("提升对外开放能级",
     "协同推进川渝自贸试验区开放创新，做大西部陆海新通道和中欧班列（成渝）。"),
    ("擦亮“川渝通办”品牌", "推动更多政务服务事项跨省通办、就近可办。"),
]

MEETING_9_DECISIONS = [
    ("做强中欧班列（成渝）品牌", "统筹两地班列资源，提升开行质量。"),
    ("拓展西部陆海新通道", "扩大通道覆盖的国家、地区和港口。"),
    ("扩大“川渝通办”范围", "推出新一批通办事项。"),
    ("深化干部互派挂职", "持续开展两地干部双向交流挂职。"),
    ("推进医疗服务同城化", "扩大电子健康卡和检查检验结果互认范围。"),
]


# --- lists and items ---------------------------------------------------------------------------

# Scenarios: how far the demo moves an item through the workflow.
DRAFT, ASSIGNED, ASSIGNED_CQ, ASSIGNED_SC = "draft", "assigned", "assigned_cq", "assigned_sc"
WORKING, LATE, HALF_CLOSURE, CLOSURE = "working", "late", "half_closure", "closure"
RETURNED, CLOSED, SUSPENDED, CANCELLED = "returned", "closed", "suspended", "cancelled"
PROPOSED, AGREED, SUBMITTED, ANSWERED = "proposed", "agreed", "submitted", "answered"
NEED_CLOSED, NEED_SUSPENDED, NEED_CANCELLED = "need_closed", "need_suspended", "need_cancelled"

# The last reporting round of a working item, per side: what its report waits for.
ACCEPTED, APPROVED, REPORTED = "accepted", "approved", "submitted"
REPORT_RETURNED, NO_REPORT = "returned", "none"

AGREED_10 = [
    ItemRow("YD10-01", "组织实施改革清单2025年度任务", 22, WORKING, "改革开放", True, 1,
            last=(REPORTED, REPORT_RETURNED)),
    ItemRow("YD10-02", "制定公共服务共建共享年度工作要点", 13, CLOSED, "公共服务", False, 2,
            result="印发公共服务共建共享2025年工作要点"),
    ItemRow("YD10-03", "建立共建重大项目按月调度机制", 1, CLOSED, "规划政策协同", False, 3,
            result="建立共建重大项目月度调度和通报制度"),
    ItemRow("YD10-04", "分解落实2025年重点任务", 1, RETURNED, "规划政策协同", False, 4,
            result="2025年重点任务分解方案"),
    ItemRow("YD10-05", "梳理争取纳入国家“十五五”规划的重大项目", 1, ASSIGNED_SC,
            "规划政策协同", True, 5),
    ItemRow("YD10-06", "编制成渝中线科创走廊建设方案", 6, LATE, "科技创新", True, 6),
    ItemRow("YD10-07", "健全成渝绵“创新金三角”协同创新机制", 7, ASSIGNED_CQ, "科技创新",
            False, 6),
    ItemRow("YD10-08", "开展川渝自贸试验区协同开放示范", 8, CLOSURE, "对外开放", False, 7,
            result="川渝自贸试验区协同开放示范案例汇编"),
    ItemRow("YD10-09", "拓展西部陆海新通道班列线路", 9, WORKING, "对外开放", False, 7),
    ItemRow("YD10-10", "发布新一批“川渝通办”事项", 16, HALF_CLOSURE, "公共服务", False, 8,
            result="新一批“川渝通办”事项清单"),
    ItemRow("YD10-11", "推进毗邻地区合作平台提质增效", 20, ASSIGNED, "规划政策协同", False, 5),
    ItemRow("YD10-12", "研究重庆成都双核联动联建年度任务", 1, DRAFT, "规划政策协同", False, 4),
]

KEY_TASKS_2025 = [
    ItemRow("ZD25-01", "共同争取国家出台支持双城经济圈的新政策", 1, WORKING, "规划政策协同",
            True, last=(NO_REPORT, ACCEPTED)),
    ItemRow("ZD25-02", "推动成渝中部地区规划协同衔接", 20, CLOSED, "规划政策协同",
            result="联合印发成渝中部地区协同发展工作方案"),
    ItemRow("ZD25-03", "推进重庆、成都都市圈发展规划协同实施", 1, LATE, "规划政策协同",
            last=(ACCEPTED, REPORTED)),
    ItemRow("ZD25-04", "建立省市领导联系毗邻地区合作平台机制", 20, CLOSED, "规划政策协同",
            result="省市领导联系毗邻地区合作功能平台工作机制"),
    ItemRow("ZD25-05", "推进2025年共建重大项目建设", 1, CLOSED, "规划政策协同", True,
            result="2025年共建重大项目超额完成年度投资"),
    ItemRow("ZD25-06", "加快成渝中线高铁建设", 2, WORKING, "基础设施", True),
    ItemRow("ZD25-07", "推进渝万高铁建设", 2, LATE, "基础设施", True),
    ItemRow("ZD25-08", "推动成渝间高铁公交化运营", 2, CLOSED, "基础设施",
            result="成渝间高铁实现公交化运营"),
    ItemRow("ZD25-09", "优化提升省际高速公路通道", 2, CLOSURE, "基础设施",
            result="省际高速公路通道优化提升完成"),
    ItemRow("ZD25-10", "共建川渝天然气千亿立方米级产能基地", 3, WORKING, "基础设施", True),
    ItemRow("ZD25-11", "共建智能网联新能源汽车产业集群", 4, WORKING, "产业发展", True),
    ItemRow("ZD25-12", "共建电子信息先进制造业集群", 4, CLOSED, "产业发展",
            result="电子信息集群协同发展三年行动计划"),
    ItemRow("ZD25-13", "共推数字经济发展和“数字成渝”建设", 5, RETURNED, "产业发展",
            result="“数字成渝”建设年度报告"),
    ItemRow("ZD25-14", "高水平共建西部金融中心", 10, WORKING, "产业发展"),
    ItemRow("ZD25-15", "共建成渝现代高效特色农业带", 18, SUSPENDED, "产业发展"),
    ItemRow("ZD25-16", "共建成渝综合性科学中心", 6, WORKING, "科技创新", True),
    ItemRow("ZD25-17", "“一城多园”共建西部科学城", 7, CLOSED, "科技创新",
            result="西部科学城“一城多园”协同机制"),
    ItemRow("ZD25-18", "深化川渝科技创新国际交流合作", 6, CANCELLED, "科技创新"),
    ItemRow("ZD25-19", "联合实施重点研发项目", 6, CLOSURE, "科技创新",
            result="川渝联合实施重点研发项目累计257个"),
    ItemRow("ZD25-20", "深化跨界河流联防联治", 12, CLOSED, "生态环境",
            result="川渝跨界河流联防联治成效"),
    ItemRow("ZD25-21", "共建“无废城市”和成渝“氢走廊”", 12, WORKING, "生态环境"),
    ItemRow("ZD25-22", "落实长江十年禁渔，保护流域生物多样性", 12, LATE, "生态环境"),
    ItemRow("ZD25-23", "深化西部陆海新通道建设", 9, WORKING, "对外开放", True),
    ItemRow("ZD25-24", "做强中欧班列（成渝）品牌", 9, CLOSED, "对外开放",
            result="中欧班列（成渝）年度开行计划完成"),
    ItemRow("ZD25-25", "推进川渝自贸试验区协同开放", 8, WORKING, "对外开放"),
    ItemRow("ZD25-26", "打造便捷生活行动升级版", 13, CLOSED, "公共服务",
            result="便捷生活行动升级版事项全部落地"),
    ItemRow("ZD25-27", "加快国家医学中心和区域医疗中心建设", 15, WORKING, "公共服务", True),
    ItemRow("ZD25-28", "推动社保卡“一卡通”扩面", 13, HALF_CLOSURE, "公共服务",
            result="川渝社保卡居民服务“一卡通”扩面"),
]

POLICY_NEEDS_2025 = [
    ItemRow("ZC25-01", "支持川渝高竹新区深化经济区与行政区适度分离改革", 22, NEED_CLOSED,
            "改革开放", True, target="cn-ndrc", answer="supported"),
    ItemRow("ZC25-02", "将川渝电子信息、汽车集群列为国家重点培育集群", 4, ANSWERED, "产业发展",
            target="cn-miit", answer="partly"),
    ItemRow("ZC25-03", "加大对成渝中线高铁等项目的中央资金支持", 2, SUBMITTED, "基础设施",
            True, target="cn-mot"),
    ItemRow("ZC25-04", "支持在成渝地区布局国家重大科技基础设施", 6, SUBMITTED, "科技创新",
            target="cn-most"),
    ItemRow("ZC25-05", "支持西部陆海新通道铁海联运“一单制”试点", 9, AGREED, "对外开放",
            target="cn-mot"),
    ItemRow("ZC25-06", "支持扩大川渝自贸试验区改革试点", 8, PROPOSED, "对外开放",
            target="cn-mofcom"),
    ItemRow("ZC25-07", "支持建立跨界河流横向生态保护补偿机制", 12, PROPOSED, "生态环境",
            target="cn-mee"),
    ItemRow("ZC25-08", "支持川渝共建国家区域医疗中心", 15, NEED_SUSPENDED, "公共服务",
            target="cn-nhc"),
    ItemRow("ZC25-09", "支持扩大成渝航空口岸开放", 8, NEED_CANCELLED, "对外开放",
            target="cn-gac"),
]

REFORMS_2025 = [
    ItemRow("GG-01", "深化经济区与行政区适度分离改革", 22, WORKING, "改革开放", True,
            last=(REPORT_RETURNED, NO_REPORT)),
    ItemRow("GG-02", "推进川渝高竹新区跨省税费征管一体化", 20, CLOSED, "改革开放",
            result="川渝高竹新区统一税费政策"),
    ItemRow("GG-03", "共建川渝统一大市场", 17, WORKING, "改革开放"),
    ItemRow("GG-04", "开展毗邻地区公平竞争审查互查互评", 17, CLOSED, "改革开放",
            result="毗邻地区公平竞争审查互查互评"),
    ItemRow("GG-05", "推进教育科技人才体制机制一体改革", 14, WORKING, "科技创新"),
    ItemRow("GG-06", "重大基础设施项目服务保障一体化改革", 2, LATE, "基础设施"),
    ItemRow("GG-07", "探索铁海联运“一单制”“一箱制”", 9, CLOSURE, "对外开放",
            result="铁海联运“一单制”业务落地"),
    ItemRow("GG-08", "深化川渝自贸试验区协同开放改革", 8, WORKING, "对外开放"),
    ItemRow("GG-09", "深化城乡融合发展体制机制改革", 18, ASSIGNED_CQ, "城乡融合"),
    ItemRow("GG-10", "推进要素市场化配置综合改革", 22, ASSIGNED_CQ, "改革开放", True),
    ItemRow("GG-11", "探索区域“大综合一体化”治理体制机制", 21, DRAFT, "社会治理"),
    ItemRow("GG-12", "扩大检查检验结果互认范围", 15, CLOSED, "公共服务",
            result="检查检验结果互认扩面"),
    ItemRow("GG-13", "推进住房公积金互认互贷", 13, WORKING, "公共服务"),
    ItemRow("GG-14", "深化跨省联合河长制", 12, WORKING, "生态环境"),
    ItemRow("GG-15", "推进碳市场协同和绿色金融改革", 10, SUSPENDED, "生态环境"),
    ItemRow("GG-16", "推进政务数据共享和标准互认", 5, WORKING, "改革开放"),
    ItemRow("GG-17", "建立跨区域联合执法协作机制", 21, RETURNED, "社会治理",
            result="跨区域联合执法协作办法"),
    ItemRow("GG-18", "统一市场准入和标准互认", 17, DRAFT, "改革开放"),
    ItemRow("GG-19", "健全川渝合作利益共享机制", 22, RETURNED, "改革开放",
            result="川渝合作利益共享机制研究报告"),
    ItemRow("GG-20", "完善跨省产业转移协调机制", 4, WORKING, "产业发展"),
]

AGREED_9 = [
    ItemRow("YD9-01", "做强中欧班列（成渝）品牌", 9, CLOSED, "对外开放", True, 1,
            result="中欧班列（成渝）累计开行超过3.6万列"),
    ItemRow("YD9-02", "拓展西部陆海新通道覆盖范围", 9, CLOSED, "对外开放", True, 2,
            result="西部陆海新通道通达126个国家和地区的548个港口"),
    ItemRow("YD9-03", "推出新一批“川渝通办”事项", 16, CLOSED, "公共服务", False, 3,
            result="“川渝通办”事项扩展至355项"),
    ItemRow("YD9-04", "深化干部互派挂职交流", 1, CLOSED, "规划政策协同", False, 4,
            result="川渝干部互派挂职累计501人次"),
    ItemRow("YD9-05", "推进电子健康卡和检查检验结果互认", 15, CLOSED, "公共服务", False, 5,
            result="电子健康卡和检查检验结果互认扩面"),
]

REFORM_LIST = "成渝地区双城经济圈集成式标志性重大改革清单（2025—2027年）"
KEY_TASK_LIST = "深化合作推动成渝地区双城经济圈建设2025年重点任务"

LISTS: list[ListRow] = [
    ListRow("agreed_items", "第九次联席会议议定事项清单", "2024年下半年", 9, "", AGREED_9),
    ListRow("agreed_items", "第十次联席会议议定事项清单", "2025年", 10, "", AGREED_10),
    ListRow("key_tasks", KEY_TASK_LIST, "2025年", 10, KEY_TASK_LIST, KEY_TASKS_2025),
    ListRow("policy_needs", "2025年共同向上争取政策需求清单", "2025年", 10, "",
            POLICY_NEEDS_2025),
    ListRow("reform", REFORM_LIST, "2025—2027年", 10, REFORM_LIST, REFORMS_2025),
]

RESULT_FORMS = {
    "规划政策协同": "政策文件", "基础设施": "项目建设", "产业发展": "工作机制",
    "科技创新": "平台建设", "生态环境": "工作机制", "对外开放": "工作机制",
    "公共服务": "服务事项", "改革开放": "改革举措", "城乡融合": "改革举措",
    "社会治理": "工作机制",
}


# --- results -----------------------------------------------------------------------------------

FIGURE_DAY = dt.date(2025, 1, 9)  # the national press conference on the first five years

# Results with public figures; an item whose `result` names one is closed by it.
RESULTS: list[ResultRow] = [
    ResultRow("中欧班列（成渝）累计开行超过3.6万列", "other", dt.date(2024, 12, 30),
              "两地联合打造的中欧班列（成渝）品牌累计开行突破3.6万列。",
              (_f("中欧班列（成渝）累计开行", "36000", "列"),), 10, True),
    ResultRow("西部陆海新通道通达126个国家和地区的548个港口", "other", dt.date(2024, 12, 31),
              "截至2024年底，通道铁海联运班列常态化开行，覆盖范围持续扩大。",
              (_f("通达国家和地区", "126", "个"), _f("通达港口", "548", "个"),
               _f("铁海联运班列累计开行", "15000", "列")), 0, True),
    ResultRow("“川渝通办”事项累计达311项", "service", dt.date(2023, 12, 28),
              "前三批通办事项分别为95项、115项、101项。",
              (_f("“川渝通办”事项", "311", "项"), _f("第一批", "95", "项"),
               _f("第二批", "115", "项"), _f("第三批", "101", "项")), 8, True),
    ResultRow("“川渝通办”事项扩展至355项", "service", FIGURE_DAY,
              "通办事项继续扩面，更多事项实现异地办、就近办。",
              (_f("“川渝通办”事项", "355", "项"),), 0, True),
    ResultRow("双城经济圈地区生产总值达8.6万亿元", "other", FIGURE_DAY,
              "双城经济圈经济总量在五年间迈上新台阶。",
              (_f("地区生产总值", "8.6", "万亿元"),), 0, True),
    ResultRow("川渝两地累计签署合作协议252份", "agreement", dt.date(2021, 6, 30),
              "截至2021年年中，两省市部门和地方累计签署合作协议252份。",
              (_f("合作协议", "252", "份"),), 0, True),
    ResultRow("川渝干部互派挂职累计501人次", "mechanism", FIGURE_DAY,
              "建立干部互派机制，五年来双向选派干部交流挂职。",
              (_f("干部互派挂职", "501", "人次"),), 0, False),
    ResultRow("2022年共建重大项目完成年度计划127%", "other", dt.date(2022, 12, 30),
              "2022年共建重大项目160个，年度计划投资1835亿元。",
              (_f("共建重大项目", "160", "个"), _f("年度计划投资", "1835", "亿元"),
               _f("年度投资完成率", "127", "%")), 6, True),
    ResultRow("2025年共建重大项目超额完成年度投资", "other", dt.date(2026, 1, 15),
              "2025年共建重大项目320个，全年完成投资5332.42亿元。",
              (_f("共建重大项目", "320", "个"), _f("全年完成投资", "5332.42", "亿元"),
               _f("年度投资完成率", "121.08", "%")), 0, True),
    ResultRow("电子健康卡和检查检验结果互认扩面", "service", FIGURE_DAY,
              "两地医疗机构电子健康卡扫码互认，二级及以上公立医院检查检验结果互认。",
              (_f("电子健康卡互认医疗机构", "2300", "家"),
               _f("检查检验结果互认", "161", "项")), 0, True),
    ResultRow("川渝跨界河流联防联治成效", "mechanism", None,
              "设立跨省市联合河长制办公室，共同治理跨界河流。",
              (_f("联合治理跨界河流", "81", "条"), _f("生态环保合作协议", "131", "项")),
              0, True),
    ResultRow("川渝高竹新区统一税费政策", "mechanism", None,
              "跨省税费征管服务中心一体化运行，统一税费政策。",
              (_f("统一税费政策", "79", "项"),)),
    ResultRow("毗邻地区公平竞争审查互查互评", "mechanism", None,
              "毗邻地区开展公平竞争审查互查，互评政策措施。",
              (_f("互评政策措施", "626", "件"),)),
    ResultRow("川渝联合实施重点研发项目累计257个", "other", None,
              "两地联合实施重点研发项目，共同攻关关键核心技术。",
              (_f("联合实施重点研发项目", "257", "个"),)),
    ResultRow("成渝间高铁实现公交化运营", "service", None,
              "成渝之间高峰时段约9分钟开行一列高铁。",
              (_f("高峰时段发车间隔", "9", "分钟"),), 0, True),
]

# --- texts the workflow steps write ------------------------------------------------------------

SPECIAL_MEETINGS = [
    (1, dt.date(2025, 8, 15), "重庆", "cq", "交通基础设施互联互通专项协调"),
    (2, dt.date(2026, 4, 16), "四川成都", "sc", "产业协同专项协调"),
]
DISPATCH_THEME = "调度重点任务和共建重大项目推进情况"
VERSION_NOTES = ("初始版本：联席会议审定", "年中优化调整")
MILESTONES = ("制定工作方案", "完成阶段性任务", "形成工作成果")

# The outcome of the last reporting round, in turn, when an item names none.
ROTATION = [ACCEPTED, APPROVED, ACCEPTED, REPORTED, NO_REPORT, REPORT_RETURNED]
RESULT_TYPES = {
    "政策文件": "document", "项目建设": "project_done", "服务事项": "service",
    "平台建设": "platform",
}

PROGRESS_TEXTS = [
    "已制定工作方案，明确责任分工和时间节点，与对方牵头单位建立对接机制。",
    "按计划推进，召开专题对接会，重点环节取得阶段性进展。",
    "主体工作加快推进，年度计划大部分内容已完成，正在开展评估。",
]
DIFFICULTIES = ["跨省审批衔接环节较多，部分事项需国家有关部委支持。", "",
                "要素保障压力较大，资金到位偏慢。"]
NEXT_STEPS = ["加强与对方牵头单位沟通，按期完成下一节点任务。",
              "加快推进重点环节，争取提前完成年度目标。", "配合联合办公室做好调度和成果总结。"]
FINAL_TEXT = "各项工作已全部完成，成果材料已整理报送。"
REPORT_RETURN = "进展情况表述较笼统，请补充具体数据和佐证后重新报送。"
ITEM_RETURN = "佐证材料不够完整，请补充正式文件或项目批复后重新申请销号。"
CLOSE_REASON = "经核验，两方成果材料齐全，同意销号。"
SUSPEND_REASON = "受国家有关规划调整影响暂缓推进，待明确后恢复。"
CANCEL_REASON = "经联合办公室会商，该事项并入相关事项统筹推进。"
INSTRUCTION = "此事关系全局，请两省市牵头单位加强协调，确保按期完成，重要进展及时报告。"
URGE = "该事项已超过完成时限，请牵头单位说明原因并提出补救措施。"
REPLY = "已收到，正在加快推进，补救措施将随下期进展一并报送。"
RETURN_REPLY = "已收到退回意见，正在补充佐证材料。"
AGREE_REASON = "两省市会商一致，同意共同向上争取。"
SUBMIT_REASON = "已由两省市联合行文报送。"
NEED_CLOSE_REASON = "答复意见已落实。"
ANSWERS = {
    "supported": "有关部委复函：原则同意，请两省市细化方案后组织实施。",
    "partly": "有关部委复函：部分内容纳入年度工作统筹考虑，其余待进一步论证。",
}

# fmt: on

EXTENSION_REASON = "受项目用地报批进度影响，原定时限内难以完成，申请延期至明年一季度。"
EXTENSION_APPROVED = "理由充分，同意延期，请按新时限倒排工期。"
EXTENSION_REFUSED = "该事项为年度重点任务，不同意延期，请加大力度按原时限推进。"
