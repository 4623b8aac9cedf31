"""Demo data: the 2025 list of 320 joint key projects and this year's list with its reports.

The 2025 list reproduces the published totals: 320 projects, year plan 4404.00亿元, full
year completed 5332.42亿元 = 121.08%. Everything else (names, owners, monthly curves, the
current year's list, its mid-year adjustment, late projects and support requests) is
invented, marked is_demo, and generated from a fixed seed so the demo is the same each time.
Amounts are handled in integer hundredths of 亿元 so that the totals are exact.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from twincity.accounts.models import Unit, User
from twincity.audit.log import record
from twincity.lib import clock
from twincity.meetings.models import Meeting
from twincity.projects import versions
from twincity.projects.figures import default_month
from twincity.projects.models import (
    MonthlyReport,
    Project,
    ProjectArea,
    ProjectList,
    ProjectNode,
    ReportStatus,
    Stage,
    SupportKind,
    SupportRequest,
)

# Published facts of the 2025 list (see the brief, §5): 4404.00 × 121.08% ≈ 5332.42.
PLAN_2025 = 440_400  # hundredths of 亿元
DONE_2025 = 533_242
COUNT_2025 = 320
# The current year's list is demo data only.
PLAN_CURRENT = 465_000
COUNT_CURRENT = 330

# (area, number of projects, (cq unit, sc unit), name patterns; {a} {b} are places)
AREAS: list[tuple[str, int, tuple[str, str], list[str]]] = [
    (
        "现代基础设施",
        120,
        ("cq-jtw", "sc-jtt"),
        [
            "成渝中线高铁{a}段",
            "渝西高铁{a}段",
            "成达万高铁{a}段",
            "{a}至{b}高速公路",
            "{a}至{b}城际铁路",
            "{a}港区多用途码头",
            "{a}枢纽互通立交",
            "{a}至{b}天然气管道",
            "川渝特高压交流{a}段",
            "{a}水资源配置工程",
            "{a}综合客运枢纽",
            "{a}机场改扩建",
        ],
    ),
    (
        "现代产业",
        90,
        ("cq-jxw", "sc-jxt"),
        [
            "川渝千亿级天然气基地{a}区块",
            "{a}新能源汽车零部件产业园",
            "{a}电子信息产业园",
            "{a}先进材料基地",
            "{a}装备制造产业园",
            "{a}页岩气开发",
            "{a}锂电池材料项目",
            "{a}智能终端生产基地",
            "{a}绿色化工园区",
            "{a}储能电池项目",
        ],
    ),
    (
        "科技创新",
        30,
        ("cq-kjj", "sc-kjt"),
        [
            "西部科学城{a}园区",
            "{a}国家重点实验室",
            "{a}中试基地",
            "{a}科技成果转化中心",
            "{a}大科学装置配套",
        ],
    ),
    (
        "文化旅游",
        20,
        ("cq-wlw", "sc-whlyt"),
        [
            "巴蜀文化旅游走廊{a}段",
            "{a}石刻文化公园",
            "{a}古镇保护利用",
            "{a}国家级旅游度假区",
        ],
    ),
    (
        "生态屏障",
        25,
        ("cq-sthjj", "sc-sthjt"),
        [
            "{a}长江干流生态修复",
            "{a}流域水环境综合治理",
            "{a}国土绿化",
            "{a}污水处理厂扩建",
            "{a}矿山生态修复",
        ],
    ),
    (
        "对外开放",
        15,
        ("cq-sww", "sc-swt"),
        [
            "西部陆海新通道{a}物流园",
            "{a}综合保税区",
            "中欧班列（成渝）{a}集结中心",
            "{a}国际物流枢纽",
        ],
    ),
    (
        "公共服务",
        20,
        ("cq-wjw", "sc-wjw"),
        [
            "{a}区域医疗中心",
            "{a}职业教育园区",
            "{a}养老服务中心",
            "{a}保障性住房",
        ],
    ),
]

PLACES = {
    "cq": ["永川", "璧山", "万州", "江津", "合川", "荣昌", "潼南", "大足", "綦江", "铜梁"],
    "sc": ["成都", "绵阳", "遂宁", "广安", "达州", "泸州", "内江", "资阳", "南充", "宜宾"],
}
LOCATION_UNITS = {
    "cq": ["cq-yongchuan", "cq-bishan", "cq-wanzhou", "cq-jiangjin", "cq-hechuan",
           "cq-rongchang", "cq-tongnan", "cq-dazu"],
    "sc": ["sc-chengdu", "sc-mianyang", "sc-suining", "sc-guangan", "sc-dazhou", "sc-luzhou",
           "sc-neijiang", "sc-ziyang"],
}  # fmt: skip
SUPPORT_UNITS = {
    SupportKind.LAND: ("cq-ghzyj", "sc-zrzyt"),
    SupportKind.ENERGY: ("cq-nyj", "sc-nyj"),
    SupportKind.FUNDS: ("cq-czj", "sc-czt"),
    SupportKind.APPROVAL: ("cq-fgw", "sc-fgw"),
}
SUPPORT_TEXTS = {
    SupportKind.LAND: "项目二期建设用地指标尚未落实，请协调解决新增建设用地计划。",
    SupportKind.ENERGY: "施工高峰期用电负荷不足，请协调保障临时用电接入。",
    SupportKind.FUNDS: "地方专项债券额度不足，请协调争取超长期特别国债支持。",
    SupportKind.APPROVAL: "环评批复进度滞后，请协调加快办理。",
}
OWNERS = ["{a}城市建设投资集团", "{a}交通投资集团", "{a}产业投资集团", "{a}高新区管委会"]
CENT = Decimal("0.01")


def _money(hundredths: int) -> Decimal:
    return Decimal(hundredths) * CENT


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split an integer total in proportion to weights, exactly (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def cumulative(final: int, month: int, power: float) -> int:
    """The 1—N月 cumulative figure on a smooth curve ending at final in December."""
    share = Decimal(repr((month / 12) ** power))
    return int((Decimal(final) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Spec:
    """One generated project before it is written."""

    code: str
    name: str
    area: str
    side: str  # "cq", "sc" or "" for both
    units: tuple[str, str]
    places: list[str]
    weight: float
    stage: str
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    ratio: float = 1.0
    power: float = 1.0


class Builder:
    """Writes the demo lists; one instance per build."""

    def __init__(self, office: User, seed: int = 2025) -> None:
        self.office = office
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in Unit.objects.all()}
        self.areas = {a.name: a for a in self._areas()}
        self.counts = {
            "project_lists": 0,
            "projects": 0,
            "monthly_reports": 0,
            "support_requests": 0,
        }

    def _areas(self) -> list[ProjectArea]:
        return [
            ProjectArea.objects.get_or_create(name=name, defaults={"order": i})[0]
            for i, (name, *_rest) in enumerate(AREAS, start=1)
        ]

    def unit(self, code: str) -> Unit | None:
        """The demo organisation's unit, or a unit of the same side when it is absent."""
        if code in self.units:
            return self.units[code]
        side = code.split("-")[0]
        return self.units.get(f"{side}-fgw") or next(iter(self.units.values()), None)

    # --- specs ---------------------------------------------------------------------------------

    def specs(self, year: int, count: int) -> list[Spec]:
        out: list[Spec] = []
        seen: set[str] = set()
        scale = count / COUNT_2025
        for area, n, units, patterns in AREAS:
            for _ in range(max(1, round(n * scale))):
                out.append(self.spec(year, len(out) + 1, area, units, patterns, seen))
        return out[:count] if len(out) >= count else out

    def spec(
        self,
        year: int,
        n: int,
        area: str,
        units: tuple[str, str],
        patterns: list[str],
        seen: set[str],
    ) -> Spec:
        rng = self.rng
        side = rng.choices(["cq", "sc", ""], weights=[4, 4, 2])[0]
        pool = PLACES[side] if side else PLACES["cq"] + PLACES["sc"]
        a, b = rng.sample(pool, 2)
        base = name = rng.choice(patterns).format(a=a, b=b)
        phases = iter(["（二期）", "（三期）", "（四期）", "（五期）", "（六期）"])
        while name in seen:
            name = base + next(phases, f"（{len(seen)}）")
        seen.add(name)
        stage = rng.choices(
            [Stage.CONTINUING, Stage.NEW, Stage.COMPLETED, Stage.PREPARATION],
            weights=[62, 20, 12, 6],
        )[0]
        spec = Spec(
            f"{year}-{n:03d}", name, area, side, units, [a, b], rng.lognormvariate(0, 0.9), stage
        )
        if stage == Stage.NEW:
            spec.planned_start = dt.date(year, rng.randint(2, 9), rng.randint(1, 28))
            spec.actual_start = spec.planned_start + dt.timedelta(rng.randint(-10, 20))
        spec.ratio, spec.power = rng.uniform(0.9, 1.55), rng.uniform(0.8, 1.3)
        return spec

    # --- writing -------------------------------------------------------------------------------

    def make_list(self, year: int, name: str, meeting: Meeting | None) -> ProjectList:
        plist = ProjectList.objects.create(
            year=year, name=name, source_meeting=meeting, is_demo=True
        )
        record(
            "projects.list_create",
            actor=self.office,
            target=plist,
            after={"year": year, "name": name, "demo": True},
        )
        self.counts["project_lists"] += 1
        return plist

    def write_projects(
        self, plist: ProjectList, specs: list[Spec], plan_total: int
    ) -> list[Project]:
        planned = allocate(plan_total, [s.weight for s in specs])
        rows = [
            self.project(plist, spec, amount) for spec, amount in zip(specs, planned, strict=True)
        ]
        projects = Project.objects.bulk_create(rows)
        self.link_units(projects, specs)
        self.counts["projects"] += len(projects)
        return projects

    def project(self, plist: ProjectList, spec: Spec, planned: int) -> Project:
        rng = self.rng
        start = spec.planned_start.year if spec.planned_start else plist.year - rng.randint(1, 4)
        end_year = plist.year if spec.stage == Stage.COMPLETED else plist.year + rng.randint(1, 5)
        owner = rng.choice(OWNERS).format(a=spec.places[0])
        return Project(
            list=plist,
            code=spec.code,
            name=spec.name,
            area=self.areas[spec.area],
            party=None,  # set below, parties are looked up once
            owner=owner,
            total_investment=_money(planned * rng.randint(3, 12)),
            start_year=start,
            end_year=end_year,
            stage=spec.stage,
            planned_start=spec.planned_start,
            actual_start=spec.actual_start,
            year_planned=_money(planned),
            is_demo=True,
        )

    def link_units(self, projects: list[Project], specs: list[Spec]) -> None:
        parties = {u.party.code: u.party for u in self.units.values() if u.party is not None}
        responsible, located = [], []
        r_through = Project.responsible_units.through
        l_through = Project.locations.through
        for project, spec in zip(projects, specs, strict=True):
            project.party = parties.get(spec.side) if spec.side else None
            sides = [spec.side] if spec.side else ["cq", "sc"]
            chosen = {self.unit(spec.units[0 if s == "cq" else 1]) for s in sides}
            if self.rng.random() < 0.3:
                chosen |= {self.unit(f"{s}-fgw") for s in sides}
            responsible += [r_through(project_id=project.pk, unit_id=u.pk) for u in chosen if u]
            places = {self.unit(self.rng.choice(LOCATION_UNITS[s])) for s in sides}
            located += [l_through(project_id=project.pk, unit_id=u.pk) for u in places if u]
        Project.objects.bulk_update(projects, ["party"])
        r_through.objects.bulk_create(responsible, ignore_conflicts=True)
        l_through.objects.bulk_create(located, ignore_conflicts=True)

    def write_nodes(self, projects: list[Project]) -> None:
        nodes = []
        for p in projects:
            year = p.list.year
            nodes.append(ProjectNode(project=p, title="完成年度投资过半", due=dt.date(year, 6, 30)))
            nodes.append(
                ProjectNode(project=p, title="完成年度投资计划", due=dt.date(year, 12, 31))
            )
        ProjectNode.objects.bulk_create(nodes)

    def reports(
        self, projects: list[Project], specs: list[Spec], finals: list[int], months: range
    ) -> list[MonthlyReport]:
        now = clock.now()
        rows = []
        for project, spec, final in zip(projects, specs, finals, strict=True):
            for m in months:
                amount = final if m == 12 else cumulative(final, m, spec.power)
                rows.append(
                    MonthlyReport(
                        project=project,
                        year=project.list.year,
                        month=m,
                        cumulative_completed=_money(amount),
                        progress=f"1—{m}月累计完成投资{_money(amount)}亿元，按计划推进。",
                        status=ReportStatus.ACCEPTED,
                        submitted_at=now,
                        accepted_by=self.office,
                        accepted_at=now,
                    )
                )
        return rows

    def save_reports(self, rows: list[MonthlyReport]) -> list[MonthlyReport]:
        saved = MonthlyReport.objects.bulk_create(rows, batch_size=1000)
        self.counts["monthly_reports"] += len(saved)
        return saved


def _meeting(series: str, number: int) -> Meeting | None:
    return Meeting.objects.filter(series__code=series, number=number).first()


def build_2025(b: Builder) -> ProjectList:
    plist = b.make_list(2025, "2025年共建成渝地区双城经济圈重大项目名单", _meeting("joint", 10))
    specs = b.specs(2025, COUNT_2025)
    for s in specs:  # every planned new start of a finished year did start
        if s.stage == Stage.PREPARATION:
            s.ratio = 0.6
    projects = b.write_projects(plist, specs, PLAN_2025)
    planned = [int(p.year_planned / CENT) for p in projects]
    finals = allocate(DONE_2025, [p * s.ratio for p, s in zip(planned, specs, strict=True)])
    b.save_reports(b.reports(projects, specs, finals, range(1, 13)))
    b.write_nodes(projects)
    versions.snapshot_version(b.office, plist, "联席会议审定名单", plist.source_meeting)
    return plist


def build_current(b: Builder, year: int) -> ProjectList:
    """This year's list: reports through last month, late and red projects, an adjustment."""
    plist = b.make_list(year, f"{year}年共建成渝地区双城经济圈重大项目名单", _meeting("joint", 12))
    specs = b.specs(year, COUNT_CURRENT)
    month = default_month(year, clock.today())
    new_starts = [
        s
        for s in specs
        if s.stage == Stage.NEW and s.planned_start and s.planned_start.month <= month
    ]
    for s in new_starts[:4]:  # planned starts that have passed without a start: red
        s.actual_start, s.ratio = None, 0.0
    for s in b.rng.sample(specs, 25):  # well behind 时序进度: red
        s.ratio = min(s.ratio, b.rng.uniform(0.3, 0.6))
    projects = b.write_projects(plist, specs, PLAN_CURRENT)
    planned = [int(p.year_planned / CENT) for p in projects]
    finals = [int(p * s.ratio) for p, s in zip(planned, specs, strict=True)]
    rows = b.reports(projects, specs, finals, range(1, month + 1))
    rows = latest_month_states(b, rows, month)
    saved = b.save_reports(rows)
    b.write_nodes(projects)
    support_requests(b, saved, month, specs, projects)
    versions.snapshot_version(b.office, plist, "联席会议审定名单", plist.source_meeting)
    adjust(b, plist, projects, specs)
    return plist


def latest_month_states(b: Builder, rows: list[MonthlyReport], month: int) -> list[MonthlyReport]:
    """The latest month: some projects have not reported, some wait for acceptance."""
    latest = [r for r in rows if r.month == month]
    skipped = {id(r) for r in b.rng.sample(latest, 10)}
    for r in b.rng.sample([r for r in latest if id(r) not in skipped], 15):
        r.status, r.accepted_by, r.accepted_at = ReportStatus.SUBMITTED, None, None
    return [r for r in rows if id(r) not in skipped]


def support_requests(
    b: Builder, reports: list[MonthlyReport], month: int, specs: list[Spec], projects: list[Project]
) -> None:
    side_of = {p.pk: s.side or "cq" for p, s in zip(projects, specs, strict=True)}
    latest = [r for r in reports if r.month == month]
    rows = []
    for i, report in enumerate(b.rng.sample(latest, 24)):
        kind = list(SUPPORT_UNITS)[i % len(SUPPORT_UNITS)]
        unit = b.unit(SUPPORT_UNITS[kind][0 if side_of[report.project_id] == "cq" else 1])
        if unit is None:
            continue
        answered = i % 3 == 0
        rows.append(
            SupportRequest(
                report=report,
                kind=kind,
                text=SUPPORT_TEXTS[kind],
                to_unit=unit,
                answer="已纳入协调事项，正在办理。" if answered else "",
                answered_at=clock.now() if answered else None,
                answered_by=b.office if answered else None,
            )
        )
    SupportRequest.objects.bulk_create(rows)
    b.counts["support_requests"] += len(rows)


def adjust(b: Builder, plist: ProjectList, projects: list[Project], specs: list[Spec]) -> None:
    """The mid-year adjustment (优化调整): withdraw three, change five, add four; version 2."""
    for p in projects[5:8]:
        p.withdrawn = True
    for p in projects[20:25]:
        p.year_planned += Decimal("1.50")
        p.version += 1
    Project.objects.bulk_update(
        projects[5:8] + projects[20:25], ["withdrawn", "year_planned", "version"]
    )
    seen = {p.name for p in projects}
    extra = []
    for i in range(4):
        area, _n, units, patterns = AREAS[i % 2]
        extra.append(b.spec(plist.year, len(projects) + i + 1, area, units, patterns, seen))
    added = b.write_projects(plist, extra, 2_000)
    b.write_nodes(added)
    meeting = Meeting.objects.filter(series__code="office-dispatch", year=plist.year).first()
    versions.snapshot_version(b.office, plist, "年中优化调整", meeting)


@transaction.atomic
def build_demo(office: User) -> dict[str, int]:
    """The 2025 list (published totals) and this year's list; skipped if already built."""
    if ProjectList.objects.filter(is_demo=True).exists():
        return {"project_lists": 0, "projects": 0, "monthly_reports": 0, "support_requests": 0}
    b = Builder(office)
    build_2025(b)
    year = max(clock.today().year, 2026)
    build_current(b, year)
    return b.counts
