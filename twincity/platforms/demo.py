"""Demo platforms and agreements: the ten border-area platforms and some agreements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from twincity.accounts.models import Party, Unit, UnitKind, User
from twincity.audit.log import record, snapshot
from twincity.commitments.models import Item
from twincity.platforms.models import Agreement, Platform, PlatformFigure, PlatformKind


class PlaceRow(NamedTuple):
    code: str  # used only when the unit has to be created
    name: str
    short_name: str
    party: str
    kind: str = UnitKind.DISTRICT


class PlatformRow(NamedTuple):
    name: str
    short_name: str
    kind: str
    approved: dt.date | None
    members: tuple[str, ...]  # short names of places (see PLACES)
    description: str
    figures: tuple[tuple[str, str, str, int], ...]


class AgreementRow(NamedTuple):
    title: str
    date: dt.date
    area: str
    units: tuple[str, ...]  # unit codes of the main demo (skipped when absent)
    public: bool = False


# fmt: off
PLACES = [
    PlaceRow("plt-guangan", "四川省广安市", "广安市", "sc", UnitKind.CITY),
    PlaceRow("plt-dazhou", "四川省达州市", "达州市", "sc", UnitKind.CITY),
    PlaceRow("plt-suining", "四川省遂宁市", "遂宁市", "sc", UnitKind.CITY),
    PlaceRow("plt-luzhou", "四川省泸州市", "泸州市", "sc", UnitKind.CITY),
    PlaceRow("plt-neijiang", "四川省内江市", "内江市", "sc", UnitKind.CITY),
    PlaceRow("plt-ziyang", "四川省资阳市", "资阳市", "sc", UnitKind.CITY),
    PlaceRow("plt-yibin", "四川省宜宾市", "宜宾市", "sc", UnitKind.CITY),
    PlaceRow("plt-zigong", "四川省自贡市", "自贡市", "sc", UnitKind.CITY),
    PlaceRow("plt-xuanhan", "四川省达州市宣汉县", "宣汉县", "sc"),
    PlaceRow("plt-wanyuan", "四川省万源市", "万源市", "sc"),
    PlaceRow("plt-dachuan", "四川省达州市达川区", "达川区", "sc"),
    PlaceRow("plt-dazhu", "四川省达州市大竹县", "大竹县", "sc"),
    PlaceRow("plt-linshui", "四川省广安市邻水县", "邻水县", "sc"),
    PlaceRow("plt-wanzhou", "重庆市万州区", "万州区", "cq"),
    PlaceRow("plt-kaizhou", "重庆市开州区", "开州区", "cq"),
    PlaceRow("plt-yubei", "重庆市渝北区", "渝北区", "cq"),
    PlaceRow("plt-yongchuan", "重庆市永川区", "永川区", "cq"),
    PlaceRow("plt-jiangjin", "重庆市江津区", "江津区", "cq"),
    PlaceRow("plt-rongchang", "重庆市荣昌区", "荣昌区", "cq"),
    PlaceRow("plt-tongnan", "重庆市潼南区", "潼南区", "cq"),
    PlaceRow("plt-dazu", "重庆市大足区", "大足区", "cq"),
    PlaceRow("plt-hechuan", "重庆市合川区", "合川区", "cq"),
    PlaceRow("plt-changshou", "重庆市长寿区", "长寿区", "cq"),
    PlaceRow("plt-chengkou", "重庆市城口县", "城口县", "cq"),
    PlaceRow("plt-liangping", "重庆市梁平区", "梁平区", "cq"),
    PlaceRow("plt-dianjiang", "重庆市垫江县", "垫江县", "cq"),
]

PLATFORMS = [
    PlatformRow("川渝高竹新区", "高竹新区", PlatformKind.NEW_AREA, dt.date(2020, 12, 29),
                ("广安市", "渝北区", "邻水县"),
                "川渝两省市共同批准设立的跨省域省级新区，探索经济区与行政区适度分离改革。",
                (("地区生产总值", "260", "亿元", 2024), ("入驻企业", "320", "家", 2024),
                 ("新签约项目", "58", "个", 2024))),
    PlatformRow("万达开川渝统筹发展示范区", "万达开", PlatformKind.DEMONSTRATION,
                dt.date(2022, 2, 8), ("万州区", "开州区", "达州市"),
                "统筹万州、达州、开州三地发展，共建川渝东北一体化发展先行区。",
                (("地区生产总值", "4790", "亿元", 2024), ("常住人口", "880", "万人", 2024))),
    PlatformRow("川南渝西融合发展试验区", "川南渝西", PlatformKind.EXPERIMENT,
                dt.date(2022, 7, 1),
                ("泸州市", "内江市", "宜宾市", "自贡市", "永川区", "江津区", "荣昌区", "大足区"),
                "川南四市与渝西地区产业协作、交通互联和公共服务共享的融合发展试验区。",
                (("地区生产总值", "1.36", "万亿元", 2024), ("跨区域合作项目", "126", "个", 2024))),
    PlatformRow("遂潼川渝毗邻地区一体化发展先行区", "遂潼", PlatformKind.PILOT,
                dt.date(2021, 4, 8), ("遂宁市", "潼南区"),
                "遂宁、潼南两地共建一体化发展先行区，推进交通、产业和公共服务同城化。",
                (("地区生产总值", "2300", "亿元", 2024), ("通办事项", "210", "项", 2024),
                 ("共建项目完成投资", "185.6", "亿元", 2024))),
    PlatformRow("泸永江融合发展示范区", "泸永江", PlatformKind.DEMONSTRATION,
                dt.date(2021, 11, 18), ("泸州市", "永川区", "江津区"),
                "泸州、永川、江津三地共建融合发展示范区，共同打造长江上游港口物流合作平台。",
                (("地区生产总值", "5200", "亿元", 2024), ("集装箱吞吐量", "103", "万标箱", 2024))),
    PlatformRow("资大文旅融合发展示范区", "资大", PlatformKind.DEMONSTRATION,
                dt.date(2021, 12, 10), ("资阳市", "大足区"),
                "以石刻文化为纽带，资阳、大足共建文旅融合发展示范区。",
                (("接待游客", "4100", "万人次", 2024), ("旅游综合收入", "420", "亿元", 2024))),
    PlatformRow("内荣现代农业高新技术产业示范区", "内荣", PlatformKind.DEMONSTRATION,
                dt.date(2021, 12, 20), ("内江市", "荣昌区"),
                "内江、荣昌共建现代农业高新技术产业示范区，聚焦生猪全产业链和农业科技。",
                (("农业总产值", "560", "亿元", 2024), ("共建农业园区", "12", "个", 2024))),
    PlatformRow("城宣万革命老区振兴发展示范区", "城宣万", PlatformKind.DEMONSTRATION,
                dt.date(2022, 9, 15), ("城口县", "宣汉县", "万源市"),
                "城口、宣汉、万源三地携手推动革命老区振兴发展。",
                (("地区生产总值", "960", "亿元", 2024),)),
    PlatformRow("明月山绿色发展示范带", "明月山", PlatformKind.OTHER, dt.date(2022, 3, 30),
                ("梁平区", "垫江县", "达川区", "大竹县", "邻水县"),
                "沿明月山毗邻区县共建绿色发展示范带，协同推进生态保护和绿色产业。",
                (("森林覆盖率", "52.3", "%", 2024), ("地区生产总值", "2100", "亿元", 2024))),
    PlatformRow("合广长协同发展示范区", "合广长", PlatformKind.DEMONSTRATION, None,
                ("合川区", "广安市", "长寿区"),
                "合川、广安、长寿三地协同发展，共建产业合作和交通互联示范区（方案待批复）。",
                (("地区生产总值", "3400", "亿元", 2024),)),
]

AGREEMENTS = [
    AgreementRow("川渝两地交通运输合作框架协议", dt.date(2020, 4, 28), "基础设施",
                 ("cq-jtw", "sc-jtt"), True),
    AgreementRow("川渝两地深化产业协作合作协议", dt.date(2020, 5, 11), "产业发展",
                 ("cq-jxw", "sc-jxt")),
    AgreementRow("川渝两地科技创新合作协议", dt.date(2020, 5, 20), "科技创新",
                 ("cq-kjj", "sc-kjt"), True),
    AgreementRow("川渝两地生态环境保护合作协议", dt.date(2020, 6, 5), "生态环境",
                 ("cq-sthjj", "sc-sthjt")),
    AgreementRow("川渝两地人力资源和社会保障合作协议", dt.date(2020, 7, 16), "公共服务",
                 ("cq-rsj", "sc-rst"), True),
    AgreementRow("川渝自由贸易试验区协同开放合作协议", dt.date(2020, 9, 3), "对外开放",
                 ("cq-sww", "sc-swt")),
    AgreementRow("川渝两地医疗保障一体化合作协议", dt.date(2020, 11, 12), "公共服务",
                 ("cq-wjw", "sc-wjw")),
    AgreementRow("川渝两地市场监管一体化合作协议", dt.date(2021, 3, 9), "改革开放",
                 ("cq-scjgj", "sc-scjgj")),
    AgreementRow("川渝两地教育协同发展合作协议", dt.date(2021, 4, 22), "公共服务",
                 ("cq-jw", "sc-jyt"), True),
    AgreementRow("川渝两地数字经济合作协议", dt.date(2021, 6, 18), "产业发展",
                 ("cq-dsjj", "sc-dsjzx")),
    AgreementRow("川渝两地能源保障合作协议", dt.date(2021, 8, 26), "基础设施",
                 ("cq-nyj", "sc-nyj")),
    AgreementRow("川渝两地文化和旅游协同发展合作协议", dt.date(2021, 10, 14), "公共服务",
                 ("cq-wlw", "sc-whlyt"), True),
    AgreementRow("川渝两地农业农村合作协议", dt.date(2022, 3, 17), "城乡融合",
                 ("cq-nyncw", "sc-nynct")),
    AgreementRow("川渝两地住房公积金一体化合作协议", dt.date(2022, 4, 28), "公共服务",
                 ("cq-zfcxw", "sc-zjt")),
    AgreementRow("川渝两地规划编制协同合作协议", dt.date(2022, 6, 9), "规划政策协同",
                 ("cq-ghzyj", "sc-zrzyt")),
    AgreementRow("川渝两地金融协同发展合作协议", dt.date(2022, 8, 25), "改革开放",
                 ("cq-jrj", "sc-jrj")),
    AgreementRow("川渝两地公安机关警务协作协议", dt.date(2022, 11, 3), "社会治理",
                 ("cq-gaj", "sc-gat")),
    AgreementRow("川渝两地共建西部陆海新通道合作协议", dt.date(2023, 2, 16), "对外开放",
                 ("cq-sww", "sc-swt", "cq-jtw", "sc-jtt"), True),
    AgreementRow("川渝两地汽车产业协同发展合作协议", dt.date(2023, 4, 20), "产业发展",
                 ("cq-jxw", "sc-jxt", "cq-yongchuan")),
    AgreementRow("川渝两地长江上游生态屏障共建协议", dt.date(2023, 6, 26), "生态环境",
                 ("cq-sthjj", "sc-sthjt")),
    AgreementRow("川渝两地科技资源共享合作协议", dt.date(2023, 9, 7), "科技创新",
                 ("cq-kjj", "sc-kjt", "cq-bishan")),
    AgreementRow("川渝两地政务服务“川渝通办”深化合作协议", dt.date(2023, 12, 28), "改革开放",
                 ("cq-dsjj", "sc-dsjzx"), True),
    AgreementRow("川渝两地财政协同支持双城经济圈建设合作协议", dt.date(2024, 3, 14),
                 "规划政策协同", ("cq-czj", "sc-czt")),
    AgreementRow("川渝两地中欧班列协同发展合作协议", dt.date(2024, 5, 23), "对外开放",
                 ("cq-sww", "sc-swt")),
    AgreementRow("川渝两地卫生健康协同发展合作协议", dt.date(2024, 6, 21), "公共服务",
                 ("cq-wjw", "sc-wjw"), True),
    AgreementRow("川渝两地电子信息产业协同合作协议", dt.date(2024, 9, 12), "产业发展",
                 ("cq-jxw", "sc-jxt")),
    AgreementRow("川渝两地公共服务共建共享合作协议", dt.date(2024, 12, 30), "公共服务",
                 ("cq-fgw", "sc-fgw"), True),
    AgreementRow("川渝两地综合交通枢纽共建合作协议", dt.date(2025, 3, 20), "基础设施",
                 ("cq-jtw", "sc-jtt")),
    AgreementRow("川渝两地集成式改革协同推进协议", dt.date(2025, 6, 12), "改革开放",
                 ("cq-fgw", "sc-fgw")),
    AgreementRow("川渝两地新质生产力协同培育合作协议", dt.date(2025, 11, 6), "科技创新",
                 ("cq-kjj", "sc-kjt")),
    AgreementRow("川渝两地低空经济协同发展合作协议", dt.date(2026, 1, 15), "产业发展",
                 ("cq-jxw", "sc-jxt")),
]
# fmt: on


def build_demo(office: User) -> dict[str, int]:
    """Load the demo platforms and agreements once; return what was created."""
    if Platform.objects.filter(is_demo=True).exists():
        return {"platforms": 0, "platform figures": 0, "agreements": 0, "units": 0}
    parties = {p.code: p for p in Party.objects.all()}
    places, created = _places(office, parties)
    platforms = [_platform(office, row, places) for row in PLATFORMS]
    agreements = [_agreement(office, i, row, parties) for i, row in enumerate(AGREEMENTS)]
    return {
        "platforms": len(platforms),
        "platform figures": PlatformFigure.objects.filter(platform__in=platforms).count(),
        "agreements": len(agreements),
        "units": created,
    }


def _places(office: User, parties: dict[str, Party]) -> tuple[dict[str, Unit], int]:
    """The cities and districts by short name: existing units, or new demo units."""
    names = [row.name for row in PLACES] + [row.short_name for row in PLACES]
    existing = list(Unit.objects.filter(name__in=names)) + list(
        Unit.objects.filter(short_name__in=names)
    )
    found = {u.name: u for u in existing} | {u.short_name: u for u in existing if u.short_name}
    places, created = {}, 0
    for row in PLACES:
        unit = found.get(row.name) or found.get(row.short_name)
        if unit is None:
            unit = Unit.objects.create(
                code=row.code,
                name=row.name,
                short_name=row.short_name,
                kind=row.kind,
                party=parties.get(row.party),
                is_demo=True,
            )
            record("accounts.unit_create", actor=office, target=unit, after=snapshot(unit))
            created += 1
        places[row.short_name] = unit
    return places, created


def _platform(office: User, row: PlatformRow, places: dict[str, Unit]) -> Platform:
    platform = Platform.objects.create(
        name=row.name,
        short_name=row.short_name,
        kind=row.kind,
        plan_approved=row.approved,
        description=row.description,
        unit=Unit.objects.filter(name=row.name, kind=UnitKind.PLATFORM).first(),
        is_demo=True,
    )
    platform.members.set([places[name] for name in row.members])
    PlatformFigure.objects.bulk_create(
        PlatformFigure(platform=platform, label=label, value=Decimal(value), unit=unit, year=year)
        for label, value, unit, year in row.figures
    )
    after = snapshot(platform) | {"figures": [list(f) for f in row.figures]}
    record("platform.create", actor=office, target=platform, after=after)
    return platform


def _agreement(office: User, i: int, row: AgreementRow, parties: dict[str, Party]) -> Agreement:
    agreement = Agreement.objects.create(
        title=row.title,
        date=row.date,
        area=row.area,
        doc_number=f"川渝合作〔{row.date.year}〕{i + 1}号",
        summary=f"（演示）围绕{row.area}领域，签署单位明确合作事项、分工和推进机制。",
        is_public=row.public,
        is_demo=True,
        created_by=office,
    )
    agreement.parties.set([p for code, p in parties.items() if code in ("cq", "sc")])
    agreement.signatory_units.set(Unit.objects.filter(code__in=row.units))
    if i % 3 != 2:  # two agreements in three implement items of their area
        agreement.items.set(Item.objects.filter(area=row.area).order_by("code")[: 1 + i % 2])
    record("agreement.create", actor=office, target=agreement, after=snapshot(agreement))
    return agreement
