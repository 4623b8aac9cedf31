"""The dashboard makes the same number of queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tests.projects.util import make_project, make_report
from tests.queries import queries_for
from tests.services.conftest import add_volume, make_service
from twincity.projects.models import ProjectList
from twincity.services.models import ServiceBatch

URL = reverse("dashboards:index")


def grow(world, dash, times: int) -> None:
    """More items, projects with reports and locations, and volumes: every chart's rows."""
    plist = ProjectList.objects.get(year=2025)
    places = list(dash.projects[1].locations.all())
    for n in range(times):
        item = world.item(list=dash.lists[n % 2], state="in_progress", deadline=dt.date(2025, 9, 1))
        item.sides.update(light=["red", "green", "yellow"][n % 3])
        project = make_project(plist, str(10 + n))
        project.locations.set(places)
        make_report(project, 1 + n % 11, str(Decimal(n)))
        service = make_service(ServiceBatch.objects.get())
        add_volume(service, [world.cq, world.sc][n % 2], 2025, 1 + n % 12, 100 + n)


def test_constant_queries(dash, world, as_user):
    client = as_user("leader")
    client.get(URL)  # the first request saves the session
    for measure in ("projects", "completion", "red", "ind:gdp"):
        url = f"{URL}?measure={measure}"
        small = queries_for(client, url)
        grow(world, dash, 40)
        assert queries_for(client, url) == small, measure


def test_constant_queries_filtered(dash, world, as_user):
    client = as_user("cq_liaison")
    client.get(URL)  # the first request saves the session
    url = f"{URL}?year=2025&side=cq&area=对外开放&group={world.group.number}"
    small = queries_for(client, url)
    grow(world, dash, 30)
    assert queries_for(client, url) == small
