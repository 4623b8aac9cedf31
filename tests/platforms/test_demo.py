"""The demo builder: ten platforms with members and figures, and agreements, once."""

from __future__ import annotations

from tests import factory as f
from twincity.accounts.models import Unit, UnitKind
from twincity.audit.models import AuditEvent
from twincity.platforms.demo import AGREEMENTS, build_demo
from twincity.platforms.models import Agreement, Platform


def test_builds_platforms_and_agreements_reusing_units(world):
    guangan = f.make_unit("四川省广安市", world.sc, kind=UnitKind.CITY, short_name="广安市")
    own = f.make_unit("川渝高竹新区", None, kind=UnitKind.PLATFORM, code="pf-gaozhu")
    item = world.item(title="共建生态屏障", area="生态环境")
    counts = build_demo(world.users["office"])
    assert counts["platforms"] == Platform.objects.count() == 10
    assert counts["agreements"] == Agreement.objects.count() == len(AGREEMENTS) >= 30
    assert counts["platform figures"] >= 10
    gaozhu = Platform.objects.get(name="川渝高竹新区")
    assert gaozhu.unit == own
    assert guangan in gaozhu.members.all()
    for name in (
        "万达开川渝统筹发展示范区",
        "川南渝西融合发展试验区",
        "泸永江融合发展示范区",
        "资大文旅融合发展示范区",
        "内荣现代农业高新技术产业示范区",
    ):
        platform = Platform.objects.get(name=name)
        assert {u.party.code for u in platform.members.all()} == {"cq", "sc"}, name
        assert platform.figures.exists()
    created = Unit.objects.filter(code__startswith="plt-")
    assert counts["units"] == created.count() > 0
    assert not created.filter(name="四川省广安市").exists()
    assert all(u.is_demo for u in created)
    years = {a.date.year for a in Agreement.objects.all()}
    assert min(years) == 2020 and max(years) == 2026
    assert Agreement.objects.filter(is_public=True).exists()
    assert item.agreements.exists()
    assert AuditEvent.objects.filter(action="agreement.create").count() == len(AGREEMENTS)
    assert AuditEvent.objects.filter(action="platform.create").count() == 10


def test_runs_only_once(world):
    build_demo(world.users["office"])
    assert build_demo(world.users["office"])["platforms"] == 0
    assert Platform.objects.count() == 10
