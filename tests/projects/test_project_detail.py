"""A project's page: reports, nodes and light; visible to its units, the office and leaders."""

import datetime as dt

import pytest

from tests.projects.util import make_list, make_project, make_report
from twincity.projects.models import ProjectNode


@pytest.fixture
def project(world):
    p = make_project(make_list(2025), "100", units=[world.cq_unit], name="遂潼快速通道")
    make_report(p, 12, "90", problems="征地拆迁滞后")
    ProjectNode.objects.create(project=p, title="主体完工", due=dt.date(2025, 12, 31))
    return p


@pytest.mark.parametrize("name", ["office", "leader", "cq_liaison", "cq_head"])
def test_visible(as_user, project, name):
    response = as_user(name).get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "遂潼快速通道" in text and "征地拆迁滞后" in text and "主体完工" in text


@pytest.mark.parametrize("name", ["outsider", "sc_liaison", "sysadmin", "auditor"])
def test_hidden(as_user, project, name):
    assert as_user(name).get(f"/projects/{project.pk}/").status_code == 404


def test_report_button_only_for_responsible_liaison(as_user, project):
    assert "报送月报" in as_user("cq_liaison").get(f"/projects/{project.pk}/").content.decode()
    assert (
        f"/projects/{project.pk}/report/"
        not in as_user("leader").get(f"/projects/{project.pk}/").content.decode()
    )
