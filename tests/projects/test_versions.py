"""List versions: a mid-year adjustment is a new version; two versions compare."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.projects.util import area, make_list, make_project
from twincity.projects import versions
from twincity.projects.models import Project, ProjectListVersion, Stage


@pytest.fixture
def adjusted(world):
    """v1 with A, B, C; then B withdrawn, C changed, D added; v2."""
    plist = make_list(2025)
    office = world.users["office"]
    a = make_project(plist, "10", code="A-01", name="甲项目", units=[world.cq_unit])
    b = make_project(plist, "20", code="B-02", name="乙项目", units=[world.sc_unit])
    c = make_project(plist, "30", code="C-03", name="丙项目", units=[world.cq_unit])
    v1 = versions.snapshot_version(office, plist, "年初名单")
    Project.objects.filter(pk=b.pk).update(withdrawn=True)
    Project.objects.filter(pk=c.pk).update(
        year_planned=Decimal("35"), stage=Stage.NEW, area=area("现代产业")
    )
    make_project(plist, "5", code="D-04", name="丁项目", units=[world.sc_unit])
    v2 = versions.snapshot_version(office, plist, "年中优化调整")
    return plist, v1, v2, a


def test_compare_finds_added_removed_and_changed(adjusted):
    _, v1, v2, _ = adjusted
    result = versions.compare(v1, v2)
    assert list(result.added) == ["D-04"]
    assert list(result.removed) == ["B-02"]
    assert result.changed == [
        (
            "C-03",
            {
                "area": ("现代基础设施", "现代产业"),
                "stage": ("continuing", "new"),
                "year_planned": ("30.0000", "35.0000"),
            },
        )
    ]


def test_only_the_office_snapshots(world):
    with pytest.raises(PermissionDenied):
        versions.snapshot_version(world.users["cq_liaison"], make_list(2025), "x")


def test_compare_page_as_office(as_user, adjusted):
    _, v1, v2, _ = adjusted
    response = as_user("office").get("/projects/lists/compare/", {"a": v1.pk, "b": v2.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "丁项目" in text and "乙项目" in text and "丙项目" in text
    assert "35.00" in text and "35.0000" not in text


def test_compare_page_is_restricted_for_a_liaison(as_user, adjusted):
    _, v1, v2, _ = adjusted
    text = (
        as_user("cq_liaison")
        .get("/projects/lists/compare/", {"a": v1.pk, "b": v2.pk})
        .content.decode()
    )
    assert "丙项目" in text
    assert "丁项目" not in text and "乙项目" not in text


def test_compare_page_bad_input(as_user, adjusted):
    assert as_user("office").get("/projects/lists/compare/", {"a": "x"}).status_code == 400


@pytest.mark.parametrize("name", ["sysadmin", "auditor"])
def test_compare_page_404_for_administrators(as_user, adjusted, name):
    _, v1, v2, _ = adjusted
    assert (
        as_user(name).get("/projects/lists/compare/", {"a": v1.pk, "b": v2.pk}).status_code == 404
    )


def test_versions_page_and_create(as_user, adjusted):
    plist, *_ = adjusted
    client = as_user("office")
    assert "年中优化调整" in client.get(f"/projects/lists/{plist.pk}/versions/").content.decode()
    response = client.post(f"/projects/lists/{plist.pk}/versions/", {"note": "第二次调整"})
    assert response.status_code == 302
    assert ProjectListVersion.objects.filter(list=plist, number=3, note="第二次调整").exists()


def test_versions_create_refused_for_liaison(as_user, adjusted):
    plist, *_ = adjusted
    client = as_user("cq_liaison")
    assert client.get(f"/projects/lists/{plist.pk}/versions/").status_code == 200
    assert client.post(f"/projects/lists/{plist.pk}/versions/", {"note": "x"}).status_code == 403
    assert not ProjectListVersion.objects.filter(number=3).exists()


def test_versions_page_404_for_administrators(as_user, adjusted):
    plist, *_ = adjusted
    assert as_user("secadmin").get(f"/projects/lists/{plist.pk}/versions/").status_code == 404
