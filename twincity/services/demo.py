"""The 川渝通办 demo: four batches (95, 115, 101, 44 = 355 items) with monthly case volumes.

Names are patterns over real kinds of cross-province services; 文号 and figures are invented
but of realistic magnitude. Everything is deterministic and written with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from django.db import transaction

from twincity.accounts.models import Party, Unit, UnitKind, User
from twincity.audit.log import record, snapshot
from twincity.lib import clock
from twincity.lib.chinese import numeral
from twincity.services.models import (
    CaseVolume,
    ServiceBatch,
    ServiceCategory,
    ServiceDepartment,
    ServiceItem,
    ServiceMode,
)

FIRST_MONTH = (2024, 1)  # volumes are kept from January 2024


class BatchRow(NamedTuple):
    number: int
    size: int
    date: dt.date
    doc_number: str


class AgencyRow(NamedTuple):
    cq: tuple[str, str]  # (code, name) of the 渝 department
    sc: tuple[str, str]  # (code, name) of the 川 department


class Subject(NamedTuple):
    category: str
    agency: str
    name: str
    monthly: int  # typical cases per side per month
    variants: tuple[str, ...]  # each gives an item "name（variant）"


BATCHES = [
    BatchRow(1, 95, dt.date(2020, 12, 18), "川办发〔2020〕80号"),
    BatchRow(2, 115, dt.date(2021, 11, 26), "渝府办发〔2021〕126号"),
    BatchRow(3, 101, dt.date(2022, 11, 30), "川办发〔2022〕77号"),
    BatchRow(4, 44, dt.date(2024, 12, 20), "渝府办发〔2024〕109号"),
]

AGENCIES = {
    "police": AgencyRow(("cq-gaj", "重庆市公安局"), ("sc-gat", "四川省公安厅")),
    "hrss": AgencyRow(
        ("cq-rsj", "重庆市人力资源和社会保障局"), ("sc-rst", "四川省人力资源和社会保障厅")
    ),
    "medical": AgencyRow(("cq-ybj", "重庆市医疗保障局"), ("sc-ybj", "四川省医疗保障局")),
    "fund": AgencyRow(
        ("cq-gjj", "重庆市住房公积金管理中心"), ("sc-gjj", "四川省省级住房公积金管理中心")
    ),
    "market": AgencyRow(("cq-scjgj", "重庆市市场监督管理局"), ("sc-scjgj", "四川省市场监督管理局")),
    "land": AgencyRow(("cq-ghzyj", "重庆市规划和自然资源局"), ("sc-zrzyt", "四川省自然资源厅")),
    "transport": AgencyRow(("cq-jtw", "重庆市交通运输委员会"), ("sc-jtt", "四川省交通运输厅")),
    "health": AgencyRow(("cq-wjw", "重庆市卫生健康委员会"), ("sc-wjw", "四川省卫生健康委员会")),
    "education": AgencyRow(("cq-jw", "重庆市教育委员会"), ("sc-jyt", "四川省教育厅")),
    "tax": AgencyRow(("cq-sw", "国家税务总局重庆市税务局"), ("sc-sw", "国家税务总局四川省税务局")),
    "civil": AgencyRow(("cq-mzj", "重庆市民政局"), ("sc-mzt", "四川省民政厅")),
    "justice": AgencyRow(("cq-sfj", "重庆市司法局"), ("sc-sft", "四川省司法厅")),
    "data": AgencyRow(("cq-dsjj", "重庆市大数据应用发展管理局"), ("sc-dsjzx", "四川省大数据中心")),
}

C = ServiceCategory

# One subject per line: category, agency, name, typical monthly cases per side; then its
# variants, space-separated on the indented lines below it.
SUBJECTS_TABLE = """
household police 户口迁移 1600
    夫妻投靠 父母投靠子女 子女投靠父母 大中专学生毕业 人才引进 购房入户 投资兴业入户
    退役军人入户
household police 居民身份证 2400
    首次申领 换领 补领 临时身份证办理 异地受理
household police 户籍证明 900
    户籍注销证明 亲属关系证明 曾用名证明 户口登记项目变更
household police 居住证 1200
    申领 签注 补领 换领
household police 出入境证件 1800
    普通护照签发 往来港澳通行证签发 往来台湾通行证签发 出入境记录查询
transport police 机动车驾驶证 2600
    补领 换领 期满换证 损毁换证 提交身体条件证明 转入
transport police 机动车 2200
    临时号牌核发 检验合格标志核发 转籍 抵押登记 交通违法处理
transport transport 道路运输从业人员 500
    从业资格证补发 从业资格证换发 从业资格证转籍 诚信考核信息查询
transport transport 道路运输证 450
    换发 补发 年度审验 注销
transport transport 出租汽车驾驶员 300
    从业资格注册 从业资格证补发 继续教育记录查询
social hrss 社会保障卡 7800
    申领 补换 挂失 启用 信息变更
social hrss 养老保险关系转移接续 2600
    企业职工 城乡居民 机关事业单位
social hrss 养老保险待遇 3800
    资格认证 领取地变更 遗属待遇申领 个人权益记录查询
social hrss 失业保险 1500
    关系转移接续 失业保险金申领 技能提升补贴申领 稳岗返还
social hrss 工伤保险 400
    异地就医备案 待遇申领 劳动能力鉴定申请
social hrss 职业资格 700
    技能等级证书查询 专业技术人员职业资格证书查询 职称证书查询
social hrss 就业创业 900
    就业创业证申领 创业担保贷款申请 职业介绍 流动人员人事档案转递
medical medical 医保异地就医备案 21000
    异地长期居住人员 异地安置退休人员 常驻异地工作人员 临时外出就医人员 异地转诊人员
medical medical 医保关系转移接续 2300
    职工医保 城乡居民医保
medical medical 医保 5200
    参保信息查询 参保凭证打印 门诊慢特病待遇认定 异地就医费用手工报销 生育津贴申领
housing fund 住房公积金 3200
    异地转移接续 缴存证明开具 贷款缴存使用证明 提前还清贷款 购房提取 租房提取
    离退休提取
housing fund 公积金异地贷款 600
    缴存证明出具 贷款申请 贷款结清证明
market market 营业执照 2100
    异地办理 变更登记 补领 注销登记 电子营业执照下载
market market 企业登记 1600
    设立登记 变更登记 备案 简易注销 迁移登记
market market 个体工商户 1300
    设立登记 变更登记 注销登记
market market 食品经营许可 600
    新办 变更 延续 注销
market market 工业产品生产许可证 80
    变更 注销 补领
market market 特种设备 220
    使用登记 作业人员证书查询
property land 不动产登记资料查询 1100
    权利人查询 利害关系人查询 无房证明
property land 不动产登记 700
    抵押权登记 预告登记 更正登记 地役权登记
property land 测绘资质 40
    证书变更 证书延续
health health 出生医学证明 650
    首次签发 补发 换发
health health 医师执业注册 320
    首次注册 变更注册 多机构备案 注销注册
health health 护士执业注册 420
    首次注册 变更注册 延续注册
health health 预防接种 800
    接种证补办 接种记录查询 入托入学查验证明
health health 计划生育 500
    生育登记 独生子女父母光荣证补办 奖励扶助资格确认
education education 学籍 650
    转学 信息查询 学历证明
education education 教师资格 380
    认定 证书补发 证书换发
education education 高等教育学历 420
    认证 毕业证书遗失证明
education education 普通话水平测试 260
    等级证书查询 证书补发
tax tax 跨区域涉税事项 1200
    报告 报验管理 信息反馈
tax tax 纳税 2800
    清税证明开具 完税证明开具 纳税信用评价查询 个人所得税汇算清缴
tax tax 发票 2500
    领用 代开 增值税发票查验
civil civil 婚姻登记 600
    档案查询 补领婚姻登记证 婚姻状况证明
civil civil 社会组织 60
    成立登记 变更登记 年检
civil civil 残疾人 350
    两项补贴申领 残疾人证迁移 残疾人证换领
civil civil 老年人 450
    高龄津贴申领 优待证办理
justice justice 律师 120
    执业证书查询 执业机构变更 执业许可
justice justice 公证 300
    学历公证 无犯罪记录公证 亲属关系公证
justice justice 法律援助 180
    申请 异地协作
other data 电子证照 1500
    跨省互认 亮证使用 共享核验
household police 无犯罪记录证明 1300
    个人申请 委托代办 单位核查
household police 户口登记 1000
    出生登记 死亡注销 姓名变更 民族成份变更 出生日期更正 户口簿补领
household police 边境管理区通行证 90
    签发 补发
transport police 机动车驾驶人 1400
    审验教育 满分学习 安全文明驾驶常识考试预约 驾驶证转出
transport transport 船员 120
    适任证书换发 服务簿签发 培训合格证查询
transport transport 道路货物运输 380
    经营许可变更 经营许可注销 车辆年审 超限运输许可
transport transport 机动车维修 140
    经营备案 备案变更 驾驶员培训机构备案
social hrss 社会保险 4200
    参保登记 缴费证明打印 个人账户查询 断缴补缴 参保信息变更
social hrss 企业职工基本养老保险 900
    个人账户一次性待遇申领 丧葬补助金申领 病残津贴申领 领取待遇人员死亡登记
social hrss 劳动用工 260
    劳务派遣经营许可 人力资源服务许可 劳动合同备案 欠薪线索反映
social hrss 技工院校 110
    学籍注册 毕业证书查询 招生备案
social hrss 高校毕业生 600
    就业报到 档案接收 求职创业补贴 见习补贴申领
medical medical 医保 2600
    定点医药机构申请 个人账户家庭共济 新生儿参保登记 灵活就业人员参保
medical medical 异地就医直接结算 12000
    门诊费用 住院费用 门诊慢特病费用 定点药店购药
housing fund 住房公积金 1300
    单位缴存登记 个人账户设立 个人账户封存 个人账户启封 缴存基数调整
housing fund 住房公积金贷款 700
    申请 还款方式变更 逾期查询 商转公
market market 药品经营许可 120
    变更 延续 注销
market market 医疗器械 160
    经营备案 网络销售备案 经营许可变更
market market 商标 240
    注册申请受理 质权登记 变更申请受理
market market 计量 70
    器具型式批准 标准考核证书变更 检定证书查询
market market 农民专业合作社 120
    设立登记 变更登记 注销登记
property land 不动产 600
    登记证明补发 权属证书换发 交易信息查询
property land 建设用地 90
    规划许可查询 土地使用权查询
health health 医疗机构 90
    执业登记 执业许可变更 校验
health health 母婴保健 60
    技术服务执业许可 服务人员资格认定
health health 公共场所卫生许可 150
    新办 变更 延续
health health 职业健康 80
    体检机构备案 诊断机构备案 放射工作人员证办理
education education 义务教育 900
    随迁子女入学 转学申请 适龄儿童入学登记
education education 中等职业学校 230
    学生学籍转接 国家助学金申请 毕业证书查询
education education 学生资助 330
    生源地信用助学贷款 资助信息查询
tax tax 税务登记 900
    跨区域迁移 信息变更 注销
tax tax 社保费 3500
    灵活就业人员缴费 城乡居民缴费 缴费记录查询
tax tax 车辆购置税 700
    完税证明补办 退税申请
civil civil 殡葬 120
    遗体跨省转运 惠民殡葬补贴申领
civil civil 最低生活保障 240
    申请受理 异地核查
civil civil 收养登记 20
    档案查询 收养关系证明
civil civil 退役军人 260
    优待证申领 抚恤关系转移 安置档案转递
justice justice 司法鉴定 40
    执业证查询 机构变更登记
justice justice 人民调解 160
    跨区域矛盾纠纷调解申请 调解协议司法确认引导
justice justice 基层法律服务工作者 30
    执业核准 执业证查询
other data 电子社保卡 2800
    签发 跨省亮证
other data 政务服务 2000
    异地办事预约 办件进度查询 好差评
other market 知识产权 120
    专利费用减缴备案 专利权质押登记 地理标志产品查询
other transport 公交出行 5000
    天府通与渝畅行互认 交通一卡通互通办理
household police 港澳台居民居住证 60
    申领 换领 补领
household police 外国人 110
    住宿登记 停留证件签发 工作类居留许可
transport police 校车 40
    驾驶资格申请 标牌核发
transport transport 网络预约出租汽车 420
    驾驶员证核发 运输证核发 平台经营许可备案
social hrss 专业技术人员 350
    继续教育学时查询 职称评审申报 证书补办
social hrss 失业登记 800
    办理 注销 就业困难人员认定
medical medical 医疗救助 700
    申请 一站式结算 异地救助备案
medical medical 长期护理保险 200
    待遇申请 失能评估申请
housing fund 灵活就业人员公积金 400
    缴存登记 缴存变更 提取
market market 广告 50
    发布登记 变更登记
market market 企业年报 1800
    公示 补报 信用修复申请
property land 地质灾害 30
    防治单位资质变更 危险性评估备案
health health 健康证明 1200
    从业人员健康证明查询 异地互认
health health 检验检查结果 3000
    跨省互认查询 影像资料调阅
education education 考试 700
    成绩证明 证书补办 报名资格审核
tax tax 个人所得税 4200
    专项附加扣除信息采集 纳税记录开具 年度汇算退税
civil civil 慈善组织 15
    认定 公开募捐资格审核
justice justice 仲裁 60
    立案申请 调解书查询
other data 川渝一码通 3500
    健康档案 交通出行 文旅服务
"""


def _subjects(table: str) -> list[Subject]:
    subjects: list[Subject] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            last = subjects[-1]
            subjects[-1] = last._replace(variants=last.variants + tuple(line.split()))
        else:
            category, agency, name, monthly = line.split()
            subjects.append(Subject(ServiceCategory(category), agency, name, int(monthly), ()))
    return subjects


SUBJECTS = _subjects(SUBJECTS_TABLE)

MODE_BIAS: dict[str, tuple[float, float]] = {
    C.HOUSEHOLD: (0.25, 0.5),
    C.TRANSPORT: (0.5, 0.35),
    C.PROPERTY: (0.35, 0.4),
    C.CIVIL: (0.35, 0.45),
    C.JUSTICE: (0.4, 0.4),
}  # (share 全程网办, share 异地代收代办); the rest is 多地联办; default below
DEFAULT_BIAS = (0.65, 0.25)
SIDE_FACTOR = {"cq": 0.9, "sc": 1.15}
SEASON = [1.1, 0.78, 1.08, 1.0, 1.0, 0.98, 1.04, 1.06, 1.0, 0.9, 1.02, 1.05]


def build_demo(office: User) -> dict[str, int]:
    """Write the four demo batches, their items, departments and case volumes, once."""
    if ServiceBatch.objects.filter(is_demo=True).exists():
        return _counts()
    with transaction.atomic():
        parties = {p.code: p for p in Party.objects.filter(code__in=["cq", "sc"])}
        units = _units(parties)
        rng = random.Random(2020)
        names = _names(rng)
        items = _items(office, names, rng)
        _departments(items, names, units, parties)
        _volumes(items, names, parties, rng)
    return _counts()


def _counts() -> dict[str, int]:
    demo = ServiceItem.objects.filter(is_demo=True)
    return {
        "service batches": ServiceBatch.objects.filter(is_demo=True).count(),
        "service items": demo.count(),
        "service departments": ServiceDepartment.objects.filter(item__in=demo).count(),
        "service case volumes": CaseVolume.objects.filter(item__in=demo).count(),
    }


def _units(parties: dict[str, Party]) -> dict[tuple[str, str], Unit]:
    """The department of each agency on each side: the existing unit, or a demo one."""
    out: dict[tuple[str, str], Unit] = {}
    for key, row in AGENCIES.items():
        for side, (code, name) in (("cq", row.cq), ("sc", row.sc)):
            if side in parties:
                out[(key, side)] = _unit(parties[side], code, name)
    return out


def _unit(party: Party, code: str, name: str) -> Unit:
    found = Unit.objects.filter(code=code).first() or Unit.objects.filter(name=name).first()
    if found is not None:
        return found
    return Unit.objects.get_or_create(
        code=f"svc-{code}",
        defaults={"name": name, "kind": UnitKind.DEPARTMENT, "party": party, "is_demo": True},
    )[0]


def _names(rng: random.Random) -> list[tuple[Subject, str]]:
    """355 distinct (subject, item name) pairs in a shuffled but fixed order."""
    pairs = [(s, f"{s.name}（{v}）") for s in SUBJECTS for v in s.variants]
    rng.shuffle(pairs)
    size = sum(b.size for b in BATCHES)
    if len(pairs) < size:
        raise ValueError(f"only {len(pairs)} demo service names for {size} items")
    return pairs[:size]


def _mode(category: str, rng: random.Random) -> str:
    online, proxy = MODE_BIAS.get(category, DEFAULT_BIAS)
    draw = rng.random()
    if draw < online:
        return ServiceMode.ONLINE
    return ServiceMode.PROXY if draw < online + proxy else ServiceMode.JOINT


def _items(office: User, names: list[tuple[Subject, str]], rng: random.Random) -> list:
    items: list[ServiceItem] = []
    for row in BATCHES:
        batch = ServiceBatch.objects.create(
            number=row.number,
            doc_number=row.doc_number,
            date=row.date,
            title=f"川渝通办事项清单（第{numeral(row.number)}批）",
            is_demo=True,
        )
        record("service_batch.create", actor=office, target=batch, after=snapshot(batch))
        for n in range(1, row.size + 1):
            subject, name = names[len(items)]
            launch = row.date + dt.timedelta(days=rng.randint(10, 90))
            items.append(
                ServiceItem(
                    batch=batch,
                    code=f"TB{row.number}-{n:03d}",
                    name=name,
                    category=subject.category,
                    mode=_mode(subject.category, rng),
                    launch_date=launch,
                    is_demo=True,
                )
            )
    return ServiceItem.objects.bulk_create(items)


def _departments(items: list, names: list, units: dict, parties: dict[str, Party]) -> None:
    ServiceDepartment.objects.bulk_create(
        ServiceDepartment(item=item, party=party, unit=units[(subject.agency, side)])
        for item, (subject, _name) in zip(items, names, strict=True)
        for side, party in parties.items()
    )


def _months(start: dt.date) -> list[tuple[int, int]]:
    """Complete months from FIRST_MONTH (or the launch) to the month before today."""
    today = clock.today()
    year, month = max(FIRST_MONTH, (start.year, start.month))
    out = []
    while (year, month) < (today.year, today.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _volumes(items: list, names: list, parties: dict[str, Party], rng: random.Random) -> None:
    rows = []
    for item, (subject, _name) in zip(items, names, strict=True):
        scale = subject.monthly * rng.uniform(0.3, 1.6)
        for index, (year, month) in enumerate(_months(item.launch_date)):
            growth = 1 + 0.012 * index
            for side, party in parties.items():
                factor = SIDE_FACTOR.get(side, 1.0) * SEASON[month - 1] * growth
                cases = round(scale * factor * rng.uniform(0.85, 1.15))
                rows.append(CaseVolume(item=item, party=party, year=year, month=month, cases=cases))
    CaseVolume.objects.bulk_create(rows, batch_size=2000)
